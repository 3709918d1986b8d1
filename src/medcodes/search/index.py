"""Search tables written into the catalog by the build.

``search_fts``  FTS5 over each default-release concept (rowid = concepts.id), columns in rank
                order: title, terms (inclusion/index/synonym/consumer terms, short title),
                notes (includes and general notes only: excludes and "code first" name *other*
                conditions, so matching them would mislead), article (left empty: see below).
                Porter stemming makes fracture/fractures/fractured one word.
``article_fts`` curated article text (rowid = concepts.id), searched beside ``search_fts``.
``vocab``       every word of titles and terms with its frequency: the dictionary for typo
                correction, so corrections only ever produce words the catalog contains.
``vocab_groups`` every title word with the number of code groups (categories, not ICD-10-PCS
                tables) whose titles say it: how many things it names, which weighs what a
                half-typed word may be.
``spell``       symmetric-delete entries (word with 1 or 2 letters deleted -> word).
``abbrev``      abbreviations mined from CMS short titles against their long titles
                ("unsp" -> unspecified, "init" -> initial, "displ" -> displaced): the short
                descriptions of ICD-10-CM and ICD-10-PCS are the coders' own shorthand.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

from medcodes.catalog import columns
from medcodes.catalog.append import CannotAppend, Forked
from medcodes.catalog.build import Reporter
from medcodes.catalog.schema import has_table
from medcodes.model import Concept
from medcodes.search.morphology import write_table as write_affixes
from medcodes.search.porter import TOKENIZE
from medcodes.search.postings import (
    NewPostings,
    append_postings,
    column_weights,
    tokenized,
    write_postings,
)
from medcodes.search.text import tokens, tokens_of_all

# FTS5's tokenizer (``porter.TOKENIZE``) is every index's of the catalog's text (an import's
# new rows too: their postings come from their words as it makes them, ``postings.tokenized``).
# Curated article text, in a table of its own: FTS5's bm25() normalises by a row's length
# over all its columns, so a long article in ``search_fts`` sank its own code (J18.9, which
# has an example article, ranked 183rd of 185 for "pneumonia").
ARTICLE_FTS_DDL = (
    "CREATE VIRTUAL TABLE article_fts USING fts5(body, content='',"
    f" tokenize='{TOKENIZE}')"
)
TERM_KINDS = {"inclusion", "index", "synonym", "abbreviation", "consumer", "related", "see"}
NOTE_KINDS = {"includes", "note"}
# bm25 weights for title, terms, notes, article.
WEIGHTS = (10.0, 5.0, 1.0, 1.5)


def deletes(word: str, depth: int) -> set[str]:
    """Every string made by deleting up to ``depth`` letters from ``word``."""
    out = {word}
    frontier = {word}
    for _ in range(depth):
        nxt = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= nxt
        frontier = nxt
    return out


def max_edits(word: str) -> int:
    """Short words tolerate one edit, longer words two."""
    return 1 if len(word) <= 5 else 2


def build_search_index(conn: sqlite3.Connection, reporter: Reporter) -> None:
    """Create and fill the search tables from the ``concepts`` table."""
    conn.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5(title, terms, notes, article,"
        f" content='', tokenize='{TOKENIZE}', prefix='2 3')"
    )
    conn.execute(ARTICLE_FTS_DDL)
    # No merging while rows go in: one 'optimize' at the end merges everything once
    # (a 100,000-row import: 0.3 s less).
    conn.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 0)")
    counts: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    groups: set[tuple[str, str]] = set()
    total = _count(conn, "", ())
    reporter.start("search index", total)
    for batch in _batches(conn, _stored(conn, "", ()), counts, pairs, groups):
        _flush(conn, batch)
        reporter.advance(len(batch))
    conn.execute(
        "INSERT INTO search_fts(search_fts, rank) VALUES ('rank', ?)",
        (f"bm25({', '.join(str(w) for w in WEIGHTS)})",),
    )
    conn.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    conn.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 4)")
    write_postings(conn, WEIGHTS)
    _vocabulary(conn, counts)
    conn.execute(
        "CREATE TABLE vocab_groups (word TEXT PRIMARY KEY, groups INTEGER NOT NULL) WITHOUT ROWID")
    _add_groups(conn, groups)
    _abbreviations(conn, pairs)
    write_affixes(conn)
    reporter.finish("search index")


SearchRows = tuple[list[list[tuple[object, ...]]], Counter[str], set[tuple[str, str]]]
# A concept as the search rows read it: id, system, code, title, short title, the texts of its
# searched terms and of its searched notes.
Searched = tuple[int, str, str, str, str | None, list[str], list[str]]


def prepare_search_rows(
    conn: sqlite3.Connection, where: str, args: tuple[object, ...]
) -> SearchRows:
    """Appender step 1 (``catalog.append``): the search rows and word counts of the
    default-release concepts matching ``where``. Abbreviations are mined from ICD-10 only, so
    a system appended this way leaves them as they are."""
    return _search_rows(conn, _stored(conn, where, args))


def search_rows_of(conn: sqlite3.Connection, records: Sequence[tuple[int, Concept]]
                   ) -> NewRows:
    """``prepare_search_rows`` from the release's records, (id, concept) in id order, before
    they are inserted: no JSON read back and parsed (0.8 s of 100,000 LOINC rows), and
    their words and postings (``_new_words``, 2 s) counted on the other core while the
    concepts and the FTS5 rows go in."""
    if not has_table(conn, "article_fts"):
        raise CannotAppend("its search index is of an older layout")
    pairs: Counter[tuple[str, str]] = Counter()
    tagged = list(_fts_rows((
        (cid, c.system, c.code, c.title, c.short_title,
         [t.text for t in c.terms if t.kind in TERM_KINDS],
         [n.text for n in c.notes if n.kind in NOTE_KINDS])
        for cid, c in records), _articles(conn), pairs))
    if pairs:
        raise CannotAppend("its short titles teach abbreviations, which a rebuild mines")
    words = Forked(_new_words, tagged, column_weights(conn, WEIGHTS, 3))
    return NewRows([row for row, _, _ in tagged], words)


@dataclass(frozen=True, slots=True)
class NewRows:
    """``search_rows_of``'s: the FTS rows, and their words' counts, groups and postings
    (``_new_words``) being worked out in a forked process."""

    rows: list[tuple[object, ...]]
    words: Forked


def _new_words(tagged: list[Tagged], weights: list[int]
               ) -> tuple[Counter[str], set[tuple[str, str]], NewPostings]:
    """The word counts and title groups of FTS rows, and their postings (``tokenized``)."""
    counts: Counter[str] = Counter()
    groups: set[tuple[str, str]] = set()
    _count_words(counts, groups, tagged)
    with closing(sqlite3.connect(":memory:")) as scratch:  # for FTS5's tokenizer alone
        return counts, groups, tokenized(scratch, TOKENIZE, [r[:4] for r, _, _ in tagged],
                                         weights)


def _search_rows(conn: sqlite3.Connection, concepts: Iterable[Searched]) -> SearchRows:
    if not has_table(conn, "article_fts"):
        raise CannotAppend("its search index is of an older layout")
    counts: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    groups: set[tuple[str, str]] = set()
    batches = list(_batches(conn, concepts, counts, pairs, groups))
    if pairs:
        raise CannotAppend("its short titles teach abbreviations, which a rebuild mines")
    return batches, counts, groups


def write_search_rows(conn: sqlite3.Connection, rows: SearchRows | NewRows,
                      reporter: Reporter) -> None:
    """Appender step 2: add them to the tables a full build made."""
    if isinstance(rows, NewRows):
        for at in range(0, len(rows.rows), 5000):
            _flush(conn, rows.rows[at : at + 5000])
        counts, groups, new = rows.words.result()
        append_postings(conn, WEIGHTS, TOKENIZE, [row[:4] for row in rows.rows], new)
    else:
        batches, counts, groups = rows
        for batch in batches:
            _flush(conn, batch)
        append_postings(conn, WEIGHTS, TOKENIZE, [row[:4] for batch in batches for row in batch])
    _add_vocabulary(conn, counts)
    if has_table(conn, "vocab_groups"):
        _add_groups(conn, groups)


def _count(conn: sqlite3.Connection, where: str, args: tuple[object, ...]) -> int:
    cond = "is_default = 1" + (f" AND {where}" if where else "")
    return int(conn.execute(f"SELECT count(*) FROM concepts WHERE {cond}", args).fetchone()[0])


def _stored(conn: sqlite3.Connection, where: str, args: tuple[object, ...]
            ) -> Iterator[Searched]:
    """The default-release concepts matching ``where``, in id order, as the search reads them."""
    cond = "is_default = 1" + (f" AND {where}" if where else "")
    rows = conn.execute(
        "SELECT id, system, code, title, short_title, terms, notes FROM concepts"
        f" WHERE {cond} ORDER BY id", args
    )
    for cid, system, code, title, short_title, terms_json, notes_json in rows:
        yield (cid, system, code, title, short_title,
               [t["text"] for t in columns.load(terms_json) if t["kind"] in TERM_KINDS],
               [n["text"] for n in columns.load(notes_json) if n["kind"] in NOTE_KINDS])


def _batches(
    conn: sqlite3.Connection, concepts: Iterable[Searched], counts: Counter[str],
    pairs: Counter[tuple[str, str]], groups: set[tuple[str, str]],
) -> Iterator[list[tuple[object, ...]]]:
    """FTS rows, 5,000 at a time, of ``concepts``; their words are added to ``counts``, the
    abbreviations their short titles teach to ``pairs``, and each title word with its code
    group (``_group_of``) to ``groups``."""
    tagged: list[Tagged] = []
    for one in _fts_rows(concepts, _articles(conn), pairs):
        tagged.append(one)
        if len(tagged) >= 5000:
            _count_words(counts, groups, tagged)
            yield [row for row, _, _ in tagged]
            tagged = []
    if tagged:
        _count_words(counts, groups, tagged)
        yield [row for row, _, _ in tagged]


# An FTS row (rowid, title, terms, notes, article) with its concept's system and code.
Tagged = tuple[tuple[object, ...], str, str]


def _fts_rows(concepts: Iterable[Searched], articles: dict[tuple[str, str], str],
              pairs: Counter[tuple[str, str]]) -> Iterator[Tagged]:
    """Each concept's FTS row; the abbreviations its short title teaches go to ``pairs``."""
    for cid, system, code, title, short_title, terms, notes in concepts:
        if short_title and short_title != title:
            terms.append(short_title)
            if system in MINED_SYSTEMS:
                pairs.update(abbreviation_pairs(short_title, title))
        yield ((cid, title, " ; ".join(terms), " ; ".join(notes),
                articles.get((system, code), "")), system, code)


