"""The activity, place and status codes of the external causes (Y92, Y93, Y99; ICD-9-CM
E000-E030, E849) rank for a query that names the activity or place, not for one that happens
to say one of their everyday words ("running a temperature": Y93.02 Activity, running)."""

from __future__ import annotations

import pytest

from dev_lists import first_rank, floors
from medcodes.catalog.reader import Catalog
from medcodes.search.incidental import circumstance, injury_words, intent


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
    # Measured 16/23 and 21/23 both ways, as on main: the causes coders type keep their codes.
    floors(cat, "external_dev.tsv", at1, at10, mode=mode)


def test_the_intent_codes_are_known_by_their_code() -> None:
    assert intent("icd10cm", "X98.2") and intent("icd10cm", "Y38.4") and intent("icd10cm", "X71.0")
    assert intent("icd9cm", "E968.3")
    assert not intent("icd10cm", "X12") and not intent("icd10cm", "Y92.010")
    assert not intent("icd9cm", "E924.0")


def test_an_injury_said_without_an_intent_is_an_accident(cat: Catalog) -> None:
    # Guideline I.C.20.f: an intent unknown is coded accidental; "contact" in an external
    # cause's title is how it happened, not Z20's exposure.
    # Said on a part, the liquid burned it: the burn leads (guideline I.C.20; adverse18's
    # mishaps.hot_liquid_on_a_part), so the cause is asked of the words that say only it.
    hits = cat.search("spilled boiling water", limit=3, mode="words").hits
    assert hits[0].code.startswith("X12"), [h.code for h in hits]
    hits = cat.search("spilled boiling water on my hand", limit=3, mode="words").hits
    assert hits[0].code.startswith("T23"), [h.code for h in hits]


def test_an_intent_said_keeps_its_code(cat: Catalog) -> None:
    hits = cat.search("assaulted with boiling water", limit=3, mode="words").hits
    assert hits[0].code.startswith("X98.2"), [h.code for h in hits]


def test_the_words_that_name_an_injury_are_its_kinds_and_parts() -> None:
    said = injury_words()
    assert {"whiplash", "wrist", "finger", "bitten"} <= said
    assert not said & {"fell", "hit", "ladder", "door", "stool"}  # how, and the body's stool


@pytest.mark.parametrize("mode", ["words", "hybrid"])
@pytest.mark.parametrize(("query", "injury", "cause"), [
    ("whiplash after getting rear-ended", "icd10cm:S13.4", "icd10cm:V4"),
    ("slammed my finger in the door", "icd10cm:S67.1", "icd10cm:W23"),
    ("cracked a rib falling down the stairs", "icd10cm:S22.3|icd10cm:S22.4", "icd10cm:W10"),
])
def test_an_injury_told_with_its_cause_comes_before_it(cat: Catalog, mode: str, query: str,
                                                       injury: str, cause: str) -> None:
    # Guideline I.C.20: an external cause code is never first-listed; it follows in the ten.
    hits = [(h.system, h.code) for h in cat.search(query, limit=10, mode=mode).hits]
    assert first_rank(hits, injury) == 0, hits
    assert first_rank(hits, cause) is not None, hits


@pytest.mark.parametrize("mode", ["words", "hybrid"])
@pytest.mark.parametrize(("query", "cause"), [
    ("fell off a ladder", "icd10cm:W11"), ("bitten by a dog", "icd10cm:W54.0"),
    ("hit by my partner", "icd10cm:T74.11|icd10cm:Y04"), ("fell off a stool", "icd10cm:W08"),
])
def test_how_it_happened_alone_leads_with_its_cause(cat: Catalog, mode: str, query: str,
                                                    cause: str) -> None:
    hits = [(h.system, h.code) for h in cat.search(query, limit=3, mode=mode).hits]
    assert first_rank(hits, cause) == 0, hits


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.47, 0.67), ("hybrid", 0.52, 0.77)])
def test_injury_cause_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # Measured (of 40) words 20 first and 28 in ten, hybrid 22 and 32; main before this work:
    # words 15 and 25, hybrid 20 and 28.
    floors(cat, "injury_cause_dev.tsv", at1, at10, mode=mode)


@pytest.mark.parametrize("mode", ["words", "hybrid"])
@pytest.mark.parametrize(("query", "bite", "cause"), [
    ("dog bit my hand", "icd10cm:S61.45", "icd10cm:W54.0"),
    ("a stray cat bit me on the ankle", "icd10cm:S91.05", "icd10cm:W55.01"),
    ("my toddler bit my arm", "icd10cm:S41.15|icd10cm:S51.85", "icd10cm:W50.3|icd10cm:Y04.1"),
])
def test_a_bite_said_with_its_verb_leads_with_the_open_bite_of_the_part(
        cat: Catalog, mode: str, query: str, bite: str, cause: str) -> None:
    hits = [(h.system, h.code) for h in cat.search(query, limit=10, mode=mode).hits]
    assert first_rank(hits, bite) == 0, hits
    if query == "dog bit my hand":  # the cause follows (the bite's heading, which the
        # meaning list lifts back behind the code that reports it, may come between)
        assert first_rank(hits, cause) in (1, 2), hits


@pytest.mark.parametrize(("query", "lead"), [
    ("bit my tongue and its bleeding", "icd10cm:S01.55"),  # the lay row's bite of the mouth
    ("a snake bit my ankle", "icd10cm:T63.0"),  # a venom's
    ("a tick bit me on the knee", "icd10cm:S80.26"),  # an insect's
    ("a bit sore on my hand", "icd10cm:M79.64"),  # how much
])
def test_a_bite_already_read_or_no_bite_keeps_its_reading(cat: Catalog, query: str,
                                                           lead: str) -> None:
    hits = [(h.system, h.code) for h in cat.search(query, limit=3, mode="words").hits]
    assert first_rank(hits, lead) == 0, hits


def test_broken_said_of_a_thing_is_no_fracture() -> None:
    from medcodes.search.everyday import broken_thing
    from medcodes.search.text import tokens

    assert broken_thing(tokens("stepped on broken glass barefoot")) == {2}
    assert broken_thing(tokens("broken glass in my foot")) == {0}
    for said in ("broken wrist", "broken left wrist", "broke my glasses and cut my face",
                 "broken out in hives", "a broken corner of my tooth", "cracked molar"):
        assert not broken_thing(tokens(said)), said


@pytest.mark.parametrize("mode", ["words", "hybrid"])
def test_a_broken_thing_leads_with_the_wound_not_a_fracture(cat: Catalog, mode: str) -> None:
    hits = [(h.system, h.code) for h in cat.search("cut my foot on broken glass at the beach",
                                                   limit=3, mode=mode).hits]
    assert first_rank(hits, "icd10cm:S91.3") == 0, hits
    hits = [(h.system, h.code) for h in cat.search("broken wrist", limit=3, mode=mode).hits]
    assert first_rank(hits, "icd10cm:S52.5|icd10cm:S62.1") == 0, hits


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.5, 0.85), ("hybrid", 0.5, 0.8)])
def test_bite_object_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # Measured (of 20) words 11 first and 18 in ten, hybrid 11 and 17; main before this work:
    # words 3 and 6, hybrid 2 and 13.
    floors(cat, "bite_object_dev.tsv", at1, at10, mode=mode)
