"""Each term of the search index with the rows that say it and how often, weighted by column:
the numbers FTS5's bm25() reads, kept in tables of their own so the search can score a
match without asking FTS5 to count them again (``search.bm25``).

``search_postings``  term -> its rows (positions in ``search_rows.ids``, delta-coded) and each
                     row's weighted frequency (twice the column-weighted count of the term).
``search_rows``      one row: the index's rowids in order, each row's length in tokens (all
                     columns, as bm25() reads it), and FTS5's own totals record (``stamp``):
                     a catalog whose index changed since (an import appended rows) no longer
                     matches it, and the search then scores with FTS5 as before.

Written from FTS5's own index (``fts5vocab`` instances, ``docsize``) once the index is
complete, so the terms are exactly FTS5's Porter stems and the counts its own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import numpy as np

from medcodes.catalog.schema import has_table

POSTINGS_DDL = (
    "CREATE TABLE search_postings (term TEXT PRIMARY KEY, rows BLOB NOT NULL,"
    " freqs BLOB NOT NULL) WITHOUT ROWID"
)
ROWS_DDL = "CREATE TABLE search_rows (stamp BLOB NOT NULL, ids BLOB NOT NULL, lengths BLOB NOT NULL)"
FREQ_SCALE = 2  # column weights are whole or half numbers (index.WEIGHTS): frequencies x 2 are whole
_DTYPES: tuple[np.dtype[Any], ...] = (np.dtype("<u1"), np.dtype("<u2"), np.dtype("<u4"), np.dtype("<u8"))
_AVERAGES = 1  # FTS5 keeps its row count and column totals in the data row with this id


def totals_record(conn: sqlite3.Connection, table: str = "search_fts") -> bytes:
    """FTS5's totals record (row count, tokens per column): changes whenever rows do."""
    row = conn.execute(f"SELECT block FROM {table}_data WHERE id = ?", (_AVERAGES,)).fetchone()
    return bytes(row[0]) if row else b""


def varints(blob: bytes) -> list[int]:
    """SQLite's varints (big-endian groups of 7 bits), as FTS5 writes its sizes and totals."""
    out: list[int] = []
    value = 0
    for byte in blob:
        value = value << 7 | byte & 0x7F
        if not byte & 0x80:
            out.append(value)
            value = 0
    return out


def pack(values: np.ndarray, delta: bool) -> bytes:
    """Non-negative integers in the narrowest unsigned type that holds them (first byte: which),
    as differences from the previous value when ``delta`` (sorted rows: mostly small)."""
    if delta and len(values):
        values = np.diff(values, prepend=0)
    top = int(values.max()) if len(values) else 0
    code = next(i for i, t in enumerate(_DTYPES) if top < 1 << 8 * t.itemsize)
    return bytes([code]) + values.astype(_DTYPES[code]).tobytes()


def unpack(blob: bytes, delta: bool) -> np.ndarray:
    """``pack``'s values back, as int64."""
    values = np.frombuffer(blob, _DTYPES[blob[0]], offset=1).astype(np.int64)
    return np.cumsum(values) if delta else values


def write_postings(conn: sqlite3.Connection, weights: Sequence[float]) -> None:
    """(Re)write both tables from the complete ``search_fts`` index (3-4 s for the bundled
    catalog's 3.2 million instances)."""
    scaled = [w * FREQ_SCALE for w in weights]
    if not all(float(w).is_integer() for w in scaled):
        raise ValueError(f"column weights {weights} are not whole or half numbers")
    conn.execute("DROP TABLE IF EXISTS search_postings")
    conn.execute("DROP TABLE IF EXISTS search_rows")
    conn.execute(POSTINGS_DDL)
    conn.execute(ROWS_DDL)
    sizes = conn.execute("SELECT id, sz FROM search_fts_docsize ORDER BY id").fetchall()
    ids = np.fromiter((r[0] for r in sizes), np.int64, len(sizes))
    # Nearly every row's column sizes are one byte each (under 128 tokens): their sum.
    lengths = np.fromiter((sum(sz) if max(sz, default=0) < 0x80 else sum(varints(sz))
                           for _, sz in sizes), np.int64, len(sizes))
    conn.execute("INSERT INTO search_rows VALUES (?, ?, ?)",
                 (totals_record(conn), pack(ids, True), pack(lengths, False)))
    columns = [r[1] for r in conn.execute("PRAGMA table_info(search_fts)")]
    weight_of = {c: int(w) for c, w in zip(columns, scaled, strict=False)}
    conn.execute("DROP TABLE IF EXISTS temp.search_instances")
    conn.execute("CREATE VIRTUAL TABLE temp.search_instances USING"
                 " fts5vocab(main, search_fts, instance)")
    batch: list[tuple[str, bytes, bytes]] = []
    term: str | None = None
    docs: list[int] = []
    freqs: list[int] = []

    def flush() -> None:
        rows = np.searchsorted(ids, np.array(docs, np.int64))
        w = np.array(freqs, np.int64)
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])  # a row's instances are together
        batch.append((str(term), pack(rows[starts], True), pack(np.add.reduceat(w, starts), False)))

    # Instances come term by term, each term's in row order.
    for t, doc, col in conn.execute("SELECT term, doc, col FROM temp.search_instances"):
        if t != term:
            if docs:
                flush()
                if len(batch) >= 2000:
                    conn.executemany("INSERT INTO search_postings VALUES (?, ?, ?)", batch)
                    batch.clear()
            term, docs, freqs = t, [], []
        docs.append(doc)
        freqs.append(weight_of[col])
    if docs:
        flush()
    conn.executemany("INSERT INTO search_postings VALUES (?, ?, ?)", batch)
    conn.execute("DROP TABLE temp.search_instances")


def present(conn: sqlite3.Connection) -> bool:
    return has_table(conn, "search_postings") and has_table(conn, "search_rows")
