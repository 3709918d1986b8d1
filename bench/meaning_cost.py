"""What search by meaning costs: build time added, query overhead, memory added.

- build: the ``embeddings`` indexer run on a copy of a built catalog (its tables dropped first),
  i.e. the time ``medcodes build`` spends on it, plus the bytes it adds to the file;
- query: per query, ``mode=words`` and ``mode=hybrid`` timed back to back (warm caches, index
  loaded), over the everyday and lay query sets; the overhead is hybrid minus words, per query;
  also the meaning step alone (embed + nearest);
- memory: resident set size before and after loading the index and the model (one process).

    python bench/meaning_cost.py --db /tmp/medcodes-cat.sqlite
    python bench/meaning_cost.py --db /tmp/medcodes-cat.sqlite --skip-build --json -
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import relevance  # noqa: E402

TARGETS = {"build_seconds": 300.0, "overhead_p50_ms": 5.0, "memory_mb": 300.0}


def rss_mb(field: str = "VmRSS") -> float:
    """Resident set size of this process (Linux /proc): ``VmRSS`` in all, ``RssAnon`` the
    private part (``RssFile`` is the catalog's pages mapped by SQLite, shared and reclaimable)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def build_cost(db: Path) -> dict[str, float]:
    from medcodes.catalog.build import Reporter
    from medcodes.search.embeddings import build_embedding_index

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "catalog.sqlite"
        shutil.copyfile(db, copy)
        conn = sqlite3.connect(copy)
        try:
            conn.executescript("DROP TABLE IF EXISTS embeddings;"
                               " DROP TABLE IF EXISTS embedding_lists;"
                               " DROP TABLE IF EXISTS embedding_blobs; VACUUM;")
            before = copy.stat().st_size
            started = time.perf_counter()
            build_embedding_index(conn, Reporter())
            conn.commit()
            seconds = time.perf_counter() - started
        finally:
            conn.close()
        added = copy.stat().st_size - before
    return {"build_seconds": round(seconds, 1), "catalog_mb_added": round(added / 1e6, 1)}


def query_cost(db: Path, rounds: int) -> dict[str, Any]:
    import medcodes
    from medcodes.search import static_model
    from medcodes.search.embeddings import meaning_index

    cat = medcodes.open_catalog(db)
    queries = [q.text for name in ("everyday", "lay") for q in relevance.load_set(name)]
    for q in queries[:50]:  # warm the word engine's caches before measuring memory
        cat.search(q, mode="words")
    gc.collect()
    before, before_anon = rss_mb(), rss_mb("RssAnon")
    started, started_cpu = time.perf_counter(), time.process_time()
    static_model.load()
    index = meaning_index(cat)
    load_seconds = time.perf_counter() - started
    load_cpu = time.process_time() - started_cpu  # wall time is the machine's load's too
    gc.collect()
    after, after_anon = rss_mb(), rss_mb("RssAnon")
    if index is None:
        raise SystemExit(f"{db} has no embeddings: rebuild it with `medcodes build`")
    words_ms: list[float] = []
    hybrid_ms: list[float] = []
    meaning_ms: list[float] = []
    for _ in range(rounds):
        for q in queries:
            t0 = time.perf_counter()
            cat.search(q, mode="words")
            t1 = time.perf_counter()
            cat.search(q, mode="hybrid")
            t2 = time.perf_counter()
            index.nearest(index.embed(q), 60)
            t3 = time.perf_counter()
            words_ms.append((t1 - t0) * 1000)
            hybrid_ms.append((t2 - t1) * 1000)
            meaning_ms.append((t3 - t2) * 1000)
    overhead = [h - w for h, w in zip(hybrid_ms, words_ms, strict=True)]
    return {
        "queries": len(queries) * rounds,
        "words_p50_ms": round(statistics.median(words_ms), 2),
        "hybrid_p50_ms": round(statistics.median(hybrid_ms), 2),
        "overhead_p50_ms": round(statistics.median(overhead), 2),
        "overhead_p95_ms": round(relevance._percentile(overhead, 95), 2),
        "meaning_step_p50_ms": round(statistics.median(meaning_ms), 2),
        "index_load_seconds": round(load_seconds, 2),
        "index_load_cpu_seconds": round(load_cpu, 2),
        "index_mb": round(index.nbytes / 1e6, 1),
        "rss_before_mb": round(before, 1),
        "rss_after_mb": round(after, 1),
        "memory_mb": round(after - before, 1),
        "private_memory_mb": round(after_anon - before_anon, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--db", default="/tmp/medcodes-cat.sqlite", help="a built catalog")
    ap.add_argument("--rounds", type=int, default=2, help="passes over the query sets")
    ap.add_argument("--skip-build", action="store_true", help="skip the build-time measurement")
    ap.add_argument("--json", metavar="PATH", help="write the figures as JSON (- = stdout)")
    args = ap.parse_args(argv)
    db = Path(args.db)
    if not db.exists():
        raise SystemExit(f"no catalog at {db}")
    figures: dict[str, Any] = {"catalog": str(db)}
    figures.update(query_cost(db, args.rounds))
    if not args.skip_build:
        figures.update(build_cost(db))
    for key, value in figures.items():
        target = TARGETS.get(key)
        verdict = "" if target is None else ("ok" if value <= target else "OVER")
        mark = "" if target is None else f"  (target <= {target:g}: {verdict})"
        print(f"{key:22s} {value}{mark}")
    if args.json:
        text = json.dumps(figures, indent=2)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
