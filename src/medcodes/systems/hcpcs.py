"""HCPCS Level II from the CMS alpha-numeric release: the zip, its ANWEB .txt or its .xlsx.

The .txt is the 320-character fixed-width "HCPCS contractor record" of CMS's record layout
(``HCPC<year>_recordlayout.txt``); the .xlsx has one column per field, same names as below.
A description longer than 80 characters continues on records with the same code, a higher
SEQNUM and RECID 4 (procedures) or 8 (modifiers); RECID 3 and 7 open a procedure or
modifier record and carry its administrative fields.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from medcodes.model import Concept, SystemInfo
from medcodes.systems.base import LoaderError
from medcodes.systems.sources import ImportLoader, decode, lines, month_number

SYSTEM = "hcpcs"
FHIR_URI = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
LICENCE = (
    "HCPCS Level II: public domain (CMS); imported from the user's download of the CMS release"
)


def _layout() -> list[tuple[str, int, int]]:
    """(column name, first, last) in 1-based character positions, from the record layout."""
    out: list[tuple[str, int, int]] = [
        ("HCPC", 1, 5), ("SEQNUM", 6, 10), ("RECID", 11, 11),
        ("LONG DESCRIPTION", 12, 91), ("SHORT DESCRIPTION", 92, 119),
    ]

    def repeat(name: str, start: int, width: int, count: int) -> None:
        for i in range(count):
            out.append((f"{name}{i + 1}", start + i * width, start + (i + 1) * width - 1))

    repeat("PRICE", 120, 2, 4)
    out.append(("MULT_PI", 128, 128))
    repeat("CIM", 129, 6, 3)
    repeat("MCM", 147, 8, 3)
    out.append(("STATUTE", 171, 180))
    repeat("LABCERT", 181, 3, 8)
    repeat("XREF", 205, 5, 5)
    out += [("COV", 230, 230), ("ASC_GRP", 231, 232), ("ASC_DT", 233, 240),
            ("OPPS", 241, 243), ("OPPS_PI", 244, 244), ("OPPS_DT", 245, 252),
            ("PROCNOTE", 253, 256), ("BETOS", 257, 259)]
    repeat("TOS", 261, 1, 5)
    out += [("ANEST_BU", 266, 268), ("ADD_DT", 269, 276), ("ACT_EFF_DT", 277, 284),
            ("TERM_DT", 285, 292), ("ACTION_CD", 293, 293)]
    return out


LAYOUT = _layout()
RECORD_END = LAYOUT[-1][2]  # 293: a first record must reach ACTION_CD
CONTINUATION_END = 12  # code, sequence, record id and at least one character of text
REQUIRED_COLUMNS = ("HCPC", "SEQNUM", "RECID", "LONG DESCRIPTION", "SHORT DESCRIPTION")

# The Level II sections by first letter (CMS's headings, abridged).
SECTIONS = {
    "A": "Transportation services, medical and surgical supplies, miscellaneous and "
    "experimental",
    "B": "Enteral and parenteral therapy",
    "C": "Outpatient PPS (temporary codes)",
    "D": "Dental procedures",
    "E": "Durable medical equipment",
    "G": "Procedures and professional services (temporary)",
    "H": "Behavioral health and substance abuse treatment services",
    "J": "Drugs administered other than oral method, chemotherapy drugs",
    "K": "Durable medical equipment (temporary codes for DME MACs)",
    "L": "Orthotic and prosthetic procedures and devices",
    "M": "Medical services and quality measures",
    "P": "Pathology and laboratory services",
    "Q": "Temporary codes",
    "R": "Diagnostic radiology services",
    "S": "Temporary national codes (non-Medicare)",
    "T": "National codes established for state Medicaid agencies",
    "U": "Laboratory tests (temporary codes)",
    "V": "Vision and hearing services",
}
MODIFIERS = "MOD"

COVERAGE = {
    "C": "Carrier judgment",
    "D": "Special coverage instructions apply",
    "I": "Not payable by Medicare",
    "M": "Non-covered by Medicare",
    "S": "Non-covered by Medicare statute",
}
ACTIONS = {
    "A": "Add procedure or modifier code",
    "B": "Change in both administrative data field and long description",
    "C": "Change in long description",
    "D": "Discontinue procedure or modifier code",
    "F": "Change in administrative data field",
    "N": "No maintenance for this code",
    "P": "Payment change",
    "R": "Re-activate discontinued/deleted procedure or modifier code",
    "S": "Change in short description",
    "T": "Miscellaneous change (BETOS, type of service)",
}

_CODE = re.compile(r"[A-Z]\d{4}")
_MODIFIER = re.compile(r"[A-Z0-9]{2}")
_DATES = ("ASC_DT", "OPPS_DT", "ADD_DT", "ACT_EFF_DT", "TERM_DT")
_FILE = r"^HCPC.*ANWEB.*\.(txt|xlsx)$"


@dataclass(slots=True)
class _Record:
    code: str
    recid: str
    line: int
    seq: int
    fields: dict[str, str]
    long: list[str] = field(default_factory=list)


class HCPCSLoader(ImportLoader):
    """Yields HCPCS Level II codes under one root per letter section, modifiers under MOD."""

    kind = "hcpcs"
    system = SYSTEM
    accepts = "the CMS HCPCS zip, or its HCPC<year>_<month>_ANWEB .txt or .xlsx"

    # -- which file -------------------------------------------------------------------------
    def _member(self) -> str:
        named = self.source.find(_FILE)
        if self.source.kind == "file":
            if self.path.suffix.lower() in (".txt", ".xlsx"):
                return self.source.members[0]
            raise LoaderError(f"{self.path}: expected the HCPCS .txt, .xlsx or the CMS zip")
        # Prefer the fixed-width text: same content, parsed ten times faster.
        for suffix in (".txt", ".xlsx"):
            hits = [m for m in named if m.lower().endswith(suffix)]
            if hits:
                return self.source.only(hits, f"HCPCS ANWEB {suffix} files")
        raise LoaderError(
            f"{self.path}: no HCPC<year>_<month>_ANWEB .txt or .xlsx in it (found "
            f"{', '.join(self.source.members[:8]) or 'nothing'})"
        )

    def used_members(self) -> list[str]:
        return [self._member()]

    def sniff(self) -> bool:
        member = self._member()
        if member.lower().endswith(".xlsx"):
            header = self._xlsx_header(member)
            return header is not None
        head = self.source.read(member)[:2000].decode("latin-1")
        first = next((ln for ln in head.splitlines() if ln.strip()), "")
        return bool(re.match(r"[ A-Z0-9]{5}\d{5}[3478]", first))

    def detect_release(self) -> tuple[str, str] | None:
        """``HCPC2026_JAN_ANWEB_v2.txt`` -> ``("2026-01", "2026-01-01")``; annual files -> January."""
        for name in [self._member(), *self.source.names()]:
            base = name.rsplit("/", 1)[-1]
            m = re.search(r"HCPC(\d{4})_?([A-Z]+)?", base, re.IGNORECASE)
            if not m:
                m = re.search(r"([a-z]+)[-_ ](\d{4})[-_ ].*hcpcs", base, re.IGNORECASE)
                if m and month_number(m.group(1)):
                    month = month_number(m.group(1)) or 1
                    return f"{m.group(2)}-{month:02d}", f"{m.group(2)}-{month:02d}-01"
                continue
            year = m.group(1)
            month = month_number(m.group(2) or "") or 1
            return f"{year}-{month:02d}", f"{year}-{month:02d}-01"
        return None

    # -- the loader ---------------------------------------------------------------------------
    @property
    def info(self) -> SystemInfo:
        return self.imported_info(
            SYSTEM, "HCPCS Level II",
            f"{self._member().rsplit('/', 1)[-1]} (CMS HCPCS alpha-numeric release)",
            LICENCE, FHIR_URI,
        )

    def estimated_total(self) -> int:
        return 9_000

    def concepts(self) -> Iterator[Concept]:
        member = self._member()
        where = self.source.where(member)
        rows = (
            self._xlsx_rows(member)
            if member.lower().endswith(".xlsx")
            else self._txt_rows(member)
        )
        records = _records(rows, where)
        released = self.release()[1]
        cutoff = released or date.today().isoformat()
        by_section: dict[str, list[_Record]] = {}
        for rec in records:
            key = MODIFIERS if rec.recid == "7" else rec.code[0]
            by_section.setdefault(key, []).append(rec)
        for key in [*sorted(k for k in by_section if k != MODIFIERS), MODIFIERS]:
            if key not in by_section:
                continue
            title = "Modifiers" if key == MODIFIERS else SECTIONS[key]
            yield Concept(SYSTEM, key, title, kind="section")
            for rec in by_section[key]:
                yield _concept(rec, key, cutoff)

    # -- reading ------------------------------------------------------------------------------
    def _txt_rows(self, member: str) -> Iterator[tuple[int, dict[str, str]]]:
        where = self.source.where(member)
        text = decode(self.source.read(member), where)
        for n, line in lines(text):
            if not line.strip():
                continue
            recid = line[10:11]
            need = CONTINUATION_END if recid in ("4", "8") else RECORD_END
            if len(line) < need:
                raise LoaderError(
                    f"{where}:{n}: record has {len(line)} characters; the HCPCS record layout "
                    f"needs {need} (truncated line?)"
                )
            yield n, {name: line[a - 1 : b].strip() for name, a, b in LAYOUT}

    def _xlsx_header(self, member: str) -> list[str] | None:
        for _n, row in self._sheet(member, limit=20):
            names = [str(v).strip().upper() if v is not None else "" for v in row]
            if "HCPC" in names and "RECID" in names:
                return names
        return None

    def _sheet(self, member: str, limit: int | None = None) -> list[tuple[int, tuple[Any, ...]]]:
        """Rows of the first sheet (up to ``limit``), read in one go so the workbook closes.

        openpyxl warns about workbook styling it ignores; those warnings say nothing about
        the data, so they are silenced while it reads.
        """
        import zipfile

        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        where = self.source.where(member)
        data = self.source.read(member)
        rows: list[tuple[int, tuple[Any, ...]]] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            try:
                wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError,
                    ValueError) as exc:
                raise LoaderError(
                    f"{where}: not a readable .xlsx workbook (truncated or damaged?): {exc}"
                ) from exc
            try:
                for n, row in enumerate(wb.worksheets[0].iter_rows(values_only=True), 1):
                    if limit is not None and n > limit:
                        break
                    rows.append((n, row))
            except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
                raise LoaderError(f"{where}: damaged .xlsx workbook: {exc}") from exc
            finally:
                wb.close()
        return rows

    def _xlsx_rows(self, member: str) -> Iterator[tuple[int, dict[str, str]]]:
        where = self.source.where(member)
        header: list[str] | None = None
        for n, row in self._sheet(member):
            if header is None:
                names = [str(v).strip().upper() if v is not None else "" for v in row]
                if "HCPC" in names and "RECID" in names:
                    missing = [c for c in REQUIRED_COLUMNS if c not in names]
                    if missing:
                        raise LoaderError(f"{where}:{n}: header lacks {', '.join(missing)}")
                    header = names
                elif n >= 20:
                    raise LoaderError(
                        f"{where}: no header row with HCPC and RECID in the first 20 rows"
                    )
                continue
            if all(v is None or str(v).strip() == "" for v in row):
                continue
            values = {
                name: _cell(row[i] if i < len(row) else None)
                for i, name in enumerate(header)
                if name
            }
            if not values.get("RECID"):
                raise LoaderError(f"{where}:{n}: row has no RECID (too few columns?)")
            yield n, values
        if header is None:
            raise LoaderError(f"{where}: no header row with HCPC and RECID")


def _cell(value: Any) -> str:
    """An .xlsx cell as the text the fixed-width file would hold."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y%m%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _records(rows: Iterator[tuple[int, dict[str, str]]], where: str) -> list[_Record]:
    """Group first and continuation records; every problem names its line."""
    out: list[_Record] = []
    first_line: dict[tuple[str, str], int] = {}
    current: _Record | None = None
    for n, row in rows:
        code = row["HCPC"].strip().upper()
        recid = row["RECID"].strip()
        seq_text = row["SEQNUM"].strip()
        if recid not in ("3", "4", "7", "8"):
            raise LoaderError(f"{where}:{n}: RECID {recid!r} is not 3, 4, 7 or 8")
        if not seq_text.isdigit():
            raise LoaderError(f"{where}:{n}: SEQNUM {seq_text!r} is not a number")
        seq = int(seq_text)
        modifier = recid in ("7", "8")
        pattern = _MODIFIER if modifier else _CODE
        if not pattern.fullmatch(code):
            what = "modifier (two letters or digits)" if modifier else "code (a letter and four digits)"
            raise LoaderError(f"{where}:{n}: {code!r} is not a HCPCS Level II {what}")
        if not modifier and code[0] not in SECTIONS:
            raise LoaderError(
                f"{where}:{n}: {code!r}: no HCPCS Level II section starts with {code[0]}"
            )
        text = row["LONG DESCRIPTION"].strip()
        if recid in ("4", "8"):
            opener = "3" if recid == "4" else "7"
            if current is None or current.code != code or current.recid != opener:
                raise LoaderError(
                    f"{where}:{n}: continuation of {code} (RECID {recid}) without its first "
                    f"record (RECID {opener}) just before it"
                )
            if seq <= current.seq:
                raise LoaderError(
                    f"{where}:{n}: SEQNUM {seq_text} does not follow {current.seq:05d} of {code}"
                )
            current.seq = seq
            if text:
                current.long.append(text)
            continue
        key = (code, recid)
        if key in first_line:
            raise LoaderError(
                f"{where}:{n}: duplicate {'modifier' if modifier else 'code'} {code} "
                f"(first at line {first_line[key]})"
            )
        first_line[key] = n
        if not text:
            raise LoaderError(f"{where}:{n}: {code} has no long description")
        for name in _DATES:
            _check_date(row.get(name, ""), name, where, n)
        current = _Record(code, recid, n, seq, row, [text])
        out.append(current)
    if not out:
        raise LoaderError(f"{where}: no HCPCS records")
    return out


