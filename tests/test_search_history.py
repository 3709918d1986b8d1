"""Personal history, status and encounters said in plain words ("history of colon cancer",
"hx of DVT", "used to smoke", "has a pacemaker", "pre-op clearance"): how the query is read,
and what it finds on the session's real catalog."""

from __future__ import annotations

import pytest

from dev_lists import rank_of, ranks
from medcodes.catalog.reader import Catalog
from medcodes.search.engine import engine_for, search
from medcodes.search.family_codes import holders
from medcodes.search.history_codes import PERSONAL_TITLE
from medcodes.search.query import parse
from medcodes.search.status import tense


def _first(cat: Catalog, query: str, expected: str, mode: str = "words") -> int | None:
    return rank_of(cat, query, expected, mode=mode)


@pytest.mark.parametrize(("query", "said"), [
    ("used to smoke", "past"),
    ("I used to drink a lot", "past"),
    ("former smoker", "past"),
    ("breast cancer survivor", "past"),
    ("has a pacemaker", "present"),  # a note's "has", the subject left out
    ("have a pacemaker fitted", "present"),
    ("pacemaker", None),
    ("use of cannabis", None),
])
def test_former_survivor_used_to_and_an_opening_has_say_the_tense(
        query: str, said: str | None) -> None:
    assert tense(query) == said


def test_an_acronym_typed_in_the_plural_reads_as_the_acronym(cat: Catalog) -> None:
    speller = engine_for(cat).speller
    slot = parse("hx recurrent UTIs", speller).slots[-1]
    assert ("urinary", "tract", "infection") in [a.tokens for a in slot.alternatives]
    # In lower case it may be an English word ("pets", not PET scans).
    slot = parse("allergic to pets", speller).slots[-1]
    assert [a.tokens for a in slot.alternatives] == [("pets",)]


def test_the_personal_history_notes_are_read_as_code_ranges(cat: Catalog) -> None:
    by_code = {h.code: h for h in holders(cat.conn, PERSONAL_TITLE)}
    assert by_code["Z85.038"].ranges == (("C18", "C18"),)
    assert by_code["Z86.7"].holds("I8240") and by_code["Z86.7"].width()[1]
    # "Personal history of conditions classifiable to O24.4-"; "Q00-Q89 that have been
    # repaired or corrected".
    assert by_code["Z86.32"].holds("O2441")
    assert by_code["Z87.7"].ranges == (("Q00", "Q89"),)
    # "S00-T88, except traumatic fractures"
    assert by_code["Z87.82"].holds_titled("S060X0A", "Concussion without loss of consciousness")
    assert not by_code["Z87.82"].holds_titled("S72001A", "Fracture of unspecified part of neck")


def test_the_note_that_holds_the_condition_leads_its_history(cat: Catalog) -> None:
    """No personal history title says "colon cancer": the note "Conditions classifiable to
    C18" of Z85.038 holds it (Z91.419 Personal history of adult abuse led, by "history")."""
    assert _first(cat, "history of colon cancer", "icd10cm:Z85.038") == 0
    assert _first(cat, "history of melanoma", "icd10cm:Z85.820") == 0
    # A note holding a chapter (Z86.7: I00-I99) leads with its code saying the condition.
    assert _first(cat, "hx of DVT", "icd10cm:Z86.71") == 0
    assert _first(cat, "hx of stomach ulcer", "icd10cm:Z87.11") == 0
    assert _first(cat, "history of colon cancer", "icd10cm:Z85.038", "hybrid") == 0
    # No title of the group says it: the group's "other" code, not its heading.
    assert _first(cat, "history of hypertension", "icd10cm:Z86.79") == 0
    assert _first(cat, "history of hepatitis C", "icd10cm:Z86.19") == 0


@pytest.mark.parametrize(("query", "not_expected"), [
    ("hx of DM2", "icd10cm:Z86.32|icd10cm:Z86.31"),  # gestational diabetes, diabetic foot ulcer
    ("I had a baby", "icd10cm:Z87.6"),  # its first code is no perinatal condition of its own
])
def test_a_sibling_naming_another_condition_does_not_lead(
        cat: Catalog, query: str, not_expected: str) -> None:
    assert _first(cat, query, not_expected) != 0


