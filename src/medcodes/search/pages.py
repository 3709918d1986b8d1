"""Pages cut from one ranking, so that hit k of a search is the same whatever the page size.

Stages after retrieval read the first hits as a whole: the hybrid merge weighs the meaning
list against the word ranking's first hits, a category gives way to its default code when
that code is among the hits, a poisoning's accidental code is swapped into place from further
down, a procedure's reason joins page one at a fixed place. Sized by the page asked for, they
made ``limit=1`` lead with another code than ``limit=10`` ("toddler has diarrhea": 787.91,
then R19.7), and an ``offset`` page repeat or skip hits of the page before. So a search ranks
from the top a fixed number of hits, a rung, and the page asked for is a slice of them: the
first 20 (the default page and the web app's) ranked as 20, and past them the hits of one
ranking of ``MAX_LIMIT``, which keeps the first 20 as its first hits. Two rungs, not a ladder
doubling to ``MAX_LIMIT``: the candidates are the query's whatever the page (so is ``total``,
which counts them), and one ranking of 500 costs about what one of 20 does, while each rung of
a ladder was ranked again (a page of 100 cost 6.9 ms, against 1.8 ms for one ranking).
"""

from __future__ import annotations

from collections.abc import Callable

from medcodes.search.types import MAX_LIMIT, SearchResponse

# Hits ranked from the top: the default page (and the web app's) first, then all there may be.
RUNGS = (20, MAX_LIMIT)


def rung(offset: int, limit: int) -> int:
    """The rung to rank from the top to cut the page at ``offset`` of ``limit`` hits. A page
    past ``MAX_LIMIT`` hits is cut from ``MAX_LIMIT`` too, and is empty past them: a query's
    candidates are as many whatever the page (``engine``'s relaxation stops at ``MIN_POOL``),
    a few hundred at most (278 over the development lists), so a ranking at the page's
    offset would find no more hits, only put some out of step."""
    wanted = offset + limit
    return next((size for size in RUNGS if size >= wanted), MAX_LIMIT)


def from_top(rank: Callable[[int], SearchResponse], size: int) -> SearchResponse:
    """The first ``size`` hits (a rung) that ``rank(n)`` ranks, the rung below's first."""
    whole = rank(size)
    below = [r for r in RUNGS if r < size]
    if not below:
        return whole
    head = from_top(rank, below[-1]).hits
    shown = {(h.system, h.code) for h in head}
    whole.hits = [*head, *(h for h in whole.hits if (h.system, h.code) not in shown)][:size]
    return whole


def page_of(whole: SearchResponse, offset: int, limit: int) -> SearchResponse:
    """The page at ``offset`` of ``whole``, a response ranked from the top, in place."""
    whole.hits = whole.hits[offset:offset + limit]
    whole.offset, whole.limit = offset, limit
    return whole