def _check_date(value: str, name: str, where: str, line: int) -> None:
    if not value:
        return
    try:
        datetime.strptime(value, "%Y%m%d")
    except ValueError:
        raise LoaderError(f"{where}:{line}: {name} {value!r} is not a date (YYYYMMDD)") from None


def _iso(value: str) -> str:
    return f"{value[:4]}-{value[4:6]}-{value[6:8]}" if value else ""


def _concept(rec: _Record, parent: str, cutoff: str) -> Concept:
    f = rec.fields
    props: dict[str, Any] = {}

    def put(name: str, value: Any) -> None:
        if value:
            props[name] = value

    def many(prefix: str, count: int) -> list[str]:
        return [v for i in range(1, count + 1) if (v := f.get(f"{prefix}{i}", ""))]

    cov = f.get("COV", "")
    put("coverage", cov)
    put("coverage_meaning", COVERAGE.get(cov, ""))
    put("betos", f.get("BETOS", ""))
    put("pricing_indicators", many("PRICE", 4))
    put("multiple_pricing_indicator", f.get("MULT_PI", ""))
    put("coverage_issues_manual", many("CIM", 3))
    put("medicare_carriers_manual", many("MCM", 3))
    put("statute", f.get("STATUTE", ""))
    put("lab_certification", many("LABCERT", 8))
    put("cross_references", many("XREF", 5))
    put("asc_payment_group", f.get("ASC_GRP", ""))
    put("asc_effective_date", _iso(f.get("ASC_DT", "")))
    put("opps_payment_group", f.get("OPPS", ""))
    put("opps_payment_indicator", f.get("OPPS_PI", ""))
    put("opps_effective_date", _iso(f.get("OPPS_DT", "")))
    put("processing_note", f.get("PROCNOTE", ""))
    put("type_of_service", many("TOS", 5))
    anest = f.get("ANEST_BU", "").lstrip("0")
    put("anesthesia_base_units", int(anest) if anest.isdigit() else "")
    put("added", _iso(f.get("ADD_DT", "")))
    put("action_effective_date", _iso(f.get("ACT_EFF_DT", "")))
    terminated = _iso(f.get("TERM_DT", ""))
    put("terminated", terminated)
    action = f.get("ACTION_CD", "")
    put("action_code", action)
    put("action", ACTIONS.get(action, ""))
    inactive = bool(terminated) and terminated < cutoff
    modifier = rec.recid == "7"
    return Concept(
        SYSTEM,
        rec.code,
        " ".join(" ".join(rec.long).split()),
        kind="modifier" if modifier else "code",
        billable=not modifier and not inactive,
        parent=parent,
        short_title=f.get("SHORT DESCRIPTION") or None,
        status="inactive" if inactive else "active",
        properties=props,
    )
