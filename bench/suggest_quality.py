"""Typeahead quality: does ``suggest`` show an acceptable code in its ten, next to full search?

Suggestions are what a user sees first while typing, so the cheap typeahead path is held to
the relevance benchmark's own query sets and conventions (``bench/relevance.py``: hit@1,
hit@10, MRR@10, a hit is a code under an expected ``system:PREFIX``), in three input forms:

- ``full``: the query as written;
- ``typing``: the query with its last word half typed (at least 3 letters kept: "heart
  att" for "heart attack"), as a suggestion box sees it on the way;
- ``start``: only the first word, half typed likewise ("hea"): how soon a hit shows up.

Each form runs through ``suggest`` (the typeahead) and ``search`` (the full search with its
default mode, limit 10) on the same catalog, side by side, with the p50 time per query.

    python bench/suggest_quality.py --db /tmp/medcodes-cat.sqlite
    python bench/suggest_quality.py --sets lay,typos --forms full,typing --show-misses 10
    python bench/suggest_quality.py --dev typing_dev2.tsv --forms full --engines suggest

``--dev`` reads hand-written lists of tests/data instead (``query<TAB>system:PREFIX<TAB>note``),
queries already cut as typed; where the note is the finished phrase the query begins, the
keystrokes from the cut to the finished phrase are suggested too, and the line ``keys``
says how much the suggestions move on the way: the share of keystrokes whose first suggestion
changed, the mean share of the first five that changed, and the share of cut queries whose
first three hold the finished phrase's first suggestion.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import relevance as rel  # bench/ is on the path when this script runs, as for latency.py

DEFAULT_SETS = ("lay", "typos", "abbreviations", "everyday", "icd9dx")
FORMS = ("full", "typing", "start")
MIN_KEPT = 3  # letters of a half-typed word kept at least
DEV_DIR = Path(__file__).resolve().parent.parent / "tests" / "data"


def half_typed(word: str) -> str:
    """The first half of a word (at least ``MIN_KEPT`` letters): what is typed on the way."""
    return word[: max(MIN_KEPT, (len(word) + 1) // 2)]


def typed_form(text: str, form: str) -> str:
    """``text`` as the input box holds it at the ``form`` stage (see the module docstring)."""
    words = text.split()
    if form == "full" or not words:
        return text
    if form == "start":
        return half_typed(words[0])
    return " ".join([*words[:-1], half_typed(words[-1])])


def ranker(cat: Any, engine: str, form: str) -> Callable[[Any], list[tuple[str, str]]]:
    """Top ten (system, code) of ``engine`` (suggest or search) for a query in ``form``."""
    from medcodes.search.engine import search
    from medcodes.search.suggest import suggest

    def rank(q: Any) -> list[tuple[str, str]]:
        text = typed_form(q.text, form)
        systems = list(q.systems) if q.systems else None
        if engine == "suggest":
            return [(s.system, s.code) for s in suggest(cat, text, systems=systems).items]
        return [(h.system, h.code) for h in search(cat, text, systems=systems, limit=10).hits]

    return rank


def keystrokes(cat: Any, queries: Sequence[Any]) -> str:
    """How the suggestions move from each cut query to its finished phrase (its note, where the
    note begins with the query), one keystroke at a time: see the module docstring."""
    from medcodes.search.suggest import suggest

    def top(text: str) -> list[tuple[str, str]]:
        return [(s.system, s.code) for s in suggest(cat, text).items[:5]]

    steps = lead_moves = 0
    churn = 0.0
    agree = walks = 0
    for q in queries:
        if not q.note.startswith(q.text) or q.note == q.text:
            continue
        walks += 1
        tops = [top(q.note[:n]) for n in range(len(q.text), len(q.note) + 1)]
        agree += bool(tops[-1]) and tops[-1][0] in tops[0][:3]
        for a, b in itertools.pairwise(tops):
            steps += 1
            lead_moves += a[:1] != b[:1]
            churn += 1 - len(set(a) & set(b)) / max(len(a), len(b), 1)
    if not steps:
        return "keys: no query's note finishes it"
    return (f"keys: {walks} walks, {steps} keystrokes: first changed {lead_moves / steps:.3f}, "
            f"top-5 churn {churn / steps:.3f}; cut top-3 holds the finished first "
            f"{agree / walks:.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--db", default="/tmp/medcodes-cat.sqlite", help="catalog file")
    ap.add_argument("--sets", default=",".join(DEFAULT_SETS),
                    help=f"comma list of {','.join(rel.ALL_SETS)} (default: the hand-written "
                    "sets and icd9dx)")
    ap.add_argument("--forms", default=",".join(FORMS), help=f"comma list of {','.join(FORMS)}")
    ap.add_argument("--engines", default="suggest,search", help="suggest, search or both")
    ap.add_argument("--sample", type=int, default=500, help="codes sampled for icd9dx / icd9pcs")
    ap.add_argument("--seed", type=int, default=rel.DEFAULT_SEED)
    ap.add_argument("--show-misses", type=int, default=0, metavar="K",
                    help="print the first K suggest misses per set and form")
    ap.add_argument("--dev", default="",
                    help="comma list of tests/data lists to run instead of --sets (see above)")
    args = ap.parse_args(argv)
    db = Path(args.db)
    if not db.exists():
        raise SystemExit(f"no catalog at {db}")
    forms = [f.strip() for f in args.forms.split(",") if f.strip()]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if set(forms) - set(FORMS) or set(engines) - {"suggest", "search"}:
        raise SystemExit(f"--forms takes {', '.join(FORMS)}; --engines suggest and search")

    import medcodes

    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    cat = medcodes.open_catalog(db)
    codes = rel.catalog_codes(db)
    head = ["set", "form", "n"] + [f"{e} {c}" for e in engines for c in ("@1", "@10", "MRR", "p50ms")]
    rows = [head]
    names = [n.strip() for n in args.dev.split(",") if n.strip()] or rel.parse_sets(args.sets)
    for name in names:
        if args.dev:
            queries = rel.load_tsv(DEV_DIR / name)
            print(keystrokes(cat, queries))
        else:
            queries = rel.load_set(name, args.sample, args.seed)
        queries, _dropped = rel.reachable(queries, codes)
        for form in forms:
            cells = [name, form, str(len(queries))]
            for engine in engines:
                summary = rel.run(queries, ranker(cat, engine, form))
                cells += [f"{summary.hit1:.3f}", f"{summary.hit10:.3f}", f"{summary.mrr10:.3f}",
                          f"{summary.p50_ms:.2f}"]
                print(f"{name:14s} {form:7s} {engine:8s} n={summary.n} hit@10="
                      f"{summary.hit10:.3f}", file=sys.stderr)
                if engine == "suggest" and args.show_misses:
                    print(rel.misses(f"{name} / {form} / suggest", summary, args.show_misses),
                          file=sys.stderr)
            rows.append(cells)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in
                       enumerate(zip(r, widths, strict=True))) for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
