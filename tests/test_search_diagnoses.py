"""Diagnosis queries as patients, nurses and coders type them (tests/data/dx_dev2.tsv, written
before looking at results), searched across all systems as the search box does, and the
general causes found on them: a lone word's "NOS" code, who-words, poisonings, what a title
leaves open or says only in parentheses, a procedure named plainly."""

from __future__ import annotations

import pytest

from dev_lists import ranks
from medcodes.catalog.reader import Catalog


def codes(cat: Catalog, query: str, n: int = 10, **kw: object) -> list[str]:
    return [f"{h.system}:{h.code}" for h in cat.search(query, limit=n, **kw).hits]  # type: ignore[arg-type]


def test_the_diagnosis_dev_list_keeps_its_floors(cat: Catalog) -> None:
    # 71 queries. main before this work (hybrid): hit@1 0.746, @3 0.831, @10 0.859; after:
    # 0.887, 0.958, 0.958. The floors leave room for the meaning model's changes.
    data = ranks(cat, "dx_dev2.tsv")
    first = sum(r == 0 for _, r in data)
    third = sum(r is not None and r < 3 for _, r in data)
    tenth = sum(r is not None for _, r in data)
    missed = [q for q, r in data if r != 0]
    n = len(data)
    assert tenth / n >= 0.92, missed
    assert third / n >= 0.90, missed
    assert first / n >= 0.82, (first, missed)


@pytest.mark.parametrize(("query", "code"), [("fracture", "T14.8XXA"), ("burn", "T30.0")])
def test_a_general_word_finds_the_code_its_tabular_calls_that_word_nos(
        cat: Catalog, query: str, code: str) -> None:
    # T14.8 "Other injury of unspecified body region" includes "Fracture NOS" (reported by its
    # initial encounter, T14.8XXA); T30.0 "Burn NOS".
    assert codes(cat, query, 1, mode="words") == [f"icd10cm:{code}"]


def test_a_joint_read_as_its_bones_is_no_nos_of_the_bone(cat: Catalog) -> None:
    # "ankle" also reads as tibia/fibula for ICD-10-PCS; "Fracture of tibia NOS" (S82.20) is
    # no broken ankle.
    assert codes(cat, "broke my ankle", 1)[0] != "icd10cm:S82.20"


@pytest.mark.parametrize(("query", "prefix"), [
    ("ear infection in child", "icd10cm:H66"), ("rash in children", "icd10cm:R21"),
    ("croup in toddler", "icd10cm:J05"), ("asthma in teenagers", "icd10cm:J45")])
def test_a_person_after_in_says_whose_condition_it_is(cat: Catalog, query: str,
                                                      prefix: str) -> None:
    top = codes(cat, query, 3)
    assert top[0].startswith(prefix), top
    assert not any(c.startswith(("icd10cm:T74", "icd10cm:T76")) for c in top), top


def test_child_abuse_keeps_its_child(cat: Catalog) -> None:
    assert codes(cat, "child abuse", 1)[0].startswith(("icd10cm:T74", "icd10cm:T76"))


def test_a_rare_word_two_titles_say_is_not_read_as_a_typo(cat: Catalog) -> None:
    # "croup" (J05, J05.0) is 3 times in the catalog, "group" 775: no slip for it.
    r = cat.search("croup", limit=3)
    assert not r.corrections and r.hits[0].code.startswith("J05")


def test_a_title_leaving_one_axis_open_says_nothing_more(cat: Catalog) -> None:
    # "pneum": "Pneumonia, unspecified organism" says pneumonia and no more, as "Pneumothorax,
    # unspecified" does; pneumonia is the likelier word. The billable code before its
    # same-titled category, and a code its article found scored by its own text too.
    assert codes(cat, "pneum", 2) == ["icd10cm:J18.9", "icd10cm:J18"]
    # ... but "Unspecified maternal hypertension" still says the mother.
    assert codes(cat, "hypertension", 1) == ["icd10cm:I10"]


@pytest.mark.parametrize(("query", "prefix"), [
    ("opioid overdose", "icd10cm:T40.2X1"), ("heroin overdose", "icd10cm:T40.1X1"),
    ("drug overdose", "icd10cm:T50.901"), ("tylenol overdose", "icd10cm:T39.1X1"),
    ("carbon monoxide poisoning", "icd10cm:T58"), ("lead poisoning", "icd10cm:T56.0"),
    ("alcohol poisoning", "icd10cm:T51.0")])
def test_a_poisoning_is_accidental_and_a_toxic_effect_when_no_drug(
        cat: Catalog, query: str, prefix: str) -> None:
    # Intent unsaid is accidental (guideline I.C.19.e.5.b); "(unintentional)" is a
    # nonessential modifier, no word more than "assault"; ICD-10-CM's "Toxic effect" is the
    # poisoning ICD-9-CM's E-codes said, and they no longer lead.
    top = codes(cat, query, 3)
    assert top[0].startswith(prefix), top


