"""CPT from the AMA data files a user licenses: LONGULT/MEDU/SHORTU and the CPT Link files.

The descriptor files are ``code<TAB>descriptor`` per line (CRLF, Windows-1252 or Latin-1,
sometimes a header line first). CPT Link adds pipe-delimited files with a header row; the
consumer-friendly descriptor (``Concept Id|CPT Code|Consumer Friendly Descriptor``) and the
clinician descriptors (``Concept Id|CPT Code|Clinician Descriptor Id|Clinician Descriptor``)
are the lay and clinical wording users type, so they become searchable terms.

The files carry no section headings, so codes are grouped under CPT's own categories and,
for Category I, its six sections by their published code ranges.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from medcodes.model import Concept, SystemInfo, Term
from medcodes.systems.base import LoaderError
from medcodes.systems.sources import ImportLoader, check_fields, decode, lines, year_in

SYSTEM = "cpt"
FHIR_URI = "http://www.ama-assn.org/go/cpt"
LICENCE = "CPT © American Medical Association; imported from the user's licensed copy"

# Roots: (code, title), in the order of the CPT book.
GROUPS: tuple[tuple[str, str], ...] = (
    ("99202-99499", "Evaluation and Management"),
    ("00100-01999", "Anesthesia"),
    ("10004-69990", "Surgery"),
    ("70010-79999", "Radiology"),
    ("80047-89398", "Pathology and Laboratory"),
    ("90281-99607", "Medicine"),
    ("0001A-9999A", "Immunization product codes (Category I)"),
    ("0001M-9999M", "Multianalyte assays with algorithmic analyses (Category I)"),
    ("0001U-9999U", "Proprietary laboratory analyses (Category I)"),
    ("0001F-9999F", "Category II codes (performance measurement)"),
    ("0001T-9999T", "Category III codes (emerging technology)"),
    ("MODIFIERS", "Modifiers"),
)
CODE = re.compile(r"\d{5}|\d{4}[AFMTU]|[0-9A-Z]{2}")
_CODE_LIKE = re.compile(r"[0-9A-Z]{2}|[0-9A-Z]{5}")
_MAX_HEADER_LINES = 20


def group_of(code: str) -> str:
    """The root a code files under (E/M before Medicine: its range lies inside)."""
    if len(code) == 2:
        return "MODIFIERS"
    if not code.isdigit():
        return f"0001{code[-1]}-9999{code[-1]}"
    n = int(code)
    if 99202 <= n <= 99499:
        return "99202-99499"
    for root, bound in (("00100-01999", 9999), ("10004-69990", 69999),
                        ("70010-79999", 79999), ("80047-89398", 89999)):
        if n <= bound:
            return root
    return "90281-99607"


def category(code: str) -> str:
    if len(code) == 2:
        return "modifier"
    return {"F": "II", "T": "III"}.get(code[-1], "I")


@dataclass(slots=True)
class _Code:
    code: str
    title: str
    line: int
    short: str | None = None
    medium: str | None = None
    terms: list[Term] = field(default_factory=list)


# Descriptor files by role; names as the AMA ships them (LONGULT.txt, MEDU.txt, SHORTU.txt).
_LONG = r"^LONGULT\.txt$"
_MEDIUM = r"^MEDU\.txt$"
_SHORT = r"^SHORTU\.txt$"
_CONSUMER = r"^ConsumerDescriptor.*\.txt$"
_CLINICIAN = r"^ClinicianDescriptor.*\.txt$"


class CPTLoader(ImportLoader):
    """Yields CPT codes and modifiers with short and medium titles and lay/clinician terms."""

    kind = "cpt"
    system = SYSTEM
    accepts = "the AMA CPT data files: a folder or zip with LONGULT.txt (+ MEDU, SHORTU, CPT Link)"

    def _members(self) -> dict[str, str]:
        """Role -> member. A single file is the long descriptor file, whatever its name."""
        if self.source.kind == "file":
            return {"long": self.source.members[0]}
        found: dict[str, str] = {}
        for role, pattern in (("long", _LONG), ("medium", _MEDIUM), ("short", _SHORT),
                              ("consumer", _CONSUMER), ("clinician", _CLINICIAN)):
            hits = self.source.find(pattern)
            if hits:
                found[role] = self.source.only(hits, f"{role} descriptor files")
        if "long" not in found:
            raise LoaderError(
                f"{self.path}: no LONGULT.txt in it (the CPT long descriptor file); found "
                f"{', '.join(self.source.members[:8]) or 'nothing'}"
            )
        return found

    def used_members(self) -> list[str]:
        return list(self._members().values())

    def sniff(self) -> bool:
        member = self._members()["long"]
        head = self.source.read(member)[:4000].decode("latin-1")
        for line in head.splitlines()[:_MAX_HEADER_LINES]:
            code, tab, text = line.partition("\t")
            if tab and CODE.fullmatch(code.strip()) and text.strip():
                return True
        return False

    def detect_release(self) -> tuple[str, str] | None:
        """A year in the zip, folder or file names (CPT takes effect on January 1)."""
        year = year_in(self.source.names())
        if year is None:
            member = self._members()["long"]
            head = self.source.read(member)[:2000].decode("latin-1")
            year = year_in(head.splitlines()[:_MAX_HEADER_LINES])
        return (str(year), f"{year}-01-01") if year else None

    @property
    def info(self) -> SystemInfo:
        return self.imported_info(
            SYSTEM, "CPT",
            "AMA CPT data files (" + ", ".join(
                m.rsplit("/", 1)[-1] for m in self._members().values()
            ) + ")",
            LICENCE, FHIR_URI,
        )

    def estimated_total(self) -> int:
        return 11_000

    def concepts(self) -> Iterator[Concept]:
        members = self._members()
        codes = self._descriptors(members["long"], None)
        for role in ("short", "medium"):
            if role in members:
                self._descriptors(members[role], codes, role)
        if "consumer" in members:
            self._link(members["consumer"], codes, "Consumer Friendly Descriptor", "consumer")
        if "clinician" in members:
            self._link(members["clinician"], codes, "Clinician Descriptor", "synonym")
        grouped: dict[str, list[_Code]] = {}
        for c in codes.values():
            grouped.setdefault(group_of(c.code), []).append(c)
        for root, title in GROUPS:
            if root not in grouped:
                continue
            yield Concept(SYSTEM, root, title, kind="section")
            for c in sorted(grouped[root], key=lambda x: x.code):
                yield Concept(
                    SYSTEM,
                    c.code,
                    c.title,
                    kind="modifier" if len(c.code) == 2 else "code",
                    billable=len(c.code) != 2,
                    parent=root,
                    short_title=c.short,
                    properties={"category": category(c.code)}
                    | ({"medium_descriptor": c.medium} if c.medium else {}),
                    terms=c.terms,
                )

    # -- reading ------------------------------------------------------------------------------
    def _text(self, member: str) -> tuple[str, str]:
        where = self.source.where(member)
        return where, decode(self.source.read(member), where, ("utf-8", "cp1252"))

    def _descriptors(
        self, member: str, codes: dict[str, _Code] | None, role: str = "long"
    ) -> dict[str, _Code]:
        """``code<TAB>descriptor`` lines. The long file defines the codes; the short and
        medium files add to codes it has (their other codes are not CPT codes of this set).
        """
        where, text = self._text(member)
        out: dict[str, _Code] = {}
        seen: dict[str, int] = {}
        started = False
        for n, line in lines(text):
            if not line.strip():
                continue
            code, tab, desc = line.partition("\t")
            code = code.strip().upper()
            if not started and (not tab or not _CODE_LIKE.fullmatch(code)):
                if n > _MAX_HEADER_LINES:
                    raise LoaderError(
                        f"{where}:{n}: no 'code<TAB>descriptor' line in the first "
                        f"{_MAX_HEADER_LINES} lines: not a CPT descriptor file"
                    )
                continue  # a header or copyright line before the data
            started = True
            if not tab:
                raise LoaderError(f"{where}:{n}: expected 'code<TAB>descriptor', found no TAB")
            if not CODE.fullmatch(code):
                raise LoaderError(
                    f"{where}:{n}: {code!r} is not a CPT code (Category I: five digits, or four "
                    "and A/M/U; II: four digits and F; III: four digits and T; modifier: two)"
                )
            desc = " ".join(desc.split())
            if not desc:
                raise LoaderError(f"{where}:{n}: {code} has an empty descriptor")
            if code in seen:
                raise LoaderError(f"{where}:{n}: duplicate code {code} (first at line {seen[code]})")
            seen[code] = n
            if codes is None:
                out[code] = _Code(code, desc, n)
            elif code in codes:
                if role == "short":
                    codes[code].short = desc
                else:
                    codes[code].medium = desc
        if not started:
            raise LoaderError(f"{where}: no 'code<TAB>descriptor' lines: not a CPT descriptor file")
        return out

    def _link(self, member: str, codes: dict[str, _Code], column: str, kind: str) -> None:
        """A CPT Link pipe-delimited descriptor file: header row, then one row per descriptor."""
        where, text = self._text(member)
        header: list[str] | None = None
        for n, line in lines(text):
            if not line.strip():
                continue
            fields = [f.strip() for f in line.split("|")]
            if header is None:
                header = [f.lower() for f in fields]
                for needed in ("cpt code", column.lower()):
                    if needed not in header:
                        raise LoaderError(
                            f"{where}:{n}: header lacks {needed!r} (found {', '.join(fields)})"
                        )
                continue
            check_fields(where, n, fields, len(header))
            code = fields[header.index("cpt code")].upper()
            desc = " ".join(fields[header.index(column.lower())].split())
            if not CODE.fullmatch(code):
                raise LoaderError(f"{where}:{n}: {code!r} is not a CPT code")
            c = codes.get(code)
            if c is None or not desc or desc == c.title:
                continue
            if all(t.text != desc for t in c.terms):
                c.terms.append(Term(kind, desc))
        if header is None:
            raise LoaderError(f"{where}: empty file")
