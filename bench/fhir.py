"""In-process latency of the FHIR terminology operations: $lookup and $expand with a filter.

Two layers are timed for each operation over the same inputs, after a warm-up:

* ``op``: the operation function itself (``medcodes.fhir.lookup.lookup`` /
  ``medcodes.fhir.expand.expand``) on parsed parameters: the service's own cost.
* ``asgi``: a full GET through the ASGI stack with Starlette's TestClient (routing, parameter
  parsing, thread pool, JSON rendering), on a bare app with only the FHIR router.

$lookup codes are spread over every system in the catalog (every Nth concept in classification
order, so chapters, categories and billable codes alike). $expand filters are the curated
search queries in bench/queries/*.tsv (abbreviations, lay words, typos), each within the first
system its expected answers name, ``count=10``.

Targets: $lookup p50 <= 3 ms; $expand with filter p50 <= 10 ms.

Usage::

    python bench/fhir.py --db /tmp/medcodes-cat.sqlite
    python bench/fhir.py --db /tmp/medcodes-cat.sqlite --calls 500 --json bench/out/fhir.json
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as ``python bench/fhir.py``, this file's folder comes first on sys.path, and its
# neighbour http.py would shadow the standard library's ``http`` package that httpx imports.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import csv
import json
import statistics
import time
import warnings
from collections.abc import Callable
from functools import partial
from typing import Any

from fastapi import FastAPI
from starlette.exceptions import StarletteDeprecationWarning

from medcodes.catalog.listing import concepts_page
from medcodes.catalog.paths import default_db_path
from medcodes.catalog.reader import Catalog
from medcodes.fhir.expand import expand
from medcodes.fhir.lookup import lookup
from medcodes.fhir.params import OpParams
from medcodes.fhir.resolve import system_uri
from medcodes.fhir.router import fhir_router

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

QUERIES = Path(__file__).resolve().parent / "queries"
TARGETS_MS = {"lookup": 3.0, "expand_filter": 10.0}
WARMUP = 20


def lookup_inputs(cat: Catalog, n: int) -> list[tuple[str, str]]:
    """(system uri, code) pairs spread evenly over every system's classification order."""
    systems = [s for s in cat.systems() if s.is_default and s.concepts]
    per = max(n // len(systems), 1)
    out = []
    for rec in systems:
        step = max(rec.concepts // per, 1)
        for i in range(per):
            page = concepts_page(cat, rec.id, i * step, 1, rec.version)
            if page:
                out.append((system_uri(rec), page[0].code))
    return out


def filter_inputs(cat: Catalog) -> list[tuple[str, str]]:
    """(value set url, filter) from the curated query files."""
    uris = {s.id: system_uri(s) for s in cat.systems() if s.is_default}
    out = []
    for path in sorted(QUERIES.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                system = (row.get("expected") or "").split(":", 1)[0]
                if row.get("query") and system in uris:
                    out.append((f"{uris[system]}?fhir_vs", row["query"]))
    return out


def timed(calls: list[Callable[[], Any]]) -> list[float]:
    """Milliseconds per call, after WARMUP untimed calls."""
    for call in calls[:WARMUP]:
        call()
    out = []
    for call in calls:
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(ms: list[float]) -> dict[str, float]:
    qs = statistics.quantiles(ms, n=100)
    return {
        "calls": len(ms), "p50": round(statistics.median(ms), 3), "p95": round(qs[94], 3),
        "p99": round(qs[98], 3), "max": round(max(ms), 3),
    }


def call_op(cat: Catalog, op: Callable[..., Any], query: dict[str, str]) -> None:
    op(cat, OpParams.from_query(query.items()))


def call_http(client: TestClient, path: str, query: dict[str, str]) -> None:
    response = client.get(path, params=query)
    if response.status_code != 200:
        raise SystemExit(f"{response.request.url} -> {response.status_code} {response.text}")


def cycle(items: list[Any], n: int) -> list[Any]:
    return [items[i % len(items)] for i in range(n)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=None, help="Catalog (default: MEDCODES_DB).")
    parser.add_argument("--calls", type=int, default=300, help="Timed calls per operation.")
    parser.add_argument("--json", type=Path, default=None, help="Also write the results here.")
    args = parser.parse_args(argv)
    cat = Catalog(default_db_path(args.db))
    app = FastAPI()
    app.include_router(fhir_router(lambda request: cat))
    with TestClient(app) as client:  # one event loop for all calls, as a server has
        return run(cat, client, args.calls, args.json)


def run(cat: Catalog, client: TestClient, calls: int, out: Path | None) -> int:
    """Time both operations at both layers, print the table, return the exit status."""

    lookups = cycle(lookup_inputs(cat, calls), calls)
    filters = cycle(filter_inputs(cat), calls)
    lookup_query = [{"system": s, "code": c} for s, c in lookups]
    expand_query = [{"url": u, "filter": f, "count": "10"} for u, f in filters]
    results = {
        "lookup": {
            "op": summary(timed([partial(call_op, cat, lookup, q) for q in lookup_query])),
            "asgi": summary(timed([
                partial(call_http, client, "/fhir/CodeSystem/$lookup", q) for q in lookup_query
            ])),
        },
        "expand_filter": {
            "op": summary(timed([partial(call_op, cat, expand, q) for q in expand_query])),
            "asgi": summary(timed([
                partial(call_http, client, "/fhir/ValueSet/$expand", q) for q in expand_query
            ])),
        },
    }
    print(f"catalog {cat.path}  ({len(set(lookups))} lookup codes, {len(set(filters))} filters)")
    print(f"{'operation':<15}{'layer':<6}{'calls':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'max ms':>9}  target p50")
    ok = True
    for op, layers in results.items():
        for layer, s in layers.items():
            met = s["p50"] <= TARGETS_MS[op]
            ok = ok and met
            print(f"{op:<15}{layer:<6}{s['calls']:>7}{s['p50']:>9.2f}{s['p95']:>9.2f}"
                  f"{s['p99']:>9.2f}{s['max']:>9.2f}  <= {TARGETS_MS[op]:g} "
                  + ("ok" if met else "MISSED"))
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"targets_ms": TARGETS_MS, **results}, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
