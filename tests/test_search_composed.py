"""Conditions said by composition ("potassium is low" -> hypokalemia, "enlarged liver" ->
hepatomegaly, "hole in the bowel" -> perforation of intestine): how the query is read, and what
it finds on the session's real catalog (issue #8)."""

from __future__ import annotations

import pytest

from dev_lists import floors
from medcodes.catalog.reader import Catalog
from medcodes.search.composed import _Unit, candidates, parts
from medcodes.search.engine import engine_for
from medcodes.search.query import parse


def _readings(cat: Catalog, query: str) -> list[str]:
    parsed = parse(query, engine_for(cat).speller)
    return [" ".join(a.tokens) for s in parsed.slots for a in s.alternatives if a.kind == "lay"]


@pytest.mark.parametrize(("query", "word"), [
    ("potassium is low", "hypokalemia"),
    ("too much calcium in my blood", "hypercalcemia"),
    ("not enough salt in the blood", "hyponatremia"),
    ("sugar in my pee", "glycosuria"),
    ("low oxygen", "hypoxemia"),
    ("heart beating too slow", "bradycardia"),
    ("fast breathing", "tachypnea"),
    ("platelet count is high", "thrombocytosis"),
    ("spleen is enlarged", "splenomegaly"),
    ("stone in my salivary gland", "sialolithiasis"),
    ("pain in my ear", "otalgia"),
    ("bleeding from the ear", "otorrhagia"),
    ("sodium levels dropped", "hyponatremia"),
    ("potassium came back high", "hyperkalemia"),
    ("air in the chest", "pneumothorax"),
    ("bleeding into the joint", "hemarthrosis"),
    ("fatty stools", "steatorrhea"),
])
def test_plain_word_parts_read_as_the_clinical_word(cat: Catalog, query: str, word: str) -> None:
    assert word in _readings(cat, query)


def test_only_words_the_catalog_holds_are_searched(cat: Catalog) -> None:
    kinds = frozenset({"substance", "cell"})
    low = _Unit((("hypo", kinds),), (), (("penia", kinds),))
    potassium = _Unit((), (("kal", kinds),), ())
    made = [w for ways in candidates([low, potassium]) for w in ways]
    assert "hypokalemia" in made and "kalopenia" in made  # made, but no title says it
    assert _readings(cat, "potassium is low") == ["hypokalemia"]
    # A word that names no part, or a quantity alone, is no composition.
    assert not _readings(cat, "low battery")
    # A part joins only a stem of its kind, and a blood level needs an amount: white cells in
    # the blood are no leukemia, a kidney is never "high" (nephrosis).
    assert "leukemia" not in _readings(cat, "white cells in the blood")
    assert "nephrosis" not in _readings(cat, "kidney too high")
    assert not _readings(cat, "high heels")


def test_a_finding_reads_as_its_title_word_only_beside_a_part(cat: Catalog) -> None:
    assert "perforation" in _readings(cat, "hole in the bowel")
    assert "failure" in _readings(cat, "kidneys not working")
    assert "obstruction" in _readings(cat, "bile duct is blocked")
    assert "hypertrophy" in _readings(cat, "enlarged adenoids")
    assert "perforation" not in _readings(cat, "hole in my sock")
    assert "failure" not in _readings(cat, "car not working")


def test_the_parts_file_reads_every_row() -> None:
    table = parts()
    assert table.stems[("potassium",)] == (("kal", frozenset({"substance"})),)
    assert "hyper" in [p for p, _ in table.before[("rais",)]]  # "raised" says what "high" says
    assert "uria" in [p for p, _ in table.after[("pee",)]]


def test_composed_conditions_lead(cat: Catalog) -> None:
    top = cat.search("calcium level is high", limit=1).hits[0]
    assert top.code == "E83.52"
    top = cat.search("enlarged liver", limit=1).hits[0]
    assert top.code == "R16.0"


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.85, 0.85), ("hybrid", 0.85, 0.9)])
def test_composed_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # Measured words 59/68 and 59/68, hybrid 59/68 and 63/68 (main: 33 and 43, 35 and 53).
    floors(cat, "composed_dev.tsv", at1, at10, mode=mode)
