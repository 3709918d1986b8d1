"""Clinician and coder shorthand ("htn urgency", "dm2 w neuropathy", "s/p cabg"), and a
condition's noun and adjective read as one word in the ranking ("hypertensive" says
"hypertension"): issue #3."""

from __future__ import annotations

import pytest

from dev_lists import ranks
from medcodes.catalog.reader import Catalog
from medcodes.search.engine import engine_for
from medcodes.search.family import framing
from medcodes.search.query import parse
from medcodes.search.suggest import suggest
from medcodes.search.text import derived, query_tokens, stem


@pytest.mark.parametrize(("one", "other"), [
    ("hypertension", "hypertensive"), ("pregnancy", "pregnant"), ("diabetes", "diabetic"),
    ("anemia", "anemic"), ("sepsis", "septic"), ("obesity", "obese"),
    ("infection", "infected"), ("psychosis", "psychotic"), ("metastasis", "metastatic"),
    ("arthritis", "arthritic"), ("allergy", "allergic"), ("injury", "injured"),
    ("congestion", "congestive"), ("dependence", "dependent"), ("deficiency", "deficient"),
])
def test_a_noun_and_its_adjective_share_a_root(one: str, other: str) -> None:
    assert derived(stem(one)) == derived(stem(other))


@pytest.mark.parametrize(("one", "other"), [
    ("position", "positive"), ("traction", "tract"), ("personality", "personal"),
    ("organic", "organ"), ("previa", "prev"), ("mania", "man"), ("lesion", "les"),
])
def test_words_of_other_meanings_keep_apart(one: str, other: str) -> None:
    assert derived(stem(one)) != derived(stem(other))


@pytest.mark.parametrize(("query", "code"), [
    ("htn urgency", "I16.0"),  # "Hypertensive urgency": the abbreviation reads the noun
    ("38 weeks pregnant", "Z3A.38"),  # "38 weeks gestation of pregnancy"
    # the last word, typed whole, too: "diabetic" says the titles' diabetes (P70.1 Syndrome
    # of infant of a diabetic mother led); the heading E11.64 is reported as its code
    # "... without coma", the default (search/reported.py)
    ("hypoglycemia in diabetic", "E11.649"),
])
def test_a_title_saying_the_other_form_is_an_exact_answer(cat: Catalog, query: str,
                                                          code: str) -> None:
    assert cat.search(query, limit=1).hits[0].code == code


def test_the_snippet_marks_the_word_its_root_matched(cat: Catalog) -> None:
    hit = cat.search("htn urgency", limit=1, mode="words").hits[0]
    assert hit.snippet == "<mark>Hypertensive</mark> <mark>urgency</mark>"


# tests/data/shorthand_dev.tsv: 87 queries written before any result was looked at. Session
# 10: hit@1 0.862 -> 0.885 with the shared roots (hit@10 0.966), 0.920 / 1.000 with R/L as
# sides, "mets", "pyelo" and "well child check". shorthand_dev2.tsv: 70 queries written after
# the first list's fixes, before looking: hit@1 0.900 / hit@10 0.943 on the session's starting
# code, 0.914 / 0.957 at its end.
# shorthand_dev3.tsv (session 24): 100 problem-list lines written before searching any, hybrid
# hit@1 0.680 / hit@10 0.860 on the base (0d89369), 0.880 / 0.990 with the note's slash
# shorthand, FHx, the remission reading and the abbreviation rows below.
@pytest.mark.parametrize(("name", "at1", "at10"), [("shorthand_dev.tsv", 0.90, 0.97),
                                                  ("shorthand_dev2.tsv", 0.88, 0.93),
                                                  ("shorthand_dev3.tsv", 0.86, 0.97)])
def test_shorthand_development_lists(cat: Catalog, name: str, at1: float, at10: float) -> None:
    found = ranks(cat, name)
    hit1 = sum(r == 0 for _, r in found) / len(found)
    hit10 = sum(r is not None for _, r in found) / len(found)
    assert hit1 >= at1 and hit10 >= at10, [q for q, r in found if r != 0]


def test_two_words_the_catalog_writes_as_one_are_read_as_that_word(cat: Catalog) -> None:
    parsed = parse("club foot", engine_for(cat).speller)
    assert ("clubfoot",) in [a.tokens for a in parsed.slots[0].alternatives]
    assert cat.search("post partum hemorrhage", limit=1).hits[0].code == "O72"
    # Words the catalog never writes together stay two.
    assert len(parse("left knee", engine_for(cat).speller).slots) == 2


