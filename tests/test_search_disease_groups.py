"""A screening for a disease no screening title names is its group's screening code (Z11,
Z13), the group found from the categories the disease's words find in the catalog."""

from __future__ import annotations

import pytest

from medcodes.catalog.reader import Catalog
from medcodes.search.disease_groups import group_of


def test_the_groups_follow_the_blocks() -> None:
    assert group_of("I25") == ("cardiovascular", "disorders")
    assert group_of("E78") == ("lipoid", "disorders")  # before the metabolic block around it
    assert group_of("B03") == ("other", "viral", "diseases")
    assert group_of("R10") is None and group_of("Z13") is None


@pytest.mark.parametrize(("query", "code"), [
    ("screening for gout", "Z13.828"),
    ("screening for rheumatoid arthritis", "Z13.828"),
    ("scrn ischemic heart dis", "Z13.6"),
    ("screening for smallpox", "Z11.59"),
    ("screening for venereal disease", "Z11.3"),
    ("screening for glaucoma", "Z13.5"),
    ("screening for sickle cell", "Z13.0"),
])
def test_a_disease_screened_is_its_group(cat: Catalog, query: str, code: str) -> None:
    hits = cat.search(query, systems=["icd10cm"], limit=3).hits
    assert hits[0].code == code, [h.code for h in hits]


def test_a_named_screening_and_a_result_keep_theirs(cat: Catalog) -> None:
    assert cat.search("screening for depression", limit=1).hits[0].code == "Z13.31"
    assert cat.search("screening mammogram", limit=1).hits[0].code == "Z12.31"
    hits = cat.search("abnormal screening for gout", systems=["icd10cm"], limit=3).hits
    assert hits[0].code != "Z13.828", [h.code for h in hits]


@pytest.mark.parametrize(("query", "code"), [
    ("exposure to smallpox", "Z20.828"),
    ("contact with measles", "Z20.828"),
    ("exposed to pertussis", "Z20.818"),
    ("exposed to scabies", "Z20.7"),
    ("exposure to flu", "Z20.828"),
])
def test_a_communicable_disease_contacted_is_its_group(cat: Catalog, query: str,
                                                        code: str) -> None:
    hits = cat.search(query, systems=["icd10cm"], limit=3).hits
    assert hits[0].code == code, [h.code for h in hits]


def test_a_contact_titled_or_not_communicable_keeps_its_code(cat: Catalog) -> None:
    assert cat.search("exposure to rabies", limit=1).hits[0].code == "Z20.3"
    assert cat.search("exposed to asbestos", limit=1).hits[0].code == "Z77.090"
    assert cat.search("contact dermatitis", limit=1).hits[0].code.startswith("L25")
    assert cat.search("contact with dog", limit=1).hits[0].code.startswith("W54")