def _count_words(counts: Counter[str], groups: set[tuple[str, str]], tagged: list[Tagged]
                 ) -> None:
    """Add the words of the rows' titles and terms to ``counts``, and each title word with
    its code group to ``groups``: a tokenising pass for all texts, and one per group (a
    100,000-row import: 0.5 s less than a pass per title)."""
    texts: list[str] = []
    grouped: dict[str, list[str]] = {}  # each group's titles
    for row, system, code in tagged:
        title, terms = str(row[1]), str(row[2])
        texts += (title, terms)
        if system not in UNGROUPED:
            grouped.setdefault(_group_of(system, code), []).append(title)
    counts.update(tokens_of_all(texts))
    for group, titles in grouped.items():
        groups.update(zip(set(tokens_of_all(titles)), repeat(group)))


def _flush(conn: sqlite3.Connection, batch: list[tuple[object, ...]]) -> None:
    conn.executemany(
        "INSERT INTO search_fts (rowid, title, terms, notes, article) VALUES (?,?,?,?,'')",
        [row[:4] for row in batch],
    )
    articles = [(row[0], row[4]) for row in batch if row[4]]
    if articles:
        conn.executemany("INSERT INTO article_fts (rowid, body) VALUES (?, ?)", articles)


def _articles(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """Curated article text per code, when the content step stored any."""
    if not has_table(conn, "articles"):
        return {}
    return {
        (s, c): text for s, c, text in conn.execute("SELECT system, code, body FROM articles")
    }


class ArticleTerms(NamedTuple):
    """The terms ``article_fts`` holds, and every start of one ("" included); and the rows
    (rowids) of each term and of the terms each start begins: the whole index, so small that a
    search reads its matches from these (``bm25.rows_saying``) rather than ask FTS5."""

    words: frozenset[str]
    prefixes: frozenset[str]
    rows: dict[str, frozenset[int]]
    starts: dict[str, frozenset[int]]


def article_terms(path: Path) -> ArticleTerms | None:
    """Every term ``article_fts`` holds (a few hundred: a handful of curated articles) with
    its rows, read once through ``fts5vocab`` on a scratch connection that attaches the
    catalog read-only (a served catalog's own connection is query-only and cannot create the
    vocabulary table); None when it cannot be read."""
    uri = f"file:{path.resolve().as_posix()}?mode=ro&immutable=1"
    try:
        with closing(sqlite3.connect(":memory:", uri=True)) as scratch:
            scratch.execute("ATTACH ? AS cat", (uri,))
            scratch.execute(
                "CREATE VIRTUAL TABLE temp.terms USING fts5vocab(cat, 'article_fts', 'instance')")
            found = scratch.execute("SELECT DISTINCT term, doc FROM temp.terms").fetchall()
    except sqlite3.Error:
        return None
    rows: dict[str, set[int]] = {}
    starts: dict[str, set[int]] = {}
    for term, doc in found:
        rows.setdefault(term, set()).add(doc)
        for i in range(len(term) + 1):
            starts.setdefault(term[:i], set()).add(doc)
    return ArticleTerms(frozenset(rows), frozenset(starts),
                        {t: frozenset(r) for t, r in rows.items()},
                        {t: frozenset(r) for t, r in starts.items()})


# Mine only current systems: the relevance benchmark queries ICD-9 short titles, so ICD-9's
# own short titles must not teach the engine.
MINED_SYSTEMS = frozenset({"icd10cm", "icd10pcs"})


@lru_cache(maxsize=65536)  # the same pairs recur across thousands of titles
def _is_abbreviation(short: str, long: str) -> bool:
    """``short`` abbreviates ``long``: same first letter, its letters in order, shorter."""
    if len(short) >= len(long) or short[0] != long[0]:
        return False
    it = iter(long)
    return all(ch in it for ch in short)


def abbreviation_pairs(short_title: str, title: str) -> list[tuple[str, str]]:
    """Word pairs (abbreviation, word) aligned between a short and a long title."""
    short_words = tokens(short_title)
    long_words = tokens(title)
    long_set = set(long_words)
    out = []
    start = 0
    for word in short_words:
        if word in long_set or not word.isalpha() or len(word) < 2:
            continue
        for j in range(start, len(long_words)):
            if _is_abbreviation(word, long_words[j]) and long_words[j] not in short_words:
                out.append((word, long_words[j]))
                start = j + 1
                break
    return out


def _abbreviations(conn: sqlite3.Connection, pairs: Counter[tuple[str, str]]) -> None:
    """Keep each abbreviation's dominant expansion, seen at least 3 times."""
    conn.execute("CREATE TABLE abbrev (short TEXT PRIMARY KEY, long TEXT NOT NULL, n INTEGER)")
    best: dict[str, tuple[int, str]] = {}
    totals: Counter[str] = Counter()
    for (short, long), n in pairs.items():
        totals[short] += n
        if n > best.get(short, (0, ""))[0]:
            best[short] = (n, long)
    rows = [
        (short, long, n) for short, (n, long) in best.items()
        if n >= 3 and n >= 0.6 * totals[short]
    ]
    conn.executemany("INSERT INTO abbrev VALUES (?, ?, ?)", rows)


def _vocabulary(conn: sqlite3.Connection, counts: Counter[str]) -> None:
    conn.execute("CREATE TABLE vocab (word TEXT PRIMARY KEY, freq INTEGER NOT NULL) WITHOUT ROWID")
    conn.executemany("INSERT INTO vocab VALUES (?, ?)", counts.items())
    words = {w: n for w, n in counts.items() if w.isalpha() and len(w) >= 3}
    conn.execute("CREATE TABLE spell (del TEXT NOT NULL, word TEXT NOT NULL)")
    conn.executemany("INSERT INTO spell VALUES (?, ?)", _spell_rows(words))
    conn.execute("CREATE INDEX spell_del ON spell (del)")


def _add_vocabulary(conn: sqlite3.Connection, counts: Counter[str]) -> None:
    """Add word counts to ``vocab``, and the new words' deletes to ``spell``."""
    known: set[str] = set()
    words = list(counts)
    for at in range(0, len(words), 500):
        part = words[at : at + 500]
        known.update(r[0] for r in conn.execute(
            f"SELECT word FROM vocab WHERE word IN ({','.join('?' * len(part))})", part))
    conn.executemany(
        "INSERT INTO vocab VALUES (?, ?) ON CONFLICT (word) DO UPDATE SET freq = freq + ?",
        ((w, n, n) for w, n in counts.items()),
    )
    fresh = {w: n for w, n in counts.items() if w not in known and w.isalpha() and len(w) >= 3}
    conn.executemany("INSERT INTO spell VALUES (?, ?)", _spell_rows(fresh))


# ICD-10-PCS titles are its axes' values over and over (body systems, approaches, "Measurement"
# in every table of its section): counted by table, they would still outweigh the words of the
# things people name.
UNGROUPED = frozenset({"icd10pcs"})


def _group_of(system: str, code: str) -> str:
    """A code's group: its system's codes that share its first three characters (an ICD-10-CM
    or ICD-9-CM category, an ICD-10-PCS table)."""
    return f"{system}:{code[:3]}"


def _add_groups(conn: sqlite3.Connection, groups: set[tuple[str, str]]) -> None:
    """Add to ``vocab_groups`` in how many code groups' titles each word is. A word's count
    of rows says how many codes an ICD-10-PCS table or a fracture category multiplies it into
    (*measurement* in thousands of rows); its groups say how many different things it names,
    which weighs the words a half-typed word may be (``completion.Completer``)."""
    conn.executemany(
        "INSERT INTO vocab_groups VALUES (?, ?) ON CONFLICT (word) DO UPDATE SET"
        " groups = groups + excluded.groups",
        Counter(w for w, _ in groups).items(),
    )


def _spell_rows(words: dict[str, int]) -> Iterator[tuple[str, str]]:
    for word in words:
        if len(word) < 4:
            continue
        for d in deletes(word, max_edits(word)):
            yield d, word
