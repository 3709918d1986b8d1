"""Catalog build benchmark: wall time, catalog size and peak memory of a full build.

The build runs in a child process (the same code path as `medcodes build`), so its peak
resident memory is measured on its own. Targets on the 2-core machine: ≤ 60 s, ≤ 400 MB,
peak RSS ≤ 1 GB.

    python bench/build.py [--out /tmp/bench-catalog.sqlite] [--runs 1]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import sys, time
from pathlib import Path
from medcodes.pipeline import build
t = time.perf_counter()
result = build(Path(sys.argv[1]))
for s in result.systems:
    print(f"  {s.system:<10} {s.version:<10} {s.concepts:>8,} concepts {s.billable:>8,} billable"
          f" {s.links:>8,} links {s.seconds:6.1f} s")
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=None, help="catalog path (default: a temp file)")
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "catalog.sqlite"
        for run in range(1, args.runs + 1):
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", CHILD, str(out)], check=True)
            seconds = time.perf_counter() - started
            peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            size = out.stat().st_size
            note = "" if peak_kb > before else " (peak not above an earlier run's)"
            print(f"run {run}: build {seconds:.1f} s (target ≤ 60), catalog {size / 1e6:.0f} MB"
                  f" (≤ 400), peak RSS {peak_kb / 1024:.0f} MB (≤ 1024){note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
