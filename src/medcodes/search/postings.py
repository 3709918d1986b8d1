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
from collections.abc import Iterator, Sequence
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
    weight_of = _weights(conn, weights)
    conn.execute("DROP TABLE IF EXISTS search_postings")
    conn.execute("DROP TABLE IF EXISTS search_rows")
    conn.execute(POSTINGS_DDL)
    conn.execute(ROWS_DDL)
    ids, lengths = _row_sizes(conn, "main", "search_fts")
    conn.execute("INSERT INTO search_rows VALUES (?, ?, ?)",
                 (totals_record(conn), pack(ids, True), pack(lengths, False)))
    batch: list[tuple[str, bytes, bytes]] = []
    for term, rows, freqs in _term_rows(conn, "main", "search_fts", ids, weight_of):
        batch.append((term, pack(rows, True), pack(freqs, False)))
        if len(batch) >= 2000:
            conn.executemany("INSERT INTO search_postings VALUES (?, ?, ?)", batch)
            batch.clear()
    conn.executemany("INSERT INTO search_postings VALUES (?, ?, ?)", batch)


def append_postings(conn: sqlite3.Connection, weights: Sequence[float], tokenize: str,
                    rows: Sequence[Sequence[Any]]) -> None:
    """Add ``rows`` (rowid, title, terms, notes), just added to ``search_fts``, to both tables
    as ``write_postings`` would write them anew, without reading every row's instances again
    (3.5-7 s of an import on the bundled catalog).

    The new rows' instances come from a temporary FTS5 index of them alone with the same
    tokenizer, so their terms and counts are FTS5's own. A row's position is its place among
    the rowids, and new ids fall between old ones: every term's old positions are moved to
    their new places, and the new rows' merged in."""
    if not present(conn):
        write_postings(conn, weights)
        return
    weight_of = _weights(conn, weights)
    stored = conn.execute("SELECT ids, lengths FROM search_rows").fetchone()
    old_ids, old_lengths = unpack(stored[0], True), unpack(stored[1], False)
    conn.execute("DROP TABLE IF EXISTS temp.search_new")
    conn.execute("CREATE VIRTUAL TABLE temp.search_new USING fts5(title, terms, notes, article,"
                 f" content='', tokenize='{tokenize}')")
    conn.executemany("INSERT INTO temp.search_new (rowid, title, terms, notes, article)"
                     " VALUES (?, ?, ?, ?, '')", [tuple(r[:4]) for r in rows])
    new_ids, new_lengths = _row_sizes(conn, "temp", "search_new")
    added = {term: (rows_at, freqs) for term, rows_at, freqs
             in _term_rows(conn, "temp", "search_new", new_ids, weight_of)}
    conn.execute("DROP TABLE temp.search_new")
    every = np.concatenate((old_ids, new_ids))
    order = np.argsort(every, kind="stable")
    place = np.empty(len(every), np.int64)
    place[order] = np.arange(len(every))
    old_place, new_place = place[: len(old_ids)], place[len(old_ids):]
    out: list[tuple[bytes, bytes, str]] = []
    for term, rows_blob, freqs_blob in conn.execute(
            "SELECT term, rows, freqs FROM search_postings").fetchall():
        at, freqs = old_place[unpack(rows_blob, True)], unpack(freqs_blob, False)
        if term in added:
            more_at, more = added.pop(term)
            at, freqs = np.concatenate((at, new_place[more_at])), np.concatenate((freqs, more))
            by_place = np.argsort(at, kind="stable")
            at, freqs = at[by_place], freqs[by_place]
        out.append((pack(at, True), pack(freqs, False), term))
    conn.executemany("UPDATE search_postings SET rows = ?, freqs = ? WHERE term = ?", out)
    conn.executemany("INSERT INTO search_postings VALUES (?, ?, ?)", [
        (term, pack(new_place[at], True), pack(freqs, False)) for term, (at, freqs) in added.items()])
    conn.execute("UPDATE search_rows SET stamp = ?, ids = ?, lengths = ?", (
        totals_record(conn), pack(every[order], True),
        pack(np.concatenate((old_lengths, new_lengths))[order], False)))


def _weights(conn: sqlite3.Connection, weights: Sequence[float]) -> dict[str, int]:
    """Each column's weight times ``FREQ_SCALE``, by the column's name (as instances give it)."""
    scaled = [w * FREQ_SCALE for w in weights]
    if not all(float(w).is_integer() for w in scaled):
        raise ValueError(f"column weights {weights} are not whole or half numbers")
    columns = [r[1] for r in conn.execute("PRAGMA table_info(search_fts)")]
    return {c: int(w) for c, w in zip(columns, scaled, strict=False)}


def _row_sizes(conn: sqlite3.Connection, schema: str, table: str) -> tuple[np.ndarray, np.ndarray]:
    """An index's rowids in order and each row's length in tokens, all columns."""
    sizes = conn.execute(f"SELECT id, sz FROM {schema}.{table}_docsize ORDER BY id").fetchall()
    ids = np.fromiter((r[0] for r in sizes), np.int64, len(sizes))
    # Nearly every row's column sizes are one byte each (under 128 tokens): their sum.
    lengths = np.fromiter((sum(sz) if max(sz, default=0) < 0x80 else sum(varints(sz))
                           for _, sz in sizes), np.int64, len(sizes))
    return ids, lengths


def _term_rows(conn: sqlite3.Connection, schema: str, table: str, ids: np.ndarray,
               weight_of: dict[str, int]) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
    """Each term of an index with its rows (positions in ``ids``) and weighted counts."""
    conn.execute("DROP TABLE IF EXISTS temp.search_instances")
    conn.execute("CREATE VIRTUAL TABLE temp.search_instances USING"
                 f" fts5vocab({schema}, {table}, instance)")
    term: str | None = None
    docs: list[int] = []
    freqs: list[int] = []

    def done() -> tuple[str, np.ndarray, np.ndarray]:
        rows = np.searchsorted(ids, np.array(docs, np.int64))
        w = np.array(freqs, np.int64)
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])  # a row's instances are together
        return str(term), rows[starts], np.add.reduceat(w, starts)

    # Instances come term by term, each term's in row order.
    for t, doc, col in conn.execute("SELECT term, doc, col FROM temp.search_instances"):
        if t != term:
            if docs:
                yield done()
            term, docs, freqs = t, [], []
        docs.append(doc)
        freqs.append(weight_of[col])
    if docs:
        yield done()
    conn.execute("DROP TABLE temp.search_instances")


def present(conn: sqlite3.Connection) -> bool:
    return has_table(conn, "search_postings") and has_table(conn, "search_rows")
