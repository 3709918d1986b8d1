"""Medical-chapter shorthand of session 28 (medical28): a condition said NEC found as its "other"
code and NOS as its "unspecified" one (search.other_twins). tests/data/medical28_dev.tsv is the
development list."""

from __future__ import annotations

import pytest

from dev_lists import first_code, rank_of
from medcodes.catalog.reader import Catalog


@pytest.mark.parametrize(("query", "expected"), [
    ("Hemorrhagic condition NEC", "D69.8"),
    ("peripheral vascular disease NEC", "I73.89"),
    ("anemia NEC", "D64.89"),
    ("gram negative sepsis NEC", "A41.59"),
    ("candidiasis NOS", "B37.9"),
    ("anemia", "D64.9"),  # nothing said: the unspecified code stays
])
def test_medical28_shorthand_leads_with_its_code(cat: Catalog, query: str,
                                                 expected: str) -> None:
    rank = rank_of(cat, query, f"icd10cm:{expected}", systems=["icd10cm"])
    assert rank == 0, rank


def test_nec_names_the_other_code_only_when_said(cat: Catalog) -> None:
    assert first_code(cat, "Periph vascular dis NEC") != first_code(cat, "Periph vascular dis")
