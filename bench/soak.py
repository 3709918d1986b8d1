"""Memory soak of ``medcodes serve``: does a worker's memory stay flat over many requests?

Starts ``medcodes serve`` on a free 127.0.0.1 port (1 worker by default, warmed as in
production), sends a bounded number of requests (default 60,000, at most ``--max-seconds``)
from C keep-alive clients over ``bench/http.py``'s mixed list (typeahead, search, code records
and pages, FHIR $lookup, each query as typed and its prefixes; not the held-out judges'),
and samples the worker's memory from /proc every ``--sample-every`` requests. Reported: RSS, PSS and the private heap (anon,
what a leak grows) against the requests answered, and their growth per 10,000 requests after
the warm-up, by least squares over the samples, separately for

* the first pass over the distinct requests (each new to the worker: the search's bounded
  caches fill, so some growth is expected until they are full), and
* the later passes (``--requests`` beyond the list's length; every request seen before):
  growth here is what would not stop, a leak.

Target: private heap growth <= 1 MB per 10,000 requests over the later passes, 0 errors, the
worker never restarted. ``bench/http.py --soak`` is the time-based sibling (60 s, 2 workers,
PSS growth); this one counts requests, so a slow run measures the same work.

Usage::

    python bench/soak.py --db /tmp/medcodes-cat.sqlite                  # 60,000 requests
    python bench/soak.py --requests 100000 --distinct 20000 --json out.json
    MEDCODES_GC_REFREEZE=0 python bench/soak.py ...   # without the worker's heap re-freeze
"""

from __future__ import annotations

import sys
from pathlib import Path

# This folder holds http.py, which would shadow the standard library's ``http`` for httpx.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import asyncio
import importlib.util
import os
import time
from typing import Any

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("medcodes_bench_http", HERE / "http.py")
assert _spec is not None and _spec.loader is not None
bench_http = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = bench_http  # dataclasses look their module up there
_spec.loader.exec_module(bench_http)

TARGET_MB_PER_10K = 1.0  # private heap growth allowed per 10,000 repeated requests


def threads_and_maps(pids: list[int], catalog: str) -> dict[str, int]:
    """The workers' threads, and their mappings of the catalog file (each SQLite connection
    maps it once: RSS counts every mapping's pages, so more mappings show as more RSS)."""
    threads = maps = 0
    for pid in pids:
        try:
            threads += len(list(Path(f"/proc/{pid}/task").iterdir()))
            maps += sum(1 for line in Path(f"/proc/{pid}/maps").read_text().splitlines()
                        if line.endswith(catalog))
        except OSError:
            continue
    return {"threads": threads, "maps": maps}


