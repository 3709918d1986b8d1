"""Search latency in-process over a mixed set of queries, beside a plain FTS5 baseline, and
the batch mode (`medcodes search --format jsonl -`) timed end to end including start-up.

Mix (≥ 1,000 queries, seeded): exact codes in several typed forms, code prefixes, ranges,
wildcards, words from the hand-written sets (lay, typos, abbreviations), ICD-9 short titles,
and 1–3 character typeahead prefixes of common words — across all systems.

    python bench/latency.py --db /tmp/medcodes-cat.sqlite [--n 1500] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from medcodes import open_catalog
from medcodes.search.embeddings import meaning_index
from relevance import Baseline, Query, load_set


def mixed_queries(db: Path, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    conn = sqlite3.connect(f"file:{db.as_posix()}?mode=ro", uri=True)
    codes = [r[0] for r in conn.execute("SELECT code FROM concepts WHERE is_default = 1")]
    words = [r[0] for r in conn.execute("SELECT word FROM vocab WHERE freq > 20 AND length(word) > 3")]
    conn.close()
    typed: list[str] = []
    for code in rng.sample(codes, n // 5):
        typed.append(rng.choice([code, code.lower(), code.replace(".", ""), f" {code} "]))
    typed += [c[: rng.randint(2, 4)] for c in rng.sample(codes, n // 10)]
    typed += ["E08-E13", "I20-I25", "S72.0*", "A00-B99", "0DT", "C50-C50", "J09–J18", "M16*"]
    hand = [q.text for name in ("lay", "typos", "abbreviations") for q in load_set(name)]
    typed += rng.sample(hand, min(len(hand), n // 4))
    typed += [q.text for q in load_set("icd9dx", size=n // 8, seed=seed)]
    typed += [w[: rng.randint(1, 3)] for w in rng.sample(words, n // 8)]
    while len(typed) < n:
        typed.append(" ".join(rng.sample(words, rng.randint(1, 3))))
    rng.shuffle(typed)
    return typed


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=Path(os.environ.get("MEDCODES_DB", "")))
    ap.add_argument("--n", type=int, default=1500, help="queries in the mixed set")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--repeat", type=int, default=2, help="passes; the last is reported")
    ap.add_argument("--batch", type=int, default=1000, help="queries for the batch-mode run")
    args = ap.parse_args()
    queries = mixed_queries(args.db, args.n, args.seed)
    cat = open_catalog(args.db)
    base = Baseline(args.db)

    def timed(fn: object) -> list[float]:
        out: list[float] = []
        for q in queries:
            t = time.perf_counter()
            fn(q)  # type: ignore[operator]
            out.append((time.perf_counter() - t) * 1000)
        return out

    encoder = getattr(meaning_index(cat), "encoder", None)
    for _ in range(args.repeat):
        if encoder is not None:
            # Each pass reads every query in context afresh: the encoder keeps the vectors of
            # queries it has read, and the same 1,500 would cost nothing the second time.
            encoder.encode.cache_clear()
        ours = timed(lambda q: cat.search(q, limit=10))
        theirs = timed(lambda q: base.rank(Query(q, (), ())))
    print(f"mixed queries: {len(queries)} (seed {args.seed}), pass {args.repeat} of {args.repeat}")
    if encoder is not None:
        print(f"read in context by the sentence encoder: {encoder.encode.cache_info().misses}"
              f" of {len(queries)} (the others by words alone or the static model)")
    else:
        print("no sentence encoder: queries read by the static model")
    print(f"{'engine':<22}{'p50 ms':>8}{'p90 ms':>8}{'p99 ms':>8}{'max ms':>8}{'mean':>8}")
    for name, v in (("medcodes", ours), ("FTS5 BM25 baseline", theirs)):
        print(f"{name:<22}{pct(v, 50):8.2f}{pct(v, 90):8.2f}{pct(v, 99):8.2f}{max(v):8.1f}"
              f"{statistics.mean(v):8.2f}")
    print("targets: medcodes p50 <= 2 ms, p99 <= 20 ms")

    batch = "\n".join(queries[: args.batch]) + "\n"
    with tempfile.TemporaryFile("w+") as fh:
        fh.write(batch)
        fh.seek(0)
        exe = Path(sys.executable).with_name("medcodes")
        t = time.perf_counter()
        proc = subprocess.run(
            [str(exe), "search", "--db", str(args.db), "--format", "jsonl", "-"],
            stdin=fh, capture_output=True, text=True, check=True,
        )
        secs = time.perf_counter() - t
    lines = proc.stdout.count("\n")
    print(f"batch: {lines} queries through `medcodes search --format jsonl -` in {secs:.2f} s"
          " including start-up (target <= 5 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
