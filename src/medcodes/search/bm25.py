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
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeAlias, cast

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
# One lexeme at a time, each after any spaces; anything else is one bad character (the last
# group), so the lexemes found run on from one another to the end (spaces may follow).
_LEXEMES = re.compile(r'\s*(?:(\()|(\))|(AND|OR)(?![\w"])|"([a-z0-9]+)"(\*?)|(\S))')


@lru_cache(maxsize=4096)
def parse(match: str) -> Expr | None:
    """The expression the search writes (quoted words, AND, OR, parentheses; AND binds
    tighter, as in FTS5), or None for anything else (then FTS5 scores it). Plain functions
    pass the position on: nested closures that called each other were a reference cycle per
    expression, left to the garbage collector."""
    lexemes: list[str | Phrase] = []
    for opening, closing, op, word, star, bad in _LEXEMES.findall(match):
        if bad:
            return None
        lexemes.append(Phrase(word, star == "*") if word else opening or closing or op)
    tree, at = _either(lexemes, 0)
    return tree if tree is not None and at == len(lexemes) else None


def _either(lexemes: list[str | Phrase], at: int) -> tuple[Expr | None, int]:
    """The ORs of ANDs from ``at``, and where they end; None at the first thing amiss."""
    items: list[Expr] = []
    while True:
        part, at = _both(lexemes, at)
        if part is None:
            return None, at
        items.append(part)
        if at < len(lexemes) and lexemes[at] == "OR":
            at += 1
        else:
            return (items[0] if len(items) == 1 else Node("OR", tuple(items))), at


def _both(lexemes: list[str | Phrase], at: int) -> tuple[Expr | None, int]:
    """The ANDs of operands from ``at``, and where they end."""
    items: list[Expr] = []
    while True:
        part, at = _operand(lexemes, at)
        if part is None:
            return None, at
        items.append(part)
        if at < len(lexemes) and lexemes[at] == "AND":
            at += 1
        else:
            return (items[0] if len(items) == 1 else Node("AND", tuple(items))), at


def _operand(lexemes: list[str | Phrase], at: int) -> tuple[Expr | None, int]:
    """A phrase or a parenthesised expression at ``at``, and where it ends."""
    if at >= len(lexemes):
        return None, at
    item = lexemes[at]
    if isinstance(item, Phrase):
        return item, at + 1
    if item != "(":
        return None, at + 1
    inner, at = _either(lexemes, at + 1)
    if inner is None or at >= len(lexemes) or lexemes[at] != ")":
        return None, at
    return inner, at + 1


_NONE: frozenset[int] = frozenset()


def rows_saying(expr: Expr, rows: Mapping[str, frozenset[int]],
                starts: Mapping[str, frozenset[int]]) -> frozenset[int]:
    """The rows ``expr`` matches in an index held whole in memory (the curated articles':
    ``index.ArticleTerms``), by each term's rows and those of the terms each start begins: a
    phrase says its word's stem or, starred, any term that stem begins, as ``Bm25._read``
    reads a phrase's postings."""
    if isinstance(expr, Phrase):
        term = index_stem(expr.word)
        return (starts if expr.prefix and term else rows).get(term, _NONE)
    parts = [rows_saying(c, rows, starts) for c in expr.children]
    return parts[0].intersection(*parts[1:]) if expr.op == "AND" else _NONE.union(*parts)


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


# An expression with its phrases' postings in place (``Bm25.plan``): a phrase's postings, or
# an operator as (is it an AND, its children, at most how many rows it matches).
Plan: TypeAlias = "Postings | tuple[bool, tuple[Plan, ...], int]"


