"""A new fiscal year of ICD-10-CM or ICD-10-PCS from the CMS download, as another version.

- ICD-10-CM: the tabular XML (``icd10cm_tabular_<year>.xml``, alone or in the CMS zip) read
  by the bundled ``ICD10CMLoader``, so an imported year has the same shape as the bundled
  one; this wrapper names the release and checks codes and duplicates with line numbers.
- ICD-10-PCS: the order file ``icd10pcs_order_<year>.txt``, fixed width (CMS
  ``icd10pcsOrderFile.pdf``): order number 1-5, code 7-13, header flag 15 (0 = a
  three-character table heading, 1 = a valid code), short title 17-76, long title from 78.
  Codes are grouped section › body system › table, like the bundled PCS.

CMS fiscal year N takes effect on October 1 of year N-1.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from medcodes.model import Concept, SystemInfo
from medcodes.systems.base import LoaderError
from medcodes.systems.sources import ImportLoader, check_xml, decode, lines, year_in

PUBLIC_DOMAIN = "Public domain (US Government work: CDC NCHS / CMS); imported from the user's download"
# A letter then two letters or digits (FY2026 added QA0-), then up to four after the dot.
CM_CODE = re.compile(r"[A-Z][0-9A-Z]{2}(\.[0-9A-Z]{1,4})?")
PCS_CHARS = "0-9A-HJ-NP-Z"  # PCS never uses the letters I and O
PCS_CODE = re.compile(f"[{PCS_CHARS}]{{3}}([{PCS_CHARS}]{{4}})?")
PCS_SECTIONS = {
    "0": "Medical and Surgical", "1": "Obstetrics", "2": "Placement", "3": "Administration",
    "4": "Measurement and Monitoring",
    "5": "Extracorporeal or Systemic Assistance and Performance",
    "6": "Extracorporeal or Systemic Therapy", "7": "Osteopathic", "8": "Other Procedures",
    "9": "Chiropractic", "B": "Imaging", "C": "Nuclear Medicine", "D": "Radiation Therapy",
    "F": "Physical Rehabilitation and Diagnostic Audiology", "G": "Mental Health",
    "H": "Substance Abuse Treatment", "X": "New Technology",
}
_HEADING_KINDS = ("chapter", "block")


def fiscal_year(names: list[str]) -> tuple[str, str] | None:
    year = year_in(names)
    return (f"FY{year}", f"{year - 1}-10-01") if year else None


class ICD10CMReleaseLoader(ImportLoader):
    """Another fiscal year of ICD-10-CM from its tabular XML."""

    kind = "icd10cm"
    system = "icd10cm"
    accepts = "icd10cm_tabular_<year>.xml, or the CMS ICD-10-CM zip holding it"

    def _member(self) -> str:
        if self.source.kind == "file":
            return self.source.members[0]
        hits = self.source.find(r"tabular.*\.xml$")
        if not hits:
            raise LoaderError(f"{self.path}: no ICD-10-CM tabular XML (…tabular….xml) in it")
        return self.source.only(hits, "tabular XML files")

    def used_members(self) -> list[str]:
        return [self._member()]

    def sniff(self) -> bool:
        return b"<ICD10CM.tabular" in self.source.read(self._member())[:1000]

    def detect_release(self) -> tuple[str, str] | None:
        member = self._member().rsplit("/", 1)[-1]
        found = fiscal_year([member, *self.source.names()])
        if found is None:
            head = self.source.read(self._member())[:2000].decode("utf-8", "replace")
            m = re.search(r"<version>\s*(\d{4})", head)
            found = fiscal_year([m.group(1)]) if m else None
        return found

    @property
    def info(self) -> SystemInfo:
        return self.imported_info(
            "icd10cm", "ICD-10-CM",
            f"{self._member().rsplit('/', 1)[-1]} (CMS/CDC ICD-10-CM tabular XML)",
            PUBLIC_DOMAIN, "http://hl7.org/fhir/sid/icd-10-cm",
        )

    def estimated_total(self) -> int:
        return 98_000

    def concepts(self) -> Iterator[Concept]:
        from medcodes.systems.icd10cm import ICD10CMLoader

        member = self._member()
        where = self.source.where(member)
        local = self.source.local_path(member)
        data = self.source.read(member)
        check_xml(data, where, "ICD10CM.tabular")  # errors with a line number, before parsing
        with tempfile.TemporaryDirectory(prefix="medcodes-") as tmp:
            if local is None:
                local = Path(tmp) / member.rsplit("/", 1)[-1]
                local.write_bytes(data)
            seen: set[str] = set()
            try:
                for concept in ICD10CMLoader(path=local).concepts():
                    code = concept.code
                    if concept.kind not in _HEADING_KINDS and not CM_CODE.fullmatch(code):
                        raise LoaderError(
                            f"{where}:{_line(local, code)}: {code!r} is not an ICD-10-CM code"
                        )
                    if code in seen:
                        raise LoaderError(
                            f"{where}:{_line(local, code, 2)}: duplicate code {code}"
                        )
                    seen.add(code)
                    yield concept
            except LoaderError as exc:
                raise LoaderError(_located(str(exc), local, where)) from exc


def _located(message: str, local: Path, where: str) -> str:
    """The tabular loader's message, naming the user's file (not a temporary copy) and, when
    it names a code but no line, the line of that code's ``<name>``."""
    message = message.replace(str(local), where)
    if message.startswith(f"{where}:") and not re.match(rf"{re.escape(where)}:\d+:", message):
        rest = message[len(where) + 1 :]
        m = re.search(r"\b[A-Z][0-9A-Z]{2}(?:\.[0-9A-Z]{1,4})?\b", rest)
        if m:
            return f"{where}:{_line(local, m.group())}:{rest}"
    return message


