"""The re-rank's shortcuts answer as the slow paths they replace, on the real catalog's titles."""

from __future__ import annotations

import sqlite3

from medcodes.catalog.reader import Catalog
from medcodes.search import rank
from medcodes.search.incidental import external_cause, intent
from medcodes.search.text import stem, tokens


def _rows(cat: Catalog, n: int = 3000) -> list[tuple[str, str, str, str, str]]:
    conn = sqlite3.connect(f"file:{cat.path.as_posix()}?mode=ro", uri=True)
    try:
        return [(t, s or "", system, code, kind) for t, s, system, code, kind in conn.execute(
            "SELECT title, short_title, system, code, kind FROM concepts"
            " WHERE id % 70 = 0 OR code LIKE 'X%' OR code LIKE 'E9%' LIMIT ?", (n,))]
    finally:
        conn.close()


def test_facts_say_intent_and_external_cause_as_incidental_does(cat: Catalog) -> None:
    rows = _rows(cat)
    assert any(intent(system, code) for _, _, system, code, _ in rows)
    for row in rows:
        f = rank.facts(*row)
        assert f.intent == intent(row[2], row[3])
        assert f.external == external_cause(row[2], row[3])


def test_analyse_reads_ascii_titles_as_tokens_does(cat: Catalog) -> None:
    for title, *_ in _rows(cat):
        stop = rank.stopwords_of(title)
        text = rank._NOT_SPECIFIED.sub(r"unspecified \1", title.lower())
        expected = tuple(t for t in tokens(rank.possessive(text)) if t not in stop)
        got = rank.analyse(title)
        assert got.raw == expected, title
        assert got.stems == rank.with_roots(frozenset(map(stem, expected)))
