"""What the word being typed may be: the last word of a query while it is typed, matched as a
prefix, or standing for catalog words where a prefix cannot be matched (one letter; a prefix
the index's stemmer changes), each possible word weighed by how likely it is
(``Slot.likely``, read by ``rank.rerank``). One ``Completer`` per engine; its caches are
bounded and the catalog is immutable."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from medcodes.catalog.schema import has_table
from medcodes.search.parsed import Alternative, Slot
from medcodes.search.porter import index_stem
from medcodes.search.text import STOPWORDS, stem, tokens

if TYPE_CHECKING:
    from medcodes.catalog.reader import Catalog

MIN_COMPLETED = 4  # a word being typed this long is checked against the index's stemming
COMPLETIONS = 8  # catalog words a prefix the index cannot match stands for
CHECKED_COMPLETIONS = 3  # the likeliest completions a prefix must match to be searched as one
MIN_LIKELY = 3  # a word being typed this long: its completions are weighed (Slot.likely)
LIKELY_WORDS = 100  # completions weighed; the rest count as the least likely
COMPLETIONS_SQL = (
    "SELECT v.word, coalesce(g.groups, 0) FROM vocab v LEFT JOIN vocab_groups g"
    " ON g.word = v.word WHERE v.word >= ? AND v.word < ? ORDER BY v.freq DESC LIMIT ?"
)
COMPLETIONS_OLD_SQL = (
    "SELECT word, freq FROM vocab WHERE word >= ? AND word < ? ORDER BY freq DESC LIMIT ?"
)
BESIDE_SCAN = 200  # general titles read for the words a one-letter word may begin


class Completer:
    def __init__(self, cat: Catalog, slot_expr: Callable[[Slot], str]) -> None:
        self.cat = cat
        self.slot_expr = slot_expr  # engine.slot_expr: a slot as an FTS5 expression
        self._frequent: dict[str, dict[str, float]] = {}
        self._beside: dict[tuple[str, str], dict[str, float]] = {}
        self._completed: dict[str, list[tuple[str, int]]] = {}
        self._shares: dict[tuple[str, bool], dict[str, float] | None] = {}
        self._prefix_ok: dict[str, bool] = {}
        self._groups: bool | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        return self.cat.conn

    def complete(self, slots: list[Slot]) -> None:
        """Make the word being typed searchable, and say how likely each word it may be is
        (``Slot.likely``, weighed by ``rank.rerank``). A one-letter word matches thousands of
        index terms: it stands for the six words starting with it that the most general titles
        saying the other words say most ("chest p": pain), or alone the catalog's commonest. A
        longer one the index's Porter stemmer cannot match as a prefix ("sinusi" of sinusitis,
        indexed as "sinus"; "hypothy", stemmed to "hypothi") stands for the catalog words it
        begins. Any other is matched as a prefix, its completions weighed by the code groups
        that say them."""
        for slot in slots:
            if not (slot.prefix and slot.text.isalpha()):
                continue
            start = slot.text.lower()
            if len(start) == 1:
                others = [other for other in slots if other is not slot]
                likely = (self._words_beside(others, start) if others else None
                          ) or self._frequent_words(start)
            elif len(start) >= MIN_COMPLETED and not self._prefix_searchable(start):
                shares = self._completion_shares(start, True) or {}
                likely = dict(list(shares.items())[:COMPLETIONS])
            else:
                if len(start) >= MIN_LIKELY:
                    slot.likely = self._completion_shares(start)
                continue
            if likely:
                # The letters themselves stay a word ("hepatitis c", "vitamin d"), as do their
                # other readings ("aspirat": drainage); the words they may begin count as the
                # word being typed would (rank.rerank).
                have = {a.tokens for a in slot.alternatives}
                slot.alternatives += [Alternative((w,), "prefix") for w in likely
                                      if (w,) not in have]
                slot.prefix = False
                slot.likely = likely

    def _frequent_words(self, letter: str) -> dict[str, float]:
        """The catalog's six commonest words that start with ``letter``, stopwords left out
        (as ``_words_beside`` leaves them), each with its frequency relative to the commonest
        (cached). "of", "and", "in" are said by most titles, which the re-rank never counts
        as saying them: read as what "o", "a", "i" stand for, they filled the candidates
        with codes that say nothing typed, and weighing them cost FTS5 a read of most of
        the index (9 ms for "o")."""
        cache = self._frequent
        if letter not in cache:
            skip = sum(1 for w in STOPWORDS if w.startswith(letter))
            rows = [r for r in self.conn.execute(
                "SELECT word, freq FROM vocab WHERE word >= ? AND word < ? ORDER BY freq DESC"
                " LIMIT ?", (letter, letter + "{", 6 + skip),
            ).fetchall() if r[0] not in STOPWORDS][:6]
            cache[letter] = {w: f / rows[0][1] for w, f in rows} if rows else {}
        return cache[letter]

    def _words_beside(self, others: list[Slot], letter: str) -> dict[str, float]:
        """The words starting with ``letter`` that the most general titles saying the other
        words say most ("chest p": pain, not the catalog's commonest p-word, part), each with
        its count relative to the most said (cached)."""
        match = " AND ".join(map(self.slot_expr, others))
        cache = self._beside
        key = (match, letter)
        words = cache.get(key)
        if words is None:
            try:
                titles = self.conn.execute(
                    "SELECT c.title FROM (SELECT rowid AS id FROM search_fts WHERE search_fts"
                    " MATCH ? LIMIT ?) m JOIN concepts c ON c.id = m.id", (match, BESIDE_SCAN),
                ).fetchall()
            except sqlite3.OperationalError:
                titles = []
            counts = Counter(w for (title,) in titles for w in _title_words(title)
                             if w[0] == letter and len(w) > 2 and w not in STOPWORDS)
            # Ties by the word: most_common keeps the order met, a set's (hash-seeded) order.
            said = sorted(counts.items(), key=lambda wn: (-wn[1], wn[0]))[:6]
            words = {w: n / said[0][1] for w, n in said}
            if len(cache) > 20_000:
                cache.clear()
            cache[key] = words
        return words

    def _completions(self, start: str) -> list[tuple[str, int]]:
        """The catalog's words that begin with ``start``, most said first, each with the
        number of code groups that say it (``search.index._add_groups``; its count of rows in
        a catalog built before groups were counted) (cached)."""
        cache = self._completed
        rows = cache.get(start)
        if rows is None:
            rows = self.conn.execute(
                (COMPLETIONS_SQL if self._has_groups() else COMPLETIONS_OLD_SQL),
                (start, start + "{", LIKELY_WORDS),
            ).fetchall()
            if len(cache) > 20_000:
                cache.clear()
            cache[start] = rows
        return rows

    def _has_groups(self) -> bool:
        """Was the catalog built with ``vocab_groups``?"""
        if self._groups is None:
            self._groups = has_table(self.conn, "vocab_groups")
        return self._groups

    def _completion_shares(self, start: str, always: bool = False) -> dict[str, float] | None:
        """Each catalog word that begins with ``start`` (most said first): in how many code
        groups the catalog says its stem, relative to the most said. None when they are all
        one stem, unless ``always`` (cached)."""
        cache = self._shares
        key = (start, always)
        if key in cache:
            return cache[key]
        rows = self._completions(start)
        by_stem: Counter[str] = Counter()
        for word, said in rows:
            by_stem[stem(word)] += said
        shares = None
        if len(by_stem) > 1 or (always and by_stem):
            top = max(by_stem.values())
            shares = {word: by_stem[stem(word)] / top if top else 1.0 for word, _ in rows}
        if len(cache) > 20_000:
            cache.clear()
        cache[key] = shares
        return shares

    def _prefix_searchable(self, start: str) -> bool:
        """Does the index match the likeliest catalog words that begin with ``start`` as its
        prefix? FTS5 stems the prefix ("cholecys" -> "choleci") and the indexed words
        (cholecystitis -> "cholecyst", sinusitis -> "sinus"), so not always (cached: typing
        asks again and again)."""
        cache = self._prefix_ok
        ok = cache.get(start)
        if ok is None:
            stemmed = index_stem(start)
            ok = all(index_stem(w).startswith(stemmed)
                     for w, _ in self._completions(start)[:CHECKED_COMPLETIONS] if w != start)
            if len(cache) > 50_000:
                cache.clear()
            cache[start] = ok
        return ok


@lru_cache(maxsize=50_000)
def _title_words(title: str) -> frozenset[str]:
    """A title's words (cached: the general titles ``_words_beside`` reads recur from query to
    query). Built as ``set(tokens(title))`` is, so they are met in the same order."""
    return frozenset(tokens(title))
