"""The re-rank's shortcuts answer as the slow paths they replace, on the real catalog's titles."""

from __future__ import annotations

import sqlite3

from medcodes.catalog.reader import Catalog
from medcodes.search import concept_facts, rank, title_analysis
from medcodes.search.incidental import circumstance, external_cause, injury, intent
from medcodes.search.text import possessive, stem, tokens


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
        f = concept_facts.facts(*row)
        assert f.intent == intent(row[2], row[3])
        assert f.external == external_cause(row[2], row[3])
        assert f.circumstance == circumstance(row[2], row[3])
        assert f.injury == injury(row[2], row[3])


def test_analyse_reads_ascii_titles_as_tokens_does(cat: Catalog) -> None:
    for title, *_ in _rows(cat):
        stop = title_analysis.stopwords_of(title)
        text = title_analysis._NOT_SPECIFIED.sub(r"unspecified \1", title.lower())
        expected = tuple(t for t in tokens(possessive(text)) if t not in stop)
        got = title_analysis.analyse(title)
        assert got.raw == expected, title
        assert got.stems == title_analysis.with_roots(frozenset(map(stem, expected)))


def test_rerank_reads_a_kept_rows_facts_as_the_facts_cache(cat: Catalog) -> None:
    """Candidates made from the engine's kept rows share their ``Facts`` (``Candidate.memo``):
    the same scores, in the same order, as candidates without one, query after query."""
    from medcodes.search.engine import engine_for
    from medcodes.search.query import parse

    engine = engine_for(cat)
    for text in ("pneumonia", "hip fractur", "type 2 diabetes with neuropathy", "cough",
                 "history of breast cancer", "broken wrist left", "pneum"):
        slots = parse(text, engine.speller).slots
        rows = engine.concept_rows(list(range(1, 4000, 13)))
        assert all(isinstance(r[-1], list) for r in rows)
        for _ in range(2):  # the second time from the memos the first filled
            kept = [rank.Candidate(*r) for r in rows]
            plain = [rank.Candidate(*r[:12]) for r in rows]
            for c, p in zip(kept, plain, strict=True):
                c.bm25 = p.bm25 = (c.id % 97) / 10
            rank.rerank(kept, slots, text)
            rank.rerank(plain, slots, text)
            assert [(c.id, c.score, c.coverage) for c in kept] == [
                (c.id, c.score, c.coverage) for c in plain]
        assert all(r[-1][0] is not None for r in rows)


def _share(typing: rank.Typing, words: tuple[str, ...], stems: frozenset[str]) -> float:
    """How likely the word of ``words`` that stands for the word being typed is, as a list
    per title worked it out (1.0: the words say the letters, or none stands for them)."""
    if typing.letters in stems:
        return 1.0
    if typing.prefixes:
        said = [typing.likely.get(w, 0.0) for w in words if w.startswith(typing.prefixes)]
    else:
        said = [typing.likely[w] for w in words if w in typing.likely]
    return max(said) if said else 1.0


def test_shares_by_word_read_a_title_as_its_list_does(cat: Catalog) -> None:
    """``_Shares``: the largest share of a title's words, or none (1.0), as the list did."""
    titles = [title_analysis.analyse(row[0]) for row in _rows(cat)]
    likely = {"pneumonia": 1.0, "pneumothorax": 0.4, "pneumoconiosis": 0.05, "hepatitis": 0.7}
    for typing in (rank.Typing(0, likely, ("pneum",), "pneum"),
                   rank.Typing(0, likely, (), "h")):
        shares = rank._Shares(typing)
        for t in [*titles, title_analysis.analyse("Pneumonia and pneumothorax"),
                  title_analysis.analyse("Viral hepatitis")]:
            got = max(map(shares.__getitem__, t.raw), default=rank._UNSAID)
            got = got if got > rank._UNSAID and typing.letters not in t.stems else 1.0
            assert got == _share(typing, t.raw, t.stems), t.raw
