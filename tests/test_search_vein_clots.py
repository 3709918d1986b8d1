"""A clot taken out of a vein (search/vein_clots.py) read as the Extirpation of Matter from the
vein, not an artery, on the real catalog."""

from __future__ import annotations

import pytest

from medcodes.catalog.reader import Catalog
from medcodes.search.engine import search


@pytest.mark.parametrize(("query", "prefix"), [
    ("DVT thrombectomy", "06C"),  # Lower Veins, not 04C Lower Arteries
    ("mechanical thrombectomy for a DVT", "06C"),
    ("thrombectomy of the right femoral vein", "06CM"),
    ("blood clot taken out of the vein in my leg", "06C"),
])
def test_thrombectomy_beside_a_vein_is_of_the_vein(cat: Catalog, query: str,
                                                   prefix: str) -> None:
    hits = search(cat, query, limit=3).hits
    assert hits[0].code.startswith(prefix), [h.code for h in hits]


@pytest.mark.parametrize(("query", "prefix"), [
    ("femoral artery embolectomy right", "04CK"),  # an artery said stays the artery
    ("thrombectomy", "0"),
])
def test_thrombectomy_without_a_vein_keeps_the_artery(cat: Catalog, query: str,
                                                      prefix: str) -> None:
    hits = search(cat, query, limit=3).hits
    assert hits[0].code.startswith(prefix), [h.code for h in hits]
    assert "Vein" not in hits[0].title


def test_a_clot_in_a_vein_with_nothing_done_is_the_condition(cat: Catalog) -> None:
    hits = search(cat, "blood clot in a vein in my leg", limit=3).hits
    assert hits[0].system == "icd10cm", [h.code for h in hits]


@pytest.mark.parametrize("query", ["suction thrombectomy for pulmonary embolism",
                                   "PE thrombectomy"])
def test_pulmonary_embolus_taken_out_is_of_the_pulmonary_artery(cat: Catalog,
                                                                query: str) -> None:
    hits = search(cat, query, limit=3).hits
    assert hits[0].code.startswith(("02CQ", "02CR", "02CP")), [h.code for h in hits]


def test_pulmonary_embolism_alone_is_the_condition(cat: Catalog) -> None:
    assert search(cat, "pulmonary embolism", limit=1).hits[0].code.startswith("I26")
