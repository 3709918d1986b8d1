"""The word re-rank's CPU alone (``rank.rerank``), over bench/http.py's request mix, steady
enough on a shared machine to see a few per cent.

The whole request's CPU (bench/search_cpu.py) moves by more than a re-rank change under
other helpers' load. This sends the request mix through the app once (``--n`` requests
after ``--warm``), keeping each re-rank's arguments, and reports the re-ranks' CPU in that
pass ("cold": each concept's title read the first time it is met, as a served worker
meets it), then replays the kept calls ``--passes`` times and reports the fastest pass
("warm": the loop itself, every title already read). ``--ab NAME=SRC NAME=SRC`` runs one
process per source tree and alternates their passes in lockstep.

    PYTHONPATH=src python bench/rerank_replay.py --db CAT
    python bench/rerank_replay.py --db CAT --ab base=/work/main/src new=src
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# search_cpu is imported from here, after the standard library: bench/http.py is no ``http``.
if str(HERE) in sys.path:
    sys.path.remove(str(HERE))
sys.path.append(str(HERE))


class Kept:
    """The app's re-rank calls of one pass, kept with their arguments, and their CPU."""

    def __init__(self, db: str, warm: int, n: int) -> None:
        from medcodes.search import engine, rank
        from search_cpu import bench_queries, get, open_app

        queries = bench_queries()
        app = open_app(db)
        self.rerank = rank.rerank
        self.calls: list[tuple[list[Any], tuple[Any, ...], dict[str, Any]]] = []
        self.cold = 0.0
        keep = False

        def kept(candidates: list[Any], *args: Any, **kwargs: Any) -> None:
            start = time.process_time()
            try:
                self.rerank(candidates, *args, **kwargs)
            finally:
                if keep:
                    self.cold += time.process_time() - start
                    self.calls.append((list(candidates), args, kwargs))

        async def run(some: list[str]) -> None:
            for q in some:
                await get(app, q)

        engine.rerank = kept  # the word ranking's calls (not the PCS tables' own)
        asyncio.run(run(queries[:warm]))
        keep = True
        asyncio.run(run(queries[warm : warm + n]))
        engine.rerank = self.rerank
        gc.collect()
        gc.freeze()

    def replay(self) -> float:
        """CPU seconds of one replay of every kept call."""
        start = time.process_time()
        for candidates, args, kwargs in self.calls:
            self.rerank(candidates, *args, **kwargs)
        return time.process_time() - start


WORKER = """
import sys
sys.path.append({here!r})
from rerank_replay import Kept
kept = Kept({db!r}, {warm}, {n})
print(f"ready {{kept.cold}} {{len(kept.calls)}}", flush=True)
for _ in sys.stdin:
    print(kept.replay(), flush=True)
"""


def report(name: str, cold: float, warm: float, calls: int, n: int) -> None:
    print(f"{name}: re-rank CPU a request cold {cold * 1000 / n:.3f} ms, warm (fastest replay)"
          f" {warm * 1000 / n:.3f} ms ({calls} calls over {n} requests)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default=os.environ.get("MEDCODES_DB", ""), help="catalog file")
    ap.add_argument("--warm", type=int, default=1000, help="unkept requests first")
    ap.add_argument("--n", type=int, default=1500, help="requests whose re-ranks are kept")
    ap.add_argument("--passes", type=int, default=5, help="replays (the fastest is reported)")
    ap.add_argument("--ab", nargs=2, metavar="NAME=SRC", help="two source trees in lockstep")
    args = ap.parse_args()
    if not args.db:
        ap.error("--db (or MEDCODES_DB) is required")
    if not args.ab:
        kept = Kept(args.db, args.warm, args.n)
        fastest = min(kept.replay() for _ in range(args.passes))
        report("this tree", kept.cold, fastest, len(kept.calls), args.n)
        return 0
    code = WORKER.format(here=str(HERE), db=args.db, warm=args.warm, n=args.n)
    workers = {name: subprocess.Popen(
        [sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": src},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for name, src in (t.split("=", 1) for t in args.ab)}
    cold: dict[str, tuple[float, int]] = {}
    for name, proc in workers.items():
        assert proc.stdout is not None
        _, seconds, calls = proc.stdout.readline().split()
        cold[name] = (float(seconds), int(calls))
    best = dict.fromkeys(workers, float("inf"))
    names = list(workers)
    for i in range(args.passes):
        for name in names if i % 2 == 0 else names[::-1]:
            proc = workers[name]
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write("\n")
            proc.stdin.flush()
            best[name] = min(best[name], float(proc.stdout.readline()))
    for proc in workers.values():
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait()
    for name in names:
        report(name, cold[name][0], best[name], cold[name][1], args.n)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
