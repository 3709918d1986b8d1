"""Do two source trees answer ``/api/v1/search`` and ``/api/v1/suggest`` byte for byte alike?

Speed work must not change a single answer. This runs one process per tree (its ``src`` first
on ``PYTHONPATH``), each the app as a served worker runs it (warmed, heap settled, response
cache off: ``search_cpu.open_app``), sends both the same requests over ASGI, as bench/http.py
draws them (``http.query_list`` without the held-out judges' sets: codes, words, the curated
queries and their typing prefixes, shuffled), and compares the status and body of each. It
prints the number of identical bodies and the first differences, and exits 1 on any.

    python bench/same_answers.py --db CAT --trees base=/work/main/src new=src [--n 3500]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENDPOINTS = ("/api/v1/search", "/api/v1/suggest")

WORKER = """
import asyncio, hashlib, sys
sys.path.insert(0, {here!r})
from search_cpu import bench_queries, get, open_app
queries = bench_queries()[:{n}]  # first: loading bench/http.py takes bench/ off sys.path
app = open_app({db!r})
async def main():
    for q in queries:
        for path in {endpoints!r}:
            status, body = await get(app, q, path)
            print(status, hashlib.sha256(body).hexdigest(), len(body), flush=False)
asyncio.run(main())
"""


def answers(src: str, db: str, n: int) -> subprocess.Popen[str]:
    """A process printing ``status sha256 length`` for each request, in order."""
    code = WORKER.format(here=str(HERE), db=db, n=n, endpoints=ENDPOINTS)
    return subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": src},
                            stdout=subprocess.PIPE, text=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default=os.environ.get("MEDCODES_DB", ""), help="catalog file")
    ap.add_argument("--trees", nargs=2, metavar="NAME=SRC", required=True,
                    help="the two source trees compared")
    ap.add_argument("--n", type=int, default=3500, help="queries (each sent to both endpoints)")
    args = ap.parse_args()
    if not args.db:
        ap.error("--db (or MEDCODES_DB) is required")
    from search_cpu import bench_queries

    queries = bench_queries()[: args.n]
    trees = dict(t.split("=", 1) for t in args.trees)
    procs = {name: answers(src, args.db, args.n) for name, src in trees.items()}
    outs = {name: proc.communicate()[0].splitlines() for name, proc in procs.items()}
    (a, lines_a), (b, lines_b) = outs.items()
    if any(proc.returncode for proc in procs.values()) or len(lines_a) != len(lines_b):
        print(f"a tree failed: {a} {len(lines_a)} answers, {b} {len(lines_b)}")
        return 1
    labels = [(q, path) for q in queries for path in ENDPOINTS]
    differ = [i for i, (x, y) in enumerate(zip(lines_a, lines_b, strict=True)) if x != y]
    digest = hashlib.sha256("\n".join(lines_a).encode()).hexdigest()[:12]
    print(f"{len(lines_a) - len(differ)} of {len(lines_a)} bodies identical ({len(queries)} "
          f"queries x {len(ENDPOINTS)} endpoints; all of {a}'s answers hash to {digest})")
    for i in differ[:10]:
        q, path = labels[i]
        print(f"  differs: {path}?q={q!r}: {a} {lines_a[i]} / {b} {lines_b[i]}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
