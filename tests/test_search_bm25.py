"""Word search scores its matches from the postings tables exactly as FTS5's bm25() would."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator

import numpy as np
import pytest

from medcodes.catalog.reader import Catalog
from medcodes.search import engine as engine_module
from medcodes.search import index
from medcodes.search.bm25 import Bm25, Node, Phrase, parse, rows_saying
from medcodes.search.engine import Engine, engine_for
from medcodes.search.index import WEIGHTS
from medcodes.search.porter import TOKENIZE
from medcodes.search.postings import (
    append_postings,
    pack,
    tokenized,
    unpack,
    unpack_all,
    write_postings,
)
from medcodes.search.rank import Candidate

QUERIES = [
    "heart attack", "fracture", "fract", "pneumonia", "type 2 diabetes with ckd", "chf",
    "htn urgency", "broken wrist", "pnuemonia", "knee replacement", "colonoscopy with biopsy",
    "a", "me", "qua", "joint pain", "I&D perianal abscess", "TB of hip-oth test",
    "sugar in the urine", "removal of gallbladder through small cuts", "fx l radius distal",
]


def _fts5(conn: sqlite3.Connection, sql: str, args: list[object]) -> list[tuple[int, float]]:
    return conn.execute(sql, args).fetchall()


@pytest.fixture(scope="module")
def expressions(cat: Catalog) -> Iterator[list[tuple[str, str, tuple[object, ...]]]]:
    """The MATCH expressions the search really sends, with their filters."""
    seen: dict[tuple[str, str, tuple[object, ...]], None] = {}
    scan = Engine._scan

    def recording(self: Engine, match: str, where: str, args: list[object], n: int,
                  seen_ids: object = ()) -> object:
        seen[(match, where, tuple(args))] = None
        return scan(self, match, where, args, n, seen_ids)  # type: ignore[arg-type]

    Engine._scan = recording  # type: ignore[assignment,method-assign]
    try:
        for q in QUERIES:
            cat.search(q)
            cat.search(q, systems=["icd10pcs"], billable=True)
    finally:
        Engine._scan = scan  # type: ignore[method-assign]
    yield list(seen)


def test_the_bundled_catalog_has_postings(cat: Catalog) -> None:
    assert engine_for(cat).bm25 is not None


def test_postings_score_every_expression_as_fts5_does(
    cat: Catalog, expressions: list[tuple[str, str, tuple[object, ...]]]
) -> None:
    scorer = engine_for(cat).bm25
    assert scorer is not None and len(expressions) > 40
    for match, where, args in expressions:
        filtered = where != "c.is_default = 1"
        given = list(args) if filtered else []
        theirs = _fts5(cat.conn, Engine._scan_sql(filtered, where, True), [match, *given, 600])
        ids = [i for i, _ in theirs]
        assert scorer.scores(cat.conn, match, ids) == [s for _, s in theirs], match  # bit for bit


def test_postings_find_the_rows_fts5_finds_in_its_order(
    cat: Catalog, expressions: list[tuple[str, str, tuple[object, ...]]]
) -> None:
    """Unfiltered, the postings find the first matches too (``Bm25.first_scored``): the same
    rows in the same order, scored as FTS5 would; ANDs of common words (tested by a mask over
    every row) and ORs of many rows (merged by marking them) included."""
    scorer = engine_for(cat).bm25
    assert scorer is not None
    common = ['("fracture") AND ("left")', '(("l") OR ("left")) AND ("fracture"*) AND ("wrist")',
              '("pain") OR ("fracture") OR ("left") OR ("unspecified")', '"a"* AND "b"*',
              '("unspecified") AND ("nos")', '"zzzzqqq"', '"zzzzqqq" AND "fracture"']
    matches = [m for m, where, _ in expressions if where == "c.is_default = 1"] + common
    sql = Engine._scan_sql(False, "c.is_default = 1", True)
    for match in matches:
        for limit in (1, 24, 600, 2000):
            theirs = _fts5(cat.conn, sql, [match, limit])
            assert scorer.first_scored(cat.conn, match, limit) == (
                [i for i, _ in theirs], [s for _, s in theirs]), (match, limit)
            assert scorer.first_rows(cat.conn, match, limit) == [i for i, _ in theirs]
            assert scorer.count(cat.conn, match, limit) == len(theirs)


def test_whether_anything_matches_is_told_alike_by_the_postings(
    cat: Catalog, expressions: list[tuple[str, str, tuple[object, ...]]]
) -> None:
    """Unfiltered or in one system, ``Engine._matches_any`` asks the postings, otherwise
    FTS5's join: the same answers as the join for every expression."""
    engine = engine_for(cat)
    sql = ("SELECT 1 FROM search_fts f JOIN concepts c ON c.id = f.rowid"
           " WHERE search_fts MATCH ? AND c.is_default = 1 LIMIT 1")
    matches = [m for m, where, _ in expressions if where == "c.is_default = 1"]
    systems = [s.id for s in cat.systems() if s.is_default]
    for match in [*matches, '"zzzzqqq"', '"zzzzqqq" AND "fracture"', '"fract"* AND "nos"']:
        engine.probes._exists.clear()
        said = cat.conn.execute(sql, [match]).fetchone() is not None
        assert engine.probes.matches_any(match, "c.is_default = 1", []) is said, match
        for system in systems:  # in one system (``unsaid.in_procedure_systems``)
            where = "c.is_default = 1 AND c.system = ?"
            said = cat.conn.execute(sql.replace("LIMIT", "AND c.system = ? LIMIT"),
                                    [match, system]).fetchone() is not None
            assert engine.probes.matches_any(match, where, [system]) is said, (match, system)