def test_a_procedure_named_plainly_is_the_procedure_and_had_is_the_status(cat: Catalog) -> None:
    for query in ("hip replacement", "knee replacement"):
        assert codes(cat, query, 1)[0].startswith(("icd10pcs:0SR9", "icd10pcs:0SRB",
                                                   "icd10pcs:0SRC", "icd10pcs:0SRD")), query
    for query in ("I have a hip replacement", "history of hip replacement",
                  "s/p hip replacement"):
        assert codes(cat, query, 1)[0].startswith("icd10cm:Z96.64"), query


def test_a_closed_head_injury_is_no_retired_pancreas_code(cat: Catalog) -> None:
    top = codes(cat, "closed head injury", 3)
    assert top[0].startswith(("icd10cm:S06.9", "icd10cm:S09.90")), top


@pytest.mark.parametrize(("query", "prefix"), [
    ("gonorrhea", "icd10cm:A54"),  # Gonococcal infection, not only in pregnancy (O98.2)
    ("phlegm in my throat", "icd10cm:R09.3"),  # Abnormal sputum
    ("dehydrated", "icd10cm:E86"),
])
def test_a_condition_said_by_its_everyday_name_leads_with_its_code(
    cat: Catalog, query: str, prefix: str
) -> None:
    assert codes(cat, query, 1)[0].startswith(prefix), codes(cat, query, 3)


@pytest.mark.parametrize(("query", "current", "retired"), [
    ("protein in my wee", "icd10cm:R80.9", "icd9cm:791.0"),
    ("squits and vomiting", "icd10cm:R19.7", "icd9cm:787.91"),
])
def test_a_retired_code_follows_the_current_code_of_its_title(
        cat: Catalog, query: str, current: str, retired: str) -> None:
    # ICD-9's broader category (791 "Nonspecific findings on examination of urine") says the
    # urine R80 "Proteinuria" leaves to its block: 791.0 "Proteinuria" led R80.9.
    found = codes(cat, query)
    assert found[0].startswith("icd10cm:"), found
    assert found.index(current) < found.index(retired) if retired in found else current in found
    assert codes(cat, query, 1, systems=["icd9cm"]) == [retired]


def test_the_second_diagnosis_dev_list_keeps_its_floors(cat: Catalog) -> None:
    # dx_dev3.tsv, 102 queries written before searching them (dx26). main before this work
    # (hybrid): hit@1 0.735, hit@10 0.882; after: 0.922, 0.971. The floors sit a
    # little under what was measured.
    data = ranks(cat, "dx_dev3.tsv")
    first = sum(r == 0 for _, r in data)
    tenth = sum(r is not None for _, r in data)
    missed = [q for q, r in data if r != 0]
    assert tenth / len(data) >= 0.95, missed
    assert first / len(data) >= 0.89, (first, missed)


@pytest.mark.parametrize(("query", "prefix"), [
    ("liver disease - cirrhosis", "icd10cm:K74.6"), ("arrhythmia - a flutter", "icd10cm:I48.92"),
    ("diabetes - type 1", "icd10cm:E10")])
def test_a_problem_list_heading_gives_way_to_its_entry(cat: Catalog, query: str,
                                                       prefix: str) -> None:
    # The general heading before the dash says less than the entry after it; a heading that
    # is a condition of its own ("diabetes") is read whole with its entry.
    assert codes(cat, query, 1)[0].startswith(prefix)


@pytest.mark.parametrize(("query", "code"), [
    ("febrile infant", "R50.9"), ("septic patient", "A41.9"), ("obese patient", "E66.9"),
    ("diabetic patient", "E11.9")])
def test_a_condition_said_of_a_person_is_the_condition(cat: Catalog, query: str,
                                                       code: str) -> None:
    assert codes(cat, query, 1) == [f"icd10cm:{code}"]


def test_a_newborn_is_not_read_as_a_person_of_any_age() -> None:
    from medcodes.search.said_of_person import said_of_person

    assert said_of_person("jaundiced newborn") is None
    assert said_of_person("febrile seizure in infant") is None


@pytest.mark.parametrize(("query", "prefix"), [
    ("r rib fx x3", "icd10cm:S22.41"), ("gout in several joints", "icd10cm:M10.09")])
def test_a_count_reads_as_the_titles_multiple(cat: Catalog, query: str, prefix: str) -> None:
    assert codes(cat, query, 1)[0].startswith(prefix)


def test_a_count_of_grafts_is_left_to_the_procedure(cat: Catalog) -> None:
    assert codes(cat, "CABG x3", 1)[0].startswith("icd10pcs:021")


