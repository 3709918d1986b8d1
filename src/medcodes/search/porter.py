"""What the index's Porter tokenizer makes of a word, asked of SQLite itself.

A word being typed is matched as an FTS5 prefix, and FTS5 stems the prefix before matching:
"cholecys" becomes "choleci", which no indexed stem ("cholecyst") begins. Python has no copy
of SQLite's Porter stemmer, so a one-row in-memory FTS5 table with the index's tokenizer tells.
"""

from __future__ import annotations

import sqlite3
import threading
from functools import lru_cache

TOKENIZE = "porter unicode61 remove_diacritics 2"  # as search_fts (search.index)
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