def test_the_article_index_held_in_memory_finds_what_fts5_finds(cat: Catalog) -> None:
    """``bm25.rows_saying`` over the article index's terms (``index.ArticleTerms``) gives the
    rows FTS5 gives for words, stems and starts of the articles' terms, ANDed and ORed."""
    terms = index.article_terms(cat.path)
    assert terms is not None and terms.rows
    words = [*sorted(terms.words)[::7], "pneumonia", "pneum", "fracture", "zzzzqqq", "a"]
    matches = [f'"{w}"' for w in words] + [f'"{w[:3]}"*' for w in words]
    matches += [f"({a}) AND ({b})" for a, b in zip(matches, matches[5:], strict=False)]
    matches += [f"({a}) OR ({b})" for a, b in zip(matches, matches[11:], strict=False)]
    found = 0
    for match in matches:
        expr = parse(match)
        assert expr is not None, match
        theirs = [i for (i,) in cat.conn.execute(
            "SELECT rowid FROM article_fts WHERE article_fts MATCH ?", (match,))]
        assert sorted(rows_saying(expr, terms.rows, terms.starts)) == theirs, match
        found += bool(theirs)
    assert found > 20


def test_search_ranks_alike_with_or_without_postings(cat: Catalog) -> None:
    engine = engine_for(cat)
    with_postings = [[(h.system, h.code, h.score) for h in cat.search(q, mode="words").hits]
                     for q in QUERIES]
    saved = engine.probes._bm25
    engine.probes._bm25 = None
    try:
        without = [[(h.system, h.code, h.score) for h in cat.search(q, mode="words").hits]
                   for q in QUERIES]
    finally:
        engine.probes._bm25 = saved
    assert with_postings == without


def test_expressions_it_cannot_read_are_left_to_fts5() -> None:
    assert parse('("heart" AND "attack") OR "mi"') == Node("OR", (
        Node("AND", (Phrase("heart", False), Phrase("attack", False))), Phrase("mi", False)))
    assert parse('"fract"* AND "nos"') == Node("AND", (Phrase("fract", True),
                                                      Phrase("nos", False)))
    for other in ('NEAR("a" "b")', '"a" NOT "b"', 'title:"a"', '"a" "b"', '("a"', '"a" OR',
                  "a AND b", '"A"', ""):
        assert parse(other) is None, other


def test_packed_integers_round_trip() -> None:
    import numpy as np

    for values in ([0], [3, 7, 300], [5, 70_000, 4_345_311_451], list(range(0, 10_000, 7))):
        arr = np.array(values, np.int64)
        assert unpack(pack(arr, True), True).tolist() == values
        assert unpack(pack(arr, False), False).tolist() == values


