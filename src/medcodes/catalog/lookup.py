"""Bulk code validation (claims data): for each typed code, found / not found / invalid format.

"Invalid format" means the text cannot be a code of any system the catalog has (or of the
system it is qualified with), so a caller can tell a typo in the shape of a code from a
well-formed code that does not exist in this release.
"""

from __future__ import annotations

import re
from typing import Any

from medcodes.catalog.reader import Catalog
from medcodes.codes import code_key, split_qualified
from medcodes.content.record import brief

MAX_CODE_LENGTH = 40

# Shapes of each system's codes, matched against the lookup key (no dots, dashes or spaces).
# Chapters and blocks (``I00-I99``) are found by key before the shape is checked.
KEY_PATTERNS: dict[str, re.Pattern[str]] = {
    "icd10cm": re.compile(r"[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}"),
    "icd10pcs": re.compile(r"[0-9A-HJ-NP-Z]{1,7}"),
    "icd9cm": re.compile(r"[0-9]{3}[0-9]{0,2}|V[0-9]{2}[0-9]{0,2}|E[0-9]{3}[0-9]?"),
    "icd9pcs": re.compile(r"[0-9]{2}[0-9]{0,2}"),
    "hcpcs": re.compile(r"[A-Z][0-9]{4}"),
    "cpt": re.compile(r"[0-9]{4}[0-9A-Z]"),
    "loinc": re.compile(r"[0-9]{2,8}"),
}
_GENERIC = re.compile(r"[A-Z0-9]{1,12}")


def well_formed(key: str, systems: list[str]) -> bool:
    """True when ``key`` has the shape of a code in one of ``systems``."""
    if not key:
        return False
    return any(KEY_PATTERNS.get(s, _GENERIC).fullmatch(key) for s in systems)


def lookup_code(cat: Catalog, text: str, system: str | None = None) -> dict[str, Any]:
    """One input's verdict: ``found`` (with ``record``), ``ambiguous`` (with ``candidates``),
    ``not_found`` or ``invalid_format`` (with a ``message``)."""
    result: dict[str, Any] = {"input": text}
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_CODE_LENGTH:
        result.update(status="invalid_format", message="not a code: empty or too long")
        return result
    qualified, bare = split_qualified(text)
    wanted = qualified or system
    known = [s.id for s in cat.systems() if s.is_default]
    if wanted and wanted not in known:
        result.update(status="invalid_format", message=f"unknown system {wanted!r}")
        return result
    matches = cat.find(f"{wanted}:{bare}" if wanted else bare)
    if len(matches) == 1:
        result.update(status="found", record=brief(matches[0]))
    elif matches:
        result.update(status="ambiguous", candidates=[brief(c) for c in matches],
                      message="the code exists in several systems; qualify it (icd10cm:...)")
    elif well_formed(code_key(bare), [wanted] if wanted else known):
        result.update(status="not_found", message="well-formed, but not in this release")
    else:
        result.update(status="invalid_format",
                      message=f"not the shape of a {wanted or 'known'} code")
    return result


def lookup_codes(cat: Catalog, codes: list[str], system: str | None = None) -> list[dict[str, Any]]:
    """``lookup_code`` for each input, in input order."""
    return [lookup_code(cat, text, system) for text in codes]
