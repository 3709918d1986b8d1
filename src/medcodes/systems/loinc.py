"""LOINC from ``Loinc.csv`` (the release zip, its folder, or the file itself).

Loinc.csv is UTF-8, comma-separated, every field quoted, with a header row naming the
columns (LOINC_NUM, COMPONENT, PROPERTY, TIME_ASPCT, SYSTEM, SCALE_TYP, METHOD_TYP, CLASS,
..., STATUS, CONSUMER_NAME, ..., RELATEDNAMES2, SHORTNAME, ..., LONG_COMMON_NAME, ...).
Columns are found by name, so releases that add columns still load.

A LOINC code is one to seven digits, a dash and a mod-10 check digit; a code whose check
digit is wrong is a typo in the file, so it fails the import.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from functools import cached_property
from typing import Any

from medcodes.model import Concept, SystemInfo, Term
from medcodes.systems.base import LoaderError
from medcodes.systems.sources import ImportLoader, check_fields, decode

SYSTEM = "loinc"
FHIR_URI = "http://loinc.org"
LICENCE = (
    "LOINC © Regenstrief Institute, Inc., used under the LOINC licence "
    "(https://loinc.org/license/); imported from the user's copy"
)

REQUIRED = (
    "LOINC_NUM", "COMPONENT", "PROPERTY", "TIME_ASPCT", "SYSTEM", "SCALE_TYP", "METHOD_TYP",
    "CLASS", "STATUS", "LONG_COMMON_NAME",
)
# The six axes of the fully specified name, as properties.
AXES = (
    ("COMPONENT", "component"), ("PROPERTY", "property"), ("TIME_ASPCT", "time_aspect"),
    ("SYSTEM", "system"), ("SCALE_TYP", "scale"), ("METHOD_TYP", "method"),
)
AXIS_COLUMNS = tuple(col for col, _key in AXES)
AXIS_KEYS = tuple(key for _col, key in AXES)
EXTRA = (
    ("CLASS", "class"), ("VersionFirstReleased", "version_first_released"),
    ("VersionLastChanged", "version_last_changed"), ("STATUS_REASON", "status_reason"),
    ("STATUS_TEXT", "status_text"), ("ORDER_OBS", "order_obs"),
    ("EXAMPLE_UNITS", "example_units"), ("EXAMPLE_UCUM_UNITS", "example_ucum_units"),
    ("DefinitionDescription", "definition"),
)
CLASS_TYPES = {"1": "Laboratory", "2": "Clinical", "3": "Claims attachments", "4": "Surveys"}
STATUSES = {"ACTIVE", "TRIAL", "DISCOURAGED", "DEPRECATED"}
CODE = re.compile(r"(\d{1,7})-(\d)")


def check_digit(digits: str) -> int:
    """LOINC's mod-10 check digit (Luhn): ``check_digit("2345") == 7``."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # odd positions from the right are doubled
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