@pytest.mark.parametrize(("query", "prefix"), [
    ("chronic hypertension", "icd10cm:I10"), ("pre-existing high blood pressure", "icd10cm:I10"),
    ("chronic hypertension in pregnancy", "icd10cm:O10")])
def test_long_standing_hypertension_is_essential_or_pre_existing_in_pregnancy(
        cat: Catalog, query: str, prefix: str) -> None:
    assert codes(cat, query, 1)[0].startswith(prefix)


def test_two_conditions_joined_each_lead_with_their_own_code(cat: Catalog) -> None:
    assert codes(cat, "dm and htn", 2) == ["icd10cm:E11.9", "icd10cm:I10"]


@pytest.mark.parametrize(("query", "first", "second"), [
    # One chapter, two categories: the whole led with the second's chronic AF, and with sleep
    # apnea alone, the heart failure and the obesity below the top ten.
    ("chf and afib", "icd10cm:I50.9", "icd10cm:I48.91"),
    ("obesity and sleep apnea", "icd10cm:E66.9", "icd10cm:G47.30")])
def test_two_conditions_of_one_chapter_each_lead_with_their_own_code(
        cat: Catalog, query: str, first: str, second: str) -> None:
    assert codes(cat, query, 2) == [first, second]


def test_a_word_said_once_after_both_halves_is_each_ones() -> None:
    from medcodes.search.comorbid import pair

    assert pair("pap and hpv test") == ("pap test", "hpv test")
    assert pair("chf and afib") == ("chf", "afib")
    assert pair("anxiety and panic attacks") == ("anxiety", "panic attacks")


@pytest.mark.parametrize(("query", "prefix"), [
    ("nausea and vomiting", "icd10cm:R11.2"), ("htn and ckd", "icd10cm:I12"),
    ("diabetes and neuropathy", "icd10cm:E11.40"), ("gastritis and duodenitis", "icd10cm:K29"),
    ("16 weeks pregnant and bleeding", "icd10cm:O20")])
def test_a_pair_the_classification_codes_together_keeps_its_combination(
        cat: Catalog, query: str, prefix: str) -> None:
    assert codes(cat, query, 1)[0].startswith(prefix)


def test_a_mishap_told_as_a_story_leads_with_its_injury(cat: Catalog) -> None:
    assert codes(cat, "slipped in the shower and broke my hip", 1)[0].startswith(
        "icd10cm:S72.0")


@pytest.mark.parametrize(("query", "prefix"), [
    ("reflux on omeprazole", "icd10cm:K21"), ("addisons on hydrocortisone", "icd10cm:E27.1"),
    ("asthma on albuterol", "icd10cm:J45")])
def test_a_medicine_tells_which_sense_of_its_condition_is_meant(cat: Catalog, query: str,
                                                                prefix: str) -> None:
    assert codes(cat, query, 1)[0].startswith(prefix)


def test_reflux_without_a_medicine_keeps_its_own_reading(cat: Catalog) -> None:
    # the sense is the medicine's: without one, "reflux" is read as the lay rows read it (the
    # gullet's, tests/test_search_bare_words.py) and a named kind as its own.
    assert codes(cat, "vesicoureteral reflux", 1)[0].startswith("icd10cm:N13.7")


@pytest.mark.parametrize("query", ["hx tobacco dependence", "history of tobacco dependence"])
def test_a_history_of_tobacco_dependence_is_the_nicotine_history(cat: Catalog,
                                                                 query: str) -> None:
    assert codes(cat, query, 1) == ["icd10cm:Z87.891"]


@pytest.mark.parametrize(("query", "prefix"), [
    ("heart attack last year", "icd10cm:I25.2"), ("pneumonia last year", "icd10cm:Z87.01"),
    ("mnd diagnosed last year", "icd10cm:G12.2"),
    ("weakness on one side from a stroke last year", "icd10cm:I69.35")])
def test_last_year_is_a_history_unless_it_says_when_a_condition_began(
        cat: Catalog, query: str, prefix: str) -> None:
    assert codes(cat, query, 1)[0].startswith(prefix)


def test_paging_two_conditions_neither_skips_nor_repeats_a_hit(cat: Catalog) -> None:
    whole = codes(cat, "dm and htn", 20)
    pages = codes(cat, "dm and htn", 10) + codes(cat, "dm and htn", 10, offset=10)
    assert pages == whole


def test_an_organisms_latin_name_is_no_word_of_its_disease(cat: Catalog) -> None:
    # A40.3 "Sepsis due to Streptococcus pneumoniae" says no pneumonia: each leads.
    assert codes(cat, "pneumonia and sepsis", 2) == ["icd10cm:J18.9", "icd10cm:A41.9"]
