"""A newborn's birth weight in grams, read as the code of its weight band.

ICD-10-CM codes a low birth weight or a newborn light or small for gestational age by the
weight, in bands of 250 grams (P07.16 "Other low birth weight newborn, 1500-1749 grams",
P05.02 "Newborn light for gestational age, 500-749 grams"). A neonatal note writes the weight
as a number ("BW 1620 g", "1500-1749g", glued to its unit), which the words read as no band:
the heading or the band of unspecified weight led. Where a weight band code or its heading
is among the first hits, the codes of its heading whose bands hold the weight said (a range
said may hold two: ICD-9-CM's 1500-1999 grams) take its place, the others keep theirs.
"""

from __future__ import annotations

import re
import sqlite3

from medcodes.search.trimesters import billable_below, shown_as
from medcodes.search.types import Hit

SYSTEM = "icd10cm"
HEADINGS = ("P05.0", "P05.1", "P07.0", "P07.1")  # the weight-banded codes' headings
LOOK = 5  # the hits read for a weight band code or its heading
_UNIT = r"\s*(?:g|gm|gms|gr|gram|grams)\b"
_RANGE = re.compile(r"\b(\d{3,4})\s*(?:-|–|to)\s*(\d{3,4})" + _UNIT, re.IGNORECASE)
_ONE = re.compile(r"\b(\d{3,4})" + _UNIT, re.IGNORECASE)
_BAND = re.compile(r"\b(\d{3,4})-(\d{3,4}) grams\b")
_BELOW = re.compile(r"\bless than (\d{3,4}) grams\b")


def weight_said(query: str) -> tuple[int, int] | None:
    """The weight the query says in grams, as the range (low, high), or None."""
    m = _RANGE.search(query)
    if m:
        low, high = int(m.group(1)), int(m.group(2))
        return (low, high) if low <= high else None
    m = _ONE.search(query)
    return (int(m.group(1)), int(m.group(1))) if m else None


def weight_band_first(conn: sqlite3.Connection, hits: list[Hit], query: str) -> None:
    """Put, in place, the band codes that hold the weight said where the first weight band
    code (or heading) of the first hits is."""
    said = weight_said(query)
    if said is None:
        return
    at = next((i for i, h in enumerate(hits[:LOOK]) if h.system == SYSTEM
               and h.code.startswith(HEADINGS)), None)
    if at is None:
        return
    heading = next(p for p in HEADINGS if hits[at].code.startswith(p))
    bands = [h for h in billable_below(conn, heading) if _holds(h.title, said)]
    if not bands:
        return
    codes = {b.code for b in bands}
    place = hits[at]
    shown = [shown_as(b, place) for b in bands]
    rest = [h for h in hits if h.system != SYSTEM or h.code not in codes]
    where = rest.index(place) if place in rest else at
    hits[:] = [*rest[:where], *shown, *rest[where:]]


def _holds(title: str, said: tuple[int, int]) -> bool:
    """Does the band a title says overlap the weight said?"""
    m = _BAND.search(title)
    if m:
        low, high = int(m.group(1)), int(m.group(2))
    else:
        below = _BELOW.search(title)
        if below is None:
            return False
        low, high = 0, int(below.group(1)) - 1
    return low <= said[1] and said[0] <= high
