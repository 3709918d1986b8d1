"""A dislocation said with no recurrence or disease led by the injury's code, not by the
recurrent or pathological dislocation's.

The index files a dislocation under its joint's injury ("Dislocation, shoulder S43.006"); a
recurrent, habitual or pathological one, and a recurrent vertebral one, are the musculoskeletal
chapter's (M24.3-, M24.4-, M43.3-M43.5). Their titles say "dislocation" and the joint in few
words, so "dislocation of shoulder, closed", "Disloc shoulder NOS-cl" and "Disloc ankle
NOS-open" led with M24.419 Recurrent dislocation and M24.319 Pathological dislocation. Where
the query says a dislocation or a subluxation and none of recurrence, disease or birth, and the
first page leads with such a code, the page's first injury code of a dislocation (an
unspecified one before an "other" one) goes first (its initial encounter's code where the page
shows its heading), the hits before it one place down.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from medcodes.search.counted import count_new, keys
from medcodes.search.text import tokens
from medcodes.search.trimesters import billable_below, shown_as

if TYPE_CHECKING:
    import sqlite3

    from medcodes.search.types import SearchResponse

SYSTEM = "icd10cm"
PAGE = 10
DISEASE = ("M24.3", "M24.4", "M43.3", "M43.4", "M43.5")
DISLOCATION = frozenset({"dislocation", "dislocations", "dislocated", "disloc", "dislocat",
                         "subluxation", "subluxations", "subluxed", "sublux"})
NOT_INJURY = frozenset("""
    recurrent recur recurring habitual chronic old pathological pathologic path disease
    congenital developmental birth dysplasia spontaneous repeated repeat
    """.split())
TITLE_SAYS = ("dislocation", "subluxation")


def injury_dislocation_first(conn: sqlite3.Connection, response: SearchResponse, query: str,
                             counted: Collection[tuple[str, str]]) -> None:
    """Put the page's first dislocation injury code before a leading recurrent or pathological
    one (see the module), in place."""
    low = query.lower()
    if "disloc" not in low and "sublux" not in low:
        return
    words = set(tokens(query))
    hits = response.hits
    if (DISLOCATION.isdisjoint(words) or not NOT_INJURY.isdisjoint(words) or not hits
            or hits[0].system != SYSTEM or not hits[0].code.startswith(DISEASE)):
        return
    found = [i for i, h in enumerate(hits[:PAGE]) if h.system == SYSTEM
             and h.code[:1] == "S" and any(w in h.title.lower() for w in TITLE_SAYS)]
    if not found:
        return
    # An "other" dislocation is one the query would name; the unspecified one comes first.
    at = next((i for i in found if not hits[i].title.startswith("Other")), found[0])
    injury = hits[at]
    if not injury.billable:
        below = billable_below(conn, injury.code)
        if not below:
            return
        injury = shown_as(below[0], hits[at])
        count_new(response, [injury], {*counted, *keys(hits)})
    rest = [h for i, h in enumerate(hits) if i != at and (h.system, h.code) != (
        SYSTEM, injury.code)]
    injury.score = hits[0].score
    hits[:] = [injury, *rest]
    del hits[response.limit:]
