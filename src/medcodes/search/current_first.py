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
from collections.abc import Sequence
from typing import TYPE_CHECKING

from medcodes.search.code_systems import LEGACY_SYSTEMS
from medcodes.search.rank_order import twin_keys
from medcodes.search.text import stem
from medcodes.search.title_analysis import analyse
from medcodes.search.types import Hit

if TYPE_CHECKING:
    from medcodes.catalog.reader import Catalog
    from medcodes.search.parsed import Slot

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


# A retired procedure code's GEM targets in the classification's order (the Open approach
# first, as a coder reads an operation with no approach said): the current code of a procedure
# ICD-9-CM's title names and ICD-10-PCS never does ("radical prostatectomy", "Whipple").
_GEM_TARGETS = ("SELECT c.code, c.title, c.kind, c.billable, c.chapter FROM links l"
                " JOIN concepts c ON c.system = l.target_system AND c.code = l.target_code"
                " AND c.is_default = 1 WHERE l.source_system = ? AND l.source_code = ?"
                " AND l.target_system = ? ORDER BY c.seq")


def _gem_target(cat: Catalog, lead: Hit, current: str, slots: Sequence[Slot]) -> Hit | None:
    """The current code the GEM maps a retired procedure ``lead`` to that says most of the
    query's readings (its approach, side or device: "needle" is Percutaneous), the first in
    the classification's order among equals; as a hit."""
    rows = cat.conn.execute(_GEM_TARGETS, [lead.system, lead.code, current]).fetchall()
    if not rows:
        return None
    said = {stem(t) for slot in slots for alt in slot.alternatives for t in alt.tokens}
    code, title, kind, billable, chapter = max(
        rows, key=lambda r: len(analyse(str(r[1])).stems & said))
    return Hit(system=current, code=str(code), title=str(title), billable=bool(billable),
               kind=str(kind), score=lead.score, chapter=chapter, via=lead.via)


def current_first(cat: Catalog, hits: list[Hit], query: str,
                  systems: tuple[str, ...] = (), slots: Sequence[Slot] = ()) -> None:
    """Move, in place, the first current hit of the lead's concept before an ICD-9 lead; a
    retired procedure whose page holds no current code of it brings its GEM target (where
    ``systems``, the query's filter, allows ICD-10-PCS)."""
    if not hits or hits[0].system not in LEGACY_SYSTEMS:
        return
    lead = hits[0]
    current = CURRENT[lead.system]
    page = [h for h in hits[1:PAGE] if h.system == current]
    if _ICD9_CODE.search(query) or _ICD9_NAMED.search(query):
        return
    same = _same(cat, lead, current, page)
    if reads_as_icd9(query, cat, lead):
        # The lead's short title typed keeps its lead; a procedure's plain name (ICD-9-CM's
        # "Hemorrhoidectomy", "Radical prostatectomy") is what a coder of today types too, so
        # the current code of it follows, where the page holds none.
        if not same:
            _bring_target(cat, hits, lead, current, systems, slots, at=1)
        return
    if not same:
        _bring_target(cat, hits, lead, current, systems, slots)
        return
    first = same[0]
    hits.remove(first)
    first.score = max(first.score, lead.score)
    hits.insert(0, first)


def _same(cat: Catalog, lead: Hit, current: str, page: list[Hit]) -> list[Hit]:
    """The hits of ``page`` (current system) of the lead's concept: its title, or a GEM row."""
    if not page:
        return []
    twin = twin_keys[lead.title]
    same = [h for h in page if twin_keys[h.title] == twin]
    code = None if same else _linked(cat, lead, current, [h.code for h in page])
    return same or [h for h in page if h.code == code]


def _bring_target(cat: Catalog, hits: list[Hit], lead: Hit, current: str,
                  systems: tuple[str, ...], slots: Sequence[Slot], at: int = 0) -> None:
    """Put a retired procedure lead's GEM target first (a diagnosis's GEM rows fan out by side
    and episode, which its words decide: left to them). Only of a lead the words found: one the
    meaning list alone brought is a guess ("here for a flu shot": 99.34 Vaccination against
    plague), and its target would be a second guess above the page."""
    if (lead.system != "icd9pcs" or not lead.billable or "words" not in lead.via
            or (systems and current not in systems)):
        return
    target = _gem_target(cat, lead, current, slots)
    if target is None:
        return
    hits[:] = [h for h in hits if (h.system, h.code) != (current, target.code)]
    hits.insert(at, target)
