"""Appended pieces of the meaning index's vectors: an append writes its own vectors only.

A build writes the index as the loader holds it (``embeddings.BLOB_NAMES``: sorted by list,
id, part). An append read all those blobs back, added its rows, sorted them all and wrote
them all again: 42 MB rewritten for a 100,000-test LOINC import onto the bundled catalog,
whose own vectors were 13 MB of it. Now the vectors (int8 rows and scales, nine tenths of
the index) stay where they were written, in pieces: the build's (``q8``, ``scales``), then
one per append (``"<n>:q8"``, ``"<n>:scales"``), each with ``place``: where each of its
rows goes in the loader's order (the build's has none until an append moves its rows). An
append rewrites only the small columns in that order (ids, parts, system, billable, list
offsets: 6 MB) and the places. The loader divides each piece's vectors into their places,
with no merge at load: the same arrays, bit for bit, as a rewrite made, in the same time
and memory.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

PART_BITS = 20  # a vector's key: its concept id shifted left by this, or'd with its part
CHUNK = 8192  # rows divided into place at a time (as the loader always did)
SCATTER = 1024  # rows divided at a time into other places: a 0.5 MB float32 temporary
MIN_RUN = 32  # a piece's rows in a row, on average, for dividing run by run

# A piece's int8 vectors, their scales, and their places in the loader's order (None: the
# build's piece, in that order itself).
Piece = tuple[np.ndarray, np.ndarray, np.ndarray | None]


def key(ids: np.ndarray, parts: np.ndarray) -> np.ndarray:
    """One int64 per (concept id, part), ordered as the pairs are."""
    return (np.asarray(ids, np.int64) << PART_BITS) | np.asarray(parts, np.int64)


def piece_names(names: Mapping[str, object]) -> list[str]:
    """The blob-name prefixes of the stored pieces, in the order they were written: "" for
    the build's, then ``"<n>:"`` for the n-th append's."""
    numbers = sorted({int(name.partition(":")[0]) for name in names if ":" in name})
    return ["", *(f"{n}:" for n in numbers)]


def pieces(blobs: Mapping[str, bytes], rows: int, dims: int) -> list[Piece]:
    """The stored pieces of ``blobs`` (the arrays share the blobs' memory); ValueError when
    they do not hold ``rows`` rows of ``dims`` between them, each in one place."""
    out: list[Piece] = []
    for prefix in piece_names(blobs):
        scales = np.frombuffer(blobs.get(f"{prefix}scales", b""), np.float32)
        q8 = np.frombuffer(blobs.get(f"{prefix}q8", b""), np.int8)
        place = blobs.get(f"{prefix}place")
        at = None if place is None else np.frombuffer(place, np.int32)
        if q8.size != len(scales) * dims or (at is not None and len(at) != len(scales)):
            raise ValueError("a piece's vectors, scales and places differ in length")
        out.append((q8.reshape(len(scales), dims), scales, at))
    if sum(len(s) for _, s, _ in out) != rows or (len(out) > 1 and out[0][2] is None):
        raise ValueError("the pieces do not hold the index's rows")
    return out


def dequantise(stored: list[Piece], out: np.ndarray) -> None:
    """Each piece's vectors divided by their scales (the float32 division of ``q8 / scale``)
    into their places in ``out``: run by run where a piece's rows lie in a row (an append
    adds rows between the stored ones, which mostly keep their order), scattered where the
    runs are short (a copy of the rows through a temporary: 17% more load CPU)."""
    for q8, scales, place in stored:
        if place is None:
            for a in range(0, len(scales), CHUNK):
                np.divide(q8[a : a + CHUNK], scales[a : a + CHUNK, None],
                          out=out[a : a + CHUNK])
            continue
        breaks = np.flatnonzero(np.diff(place) != 1) + 1
        if len(breaks) * MIN_RUN > len(place):
            for a in range(0, len(scales), SCATTER):
                b = a + SCATTER
                out[place[a:b]] = np.divide(q8[a:b], scales[a:b, None], dtype=np.float32)
            continue
        starts = np.concatenate(([0], breaks)).tolist()
        ends = np.concatenate((breaks, [len(place)])).tolist()
        for a, b, to in zip(starts, ends, place[starts].tolist(), strict=True):
            np.divide(q8[a:b], scales[a:b, None], out=out[to : to + b - a])


def gathered(stored: list[Piece], dims: int) -> tuple[np.ndarray, np.ndarray]:
    """The int8 vectors and scales in the loader's order."""
    if len(stored) == 1 and stored[0][2] is None:
        return stored[0][0], stored[0][1]
    n = sum(len(scales) for _, scales, _ in stored)
    q8 = np.empty((n, dims), np.int8)
    scales = np.empty(n, np.float32)
    for piece_q8, piece_scales, place in stored:
        q8[place] = piece_q8
        scales[place] = piece_scales
    return q8, scales


class Columns(NamedTuple):
    """The index's rows in the loader's order (by list, then id, then part), but vectors."""

    ids: np.ndarray
    parts: np.ndarray
    lists: np.ndarray
    system: np.ndarray
    billable: np.ndarray


def appended(old: Columns, places: list[np.ndarray | None], new: Columns,
             moves: np.ndarray, moved_to: np.ndarray) -> tuple[Columns, list[np.ndarray]]:
    """``old`` with the rows of keys ``moves`` moved to lists ``moved_to`` and ``new`` added,
    in the loader's order; and the places of the stored pieces (``places``) and of the new
    one in it. ValueError when a moved row is not in ``old``."""
    lists = old.lists.copy()
    if len(moves):
        keys = key(old.ids, old.parts)
        by = np.argsort(keys)
        found = by[np.minimum(np.searchsorted(keys, moves, sorter=by), len(by) - 1)]
        if not np.array_equal(keys[found], moves):
            raise ValueError("a moved row is not among the stored rows")
        lists[found] = moved_to
    both = Columns(*(np.concatenate([a, b]) for a, b in zip(old._replace(lists=lists), new,
                                                             strict=True)))
    order = np.lexsort((both.parts, both.ids, both.lists))
    now = np.empty(len(order), np.int32)  # each row's place, by its place before
    now[order] = np.arange(len(order), dtype=np.int32)
    moved = [now[: len(old.ids)] if p is None else now[p] for p in places]
    return Columns(*(a[order] for a in both)), [*moved, now[len(old.ids):]]
