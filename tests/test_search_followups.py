"""Follow-ups of session 21 (tests/data/followups_dev.tsv): half of an organ taken out
(search/procedure_parts.py how_much), a collection drained in a cavity said by its adjective
(data/pcs_cavities.tsv) and hearing or sight lost with age in lay words (search/ages.py), on
the session's real catalog."""

from __future__ import annotations

import pytest

from dev_lists import floors
from medcodes.catalog.reader import Catalog
from medcodes.search.engine import search
from medcodes.search.query import parse


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.72, 0.78), ("hybrid", 0.83, 0.93)])
def test_followups_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # tests/data/followups_dev.tsv, 59 queries written before any search. Measured (of 59):
    # base af854ae hybrid 38 first and 47 in ten (542d0cf words 29 and 37, hybrid 35 and 46);
    # with followups21 words 45 and 48, hybrid 51 and 57.
    floors(cat, "followups_dev.tsv", at1, at10, mode=mode)


def _first(cat: Catalog, query: str) -> str:
    return search(cat, query, limit=5, mode="words").hits[0].code


@pytest.mark.parametrize(("query", "lobe"), [
    ("half my thyroid taken out", ("0GTG", "0GTH")),  # hemithyroidectomy: a lobe's Resection
    ("half my liver removed", ("0FT1", "0FT2")),
])
def test_half_a_lobed_organ_taken_out_is_its_lobe(cat: Catalog, query: str,
                                                  lobe: tuple[str, ...]) -> None:
    assert "half" not in {s.text for s in parse(query).slots}
    assert _first(cat, query).startswith(lobe)


def test_half_another_organ_taken_out_is_a_part_of_it(cat: Catalog) -> None:
    """A partial nephrectomy: Excision of the kidney, not its Resection."""
    assert _first(cat, "half my kidney removed").startswith(("0TB0", "0TB1"))


def test_a_part_taken_out_is_no_matter_extirpated(cat: Catalog) -> None:
    """"part of my thyroid removed" led with 0GCK Extirpation of Matter from Thyroid Gland."""
    assert _first(cat, "part of my thyroid removed").startswith("0GB")


@pytest.mark.parametrize(("query", "cavity"), [
    ("laparotomy and drainage of an abdominal abscess", "0W9G0"),
    ("open drainage of retroperitoneal abscess", "0W9H0"),
    ("drainage of abdominal wall abscess", "0W9F"),  # the wall is still its own part
])
def test_a_cavity_said_by_its_adjective_is_drained(cat: Catalog, query: str,
                                                   cavity: str) -> None:
    assert _first(cat, query).startswith(cavity)


@pytest.mark.parametrize(("query", "first"), [
    ("deaf from old age", "H91.1"),
    ("hard of hearing due to age", "H91.1"),
    ("long-sighted with age", "H52.4"),
])
def test_a_sense_lost_with_age_reads_as_its_age_related_phrase(cat: Catalog, query: str,
                                                              first: str) -> None:
    assert _first(cat, query).startswith(first)


def test_an_age_clause_no_phrase_says_is_left_as_it_was() -> None:
    assert [s.text for s in parse("pain with age").slots] == ["pain", "age"]


@pytest.mark.parametrize(("mode", "at1", "at10"), [("hybrid", 0.68, 0.82)])
def test_followups_dev2_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # tests/data/followups_dev2.tsv, 41 queries written before any search. Measured (of 41):
    # base 3594536 hybrid 27 first and 34 in ten; with the person set aside as context of a
    # correction 28 and 34.
    floors(cat, "followups_dev2.tsv", at1, at10, mode=mode)


@pytest.mark.parametrize("query", ["my grandmother fell", "my grandfather fell"])
def test_person_is_no_context_against_a_correction(cat: Catalog, query: str) -> None:
    # "fell" is read as "fall" although no falls title says a grandmother.
    assert search(cat, query, limit=10).hits[0].code.startswith(("W19", "W18", "W01", "R29.6"))


# Session 23 (followups23): old age said of a family member, an operation or a scope said by
# what it is for, a plain broken bone, an anaesthetic block.


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.92, 0.95),
                                                   ("hybrid", 0.93, 0.95)])
def test_followups_dev3_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # tests/data/followups_dev3.tsv, 84 queries written before any search. Measured (of 84):
    # base 8569384 hybrid 45 first and 61 in ten (words 42 and 52); with followups23 hybrid
    # 81 and 82 (words 80 and 82).
    floors(cat, "followups_dev3.tsv", at1, at10, mode=mode)


