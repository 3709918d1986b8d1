"""Pages cut from one ranking (``medcodes.search.pages``): hit k of a search is the same
whatever ``limit`` asked for it, and ``offset`` pages put together are the longer page. Checked
over a spread of the hand-written development lists' queries, in both ranking modes."""

from __future__ import annotations

from pathlib import Path

import pytest

from dev_lists import rows
from medcodes.catalog.reader import Catalog

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
