"""Questions put to the word index before and beside the ranking: does some title say these
words, how many do, in which chapters, do most of them name a part? The readings of a query
ask them by the dozen, so each is answered from the postings where they can tell, and
remembered."""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import TYPE_CHECKING, Any

import numpy as np

from medcodes.catalog.schema import has_table
from medcodes.search.bm25 import Bm25, Expr, Phrase
from medcodes.search.bm25 import parse as parse_match
from medcodes.search.index import ArticleTerms, article_terms
from medcodes.search.organ_said import across_the_body
from medcodes.search.parsed import Slot
from medcodes.search.porter import index_stem

if TYPE_CHECKING:
    from medcodes.catalog.reader import Catalog

COUNT_CAP = 2_000
EXISTS_CACHE = 50_000  # (word, filter) pairs remembered as found or not in the filtered systems
SIDED_SEEN = 500  # concepts read to tell whether the titles saying a side name a part
CHAPTERS_SEEN = 3_000  # concepts read to tell the chapters a part or a condition is coded in
IN_SYSTEM = "c.is_default = 1 AND c.system = ?"  # unsaid.in_procedure_systems's filter


class IndexProbes:
    """One catalog's index probes and what they remember (an ``Engine`` holds one)."""

    def __init__(self, cat: Catalog) -> None:
        self.cat = cat
        self._has_articles: bool | None = None
        self._article_terms: ArticleTerms | None = None
        self._article_terms_read = False
        self._exists: dict[tuple[Any, ...], bool] = {}  # see matches_any
        self._system_rows: dict[str, np.ndarray] = {}  # see _postings_match
        # (match, words) -> chapter counts: see chapters
        self._chapter_counts: dict[tuple[str, frozenset[str]],
                                   tuple[Counter[str], Counter[str]]] = {}
        self._across: frozenset[str] | None = None  # see across
        self._bm25: Bm25 | None = None
        self._bm25_read = False

    @property
    def conn(self) -> sqlite3.Connection:
        return self.cat.conn

    @property
    def article_terms(self) -> ArticleTerms | None:
        """The terms of the curated articles (``index.article_terms``; read once)."""
        if not self._article_terms_read:
            self._article_terms = article_terms(self.cat.path)
            self._article_terms_read = True
        return self._article_terms

    @property
    def has_articles(self) -> bool:
        """The catalog indexes curated articles apart (``article_fts``; older ones do not)."""
        if self._has_articles is None:
            self._has_articles = has_table(self.conn, "article_fts")
        return self._has_articles

    def articles_may_match(self, match: str) -> bool:
        """May ``match`` find a curated article? Not when a word it needs is none of the few
        hundred terms ``article_fts`` holds (``index.article_terms``), which is nearly every
        query: asking FTS5 took a twentieth of a median search for a handful of articles.
        A necessary condition only, so a yes is asked of FTS5 as before."""
        terms = self.article_terms
        expr = None if terms is None else parse_match(match)
        return expr is None or terms is None or may_say(expr, terms)

    @property
    def bm25(self) -> Bm25 | None:
        """The catalog's postings (read once), or None without them."""
        if not self._bm25_read:
            self._bm25, self._bm25_read = Bm25.load(self.conn), True
        return self._bm25

    def matches_any(self, match: str, where: str, args: list[Any]) -> bool:
        """Does ``match`` find a concept that passes ``where``? (A word common elsewhere may be
        missing from the filtered systems.) Remembered: a word absent from them is read in
        all its matches."""
        cache = self._exists
        key = (match, where, *args)
        if key not in cache:
            if len(cache) >= EXISTS_CACHE:
                cache.clear()
            # Unfiltered or in one system (a procedure's words probed in each procedure
            # system: ``unsaid``), the postings tell (the index holds only default releases):
            # FTS5's join took 0.7 ms a statement, 0.1 ms a request.
            found = self._postings_match(match, where, args)
            if found is not None:
                cache[key] = found
                return found
            sql = ("SELECT 1 FROM search_fts f JOIN concepts c ON c.id = f.rowid"
                   f" WHERE search_fts MATCH ? AND {where} LIMIT 1")
            try:
                cache[key] = self.conn.execute(sql, [match, *args]).fetchone() is not None
            except sqlite3.OperationalError:
                cache[key] = True
        return cache[key]

    def _postings_match(self, match: str, where: str, args: list[Any]) -> bool | None:
        """``matches_any`` from the postings, unfiltered or in one system; None when they
        cannot tell (no postings, another filter, an expression they do not read)."""
        scorer = self.bm25
        if scorer is None:
            return None
        if where == "c.is_default = 1":
            found = scorer.count(self.conn, match, 1)
            return None if found is None else found > 0
        if where != IN_SYSTEM or len(args) != 1 or not isinstance(args[0], str):
            return None
        system = args[0]
        rows = self._system_rows.get(system)
        if rows is None:
            ids = np.array([i for (i,) in self.conn.execute(
                "SELECT id FROM concepts WHERE is_default = 1 AND system = ?", (system,))],
                np.int64)
            at = np.searchsorted(scorer.ids, ids)
            inside = at < len(scorer.ids)
            at, ids = at[inside], ids[inside]
            rows = np.zeros(len(scorer.ids), bool)  # the system's rows of the index
            rows[at[scorer.ids[at] == ids]] = True
            self._system_rows[system] = rows
        return scorer.any_among(self.conn, match, rows)

    def mostly_naming_none(self, match: str, words: frozenset[str], where: str,
                            args: list[Any]) -> bool:
        """Do most concepts ``match`` finds (of the first ``SIDED_SEEN``) name none of
        ``words`` in their title? (``sides.coded_sides``: a side the titles say alone.)"""
        sql = ("SELECT count(*) FROM (SELECT 1 FROM search_fts f JOIN concepts c"
               f" ON c.id = f.rowid WHERE search_fts MATCH ? AND {where} LIMIT {SIDED_SEEN})")
        others = " OR ".join(map(_quote, sorted(words)))
        try:
            found = self.conn.execute(sql, [match, *args]).fetchone()[0]
            alone = self.conn.execute(
                sql, [f"({match}) NOT {{title}} : ({others})" if others else match, *args]
            ).fetchone()[0]
        except sqlite3.OperationalError:
            return False
        return bool(found) and 2 * alone >= found

    def across(self) -> frozenset[str]:
        """The ICD-10-CM chapters that say every part (``organ_said.across_the_body``), read
        once from the catalog's chapter titles."""
        if self._across is None:
            try:
                rows = self.conn.execute(
                    "SELECT code, title FROM concepts WHERE system = 'icd10cm'"
                    " AND kind = 'chapter' AND is_default = 1").fetchall()
            except sqlite3.OperationalError:
                rows = []
            self._across = across_the_body(rows)
        return self._across

    def chapters(self, match: str, words: frozenset[str] = frozenset()
                  ) -> tuple[Counter[str], Counter[str]]:
        """How many of the ICD-10-CM concepts ``match`` finds (the first ``CHAPTERS_SEEN``)
        each chapter holds, and how many of those whose titles name none of ``words``
        (``organ_said``: the chapter of an organ, a condition coded by site). Remembered:
        the same part and condition are asked again."""
        key = (match, words)
        cache = self._chapter_counts
        if key not in cache:
            sql = ("SELECT f.rowid, c.chapter FROM search_fts f JOIN concepts c"
                   " ON c.id = f.rowid WHERE search_fts MATCH ? AND c.is_default = 1"
                   " AND c.system = 'icd10cm' AND c.chapter IS NOT NULL AND f.rowid <= ?"
                   f" ORDER BY f.rowid LIMIT {CHAPTERS_SEEN}")
            if len(cache) >= EXISTS_CACHE:
                cache.clear()
            try:
                found = self.conn.execute(sql, [match, 1 << 62]).fetchall()
                alone: list[Any] = []
                if found and words:
                    others = " OR ".join(map(_quote, sorted(words)))
                    alone = self.conn.execute(sql, [f"({match}) NOT {{title}} : ({others})",
                                                    found[-1][0]]).fetchall()
                cache[key] = (Counter(row[1] for row in found),
                              Counter(row[1] for row in alone))
            except sqlite3.OperationalError:
                cache[key] = (Counter(), Counter())
        return cache[key]

    def count(self, match: str, where: str, args: list[Any]) -> int:
        """Matches of the strict query, counted up to ``COUNT_CAP`` (reported as a floor)."""
        if where == "c.is_default = 1":  # the index holds only default releases
            found = None if self.bm25 is None else self.bm25.count(self.conn, match, COUNT_CAP)
            if found is not None:
                return found
            sql, args = "SELECT 1 FROM search_fts f WHERE search_fts MATCH ?", []
        else:
            sql = (
                "SELECT 1 FROM search_fts f JOIN concepts c ON c.id = f.rowid"
                f" WHERE search_fts MATCH ? AND {where}"
            )
        try:
            return int(self.conn.execute(
                f"SELECT count(*) FROM ({sql} LIMIT ?)", [match, *args, COUNT_CAP]
            ).fetchone()[0])
        except sqlite3.OperationalError:
            return 0


