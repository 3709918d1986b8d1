"""Many queries at once, for claims files and data pipelines (``medcodes search -``).

One record per query, in input order. A search is a few milliseconds of CPU, so a long batch
is spread over worker processes, one per core: each opens the catalog itself (SQLite
connections must not cross a fork) and shares the parent's meaning index, loaded once before
the fork, copy-on-write. Queries go to the workers in small chunks, so the first records come
out while later lines are still being read.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from medcodes.catalog import columns
from medcodes.catalog.reader import Catalog
from medcodes.search.embeddings import meaning_index, share_meaning_index
from medcodes.search.types import QueryError

CHUNK = 32  # queries per task: large enough to amortise the hop, small enough to stream
MIN_PARALLEL = 2 * CHUNK  # shorter batches run in process: a pool costs more than it saves


def default_jobs() -> int:
    """One worker per core this process may use, at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(8, cores))


def record(cat: Catalog, query: str, options: dict[str, Any]) -> dict[str, object]:
    """The batch record of one query: what it was read as, the hits, or the error."""
    out: dict[str, object] = {"query": query}
    try:
        r = cat.search(query, **options)
    except QueryError as exc:
        out["error"] = str(exc)
        out["results"] = []
        return out
    out["interpreted_as"] = r.interpreted_as
    out["total"] = r.total
    out["corrections"] = r.corrections
    out["results"] = [
        {"system": h.system, "code": h.code, "title": h.title, "billable": h.billable,
         "score": h.score}
        for h in r.hits
    ]
    return out


def json_lines(
    cat: Catalog, queries: Iterable[str], options: dict[str, Any], jobs: int = 1
) -> Iterator[str]:
    """One JSON line (with its newline) per query, in input order."""
    it = iter(queries)
    head = list(islice(it, MIN_PARALLEL))
    if jobs <= 1 or len(head) < MIN_PARALLEL:
        for q in (*head, *it):
            yield columns.dump(record(cat, q, options)) + "\n"
        return
    meaning_index(cat)  # loaded here once, shared with every worker
    global _parent
    _parent = (cat, options)
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs, initializer=_start_worker) as pool:
        for lines in pool.imap(_run_chunk, _chunks(head, it)):
            yield from lines


def _chunks(head: list[str], rest: Iterator[str]) -> Iterator[list[str]]:
    for at in range(0, len(head), CHUNK):
        yield head[at : at + CHUNK]
    while chunk := list(islice(rest, CHUNK)):
        yield chunk


# -- in the worker processes -------------------------------------------------------------------
_parent: tuple[Catalog, dict[str, Any]] | None = None
_worker: tuple[Catalog, dict[str, Any]] | None = None


def _start_worker() -> None:
    global _worker
    assert _parent is not None
    parent, options = _parent
    cat = Catalog(parent.path)
    share_meaning_index(parent, cat)
    _worker = (cat, options)


def _run_chunk(queries: list[str]) -> list[str]:
    assert _worker is not None
    cat, options = _worker
    return [columns.dump(record(cat, q, options)) + "\n" for q in queries]