@pytest.mark.parametrize(("query", "first"), [
    ("elderly mother fell", ("W19", "W18", "W01", "R29.6")),  # not O09.519 elderly primigravida
    ("old dad fell over", ("W19", "W18", "W01", "R29.6")),  # not I25.2 Old MI
])
def test_old_age_said_of_a_family_member_is_the_patient(cat: Catalog, query: str,
                                                        first: tuple[str, ...]) -> None:
    assert search(cat, query, limit=5).hits[0].code.startswith(first)


def test_an_irregular_verb_corrected_to_its_verb_keeps_the_correction(cat: Catalog) -> None:
    """"fell" is "fall" (same_words.tsv) whatever the other words: no title says "fell"."""
    from medcodes.search.engine import engine_for
    parsed = parse("elderly mother fell", engine_for(cat).speller)
    assert {"from": "fell", "to": "fall"} in parsed.corrections


@pytest.mark.parametrize(("query", "first"), [
    ("open operation for cholecystitis", "0FT40ZZ"),  # open cholecystectomy
    ("keyhole op for appendicitis", "0DTJ4ZZ"),
    ("operation for diverticulitis", "0DTN"),  # sigmoid colectomy
    ("surgery for mastoiditis", "09"),  # mastoidectomy: mastoid- is the mastoid sinus
])
def test_an_operation_for_an_organs_inflammation_is_its_removal(cat: Catalog, query: str,
                                                                first: str) -> None:
    assert search(cat, query, limit=5).hits[0].code.startswith(first)


@pytest.mark.parametrize(("query", "first"), [
    ("scope for reflux", "0DJ08ZZ"),  # upper GI endoscopy, not the trachea's
    ("tube with a camera down my throat into my stomach", "0DJ08ZZ"),
    ("scope for blood in my poo", "0DJD8ZZ"),
    ("scope for coughing up blood", "0BJ08ZZ"),
    ("camera into my womb", "0UJD8ZZ"),
])
def test_a_scope_is_the_one_of_its_complaint_or_organ(cat: Catalog, query: str,
                                                      first: str) -> None:
    assert search(cat, query, limit=5).hits[0].code == first


def test_a_scope_for_a_complaint_still_shows_the_complaints_diagnosis(cat: Catalog) -> None:
    hits = search(cat, "scope for heartburn", limit=10).hits  # reasons.py: R12 Heartburn
    assert hits[0].code == "0DJ08ZZ"
    assert any(h.system == "icd10cm" and h.code.startswith("R12") for h in hits)


def test_words_without_a_scope_or_operation_are_left_as_typed() -> None:
    from medcodes.search.operated_for import read
    words = ["reflux", "in", "my", "throat"]
    assert read(words) == (words, None)


@pytest.mark.parametrize(("query", "first"), [
    ("broken fibula", "S82.4"),  # not M84.369A Stress fracture
    ("stress fracture of fibula", "M84.36"),  # said, the kind leads
])
def test_a_fracture_is_traumatic_unless_its_kind_is_said(cat: Catalog, query: str,
                                                         first: str) -> None:
    assert search(cat, query, limit=5).hits[0].code.startswith(first)


@pytest.mark.parametrize("query", ["spinal block", "spinal block for my caesarean"])
def test_a_block_with_no_substance_said_is_an_anaesthetic(cat: Catalog, query: str) -> None:
    assert search(cat, query, limit=5).hits[0].code == "3E0R3BZ"


# Session 24 (followups24): a symptom beside a condition with a "with" code, a medicine said
# colloquially, a drink said by its amount, a child's condition where "juvenile" names a kind,
# a relative said as who has it, two parts said together.


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.84, 0.89),
                                                   ("hybrid", 0.90, 0.97)])
def test_followups_dev4_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # tests/data/followups_dev4.tsv, 86 queries written before any search. Measured (of 86):
    # base f091218 hybrid 53 first and 73 in ten (words 49 and 62); with followups24 hybrid
    # 80 and 86 (words 75 and 79).
    floors(cat, "followups_dev4.tsv", at1, at10, mode=mode)