def test_a_condition_its_words_barely_find_reads_no_note(cat: Catalog) -> None:
    """"GI malignancy" alone finds gastrointestinal anthrax first, saying a third of it: no
    history of infectious diseases leads."""
    assert _first(cat, "Hx of GI malignancy NOS", "icd10cm:Z86.1") != 0


def test_what_happened_lately_is_the_episode(cat: Catalog) -> None:
    assert _first(cat, "had the flu last week", "icd10cm:J11|icd10cm:J10|icd10cm:J09") == 0
    assert _first(cat, "history of hip fracture", "icd10cm:Z87.82") is None


@pytest.mark.parametrize(("query", "expected"), [
    ("I had a heart attack", "icd10cm:I25.2"),  # the index's own entry
    ("h/o TIA", "icd10cm:Z86.73"),  # the title says it; Z86.6's note only a span
    ("s/p coronary bypass", "icd10cm:Z95.1"),
    ("had a liver transplant", "icd10cm:Z94.4"),
    ("cancer of the colon", "icd10cm:C18"),  # the current condition
])
def test_a_title_that_says_it_and_the_current_condition_stay(
        cat: Catalog, query: str, expected: str) -> None:
    assert _first(cat, query, expected) == 0


def test_another_system_is_left_as_it_ranks(cat: Catalog) -> None:
    hits = search(cat, "history of colon cancer", systems=["icd9cm"], limit=5, mode="words")
    assert all(h.system == "icd9cm" for h in hits.hits)


def test_status_and_encounters_in_plain_words(cat: Catalog) -> None:
    assert _first(cat, "has a stent in his heart", "icd10cm:Z95.5") == 0
    assert _first(cat, "used to smoke", "icd10cm:Z87.891") == 0
    assert _first(cat, "pre-op clearance", "icd10cm:Z01.81") == 0
    assert _first(cat, "yearly physical", "icd10cm:Z00.0") == 0


# Hybrid hit@10 was 69/74 at the merge; 68/74 since lay11 read "broke" as "broken" (same_words):
# "broke my hip years ago healed now" is now the lay phrase "broken hip", whose S72 codes lead,
# and Z87.81 Personal history of (healed) traumatic fracture has no note to be found by.
@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.85, 0.90), ("hybrid", 0.85, 0.91)])
def test_history_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    found = [rank for _, rank in ranks(cat, "history_dev.tsv", mode=mode)]
    got1 = found.count(0) / len(found)
    got10 = sum(r is not None for r in found) / len(found)
    # Measured words 64/74 and 67/74, hybrid 64/74 and 69/74 (main: 48 and 53, 47 and 57).
    assert got1 >= at1 and got10 >= at10, (got1, got10)


def test_a_past_beside_a_device_is_the_device_s_not_a_past_disease(cat: Catalog) -> None:
    # "cad s/p stent": coronary artery disease that has a stent, not Z86.79 Personal history
    # of other diseases of the circulatory system.
    top = cat.search("cad s/p stent", limit=3).hits
    assert top[0].code.startswith("I25.1"), [h.code for h in top]


def test_a_stent_one_lives_with_is_its_status(cat: Catalog) -> None:
    # The status titles say "angioplasty implant": Z95.5 for the commonest, a coronary stent
    # (Z96.29 "other otological and audiological implants" led).
    for query in ("s/p stent", "has a stent"):
        assert cat.search(query, limit=1).hits[0].code == "Z95.5", query


@pytest.mark.parametrize(("query", "code"), [
    ("history of broken wrist", "Z87.81"),  # Z91.419 "... adult abuse" led: it says "history"
    ("had a broken arm as a kid", "Z87.81"),
    ("history of concussion", "Z87.828"),  # "... other (healed) physical injury and trauma"
])
def test_a_past_injury_no_note_holds_is_its_healed_injury_history(cat: Catalog, query: str,
                                                                   code: str) -> None:
    assert cat.search(query, limit=1).hits[0].code == code
