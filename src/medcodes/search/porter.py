"""What the index's Porter tokenizer makes of a word, asked of SQLite itself.

A word being typed is matched as an FTS5 prefix, and FTS5 stems the prefix before matching:
"cholecys" becomes "choleci", which no indexed stem ("cholecyst") begins. Python has no copy
of SQLite's Porter stemmer, so a one-row in-memory FTS5 table with the index's tokenizer tells.
"""

from __future__ import annotations

import sqlite3
import threading
from functools import lru_cache

TOKENIZE = "porter unicode61 remove_diacritics 2"  # every FTS5 index of the catalog (search.index)
_local = threading.local()


def _table() -> sqlite3.Connection:
    conn: sqlite3.Connection | None = getattr(_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{TOKENIZE}')")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row')")
        _local.conn = conn
    return conn


@lru_cache(maxsize=20_000)
def index_stem(word: str) -> str:
    """The term the index holds for ``word`` (one word of [a-z0-9]); ``word`` if it has none."""
    conn = _table()
    conn.execute("INSERT OR REPLACE INTO t(rowid, x) VALUES (1, ?)", (word,))
    row = conn.execute("SELECT term FROM v LIMIT 1").fetchone()
    return str(row[0]) if row else word


def restemmed(terms: list[str]) -> frozenset[str]:
    """The index terms FTS5 would stem again as query words ("hypertens" -> "hyperten"), which
    cannot be named: all of them through the index's tokenizer at once (``porter.index_stem``
    one by one: 30 us each, 0.5 s for the catalog's 17,000)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{TOKENIZE}')")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        # One text of every term: each is one token (the tokenizer made it), so the token at
        # offset i is what term i becomes; if one were not, term by term.
        conn.execute("INSERT INTO t(rowid, x) VALUES (0, ?)", (" ".join(terms),))
        made = dict(conn.execute("SELECT offset, term FROM v"))
        if len(made) == len(terms) and max(made, default=-1) == len(terms) - 1:
            return frozenset(t for i, t in enumerate(terms) if made[i] != t)
        conn.execute("DELETE FROM t")
        conn.executemany("INSERT INTO t(rowid, x) VALUES (?, ?)", enumerate(terms))
        each: dict[int, list[str]] = {}
        for term, doc in conn.execute("SELECT term, doc FROM v"):
            each.setdefault(doc, []).append(term)
    finally:
        conn.close()
    return frozenset(t for i, t in enumerate(terms) if each.get(i, [t]) != [t])
