"""Drop rows of a blind-written query list that repeat a query already in the project.

A blind benchmark (``bench/queries/everyday_blind*.tsv``) is only a held-out judge if its
queries are new. This script loads the given TSV (header ``query<TAB>expected<TAB>note``) and
drops every row whose query, normalized (lower case, apostrophes removed, any other
non-alphanumeric run turned into one space, whitespace collapsed), equals:

- the first column of any other ``bench/queries/*.tsv``,
- the first column of any ``tests/data/*.tsv``,
- the first column of ``src/medcodes/data/lay_terms.tsv``,
- or an earlier row of the same file.

It rewrites the file in place (or writes ``--out``) and prints only the NUMBER of rows
dropped, never their text, so its author can stay blind to the other lists.

    python bench/blind_dedupe.py bench/queries/everyday_blind2.tsv
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def norm(text: str) -> str:
    text = text.lower().replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def first_column(path: Path) -> set[str]:
    out = set()
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t"):
            if row and row[0].strip() and not row[0].lstrip().startswith("#"):
                out.add(norm(row[0]))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tsv", type=Path)
    ap.add_argument("--out", type=Path, help="write here instead of rewriting TSV in place")
    args = ap.parse_args(argv)
    mine = args.tsv.resolve()

    sources = sorted((ROOT / "bench" / "queries").glob("*.tsv"))
    sources += sorted((ROOT / "tests" / "data").glob("*.tsv"))
    sources.append(ROOT / "src" / "medcodes" / "data" / "lay_terms.tsv")
    known: set[str] = set()
    for path in sources:
        if path.resolve() != mine and path.exists():
            known |= first_column(path)

    with mine.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    header, body = rows[0], rows[1:]
    kept, seen = [], set()
    for row in body:
        key = norm(row[0])
        if key in known or key in seen:
            continue
        seen.add(key)
        kept.append(row)

    with (args.out or mine).open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(header)
        w.writerows(kept)
    print(len(body) - len(kept))
    return 0


if __name__ == "__main__":
    sys.exit(main())
