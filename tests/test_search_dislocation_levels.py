"""A cervical vertebra's dislocation said by its ordinal read by its level, whose joints the
titles name (session 28, search/dislocation_levels.py); rows of tests/data/injury28_dev.tsv."""

from __future__ import annotations

import pytest

from dev_lists import rank_of
from medcodes.catalog.reader import Catalog
from medcodes.search.dislocation_levels import dislocation_level


def test_the_restatement() -> None:
    assert dislocation_level("Disloc 4th cerv vert-cl") == "disloc c4 cl"
    assert dislocation_level("dislocation of fifth cervical vertebra") == "dislocation of c5"
    for query in ("fracture of fourth cervical vertebra", "dislocation of cervical vertebra",
                  "fx and dislocation of 4th cervical vertebra", "dislocated shoulder"):
        assert dislocation_level(query) is None, query


@pytest.mark.parametrize(("query", "expected"), [
    ("dislocation of 5th cervical vertebra", "icd10cm:S13.15|icd10cm:S13.16"),
    ("Disloc 4th cerv vert-cl", "icd10cm:S13.14|icd10cm:S13.15"),
    ("dislocated third cervical vertebra, closed", "icd10cm:S13.13|icd10cm:S13.14"),
])
def test_the_joints_are_found(cat: Catalog, query: str, expected: str) -> None:
    assert rank_of(cat, query, expected, systems=["icd10cm"]) is not None
