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
complete, so the terms are exactly FTS5's Porter stems and the counts its own. An import's
new rows are tokenized here instead (``tokenized``), each distinct word asked of FTS5 once.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from itertools import chain, pairwise
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


def unpack_all(blobs: Sequence[bytes], delta: bool) -> np.ndarray:
    """``pack``'s values of every blob, one blob's after another's (as int64): the blobs of
    one width decoded together, in a few numpy passes rather than a few per blob."""
    codes = np.array([b[0] for b in blobs], np.int64)
    sizes = np.array([len(b) - 1 for b in blobs], np.int64)
    widths = np.array([t.itemsize for t in _DTYPES], np.int64)[codes]
    counts = sizes // widths
    out = np.empty(int(counts.sum()), np.int64)
    offsets = np.cumsum(counts) - counts  # where each blob's values go
    for code in np.unique(codes).tolist():
        which = np.flatnonzero(codes == code)
        raw = np.frombuffer(b"".join([blobs[i][1:] for i in which.tolist()]), _DTYPES[code])
        mine = counts[which]
        starts = np.cumsum(mine) - mine  # each blob's first value among ``values``
        if delta and len(raw):
            values = np.cumsum(raw, dtype=np.int64)
            # each blob's own running sum: less what the blobs before it added up to
            values -= np.repeat(np.r_[0, values][starts], mine)
        else:
            values = raw.astype(np.int64)
        if len(which) == len(blobs):
            return values
        out[np.arange(len(values)) + np.repeat(offsets[which] - starts, mine)] = values
    return out


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


def column_weights(conn: sqlite3.Connection, weights: Sequence[float], n: int) -> list[int]:
    """The weights ``tokenized`` takes for rows of the first ``n`` columns of ``search_fts``."""
    weight_of = _weights(conn, weights)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(search_fts)")]
    return [weight_of[c] for c in columns[:n]]


def append_postings(conn: sqlite3.Connection, weights: Sequence[float], tokenize: str,
                    rows: Sequence[Sequence[Any]], new: NewPostings | None = None) -> None:
    """Add ``rows`` (rowid, title, terms, notes), just added to ``search_fts``, to both tables
    as ``write_postings`` would write them anew, without reading every row's instances again
    (3.5-7 s of an import on the bundled catalog).

    The new rows' terms and counts come from ``tokenized`` (FTS5's own stems, 0.6 s for
    100,000 LOINC rows where a temporary FTS5 index of them and its instances took 3 s). A
    row's position is its place among the rowids, and new ids fall between old ones: every
    term's old positions are moved to their new places, and the new rows' merged in.
    ``new``: ``tokenized``'s of ``rows``, when worked out already (in another process)."""
    if not present(conn):
        write_postings(conn, weights)
        return
    # FTS5 holds the rows just added in memory, and writes them with its totals record (the
    # stamp read below) when a savepoint opens: a stamp read before it is the old one.
    conn.execute("SAVEPOINT postings")
    conn.execute("RELEASE postings")
    stored = conn.execute("SELECT ids, lengths FROM search_rows").fetchone()
    old_ids, old_lengths = unpack(stored[0], True), unpack(stored[1], False)
    if new is None:
        texts = len(rows[0]) - 1 if rows else 0  # the columns given (the article is left empty)
        new = tokenized(conn, tokenize, rows, column_weights(conn, weights, texts))
    new_ids, new_lengths, added = new
    every = np.concatenate((old_ids, new_ids))
    order = np.argsort(every, kind="stable")
    place = np.empty(len(every), np.int64)
    place[order] = np.arange(len(every))
    old_place, new_place = place[: len(old_ids)], place[len(old_ids):]
    stored_terms = conn.execute("SELECT term, rows, freqs FROM search_postings").fetchall()
    moved = _moved([rows_blob for _, rows_blob, _ in stored_terms], old_place)
    out: list[tuple[bytes, bytes, str]] = []
    for (term, rows_blob, freqs_blob), moved_blob in zip(stored_terms, moved, strict=True):
        if term in added:
            at, freqs = old_place[unpack(rows_blob, True)], unpack(freqs_blob, False)
            more_at, more = added.pop(term)
            at, freqs = np.concatenate((at, new_place[more_at])), np.concatenate((freqs, more))
            by_place = np.argsort(at, kind="stable")
            out.append((pack(at[by_place], True), pack(freqs[by_place], False), term))
        elif moved_blob != rows_blob:  # its counts stay as they are
            out.append((moved_blob, freqs_blob, term))
    conn.executemany("UPDATE search_postings SET rows = ?, freqs = ? WHERE term = ?", out)
    conn.executemany("INSERT INTO search_postings VALUES (?, ?, ?)", [
        (term, pack(new_place[at], True), pack(freqs, False))
        for term, (at, freqs) in added.items()])
    conn.execute("UPDATE search_rows SET stamp = ?, ids = ?, lengths = ?", (
        totals_record(conn), pack(every[order], True),
        pack(np.concatenate((old_lengths, new_lengths))[order], False)))


