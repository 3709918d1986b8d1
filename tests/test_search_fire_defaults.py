"""A fire not said to be controlled is the uncontrolled one (X00, X01), as the index has it."""

from __future__ import annotations

from medcodes.catalog.reader import Catalog


def _first(cat: Catalog, query: str) -> str:
    return cat.search(query, systems=["icd10cm"], limit=1).hits[0].code


def test_a_fire_unsaid_controlled_is_uncontrolled(cat: Catalog) -> None:
    assert _first(cat, "fire in building, accident").startswith("X00")
    assert _first(cat, "fell from burning building") == "X00.3XXA"
    assert _first(cat, "hit by object from burning building") == "X00.4XXA"


def test_a_controlled_fire_said_keeps_its_code(cat: Catalog) -> None:
    assert _first(cat, "fall from burning building in controlled fire").startswith("X02.3")

