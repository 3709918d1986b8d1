"""Pages cut from one ranking (``medcodes.search.pages``): hit k of a search is the same
whatever ``limit`` asked for it, and ``offset`` pages put together are the longer page. Checked
over a spread of the hand-written development lists' queries, in both ranking modes."""

from __future__ import annotations

from pathlib import Path

import pytest

from dev_lists import rows
from medcodes.catalog.reader import Catalog
from medcodes.search.types import MAX_LIMIT

EVERY = 13  # one query in so many of the lists' (about 500 of them, a minute's searching)


def spread() -> list[str]:
    """Every ``EVERY``-th distinct query of the searchable development lists."""
    found: set[str] = set()
    for path in sorted((Path(__file__).parent / "data").glob("*_dev*.tsv")):
        found.update(row[0] for row in rows(path.name) if len(row) > 1 and ":" in row[1])
    return sorted(found)[::EVERY]


def codes(cat: Catalog, query: str, mode: str, limit: int, offset: int = 0) -> list[str]:
    hits = cat.search(query, limit=limit, offset=offset, mode=mode).hits
    return [f"{h.system}:{h.code}" for h in hits]


@pytest.mark.parametrize("mode", ["hybrid", "words"])
def test_first_hits_do_not_depend_on_the_page_size(cat: Catalog, mode: str) -> None:
    differ = []
    for query in spread():
        longest = codes(cat, query, mode, 40)
        for limit in (1, 5, 10, 20):
            if codes(cat, query, mode, limit) != longest[:limit]:
                differ.append((query, limit))
        for offset, limit in ((5, 5), (10, 10), (20, 20)):
            if codes(cat, query, mode, limit, offset) != longest[offset:offset + limit]:
                differ.append((query, -offset))
    assert not differ


def test_the_page_says_what_was_asked(cat: Catalog) -> None:
    response = cat.search("broken wrist", limit=3, offset=6)
    assert (response.limit, response.offset, len(response.hits)) == (3, 6, 3)
    assert response.total == cat.search("broken wrist").total


def test_a_page_past_max_limit_is_still_served(cat: Catalog) -> None:
    deep = cat.search("fracture", limit=20, offset=600)
    assert (deep.limit, deep.offset) == (20, 600)
    # A code pasted before words, paged past what is ranked from the top.
    assert cat.search("S52.5 broken wrist", limit=500).hits[0].code.startswith("S52.5")


PAGED = 6  # one query in so many of ``spread()``'s for the pages of every size (each paged 40x)
TOP = 150  # hits put together from pages; past the first rung (20), inside MAX_LIMIT
SIZES = (7, 20, 100)


def hits_and_total(cat: Catalog, query: str, mode: str, limit: int, offset: int = 0
                   ) -> tuple[list[str], tuple[int, bool]]:
    response = cat.search(query, limit=limit, offset=offset, mode=mode)
    return ([f"{h.system}:{h.code}" for h in response.hits],
            (response.total, response.total_exact))


@pytest.mark.parametrize("mode", ["hybrid", "words", "meaning"])
def test_pages_of_any_size_put_together_are_the_first_hits_with_one_total(
        cat: Catalog, mode: str) -> None:
    differ = []
    for query in spread()[::PAGED]:
        first, total = hits_and_total(cat, query, mode, TOP)
        for size in SIZES:
            pages = [hits_and_total(cat, query, mode, size, at) for at in range(0, TOP, size)]
            if [code for hits, _ in pages for code in hits][:TOP] != first:
                differ.append((query, size))
            if {said for _, said in pages} != {total}:
                differ.append((query, size, "total"))
        if len(first) > total[0]:  # a hit the total does not count
            differ.append((query, "counted"))
    assert not differ


@pytest.mark.parametrize("mode", ["hybrid", "meaning"])
def test_a_page_past_max_limit_says_the_same_total(cat: Catalog, mode: str) -> None:
    for query in ("legs feel like they have to move at night", "TB of hip-oth test"):
        whole = cat.search(query, limit=MAX_LIMIT, mode=mode)
        deep = cat.search(query, limit=20, offset=MAX_LIMIT - 10, mode=mode)
        assert (deep.total, deep.total_exact) == (whole.total, whole.total_exact)
        assert [h.code for h in deep.hits] == [h.code for h in whole.hits[MAX_LIMIT - 10:]]
