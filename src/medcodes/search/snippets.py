"""The snippet and facet helpers of a search page: a title with ``<mark>`` around its matched
words (``highlight``), whether a term says a query word (``_says``), a candidate's term texts
and the facet counts of a pool. Moved out of ``engine.py``, which imports them back."""

from __future__ import annotations

import html
import re
from collections import Counter
from functools import lru_cache
from operator import attrgetter

from medcodes.catalog import columns
from medcodes.search.rank import Candidate, word_keys
from medcodes.search.text import stem, tokens


def _term_texts(c: Candidate) -> list[str]:
    """A candidate's terms and short title, as its row was read for ranking (a second query
    by id read them again for every page)."""
    texts = list(_texts_of(c.terms_json))
    if c.short_title:
        texts.append(c.short_title)
    return texts


@lru_cache(maxsize=10_000)
def _texts_of(terms_json: str) -> tuple[str, ...]:
    """The texts of a terms column (cached: a page's codes recur, and their JSON was parsed
    again for every page)."""
    return tuple(t["text"] for t in columns.load(terms_json))


@lru_cache(maxsize=100_000)
def _words_of(text: str) -> tuple[frozenset[str], str]:
    """A term's stems, and its words each after a space (cached: a hit's terms are read
    again and again; one string holds the words in less than a tuple of them)."""
    words = tokens(text)
    return frozenset(map(stem, words)), "".join(f" {w}" for w in words)


def _says(text: str, stems: set[str], prefixes: tuple[str, ...],
          starts: tuple[str, ...] | None = None) -> bool:
    """Does a word of ``text`` match a query stem, or start with a word being typed?
    ``starts``: the words being typed, each after a space, when they are all plain tokens
    (then " p" in the words joined by spaces is a word that begins with p)."""
    text_stems, line = _words_of(text)
    if not text_stems.isdisjoint(stems):
        return True
    if not prefixes:
        return False
    if starts is not None:
        return any(map(line.__contains__, starts))
    return any(w.startswith(prefixes) for w in line.split())


_WORD_PIECES = re.compile(r"([A-Za-z0-9]+)")
_ESCAPED = re.compile(r"[&<>\"']")  # what ``html.escape`` changes


@lru_cache(maxsize=100_000)
def _pieces(title: str) -> tuple[tuple[str, ...], tuple[tuple[int, str], ...]]:
    """A title split into words and what lies between, each escaped, and the places of its
    words with their lower case (cached: titles recur across queries). Most titles have
    nothing to escape: their pieces are kept as they are, not escaped one by one."""
    split = _WORD_PIECES.split(title)
    escaped = tuple(map(html.escape, split)) if _ESCAPED.search(title) else tuple(split)
    return escaped, tuple((k, piece.lower()) for k, piece in enumerate(split)
                          if piece and piece[0].isalnum())


def highlight(title: str, stems: set[str], prefixes: set[str] | tuple[str, ...],
              roots: frozenset[str] = frozenset()) -> str:
    """HTML-escaped title with ``<mark>`` around the words that matched (by stem, by the
    root the ranking reads, ``text.derived``, or as a word being typed)."""
    starts = tuple(prefixes)  # str.startswith takes them all at once, in C
    escaped, words = _pieces(title)
    out: list[str] | None = None
    for k, low in words:
        word_stem, root = word_keys[low]  # stem and its root in one look-up
        if word_stem in stems or root in roots or low.startswith(starts):
            if out is None:
                out = list(escaped)
            out[k] = f"<mark>{out[k]}</mark>"
    return "".join(escaped if out is None else out)


_SYSTEM, _CHAPTER, _BILLABLE = attrgetter("system"), attrgetter("chapter"), attrgetter("billable")


def _facets(pool: list[Candidate]) -> dict[str, dict[str, int]]:
    # Counted through C-level map and attrgetter, not a generator per facet; the billable
    # flags are named after counting (one key per flag, in the same order).
    billable = Counter(map(_BILLABLE, pool)).most_common()
    return {
        "system": dict(Counter(map(_SYSTEM, pool)).most_common()),
        "chapter": dict(Counter(map(str, map(_CHAPTER, pool))).most_common(30)),
        "billable": {str(int(flag)): n for flag, n in billable},
    }
