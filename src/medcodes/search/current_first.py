"""The current code before a retired one of the same concept, unless the query reads as ICD-9.

Search covers every system by default, and a coder today codes in ICD-10-CM and ICD-10-PCS:
when an ICD-9 code leads a hybrid page ("thyroid issue": 246 Disorder of thyroid before E07.9
Disorder of thyroid, unspecified) and the page also holds a current code of the same concept
(a GEM row joins them, either way, or their titles say the same), the current code leads and
the ICD-9 one follows it. A query that reads as ICD-9 (an ICD-9 code, "icd9", or the leading
code's own short title typed, "Back disorder NOS") keeps its ICD-9 lead. Only the lead is read:
a query whose first hit is current pays one set look-up.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from medcodes.search.rank import LEGACY_SYSTEMS, analyse, twin_keys

if TYPE_CHECKING:
    from medcodes.catalog.reader import Catalog
    from medcodes.search.types import Hit

PAGE = 10  # the hits read for a current twin of the lead
CURRENT = {"icd9cm": "icd10cm", "icd9pcs": "icd10pcs"}
# An ICD-9-CM or ICD-9-CM volume 3 code typed ("246", "724.9", "V22.1", "81.54"), or the system.
_ICD9_CODE = re.compile(r"(?<![\w.])(?:\d{3}(?:\.\d{1,2})?|\d{2}\.\d{1,2}|v\d{2}(?:\.\d{1,2})?"
                        r"|e\d{3}(?:\.\d)?)(?![\w.])", re.IGNORECASE)
_ICD9_NAMED = re.compile(r"\bicd[- ]?9\b|\bninth revision\b", re.IGNORECASE)


def reads_as_icd9(query: str, cat: Catalog, lead: Hit) -> bool:
    """Does the query ask for ICD-9: a code or the system named, or the lead's short title?"""
    if _ICD9_CODE.search(query) or _ICD9_NAMED.search(query):
        return True
    concept = cat.get(lead.system, lead.code)
    short = concept.short_title if concept else None
    return bool(short) and analyse(str(short)).norm == analyse(query).norm


def _linked(cat: Catalog, legacy: Hit, current: str, codes: list[str]) -> str | None:
    """The first of ``codes`` (current system) a GEM row joins to ``legacy``, either way: a
    code the row names first, else one the row's code is under ("Operations on trachea" 31.9
    to the 0B11 table of a tracheostomy). A named code comes first: a PCS table ("3023") above
    a GEM target is not yet the procedure (99.04 Transfusion of packed cells). A category, which
    GEM rows do not name, stands for its unspecified code (246 Disorder of thyroid for 246.9
    Unspecified disorder of thyroid), not for every code under it (81.5's 81.52 Partial hip
    replacement is not "revision of total hip replacement")."""
    base = legacy.code
    sources = [base]
    if not legacy.billable:
        sources += [str(r[0]) for r in cat.conn.execute(
            "SELECT code FROM concepts WHERE system = ? AND code GLOB ? AND billable = 1"
            " AND (title LIKE '%unspecified%' OR short_title LIKE '%NOS%')",
            [legacy.system, f"{base}?*"])]
    targets: set[str] = set()
    for source in sources:
        targets.update(link.target_code for link in cat.crosswalk(legacy.system, source, current)
                       if link.target_code is not None)
        targets.update(link.source_code for link in cat.reverse_crosswalk(legacy.system, source)
                       if link.source_system == current)
    named = next((code for code in codes if code in targets), None)
    if named is not None:
        return named
    return next((code for code in codes if any(t.startswith(code) for t in targets)), None)


def current_first(cat: Catalog, hits: list[Hit], query: str) -> None:
    """Move, in place, the first current hit of the lead's concept before an ICD-9 lead."""
    if not hits or hits[0].system not in LEGACY_SYSTEMS:
        return
    lead = hits[0]
    current = CURRENT[lead.system]
    page = [h for h in hits[1:PAGE] if h.system == current]
    if not page or reads_as_icd9(query, cat, lead):
        return
    twin = twin_keys[lead.title]
    same = next((h for h in page if twin_keys[h.title] == twin), None)
    if same is None:
        code = _linked(cat, lead, current, [h.code for h in page])
        same = next((h for h in page if h.code == code), None) if code else None
    if same is None:
        return
    hits.remove(same)
    same.score = max(same.score, lead.score)
    hits.insert(0, same)
