"""A heading the index names leads down to the side, encounter and fracture type a query adds.

The ICD-10-CM index names a heading and leaves the rest to the tabular list: "Fracture, hip"
is S72.00-, and the dash says the code goes on (which femur, which encounter). A query that
says the heading's words plus a side ("left hip fracture") reaches the heading only through
its index term, which the heading's own codes do not repeat; word by word, some other code
that says "left" and the rest in its own title ("physeal fracture of upper end of left
femur") wins.

So a query that says such details is ranked again without them. When that ranking is led
by a heading that does not say them, and the full ranking's first hit is not within that
heading, the heading's descendant that says the details and the fewest other words
("Fracture of unspecified part of neck of left femur") is put first, as a coder who looked
the heading up would then pick it. One more word scan, only for queries with such words.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from medcodes.catalog import columns
from medcodes.codes import code_key
from medcodes.search.defaults import default_kind
from medcodes.search.rank import OPEN_AXES, Candidate, rerank
from medcodes.search.text import query_tokens, stem
from medcodes.search.title_analysis import FREE_WORDS, analyse
from medcodes.search.types import Hit

if TYPE_CHECKING:
    from medcodes.search.filters import Filters
    from medcodes.search.parsed import Slot

SYSTEM = "icd10cm"
# The details the tabular list adds below an index heading, as queries say them.
DETAILS = frozenset({
    "left", "right", "bilateral", "unilateral", "initial", "subsequent", "sequela",
    "closed", "open", "displaced", "nondisplaced", "encounter",
})
HEAD_KINDS = frozenset({"category", "subcategory"})
LEAD = 1e-3  # how far the descendant is put above the first hit
MAX_DESCENDANTS = 3_000  # rows read below a heading (S72 has about 1,900)

_ENCOUNTER = re.compile(r",\s*(?:(?:initial|subsequent) encounter|sequela)\b.*$", re.IGNORECASE)
_COLUMNS = ("c.id, c.system, c.code, c.title, c.kind, c.billable, c.chapter, c.seq,"
            " c.short_title, c.terms, c.notes")


def is_detail(slot: Slot) -> bool:
    """Does the slot only say a side, an encounter or a fracture's type?"""
    return any(alt.tokens and all(t in DETAILS for t in alt.tokens)
               for alt in slot.alternatives)


def drill_down(
    conn: sqlite3.Connection, pool: list[Candidate], slots: list[Slot], query_text: str,
    weights: list[float], filters: Filters,
    fetch: Callable[[list[Slot], str, list[Any]], list[Candidate]],
) -> None:
    """Put first (in place) the descendant of the heading that leads the query without its
    details, when the ranked ``pool`` does not already lead with that heading's codes.
    ``fetch`` runs the word scan for a list of slots under a ``where`` clause and its args;
    headings are looked for whatever the billable and kind filters, which the descendant
    then passes ("left hip fracture" with only billable codes: S72.002A)."""
    if not pool or (filters.systems and SYSTEM not in filters.systems):
        return
    details = [i for i, s in enumerate(slots) if is_detail(s)]
    if not details or len(details) == len(slots):
        return
    rest = [i for i in range(len(slots)) if i not in details]
    rest_slots = [slots[i] for i in rest]
    heads = fetch(rest_slots, *replace(filters, billable=None, kind=None).sql())
    if not heads:
        return
    plain = " ".join(t for t in query_tokens(query_text) if t not in DETAILS)
    rerank(heads, rest_slots, plain, [weights[i] for i in rest])
    head = heads[0]
    first = pool[0]
    if _generic_first(head, first, slots, rest_slots, filters, conn):
        rerank([head], slots, query_text, weights, top=head.bm25 or 1.0)  # what it matched
        head.score = first.score + LEAD
        pool[:] = [head, *(c for c in pool if c.id != head.id)]
        return
    if (head.system != SYSTEM or head.kind not in HEAD_KINDS
            or (first.system == SYSTEM and first.code != head.code
                and first.code.startswith(head.code))):
        return
    said = analyse(head.title).stems
    wanted = [slots[i] for i in details if not _says(said, slots[i])]
    if not wanted:
        return
    best = _best_descendant(conn, head, wanted, filters)
    if best is None:
        return
    best.bm25 = head.bm25
    terms = columns.load(best.terms_json) + columns.load(head.terms_json)
    terms.append({"kind": "index", "text": head.title})
    best.terms_json = columns.dump(terms)
    rerank([best], slots, query_text, weights, top=head.bm25 or 1.0)  # what it matched
    best.score = first.score + LEAD
    pool[:] = [best, *(c for c in pool if c.id != best.id)]


