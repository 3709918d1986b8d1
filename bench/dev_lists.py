"""Every hand-written development list in tests/data searched once: hit@1 and hit@10 per list.

The floors tests check each list against a minimum; this prints where each stands, so that a
change's effect on all of them is one command (run it with another tree's ``PYTHONPATH`` to
compare). Only tests/data is read: the held-out judges in bench/queries are not.

    python bench/dev_lists.py --db /tmp/medcodes-cat.sqlite [--mode hybrid] [--json out.json]
    python bench/dev_lists.py --db CAT --ranks a.json   # each query's rank, to compare two trees
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

from dev_lists import ranks, rows  # noqa: E402  (tests/ is put on the path just above)
from medcodes import open_catalog  # noqa: E402


def searchable(name: str) -> bool:
    """Is the list one of queries and ``system:PREFIX`` expectations (not typing or details
    lists, which have their own shapes)?"""
    return all(len(row) > 1 and ":" in row[1] for row in rows(name))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=Path(os.environ.get("MEDCODES_DB", "")),
                    help="a built catalog (default: $MEDCODES_DB)")
    ap.add_argument("--mode", default="hybrid", choices=("words", "meaning", "hybrid"))
    ap.add_argument("--json", type=Path, help="also write {list: [n, hit@1, hit@10]} here")
    ap.add_argument("--ranks", type=Path,
                    help="also write {list: [[query, rank or null], ...]} here (rank from 0)")
    args = ap.parse_args()
    if not args.db.is_file():
        ap.error(f"no catalog at {args.db!s}: build one with bench/build.py --out PATH")
    cat = open_catalog(args.db)
    out: dict[str, list[float]] = {}
    per_query: dict[str, list[tuple[str, int | None]]] = {}
    for path in sorted((TESTS / "data").glob("*.tsv")):
        if not searchable(path.name):
            continue
        per_query[path.name] = ranks(cat, path.name, mode=args.mode)
        found = [rank for _, rank in per_query[path.name]]
        n = len(found)
        out[path.name] = [n, sum(r == 0 for r in found) / n, sum(r is not None for r in found) / n]
        print(f"{path.name:28s} n={n:4d} hit@1={out[path.name][1]:.3f} "
              f"hit@10={out[path.name][2]:.3f}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    if args.ranks:
        args.ranks.write_text(json.dumps(per_query, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