def _tiny() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE VIRTUAL TABLE search_fts USING fts5(title, terms, notes, article,"
                 " content='', tokenize='porter unicode61 remove_diacritics 2', prefix='2 3')")
    rows = [
        (10, "Acute heart attack", "myocardial infarction ; heart heart", "", ""),
        (20, "Heart failure", "chf", "includes heart disease", ""),
        (4_000_000_000, "Attack of gout", "", "", "heart"),
        (35, "Fractures of the wrist", "broken wrist", "", ""),
        (36, "Fracture, unspecified", "fracture NOS", "", ""),
    ]
    conn.executemany("INSERT INTO search_fts (rowid, title, terms, notes, article)"
                     " VALUES (?,?,?,?,?)", rows)
    return conn


def test_a_changed_index_turns_its_stale_postings_off() -> None:
    conn = _tiny()
    assert Bm25.load(conn) is None  # no postings: FTS5 scores
    write_postings(conn, WEIGHTS)
    scorer = Bm25.load(conn)
    assert scorer is not None
    sql = "SELECT rowid, bm25(search_fts, 10.0, 5.0, 1.0, 1.5) FROM search_fts WHERE search_fts MATCH ?"
    for match in ('("heart" AND "attack") OR ("myocardial" AND "infarction")', '"fractur"*',
                  '"heart"', '("heart") OR ("gout")', '"h"*', '"wrist" AND "fracture"'):
        theirs = conn.execute(sql, (match,)).fetchall()
        assert theirs and scorer.scores(conn, match, [i for i, _ in theirs]) == [
            s for _, s in theirs], match
    conn.execute("INSERT INTO search_fts (rowid, title) VALUES (50, 'Heart murmur')")
    assert Bm25.load(conn) is None  # scored by FTS5 until the postings are written again
    write_postings(conn, WEIGHTS)
    assert Bm25.load(conn) is not None


def test_appended_rows_get_the_postings_a_rewrite_would_write() -> None:
    """An import's append adds its rows' postings without reading every row's again; its new
    ids fall between the old ones, as the catalog's hashed ids do."""
    conn = _tiny()
    write_postings(conn, WEIGHTS)
    new = [(4_000_000_050, "Heart murmur", "murmur ; heart", ""),
           (15, "Broken heart syndrome", "takotsubo", "includes heart"),
           (1, "Gout attack", "podagra", "")]
    conn.executemany("INSERT INTO search_fts (rowid, title, terms, notes, article)"
                     " VALUES (?,?,?,?,'')", new)
    append_postings(conn, WEIGHTS, TOKENIZE, new)
    appended = (conn.execute("SELECT * FROM search_rows").fetchall(),
                conn.execute("SELECT * FROM search_postings ORDER BY term").fetchall())
    write_postings(conn, WEIGHTS)
    assert appended == (conn.execute("SELECT * FROM search_rows").fetchall(),
                        conn.execute("SELECT * FROM search_postings ORDER BY term").fetchall())
    assert Bm25.load(conn) is not None


def test_cached_concept_rows_are_candidate_fields_with_repeated_values_shared(
        cat: Catalog) -> None:
    """Engine.concept_rows keeps the rows SQLite gives as a Candidate's fields (a BM25, a
    score and a coverage of 0.0, and the memo of the re-rank's facts its candidates share),
    each repeated value (system, kind, an empty terms list) one shared string, so the cache
    holds more rows in its memory."""
    engine = engine_for(cat)
    ids = [i for (i,) in cat.conn.execute(
        "SELECT id FROM concepts WHERE system = 'icd10cm' AND kind = 'code' AND terms = '[]'"
        " ORDER BY id LIMIT 5")]
    fresh = cat.conn.execute(
        "SELECT id, system, code, title, kind, billable, chapter, seq, short_title, terms, notes"
        f" FROM concepts WHERE id IN ({','.join('?' * len(ids))}) ORDER BY id", ids).fetchall()
    as_fields = [(*r[:5], bool(r[5]), r[6], r[7], 0.0, r[8] or "", r[9], r[10], 0.0, 0.0,
                  [None]) for r in fresh]
    engine._rows.clear()
    for rows in (engine.concept_rows(ids), engine.concept_rows(ids)):  # read, then cached
        assert rows == as_fields
        assert all(r[1] is rows[0][1] and r[4] is rows[0][4] and r[10] is rows[0][10]
                   for r in rows)
        made = Candidate(*rows[0])
        assert (made.id, made.billable, made.bm25, made.short_title) == (
            ids[0], bool(fresh[0][5]), 0.0, fresh[0][8] or "")
        assert made.memo is rows[0][-1]