class LOINCLoader(ImportLoader):
    """Yields LOINC terms under one root per CLASS, with the six axes and lay names."""

    kind = "loinc"
    system = SYSTEM
    accepts = "Loinc.csv, or the LOINC release zip or folder holding it"

    def _member(self) -> str:
        if self.source.kind == "file":
            return self.source.members[0]
        hits = self.source.find(r"^Loinc\.csv$") or self.source.find(r"^LoincTableCore\.csv$")
        if not hits:
            raise LoaderError(f"{self.path}: no Loinc.csv in it")
        return self.source.only(hits, "Loinc.csv files")

    def used_members(self) -> list[str]:
        return [self._member()]

    def sniff(self) -> bool:
        head = self.source.read(self._member())[:400].decode("utf-8", "replace").lstrip("\ufeff")
        return head.lstrip('"').upper().startswith("LOINC_NUM")

    def detect_release(self) -> tuple[str, str] | None:
        """``Loinc_2.80.zip`` or a ``Loinc_2.80/`` folder -> ``2.80``; else the newest
        VersionLastChanged in the file (the release that last touched it)."""
        parts = [self.path.resolve().as_posix(), *self.source.members]
        for name in parts:
            m = re.search(r"loinc[_ -]?v?(\d+\.\d+)", name, re.IGNORECASE)
            if m:
                return m.group(1), ""
        versions = [r["VersionLastChanged"] for _n, r in self._rows if r.get("VersionLastChanged")]
        if versions:
            return max(versions, key=_version_key), ""
        return None

    @property
    def info(self) -> SystemInfo:
        return self.imported_info(
            SYSTEM, "LOINC",
            f"{self._member().rsplit('/', 1)[-1]} (Regenstrief LOINC table)",
            LICENCE, FHIR_URI,
        )

    def estimated_total(self) -> int:
        return 105_000

    @cached_property
    def _rows(self) -> list[tuple[int, dict[str, str]]]:
        """Every data row as ``(line, column -> value)``, checked for shape and code format."""
        member = self._member()
        where = self.source.where(member)
        text = decode(self.source.read(member), where, ("utf-8",))
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        rows: list[tuple[int, dict[str, str]]] = []
        seen: dict[str, int] = {}
        header: list[str] | None = None
        line = 1
        try:
            for fields in reader:
                start, line = line, reader.line_num + 1
                if not fields or fields == [""]:
                    continue
                if header is None:
                    header = [f.strip() for f in fields]
                    missing = [c for c in REQUIRED if c not in header]
                    if missing:
                        raise LoaderError(
                            f"{where}:{start}: header lacks {', '.join(missing)}: "
                            "not a Loinc.csv table"
                        )
                    continue
                check_fields(where, start, fields, len(header))
                row = dict(zip(header, fields, strict=True))
                code = row["LOINC_NUM"].strip()
                _check_code(code, where, start)
                if code in seen:
                    raise LoaderError(
                        f"{where}:{start}: duplicate LOINC code {code} (first at line {seen[code]})"
                    )
                seen[code] = start
                status = row["STATUS"].strip().upper()
                if status not in STATUSES:
                    raise LoaderError(
                        f"{where}:{start}: STATUS {row['STATUS']!r} is not one of "
                        f"{', '.join(sorted(STATUSES))}"
                    )
                if not row["CLASS"].strip():
                    raise LoaderError(f"{where}:{start}: {code} has no CLASS")
                rows.append((start, row))
        except csv.Error as exc:
            raise LoaderError(f"{where}:{reader.line_num}: {exc} (truncated file?)") from exc
        if header is None:
            raise LoaderError(f"{where}: empty file")
        if not rows:
            raise LoaderError(f"{where}: no LOINC rows after the header")
        return rows

    def concepts(self) -> Iterator[Concept]:
        by_class: dict[str, list[dict[str, str]]] = {}
        for _n, row in self._rows:
            by_class.setdefault(row["CLASS"].strip(), []).append(row)
        for cls in sorted(by_class):
            rows = by_class[cls]
            ctype = CLASS_TYPES.get(rows[0].get("CLASSTYPE", "").strip(), "")
            title = f"{cls} ({ctype} class)" if ctype else f"{cls} (class)"
            yield Concept(SYSTEM, cls, title, kind="class", properties={"class_type": ctype})
            for row in rows:
                yield _concept(row, cls)


def _version_key(v: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", v))


def _check_code(code: str, where: str, line: int) -> None:
    m = CODE.fullmatch(code)
    if not m:
        raise LoaderError(
            f"{where}:{line}: {code!r} is not a LOINC code (1-7 digits, a dash, a check digit)"
        )
    expected = check_digit(m.group(1))
    if int(m.group(2)) != expected:
        raise LoaderError(
            f"{where}:{line}: LOINC code {code} fails its mod-10 check digit "
            f"(expected {m.group(1)}-{expected})"
        )


def _clean(text: str) -> str:
    return " ".join(text.split())


def _concept(row: dict[str, str], parent: str) -> Concept:
    """One LOINC row as a concept (hot loop: 100,000 rows per release, kept lean)."""
    axes = [" ".join(row[col].split()) for col in AXIS_COLUMNS]
    props: dict[str, Any] = {key: v for key, v in zip(AXIS_KEYS, axes, strict=True) if v}
    fsn = ":".join(axes)
    props["fully_specified_name"] = fsn
    for col, key in EXTRA:
        value = row.get(col)
        if value and (value := value.strip()):
            props[key] = value
    title = _clean(row["LONG_COMMON_NAME"]) or fsn
    seen = {title.casefold()}
    terms: list[Term] = []
    names = [("consumer", row.get("CONSUMER_NAME")), ("synonym", row.get("DisplayName"))]
    names += [("synonym", n) for n in (row.get("RELATEDNAMES2") or "").split(";")]
    for kind, text in names:
        if not text or not (text := text.strip()):
            continue
        folded = text.casefold()
        if text and folded not in seen:
            seen.add(folded)
            terms.append(Term(kind, text))
    return Concept(
        SYSTEM,
        row["LOINC_NUM"].strip(),
        title,
        kind="code",
        billable=False,  # LOINC names observations; it is not a billing code set
        parent=parent,
        short_title=_clean(row.get("SHORTNAME") or "") or None,
        status=row["STATUS"].strip().lower(),
        properties=props,
        terms=terms,
    )