def test_a_retired_code_gives_way_to_the_current_code_of_the_same_title(cat: Catalog) -> None:
    # "cpap" is unsaid by any diagnosis title, so meaning leads the merge; its list held ICD-9-CM
    # 327.23 just above ICD-10-CM G47.33, both "Obstructive sleep apnea (adult)(pediatric)".
    codes = [(h.system, h.code) for h in cat.search("osa on cpap", limit=5).hits]
    assert ("icd10cm", "G47.33") in codes
    assert codes.index(("icd10cm", "G47.33")) < codes.index(("icd9cm", "327.23")) if (
        "icd9cm", "327.23") in codes else True


@pytest.mark.parametrize(("query", "code"), [
    ("preeclampsia", "O14"),  # the titles say Pre-eclampsia; the typeahead had nothing
    ("posttraumatic stress", "F43.1"),  # ICD-9-CM's "Posttraumatic" led over F43.1
    ("nonhodgkin lymphoma", "C85.9"),
])
def test_a_prefix_the_titles_hyphenate_is_read_as_its_two_words(cat: Catalog, query: str,
                                                                code: str) -> None:
    assert cat.search(query, limit=1).hits[0].code.startswith(code)
    assert suggest(cat, query).items[0].code.startswith(code)


def test_a_prefixed_word_the_titles_write_whole_is_not_split(cat: Catalog) -> None:
    speller = engine_for(cat).speller
    assert speller.split("nonunion") is None and speller.split("subacute") is None
    assert speller.split("preeclampsia") == ("pre", "eclampsia")


def test_an_abbreviation_alone_reads_its_commonest_sense_first(cat: Catalog) -> None:
    # data/abbreviations.tsv lists a word's senses commonest first: PE is a pulmonary embolism
    # before a premature ejaculation (whose code, not a category, had scored higher).
    assert cat.search("pe", limit=1).hits[0].code.startswith("I26")
    assert cat.search("ms", limit=1).hits[0].code.startswith("G35")


@pytest.mark.parametrize(("query", "words"), [
    ("c/o cp", ["complains", "of", "cp"]),  # what the patient complains of
    ("ams 2/2 uti", ["ams", "due", "to", "uti"]),  # secondary to, as the titles say "due to"
    ("r/o MI", ["mi"]),  # the condition to rule out, by its name; no "r" for right
    ("2/20 visit", ["2", "20", "visit"]),  # a date is no "2/2"
])
def test_a_notes_slash_shorthand_is_spelt_out(query: str, words: list[str]) -> None:
    assert query_tokens(query) == words


def test_fhx_and_fh_of_say_family_history() -> None:
    assert framing(["fhx", "colon", "ca"]).said
    assert framing(["fh", "of", "cad"]).said
    assert not framing(["fh"]).said  # alone, as often familial hypercholesterolemia


@pytest.mark.parametrize(("query", "code"), [
    ("fhx colon ca", "Z80.0"), ("FH of CAD", "Z82.49"), ("FH", "Z83.42"),
])
def test_family_history_shorthand_leads_its_family_history_code(cat: Catalog, query: str,
                                                                 code: str) -> None:
    assert cat.search(query, limit=1).hits[0].code == code


@pytest.mark.parametrize(("query", "code"), [
    ("hx of etoh abuse", "F10.11"),  # not Z81.1 Family history of alcohol abuse
    ("h/o opioid dependence", "F11.21"),
    ("hx of nicotine dependence", "Z87.891"),  # nicotine has its personal history code
])
def test_a_substance_habit_had_is_its_remission_code(cat: Catalog, query: str,
                                                     code: str) -> None:
    assert cat.search(query, limit=1).hits[0].code == code


@pytest.mark.parametrize(("query", "code"), [
    ("hypoK", "E87.6"), ("hypoNa", "E87.1"),  # electrolytes as notes write them
    ("lle cellulitis", "L03.116"), ("rue swelling", "R22.31"),  # a limb as the titles' limb
    ("psbo", "K56.600"), ("pp depression", "F53.0"), ("ivdu", "F19.10"),
    ("s/p chole", "Z90.49"), ("s/p PEG", "Z93.1"), ("s/p PCI", "Z98.61"),  # what it left
    ("copd w pna", "J44.0"),  # COPD with (acute) lower respiratory infection
])
def test_problem_list_shorthand_finds_its_code_first(cat: Catalog, query: str, code: str) -> None:
    assert cat.search(query, limit=1).hits[0].code == code
