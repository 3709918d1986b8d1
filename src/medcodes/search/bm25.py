"""FTS5's matches and bm25(), worked out from the postings tables.

FTS5 weighs each phrase of a query by how many rows say it, and counts them again in every
statement: reading every match of "fracture"* took 2-3 ms, the largest single cost of a word
search. Those counts belong to the catalog, not to the query, so here each term's postings are
read once (``search.postings``) and kept. The scores equal FTS5's bit for bit: the same
operations in the same order (tests compare them). Which rows match an unfiltered search is
read from the same postings too (``Bm25.first_scored``: the rows and order FTS5 gives, without
it reading each word's doclist again); FTS5 finds the rows under a filter, which it joins.

FTS5's bm25 (fts5_aux.c), for each phrase ``i`` of the query, ``f`` the row's instances of it
weighted by column, ``D`` the row's length in tokens, ``N`` the rows, ``n`` the rows saying it::

    idf = log((N - n + 0.5) / (n + 0.5)), or 1e-6 when not above 0
    bm25 = -sum(idf * ((f * (k1 + 1)) / (f + k1 * (1 - b + b * D / avgdl))))   k1 1.2, b 0.75

A phrase counts in a row only where every operator above it matches: FTS5 clears the positions
of an AND that failed ("heart" in a row without "attack" says nothing for ``("heart" AND
"attack") OR ("myocardial" AND "infarction")``).
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from medcodes.search.porter import index_stem
from medcodes.search.postings import (
    FREQ_SCALE,
    present,
    totals_record,
    unpack,
    unpack_all,
    varints,
)

K1 = 1.2
B = 0.75
CACHE_ROWS = 6_000_000  # postings entries kept (about 16 bytes each): every term of the catalog fits
# A term tested for more than one in this many of its rows (an AND of common words:
# "fracture" AND "wrist" tests thousands of rows against tens of thousands) is tested by a
# mask over every row (one byte each, ``Bm25.mask``), not by a binary search of its rows per
# row tested; so is a term whose mask is kept.
DENSE_SHARE = 8
MASKS = 32  # masks kept, the most recently used (about 0.2 MB each in the bundled catalog)
# An OR of more rows than this is merged by marking them among every row, not by sorting them.
DENSE_UNION = 8192


@dataclass(frozen=True, slots=True)
class Phrase:
    """A quoted word of a MATCH expression, a prefix when starred."""

    word: str
    prefix: bool


@dataclass(frozen=True, slots=True)
class Node:
    op: str  # "AND" or "OR"
    children: tuple[Node | Phrase, ...]


Expr = Node | Phrase
_LEXEME = re.compile(r'\s*(?:(\()|(\))|(AND|OR)(?![\w"])|"([a-z0-9]+)"(\*?))')


@lru_cache(maxsize=4096)
def parse(match: str) -> Expr | None:
    """The expression the search writes (quoted words, AND, OR, parentheses; AND binds
    tighter, as in FTS5), or None for anything else (then FTS5 scores it)."""
    lexemes: list[str | Phrase] = []
    pos = 0
    while pos < len(match):
        m = _LEXEME.match(match, pos)
        if m is None or m.end() == pos:
            if match[pos:].strip():
                return None
            break
        pos = m.end()
        if m.group(4) is not None:
            lexemes.append(Phrase(m.group(4), m.group(5) == "*"))
        else:
            lexemes.append(m.group(1) or m.group(2) or m.group(3))
    at = 0

    def operand() -> Expr | None:
        nonlocal at
        if at >= len(lexemes):
            return None
        item = lexemes[at]
        at += 1
        if isinstance(item, Phrase):
            return item
        if item != "(":
            return None
        inner = either()
        if inner is None or at >= len(lexemes) or lexemes[at] != ")":
            return None
        at += 1
        return inner

    def chain(op: str, part: object) -> Expr | None:
        nonlocal at
        first = part()  # type: ignore[operator]
        items = [first]
        while first is not None and at < len(lexemes) and lexemes[at] == op:
            at += 1
            items.append(part())  # type: ignore[operator]
        if any(i is None for i in items):
            return None
        return items[0] if len(items) == 1 else Node(op, tuple(items))

    def both() -> Expr | None:
        return chain("AND", operand)

    def either() -> Expr | None:
        return chain("OR", both)

    tree = either()
    return tree if tree is not None and at == len(lexemes) else None


def phrases(expr: Expr) -> list[Phrase]:
    """The phrases in the order FTS5 numbers them (left to right)."""
    if isinstance(expr, Phrase):
        return [expr]
    return [p for child in expr.children for p in phrases(child)]


def _union(parts: list[np.ndarray]) -> np.ndarray:
    """The distinct values of ascending arrays, ascending: a stable sort (timsort, which
    merges the arrays as the runs they are) and the values unlike the one before;
    ``np.unique`` sorted them as if shuffled, ten times slower."""
    every = np.concatenate(parts)
    every.sort(kind="stable")
    keep = np.empty(len(every), bool)
    keep[:1] = True
    np.not_equal(every[1:], every[:-1], out=keep[1:])
    return every[keep]


_NO_IDS = np.empty(0, np.int64)
_NO_SCORES = np.empty(0, np.float64)


def _merged(found: list[tuple[bytes, bytes]], size: int) -> tuple[np.ndarray, np.ndarray]:
    """The rows of several terms' postings (``found``: packed rows and frequencies, as
    stored), ascending, each with its frequencies summed: all terms decoded in a few numpy
    passes (``unpack_all``), and merged by marking the rows among every row when they are
    many ("s"* joins 2,000 terms: a sort of them all, and a decoding term by term, took
    28 ms). Frequencies are whole numbers: their sums are exact in any order."""
    every = unpack_all([r for r, _ in found], True)
    weights = unpack_all([f for _, f in found], False).astype(np.float64)
    if len(every) * DENSE_SHARE < size:
        rows, inverse = np.unique(every, return_inverse=True)
        return rows, np.bincount(inverse, weights=weights)
    marked = np.zeros(size, bool)
    marked[every] = True
    rows = np.flatnonzero(marked)
    return rows, np.bincount(every, weights=weights, minlength=size)[rows]


@dataclass(frozen=True, slots=True)
class Postings:
    rows: np.ndarray  # positions in Bm25.ids, ascending
    freqs: np.ndarray  # column-weighted count in each row
    idf: float


class Bm25:
    """The catalog's postings and row lengths, read once; each term's postings kept as read."""

    def __init__(self, ids: np.ndarray, lengths: np.ndarray, rows: int, tokens: int) -> None:
        self.ids = ids
        self.lengths = lengths.astype(np.float64)
        self.rows = rows
        self.avgdl = float(tokens) / float(rows)
        self._cache: dict[tuple[str, bool], Postings] = {}
        self._cached = 0
        self._lock = threading.Lock()
        # id(Postings.rows) -> (those rows, held so that the id stays theirs; their mask)
        self._masks: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> Bm25 | None:
        """None when the catalog has no postings, or they predate its index (FTS5 scores)."""
        if not present(conn):
            return None
        row = conn.execute("SELECT stamp, ids, lengths FROM search_rows").fetchone()
        stamp = totals_record(conn)
        if row is None or bytes(row[0]) != stamp or not stamp:
            return None
        totals = varints(stamp)
        ids, lengths = unpack(row[1], True), unpack(row[2], False)
        if totals[0] != len(ids) or totals[0] == 0:
            return None
        return cls(ids, lengths, totals[0], sum(totals[1:]))

    def postings(self, conn: sqlite3.Connection, phrase: Phrase) -> Postings:
        key = (index_stem(phrase.word), phrase.prefix)
        found = self._cache.get(key)
        if found is None:
            found = self._read(conn, *key)
            with self._lock:
                self._cache[key] = found
                self._cached += len(found.rows)
                while self._cached > CACHE_ROWS and len(self._cache) > 1:
                    oldest = next(iter(self._cache))
                    self._cached -= len(self._cache.pop(oldest).rows)
        return found

    def _read(self, conn: sqlite3.Connection, term: str, prefix: bool) -> Postings:
        if prefix and term:
            # Every term so begun, as FTS5 matches a prefix: byte order is code point order.
            upper = term[:-1] + chr(ord(term[-1]) + 1)
            found = conn.execute("SELECT rows, freqs FROM search_postings WHERE term >= ?"
                                 " AND term < ?", (term, upper)).fetchall()
        else:
            found = conn.execute("SELECT rows, freqs FROM search_postings WHERE term = ?",
                                 (term,)).fetchall()
        rows: np.ndarray
        freqs: np.ndarray
        if not found:
            rows, freqs = np.empty(0, np.int64), np.empty(0, np.float64)
        elif len(found) == 1:
            rows, freqs = unpack(found[0][0], True), unpack(found[0][1], False).astype(np.float64)
        else:  # a row saying several of the terms counts each instance
            rows, freqs = _merged(found, len(self.ids))
        n = len(rows)
        idf = math.log((self.rows - n + 0.5) / (n + 0.5))
        return Postings(rows, freqs / FREQ_SCALE, idf if idf > 0.0 else 1e-6)

    def first_scored(self, conn: sqlite3.Connection, match: str, limit: int
                     ) -> tuple[list[int], list[float]] | None:
        """The rowids of the first ``limit`` rows ``match`` finds, in rowid order (what
        ``SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT ?`` returns), and their
        ``scores``, both from the postings: FTS5 reading its doclists again cost as much as
        scoring; None when the expression is not one this reads."""
        found = self.first_arrays(conn, match, limit)
        return None if found is None else (found[0].tolist(), found[1].tolist())

    def first_arrays(self, conn: sqlite3.Connection, match: str, limit: int
                     ) -> tuple[np.ndarray, np.ndarray] | None:
        """``first_scored`` as arrays (rowids, scores): the search keeps a few of the rows it
        scores (``engine.Engine._scan``), picked here without a Python object per row."""
        expr = parse(match)
        if expr is None:
            return None
        pos = self._first(conn, expr, limit)
        if not len(pos):
            return _NO_IDS, _NO_SCORES
        return self.ids[pos], self._score(conn, expr, pos)

    def first_rows(self, conn: sqlite3.Connection, match: str, limit: int) -> list[int] | None:
        """``first_scored``'s rowids alone (None when the expression is not one this reads)."""
        expr = parse(match)
        return None if expr is None else self.ids[self._first(conn, expr, limit)].tolist()

    def _first(self, conn: sqlite3.Connection, e: Expr, limit: int) -> np.ndarray:
        """Positions of the first ``limit`` rows ``e`` matches, ascending. An OR's are among
        its children's first ``limit``; an AND's are its rarest child's rows that every other
        child says, read in growing chunks until ``limit`` are found or none are left."""
        if isinstance(e, Phrase):
            return self.postings(conn, e).rows[:limit]
        if e.op == "OR":
            parts = [self._first(conn, c, limit) for c in e.children]
            if sum(map(len, parts)) <= DENSE_UNION:
                return _union(parts)[:limit]
            marked = np.zeros(len(self.ids), bool)
            for part in parts:
                marked[part] = True
            return np.flatnonzero(marked)[:limit]
        sizes = [self._size(conn, c) for c in e.children]
        lead = sizes.index(min(sizes))  # np.argmin of a list converts it first
        others = [c for i, c in enumerate(e.children) if i != lead]
        chunk = max(limit, 256)
        while True:
            rows = self._first(conn, e.children[lead], chunk)
            keep = rows
            for other in others:
                if not len(keep):
                    break
                keep = keep[self._says(conn, other, keep)]
            if len(keep) >= limit or len(rows) < chunk:
                return keep[:limit]
            chunk *= 4

    def _size(self, conn: sqlite3.Connection, e: Expr) -> int:
        """At most how many rows ``e`` matches."""
        if isinstance(e, Phrase):
            return len(self.postings(conn, e).rows)
        sizes = [self._size(conn, c) for c in e.children]
        return min(sizes) if e.op == "AND" else sum(sizes)

    def _says(self, conn: sqlite3.Connection, e: Expr, pos: np.ndarray) -> np.ndarray:
        """Which of the rows at ``pos`` (ascending) ``e`` matches."""
        if isinstance(e, Phrase):
            rows = self.postings(conn, e).rows
            if not len(rows):
                return np.zeros(len(pos), bool)
            if len(pos) * DENSE_SHARE > len(rows) or id(rows) in self._masks:
                return self.mask(rows)[pos]
            at = np.minimum(np.searchsorted(rows, pos), len(rows) - 1)
            return rows[at] == pos
        parts = [self._says(conn, c, pos) for c in e.children]
        return np.logical_and.reduce(parts) if e.op == "AND" else np.logical_or.reduce(parts)

    def mask(self, rows: np.ndarray) -> np.ndarray:
        """True at each of ``rows`` (a term's postings), over every row; the ``MASKS`` most
        recently used are kept."""
        key = id(rows)
        with self._lock:
            entry = self._masks.pop(key, None)
            if entry is None or entry[0] is not rows:
                found = np.zeros(len(self.ids), bool)
                found[rows] = True
                entry = (rows, found)
            self._masks[key] = entry
            while len(self._masks) > MASKS:
                self._masks.pop(next(iter(self._masks)))
        return entry[1]

    def scores(self, conn: sqlite3.Connection, match: str, rowids: list[int]) -> list[float] | None:
        """bm25(search_fts, weights) of each row (all of them matched by ``match``), or None
        when the expression is not one this reads."""
        expr = parse(match)
        if expr is None:
            return None
        if not rowids:
            return []
        wanted = np.array(rowids, np.int64)
        pos = np.searchsorted(self.ids, wanted)
        if pos.max() >= len(self.ids) or not np.array_equal(self.ids[pos], wanted):
            return None
        return self._score(conn, expr, pos).tolist()

    def _score(self, conn: sqlite3.Connection, expr: Expr, pos: np.ndarray) -> np.ndarray:
        """``scores`` of the rows at ``pos``, every one matched by ``expr``."""
        said: list[tuple[Postings, np.ndarray]] = []  # each phrase's weighted counts, in order
        here_of: dict[int, np.ndarray] = {}  # the rows each node matches

        def matched(e: Expr) -> np.ndarray:
            if isinstance(e, Phrase):
                p = self.postings(conn, e)
                if len(p.rows):
                    at = np.minimum(np.searchsorted(p.rows, pos), len(p.rows) - 1)
                    here = p.rows[at] == pos
                    said.append((p, np.where(here, p.freqs[at], 0.0)))
                else:
                    here = np.zeros(len(pos), bool)
                    said.append((p, np.zeros(len(pos))))
            else:
                parts = [matched(c) for c in e.children]
                here = (np.logical_and.reduce(parts) if e.op == "AND"
                        else np.logical_or.reduce(parts))
            here_of[id(e)] = here
            return here

        counted: list[np.ndarray] = []  # where each phrase counts: it and all above it match

        def count(e: Expr, above: np.ndarray) -> None:
            above = above & here_of[id(e)]
            if isinstance(e, Phrase):
                counted.append(above)
            else:
                for c in e.children:
                    count(c, above)

        matched(expr)
        count(expr, np.ones(len(pos), bool))
        length = self.lengths[pos]
        norm = K1 * (1 - B + B * length / self.avgdl)
        score = np.zeros(len(pos))
        for (p, f), where in zip(said, counted, strict=True):
            f = np.where(where, f, 0.0)
            score += p.idf * ((f * (K1 + 1.0)) / (f + norm))
        return -1.0 * score
