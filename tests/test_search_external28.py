"""External causes and Z factors in the shorthand of coders and ICD-9-CM's short titles, read as
ICD-10-CM says them (session 28, external28): a fire in a building by what hurt the person (X00),
a fall on a watercraft as a fall on board (V93.3-), a train's or an aircraft's passenger or
crew as the titles' occupant, a liveborn's delivery as Z38's "delivered vaginally" or "by
cesarean", and the clipped words of railway, family history, screening and observation (a
factor or a cause said NEC or NOS is tested in test_search_nec_nos.py). tests/data/external28_dev.tsv is their development list."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dev_lists import floors, rank_of
from medcodes.catalog.reader import Catalog
from medcodes.search.building_fires import building_fire
from medcodes.search.liveborn_delivery import liveborn_delivered
from medcodes.search.occupants import occupant
from medcodes.search.on_board import on_board


@pytest.mark.parametrize(("query", "expected"), [
    ("Fire in bldg-flames", "icd10cm:X00.0XXA"),
    ("house fire, smoke", "icd10cm:X00.1XXA"),
    ("jumped from burning building", "icd10cm:X00.5XXA"),
    ("dwelling fire accid NOS", "icd10cm:X00.8XXA"),
    ("W/craft stair fall-powered", "icd10cm:V93.3"),
    ("fell on the deck of a yacht", "icd10cm:V93.3"),
    ("RR derailment-pasngr", "icd10cm:V81.7XXA"),
    ("railway employee injured in collision with rolling stock", "icd10cm:V81.2XXA"),
    ("Liveborn-hosp w cs", "icd10cm:Z38.01"),
    ("triplet, born in hosp, w/o cs", "icd10cm:Z38.61"),
    ("fm hx colon cancer", "icd10cm:Z80.0"),
    ("Fmly hx-diabetes", "icd10cm:Z83.3"),
    # Other senses keep their own reading.
    ("controlled fire in building, flames", "icd10cm:X02.0XXA"),
    ("burn of hand", "icd10cm:T23.0"),
    ("fell down stairs at home", "icd10cm:W10"),
    ("cesarean delivery of twins", "icd10cm:O"),
    ("family planning advice", "icd10cm:Z30.0"),
])
def test_external28_shorthand_leads_with_its_code(cat: Catalog, query: str,
                                                  expected: str) -> None:
    rank = rank_of(cat, query, expected, systems=["icd10cm"])
    assert rank is not None and rank <= 1, rank


def test_a_fire_is_restated_only_when_it_says_no_more() -> None:
    assert building_fire("Fire in bldg-burning") == (
        "exposure to flames in uncontrolled fire in building or structure")
    assert building_fire("house fire, subsequent encounter") == (
        "exposure to uncontrolled fire in building or structure subsequent encounter")
    assert building_fire("burns from house fire") == (
        "burn exposure to flames in uncontrolled fire in building or structure")
    assert building_fire("burn of forearm in house fire") is None  # the burn's site
    assert building_fire("smoke inhalation from a house fire") is None  # T59.81 leads
    assert building_fire("controlled fire in fireplace") is None
    assert building_fire("car fire") is None


def test_a_watercraft_fall_is_on_board() -> None:
    assert on_board("W/crf stair fall-per NOS") == "fall on board watercraft"
    assert on_board("W/craft machinery accident") == "watercraft machinery accident"
    assert on_board("fell off the boat and drowned") is None
    assert on_board("fell on stairs") is None


def test_an_occupant_is_of_a_train_or_an_aircraft() -> None:
    assert occupant("RR acc NEC-employee") == (
        "railway occupant other specified railway accident")
    assert occupant("Aircrft acc NEC-pasngr") == (
        "aircraft occupant other specified air transport accidents")
    assert occupant("airplane passenger injured") == "airplane occupant injured"
    assert occupant("car passenger injured") is None
    assert occupant("train hit a car, passenger injured") is None


def test_a_liveborn_is_delivered() -> None:
    assert liveborn_delivered("Liveborn NOS-hosp w/o cs") == (
        "single liveborn delivered vaginally")
    assert liveborn_delivered("Twin-mate sb-hosp w cs") == "twin delivered by cesarean"
    assert liveborn_delivered("twin pregnancy, delivered by c-section") is None  # the mother
    assert liveborn_delivered("newborn born in hospital") == (
        "single newborn delivered vaginally")  # the index's default
    assert liveborn_delivered("newborn born at home") is None
    assert liveborn_delivered("liveborn born outside hospital") is None


@pytest.mark.parametrize("restate", [building_fire, on_board, occupant, liveborn_delivered])
def test_a_restatement_is_restated_no_further(restate: Callable[[str], str | None]) -> None:
    # Searching a restatement restates it again: it must come back unchanged or not at all.
    for query in ("Fire in bldg-fumes NOS", "Priv dwel fire-accid NEC", "W/craft stair fall",
                  "RR coll w oth obj-pasngr", "Aircrft acc NEC-pasngr",
                  "Liveborn NOS-hosp w/o cs", "twin, C-section", "jumped from burning house"):
        told = restate(query)
        if told is not None:
            again = restate(told)
            assert again is None or again == told, (query, told, again)


def test_no_cue_word_no_work() -> None:
    # Each reader answers at once when none of its cue words is said (most queries).
    for restate in (building_fire, on_board, occupant, liveborn_delivered):
        assert restate("chest pain radiating to left arm") is None


@pytest.mark.parametrize(("mode", "at1", "at10"), [("hybrid", 0.70, 0.85)])
def test_external28_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # Measured (of 68) hybrid 51 first and 60 in ten (0.750 / 0.882); on main (c29210f) 28
    # and 39 (tests/dev_lists.py rates).
    floors(cat, "external28_dev.tsv", at1, at10, mode=mode)