def may_say(expr: Expr, terms: ArticleTerms) -> bool:
    """Could a text whose terms are among ``terms`` match ``expr``? Each phrase needs its
    term (the word's stem as the index holds it, or the word itself), a prefix a term that
    begins with what the word and that stem share; an AND needs every child, an OR one."""
    if isinstance(expr, Phrase):
        key = index_stem(expr.word)
        if not expr.prefix:
            return key in terms.words or expr.word in terms.words
        word = expr.word
        if not word.startswith(key):  # what the word and its stem share
            key = word[:next((i for i, (a, b) in enumerate(zip(key, word, strict=False))
                              if a != b), min(len(key), len(word)))]
        return key in terms.prefixes
    if expr.op == "AND":
        return all(may_say(c, terms) for c in expr.children)
    return any(may_say(c, terms) for c in expr.children)


def _quote(token: str, prefix: bool = False) -> str:
    # Tokens are [a-z0-9]+ (see text.tokens), so quoting makes any FTS5 syntax inert.
    return f'"{token}"' + ("*" if prefix else "")


def slot_expr(slot: Slot) -> str:
    alts = []
    for alt in slot.alternatives:
        # While typing, the last word of the words as typed is a prefix ("heart att*").
        prefix = slot.prefix and alt.kind == "original"
        last = len(alt.tokens) - 1
        alts.append(" AND ".join(_quote(t, prefix and k == last)
                                 for k, t in enumerate(alt.tokens)))
    if len(alts) == 1:
        return f"({alts[0]})"
    return "(" + " OR ".join(f"({a})" for a in alts) + ")"
