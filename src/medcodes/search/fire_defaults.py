"""A fire not said to be controlled is the uncontrolled one (X00, X01), as the index has it.

ICD-10-CM splits exposure to a fire by whether it was controlled (X02 "... controlled fire in
building or structure": a fire in a fireplace or a stove; X03 not in a building) or not (X00,
X01), and the index's "Fire (accidental), in building or structure" goes to X00 unless the fire
is said controlled. Word for word the two titles tie (each says "fire", "building", "burning"),
and "controlled" is no word of "uncontrolled": "Fire in bldg-accid NOS" led with X02.4XXA Hit by
object from burning building or structure in controlled fire. So a controlled fire's code that
leads, for a query that does not say "controlled", gives way to the uncontrolled fire's code of
the same subcategory (X02.4XXA to X00.4XXA).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from copy import copy

from medcodes.search.parsed import ParsedQuery
from medcodes.search.reported import C
from medcodes.search.text import tokens

SYSTEM = "icd10cm"
UNCONTROLLED = {"X02": "X00", "X03": "X01"}  # a controlled fire's category: the uncontrolled's
CONTROLLED = frozenset({"controlled", "contained"})
LOOKED = 3  # the first hits looked at for the leading ICD-10-CM code
_MATCHED = ("bm25", "coverage", "via", "matched")


def uncontrolled_default(pool: list[C], parsed: ParsedQuery,
                         below: Callable[[str], Sequence[C]]) -> None:
    """Put the uncontrolled fire's code in the place of a leading controlled fire's, when the
    query does not say the fire was controlled (in place; ``below`` gives a heading's codes)."""
    at = next((i for i, c in enumerate(pool[:LOOKED]) if c.system == SYSTEM), None)
    if at is None:
        return
    lead = pool[at]
    category = UNCONTROLLED.get(lead.code[:3])
    if category is None or not CONTROLLED.isdisjoint(tokens(parsed.text)):
        return
    wanted = category + lead.code[3:]
    found = next((c for c in pool if c.system == SYSTEM and c.code == wanted), None)
    if found is None:
        twin = next((c for c in below(category) if c.code == wanted), None)
        if twin is None:
            return
        found = copy(twin)  # ``below`` shares its codes
        for name in _MATCHED:
            if hasattr(lead, name):
                setattr(found, name, getattr(lead, name))
    found.score = lead.score
    rest = [c for c in pool if c is not found]
    pool[:] = [*rest[:at], found, *rest[at:]]
