"""Concept embeddings for search by meaning: built into the catalog, searched with numpy.

Build: vectors of every default-release concept's title (with its short title and minor terms)
and of each of its inclusion and index terms, with the static model
(:mod:`medcodes.search.static_model`), stored as int8 with a per-vector scale (see Load). A
concept is as close to a query as its closest text: a mean over the title and all terms at once
blurred a concept with many terms (hit@10 by meaning alone on the everyday set 0.653 -> 0.673,
lay 0.862 -> 0.874, ICD-9 short titles 0.475 -> 0.489, exact search over the bundled catalog).
An inverted-file index (spherical k-means lists, ``embedding_lists``) lets a
query score a few thousand vectors instead of all 200k+, which keeps it well under the
millisecond budget on two cores while finding nearly the same neighbours as a full scan.

Load: the vectors are stored once, as the loader holds the index (sorted by list, then id,
then part: ids, systems, billable, list offsets, int8 vectors, scales), in a few blobs in
``embedding_blobs``; a process reads them with ``np.frombuffer`` (0.21 s CPU with the
dequantisation, not 0.47-0.53 s over 228k rows). An append adds its vectors as a piece of
their own, with their places in that order (:mod:`medcodes.search.embedding_segments`). ``embeddings`` keeps a row per vector (id,
part, list, system, billable) for the appender. Catalogs built before held each vector in its
row (``scale``, ``vec``), blobs ignored: they are still read, and appended to, that way.

Query: the index is loaded once per Catalog (about 120 MB), the query embedded (by the
sentence transformer itself when switched on, :mod:`medcodes.search.sentence_encoder`; the
typeahead keeps the static model's microseconds), the nearest lists probed, filters applied (system and billable as numpy masks; kind, chapter and code range
by SQL over the candidates), exact cosine within the probed lists.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from medcodes.catalog import columns
from medcodes.catalog.append import CannotAppend, Forked
from medcodes.catalog.build import Reporter
from medcodes.catalog.reader import CatalogError
from medcodes.search import embedding_segments, sentence_encoder, static_model
from medcodes.search.code_systems import PCS_NODES
from medcodes.search.embedding_segments import PART_BITS as PART_BITS
from medcodes.search.embedding_segments import key as _key

if TYPE_CHECKING:
    from medcodes.catalog.reader import Catalog
    from medcodes.model import Concept
    from medcodes.search.filters import Filters

CHUNK = 8192
LISTS = 1024  # inverted lists; about 200 concepts each
PROBE = 32  # lists scored per query; more when a filter leaves too few candidates
TRAIN_SAMPLE = 20_000
KMEANS_ROUNDS = 4  # 8 rounds on 40k: recall@10 of the probed lists 0.924; 4 on 20k: 0.919, half the time
SEED = 20240601
ROW_CACHE = 40_000  # concept rows a MeaningIndex keeps (a few MB)
SPLIT_FACTOR = 4  # an appended-to list longer than this many times the average is split
META_MODEL = "embedding_model"
# Systems whose titles are plain phrases, compared with the query read in context. ICD-10-PCS
# titles are built from axes, and read in context everywhere, procedure descriptions of the
# development lists fell from hit@10 0.94 to 0.88 (0.93 with this split); everyday ones rose
# from 0.70 to 0.79 (0.77 with it). Imported systems (CPT, HCPCS, LOINC) keep the static
# reading until measured.
IN_CONTEXT_SYSTEMS = frozenset({"icd10cm", "icd9cm", "icd9pcs"})

# The vectors (int8[dims], L2-normalised before quantisation; vector = q8 / scale) are in
# embedding_blobs only: in the rows too they were 33 MB more catalog (416 MB, over 400).
DDL = """
CREATE TABLE embeddings (
    id INTEGER NOT NULL,         -- concepts.id (default release)
    part INTEGER NOT NULL,       -- 0: the title's text; 1, 2, ...: its inclusion and index terms
    list INTEGER NOT NULL,       -- embedding_lists.list: the nearest centroid
    system TEXT NOT NULL,        -- concepts.system and .billable, copied so that the
    billable INTEGER NOT NULL,   -- blobs are rewritten from this table alone
    PRIMARY KEY (id, part)
);
CREATE TABLE embedding_lists (list INTEGER PRIMARY KEY, centroid BLOB NOT NULL);  -- float32
CREATE TABLE embedding_blobs (name TEXT PRIMARY KEY, data BLOB NOT NULL);  -- see BLOB_NAMES
"""


# Term kinds that name the concept another whole way (an ICD-10-CM inclusion term, an index
# entry): each is a text of its own. Others join the title's text, as do all of a PCS node's:
# LOINC's related-name fragments ("Na", "Sod", "Urine") and consumer names, one per test, would
# double the vectors an import of 100,000 tests embeds (10.7 s, over its 10 s budget).
OWN_TEXT_TERMS = frozenset({"inclusion", "index"})


def concept_texts(title: str, terms_json: str, short_title: str | None, kind: str) -> list[str]:
    """The texts a concept is embedded by (``texts_of``), its terms as the catalog stores
    them."""
    return texts_of(title, columns.load(terms_json), short_title, kind)


def texts_of(title: str, terms: Sequence[Mapping[str, str]], short_title: str | None,
             kind: str) -> list[str]:
    """The texts a concept is embedded by: its title with its short title (abbreviated as
    coders type) and its minor terms, then each term that names it another whole way. An
    ICD-10-PCS table or row keeps one text of all of them: its index terms name the
    procedures of its codes ("Ventriculostomy"), so alone they would put the row, which no
    claim can carry, before the codes."""
    first = [title, short_title] if short_title else [title]
    own: list[str] = []
    seen = {title.casefold()}
    for term in terms:
        text = term["text"]
        if text.casefold() in seen:
            continue
        seen.add(text.casefold())
        if term.get("kind") in OWN_TEXT_TERMS and kind not in PCS_NODES:
            own.append(text)
        else:
            first.append(text)
    return [" ; ".join(first), *own]


def model_fingerprint(model: static_model.StaticModel) -> str:
    """Identifies the vectors a catalog's embeddings were made with: a query embedded by any
    other model would land in a different space."""
    return hashlib.sha256(model.vectors.tobytes()).hexdigest()[:16]


def quantise(vecs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows and their scales (``row / scale`` restores the vector)."""
    peak = np.abs(vecs).max(axis=1)
    scale = np.where(peak > 0, 127.0 / np.maximum(peak, 1e-12), 1.0).astype(np.float32)
    q8 = np.empty(vecs.shape, np.int8)
    for a in range(0, len(vecs), 16384):  # in blocks: no full-size float temporaries
        q8[a : a + 16384] = np.rint(vecs[a : a + 16384] * scale[a : a + 16384, None])
    return q8, scale


