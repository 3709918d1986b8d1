"""Benchmark: similar codes per code page, in-process, over random codes of every system.

The target is p50 <= 10 ms per code (issue 5). Codes are sampled uniformly per system from
the catalog (fixed seed), each timed once after one warm-up pass over a few codes; the full
``content.similar.similar`` is timed (hierarchy neighbours, more-like-this, crosswalks).

Usage::

    python bench/similar.py --db /tmp/medcodes-cat.sqlite            # 300 codes
    python bench/similar.py --db /tmp/medcodes-cat.sqlite -n 1000 --sections

``--sections`` also times the derived sections (``content.sections.sections``) per code.
Exit status is 1 when p50 exceeds the target.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from medcodes.catalog.paths import default_db_path
from medcodes.catalog.reader import Catalog
from medcodes.content.sections import sections
from medcodes.content.similar import similar
from medcodes.model import Concept

TARGET_P50_MS = 10.0


def sample(cat: Catalog, n: int, seed: int) -> list[Concept]:
    """``n`` codes spread evenly over the catalog's systems (fixed seed: repeatable runs)."""
    rng = random.Random(seed)
    systems = [s.id for s in cat.systems() if s.is_default]
    out: list[Concept] = []
    for i, system in enumerate(systems):
        want = n // len(systems) + (1 if i < n % len(systems) else 0)
        codes = [r[0] for r in cat.conn.execute(
            "SELECT code FROM concepts WHERE system = ? AND is_default = 1", (system,))]
        for code in rng.sample(codes, min(want, len(codes))):
            concept = cat.get(system, code)
            if concept is not None:
                out.append(concept)
    return out


def timings(cat: Catalog, concepts: list[Concept], fn: Callable[[Catalog, Concept], Any]) -> list[float]:
    """Milliseconds per call of ``fn`` for each concept, after a short warm-up."""
    for c in concepts[:10]:
        fn(cat, c)
    out = []
    for c in concepts:
        started = time.perf_counter()
        fn(cat, c)
        out.append((time.perf_counter() - started) * 1000)
    return out


def report(name: str, ms: list[float]) -> float:
    qs = statistics.quantiles(ms, n=100)
    p50 = statistics.median(ms)
    print(f"{name:<10} n={len(ms)}  p50 {p50:.2f} ms  p90 {qs[89]:.2f} ms  "
          f"p99 {qs[98]:.2f} ms  max {max(ms):.2f} ms")
    return p50


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="catalog (default: MEDCODES_DB)")
    parser.add_argument("-n", type=int, default=300, help="codes to time (default 300)")
    parser.add_argument("--seed", type=int, default=5, help="random seed (default 5)")
    parser.add_argument("--sections", action="store_true", help="also time derived sections")
    args = parser.parse_args(argv)
    cat = Catalog(default_db_path(args.db))
    concepts = sample(cat, args.n, args.seed)
    per_system: dict[str, list[Concept]] = {}
    for c in concepts:
        per_system.setdefault(c.system, []).append(c)
    ms = timings(cat, concepts, similar)
    p50 = report("similar", ms)
    start = 0
    for system, group in per_system.items():
        report(f"  {system}", ms[start : start + len(group)])
        start += len(group)
    if args.sections:
        report("sections", timings(cat, concepts, sections))
    ok = p50 <= TARGET_P50_MS
    print(f"target p50 <= {TARGET_P50_MS:.0f} ms: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
