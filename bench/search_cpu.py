"""Where a ``/api/v1/search`` (or ``--endpoint suggest``: ``/api/v1/suggest``) request's CPU
goes, in process, over bench/http.py's queries.

bench/http.py measures the server's CPU per request from outside; this replays the same kind
of request list (``http.query_list`` without the held-out judges' sets: codes, words, the
curated queries and every typing prefix of them, shuffled) through the app itself (the hot
path of ``web.hot`` over ASGI, the worker's warm-up and heap keeper, the response cache off,
each query new to the process as under the bench), and times the parts: the word ranking
(parsing, retrieval, re-rank, PCS tables, snippets, facets), the hybrid merge, the JSON, and
the garbage collector. Parts are inclusive (``rank_words`` holds the re-rank); the HTTP layer
outside the app (uvicorn, httptools) is not here: about 0.1 ms a request, measured with empty
queries against ``medcodes serve``.

``--ab NAME=SRC NAME=SRC`` runs one worker per source tree instead and sends them the same
requests in lockstep, alternating which goes first, so both see the same load on a shared
machine; it prints each tree's CPU per request. A first pass warms the process (``--warm``
requests, as the bench's first seconds do) and is not counted.

``--again`` sends the measured requests a second time and splits that pass too: what the
same requests cost once the process knows their titles, rows and words, so the difference is
the first-time work of the queries new to a worker (bench/http.py's load is mostly new).

``--endpoint suggest`` sends the same queries to ``/api/v1/suggest`` instead, as bench/http.py
sends its typeahead load (the same list, ``?q=`` only), and splits the typeahead's parts.

    PYTHONPATH=src python bench/search_cpu.py --db CAT [--warm 1500] [--n 2000]
    python bench/search_cpu.py --db CAT --ab base=/work/main/src new=src
    python bench/search_cpu.py --db CAT --endpoint suggest --ab base=/work/main/src new=src
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import functools
import gc
import importlib.util
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent


def bench_queries() -> list[str]:
    """bench/http.py's shuffled query list, without the held-out judges' sets."""
    spec = importlib.util.spec_from_file_location("http_bench", HERE / "http.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["http_bench"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    queries: list[str] = module.query_list(held_out=False)
    return queries


def open_app(db: str) -> Any:
    """The app as a served worker runs it: warmed up, heap settled, no response cache."""
    os.environ["MEDCODES_WARMUP"] = "1"
    os.environ["MEDCODES_RESPONSE_CACHE"] = "0"
    from medcodes.web.app import create_app

    return create_app(db)


ENDPOINTS = {"search": "/api/v1/search", "suggest": "/api/v1/suggest"}


async def get(app: Any, query: str, path: str = ENDPOINTS["search"]) -> tuple[int, bytes]:
    """One ``GET {path}?q=...`` (``/api/v1/search`` unless told) through the app's ASGI entry."""
    scope = {"type": "http", "method": "GET", "path": path,
             "raw_path": path.encode(), "query_string": urlencode({"q": query}).encode(),
             "headers": [(b"host", b"127.0.0.1")], "root_path": "", "scheme": "http",
             "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1), "http_version": "1.1",
             "asgi": {"version": "3.0"}}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


class Parts:
    """Inclusive CPU time of named functions (the outermost call of each), and of the GC."""

    def __init__(self) -> None:
        self.cpu: collections.Counter[str] = collections.Counter()
        self.calls: collections.Counter[str] = collections.Counter()
        self._gc_start = 0.0
        gc.callbacks.append(self._gc)

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_start = time.process_time()
        else:
            self.cpu[f"gc (generation {info['generation']})"] += (
                time.process_time() - self._gc_start)

    def wrap(self, owner: Any, name: str, label: str) -> None:
        func = getattr(owner, name)
        depth = [0]

        @functools.wraps(func)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if depth[0]:
                return func(*args, **kwargs)
            depth[0] += 1
            start = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                self.cpu[label] += time.process_time() - start
                self.calls[label] += 1
                depth[0] -= 1

        setattr(owner, name, timed)


def instrument(parts: Parts) -> None:
    """Time the parts of a search request, each under its label (indented: within the one
    above)."""
    from medcodes.search import bm25, engine, hybrid
    from medcodes.web import api

    for owner, name, label in (
        (api, "search", "search (library, all of it)"),
        (engine, "parse", "  parse the query"),
        (engine.Engine, "rank_words", "  word ranking"),
        (engine.Engine, "_scan", "    retrieval (postings, BM25, rows)"),
        (bm25.Bm25, "first_arrays", "      postings and BM25"),
        (engine, "rerank", "    re-rank"),
        (engine, "follow_nodes", "    PCS tables followed"),
        (engine.Engine, "_hits", "    snippets and highlights"),
        (engine, "_facets", "    facets"),
        (hybrid, "apply_mode", "  hybrid (meaning probe, merge)"),
        (hybrid, "_neighbours", "    meaning neighbours"),
        (hybrid, "meaning_text", "    meaning text (lay phrases)"),
        (hybrid, "lead_meaning_nodes", "    PCS nodes of the meaning list"),
        (api, "to_json", "JSON encoding"),
    ):
        parts.wrap(owner, name, label)
        parts.cpu[label] = 0.0  # printed in this order