# -- build --------------------------------------------------------------------------------------
def build_embedding_index(conn: sqlite3.Connection, reporter: Reporter) -> None:
    """Indexer: embed every default-release concept and write the inverted-file index."""
    model = static_model.load()
    conn.executescript(DDL)
    ids, keys, vecs = _embed(conn, model, "", (), reporter)
    centroids = _kmeans(vecs, min(LISTS, max(1, len(ids) // 64)))
    q8, scale = _write(conn, ids, keys, vecs, _nearest(vecs, centroids), in_rows=False)
    del vecs, keys  # 130 MB the blobs' arrays need not sit on (the build's peak memory)
    conn.executemany("INSERT INTO embedding_lists VALUES (?, ?)",
                     ((i, c.astype(np.float32).tobytes()) for i, c in enumerate(centroids)))
    conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                 (META_MODEL, f"{model_fingerprint(model)}:{model.dims}"))
    write_index_blobs(conn, model.dims, _keyed(_key(ids[:, 0], ids[:, 1]), q8, scale))
    reporter.finish("embeddings")


NewEmbeddings = tuple[np.ndarray, list[tuple[str, int]], np.ndarray, np.ndarray, list["Split"]]


def prepare_embeddings(
    conn: sqlite3.Connection, where: str, args: tuple[object, ...]
) -> NewEmbeddings:
    """Appender step 1 (``catalog.append``): embed the default-release concepts matching
    ``where`` into the lists a full build trained, each joining its nearest list. The lists
    are not retrained; those the new rows crowd are split."""
    model = _appendable_model(conn)
    return _placed(conn, *_embed(conn, model, where, args, Reporter()))


def embeddings_of(conn: sqlite3.Connection, records: Sequence[tuple[int, Concept]]) -> Forked:
    """``prepare_embeddings`` from the release's records, (id, concept) in id order, before
    they are inserted: the embedding (the append's longest step) then runs on the other core
    beside the insert and the search rows instead of after them."""
    model = _appendable_model(conn)
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    return Forked(_embed_records, path, model, records)


def _embed_records(path: str, model: static_model.StaticModel,
                   records: Sequence[tuple[int, Concept]]) -> NewEmbeddings:
    """(In the forked process.) What ``_embed`` reads from the rows, from the records, in the
    same chunks; then placed as ``prepare_embeddings`` places them, read on a connection of
    this process's own."""
    ids: list[np.ndarray] = []
    vecs: list[np.ndarray] = []
    keys: list[tuple[str, int]] = []
    for start in range(0, len(records), CHUNK):
        texts: list[str] = []
        for cid, c in records[start:start + CHUNK]:
            mine = texts_of(c.title, [{"kind": t.kind, "text": t.text} for t in c.terms],
                            c.short_title, c.kind)
            ids.append(np.array([(cid, part) for part in range(len(mine))], np.int64))
            keys.extend([(c.system, int(c.billable))] * len(mine))
            texts.extend(mine)
        vecs.append(model.encode(texts))
    if not ids:
        got = np.zeros((0, 2), np.int64), keys, np.zeros((0, model.dims), np.float32)
    else:
        got = np.concatenate(ids), keys, np.concatenate(vecs)
    reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=600)
    try:
        return _placed(reader, *got)
    finally:
        reader.close()


def _appendable_model(conn: sqlite3.Connection) -> static_model.StaticModel:
    """The model, when it is the one the catalog's embeddings were made with."""
    model = static_model.load()
    stamp = conn.execute("SELECT value FROM meta WHERE key = ?", (META_MODEL,)).fetchone()
    if stamp is None or stamp[0] != f"{model_fingerprint(model)}:{model.dims}":
        raise CannotAppend("the catalog's embeddings were made by another model")
    return model


def _placed(conn: sqlite3.Connection, ids: np.ndarray, keys: list[tuple[str, int]],
            vecs: np.ndarray) -> NewEmbeddings:
    """New vectors each in its nearest list, and the lists they crowd split."""
    cent = conn.execute("SELECT centroid FROM embedding_lists ORDER BY list").fetchall()
    centroids = np.frombuffer(b"".join(r[0] for r in cent), np.float32).reshape(
        len(cent), vecs.shape[1])
    lists = _nearest(vecs, centroids)
    splits = _split_long_lists(conn, vecs, lists, len(centroids))
    return ids, keys, vecs, lists, splits


def write_embeddings(conn: sqlite3.Connection, new: NewEmbeddings, reporter: Reporter) -> None:
    """Appender step 2: store them, and the lists split for them; in the blobs, their
    vectors as a piece of their own, the stored ones left as they are."""
    ids, keys, vecs, lists, splits = new
    in_rows = has_row_vectors(conn)  # a catalog built before embedding_blobs stays as it was
    stamp_before = None if in_rows else _blob_stamp(conn).encode()
    for centroid_rows, moves in splits:
        conn.executemany("INSERT OR REPLACE INTO embedding_lists VALUES (?, ?)", centroid_rows)
        conn.executemany("UPDATE embeddings SET list = ? WHERE id = ? AND part = ?", moves)
    q8, scale = _write(conn, ids, keys, vecs, lists, in_rows)
    if in_rows:
        return
    moved = [m for _, moves in splits for m in moves]
    # The stored vectors stay as they are; their pieces' places and the small columns are
    # rewritten in the new order (see ``embedding_segments``).
    blobs = dict(conn.execute("SELECT name, data FROM embedding_blobs"
                              " WHERE name NOT LIKE '%q8'").fetchall())
    n_lists = conn.execute("SELECT count(*) FROM embedding_lists").fetchone()[0]
    if blobs.get("stamp") != stamp_before:
        raise CannotAppend("the catalog's meaning index does not match its rows")
    stored = _columns(blobs)
    prefixes = embedding_segments.piece_names(blobs)
    code = {name: i for i, name in enumerate(_systems(blobs))}
    system = np.array([code.setdefault(s, len(code)) for s, _ in keys], np.uint8)
    columns_now, places = embedding_segments.appended(
        stored, [None if blobs.get(f"{p}place") is None
                 else np.frombuffer(blobs[f"{p}place"], np.int32) for p in prefixes],
        embedding_segments.Columns(ids[:, 0], ids[:, 1], lists, system,
                                   np.array([b for _, b in keys], bool)),
        np.array([(i << PART_BITS) | p for _, i, p in moved], np.int64),
        np.array([li for li, _, _ in moved], np.int64))
    new_prefix = f"{int(prefixes[-1][:-1] or 0) + 1}:"
    # The new piece in the loader's order: its rows then lie in runs the loader divides
    # into place whole (``embedding_segments.dequantise``).
    by_place = np.argsort(places[-1], kind="stable")
    places[-1] = places[-1][by_place]
    conn.executemany("INSERT OR REPLACE INTO embedding_blobs VALUES (?, ?)", [
        *((f"{p}place", a.data) for p, a in zip([*prefixes, new_prefix], places, strict=True)),
        (f"{new_prefix}q8", np.ascontiguousarray(q8[by_place]).reshape(-1).data),
        (f"{new_prefix}scales", scale[by_place].data),
        *_column_blobs(columns_now, n_lists), ("systems", "\n".join(code).encode()),
        ("stamp", _blob_stamp(conn).encode())])


# (list, centroid), (list, id, part)
Split = tuple[list[tuple[int, bytes]], list[tuple[int, int, int]]]


def _split_long_lists(
    conn: sqlite3.Connection, vecs: np.ndarray, lists: np.ndarray, n: int
) -> list[Split]:
    """Split each list the new rows (``vecs``, assigned to ``lists``, updated in place) would
    make much longer than average into lists of average length, by k-means over its old and
    new rows: a query probing it then still scores a few hundred rows. A new system's
    concepts crowd into the few lists nearest their subject (100,000 made-up laboratory
    tests made one list 70 times the average). Returns each split's centroid rows and the
    moves of its old rows."""
    sizes = dict(conn.execute("SELECT list, count(*) FROM embeddings GROUP BY list").fetchall())
    added = np.bincount(lists, minlength=n)
    average = max(1, (sum(sizes.values()) + len(lists)) // max(1, n))
    long = [li for li in np.flatnonzero(added).tolist()
            if sizes.get(li, 0) + added[li] > SPLIT_FACTOR * average]
    if not long:
        return []
    dims = vecs.shape[1]
    where = f" FROM embeddings WHERE list IN ({','.join('?' * len(long))})"
    old: dict[int, list[tuple[int, int]]] = {li: [] for li in long}
    q8s: dict[int, list[bytes]] = {li: [] for li in long}
    scales: dict[int, list[float]] = {li: [] for li in long}
    if has_row_vectors(conn):  # one pass over the table, not one per list
        for li, cid, part, scale, vec in conn.execute(
                "SELECT list, id, part, scale, vec" + where, long):
            old[li].append((cid, part))
            scales[li].append(scale)
            q8s[li].append(vec)
    else:  # the same rows in the same order, their vectors from the blobs
        keys, q8, scale_of = stored_vectors(conn, dims)
        for li, cid, part in conn.execute("SELECT list, id, part" + where, long):
            at = int(np.searchsorted(keys, (cid << PART_BITS) | part))
            old[li].append((cid, part))
            scales[li].append(float(scale_of[at]))
            q8s[li].append(q8[at].tobytes())
    out: list[Split] = []
    for li, rows in old.items():
        new = np.flatnonzero(lists == li)
        restored = np.frombuffer(b"".join(q8s[li]), np.int8).reshape(
            len(rows), dims) / np.array(scales[li], np.float32)[:, None]
        both = np.concatenate([restored.astype(np.float32), vecs[new]])
        cent = _kmeans(both, len(both) // average)
        assign = _nearest(both, cent)
        # The first part keeps the list's number; the others are numbered after the last.
        numbers = np.array([li, *range(n, n + len(cent) - 1)])
        n += len(cent) - 1
        out.append((
            [(int(numbers[i]), cent[i].tobytes()) for i in range(len(cent))],
            [(int(numbers[a]), r[0], r[1])
             for a, r in zip(assign[: len(rows)], rows, strict=True)],
        ))
        lists[new] = numbers[assign[len(rows):]]
    return out


def _embed(
    conn: sqlite3.Connection, model: static_model.StaticModel, where: str,
    args: tuple[object, ...], reporter: Reporter,
) -> tuple[np.ndarray, list[tuple[str, int]], np.ndarray]:
    """Per vector: (concept id, part), (system, billable) and the unit vector, for the
    default-release concepts matching ``where``."""
    cond = "is_default = 1" + (f" AND {where}" if where else "")
    total = conn.execute(f"SELECT count(*) FROM concepts WHERE {cond}", args).fetchone()[0]
    reporter.start("embeddings", total)
    ids: list[np.ndarray] = []
    vecs: list[np.ndarray] = []
    keys: list[tuple[str, int]] = []  # (system, billable) per vector
    cursor = conn.execute(
        "SELECT id, system, billable, title, terms, short_title, kind FROM concepts"
        f" WHERE {cond} ORDER BY id", args
    )
    # In chunks: the concepts' terms are read once and dropped (a full list of them was a
    # quarter of the build's peak memory).
    while chunk := cursor.fetchmany(CHUNK):
        texts: list[str] = []
        for cid, system, billable, title, terms, short_title, kind in chunk:
            mine = concept_texts(title, terms, short_title, kind)
            ids.append(np.array([(cid, part) for part in range(len(mine))], np.int64))
            keys.extend([(system, billable)] * len(mine))
            texts.extend(mine)
        vecs.append(model.encode(texts))
        reporter.advance(len(chunk))
    if not ids:
        return np.zeros((0, 2), np.int64), keys, np.zeros((0, model.dims), np.float32)
    return np.concatenate(ids), keys, np.concatenate(vecs)


def _write(conn: sqlite3.Connection, ids: np.ndarray, keys: list[tuple[str, int]],
           vecs: np.ndarray, lists: np.ndarray, in_rows: bool) -> tuple[np.ndarray, np.ndarray]:
    """Insert a row per vector (with the vector itself when ``in_rows``: a catalog built
    before ``embedding_blobs``); returns the int8 vectors and their scales."""
    q8, scale = quantise(vecs)
    if in_rows:
        conn.executemany(
            "INSERT INTO embeddings (id, part, list, system, billable, scale, vec)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((int(i[0]), int(i[1]), int(li), k[0], k[1], float(s), v.tobytes())
             for i, li, k, s, v in zip(ids, lists, keys, scale, q8, strict=True)),
        )
    else:
        conn.executemany(
            "INSERT INTO embeddings (id, part, list, system, billable) VALUES (?, ?, ?, ?, ?)",
            ((int(i[0]), int(i[1]), int(li), k[0], k[1])
             for i, li, k in zip(ids, lists, keys, strict=True)),
        )
    return q8, scale


def _kmeans(vecs: np.ndarray, k: int) -> np.ndarray:
    """Spherical k-means on a seeded sample: unit centroids that partition by cosine."""
    if not len(vecs):
        return np.zeros((0, vecs.shape[1]), np.float32)
    rng = np.random.default_rng(SEED)
    sample = vecs[rng.choice(len(vecs), min(len(vecs), TRAIN_SAMPLE), replace=False)]
    sample = sample[np.linalg.norm(sample, axis=1) > 0]
    k = min(k, len(sample)) or 1
    cent = sample[rng.choice(len(sample), k, replace=False)].copy()
    for _ in range(KMEANS_ROUNDS):
        sums = _cluster_sums(sample, _nearest(sample, cent), len(cent))
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        cent = np.where(empty[:, None], cent, sums / np.maximum(norms, 1e-12))
    return cent.astype(np.float32)


def _cluster_sums(vecs: np.ndarray, assign: np.ndarray, k: int) -> np.ndarray:
    """Sum of the rows assigned to each cluster (by sorting: ``np.add.at`` is 10x slower)."""
    order = np.argsort(assign, kind="stable")
    ranked = assign[order]
    starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
    sums = np.zeros((k, vecs.shape[1]), np.float32)
    sums[ranked[starts]] = np.add.reduceat(vecs[order], starts, axis=0)
    return sums


def _nearest(vecs: np.ndarray, cent: np.ndarray) -> np.ndarray:
    out = np.zeros(len(vecs), np.int64)
    for start in range(0, len(vecs), 16384):
        out[start : start + 16384] = np.argmax(vecs[start : start + 16384] @ cent.T, axis=1)
    return out


# -- query ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Neighbour:
    id: int
    score: float  # cosine similarity


# The index as the loader holds it, sorted by list, then id, then part: ids (int64), system
# (uint8 codes), billable (bool), the systems' names, list offsets (int64), int8 vectors and
# their float32 scales. Stored so (``_column_blobs``) beside "parts" (int32, each row's part:
# not loaded, but with the ids each vector's key), "systems" (the names, one a line) and
# "stamp" (see _blob_stamp); the vectors in pieces (``embedding_segments``).
Stored = tuple[np.ndarray, np.ndarray, np.ndarray, list[str], np.ndarray, np.ndarray, np.ndarray]
# Vectors by key, keys ascending: the keys, the int8 vectors and their scales.
Keyed = tuple[np.ndarray, np.ndarray, np.ndarray]


class _Rows(NamedTuple):
    """``embeddings`` in the table's own order."""

    ids: np.ndarray
    parts: np.ndarray
    lists: np.ndarray
    system: np.ndarray  # uint8 codes of ``systems``
    billable: np.ndarray
    systems: list[str]
    q8: np.ndarray | None  # the vectors and scales of rows that hold them (built before
    scales: np.ndarray | None  # embedding_blobs), else None


def has_row_vectors(conn: sqlite3.Connection) -> bool:
    """Whether each ``embeddings`` row holds its vector (``scale``, ``vec``): a catalog built
    before ``embedding_blobs``, read and appended to that way."""
    return any(col[1] == "vec" for col in conn.execute("PRAGMA table_info(embeddings)"))


def _keyed(keys: np.ndarray, q8: np.ndarray, scales: np.ndarray) -> Keyed:
    if np.all(keys[1:] > keys[:-1]):  # a build's are (in id, part order): no copies
        return keys, q8, scales
    order = np.argsort(keys, kind="stable")
    return keys[order], q8[order], scales[order]


def _table(conn: sqlite3.Connection, dims: int, vectors: bool) -> _Rows:
    """``embeddings`` read into arrays, with the rows' own vectors when ``vectors``."""
    n = conn.execute("SELECT count(*) FROM embeddings").fetchone()[0]
    ids = np.zeros(n, np.int64)
    parts = np.zeros(n, np.int64)
    lists = np.zeros(n, np.int64)
    system = np.zeros(n, np.uint8)
    billable = np.zeros(n, bool)
    scales = np.zeros(n if vectors else 0, np.float32)
    q8 = np.zeros((n if vectors else 0, dims), np.int8)
    code: dict[str, int] = {}
    # In the table's own order, sorted by the caller with numpy: ORDER BY made SQLite sort
    # every row, vectors included, in a temporary B-tree (a fifth of the load), and filling
    # the columns one row at a time in Python was twice that.
    cursor = conn.execute("SELECT id, part, list, system, billable"
                          + (", scale, vec" if vectors else "") + " FROM embeddings")
    at = 0
    while rows := cursor.fetchmany(CHUNK):  # in chunks: no 200k-tuple peak in memory
        k = len(rows)
        part = slice(at, at + k)
        cols = list(zip(*rows, strict=True))
        ids[part] = cols[0]
        parts[part] = cols[1]
        lists[part] = cols[2]
        system[part] = [code.setdefault(s, len(code)) for s in cols[3]]
        billable[part] = cols[4]
        if vectors:
            scales[part] = cols[5]
            q8[part] = np.frombuffer(b"".join(cols[6]), np.int8).reshape(k, dims)
        at += k
    return _Rows(ids, parts, lists, system, billable, list(code),
                 q8 if vectors else None, scales if vectors else None)


def _order(rows: _Rows) -> np.ndarray:
    """The loader's order of the rows: by list, then id, then part."""
    return np.lexsort((rows.parts, rows.ids, rows.lists))


def _read_rows(conn: sqlite3.Connection, dims: int, n_lists: int) -> Stored:
    """The index from rows that hold their vectors (a catalog built before
    ``embedding_blobs``), sorted."""
    rows = _table(conn, dims, vectors=True)
    assert rows.q8 is not None and rows.scales is not None
    order = _order(rows)
    offsets = np.searchsorted(rows.lists[order], np.arange(n_lists + 1))
    return (rows.ids[order], rows.system[order], rows.billable[order], rows.systems, offsets,
            rows.q8[order], rows.scales[order])


def _blob_stamp(conn: sqlite3.Connection) -> str:
    """What the blobs were written from: the rows' count and last rowid and the lists'
    count (a guard: every writer of the rows rewrites the blobs)."""
    rows, last = conn.execute("SELECT count(*), coalesce(max(rowid), 0) FROM embeddings").fetchone()
    lists = conn.execute("SELECT count(*) FROM embedding_lists").fetchone()[0]
    return f"{rows}:{last}:{lists}"


def write_index_blobs(conn: sqlite3.Connection, dims: int, vectors: Keyed) -> None:
    """Write the index as the loader holds it into ``embedding_blobs``: the rows of
    ``embeddings``, each with its vector from ``vectors`` (by key; exactly the rows')."""
    rows = _table(conn, dims, vectors=False)
    keys, q8, scales = vectors
    want = _key(rows.ids, rows.parts)
    if not np.array_equal(np.sort(want), keys):
        raise ValueError("the vectors given are not the embeddings rows' vectors")
    at = np.searchsorted(keys, want)
    _write_blobs(conn, rows._replace(q8=q8[at], scales=scales[at]))


def _write_blobs(conn: sqlite3.Connection, rows: _Rows) -> None:
    """Write ``rows`` (with their vectors; the table's, in any order) sorted into
    ``embedding_blobs``."""
    stamp = _blob_stamp(conn)
    if int(stamp.split(":")[0]) != len(rows.ids):
        raise ValueError("the rows given are not the embeddings table's")
    assert rows.q8 is not None and rows.scales is not None
    n_lists = conn.execute("SELECT count(*) FROM embedding_lists").fetchone()[0]
    order = _order(rows)
    columns = embedding_segments.Columns(rows.ids[order], rows.parts[order], rows.lists[order],
                                         rows.system[order], rows.billable[order])
    # Bound as views of the arrays (SQLite copies them in): no bytes copies of 30 MB.
    blobs: list[tuple[str, memoryview | bytes]] = [
        *_column_blobs(columns, n_lists),
        ("q8", np.ascontiguousarray(rows.q8[order], np.int8).reshape(-1).data),
        ("scales", np.ascontiguousarray(rows.scales[order], np.float32).data),
        ("systems", "\n".join(rows.systems).encode()), ("stamp", stamp.encode())]
    conn.execute("DELETE FROM embedding_blobs")
    conn.executemany("INSERT INTO embedding_blobs VALUES (?, ?)", blobs)


def _column_blobs(columns: embedding_segments.Columns, n_lists: int
                  ) -> list[tuple[str, memoryview]]:
    """The blobs of the index's small columns (rows in the loader's order): ids, system,
    billable, list offsets, and "parts" (not loaded, but with the ids each vector's key)."""
    offsets = np.searchsorted(columns.lists, np.arange(n_lists + 1))
    return [(name, np.ascontiguousarray(a, dtype).reshape(-1).data) for name, dtype, a in (
        ("ids", np.int64, columns.ids), ("system", np.uint8, columns.system),
        ("billable", np.bool_, columns.billable), ("offsets", np.int64, offsets),
        ("parts", np.int32, columns.parts))]


def _columns(blobs: dict[str, bytes]) -> embedding_segments.Columns:
    """The small columns ``_column_blobs`` wrote."""
    offsets = np.frombuffer(blobs["offsets"], np.int64)
    return embedding_segments.Columns(
        np.frombuffer(blobs["ids"], np.int64), np.frombuffer(blobs["parts"], np.int32),
        np.repeat(np.arange(len(offsets) - 1), np.diff(offsets)),
        np.frombuffer(blobs["system"], np.uint8), np.frombuffer(blobs["billable"], np.bool_))


def _systems(blobs: dict[str, bytes]) -> list[str]:
    return blobs["systems"].decode().split("\n") if blobs["systems"] else []


def _read_blobs(conn: sqlite3.Connection, dims: int, n_lists: int) -> Stored:
    """The index from ``embedding_blobs`` (a build's arrays share the blobs' memory,
    read-only; an appended-to index's vectors are gathered into new ones)."""
    columns, systems, stored = _load_blobs(conn, dims, n_lists)
    return (columns.ids, columns.system, columns.billable, systems, columns.offsets,
            *embedding_segments.gathered(stored, dims))


class _Loaded(NamedTuple):
    ids: np.ndarray
    parts: np.ndarray
    system: np.ndarray
    billable: np.ndarray
    offsets: np.ndarray


def _load_blobs(conn: sqlite3.Connection, dims: int, n_lists: int
                ) -> tuple[_Loaded, list[str], list[embedding_segments.Piece]]:
    """The blobs' small columns, systems and pieces of vectors (``embedding_segments``)."""
    blobs = dict(conn.execute("SELECT name, data FROM embedding_blobs").fetchall())
    ids = np.frombuffer(blobs.get("ids", b""), np.int64)
    offsets = np.frombuffer(blobs.get("offsets", b""), np.int64)
    if (blobs.get("stamp") != _blob_stamp(conn).encode() or len(offsets) != n_lists + 1
            or len(blobs.get("parts", b"")) != 4 * len(ids)):
        raise CatalogError(MISMATCH)
    try:
        stored = embedding_segments.pieces(blobs, len(ids), dims)
    except ValueError as exc:
        raise CatalogError(MISMATCH) from exc
    loaded = _Loaded(ids, np.frombuffer(blobs["parts"], np.int32),
                     np.frombuffer(blobs.get("system", b""), np.uint8),
                     np.frombuffer(blobs.get("billable", b""), np.bool_), offsets)
    return loaded, _systems(blobs), stored


MISMATCH = ("the catalog's meaning index (embedding_blobs) does not match its rows: rebuild it"
            " with `medcodes build`")


def _stored_rows(conn: sqlite3.Connection, dims: int) -> _Rows:
    """The rows and vectors ``embedding_blobs`` holds, in the loader's order."""
    n_lists = conn.execute("SELECT count(*) FROM embedding_lists").fetchone()[0]
    # The parts, stored beside the index that does not need them, give each row's key
    # without reading the 200k+ rows again (0.3 s of an append, twice).
    loaded, systems, stored = _load_blobs(conn, dims, n_lists)
    lists = np.repeat(np.arange(n_lists), np.diff(loaded.offsets))
    return _Rows(loaded.ids, loaded.parts.astype(np.int64), lists, loaded.system,
                 loaded.billable, systems, *embedding_segments.gathered(stored, dims))


def stored_vectors(conn: sqlite3.Connection, dims: int) -> Keyed:
    """Every stored vector by key, wherever the catalog keeps them (for the appender and the
    tests)."""
    rows = _stored_rows(conn, dims) if not has_row_vectors(conn) else _table(conn, dims, True)
    assert rows.q8 is not None and rows.scales is not None
    return _keyed(_key(rows.ids, rows.parts), rows.q8, rows.scales)


class MeaningIndex:
    """The catalog's embeddings in memory, grouped by inverted list."""

    def __init__(self, conn: sqlite3.Connection, model: static_model.StaticModel,
                 encoder: sentence_encoder.QueryEncoder | None = None) -> None:
        started = time.perf_counter()
        self.model = model
        self.encoder = encoder
        cent = conn.execute("SELECT centroid FROM embedding_lists ORDER BY list").fetchall()
        self.centroids = np.frombuffer(b"".join(r[0] for r in cent), np.float32).reshape(
            len(cent), model.dims)
        dims = model.dims
        if has_row_vectors(conn):
            stored = _read_rows(conn, dims, len(cent))
            self.ids, self.system, self.billable, self.systems, self.offsets = stored[:5]
            pieces: list[embedding_segments.Piece] = [(stored[5], stored[6], None)]
        else:
            loaded, self.systems, pieces = _load_blobs(conn, dims, len(cent))
            self.ids, self.system, self.billable = loaded.ids, loaded.system, loaded.billable
            self.offsets = loaded.offsets
            del loaded
        # Dequantised once: a query then reads float32 rows with no conversion. Divided into
        # place (the same float32 division as ``q8 / scale``): no temporary to copy.
        self.vecs = np.empty((len(self.ids), dims), np.float32)
        embedding_segments.dequantise(pieces, self.vecs)
        del pieces
        self._kept: dict[int, tuple[Any, ...]] = {}  # see concept_rows
        self.load_seconds = time.perf_counter() - started

    @property
    def nbytes(self) -> int:
        return int(self.vecs.nbytes + self.ids.nbytes + self.system.nbytes
                   + self.billable.nbytes + self.centroids.nbytes)

    def concept_rows(self, conn: sqlite3.Connection, ids: list[int]
                     ) -> dict[int, tuple[Any, ...]]:
        """``concept_rows`` of ``ids``, kept once read (up to ``ROW_CACHE``, then the older
        half goes): a query's neighbours are mostly the last query's (a word typed on, a
        word added), and reading them from SQLite was most of a meaning list's rows."""
        cache = self._kept
        out: dict[int, tuple[Any, ...]] = {}
        missing = []
        for i in ids:
            row = cache.get(i)
            if row is None:
                missing.append(i)
            else:
                out[i] = row
        if missing:
            read = concept_rows(conn, missing)
            if len(cache) + len(read) > ROW_CACHE:
                for i in list(cache)[: len(cache) // 2]:
                    cache.pop(i, None)
            cache.update(read)
            out.update(read)
        return out

    def _rows(self, lists: np.ndarray) -> np.ndarray:
        """Row numbers of every concept in ``lists`` (each list is a contiguous block)."""
        starts = self.offsets[lists]
        lengths = self.offsets[lists + 1] - starts
        shift = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        return np.arange(int(lengths.sum())) + shift

    def embed(self, text: str, in_context: bool = True) -> np.ndarray:
        """The query's vector: read in context by the sentence encoder when there is one and
        ``in_context`` (a few milliseconds), else the static model's mean (microseconds)."""
        if in_context and self.encoder is not None:
            return self.encoder.encode(text)
        return self.model.encode([text])[0]

    def readings(self, text: str, systems: tuple[str, ...] = (), in_context: bool = True
                 ) -> list[tuple[np.ndarray, tuple[str, ...]]]:
        """The query's vector for each group of ``systems`` (empty: all) it is compared with.

        Read in context, a query finds what it says in other words far better ("can't
        breathe when lying flat"), but its vector is the teacher's carried into the static
        space (held-out cosine 0.95), and ICD-10-PCS codes one axis apart are closer than
        that: ICD-10-PCS and imported systems keep the static reading, whose words match
        their titles' words (``IN_CONTEXT_SYSTEMS``)."""
        if not in_context or self.encoder is None:
            return [(self.model.encode([text])[0], systems)]
        wanted = systems or tuple(self.systems)
        plain = tuple(s for s in wanted if s in IN_CONTEXT_SYSTEMS)
        others = tuple(s for s in wanted if s not in IN_CONTEXT_SYSTEMS)
        out: list[tuple[np.ndarray, tuple[str, ...]]] = []
        if plain:
            out.append((self.encoder.encode(text), plain))
        if others:
            out.append((self.model.encode([text])[0], others))
        return out

    def nearest(self, query: np.ndarray, k: int, systems: tuple[str, ...] = (),
                billable: bool | None = None, probe: int = PROBE) -> list[Neighbour]:
        """The ``k`` concepts closest to the unit vector ``query`` within the probed lists,
        restricted to ``systems`` / ``billable``; probes more lists until ``k`` qualify."""
        if not len(self.ids) or not np.any(query):
            return []
        want_sys = None
        if systems:
            known = [self.systems.index(s) for s in systems if s in self.systems]
            if not known:
                return []
            want_sys = np.array(known, np.uint8)
        closeness = _dot(self.centroids, query)
        order = _best_first(closeness, probe)
        probe = min(probe, len(closeness))
        if want_sys is None and billable is None:
            # Each list is a contiguous block of rows: score the blocks where they lie
            # rather than gathering them into a copy first (0.2 ms -> 0.09 ms), and take
            # their ids the same way (no row numbers needed).
            while True:
                lists = order[:probe]
                rows = int((self.offsets[lists + 1] - self.offsets[lists]).sum())
                if rows >= k or probe >= len(closeness):
                    break
                probe = min(len(closeness), probe * 4)
                order = _best_first(closeness, probe)
            if not rows:
                return []
            # Into one array, block by block (the same BLAS call on each block as ever, so
            # the same bits: its rounding depends on a row's place in the block); the ids
            # are read for the best rows only.
            starts = self.offsets[lists]
            ends = self.offsets[lists + 1]
            scores = np.empty(rows, np.float32)
            at = 0
            for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
                np.dot(self.vecs[a:b], query, out=scores[at : at + b - a])
                at += b - a
            # Row of the score at place p: p + shift[block], blocks starting at ``firsts``.
            firsts = np.cumsum(ends - starts) - (ends - starts)
            shift = starts - firsts

            def ids_at(top: np.ndarray) -> np.ndarray:
                block = np.searchsorted(firsts, top, side="right") - 1
                return self.ids[top + shift[block]]

            return _closest_concepts(ids_at, scores, k)
        while True:
            idx = self._rows(order[:probe])
            if want_sys is not None:
                idx = idx[np.isin(self.system[idx], want_sys)]
            if billable is not None:
                idx = idx[self.billable[idx] == billable]
            if len(idx) >= k or probe >= len(closeness):
                break
            probe = min(len(closeness), probe * 4)
            order = _best_first(closeness, probe)
        if not len(idx):
            return []
        ids = self.ids[idx]
        return _closest_concepts(ids.__getitem__, _dot(self.vecs[idx], query), k)


def _closest_concepts(ids_at: Callable[[np.ndarray], np.ndarray], scores: np.ndarray, k: int
                      ) -> list[Neighbour]:
    """The ``k`` concepts with the best-scoring vectors, each once, at its best text
    (``ids_at``: the concept ids of the vectors at some places of ``scores``)."""
    m = min(len(scores), 2 * k)  # most concepts have one text: 2k rows nearly always do
    while True:
        top = np.argpartition(-scores, m - 1)[:m] if len(scores) > m else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        out: list[Neighbour] = []
        seen: set[int] = set()
        # As Python ints and floats in one step each (not one numpy scalar per row).
        for cid, score in zip(ids_at(top).tolist(), scores[top].tolist(), strict=True):
            if cid not in seen:
                seen.add(cid)
                out.append(Neighbour(cid, score))
                if len(out) == k:
                    return out
        if m >= len(scores):
            return out
        m = min(len(scores), 4 * m)


def _best_first(scores: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` highest scores, highest first (no full sort of 1,024 lists)."""
    if n >= len(scores):
        return np.argsort(-scores)
    top = np.argpartition(-scores, n - 1)[:n]
    return top[np.argsort(-scores[top])]


def _dot(rows: np.ndarray, query: np.ndarray) -> np.ndarray:
    """``rows @ query`` without BLAS: a few thousand rows are too few to gain from BLAS
    threads, and on a busy machine (several workers, two cores) waiting for those threads
    costs milliseconds."""
    return np.einsum("ij,j->i", rows, query)


_lock = threading.Lock()


def meaning_index(cat: Catalog) -> MeaningIndex | None:
    """The catalog's meaning index, loaded on first use and kept on the Catalog; None when the
    catalog has no embeddings or they were made by another model."""
    holder: list[MeaningIndex | None] | None = getattr(cat, "_meaning", None)
    if holder is not None:
        return holder[0]
    with _lock:
        holder = getattr(cat, "_meaning", None)
        if holder is not None:
            return holder[0]
        index: MeaningIndex | None = None
        stamp = cat.meta.get(META_MODEL)
        if stamp:
            model = static_model.load()
            fingerprint = model_fingerprint(model)
            if stamp == f"{fingerprint}:{model.dims}":
                index = MeaningIndex(cat.conn, model, sentence_encoder.load(fingerprint))
        cat._meaning = [index]  # type: ignore[attr-defined]
        return index


def share_meaning_index(source: Catalog, target: Catalog) -> None:
    """Give ``target`` (the same file, opened again, e.g. in a forked worker) the meaning
    index ``source`` loaded, instead of reading it a second time."""
    holder = getattr(source, "_meaning", None)
    if holder is not None:
        target._meaning = holder  # type: ignore[attr-defined]


def filter_ids(conn: sqlite3.Connection, ids: list[int], filters: Filters) -> list[int]:
    """``ids`` (in order) that pass every filter: the SQL of Filters over concepts."""
    if not ids:
        return []
    where, args = filters.sql()
    placeholders = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT c.id FROM concepts c WHERE c.id IN ({placeholders}) AND {where}", [*ids, *args]
    ).fetchall()
    keep = {r[0] for r in rows}
    return [i for i in ids if i in keep]


def needs_sql_filter(filters: Filters) -> bool:
    """Kind, chapter and code range are not held in memory: they filter by SQL."""
    return bool(filters.kind or filters.chapter or filters.code_range)


def concept_rows(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[Any, ...]]:
    """(system, code, title, kind, billable, chapter) by id."""
    if not ids:
        return {}
    rows = conn.execute(
        "SELECT id, system, code, title, kind, billable, chapter FROM concepts"
        f" WHERE id IN ({','.join('?' * len(ids))})", ids,
    ).fetchall()
    return {r[0]: r[1:] for r in rows}