@pytest.mark.parametrize(("query", "first"), [
    ("broken tibia and fibula", ("S82.2", "S82.4")),  # not M84.369A Stress fracture
    ("broken radius and ulna", ("S52.2", "S52.3", "S52.5", "S52.6", "S52.9")),
])
def test_two_parts_said_together_are_read_as_either(cat: Catalog, query: str,
                                                     first: tuple[str, ...]) -> None:
    assert any(" and " in s.text for s in parse(query).slots)  # one slot, either part
    assert search(cat, query, limit=5).hits[0].code.startswith(first)


def test_two_parts_said_together_without_an_injury_stay_two_words() -> None:
    assert "hand and wrist" not in {s.text for s in parse("pain in hand and wrist").slots}


@pytest.mark.parametrize(("query", "first"), [
    ("enlarged prostate with trouble peeing", ("N40.1",)),  # not N40.0 without LUTS
    ("flu with a fever", ("J11.1", "J10.1")),  # not J11.08 with specified pneumonia
    ("flu with vomiting and diarrhoea", ("J11.2", "J10.2")),
])
def test_a_symptom_beside_a_condition_reads_its_with_titles_group(cat: Catalog, query: str,
                                                                   first: tuple[str, ...]
                                                                   ) -> None:
    assert search(cat, query, limit=5).hits[0].code.startswith(first)


def test_a_symptom_beside_no_grouping_condition_keeps_its_words(cat: Catalog) -> None:
    hits = search(cat, "fever with a cough", limit=5, mode="words")
    assert not any(e["kind"] == "manifestation" for e in hits.expansions)


@pytest.mark.parametrize(("query", "first"), [
    ("child with leukemia", ("C95", "C91.0", "C92.0")),  # not C93.3 Juvenile myelomonocytic
    ("child with epilepsy", ("G40.9", "G40.8")),  # not the childhood absence epilepsies
    ("child with arthritis", ("M08",)),  # Juvenile arthritis is a child's arthritis
    ("teenager with scoliosis", ("M41.1",)),
])
def test_a_childs_stage_that_only_names_a_kind_goes(cat: Catalog, query: str,
                                                    first: tuple[str, ...]) -> None:
    assert search(cat, query, limit=5).hits[0].code.startswith(first)


def test_a_relative_said_first_is_no_word_nor_corrected(cat: Catalog) -> None:
    from medcodes.search.engine import engine_for
    parsed = parse("grandad fell over", engine_for(cat).speller)
    assert "grandad" not in {s.text for s in parsed.slots}
    assert not any(c["from"] == "grandad" for c in parsed.corrections)
    assert search(cat, "gran has a chest infection", limit=5).hits[0].code.startswith(
        ("J20", "J22", "J40"))


def test_an_injury_said_after_a_fall_leads(cat: Catalog) -> None:
    """ICD-10-CM guideline I.C.20: the external cause (W19) is never first-listed."""
    assert search(cat, "grandad fell and broke his hip", limit=5).hits[0].code.startswith("S72")


@pytest.mark.parametrize(("query", "first"), [
    ("drinks a bottle of wine a day", ("F10.1", "F10.2", "F10.9")),  # not X10 hot drinks
    ("drinks 8 pints a night", ("F10.1", "F10.2", "F10.9")),
    ("smokes 20 a day", ("F17.21",)),  # a count smoked is of cigarettes
])
def test_an_amount_by_the_day_is_the_substances_use(cat: Catalog, query: str,
                                                    first: tuple[str, ...]) -> None:
    assert search(cat, query, limit=5).hits[0].code.startswith(first)


@pytest.mark.parametrize(("query", "first"), [
    ("on bp meds", "Z79.899"),  # not the Z79 heading
    ("took too many blood thinners", "T45.51"),  # an overdose, not Z79.01
    ("on blood thinners", "Z79.01"),
])
def test_a_medicine_said_colloquially(cat: Catalog, query: str, first: str) -> None:
    assert search(cat, query, limit=5).hits[0].code.startswith(first)


# Session 25 (followups25): a symptom beside its disease past other diseases, a condition beside
# a medicine taken for it, two parts said side by side.


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.78, 0.88),
                                                   ("hybrid", 0.80, 0.92)])
def test_followups_dev5_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # tests/data/followups_dev5.tsv, 90 queries written before any search. Measured (of 90):
    # base 0d89369 hybrid 61 first and 78 in ten (words 60 and 73); with followups25 hybrid
    # 75 and 85 (words 73 and 82).
    floors(cat, "followups_dev5.tsv", at1, at10, mode=mode)


