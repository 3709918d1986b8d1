"""Infections, infestations and childhood illnesses in everyday words ("stomach bug", "school
sores", "worms in my child's bum", "croupy cough"), and a heading the words lead with reported
as its code that says nothing more ("chicken pox" is B01.9, not the category B01)."""

from __future__ import annotations

import pytest

from dev_lists import first_code, floors
from medcodes.catalog.reader import Catalog
from medcodes.search.rank import Candidate
from medcodes.search.reported import report_default


@pytest.mark.parametrize("mode", ["words", "hybrid"])
@pytest.mark.parametrize(("query", "first"), [
    ("chicken pox", "B01.9"),  # not B01 "Varicella [chickenpox]", a heading
    ("measles", "B05.9"),
    ("mumps", "B26.9"),
    ("glandular fever", "B27.90"),  # B27 -> B27.9 -> B27.90
    ("type 2 diabetes", "E11.9"),
    ("pneumonia", "J18.9"),  # a code of the heading's very title: the tie-break, as before
])
def test_a_leading_heading_is_reported_as_its_code_that_says_nothing_more(
        cat: Catalog, mode: str, query: str, first: str) -> None:
    assert first_code(cat, query, mode) == first


@pytest.mark.parametrize(("query", "first"), [
    ("varicella meningitis", "B01.0"),
    ("measles complications", "B05"),  # a complication asked: no uncomplicated code
])
def test_a_heading_keeps_its_place_when_more_is_said(cat: Catalog, query: str,
                                                     first: str) -> None:
    assert first_code(cat, query, "words").startswith(first)


def test_report_default_swaps_only_the_two() -> None:
    def code(code: str, title: str, score: float, billable: bool = False) -> Candidate:
        return Candidate(0, "icd10cm", code, title, "category", billable, None, 0, 1.0,
                         score=score)
    pool = [code("B05", "Measles", 3.0), code("B06", "Rubella [German measles]", 2.0),
            code("B05.9", "Measles without complication", 1.0, True)]
    report_default(pool, "measles")
    assert [(c.code, c.score) for c in pool] == [("B05.9", 3.0), ("B06", 2.0), ("B05", 1.0)]
    report_default(pool, "measles")  # a billable code leads: nothing to do
    assert pool[0].code == "B05.9"


@pytest.mark.parametrize(("query", "first"), [
    ("stomach bug", ("A09", "A08.4")),  # infectious, not K52.9 Noninfective gastroenteritis
    ("my little boy has a tummy bug", ("A09", "A08.4")),
    ("winter vomiting bug", ("A08.11",)),
    ("school sores", ("L01",)),
    ("verruca on my foot", ("B07.0",)),
    ("worms in my child's bum", ("B80",)),  # the person inside the phrase left out
    ("urosepsis", ("N39.0", "A41")),
    ("c difficile", ("A04.7",)),
    ("croupy cough", ("J05.0",)),
    ("barking cough in my toddler", ("J05.0",)),
    ("gastro", ("A09", "A08")),
    ("infected cut finger", ("L03.01", "L08")),
])
def test_infections_said_in_everyday_words(cat: Catalog, query: str,
                                           first: tuple[str, ...]) -> None:
    assert first_code(cat, query).startswith(first)


@pytest.mark.parametrize("query", ["gastro reflux", "gastro-oesophageal reflux"])
def test_gastro_beside_reflux_stays_the_reflux(cat: Catalog, query: str) -> None:
    assert first_code(cat, query).startswith("K21")


def test_a_person_inside_a_lay_phrase_is_filler(cat: Catalog) -> None:
    said = cat.search("worms in my daughter's bum", limit=1).expansions
    assert any(e["to"] == "enterobiasis" for e in said)


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.86, 0.95), ("hybrid", 0.88, 0.96)])
def test_infections_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # tests/data/infections_dev.tsv, 80 queries written before any search. Measured (of 80)
    # words 69 first and 76 in ten, hybrid 72 and 77 (71 first since search/timing.py: "itchy
    # bottom at night worms" reads its night as no title word, and L29.0 Pruritus ani, which
    # the words say, leads B80 Enterobiasis, second); the base (78758ab): words 52 and 70,
    # hybrid 56 and 71.
    floors(cat, "infections_dev.tsv", at1, at10, mode=mode)