def test_a_full_row_cache_drops_its_older_half(
        cat: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the kept concept rows reach ``ROW_CACHE``, the older half goes and the newer half
    stays (clearing them all made new queries read their general codes again)."""
    engine = engine_for(cat)
    monkeypatch.setattr(engine_module, "ROW_CACHE", 8)
    ids = [i for (i,) in cat.conn.execute("SELECT id FROM concepts ORDER BY id LIMIT 11")]
    engine._rows.clear()
    try:
        for i in ids[:8]:
            engine.concept_rows([i])
        assert list(engine._rows) == ids[:8]
        rows = engine.concept_rows(ids[8:])  # 11 > 8: the first 4 go, the answer is whole
        assert [r[0] for r in rows] == ids[8:]
        assert list(engine._rows) == ids[4:]
    finally:
        engine._rows.clear()


# -- an import's rows tokenized in Python (postings.tokenized) ------------------------------

Listed = tuple[list[int], list[int], dict[str, tuple[list[int], list[int]]]]


def _stored(conn: sqlite3.Connection) -> Listed:
    ids, lengths = conn.execute("SELECT ids, lengths FROM search_rows").fetchone()
    return unpack(ids, True).tolist(), unpack(lengths, False).tolist(), {
        term: (unpack(rows, True).tolist(), unpack(freqs, False).tolist())
        for term, rows, freqs in conn.execute("SELECT term, rows, freqs FROM search_postings")}


def _python(conn: sqlite3.Connection, rows: list[tuple[object, ...]]) -> Listed:
    scaled = [int(w * 2) for w in WEIGHTS[:3]]
    ids, lengths, added = tokenized(conn, TOKENIZE, rows, scaled)
    return ids.tolist(), lengths.tolist(), {
        term: (at.tolist(), freqs.tolist()) for term, (at, freqs) in added.items()}


def test_fts5_splits_text_at_every_ascii_character_but_letters_and_digits() -> None:
    """What ``tokenized`` assumes of the unicode61 tokenizer, asked of FTS5 for each one."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, content='', tokenize='{TOKENIZE}')")
    conn.executemany("INSERT INTO t (rowid, x) VALUES (?, ?)",
                     [(i, f"ab{chr(i)}cd") for i in range(128)])
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
    tokens = Counter(doc for (doc,) in conn.execute("SELECT doc FROM v"))
    assert {i for i in range(128) if tokens[i] == 1} == {
        i for i in range(128) if chr(i).isascii() and chr(i).isalnum()}
    assert all(tokens[i] == 2 for i in range(128) if not chr(i).isalnum())


