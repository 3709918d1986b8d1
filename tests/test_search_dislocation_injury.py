"""A dislocation said with no recurrence or disease led by the injury's code, not the recurrent
or pathological dislocation's (session 28, search/dislocation_injury.py)."""

from __future__ import annotations

import pytest

from dev_lists import rank_of
from medcodes.catalog.reader import Catalog


@pytest.mark.parametrize(("query", "expected"), [
    ("Disloc shoulder NOS-cl", "icd10cm:S43.006A"),
    ("dislocation of shoulder closed", "icd10cm:S43.006A"),
    ("Disloc ankle NOS-open", "icd10cm:S93.06XA"),
])
def test_the_injury_leads(cat: Catalog, query: str, expected: str) -> None:
    assert rank_of(cat, query, expected, systems=["icd10cm"]) == 0


@pytest.mark.parametrize(("query", "expected"), [
    ("recurrent dislocation of shoulder", "icd10cm:M24.41"),
    ("pathological dislocation of hip", "icd10cm:M24.35"),
])
def test_a_recurrent_or_pathological_one_keeps_its_own(cat: Catalog, query: str,
                                                      expected: str) -> None:
    assert rank_of(cat, query, expected, systems=["icd10cm"]) == 0
