"""What the index's Porter tokenizer makes of a word, asked of SQLite itself.

A word being typed is matched as an FTS5 prefix, and FTS5 stems the prefix before matching:
"cholecys" becomes "choleci", which no indexed stem ("cholecyst") begins. Python has no copy
of SQLite's Porter stemmer, so a one-row in-memory FTS5 table with the index's tokenizer tells.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable
from functools import lru_cache

TOKENIZE = "porter unicode61 remove_diacritics 2"  # every FTS5 index of the catalog (search.index)
_local = threading.local()
_KNOWN: dict[str, str] = {}  # every catalog word and its prefixes, stemmed at once (``learn``)
_WORD = re.compile(r"[a-z0-9]+")


def _table() -> sqlite3.Connection:
    conn: sqlite3.Connection | None = getattr(_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{TOKENIZE}')")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row')")
        _local.conn = conn
    return conn


def index_stem(word: str) -> str:
    """The term the index holds for ``word`` (one word of [a-z0-9]); ``word`` if it has none."""
    known = _KNOWN.get(word)
    return known if known is not None else _index_stem(word)


def learn(words: Iterable[str]) -> int:
    """Stem ``words`` and each of their prefixes of two letters or more through the index's
    tokenizer at once, for ``index_stem``; how many were learnt.

    Asked one by one, SQLite's stemmer costs 30-45 us a word, and the words and prefixes a
    query sends are new to a fresh worker: some 2 a query over its first thousand queries
    (the HTTP bench's list), fewer after. Nearly all are catalog words or their prefixes,
    which a worker's warm-up learns here in one pass (a catalog's 19,000 words: 63,000
    strings, about 0.1 s)."""
    texts = sorted({w[:n] for w in words if _WORD.fullmatch(w)
                    for n in range(2, len(w) + 1)} - _KNOWN.keys())
    made = _in_one_pass(texts) if texts else None
    if made is None:
        return 0  # nothing new, or not one token each after all: left to index_stem
    _KNOWN.update(zip(texts, made, strict=True))
    return len(texts)


def _in_one_pass(texts: list[str]) -> list[str] | None:
    """What the index's tokenizer makes of each of ``texts``, all in one text: the token at
    offset i is what text i becomes when each is one token; None when one is not."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{TOKENIZE}')")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        conn.execute("INSERT INTO t(rowid, x) VALUES (0, ?)", (" ".join(texts),))
        made = dict(conn.execute("SELECT offset, term FROM v"))
    finally:
        conn.close()
    if len(made) != len(texts) or max(made, default=-1) != len(texts) - 1:
        return None
    return [made[i] for i in range(len(texts))]


@lru_cache(maxsize=20_000)
def _index_stem(word: str) -> str:
    conn = _table()
    conn.execute("INSERT OR REPLACE INTO t(rowid, x) VALUES (1, ?)", (word,))
    row = conn.execute("SELECT term FROM v LIMIT 1").fetchone()
    return str(row[0]) if row else word


def restemmed(terms: list[str]) -> frozenset[str]:
    """The index terms FTS5 would stem again as query words ("hypertens" -> "hyperten"), which
    cannot be named: all of them through the index's tokenizer at once (``porter.index_stem``
    one by one: 30 us each, 0.5 s for the catalog's 17,000)."""
    made = _in_one_pass(terms)
    if made is not None:
        return frozenset(t for t, m in zip(terms, made, strict=True) if m != t)
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{TOKENIZE}')")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        conn.executemany("INSERT INTO t(rowid, x) VALUES (?, ?)", enumerate(terms))
        each: dict[int, list[str]] = {}
        for term, doc in conn.execute("SELECT term, doc FROM v"):
            each.setdefault(doc, []).append(term)
    finally:
        conn.close()
    return frozenset(t for i, t in enumerate(terms) if each.get(i, [t]) != [t])
