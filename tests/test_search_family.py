"""A relative's condition said as family history ("my mother had breast cancer", "runs in my
family"), and lay body words inside phrases ("black tarry poop"): how the query is read, and
what it finds on the session's real catalog (issue #8)."""

from __future__ import annotations

import pytest

from dev_lists import rank_of, rows
from medcodes.catalog.reader import Catalog
from medcodes.search.engine import search
from medcodes.search.family import framing
from medcodes.search.family_codes import holders
from medcodes.search.query import parse
from medcodes.search.status import asked, said_in_title, tense
from medcodes.search.text import query_tokens
from medcodes.search.vocab import loose_key


@pytest.mark.parametrize(("query", "said"), [
    ("my mother had breast cancer", ["my", "mother", "had"]),
    ("grandma had diabetes", ["grandma", "had"]),
    ("my father died of a heart attack", ["my", "father", "died", "of"]),
    ("my mom and dad both had diabetes", ["my", "mom", "and", "dad", "both", "had"]),
    ("breast cancer runs in my family", ["runs", "in", "my", "family"]),
    ("heart disease on my dad's side", ["on", "my", "dad", "side"]),  # no possessive "s"
    ("my uncle was an alcoholic", ["my", "uncle", "was"]),
])
def test_a_relative_who_had_it_says_family_history(query: str, said: list[str]) -> None:
    words = query_tokens(query)
    found = framing(words)
    assert found.said and not found.literal
    assert [words[i] for i in sorted(found.drop)] == said
    assert tense(query) == "family"


@pytest.mark.parametrize("query", [
    "my mother has dementia",  # a carer asking on her behalf: her own code
    "my son had a fever",  # a child's own condition
    "dad had a stroke yesterday",  # a recent event is the relative's own
    "my mother was diagnosed with dementia",
    "son of a diabetic mother",  # a title's words
    "family planning advice",
    "I had breast cancer",  # the patient's own history
])
def test_the_present_a_child_or_a_recent_event_is_not_family_history(query: str) -> None:
    assert not framing(query_tokens(query)).said
    assert tense(query) != "family"


def test_family_history_asks_family_titles_and_keeps_the_condition_words() -> None:
    slots = parse("my mother had breast cancer").slots
    assert slots[0].alternatives[0].tokens == ("family", "history")
    assert "breast cancer" in [s.text for s in slots]
    assert framing(query_tokens("family history of colon cancer")).literal
    implied = asked("my mother had breast cancer")
    assert said_in_title(("family", "history", "of", "malignant"), implied)[1]
    # "Personal history of" says "history" but is not what a family history asks for.
    assert not said_in_title(("personal", "history", "of", "malignant"), implied)[1]


def _first(cat: Catalog, query: str, expected: str, mode: str = "words") -> int | None:
    return rank_of(cat, query, expected, mode=mode)


def test_a_relative_who_had_cancer_finds_the_family_history_first(cat: Catalog) -> None:
    assert _first(cat, "my mother had breast cancer", "icd10cm:Z80.3") == 0
    assert _first(cat, "breast cancer runs in my family", "icd10cm:Z80.3") == 0
    # The carer's question keeps the mother's own code; the patient's past, their own history.
    assert _first(cat, "my mother has dementia", "icd10cm:F03") == 0
    assert _first(cat, "I had breast cancer", "icd10cm:Z85.3") == 0


def test_the_classification_notes_name_the_family_history_group(cat: Catalog) -> None:
    """No title says the words: the note "Conditions classifiable to C15-C26" of Z80.0 holds
    colon cancer (C18), and I00-I5A of Z82.4 a heart attack (I21)."""
    assert _first(cat, "family history of colon cancer", "icd10cm:Z80.0") == 0
    assert _first(cat, "my father died of a heart attack", "icd10cm:Z82.4") == 0
    assert _first(cat, "high blood pressure on my mom's side", "icd10cm:Z82.4") == 0
    assert _first(cat, "my grandfather had alzheimers", "icd10cm:Z82.0") == 0
    # Limited to another system, nothing is moved; ICD-9-CM says family history its own way.
    hits = search(cat, "my mother had breast cancer", systems=["icd9cm"], limit=5, mode="words")
    assert all(h.system == "icd9cm" for h in hits.hits)


def test_a_family_history_code_is_as_sure_as_its_condition_in_hybrid(cat: Catalog) -> None:
    """Z82.0's title does not say "seizure": scored by the words alone it looked lost, and the
    hybrid merge let the meaning list lead with ICD-9 family history codes (V18.6)."""
    hits = search(cat, "my dad had a seizure", limit=3).hits
    assert (hits[0].system, hits[0].code) == ("icd10cm", "Z82.0"), hits


def test_what_no_family_history_holds_is_the_relatives_own(cat: Catalog) -> None:
    """A fall or a hip replacement is not coded as family history: read without the
    relative, as the patient's status or event."""
    assert _first(cat, "my grandma had a hip replacement", "icd10cm:Z96.64") == 0
    assert _first(cat, "my dad had a fall ", "icd10cm:Z91.81|icd10cm:W19") == 0


def test_poop_inside_a_lay_phrase_is_stool(cat: Catalog) -> None:
    assert loose_key(("black", "tarry", "poop")) == loose_key(("black", "tarry", "stools"))
    assert loose_key(("blood", "in", "my", "wee")) == loose_key(("blood", "in", "urine"))
    assert _first(cat, "black tarry poop", "icd10cm:K92.1") == 0


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.88, 0.93), ("hybrid", 0.86, 0.93)])
def test_everyday_dev2_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    dev = rows("everyday_dev2.tsv")
    ranks = [_first(cat, query, expected, mode) for query, expected, *_ in dev]
    got1 = sum(r == 0 for r in ranks) / len(dev)
    got10 = sum(r is not None for r in ranks) / len(dev)
    # Measured words 41/44 and 42/44, hybrid 40/44 and 42/44 (main: 22 and 29, 21 and 30).
    assert got1 >= at1 and got10 >= at10, (got1, got10)


def test_the_notes_are_read_as_code_ranges(cat: Catalog) -> None:
    by_code = {h.code: h for h in holders(cat.conn)}
    assert by_code["Z80.0"].ranges == (("C15", "C26"),)
    assert by_code["Z80.3"].holds("C50919") and not by_code["Z80.3"].holds("C189")
    assert by_code["Z82.4"].holds("I219") and by_code["Z82.4"].holds("I10")
    assert by_code["Z81.8"].elsewhere and by_code["Z81.1"].width() < by_code["Z81.8"].width()
