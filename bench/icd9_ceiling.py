"""How much of the ICD-9 benchmarks' gap is shorthand, and how much is the GEM's choice?

The ``icd9dx`` and ``icd9pcs`` sets of ``relevance.py`` search ICD-10 with ICD-9-CM *short*
titles ("Abdmnal rgdt rt upr quad") and count a GEM target in the top 10. This runs the same
queries twice, in the same run: as the short titles, and as the ICD-9 codes' full *long* titles
("Abdominal rigidity, right upper quadrant"), which have no shorthand left to read. When the
two agree, reading shorthand is no longer what stands between the engine and the target; the
rest is which ICD-10 code the GEM chose for the ICD-9 concept, which the ranking must not read.

    python bench/icd9_ceiling.py --db /tmp/medcodes-cat.sqlite
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import relevance as R  # bench/ is on the path when this script runs, as for latency.py
from medcodes.catalog.reader import Catalog

LEGACY = {"icd9dx": "icd9cm", "icd9pcs": "icd9pcs"}


def long_titles(cat: Catalog, queries: Sequence[R.Query], system: str) -> list[R.Query]:
    """The same queries, each worded as its ICD-9 code's long title."""
    out = []
    for q in queries:
        code = q.note.split(":", 1)[1]
        row = cat.conn.execute(
            "SELECT title FROM concepts WHERE system = ? AND code = ? AND is_default = 1",
            (system, code),
        ).fetchone()
        if row:
            out.append(R.Query(row[0], q.expected, q.systems, q.note))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="catalog file")
    parser.add_argument("--sample", type=int, default=R.DEFAULT_SAMPLE)
    parser.add_argument("--seed", type=int, default=R.DEFAULT_SEED)
    args = parser.parse_args(argv)
    cat = Catalog(args.db)
    codes = R.catalog_codes(args.db)
    rank = R.medcodes_ranker(cat, None)
    print(f"{'set':10}{'n':>6}  {'short titles':>14}  {'long titles':>13}   (hit@10, hit@1)")
    for name, system in LEGACY.items():
        queries, _ = R.reachable(R.load_set(name, args.sample, args.seed), codes)
        worded = long_titles(cat, queries, system)
        short, full = R.run(queries, rank), R.run(worded, rank)
        print(f"{name:10}{len(queries):>6}  {short.hit10:>6.3f} {short.hit1:>6.3f}  "
              f"{full.hit10:>6.3f} {full.hit1:>6.3f}   (long titles for {len(worded)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
