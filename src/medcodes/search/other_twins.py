"""A condition said "NEC" is its "Other [specified] ..." code; said "NOS", its "..., unspecified"
code (ICD-10-CM conventions I.A.9: NEC sends to the "other" code, NOS is "unspecified").

The classification pairs the two in one category under the same words: D69.8 "Other specified
hemorrhagic conditions" and D69.9 "Hemorrhagic condition, unspecified", I73.89 "Other specified
peripheral vascular diseases" and I73.9 "Peripheral vascular disease, unspecified". Word for word
the unspecified one wins for a coder's "Hemorrhagic cond NEC" (it says every word and "NEC"'s
reading "other" counts little), so "NEC" found the code a coder reports for "NOS". When the
first ICD-10-CM hit (or a three-character heading, by its ".9"), or a billable one of the next
few, is the unspecified twin and the query says NEC, its "other" twin takes its place (K23
"Disorders of esophagus in diseases classified elsewhere" may stay before it); when the first is
an "Other ..." code and the query says NOS, its unspecified twin does.
"""

from __future__ import annotations

import re
import sqlite3

from medcodes.search.text import STOPWORDS, stem, tokens
from medcodes.search.trimesters import billable_below, shown_as
from medcodes.search.types import Hit

SYSTEM = "icd10cm"
LOOKED = 3  # the first hits looked at for a twin
# "Other ..." codes; a neoplasm's site NEC is the table's "specified site NEC": "of other
# specified" sites (D35.7) or the overlapping sites' code (C15.8 for "Mal neo esophagus NEC").
_OTHER = re.compile(r"^other\b|\bof (?:other specified|overlapping sites of)\b", re.IGNORECASE)
_UNSPECIFIED = re.compile(r",\s*unspecified$", re.IGNORECASE)
# "Other forms of acute ischemic heart disease" (I24.89) is I24.9's other.
_QUALIFIERS = frozenset(map(stem, ("other", "specified", "unspecified", "forms", "types",
                                    "overlapping", "sites")))


def other_or_unspecified(conn: sqlite3.Connection, hits: list[Hit], query: str) -> None:
    """Put, in place, the leading code's "other" twin first for a query saying NEC, or its
    "unspecified" twin for one saying NOS (see the module)."""
    low = query.lower()
    if "nec" not in low and "nos" not in low and "elsewhere" not in low:
        return  # most queries: no cue word
    words = tokens(query)
    nec = "nec" in words or " not elsewhere classified " in f" {' '.join(words)} "
    if not nec and "nos" not in words:
        return
    current = [i for i, h in enumerate(hits[:LOOKED]) if h.system == SYSTEM]
    # The first ICD-10-CM hit, or for NEC a billable one of the first few after it.
    at, twin = next(((i, t) for n, i in enumerate(current) if (t := (
        _other_twin(conn, hits[i], n == 0) if nec else
        _unspecified_twin(conn, hits[i]) if n == 0 else None)) is not None), (0, None))
    if twin is None:
        return
    lead = hits[at]
    found = next((i for i, h in enumerate(hits) if h.system == SYSTEM and h.code == twin.code),
                 None)
    if found is not None and found < at:
        return
    if found is None:
        hits.insert(at, shown_as(twin, lead))
        hits.pop()
    else:
        moved = hits.pop(found)
        moved.score = lead.score
        hits.insert(at, moved)


def _other_twin(conn: sqlite3.Connection, lead: Hit, first: bool) -> Hit | None:
    """The "Other [specified] X" code of the lead's category when the lead is "X, unspecified"
    (or, ``first`` of the hits, a three-character heading whose ".9" is)."""
    unspecified: Hit | None = lead
    if not lead.billable:
        if len(lead.code) != 3 or not first:
            return None
        unspecified = next((h for h in billable_below(conn, lead.code)
                            if h.code == f"{lead.code}.9"), None)
    if unspecified is None or not _UNSPECIFIED.search(unspecified.title):
        return None
    said = _words(unspecified.title)
    return next((h for h in billable_below(conn, unspecified.code[:3])
                 if _OTHER.search(h.title) and _words(h.title) == said), None)


def _unspecified_twin(conn: sqlite3.Connection, lead: Hit) -> Hit | None:
    """The "X, unspecified" code of the lead's category when the lead is a billable "Other
    ... X" code saying X's words and perhaps more."""
    if not lead.billable or not _OTHER.search(lead.title):
        return None
    said = _words(lead.title)
    twins = [h for h in billable_below(conn, lead.code[:3])
             if _UNSPECIFIED.search(h.title) and _words(h.title) <= said]
    return max(twins, key=lambda h: len(_words(h.title)), default=None)


def _words(title: str) -> frozenset[str]:
    """A title's word stems but its stopwords and its "other", "specified", "unspecified"."""
    return frozenset(s for s in (stem(w) for w in tokens(title) if w not in STOPWORDS)
                     if s not in _QUALIFIERS)

