"""The relevance benchmark's query sets are well formed and name real codes (no catalog needed)."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
MIN_QUERIES = {"lay": 200, "typos": 150, "abbreviations": 150, "procedures": 150,
               "everyday_blind": 300, "everyday_blind2": 350}


def _load_runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_relevance", BENCH / "relevance.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


rel = _load_runner()


@pytest.fixture(scope="module")
def official() -> dict[str, list[str]]:
    codes: dict[str, list[str]] = rel.official_codes()
    return codes


@pytest.mark.parametrize("name", sorted(MIN_QUERIES))
def test_set_parses_with_enough_distinct_queries(name: str) -> None:
    queries = rel.load_tsv(BENCH / "queries" / f"{name}.tsv")
    assert len(queries) >= MIN_QUERIES[name]
    texts = [q.text.casefold() for q in queries]
    assert len(set(texts)) == len(texts), "duplicate queries"
    assert all(q.expected for q in queries)


# everyday_blind2 names FY2026 codes (E66.81x) that the 2024 release files lack: its codes are
# checked against the catalog in test_search_meaning instead.
@pytest.mark.parametrize("name", sorted(set(MIN_QUERIES) - {"everyday_blind2"}))
def test_every_expected_prefix_names_an_official_code(
    name: str, official: dict[str, list[str]]
) -> None:
    queries = rel.load_tsv(BENCH / "queries" / f"{name}.tsv")
    missing = [f"{q.text!r} -> {s}:{p}" for q in queries for s, p in q.expected
               if not rel.prefix_exists(official[s], p)]
    assert not missing, missing


@pytest.mark.parametrize("name", sorted(MIN_QUERIES))
def test_expected_codes_are_written_in_canonical_form(name: str) -> None:
    """ICD-10-CM "S52.5", ICD-10-PCS "0DTJ", ICD-9 "410.7" / "E800.0": as the catalog spells them."""
    with (BENCH / "queries" / f"{name}.tsv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
                if r and not r[0].startswith("#")][1:]  # comment lines, then the header
    wrong = []
    for row in rows:
        for item in row[1].split("|"):
            system, _, code = item.partition(":")
            if code != rel.dotted(system, rel.code_key(code)):
                wrong.append(f"{row[0]!r}: {item}")
    assert not wrong, wrong


def test_prefix_matching_ignores_dots_and_respects_system() -> None:
    expected = rel.parse_expected("icd10cm:I21|icd9cm:410.7")
    assert rel.is_hit("icd10cm", "I21.4", expected)
    assert rel.is_hit("icd10cm", "I21", expected)
    assert rel.is_hit("icd9cm", "410.71", expected)
    assert not rel.is_hit("icd9cm", "410.6", expected)
    assert not rel.is_hit("icd10pcs", "I21", expected)
    with pytest.raises(ValueError):
        rel.parse_expected("icd11:XX")


def test_scoring_with_a_fake_searcher() -> None:
    calls: list[dict[str, Any]] = []

    class Fake:
        def search(self, query: str, **options: Any) -> Any:
            calls.append(options)
            codes = {"a": ["I21.4"], "b": ["I10", "X", "I21.9"], "c": ["Z00"]}[query]
            hits = [SimpleNamespace(system="icd10cm", code=c) for c in codes]
            return SimpleNamespace(hits=hits)

    exp = rel.parse_expected("icd10cm:I21")
    queries = [rel.Query("a", exp, ("icd10cm",)), rel.Query("b", exp), rel.Query("c", exp)]
    summary = rel.run(queries, rel.medcodes_ranker(Fake(), "words"))
    assert [o.rank for o in summary.outcomes] == [1, 3, None]
    assert summary.hit1 == pytest.approx(1 / 3)
    assert summary.hit10 == pytest.approx(2 / 3)
    assert summary.mrr10 == pytest.approx((1 + 1 / 3) / 3)
    assert calls[0] == {"limit": 10, "systems": ["icd10cm"], "mode": "words"}
    assert "systems" not in calls[1]


def test_baseline_query_quotes_and_ors_tokens() -> None:
    assert rel.Baseline.match_expression('Ac MI "anterolat", init MI') == (
        '"ac" OR "mi" OR "anterolat" OR "init"'
    )
    assert rel.Baseline.match_expression("-- !!") == ""


def test_gem_sets_are_large_and_deterministic() -> None:
    dx = rel.load_set("icd9dx")
    pcs = rel.load_set("icd9pcs")
    assert len(dx) >= 1000 and len(pcs) >= 1000
    assert [q.text for q in dx[:20]] == [q.text for q in rel.load_set("icd9dx")[:20]]
    assert all(q.systems == ("icd10cm",) for q in dx)
    assert all(q.systems == ("icd10pcs",) and len(q.expected[0][1]) == 7 for q in pcs)
