"""A vertebra's fracture said by its level, read as the fracture titles name the vertebra
(session 27, search/vertebra_levels.py); tests/data/injury27_dev2.tsv is the development
list."""

from __future__ import annotations

import pytest

from dev_lists import floors, rank_of
from medcodes.catalog.reader import Catalog
from medcodes.search.vertebra_levels import vertebra_level


def test_the_restatement() -> None:
    assert vertebra_level("Fx c4 vertebra-open") == "fx fourth cervical vertebra open"
    assert vertebra_level("L1 compression fracture") == (
        "first lumbar vertebra compression fracture")
    assert vertebra_level("T12 burst fx") == "t11 t12 vertebra burst fx"
    assert vertebra_level("T7 fx") == "t7 t8 vertebra fx"
    # A span, no fracture, a level past the region's last, or the titles' words already.
    for query in ("C5-C6 fracture", "L4-L5 fusion", "C4 dislocation", "L6 fracture",
                  "fx t7 t8 vertebra", "fracture of fourth cervical vertebra"):
        assert vertebra_level(query) is None, query


@pytest.mark.parametrize(("query", "expected"), [
    ("Fx c4 vertebra-open", "icd10cm:S12.300B|icd10cm:S12.301B"),
    ("C2 fracture", "icd10cm:S12.1"),
    ("T7 vertebral fracture", "icd10cm:S22.06"),
    ("L1 compression fracture", "icd10cm:S32.01"),
])
def test_the_level_leads_with_its_vertebra(cat: Catalog, query: str, expected: str) -> None:
    assert rank_of(cat, query, expected) == 0


def test_injury27_dev2_floors(cat: Catalog) -> None:
    # tests/data/injury27_dev2.tsv, 14 queries written before any search. Measured (hybrid)
    # 12 first and 14 in ten; the base (661c2ba) 0 and 12.
    floors(cat, "injury27_dev2.tsv", 0.78, 0.92)
