"""Search latency of two source trees compared in lockstep, for a shared, noisy machine.

bench/latency.py run twice, one tree after the other, compares two moments of a machine whose
load changes by the minute (its FTS5 baseline alone moved from 2.4 to 4.2 ms mean between
back-to-back runs). Here one worker process per tree serves the same mixed queries
(``latency.mixed_queries``), query by query, the two in alternating order, so both see the
same load; each reports wall and CPU time per query. Two passes; the second is reported.
``--mode suggest`` times the typeahead (``suggest``, warmed as a web worker is) on the same
queries, typed whole. ``--limit`` and ``--offset`` time another page than the first ten (a page
of 100 or 500, a page at offset 40: ``search.pages`` ranks them from the top).

    python bench/latency_ab.py --db CATALOG main=/work/main/src branch=/work/wt-x/src
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from latency import mixed_queries, pct

WORKER = """
import sys, time
import medcodes
from medcodes.search.suggest import suggest, warm
cat = medcodes.open_catalog(sys.argv[1])
if sys.argv[2] == "suggest":
    warm(cat)
for line in sys.stdin:
    wall, cpu = time.perf_counter(), time.process_time()
    if sys.argv[2] == "suggest":
        suggest(cat, line.rstrip("\\n"))
    else:
        cat.search(line.rstrip("\\n"), limit=int(sys.argv[3]), offset=int(sys.argv[4]),
                   mode=sys.argv[2])
    print(f"{(time.perf_counter() - wall) * 1000:.4f} {(time.process_time() - cpu) * 1000:.4f}",
          flush=True)
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=Path(os.environ.get("MEDCODES_DB", "")))
    ap.add_argument("--n", type=int, default=1500, help="queries in the mixed set")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--mode", default="hybrid",
                    help="the search's mode (hybrid, words, meaning), or suggest: the typeahead")
    ap.add_argument("--limit", type=int, default=10, help="hits a search asks for")
    ap.add_argument("--offset", type=int, default=0, help="hits a search skips")
    ap.add_argument("trees", nargs=2, metavar="NAME=SRC", help="a name and its src folder")
    args = ap.parse_args()
    trees = dict(t.split("=", 1) for t in args.trees)
    queries = [q.replace("\n", " ") for q in mixed_queries(args.db, args.n, args.seed)]
    workers = {
        name: subprocess.Popen(
            [sys.executable, "-c", WORKER, str(args.db), args.mode, str(args.limit),
             str(args.offset)],
            env={**os.environ, "PYTHONPATH": src}, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True,
        )
        for name, src in trees.items()
    }
    names = list(workers)
    times: dict[str, list[tuple[float, float]]] = {}
    for run in range(2):
        times = {name: [] for name in names}
        for i, query in enumerate(queries):
            for name in names if (i + run) % 2 == 0 else names[::-1]:
                proc = workers[name]
                assert proc.stdin is not None and proc.stdout is not None
                proc.stdin.write(query + "\n")
                proc.stdin.flush()
                wall, cpu = map(float, proc.stdout.readline().split())
                times[name].append((wall, cpu))
    page = f", limit {args.limit} offset {args.offset}" if args.mode != "suggest" else ""
    print(f"mixed queries: {len(queries)} (seed {args.seed}), mode {args.mode}{page}, pass 2 of 2,"
          f" load {os.getloadavg()[0]:.2f}")
    print(f"{'tree':<12}{'wall p50':>10}{'p90':>8}{'p99':>8}{'mean':>8}"
          f"{'cpu p50':>10}{'p90':>8}{'p99':>8}{'mean':>8}")
    for name in names:
        wall = [w for w, _ in times[name]]
        cpu = [c for _, c in times[name]]
        print(f"{name:<12}{pct(wall, 50):10.2f}{pct(wall, 90):8.2f}{pct(wall, 99):8.2f}"
              f"{statistics.mean(wall):8.2f}{pct(cpu, 50):10.2f}{pct(cpu, 90):8.2f}"
              f"{pct(cpu, 99):8.2f}{statistics.mean(cpu):8.2f}")
    for proc in workers.values():
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