@pytest.mark.parametrize(("query", "first"), [
    ("fever and pneumonia", "J18"),  # past Typhus fever, Typhoid fever ...
    ("sore joints from gout", "M10"),  # M25.5 Pain in joint is a symptom filed in chapter 13
    ("short of breath with copd", "J44"),  # copd read whole: the disease's name
    ("earache with ear infection", "H66"),  # H92.0 Otalgia is filed in chapter 8
])
def test_a_disease_leads_its_symptom_past_other_diseases(cat: Catalog, query: str,
                                                          first: str) -> None:
    hits = search(cat, query, limit=10).hits
    assert hits[0].code.startswith(first), [h.code for h in hits]


@pytest.mark.parametrize("query", ["pins and needles in my hand", "sore boobs before my period",
                                   "chest pain worse with deep breaths", "febrile seizure",
                                   "drowsy from the antihistamine"])
def test_a_symptom_without_its_disease_still_leads(cat: Catalog, query: str) -> None:
    hits = search(cat, query, limit=10).hits
    assert hits[0].code[:1] in "RMN", [h.code for h in hits]  # not Furuncle, Periodontal ...


@pytest.mark.parametrize(("query", "first"), [
    ("high blood pressure, takes amlodipine", "I10"),  # not I27.21 drug-induced
    ("type 2 diabetic on metformin", "E11"),  # not E09 drug-induced, nor O24.415
    ("afib on eliquis", "I48"),
    ("depressed on citalopram", "F32"),
])
def test_a_condition_beside_its_treatment_leads(cat: Catalog, query: str, first: str) -> None:
    hits = search(cat, query, limit=10).hits
    assert hits[0].code.startswith(first), [h.code for h in hits]


@pytest.mark.parametrize(("query", "first"), [
    ("diabetes on steroids", "E09"),  # a medicine not taken for it: drug-induced
    ("gestational diabetes on insulin", "O24.414"),  # a pregnancy's titles say the treatment
])
def test_a_medicine_not_taken_for_the_condition_still_reads(cat: Catalog, query: str,
                                                             first: str) -> None:
    hits = search(cat, query, limit=10).hits
    assert hits[0].code.startswith(first), [h.code for h in hits]


@pytest.mark.parametrize(("query", "first"), [
    ("fractured tib fib", ("S82.1", "S82.2", "S82.3", "S82.4", "S82.9")),
    ("broken radius ulna", ("S52.2", "S52.3", "S52.5", "S52.6", "S52.9")),
])
def test_two_parts_said_side_by_side_are_either(cat: Catalog, query: str,
                                                first: tuple[str, ...]) -> None:
    hits = search(cat, query, limit=10).hits
    assert hits[0].code.startswith(first), [h.code for h in hits]


@pytest.mark.parametrize(("query", "first"), [
    ("hypertensive with ckd stage 2", "I12.9"),  # not N18.2: guideline I.C.9.a
    ("high blood pressure, cardiomegaly", "I11.9"),  # I51.7 is of I11's heart diseases
    ("htn and heart failure", "I11.0"),
    ("hypertension, dialysis for esrd", "I12.0"),
])
def test_hypertension_with_heart_or_kidney_disease_is_combined(cat: Catalog, query: str,
                                                               first: str) -> None:
    hits = search(cat, query, limit=10).hits
    assert hits[0].code == first, [h.code for h in hits]


@pytest.mark.parametrize(("query", "first"), [("ckd stage 2", "N18.2"), ("heart failure", "I50")])
def test_heart_or_kidney_disease_alone_is_not_combined(cat: Catalog, query: str,
                                                       first: str) -> None:
    assert search(cat, query, limit=10).hits[0].code.startswith(first)


@pytest.mark.parametrize(("query", "first"), [
    ("rash on my baby", "R21"),  # not T80.6 Serum rash nor R68.12 Fussy infant
    ("my baby cries for hours", "R68.1"),  # a title says the baby with the rest: it stays
])
def test_a_baby_said_as_whose_condition_it_is(cat: Catalog, query: str, first: str) -> None:
    hits = search(cat, query, limit=10).hits
    assert hits[0].code.startswith(first), [h.code for h in hits]


@pytest.mark.parametrize("query", ["here for my flu jab", "i'm here for a flu shot"])
def test_here_is_no_word_of_a_visit(cat: Catalog, query: str) -> None:
    assert search(cat, query, limit=10).hits[0].code == "Z23"
