"""Top-10 of every query a speed change must leave alone, dumped and compared across trees.

A latency change should not move results. This dumps, for one source tree, the hits (system:code
and score), total and interpretation of every query of the latency mix
(``latency.mixed_queries``), every relevance set (searched in its systems, as
``relevance.py`` does) and tests/data/typing_dev.tsv, one JSON line each; ``--compare`` then
lists the queries whose top-10 differ between two dumps.

    PYTHONPATH=/tmp/main/src python bench/topk_diff.py --db CAT --out /tmp/main.jsonl
    PYTHONPATH=src python bench/topk_diff.py --db CAT --out /tmp/branch.jsonl
    python bench/topk_diff.py --compare /tmp/main.jsonl /tmp/branch.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

TYPING_DEV = Path(__file__).resolve().parent.parent / "tests" / "data" / "typing_dev.tsv"


def queries(db: Path, n: int, seed: int,
            held_out: bool) -> list[tuple[str, str, tuple[str, ...] | None]]:
    """(set, query, systems) for the latency mix, every relevance set and typing_dev.

    The held-out judges' sets are left out unless asked for: a speed change is checked on the
    open sets by whoever makes it, and their queries are never printed (``compare``).
    """
    from latency import mixed_queries
    from relevance import ALL_SETS, DEFAULT_SAMPLE, DEFAULT_SEED, HELD_OUT, load_set

    out: list[tuple[str, str, tuple[str, ...] | None]] = [
        ("mixed", q, None) for q in mixed_queries(db, n, seed)]
    for name in ALL_SETS:
        if name in HELD_OUT and not held_out:
            continue
        out += [(name, q.text, q.systems) for q in load_set(name, DEFAULT_SAMPLE, DEFAULT_SEED)]
    for line in TYPING_DEV.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and not line.startswith("query\t"):
            out.append(("typing_dev", line.split("\t")[0], None))
    return out


def dump(db: Path, out: Path, n: int, seed: int, mode: str, held_out: bool) -> int:
    import medcodes

    cat = medcodes.open_catalog(db)
    lines = []
    for name, text, systems in queries(db, n, seed, held_out):
        options: dict[str, Any] = {"limit": 10, "mode": mode}
        if systems:
            options["systems"] = list(systems)
        r = cat.search(text, **options)
        lines.append(json.dumps({
            "set": name, "query": text, "systems": systems, "total": r.total,
            "as": r.interpreted_as, "top": [f"{h.system}:{h.code}" for h in r.hits],
            "scores": [h.score for h in r.hits]}))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} queries -> {out}", file=sys.stderr)
    return 0


def compare(a: Path, b: Path, show: int) -> int:
    """Print how many queries differ (top-10 codes; scores and totals apart), by set.

    A held-out judge's differing queries are counted, never printed.
    """
    from relevance import HELD_OUT

    left = [json.loads(x) for x in a.read_text(encoding="utf-8").splitlines()]
    right = [json.loads(x) for x in b.read_text(encoding="utf-8").splitlines()]
    if [(r["set"], r["query"]) for r in left] != [(r["set"], r["query"]) for r in right]:
        print("the dumps hold different queries (another seed or catalog?)", file=sys.stderr)
        return 1
    by_set: dict[str, list[int]] = {}
    shown = 0
    for x, y in zip(left, right, strict=True):
        counts = by_set.setdefault(x["set"], [0, 0, 0, 0])
        counts[0] += 1
        counts[1] += x["top"] != y["top"]
        counts[2] += x["top"] == y["top"] and x["scores"] != y["scores"]
        counts[3] += x["total"] != y["total"]
        if x["top"] != y["top"] and shown < show and x["set"] not in HELD_OUT:
            shown += 1
            print(f"{x['set']}: {x['query']!r}\n  - {x['top']}\n  + {y['top']}")
    print(f"{'set':14s} {'queries':>8s} {'top-10':>7s} {'scores':>7s} {'totals':>7s}")
    for name, (n, top, scores, totals) in by_set.items():
        print(f"{name:14s} {n:8d} {top:7d} {scores:7d} {totals:7d}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--db", type=Path, help="catalog file (to dump)")
    ap.add_argument("--out", type=Path, help="where the dump goes (JSON lines)")
    ap.add_argument("--n", type=int, default=1500, help="queries in the latency mix")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--mode", default="hybrid")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    ap.add_argument("--show", type=int, default=20, help="differing queries printed")
    ap.add_argument("--held-out", action="store_true",
                    help="dump the held-out judges' sets too (counted by --compare, never printed)")
    args = ap.parse_args()
    if args.compare:
        return compare(args.compare[0], args.compare[1], args.show)
    if not args.db or not args.out:
        ap.error("--db and --out are needed to dump (or --compare BEFORE AFTER)")
    return dump(args.db, args.out, args.n, args.seed, args.mode, args.held_out)


if __name__ == "__main__":
    sys.exit(main())