def _generic_first(head: Candidate, first: Candidate, slots: list[Slot],
                   rest_slots: list[Slot], filters: Filters, conn: sqlite3.Connection) -> bool:
    """Does a code with no details below it ("Unspecified glaucoma": no side is coded) say the
    query without its details and nothing more, while the first hit says them only by naming
    a type the query never named ("Glaucoma secondary to eye trauma, bilateral")? A coder
    codes the condition as said, and leaves the side uncoded, before guessing its type."""
    if (head.system != SYSTEM or not head.billable or first.id == head.id
            or first.system != SYSTEM):  # billable: a leaf of the tabular list
        return False
    asked = {stem(t) for s in rest_slots for alt in s.alternatives for t in alt.tokens}
    if any(w not in FREE_WORDS and stem(w) not in asked for w in analyse(head.title).raw):
        return False
    said = asked | {stem(t) for s in slots for alt in s.alternatives for t in alt.tokens}
    said |= default_kind(said)  # "Bilateral primary osteoarthritis of knee" names no type
    raw = analyse(first.title).raw
    # What a title leaves open is no type: "stage unspecified", "unspecified quadrant".
    open_ = {b for a, b in pairwise(raw[1:]) if a == "unspecified"}
    if not any(w not in FREE_WORDS and w not in DETAILS and w not in OPEN_AXES
               and w not in open_ and stem(w) not in said for w in raw):
        return False
    where, args = filters.sql()
    return conn.execute(f"SELECT 1 FROM concepts c WHERE c.id = ? AND {where}",
                        [head.id, *args]).fetchone() is not None


def _says(stems: frozenset[str], slot: Slot) -> bool:
    return any(alt.tokens and all(stem(t) in stems for t in alt.tokens)
               for alt in slot.alternatives)


def _best_descendant(conn: sqlite3.Connection, head: Candidate, wanted: list[Slot],
                     filters: Filters) -> Candidate | None:
    """The descendant of ``head`` whose title says every ``wanted`` detail and the fewest
    words the heading's title and the details do not: "unspecified" and the encounter are
    free, so the side's own code comes before its encounters'; then the tabular order."""
    where, args = filters.sql()
    known = (analyse(head.title).stems | {stem(t) for t in FREE_WORDS}
             | {stem(t) for s in wanted for alt in s.alternatives for t in alt.tokens})
    best: tuple[int, int, int] | None = None
    found: Candidate | None = None
    for r in _below(conn, head.id, where, args):
        title = analyse(r[3])
        if not all(_says(title.stems, s) for s in wanted):
            continue
        # The encounter clause is the 7th character's: those codes differ in it alone, and
        # the first in the tabular order is the default (A closed, D routine healing).
        extra = len(analyse(_ENCOUNTER.sub("", r[3])).stems - known)
        key = (extra, len(r[2]), r[7])
        if best is None or key < best:
            best = key
            found = _candidate(r)
    return found


def _below(conn: sqlite3.Connection, head_id: int, where: str,
           args: list[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows below a heading in the tabular order (its subtree), under ``where``."""
    sql = (f"SELECT {_COLUMNS} FROM concepts c JOIN concepts h ON h.id = ?"
           " WHERE c.system = h.system AND c.version = h.version"
           f" AND c.seq > h.seq AND c.seq <= h.subtree_end AND {where} LIMIT ?")
    return iter(conn.execute(sql, [head_id, *args, MAX_DESCENDANTS]))


def _candidate(r: tuple[Any, ...]) -> Candidate:
    return Candidate(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], 0.0,
                     r[8] or "", r[9], r[10])


@lru_cache(maxsize=1_024)
def codes_below(conn: sqlite3.Connection, head_id: int, where: str,
                args: tuple[Any, ...]) -> tuple[Candidate, ...]:
    """The codes below a heading, in the tabular order, under ``where`` (cached per heading:
    ``reported`` reads them when a heading leads without its default code in the pool).
    Shared: copy one before changing it."""
    return tuple(map(_candidate, _below(conn, head_id, where, list(args))))


@lru_cache(maxsize=1_024)
def hits_below(conn: sqlite3.Connection, system: str, code: str, where: str,
               args: tuple[Any, ...]) -> tuple[Hit, ...]:
    """The codes below a heading named by its code, as hits (``codes_below``): what
    ``reported`` reads for a heading the meaning list put first in a hybrid page, with no
    default code of it on the page ("3rd degree burn of knee": T24.32 is T24.329A). Shared:
    copy one before changing it."""
    row = conn.execute("SELECT id FROM concepts WHERE key = ? AND system = ? AND is_default = 1",
                       (code_key(code), system)).fetchone()
    if row is None:
        return ()
    return tuple(Hit(system=c.system, code=c.code, title=c.title, billable=c.billable,
                     kind=c.kind, score=0.0, chapter=c.chapter)
                 for c in codes_below(conn, int(row[0]), where, args))

