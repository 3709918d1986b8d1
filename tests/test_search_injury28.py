"""Session 28's injury, poisoning and care-complication vocabulary (data rows: a CNS stimulant,
a sympathomimetic, a muscle agent, liquefied petroleum gas, the respiratory tree, a local
infection, a sacrotuberous sprain, an infected central line), a part's "(s)" plural mark
(search/plural_marks.py), and the floors of tests/data/injury28_dev.tsv."""

from __future__ import annotations

import pytest

from dev_lists import floors, rank_of
from medcodes.catalog.reader import Catalog
from medcodes.search.plural_marks import without_plural_mark


@pytest.mark.parametrize(("query", "expected"), [
    ("poisoning by CNS stimulant", "icd10cm:T43.6"),
    ("Poison-sympathomimetics", "icd10cm:T44.4|icd10cm:T44.5"),
    ("Poison-muscle agent NEC", "icd10cm:T48.29"),
    ("toxic effect of LPG", "icd10cm:T59.89"),
    ("Toxic eff liq petrol gas", "icd10cm:T59.89"),
    ("FB in respiratory tree", "icd10cm:T17.9"),
    ("Lcl inf dt cen ven cth", "icd10cm:T80.212"),
    ("Sprain sacrotuberous", "icd10cm:S33.8"),
    ("central line infection", "icd10cm:T80.21"),
])
def test_the_rows_lead_with_their_code(cat: Catalog, query: str, expected: str) -> None:
    assert rank_of(cat, query, expected, systems=["icd10cm"]) == 0


def test_a_plural_mark_is_no_sequela(cat: Catalog) -> None:
    assert without_plural_mark("Contusion of hand(s)") == "Contusion of hand"
    assert without_plural_mark("contusion of hand") is None
    assert rank_of(cat, "Contusion of hand(s)", "icd10cm:S60.229A", systems=["icd10cm"]) == 0
    assert rank_of(cat, "Open wound of toe(s)", "icd10cm:S91.109A", systems=["icd10cm"]) == 0


def test_injury28_dev_floors(cat: Catalog) -> None:
    # tests/data/injury28_dev.tsv, 65 queries written before any search. Measured (of 65)
    # hybrid 46 first and 57 in ten, words 44 and 54; main (c29210f) 23 and 31.
    floors(cat, "injury28_dev.tsv", 0.68, 0.85)
    floors(cat, "injury28_dev.tsv", 0.64, 0.80, mode="words")