def test_python_tokenizing_gives_fts5s_postings_for_any_text() -> None:
    """Accents, ligatures, other scripts, Unicode spaces and dashes, a NUL, words too long to
    stem, missing and empty texts: the postings a full FTS5 rewrite of the same rows writes."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE VIRTUAL TABLE search_fts USING fts5(title, terms, notes, article,"
                 f" content='', tokenize='{TOKENIZE}', prefix='2 3')")
    rows: list[tuple[object, ...]] = [
        (7, "Crème brûlée allergy", "CRÈME ; naïve café-au-lait spots", "Ærøskøbing ﬁbrosis"),
        (3, "Straße İstanbul ǅ", "\u00a0non\u2011ST\u2003elevation\u2014MI",
         "nul\x00byte; tab\there"),
        (12, "Pneumonia 肺炎 Лёгкие", "x" * 70 + "ing ; " + "running" * 12, None),
        (5, "", "", ""),
        (4_000_000_001, "e\u0301tude co\u00f6perate", "😀 emoji ; a_b c'd e-f 3.5mg/dL", "α-β"),
        (1, "Heart attacks; attacked hearts", "heart heart HEART", "includes heart"),
    ]
    conn.executemany("INSERT INTO search_fts (rowid, title, terms, notes, article)"
                     " VALUES (?, ?, ?, ?, '')", rows)
    write_postings(conn, WEIGHTS)
    assert _python(conn, rows) == _stored(conn)
    ascii_rows: list[tuple[object, ...]] = [
        (r[0], *(str(t or "").encode("ascii", "replace").decode() for t in r[1:])) for r in rows]
    conn.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
    conn.executemany("INSERT INTO search_fts (rowid, title, terms, notes, article)"
                     " VALUES (?, ?, ?, ?, '')", ascii_rows)
    write_postings(conn, WEIGHTS)
    assert _python(conn, ascii_rows) == _stored(conn)  # str.translate's all-ASCII path


def test_python_tokenizing_gives_fts5s_postings_for_every_row_of_the_catalog(
        cat: Catalog) -> None:
    """Every searched concept's text, tokenized in Python, gives the postings the build
    read from FTS5's own index: the same terms, rows, weighted counts and lengths."""
    conn = cat.conn
    searched = index._stored(conn, "", ())
    rows = [row[:4] for batch in index._batches(conn, searched, Counter(), Counter(), set())
            for row in batch]
    assert len(rows) > 100_000
    ids, lengths, postings = _stored(conn)
    got = _python(sqlite3.connect(":memory:"), rows)  # its temporary table: not the catalog's
    assert got[0] == ids and got[1] == lengths
    assert got[2].keys() == postings.keys() and got[2] == postings


def test_appended_rows_among_many_get_the_postings_a_rewrite_would_write() -> None:
    """Old terms' rows moved in bulk (``postings._moved``) where positions and their gaps
    need one, two or four bytes: 70,000 rows, a term in the first and last only, new rows
    falling before, between and after the old ones."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE VIRTUAL TABLE search_fts USING fts5(title, terms, notes, article,"
                 f" content='', tokenize='{TOKENIZE}', prefix='2 3')")
    words = ["heart", "lung", "kidney", "liver", "fracture", "acute", "chronic", "left"]
    old = [(10 * i + 5, f"{words[i % 8]} {words[i % 7]} code{i % 300}", f"term{i % 70_001}",
            "rare sparse" if i in (0, 69_999) else "") for i in range(70_000)]
    conn.executemany("INSERT INTO search_fts (rowid, title, terms, notes, article)"
                     " VALUES (?, ?, ?, ?, '')", old)
    write_postings(conn, WEIGHTS)
    new = [(i, f"{words[i % 5]} murmur", "lung", "rare" if i == 7 else "")
           for i in (1, 7, 300_003, 350_001, 699_999, 700_011, 800_000)]
    conn.executemany("INSERT INTO search_fts (rowid, title, terms, notes, article)"
                     " VALUES (?, ?, ?, ?, '')", new)
    append_postings(conn, WEIGHTS, TOKENIZE, new)
    appended = _stored(conn)
    assert {blob[0] for (blob,) in conn.execute("SELECT rows FROM search_postings")} == {0, 1, 2}
    assert unpack(conn.execute("SELECT rows FROM search_postings WHERE term = 'spars'"
                               ).fetchone()[0], True).tolist() == [1, 70_003]
    write_postings(conn, WEIGHTS)
    assert appended == _stored(conn)


def test_unpack_all_is_each_blob_unpacked_in_turn() -> None:
    """Blobs of mixed widths (``pack`` picks the narrowest) decode together as one by one."""
    rng = np.random.default_rng(7)
    arrays = [np.sort(rng.choice(top, size, replace=False)).astype(np.int64)
              for top, size in ((200, 5), (70_000, 30), (300, 1), (5_000_000, 8), (90, 40),
                                (2, 1), (65_536, 3), (10, 0))]
    for delta in (True, False):
        blobs = [pack(a, delta) for a in arrays]
        assert len({b[0] for b in blobs}) > 2  # several widths
        expected = np.concatenate([unpack(b, delta) for b in blobs])
        assert np.array_equal(unpack_all(blobs, delta), expected)
        one_width = [b for b in blobs if b[0] == blobs[0][0]]
        assert np.array_equal(unpack_all(one_width, delta),
                              np.concatenate([unpack(b, delta) for b in one_width]))