def _moved(blobs: Sequence[bytes], place: np.ndarray) -> list[bytes]:
    """Each of ``blobs`` (rows packed with ``delta``) with every row ``r`` moved to
    ``place[r]``, packed as ``pack`` would pack it: all terms in a few numpy passes, one per
    width (a term at a time, the bundled catalog's 16,700 terms cost 0.25 s more)."""
    out = [b""] * len(blobs)
    codes = np.array([b[0] for b in blobs], np.int64)
    for code in np.unique(codes).tolist():
        which = np.flatnonzero(codes == code)
        of_width = [blobs[i] for i in which.tolist()]
        width = _DTYPES[code].itemsize
        counts = np.array([(len(b) - 1) // width for b in of_width], np.int64)
        rows = np.cumsum(np.frombuffer(b"".join([b[1:] for b in of_width]),
                                       _DTYPES[code]).astype(np.int64))
        starts = np.cumsum(counts) - counts
        rows -= np.repeat(np.r_[0, rows][starts], counts)  # each term's own running sum
        rows = place[rows]
        deltas = np.diff(rows, prepend=0)
        firsts = starts[counts > 0]
        deltas[firsts] = rows[firsts]
        tops = np.zeros(len(which), np.int64)
        tops[counts > 0] = np.maximum.reduceat(deltas, firsts) if len(firsts) else 0
        new_codes = sum((tops >= 1 << 8 * t.itemsize).astype(np.int64) for t in _DTYPES[:-1])
        for new_code in np.unique(new_codes).tolist():
            chosen = new_codes == new_code
            data = deltas[np.repeat(chosen, counts)].astype(_DTYPES[new_code]).tobytes()
            size = _DTYPES[new_code].itemsize
            ends = np.cumsum(counts[chosen]) * size
            head = bytes([new_code])
            for i, start, end in zip(which[chosen].tolist(), (ends - counts[chosen] * size).tolist(),
                                     ends.tolist(), strict=True):
                out[i] = head + data[start:end]
    return out


# The unicode61 tokenizer splits text at every ASCII character but letters and digits (a test
# asks FTS5 of each), so a text's tokens are, in turn, those of its runs of other characters,
# and FTS5 need only be asked what each distinct run makes. ``_ROW`` ends a row's runs.
_SEPARATORS = "".join(chr(i) for i in range(1, 128) if not chr(i).isalnum())
_TO_SPACE = str.maketrans(_SEPARATORS, " " * len(_SEPARATORS))
_ROW = "\x00"
_RUN_OR_ROW = re.compile(r"\x00|[^\x00-/:-@\[-`{-\x7f]+")
Postings = dict[str, tuple[np.ndarray, np.ndarray]]
NewPostings = tuple[np.ndarray, np.ndarray, Postings]  # ``tokenized``'s


def tokenized(conn: sqlite3.Connection, tokenize: str, rows: Sequence[Sequence[Any]],
              weights: Sequence[int]) -> NewPostings:
    """What an FTS5 index of ``rows`` (rowid, then a text per column of ``weights``) with
    tokenizer ``tokenize`` would give ``write_postings``: the rowids in order, each row's
    length in tokens, and each term's rows (positions among those rowids) with their weighted
    counts. Python splits the texts into runs; each distinct run's tokens come from FTS5 (a
    temporary index of the runs alone), so stems, case folding and diacritics are FTS5's own,
    without an index of every row and a scan of its instances (3 s for 100,000 LOINC rows)."""
    ids = np.fromiter((r[0] for r in rows), np.int64, len(rows))
    order = np.argsort(ids, kind="stable")
    place = np.empty(len(ids), np.int64)
    place[order] = np.arange(len(ids))
    added: Postings = {}
    if not rows or not weights:
        return ids[order], np.zeros(len(ids), np.int64), added
    by_column = [_runs([_text(r[1 + col]) for r in rows]) for col in range(len(weights))]
    runs = list(dict.fromkeys(chain.from_iterable(by_column)))
    names, terms, starts, counts = _run_tokens(conn, tokenize, runs)
    index = {run: i for i, run in enumerate(runs)}
    term_of: list[np.ndarray] = []
    row_of: list[np.ndarray] = []
    freq_of: list[np.ndarray] = []
    for weight, column in zip(weights, by_column, strict=True):
        run_ids = np.fromiter(map(index.__getitem__, column), np.int64, len(column))
        ends = run_ids == index[_ROW]
        n = counts[run_ids]  # tokens of each run: 1 for nearly all, 0 for a row's end
        total = int(n.sum())
        first = np.repeat(starts[run_ids] - (np.cumsum(n) - n), n)  # of its run's, less before
        term_of.append(terms[first + np.arange(total)])
        row_of.append(np.repeat(place[np.cumsum(ends) - ends], n))
        freq_of.append(np.full(total, weight, np.int64))
    term, row, freq = (np.concatenate([*parts, np.zeros(0, np.int64)])
                       for parts in (term_of, row_of, freq_of))
    lengths = np.bincount(row, minlength=len(rows)).astype(np.int64)
    if not len(term):
        return ids[order], lengths, added
    keys = term * len(rows) + row
    by_key = np.argsort(keys, kind="stable")
    keys = keys[by_key]
    firsts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    summed = np.add.reduceat(freq[by_key], firsts)
    term, row = np.divmod(keys[firsts], len(rows))
    bounds = np.flatnonzero(np.r_[True, term[1:] != term[:-1], True])
    for s, e in pairwise(bounds):
        added[names[int(term[s])]] = (row[s:e], summed[s:e])
    return ids[order], lengths, added


def _runs(texts: list[str]) -> list[str]:
    """The texts' runs, each text's followed by ``_ROW``, split in one pass over all of them
    (``str.translate``'s fast path when all are ASCII: 0.2 s for 100,000 LOINC rows where a
    regular expression per text took 0.8 s); one by one only when a text holds a NUL."""
    joined = f" {_ROW} ".join([*texts, ""])
    if joined.count(_ROW) != len(texts):  # a NUL separates words, as it does for FTS5
        return [run for text in texts
                for run in (*_RUN_OR_ROW.findall(text.replace(_ROW, " ")), _ROW)]
    if joined.isascii():
        return joined.translate(_TO_SPACE).split()  # Python splits at whitespace, FTS5 too
    return _RUN_OR_ROW.findall(joined)


def _text(value: str | None) -> str:
    return value or ""


def _run_tokens(conn: sqlite3.Connection, tokenize: str, runs: Sequence[str]
                ) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """FTS5's tokens of each run: the terms' names, then each run's term ids (``starts`` and
    ``counts`` index the ids of ``runs[i]``), read from a temporary index of the runs."""
    conn.execute("DROP TABLE IF EXISTS temp.search_runs")
    conn.execute("CREATE VIRTUAL TABLE temp.search_runs USING fts5(run, content='',"
                 f" tokenize='{tokenize}')")
    conn.executemany("INSERT INTO temp.search_runs (rowid, run) VALUES (?, ?)",
                     [(i, run) for i, run in enumerate(runs, 1) if run != _ROW])
    conn.execute("CREATE VIRTUAL TABLE temp.search_run_tokens USING"
                 " fts5vocab(temp, search_runs, instance)")
    names: list[str] = []
    term_ids: list[int] = []
    docs: list[int] = []
    for term, doc in conn.execute("SELECT term, doc FROM temp.search_run_tokens"):
        if not names or names[-1] != term:
            names.append(term)
        term_ids.append(len(names) - 1)
        docs.append(doc - 1)
    conn.execute("DROP TABLE temp.search_run_tokens")
    conn.execute("DROP TABLE temp.search_runs")
    of_run = np.array(docs, np.int64)
    by_run = np.argsort(of_run, kind="stable")
    counts = np.bincount(of_run, minlength=len(runs)).astype(np.int64)
    return names, np.array(term_ids, np.int64)[by_run], np.cumsum(counts) - counts, counts


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