class Bm25:
    """The catalog's postings and row lengths, read once; each term's postings kept as read."""

    def __init__(self, ids: np.ndarray, lengths: np.ndarray, rows: int, tokens: int) -> None:
        self.ids = ids
        self.lengths = lengths.astype(np.float64)
        self.rows = rows
        self.avgdl = float(tokens) / float(rows)
        # each row's length term of bm25(), as FTS5 works it out for a row scored
        self.norms = K1 * (1 - B + B * self.lengths / self.avgdl)
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

    def plan(self, conn: sqlite3.Connection, e: Expr) -> Plan:
        """``e`` with each phrase's postings in its place and each operator's bound on its
        rows: read once a call, where every step of the search asked for them again (25
        postings lookups a search, each stemming its word)."""
        if isinstance(e, Phrase):
            return self.postings(conn, e)
        kids = tuple([self.plan(conn, c) for c in e.children])
        sizes = [k[2] if isinstance(k, tuple) else len(k.rows) for k in kids]
        both = e.op == "AND"
        return both, kids, min(sizes) if both else sum(sizes)

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
        plan = self.plan(conn, expr)
        pos = self._first(plan, limit)
        if not len(pos):
            return _NO_IDS, _NO_SCORES
        return self.ids[pos], self._score(plan, pos, True)

    def first_rows(self, conn: sqlite3.Connection, match: str, limit: int) -> list[int] | None:
        """``first_scored``'s rowids alone (None when the expression is not one this reads)."""
        expr = parse(match)
        return None if expr is None else self.ids[
            self._first(self.plan(conn, expr), limit)].tolist()

    def count(self, conn: sqlite3.Connection, match: str, limit: int) -> int | None:
        """How many rows ``first_rows`` would give (None when the expression is not one this
        reads), without their rowids as Python objects."""
        expr = parse(match)
        return None if expr is None else len(self._first(self.plan(conn, expr), limit))

    def any_among(self, conn: sqlite3.Connection, match: str, allowed: np.ndarray
                  ) -> bool | None:
        """Does ``match`` find a row where ``allowed`` (over every row) is true? None when the
        expression is not one this reads."""
        expr = parse(match)
        if expr is None:
            return None
        return bool(allowed[self._first(self.plan(conn, expr), len(self.ids))].any())

    def _first(self, plan: Plan, limit: int) -> np.ndarray:
        """Positions of the first ``limit`` rows ``plan`` matches, ascending. An OR's are among
        its children's first ``limit``; an AND's are its rarest child's rows that every other
        child says, read in growing chunks until ``limit`` are found or none are left (each
        chunk's new rows tested alone: the first ``n`` matches do not change as more are
        read)."""
        if isinstance(plan, Postings):
            return plan.rows[:limit]
        both, kids, size = plan
        if not both:
            parts = [p for p in [self._first(c, limit) for c in kids] if len(p)]
            if len(parts) < 2:  # already distinct and ascending
                return parts[0] if parts else _NO_IDS
            if sum(map(len, parts)) <= DENSE_UNION:
                return _union(parts)[:limit]
            marked = np.zeros(len(self.ids), bool)
            for part in parts:
                marked[part] = True
            return np.flatnonzero(marked)[:limit]
        if not size:
            return _NO_IDS
        sizes = [k[2] if isinstance(k, tuple) else len(k.rows) for k in kids]
        lead = sizes.index(size)  # the first of the rarest, as np.argmin would pick
        others = kids[:lead] + kids[lead + 1:]
        chunk = max(limit, 256)
        done = 0
        found: list[np.ndarray] = []
        total = 0
        while True:
            rows = self._first(kids[lead], chunk)
            keep = rows[done:]
            for other in others:
                if not len(keep):
                    break
                keep = keep[self._says(other, keep)]
            found.append(keep)
            total += len(keep)
            if total >= limit or len(rows) < chunk:
                return (keep if len(found) == 1 else np.concatenate(found))[:limit]
            done = len(rows)
            chunk *= 4

    def _says(self, plan: Plan, pos: np.ndarray) -> np.ndarray:
        """Which of the rows at ``pos`` (ascending) ``plan`` matches (a new array)."""
        if isinstance(plan, Postings):
            rows = plan.rows
            if not len(rows):
                return np.zeros(len(pos), bool)
            if len(pos) * DENSE_SHARE > len(rows) or id(rows) in self._masks:
                return self.mask(rows)[pos]
            at = rows.searchsorted(pos)
            np.minimum(at, len(rows) - 1, out=at)
            return rows[at] == pos
        both, kids, _ = plan
        said = self._says(kids[0], pos)
        for kid in kids[1:]:
            if both:
                said &= self._says(kid, pos)
            else:
                said |= self._says(kid, pos)
        return said

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
        return self._score(self.plan(conn, expr), pos, False).tolist()

    def _score(self, plan: Plan, pos: np.ndarray, matched: bool) -> np.ndarray:
        """``scores`` of the rows at ``pos``, every one matched by ``plan``; ``matched``: found
        by ``_first``, so every phrase an AND joins to the top is known to be said there.
        FTS5's sum, phrase by phrase in order, with the same operations on each element: one
        numpy call each for all phrases at once (a few per phrase were most of a scoring)."""
        said: list[tuple[float, np.ndarray]] = []
        self._weigh(plan, pos, matched, said)
        norm = self.norms[pos]
        if len(said) == 1:
            idf, f = said[0]
            return -1.0 * (idf * ((f * (K1 + 1.0)) / (f + norm)))
        freqs = np.array([f for _, f in said])
        parts = np.array([idf for idf, _ in said])[:, None] * (
            (freqs * (K1 + 1.0)) / (freqs + norm))
        score = parts[0] + parts[1]  # 0.0 + the first, as FTS5 starts, is the first
        for part in parts[2:]:
            score += part
        return -1.0 * score

    def _weigh(self, plan: Plan, pos: np.ndarray, whole: bool,
               said: list[tuple[float, np.ndarray]]) -> np.ndarray | None:
        """Each phrase's idf and weighted counts at ``pos`` added to ``said`` in FTS5's order,
        zero where the phrase or an AND above it fails (an OR matches wherever a phrase below
        it counts); and where ``plan`` matches, or None when ``whole``: known to match at
        every row (the top, and what an AND known so joins)."""
        if isinstance(plan, Postings):
            rows = plan.rows
            if whole:
                said.append((plan.idf, plan.freqs[rows.searchsorted(pos)]))
                return None
            if not len(rows):
                said.append((plan.idf, np.zeros(len(pos))))
                return np.zeros(len(pos), bool)
            at = rows.searchsorted(pos)
            np.minimum(at, len(rows) - 1, out=at)
            here = rows[at] == pos
            said.append((plan.idf, np.where(here, plan.freqs[at], 0.0)))
            return here
        both, kids, _ = plan
        first = len(said)
        heres = [self._weigh(kid, pos, whole and both, said) for kid in kids]
        if whole:
            return None
        here = cast("np.ndarray", heres[0])
        for other in heres[1:]:
            here = here & other if both else here | other
        if both:
            for i in range(first, len(said)):
                idf, f = said[i]
                said[i] = (idf, np.where(here, f, 0.0))
        return here