def _line(path: Path, code: str, nth: int = 1) -> str:
    """The line of the ``nth`` ``<name>`` holding ``code`` (dotted or not), for messages."""
    key = code.replace(".", "")
    rx = re.compile(r"<name>\s*([^<]*?)\s*</name>", re.IGNORECASE)
    count = 0
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            for m in rx.finditer(line):
                if m.group(1).replace(".", "").upper() == key:
                    count += 1
                    if count == nth:
                        return str(n)
    return "?"


class ICD10PCSReleaseLoader(ImportLoader):
    """Another fiscal year of ICD-10-PCS from the CMS order file."""

    kind = "icd10pcs"
    system = "icd10pcs"
    accepts = "icd10pcs_order_<year>.txt, or the CMS ICD-10-PCS zip holding it"

    def _member(self) -> str:
        if self.source.kind == "file":
            return self.source.members[0]
        hits = self.source.find(r"^icd10pcs_order_?\d{0,4}\.txt$")
        if not hits:
            raise LoaderError(f"{self.path}: no icd10pcs_order_<year>.txt in it")
        return self.source.only(hits, "order files")

    def used_members(self) -> list[str]:
        return [self._member()]

    def sniff(self) -> bool:
        head = self.source.read(self._member())[:200].decode("latin-1")
        return bool(re.match(r"\d{5} [0-9A-Z]{3}[0-9A-Z ]{4} [01] ", head))

    def detect_release(self) -> tuple[str, str] | None:
        return fiscal_year([self._member().rsplit("/", 1)[-1], *self.source.names()])

    @property
    def info(self) -> SystemInfo:
        return self.imported_info(
            "icd10pcs", "ICD-10-PCS",
            f"{self._member().rsplit('/', 1)[-1]} (CMS ICD-10-PCS order file)",
            PUBLIC_DOMAIN.replace("CDC NCHS / ", ""), "http://www.cms.gov/Medicare/Coding/ICD10",
        )

    def estimated_total(self) -> int:
        return 80_000

    def concepts(self) -> Iterator[Concept]:
        member = self._member()
        where = self.source.where(member)
        text = decode(self.source.read(member), where)
        seen: dict[str, int] = {}
        emitted: set[str] = set()
        for n, line in lines(text):
            if not line.strip():
                continue
            if len(line) < 78 or line[5] != " " or line[13] != " " or line[15] != " ":
                raise LoaderError(
                    f"{where}:{n}: not an order-file record (order number, code, header flag, "
                    "short and long titles in fixed columns; the long title starts at 78)"
                )
            order, code, flag = line[0:5], line[6:13].strip(), line[14]
            short, long = line[16:76].strip(), line[77:].strip()
            if not order.isdigit():
                raise LoaderError(f"{where}:{n}: order number {order!r} is not five digits")
            if not PCS_CODE.fullmatch(code):
                raise LoaderError(f"{where}:{n}: {code!r} is not an ICD-10-PCS code")
            if flag not in "01" or (flag == "1") != (len(code) == 7):
                raise LoaderError(
                    f"{where}:{n}: header flag {flag!r}: expected 0 for a three-character "
                    "table, 1 for a seven-character code"
                )
            if not long:
                raise LoaderError(f"{where}:{n}: {code} has no long title")
            if code in seen:
                raise LoaderError(f"{where}:{n}: duplicate code {code} (first at line {seen[code]})")
            seen[code] = n
            if len(code) == 3:
                if code[0] not in PCS_SECTIONS:
                    raise LoaderError(f"{where}:{n}: {code}: no ICD-10-PCS section {code[0]}")
                if code[0] not in emitted:
                    emitted.add(code[0])
                    yield Concept("icd10pcs", code[0], PCS_SECTIONS[code[0]], kind="section")
                if code[:2] not in emitted:
                    emitted.add(code[:2])
                    body, _, _op = long.rpartition(", ")
                    yield Concept(
                        "icd10pcs", code[:2], body or f"{PCS_SECTIONS[code[0]]}, {code[1]}",
                        kind="body_system", parent=code[0],
                    )
                emitted.add(code)
                yield Concept(
                    "icd10pcs", code, long, kind="table", parent=code[:2], short_title=short
                )
                continue
            if code[:3] not in emitted:
                raise LoaderError(
                    f"{where}:{n}: {code} comes before (or without) its table {code[:3]}"
                )
            yield Concept(
                "icd10pcs", code, long, kind="code", billable=True, parent=code[:3],
                short_title=short or None,
            )
        if not seen:
            raise LoaderError(f"{where}: no order-file records")