def slope_per_10k(points: list[tuple[int, float]]) -> float | None:
    """Least-squares growth of ``value`` per 10,000 requests over (requests, value) points."""
    if len(points) < 3:
        return None
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    var = sum((x - mx) ** 2 for x, _ in points)
    if not var:
        return None
    return sum((x - mx) * (y - my) for x, y in points) / var * 10_000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="catalog (default: the installed default)")
    ap.add_argument("--requests", type=int, default=60_000, help="requests in all (bound)")
    ap.add_argument("--max-seconds", type=float, default=600.0, help="time bound (s)")
    ap.add_argument("--warmup", type=int, default=5_000,
                    help="requests before growth is measured")
    ap.add_argument("--sample-every", type=int, default=2_500, help="requests between samples")
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--distinct", type=int, default=30_000,
                    help="distinct requests (later ones repeat them; 0: the whole list)")
    ap.add_argument("--json", dest="json_out", help="write the samples and figures here")
    args = ap.parse_args(argv)

    queries = bench_http.query_list(held_out=False)
    if args.distinct:
        queries = queries[: args.distinct]
    targets = bench_http.soak_targets(queries)
    print(f"soak: {args.requests:,} requests at most, {args.max_seconds:g} s at most, "
          f"{args.clients} clients, {args.workers} worker(s), {len(targets):,} distinct "
          f"requests (mix: " + ", ".join(f"{n} {s:.0%}" for n, s in bench_http.SOAK_MIX)
          + f"); warm-up {args.warmup:,} requests; load average {os.getloadavg()[0]:.2f}; "
          f"MEDCODES_GC_REFREEZE={os.environ.get('MEDCODES_GC_REFREEZE', '(default)')}")
    server = bench_http.Server(args.db, args.workers, cache=True)
    samples: list[dict[str, Any]] = []
    errors, sent = 0, 0
    error_samples: list[str] = []
    try:
        server.wait_ready()
        pids = bench_http.worker_pids(server.proc.pid)
        start = time.perf_counter()
        catalog = str(Path(args.db).resolve()) if args.db else ".sqlite"

        def sample(requests: int) -> None:
            samples.append({"requests": requests, "t": round(time.perf_counter() - start, 1),
                            **bench_http.memory_kb(pids), **threads_and_maps(pids, catalog)})

        sample(0)
        while sent < args.requests:
            left = args.max_seconds - (time.perf_counter() - start)
            if left <= 0:
                break
            chunk = min(args.sample_every, args.requests - sent)
            offset = sent % len(targets)
            rotated = targets[offset:] + targets[:offset]  # carry on where the last chunk ended
            res = asyncio.run(bench_http.run_load(server.port, "soak", [], args.clients, left,
                                                  args.workers, chunk, targets=rotated))
            sent += len(res.latencies_ms) + res.errors
            errors += res.errors
            error_samples.extend(res.error_samples[: max(0, 5 - len(error_samples))])
            sample(sent)
        alive = server.proc.poll() is None and bench_http.worker_pids(server.proc.pid) == pids
    finally:
        server.stop()

    mb = 1024.0
    print(f"{'requests':>9} {'s':>6} {'RSS MB':>8} {'PSS MB':>8} {'heap MB':>8} {'threads':>7} "
          f"{'catalog maps':>12}")
    for s in samples:
        print(f"{s['requests']:>9,} {s['t']:>6.1f} {s['rss'] / mb:>8.1f} {s['pss'] / mb:>8.1f} "
              f"{s['anon'] / mb:>8.1f} {s['threads']:>7} {s['maps']:>12}")
    first_pass = [s for s in samples if args.warmup <= s["requests"] <= len(targets)]
    later = [s for s in samples if s["requests"] >= len(targets)]
    figures: dict[str, Any] = {}
    for name, part in (("first pass", first_pass), ("later passes", later)):
        for key in ("rss", "pss", "anon"):
            slope = slope_per_10k([(s["requests"], s[key] / mb) for s in part])
            figures[f"{name} {key} MB/10k"] = None if slope is None else round(slope, 2)
        print(f"{name} ({len(part)} samples from request {part[0]['requests'] if part else 0:,}): "
              "growth per 10,000 requests: " + ", ".join(
                  f"{label} {figures[f'{name} {key} MB/10k']} MB" for key, label in
                  (("rss", "RSS"), ("pss", "PSS"), ("anon", "private heap"))))
    elapsed = samples[-1]["t"]
    print(f"{sent:,} requests in {elapsed:.0f} s ({sent / elapsed if elapsed else 0:.0f}/s), "
          f"errors {errors}")
    for message in error_samples:
        print(f"    error: {message}")
    heap_later = figures["later passes anon MB/10k"]
    checks = {
        "0 errors": errors == 0,
        f"private heap growth <= {TARGET_MB_PER_10K:g} MB per 10,000 repeated requests"
        " (MISSED also when not measured: too few samples)":
            heap_later is not None and heap_later <= TARGET_MB_PER_10K,
        "no worker restarted": alive,
    }
    return int(bench_http.finish(checks, args.json_out, {
        "samples": samples, "figures": figures, "errors": errors,
        "error_samples": error_samples}))

if __name__ == "__main__":
    raise SystemExit(main())
