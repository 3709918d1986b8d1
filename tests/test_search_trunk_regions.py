"""An injury of the skin said of the trunk read as of the thorax (session 28,
search/trunk_regions.py); rows of tests/data/injury28_dev.tsv."""

from __future__ import annotations

import pytest

from dev_lists import rank_of
from medcodes.catalog.reader import Catalog
from medcodes.search.trunk_regions import trunk_as_thorax


def test_the_restatement() -> None:
    assert trunk_as_thorax("Blister trunk") == "blister thorax"
    assert trunk_as_thorax("contusion of trunk") == "contusion of thorax"
    for query in ("burn of trunk", "2nd degree burn trunk", "celiac trunk injury",
                  "trunk", "pain in trunk", "injury of brachial plexus trunk"):
        assert trunk_as_thorax(query) is None, query


@pytest.mark.parametrize(("query", "expected"), [
    ("Blister trunk", "icd10cm:S20.92XA"),
    ("Insect bite trunk", "icd10cm:S20.96XA"),
    ("abrasion of trunk", "icd10cm:S20.91XA"),
    ("contusion of trunk", "icd10cm:S20.20XA"),
    ("open wound of trunk", "icd10cm:S21.90XA"),
])
def test_the_thorax_leads(cat: Catalog, query: str, expected: str) -> None:
    assert rank_of(cat, query, expected, systems=["icd10cm"]) == 0


def test_a_burn_of_the_trunk_keeps_its_titles(cat: Catalog) -> None:
    assert rank_of(cat, "third degree burn of trunk", "icd10cm:T21.3",
                   systems=["icd10cm"]) == 0
