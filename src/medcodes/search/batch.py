"""Many queries at once, for claims files and data pipelines (``medcodes search -``).

One record per query, in input order. A search is a few milliseconds of CPU, so a long batch
is spread over worker processes, one per core. The parent loads and warms what every search
reads (the meaning index, the vocabulary, the speller's tables, ...) once, before the fork, and
the workers share it copy-on-write, each with SQLite connections of its own (connections must
not cross a fork). Queries go to the workers in small chunks, so the first records come out
while later lines are still being read.

The cycle collector is kept off what was loaded for good (``quiet_heap``): those few hundred
thousand objects live until the process ends, and every collection that walked them again
took about a fifth of a batch's CPU (a full one 0.25 s, a few times a thousand queries).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from medcodes.catalog import columns
from medcodes.catalog.reader import Catalog
from medcodes.search.blas_threads import one_blas_thread
from medcodes.search.embeddings import meaning_index
from medcodes.search.engine import engine_for
from medcodes.search.lay_meaning import warm as warm_lay_meaning
from medcodes.search.types import QueryError

CHUNK = 32  # queries per task: large enough to amortise the hop, small enough to stream
TAIL = 4  # the smallest task, at the end of a batch
MIN_PARALLEL = 2 * CHUNK  # shorter batches run in process: a pool costs more than it saves
YOUNG = 10_000  # allocations between young collections once the heap is settled (CPython: 700)


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
    one_blas_thread()  # the workers fork with it (``blas_threads``)
    it = iter(queries)
    head = list(islice(it, MIN_PARALLEL))
    with quiet_heap():
        if jobs <= 1 or len(head) < MIN_PARALLEL:
            for n, q in enumerate((*head, *it)):
                yield columns.dump(record(cat, q, options)) + "\n"
                if n == 0:
                    settle_heap()  # what the first search loaded stays
            return
        warm(cat, options)  # loaded here once, shared with every worker
        settle_heap()
        global _parent
        _parent = (cat, options)
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(jobs, initializer=_start_worker) as pool:
            for lines in pool.imap(_run_chunk, _chunks(head, it, jobs)):
                yield from lines


def warm(cat: Catalog, options: dict[str, Any]) -> None:
    """Load what every worker's searches would each load again: the meaning index, what a
    first search reads (the vocabulary, the engine's tables), the speller's tables (which the
    first misspelled word reads, ~0.25 s) and the curated lay phrases' vectors (~0.1 s)."""
    index = meaning_index(cat)
    with contextlib.suppress(QueryError):
        cat.search("warm up", **options)
    engine_for(cat).speller.warm()
    if index is not None:
        warm_lay_meaning(index.model)


@contextlib.contextmanager
def quiet_heap() -> Iterator[None]:
    """No cycle collection while the batch loads what it keeps (the collector's walks of the
    meaning index's rows as they were read were 0.1 s of start-up) until ``settle_heap``; the
    collector as it was afterwards."""
    enabled, threshold = gc.isenabled(), gc.get_threshold()
    gc.disable()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if enabled:
            gc.enable()


def settle_heap() -> None:
    """Freeze what was loaded (never walked by the collector again; a fork's workers then do
    not copy its pages by walking it either) and collect the searches' garbage cycles from
    now on, less often than CPython's default."""
    gc.freeze()
    gc.set_threshold(YOUNG, *gc.get_threshold()[1:])
    gc.enable()


def _chunks(head: list[str], rest: Iterator[str], jobs: int) -> Iterator[list[str]]:
    """``CHUNK`` queries a task, and smaller ones at the end: a worker given the last full
    chunk while the others had nothing left kept them idle for most of a chunk's time (~0.2 s
    of a 1,000-line batch's ~4 s). Lines are read ``jobs`` chunks ahead, so the end is seen
    coming; what is left then goes out in tasks of half a worker's share (at least 4 lines)."""
    pending = deque(head)
    ahead = CHUNK * (jobs + 1)
    for line in rest:
        pending.append(line)
        if len(pending) >= ahead:
            yield [pending.popleft() for _ in range(CHUNK)]
    while len(pending) >= ahead:  # a long head
        yield [pending.popleft() for _ in range(CHUNK)]
    while pending:
        size = min(len(pending), max(TAIL, min(CHUNK, len(pending) // (2 * jobs))))
        yield [pending.popleft() for _ in range(size)]


# -- in the worker processes -------------------------------------------------------------------
_parent: tuple[Catalog, dict[str, Any]] | None = None
_worker: tuple[Catalog, dict[str, Any]] | None = None


def _start_worker() -> None:
    global _worker
    assert _parent is not None
    cat, options = _parent
    cat.forked()  # the parent's warm catalog, with connections of this process
    _worker = (cat, options)


def _run_chunk(queries: list[str]) -> list[str]:
    assert _worker is not None
    cat, options = _worker
    return [columns.dump(record(cat, q, options)) + "\n" for q in queries]
