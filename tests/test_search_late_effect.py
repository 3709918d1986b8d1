"""ICD-9-CM's shortened "late effect" ("Late eff", "Lt eff", "Late effec") read as the sequela it
is, as the lay row of "late effect" reads it (session 27, data/lay_terms.tsv)."""

from __future__ import annotations

import pytest

from dev_lists import rank_of
from medcodes.catalog.reader import Catalog


@pytest.mark.parametrize(("query", "expected"), [
    ("Late eff int inj abdomen", "icd10cm:S36.90XS|icd10cm:S39.91XS"),
    ("Lt eff nerve inj leg", "icd10cm:S84.90XS|icd10cm:S74.90XS|icd10cm:S94.90XS"),
    ("late eff of ankle sprain", "icd10cm:S93.409S|icd10cm:S93.401S|icd10cm:S93.402S"),
])
def test_a_shortened_late_effect_is_a_sequela(cat: Catalog, query: str, expected: str) -> None:
    rank = rank_of(cat, query, expected, systems=["icd10cm"])
    assert rank is not None and rank < 10
