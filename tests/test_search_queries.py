"""Search on the real catalog: codes in every usual form, prefixes, ranges, words, typos,
abbreviations and lay words, filters and pagination.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from medcodes.catalog.reader import Catalog
from medcodes.search.concept_facts import facts
from medcodes.search.engine import highlight
from medcodes.search.rank import Candidate
from medcodes.search.rank_order import after_current
from medcodes.search.title_analysis import qualifiers
from medcodes.search.types import QueryError


def codes(cat: Catalog, query: str, n: int = 10, **kw: object) -> list[str]:
    return [f"{h.system}:{h.code}" for h in cat.search(query, limit=n, **kw).hits]  # type: ignore[arg-type]


@pytest.mark.parametrize("query", ["I21.9", "i219", "I219", " I21.9 ", "icd10cm:I21.9", "i21.9\t"])
def test_code_in_any_usual_form_comes_first(cat: Catalog, query: str) -> None:
    assert codes(cat, query)[0] == "icd10cm:I21.9"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("0DTJ4ZZ", "icd10pcs:0DTJ4ZZ"), ("410.71", "icd9cm:410.71"), ("41071", "icd9cm:410.71"),
     ("47.01", "icd9pcs:47.01"), ("S52.521A", "icd10cm:S52.521A")],
)
def test_codes_of_each_system(cat: Catalog, query: str, expected: str) -> None:
    assert codes(cat, query)[0] == expected


def test_prefix_lists_concept_then_descendants_in_code_order(cat: Catalog) -> None:
    r = cat.search("I21", limit=50)
    assert r.interpreted_as == "prefix"
    got = [h.code for h in r.hits]
    assert got[0] == "I21"
    assert all(c.startswith("I21") for c in got)
    assert got.index("I21.0") < got.index("I21.01") < got.index("I21.9")


def test_pcs_prefix(cat: Catalog) -> None:
    got = codes(cat, "0DT", 5)
    assert got[0] == "icd10pcs:0DT"
    assert all(c.startswith("icd10pcs:0DT") for c in got)


@pytest.mark.parametrize("query", ["E08-E13", "E08–E13", "e08 - e13"])
def test_range_lists_the_block_and_its_codes(cat: Catalog, query: str) -> None:
    r = cat.search(query, limit=500)
    assert r.interpreted_as == "range"
    keys = {h.code[:3] for h in r.hits if h.system == "icd10cm"}
    assert {"E08", "E09", "E10", "E11", "E13"} <= keys
    assert "E14" not in keys and "E07" not in keys


def test_wildcard(cat: Catalog) -> None:
    got = codes(cat, "S72.0*", 20)
    assert got[0] == "icd10cm:S72.0"
    assert all(c.startswith("icd10cm:S72.0") for c in got)


def test_words_in_any_order_with_last_word_as_prefix(cat: Catalog) -> None:
    for q in ("myocardial infarc", "infarction myocardial", "acute myocardial infarction"):
        assert any(c.startswith("icd10cm:I21") for c in codes(cat, q, 5)), q


@pytest.mark.parametrize(
    ("query", "prefix"),
    [("fractures of femur", "icd10cm:S72"), ("fractured femur", "icd10cm:S72"),
     ("non-ST elevation myocardial infarction", "icd10cm:I21.4"),
     ("type II diabetes mellitus", "icd10cm:E11"), ("oesophageal varices", "icd10cm:I85"),
     ("anaemia", "icd10cm:D6"), ("haemorrhage", "icd10cm:"), ("tumour of brain", "icd10cm:")],
)
def test_clinical_phrasing_inflection_punctuation_numerals_british(
    cat: Catalog, query: str, prefix: str
) -> None:
    assert any(c.startswith(prefix) for c in codes(cat, query, 10)), codes(cat, query, 10)


@pytest.mark.parametrize(
    ("query", "fixed", "prefix"),
    [("pnuemonia", "pneumonia", "icd10cm:J1"), ("diabetis", "diabetes", "icd10cm:E1"),
     ("hypertention", "hypertension", "icd10cm:I1"), ("fracure of femur", "fracture", "icd10cm:S72"),
     # as far from ICD-9-CM's shorthand "athscl", commoner: a typo is of a word
     ("athsma", "asthma", "icd10cm:J45")],
)
def test_typos_are_corrected_and_reported(cat: Catalog, query: str, fixed: str, prefix: str) -> None:
    r = cat.search(query, limit=10)
    assert any(c["to"] == fixed for c in r.corrections)
    assert r.corrected_query and fixed in r.corrected_query
    assert any(f"{h.system}:{h.code}".startswith(prefix) for h in r.hits)


@pytest.mark.parametrize(("query", "prefix"), [("hart failure", "icd10cm:I50"),
                                             ("brest cancer", "icd10cm:C50")])
def test_a_typo_is_corrected_to_the_word_its_neighbours_go_with(
    cat: Catalog, query: str, prefix: str
) -> None:
    # "harm" is more frequent than "heart" and as close to "hart"; only "heart" goes with
    # "failure" in the catalog's texts.
    top = codes(cat, query, 3)
    assert all(c.startswith(prefix) for c in top), top


def test_an_ambiguous_abbreviation_takes_the_sense_its_neighbours_go_with(cat: Catalog) -> None:
    # NEC is necrotizing enterocolitis or "not elsewhere classified"; no text says the first
    # beside septicemia, so its codes do not flood the page.
    r = cat.search("gram-neg septicemia NEC", systems=["icd10cm"])
    senses = {e["to"] for e in r.expansions if e["from"] == "nec"}
    assert "not elsewhere classified" in senses, r.expansions
    assert "necrotizing enterocolitis" not in senses, r.expansions
    assert not any(h.code.startswith(("K55.3", "P77")) for h in r.hits[:10])
    assert codes(cat, "gram-neg septicemia NEC", 1, systems=["icd10cm"])[0].startswith(
        "icd10cm:A41.5")
    alone = {e["to"] for e in cat.search("NEC").expansions if e["from"] == "nec"}
    assert alone == {"necrotizing enterocolitis", "not elsewhere classified"}


def test_nec_beside_other_words_asks_for_the_other_code(cat: Catalog) -> None:
    # ICD-10-CM titles a not-elsewhere-classified code "Other ...".
    top = codes(cat, "sprain of foot NEC", 3, systems=["icd10cm"])
    assert all(c.startswith("icd10cm:S93.69") for c in top), top


def test_nos_asks_for_the_unspecified_code(cat: Catalog) -> None:
    assert codes(cat, "anemia NOS", 1) == ["icd10cm:D64.9"]


def test_known_words_are_not_corrected(cat: Catalog) -> None:
    assert cat.search("pneumonia").corrections == []


def test_a_rare_catalog_word_next_to_a_common_one_is_corrected_too(cat: Catalog) -> None:
    # The official texts spell "kidny" a few times; a user typing it means kidney.
    r = cat.search("kidny stones", limit=5)
    assert {"from": "kidny", "to": "kidney"} in r.corrections
    assert codes(cat, "kidny stones", 5)[0].startswith("icd10cm:N20"), codes(cat, "kidny stones")


def test_a_general_query_prefers_the_unspecified_code(cat: Catalog) -> None:
    # "Pneumonia, unspecified organism": the organism is what the code leaves open.
    assert codes(cat, "pneumonia", 3)[0].startswith("icd10cm:J18"), codes(cat, "pneumonia")


def test_a_whole_word_typed_last_beats_longer_words_it_begins(cat: Catalog) -> None:
    # "mass" is still read as a prefix while typing, but Massage only begins with it.
    assert codes(cat, "mass", 1)[0].startswith("icd10cm:R22"), codes(cat, "mass")
    assert codes(cat, "cast", 1)[0].startswith("icd10pcs:2W"), codes(cat, "cast")  # not Castleman


def test_a_searched_whole_word_is_not_read_as_the_longer_words_it_begins(cat: Catalog) -> None:
    # "home" is a word of its own: Homelessness (Z59.0-) led "fall at home", whose titles say
    # "fall" and never "home". The typeahead still offers the longer words.
    top = codes(cat, "fall at home", 3)
    assert not any(c.startswith("icd10cm:Z59") for c in top), top


def test_diabetes_of_no_stated_type_is_type_2(cat: Catalog) -> None:
    # ICD-10-CM guideline I.C.4.a.2 (data/kind_defaults.tsv): a tie-break among the types.
    for query, family in [("diabetic neuropathy", "E11.4"), ("diabetic foot ulcer", "E11.62"),
                          ("type 1 diabetic neuropathy", "E10.4")]:
        first = cat.search(query, systems=["icd10cm"], limit=1, mode="words").hits[0].code
        assert first.startswith(family), (query, first)


def test_a_non_prefixed_word_is_no_answer(cat: Catalog) -> None:
    # H35.20 "Other non-diabetic proliferative retinopathy" (its short title too).
    top = codes(cat, "diabetic retinopathy", 3)
    assert "icd10cm:H35.20" not in top and top[0].startswith("icd10cm:E11.3"), top
    assert codes(cat, "hodgkin lymphoma", 1)[0].startswith("icd10cm:C81"), "not C85 non-Hodgkin"


@pytest.mark.parametrize(("query", "first"), [
    ("E11.9 Type 2 diabetes mellitus without complications", "icd10cm:E11.9"),
    ("I10 hypertension", "icd10cm:I10"),  # was O10.0, pre-existing hypertension in pregnancy
    ("250.00 diabetes", "icd9cm:250.00"),
    ("0DTJ4ZZ appendectomy", "icd10pcs:0DTJ4ZZ"),
])
def test_a_code_pasted_with_its_description_comes_first(
    cat: Catalog, query: str, first: str
) -> None:
    assert codes(cat, query, 3)[0] == first, codes(cat, query, 3)


def test_a_number_or_a_vitamin_before_words_is_not_read_as_a_code(cat: Catalog) -> None:
    assert not codes(cat, "100 mg aspirin", 1)[0].endswith(":100")  # ICD-9 100 Leptospirosis
    assert codes(cat, "B12 deficiency", 1)[0].startswith("icd10cm:D51"), "B12 is no code"


def test_pages_of_a_code_and_words_query_continue_each_other(cat: Catalog) -> None:
    whole = [f"{h.system}:{h.code}" for h in cat.search("I10 hypertension", limit=20).hits]
    pages = [f"{h.system}:{h.code}" for p in range(2)
             for h in cat.search("I10 hypertension", limit=10, offset=10 * p).hits]
    assert pages == whole


def test_a_procedure_word_puts_procedures_before_diagnoses(cat: Catalog) -> None:
    # Across all systems: the repair, not the rotator cuff tear; a status query keeps its code.
    first = cat.search("rotator cuff repair surgery", limit=1).hits[0]
    assert first.system in ("icd10pcs", "icd9pcs"), first
    assert codes(cat, "had my spleen removed", 1) == ["icd10cm:Z90.81"]
    assert codes(cat, "encounter for removal of sutures", 1) == ["icd10cm:Z48.02"]


def test_a_title_starting_with_the_query_names_it_before_kinds_of_it(cat: Catalog) -> None:
    # R55 "Syncope and collapse", not R05.4 "Cough syncope" or T67.1 "Heat syncope".
    assert codes(cat, "syncope", 3)[0] == "icd10cm:R55", codes(cat, "syncope")


def test_a_complication_left_unspecified_does_not_outrank_the_condition(cat: Catalog) -> None:
    # "... with diabetic neuropathy, unspecified" leaves the neuropathy open, not the diabetes;
    # "... without complications" says no more than the condition itself.
    top = codes(cat, "type 2 diabetes", 3)
    assert {"icd10cm:E11", "icd10cm:E11.9"} <= set(top), top


def test_a_title_saying_a_word_is_absent_does_not_answer_it(cat: Catalog) -> None:
    top = codes(cat, "nausea", 10, systems=["icd10cm"])
    assert top.index("icd10cm:R11.11") > top.index("icd10cm:R11.0"), top  # Vomiting without nausea
    assert top[0] != "icd10cm:R11.11"
    # A query that itself says "with" asks for the "with" clause, and its unspecified code.
    assert codes(cat, "nausea with vomiting", 2)[0] == "icd10cm:R11.2"


@pytest.mark.parametrize(("title", "absent"), [
    ("Laceration without foreign body of left hand, initial encounter", {"foreign", "body"}),
    ("Type 2 diabetes mellitus without complications in remission", {"complications"}),
    ("Gastric ulcer, without mention of hemorrhage or perforation",
     {"mention", "hemorrhage", "perforation"}),
])
def test_a_without_clause_ends_where_the_title_names_its_site(title: str, absent: set[str]) -> None:
    # The site after "of" is what the code is about, not what is absent.
    assert qualifiers(title)[1] == absent


def test_unspecified_after_a_without_clause_leaves_the_condition_open() -> None:
    # As "..., ruptured, unspecified" does: the aneurysm's site is what is unspecified.
    assert qualifiers("Abdominal aortic aneurysm, without rupture, unspecified")[0]
    assert not qualifiers("Type 2 diabetes mellitus without complications")[0]


@pytest.mark.parametrize(("query", "first"), [
    ("abdominal aortic aneurysm", "I71.40"),  # without rupture, unless rupture is said
    ("aaa", "I71.40"),
    ("ruptured aaa", "I71.3"),
])
def test_a_complication_unsaid_is_the_title_saying_it_is_absent(
        cat: Catalog, query: str, first: str) -> None:
    assert codes(cat, query, 1)[0].startswith(f"icd10cm:{first}")


def test_hep_said_alone_is_hepatitis(cat: Catalog) -> None:
    assert all(c.startswith("icd10cm:B19.2") for c in codes(cat, "hep c", 3))


def test_a_curated_phrase_wins_over_correcting_its_words(cat: Catalog) -> None:
    # Alone, "itchy" is not a catalog word (it is corrected to "itch"); in the curated lay
    # phrase "itchy skin" it is read as typed.
    alone = cat.search("itchy chair")  # no phrase ("itchy balls" is one: pruritus scroti)
    assert any(c["from"] == "itchy" for c in alone.corrections)
    r = cat.search("itchy skin", limit=5)
    assert r.corrections == []
    assert any(e["from"] == "itchy skin" for e in r.expansions)
    assert codes(cat, "itchy skin", 5)[0].startswith("icd10cm:L29"), codes(cat, "itchy skin")
    assert codes(cat, "throwing up", 5)[0].startswith("icd10cm:R11"), codes(cat, "throwing up")


def test_an_everyday_english_word_is_not_corrected_into_a_rare_one(cat: Catalog) -> None:
    # "getting" is not in any title; "betting" is (twice). A real word is read as a slip
    # only for a common catalog word one edit away ("prostrate" -> prostate).
    assert cat.search("getting a pacemaker").corrections == []
    r = cat.search("prostrate cancer", limit=3)
    assert [c["to"] for c in r.corrections] == ["prostate"]
    assert codes(cat, "prostrate cancer", 3)[0] == "icd10cm:C61"


def test_a_general_word_finds_the_code_its_includes_note_names(cat: Catalog) -> None:
    # I10 includes "hypertension (arterial) (benign) ..."; E11 includes "diabetes NOS": the
    # classification's own default for the plain word, as its index gives it.
    assert codes(cat, "hypertension", 3)[0] == "icd10cm:I10", codes(cat, "hypertension")
    assert codes(cat, "high blood pressure", 3)[0] == "icd10cm:I10"
    assert codes(cat, "diabetes", 3)[0].startswith("icd10cm:E11"), codes(cat, "diabetes")
    assert codes(cat, "chf", 3)[0] == "icd10cm:I50.9", codes(cat, "chf")


def test_a_title_saying_exactly_the_expanded_query_comes_first(cat: Catalog) -> None:
    # "T2DM" reads as "type 2 diabetes mellitus": E11's title, word for word; the heading then
    # changes places with its code that says nothing more, E11.9 "... without complications"
    # (search/reported.py), which is what is reported.
    assert codes(cat, "T2DM", 3)[:2] == ["icd10cm:E11.9", "icd10cm:E11"], codes(cat, "T2DM")
    # The Roman numeral forms clinicians and ICD-9's short titles write: DMII, DMI.
    assert codes(cat, "DMII", 1) == ["icd10cm:E11.9"], codes(cat, "DMII")
    assert codes(cat, "DMI", 1) == ["icd10cm:E10.9"], codes(cat, "DMI")


def test_a_lay_phrase_is_completed_while_its_last_word_is_typed(cat: Catalog) -> None:
    # "heart att" is on its way to the curated "heart attack" (myocardial infarction); a
    # phrase typed whole stays itself ("inflamed eye" is not "inflamed eyelid").
    r = cat.search("heart att", limit=3)
    assert any(e["kind"] == "completion" and e["to"] == "heart attack" for e in r.expansions)
    assert codes(cat, "heart att", 3)[0].startswith("icd10cm:I21"), codes(cat, "heart att")
    assert codes(cat, "broken wr", 3)[0].startswith("icd10cm:S52"), codes(cat, "broken wr")
    assert not any(e["kind"] == "completion" for e in cat.search("inflamed eye").expansions)


def test_a_curated_article_does_not_sink_its_own_code(cat: Catalog) -> None:
    # J18.9 has an example article; in the same FTS row its length crushed the title's BM25
    # (183rd of 185 for "pneumonia"). Articles are indexed apart and still find their code.
    # Of the two same-titled, the billable code comes first (rank: ties put it first).
    assert codes(cat, "pneumonia", 3)[:2] == ["icd10cm:J18.9", "icd10cm:J18"]
    assert cat.search("pnuemonia", billable=True, limit=1).hits[0].code == "J18.9"


def test_articles_are_asked_only_when_their_terms_could_match(cat: Catalog) -> None:
    """The article index is asked only when every word an expression needs is one of its
    terms (``Engine.articles_may_match``): a no never hides an article FTS5 would find."""
    from medcodes.search.engine import engine_for
    from medcodes.search.probes import slot_expr
    from medcodes.search.query import parse

    engine = engine_for(cat)
    sql = "SELECT rowid FROM article_fts WHERE article_fts MATCH ?"
    asked = skipped = 0
    for q in ("pneumonia", "pneum", "pnuemonia", "chest pain", "broken wrist", "a", "xq",
              "heart attack", "fever and cough", "ckd 3", "zzzzqqq", "knee replacement"):
        parsed = parse(q, engine.speller)
        for match in ([slot_expr(s) for s in parsed.slots]
                      + [" AND ".join(slot_expr(s) for s in parsed.slots)]):
            found = cat.conn.execute(sql, (match,)).fetchall()
            if engine.probes.articles_may_match(match):
                asked += 1
            else:
                skipped += 1
                assert not found, match
    assert asked and skipped
    assert codes(cat, "pneumonia", 3)[:2] == ["icd10cm:J18.9", "icd10cm:J18"]


def test_a_last_single_letter_is_still_a_word(cat: Catalog) -> None:
    # While typed, one letter also stands for common words starting with it; the letter
    # itself stays a word, as in "hepatitis c" or "vitamin d".
    assert any(c.startswith("icd10cm:B19.2") or c.startswith("icd10cm:B18.2")
               for c in codes(cat, "hepatitis c", 3)), codes(cat, "hepatitis c", 3)
    assert codes(cat, "vitamin d", 3)[0].startswith("icd10cm:E55"), codes(cat, "vitamin d")


def test_codes_of_pregnancy_or_the_newborn_need_the_query_to_say_so(cat: Catalog) -> None:
    assert codes(cat, "urinary tract infection", 3)[0] == "icd10cm:N39.0"
    assert codes(cat, "uti", 3)[0] == "icd10cm:N39.0"
    assert codes(cat, "uti in pregnancy", 3)[0].startswith("icd10cm:O23")


@pytest.mark.parametrize(
    ("query", "prefix"),
    [("MI", "icd10cm:I21"), ("CHF", "icd10cm:I50"), ("COPD", "icd10cm:J44"),
     ("UTI", "icd10cm:N39.0"), ("T2DM", "icd10cm:E11"), ("GERD", "icd10cm:K21")],
)
def test_abbreviations_expand(cat: Catalog, query: str, prefix: str) -> None:
    r = cat.search(query, limit=10)
    assert any(e["kind"] == "abbreviation" for e in r.expansions)
    assert any(f"{h.system}:{h.code}".startswith(prefix) for h in r.hits), codes(cat, query)


@pytest.mark.parametrize(
    ("query", "prefix"),
    [("heart attack", "icd10cm:I21"), ("high blood pressure", "icd10cm:I10"),
     ("pink eye", "icd10cm:H10"), ("kidney stones", "icd10cm:N20")],
)
def test_lay_words_find_clinical_codes(cat: Catalog, query: str, prefix: str) -> None:
    assert any(c.startswith(prefix) for c in codes(cat, query, 10)), codes(cat, query)


def test_system_and_billable_filters(cat: Catalog) -> None:
    r = cat.search("appendix", systems=["icd10pcs"], billable=True, limit=30)
    assert r.hits and all(h.system == "icd10pcs" and h.billable for h in r.hits)
    r = cat.search("I21", billable=True, limit=30)
    assert r.hits and all(h.billable for h in r.hits)


def test_code_range_filter_on_words(cat: Catalog) -> None:
    r = cat.search("diabetes", code_range="E08-E13", limit=50)
    assert r.hits and all("E08" <= h.code[:3] <= "E13" for h in r.hits)


def test_hits_carry_fields_snippet_and_facets(cat: Catalog) -> None:
    r = cat.search("myocardial infarction", limit=5)
    h = r.hits[0]
    assert h.system and h.code and h.title and h.kind and h.score > 0
    assert "title" in h.matched and "<mark>" in h.snippet
    assert r.facets["system"].get("icd10cm", 0) > 0


@pytest.mark.parametrize(("title", "snippet"), [
    ("Acute myocardial infarction", "Acute <mark>myocardial</mark> <mark>infarction</mark>"),
    ("Alzheimer's disease <late> & \"other\"",
     "Alzheimer&#x27;s disease &lt;late&gt; &amp; &quot;other&quot;"),
    ("Infarction of Ménière's <region>", "<mark>Infarction</mark> of Ménière&#x27;s &lt;region&gt;"),
    ("Infarct myo", "<mark>Infarct</mark> <mark>myo</mark>"),
    ("", ""),
])
def test_snippets_escape_the_title_and_mark_its_matched_words(title: str, snippet: str) -> None:
    """Escaped as ``html.escape`` escapes it whether or not the title has anything to escape
    (most have not, and are not escaped piece by piece); a word marked by its stem or as the
    start of the word being typed ("myo")."""
    assert highlight(title, {"infarct", "infarction"}, ("myo",)) == snippet


def test_pagination_is_stable(cat: Catalog) -> None:
    whole = codes(cat, "pneumonia", 40)
    pages = [h.code for p in range(4) for h in cat.search("pneumonia", limit=10, offset=10 * p).hits]
    assert [c.split(":", 1)[1] for c in whole] == pages


def test_unknown_system_and_bad_limits_are_query_errors(cat: Catalog) -> None:
    with pytest.raises(QueryError, match="unknown system"):
        cat.search("x", systems=["nope"])
    with pytest.raises(QueryError):
        cat.search("x", limit=0)
    with pytest.raises(QueryError):
        cat.search("x" * 5000)


@pytest.mark.parametrize(
    ("query", "row"),
    [("PTCA", "027"), ("c-section", "10D0"), ("appendectomy", "0DTJ"), ("craniectomy", "0NB0")],
)
def test_a_procedure_leads_to_full_pcs_codes_before_their_table(
    cat: Catalog, query: str, row: str
) -> None:
    # The PCS index names tables and rows ("PTCA" is a term of 027), which no claim accepts:
    # their best-matching full codes come first, the table or row right after for browsing.
    got = [h.code for h in cat.search(query, systems=["icd10pcs"], limit=10, mode="words").hits]
    assert len(got[0]) == 7 and got[0].startswith(row), got
    nodes = [c for c in got if len(c) < 7]
    assert nodes and got.index(nodes[0]) > 0


def test_a_procedure_query_finds_the_approach_it_names(cat: Catalog) -> None:
    got = codes(cat, "PTCA", 3, systems=["icd10pcs"])
    assert got[0].startswith("icd10pcs:0270") and "Percutaneous" in cat.search(
        "PTCA", systems=["icd10pcs"], limit=1).hits[0].title


def test_only_billable_still_follows_the_table_a_procedure_names(cat: Catalog) -> None:
    # Tables and rows are filtered out, but their index terms still lead to their codes.
    r = cat.search("PTCA", systems=["icd10pcs"], billable=True, limit=10)
    assert r.hits and all(h.billable and len(h.code) == 7 for h in r.hits)
    assert r.hits[0].code.startswith("027")
    assert not cat.search("PTCA", systems=["icd10pcs"], billable=False, limit=10).hits[0].billable


def test_diagnosis_headings_are_not_followed(cat: Catalog) -> None:
    # ICD-10-CM keeps "general first": a category is not replaced by one of its codes.
    assert codes(cat, "hypertension", 3)[0] == "icd10cm:I10"


@pytest.mark.parametrize(
    ("query", "kind", "prefix"),
    [("ligation of fallopian tubes", "procedure", "0UL"),
     ("lap appendectomy", "procedure", "0DTJ4"),
     ("endometrial ablation", "procedure", "0U5B"), ("thyroid bx", "procedure", "0G9K"),
     ("onychectomy", "word parts", "0HTQ"), ("thymectomy", "word parts", "07TM"),
     ("blepharoplasty", "word parts", "08Q")],
)
def test_procedure_words_are_searched_as_pcs_root_operations_and_body_parts(
    cat: Catalog, query: str, kind: str, prefix: str
) -> None:
    # PCS titles say Occlusion, Destruction, Percutaneous Endoscopic, never "ligation",
    # "ablation" or "lap" (pcs_operations.tsv); onych- is the nail, thym- the thymus, blephar-
    # the eyelid (pcs_word_parts.tsv).
    r = cat.search(query, systems=["icd10pcs"], limit=3)
    assert any(e["kind"] == kind for e in r.expansions), r.expansions
    assert r.hits[0].code.startswith(prefix), [h.code for h in r.hits]


def test_a_pcs_row_found_by_meaning_is_led_by_its_full_code(cat: Catalog) -> None:
    # "both" is no title word (the words relax without it): the meaning list finds the rows
    # too, each led by its best code.
    got = [h.code for h in cat.search("removal of both fallopian tubes", systems=["icd10pcs"],
                                      limit=10).hits]
    assert len(got[0]) == 7, got
    assert "0UT70ZZ" in got and got.index("0UT70ZZ") < got.index("0UT7"), got


def test_a_contracted_word_is_read_as_the_word_it_contracts(cat: Catalog) -> None:
    # Coders write words without their vowels, as CMS short descriptions do.
    r = cat.search("chrnc kdny dis stage 3", systems=["icd10cm"])
    assert {"from": "chrnc", "to": "chronic", "kind": "contraction"} in r.expansions
    assert r.hits[0].code.startswith("N18.3"), [h.code for h in r.hits[:3]]


def test_a_contraction_too_far_for_a_typo_is_corrected_to_its_word(cat: Catalog) -> None:
    assert {"from": "hypothyrdsm", "to": "hypothyroidism"} in cat.search("hypothyrdsm").corrections
    assert codes(cat, "frctr of rdius", 1, systems=["icd10cm"])[0].startswith("icd10cm:S52")


def test_a_contraction_keeps_only_the_senses_its_neighbours_go_with(cat: Catalog) -> None:
    senses = {e["to"] for e in cat.search("dvrtclo of colon").expansions
              if e["kind"] == "contraction"}
    assert senses == {"diverticulosis"}  # letters in order: not diverticulitis


@pytest.mark.parametrize("word", ["stoma", "suture", "cat"])
def test_a_real_word_is_not_read_as_a_contraction(cat: Catalog, word: str) -> None:
    r = cat.search(f"{word} of the neck")
    assert not [e for e in r.expansions if e["kind"] == "contraction"], r.expansions


@pytest.mark.parametrize(("short", "long"), [
    ("diverticulosis of colon w/o hemorrhage", "diverticulosis of colon without hemorrhage"),
    ("pneumonia d/t covid", "pneumonia due to covid"),
    ("anemia w/ ckd", "anemia with ckd"),
])
def test_slash_shorthand_reads_as_its_words(cat: Catalog, short: str, long: str) -> None:
    assert codes(cat, short, 5) == codes(cat, long, 5)


def test_an_ordinal_written_as_a_number_reads_as_the_titles_word(cat: Catalog) -> None:
    # T20.22 "Burn of second degree of lip(s)", reported as its initial encounter
    assert codes(cat, "2nd deg burn of lip", 1, systems=["icd10cm"]) == ["icd10cm:T20.22XA"]


def test_older_clinical_wording_finds_the_current_title(cat: Catalog) -> None:
    # ICD-10-CM says "sequelae" for a late effect and "puerperium" for after childbirth.
    assert codes(cat, "late effect of stroke", 1, systems=["icd10cm"])[0].startswith("icd10cm:I69.3")
    assert "icd10cm:O15.2" in codes(cat, "postpartum eclampsia", 3, systems=["icd10cm"])


def test_a_code_is_read_under_its_categorys_title(cat: Catalog) -> None:
    # R10.31 "Right lower quadrant pain" is under R10 "Abdominal and pelvic pain": it says
    # "abdominal" as the tabular list does, and so comes before ICD-9's exact title 789.03.
    assert codes(cat, "abdominal pain right lower quadrant", 2) == [
        "icd10cm:R10.31", "icd9cm:789.03"]


@pytest.mark.parametrize("query", ["E11", "S72.0", "0DT", "250", "I20-I25", "M16*"])
def test_code_listing_facets_count_each_value_largest_first(cat: Catalog, query: str) -> None:
    # From one grouped statement (Engine._code_facets), as three statements counted them.
    r = cat.search(query, limit=5)
    assert r.total and r.facets
    for name, counts in r.facets.items():
        assert sum(counts.values()) == r.total or len(counts) == 30
        values = list(counts.values())
        assert values == sorted(values, reverse=True)
        if name == "system":
            assert set(counts) <= {s.id for s in cat.systems()}


def test_a_titles_rerank_facts_are_read_once_and_keep_its_absent_words_apart() -> None:
    # concept_facts.facts: what the re-rank reads of a concept, cached; a query that says "without"
    # reads the title's absent words (``said``), any other query the title without them.
    f = facts("Vomiting without nausea", "", "icd10cm", "R11.11", "code")
    assert f.absent and "nausea" in f.said.raw and "nausea" not in f.kept.raw
    assert "nausea" not in f.counted and f.heading == ("icd10cm", "R11")
    assert facts("Vomiting without nausea", "", "icd10cm", "R11.11", "code") is f
    block = facts("Frostbite (T33-T34)", "", "icd10cm", "T33-T34", "block")
    assert block.kind_drop == 0.15 and block.kept is block.said and block.diagnosis


# Queries whose candidates once depended on a set's order: "cancer of the p" completed its
# last letter with the commonest p-words beside "cancer", ties met in a frozenset's order.
SEEDED = ["cancer of the p", "chest p", "broken a", "heart attack", "pnuemonia", "knee r"]
_SEEDED_RUN = (
    "import json, sys\n"
    "from medcodes.catalog.reader import Catalog\n"
    "cat = Catalog(sys.argv[1])\n"
    "print(json.dumps([[(h.system, h.code, h.score) for h in cat.search(q, limit=20).hits]"
    " for q in json.loads(sys.argv[2])]))\n"
)


def test_results_do_not_depend_on_the_hash_seed(catalog_path: Path) -> None:
    # Python seeds str hashes per process, so a set's order differs between a server's workers
    # and between runs: a tie broken by it gave two workers two answers to one query.
    runs = [subprocess.run(
        [sys.executable, "-c", _SEEDED_RUN, str(catalog_path), json.dumps(SEEDED)],
        env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True, check=True,
    ).stdout for seed in ("1", "4")]
    assert runs[0] == runs[1]


@pytest.mark.parametrize(("query", "letter"), [("told I'm low on the blood", "m"),
                                               ("she'll need stitches", "ll"), ("we're all coughing", "re")])
def test_a_pronouns_contracted_verb_is_no_word(cat: Catalog, query: str, letter: str) -> None:
    # "I'm" is no "m" of Immunoglobulin M, which led "told I'm low on the blood" (anaemia).
    from dev_lists import readings
    assert (letter,) not in readings(cat, query)
    assert ("d",) in readings(cat, "vitamin d low")


@pytest.mark.parametrize("query", ["I'd a rash", "they\u2019d a fever"])
def test_a_pronouns_contracted_verb_is_no_abbreviation(cat: Catalog, query: str) -> None:
    # The phrases were read before the verb was dropped: "I'd a rash" was I&D, incision and
    # drainage (0H9 Drainage of skin); "I&D", typed without the apostrophe, still is.
    from dev_lists import readings
    assert ("incision", "drainage") not in readings(cat, query)
    assert ("incision", "drainage") in readings(cat, "I&D abscess")


def _candidate(system: str, code: str, title: str, score: float) -> Candidate:
    return Candidate(0, system, code, title, "code", True, None, 0, 1.0, score=score)


def test_a_retired_code_stays_under_its_current_twin() -> None:
    """An ICD-9 code scored over the current code of its title (bar "unspecified") drops just
    under it; one with no current twin among the candidates, or already under it, keeps its
    score."""
    current = _candidate("icd10cm", "R80.9", "Proteinuria, unspecified", 1.0)
    twin = _candidate("icd9cm", "791.0", "Proteinuria", 1.5)
    alone = _candidate("icd9cm", "599.0", "Urinary tract infection, site not specified", 2.0)
    under = _candidate("icd9cm", "791.0", "Proteinuria", 0.5)
    after_current([current, twin, alone])
    assert twin.score == pytest.approx(0.99) and alone.score == 2.0 and current.score == 1.0
    after_current([current, under])
    assert under.score == 0.5
