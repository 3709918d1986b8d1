"""Pages cut from one ranking, so that hit k of a search is the same whatever the page size.

Stages after retrieval read the first hits as a whole: the hybrid merge weighs the meaning
list against the word ranking's first hits, a category gives way to its default code when
that code is among the hits, a poisoning's accidental code is swapped into place from further
down, a procedure's reason joins page one at a fixed place. Sized by the page asked for, they
made ``limit=1`` lead with another code than ``limit=10`` ("toddler has diarrhea": 787.91,
then R19.7), and an ``offset`` page repeat or skip hits of the page before. So a search ranks
from the top a number of hits on a fixed ladder (20, 40, 80, ... ``MAX_LIMIT``), and the page
asked for is a slice of them; each rung keeps the rung below as its first hits, so a longer
list only adds hits after them.
"""

from __future__ import annotations

from collections.abc import Callable

from medcodes.search.types import MAX_LIMIT, SearchResponse

# Hits ranked from the top: the default page (and the web app's) first, doubling to MAX_LIMIT.
RUNGS = (20, 40, 80, 160, 320, MAX_LIMIT)


def rung(offset: int, limit: int) -> int | None:
    """The rung to rank from the top to cut the page at ``offset`` of ``limit`` hits; none
    past ``MAX_LIMIT`` hits, where a page is ranked at its offset (a hit may be out of step
    there, as a deep page costs no more than a first one)."""
    wanted = offset + limit
    return next((size for size in RUNGS if size >= wanted), None)


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
