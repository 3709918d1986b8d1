"""The activity, place and status codes of the external causes (Y92, Y93, Y99; ICD-9-CM
E000-E030, E849) rank for a query that names the activity or place, not for one that happens
to say one of their everyday words ("running a temperature": Y93.02 Activity, running)."""

from __future__ import annotations

import pytest

from dev_lists import rates
from medcodes.catalog.reader import Catalog
from medcodes.search.incidental import circumstance


def test_the_circumstance_codes_are_known_by_their_code() -> None:
    assert circumstance("icd10cm", "Y93.02") and circumstance("icd10cm", "Y92.010")
    assert circumstance("icd9cm", "E001.1") and circumstance("icd9cm", "E849.0")
    assert not circumstance("icd10cm", "W11.XXXA") and not circumstance("icd9cm", "E881.0")
    assert not circumstance("icd10pcs", "Y93")


def test_a_symptom_does_not_lead_with_an_activity(cat: Catalog) -> None:
    codes = [h.code for h in cat.search("running a temperature", limit=10).hits]
    assert not any(code.startswith("Y93") for code in codes), codes
    codes = [h.code for h in cat.search("hurt playing football", limit=3).hits]
    assert "Y93.J1" not in codes  # Activity, piano playing


def test_a_named_activity_or_place_still_finds_its_code(cat: Catalog) -> None:
    assert cat.search("activity running", limit=1).hits[0].code == "Y93.02"
    assert cat.search("swimming", limit=1).hits[0].code == "Y93.11"
    assert cat.search("kitchen in private house", limit=1).hits[0].code.startswith("Y92.01")


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.65, 0.9), ("hybrid", 0.65, 0.9)])
def test_external_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    got1, got10 = rates(cat, "external_dev.tsv", mode=mode)
    # Measured 16/23 and 21/23 both ways, as on main: the causes coders type keep their codes.
    assert got1 >= at1 and got10 >= at10, (got1, got10)