def instrument_suggest(parts: Parts) -> None:
    """Time the parts of a typeahead request, each under its label (indented: within the one
    above)."""
    from medcodes.search import suggest
    from medcodes.web import api

    for owner, name, label in (
        (api, "suggest", "suggest (library, all of it)"),
        (suggest, "parse", "  parse the query"),
        (suggest, "_codes", "  codes"),
        (suggest, "_words", "  words"),
        (suggest, "_candidates", "    word scans and rows"),
        (suggest, "rerank", "    re-rank"),
        (suggest, "drill_down", "    drill down"),
        (suggest, "meaning_suggestions", "    meaning probe"),
        (api, "to_json", "JSON encoding"),
    ):
        if hasattr(owner, name):
            parts.wrap(owner, name, label)
            parts.cpu[label] = 0.0  # printed in this order


def split(args: argparse.Namespace) -> int:
    """Print the CPU of each part of a search (or typeahead) request, per request."""
    queries = bench_queries()
    path = ENDPOINTS[args.endpoint]
    app = open_app(args.db)
    parts = Parts()
    (instrument_suggest if args.endpoint == "suggest" else instrument)(parts)
    warm, measured = queries[: args.warm], queries[args.warm : args.warm + args.n]

    async def measure() -> float:
        for label in parts.cpu:
            parts.cpu[label] = 0.0
        parts.calls.clear()
        start = time.process_time()
        for q in measured:
            status, _ = await get(app, q, path)
            if status != 200:
                raise SystemExit(f"{q!r}: status {status}")
        return time.process_time() - start

    def report(total: float, what: str) -> None:
        n = len(measured)
        print(f"{n} {path} requests {what}: {total * 1000 / n:.3f} ms of CPU each (in "
              f"process: ASGI entry, web.hot, search, JSON; load average "
              f"{os.getloadavg()[0]:.1f})")
        for label, cpu in parts.cpu.items():
            calls = f"  ({parts.calls[label]} calls)" if parts.calls[label] else ""
            print(f"  {label:<40} {cpu * 1000 / n:7.3f} ms/request{calls}")

    async def run() -> None:
        for q in warm:
            await get(app, q, path)
        report(await measure(), f"after {len(warm)} unmeasured")
        if args.again:
            report(await measure(), "again, each now known to the process")

    asyncio.run(run())
    return 0


WORKER = """
import asyncio, sys, time
sys.path.insert(0, {here!r})
from search_cpu import bench_queries, get, open_app
queries = bench_queries()[{warm}:{warm} + {n}]
app = open_app({db!r})
async def main():
    for q in bench_queries()[:{warm}]:
        await get(app, q, {path!r})
    print("ready", flush=True)
    loop = asyncio.get_running_loop()
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        start = time.process_time()
        await get(app, queries[int(line)], {path!r})
        print(f"{{(time.process_time() - start) * 1000:.4f}}", flush=True)
asyncio.run(main())
"""


def ab(args: argparse.Namespace) -> int:
    """Print each tree's CPU per request, the two served the same requests in lockstep."""
    trees = dict(t.split("=", 1) for t in args.ab)
    code = WORKER.format(here=str(HERE), warm=args.warm, n=args.n, db=args.db,
                         path=ENDPOINTS[args.endpoint])
    workers = {name: subprocess.Popen(
        [sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": src},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for name, src in trees.items()}
    for proc in workers.values():
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    cpu: dict[str, list[float]] = {name: [] for name in workers}
    names = list(workers)
    for i in range(args.n):
        for name in names if i % 2 == 0 else names[::-1]:
            proc = workers[name]
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write(f"{i}\n")
            proc.stdin.flush()
            cpu[name].append(float(proc.stdout.readline()))
    for proc in workers.values():
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait()
    for name in names:
        values = sorted(cpu[name])
        print(f"{name}: CPU per request mean {statistics.mean(values):.3f} ms, p50 "
              f"{values[len(values) // 2]:.3f}, p90 {values[int(0.9 * len(values))]:.3f}, "
              f"p99 {values[int(0.99 * len(values))]:.3f} ({len(values)} requests)")
    first, second = (statistics.mean(cpu[name]) for name in names)
    print(f"{names[1]} - {names[0]}: {second - first:+.3f} ms a request "
          f"({ENDPOINTS[args.endpoint]})")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default=os.environ.get("MEDCODES_DB", ""), help="catalog file")
    ap.add_argument("--warm", type=int, default=1500, help="unmeasured requests first")
    ap.add_argument("--n", type=int, default=2000, help="measured requests")
    ap.add_argument("--endpoint", choices=sorted(ENDPOINTS), default="search",
                    help="the request sent (default search; suggest: the typeahead)")
    ap.add_argument("--ab", nargs=2, metavar="NAME=SRC", help="two source trees in lockstep")
    ap.add_argument("--again", action="store_true",
                    help="send the measured requests a second time and split that pass too: "
                    "the difference is a new query's first-time work (titles, rows, words)")
    args = ap.parse_args()
    if not args.db:
        ap.error("--db (or MEDCODES_DB) is required")
    return ab(args) if args.ab else split(args)


if __name__ == "__main__":
    raise SystemExit(main())
