"""A side, an encounter or a fracture's type said with a heading the ICD-10-CM index names
("left hip fracture": the index's "Fracture, hip" is S72.00-) leads to the heading's code that
says them, on the session's real catalog."""

from __future__ import annotations

import pytest

from medcodes.catalog.reader import Catalog
from medcodes.search.drill import is_detail
from medcodes.search.engine import search
from medcodes.search.parsed import Alternative, Slot


@pytest.mark.parametrize(("query", "first"), [
    # not S79.002, a physeal fracture of a child's femur; the side's heading is reported by its
    # initial encounter for a closed fracture (search/reported.py)
    ("left hip fracture", "S72.002A"),
    ("fracture of right hip", "S72.001A"),
    ("distal radius fracture left", "S52.502A"),
    ("acute otitis media left", "H66.92"),
    # The encounter is the 7th character: the tabular list's first is the default.
    ("right hip fracture subsequent encounter", "S72.001D"),
    ("left hip fracture sequela", "S72.002S"),
])
def test_details_lead_below_the_indexed_heading(cat: Catalog, query: str, first: str) -> None:
    hits = search(cat, query, systems=["icd10cm"], limit=5, mode="words").hits
    assert hits[0].code == first, [h.code for h in hits]


def test_with_only_billable_codes_the_heading_still_leads_to_its_code(cat: Catalog) -> None:
    hits = search(cat, "left hip fracture", systems=["icd10cm"], billable=True, limit=3).hits
    assert hits[0].code == "S72.002A", [h.code for h in hits]


@pytest.mark.parametrize(("query", "first"), [
    ("left ventricular failure", "I50.1"),  # the title says the side: nothing to follow
    ("open wound left hand", "S61.402A"),  # its initial encounter (search/reported.py)
    ("right knee pain", "M25.561"),
])
def test_a_title_that_says_it_all_stays_first(cat: Catalog, query: str, first: str) -> None:
    assert search(cat, query, systems=["icd10cm"], limit=3).hits[0].code == first


@pytest.mark.parametrize(("query", "first"), [
    ("glaucoma in both eyes", "H40.9"),  # no code says glaucoma of no type, bilateral
    ("cataracts in both eyes", "H26.9"),  # not H26.103 Unspecified traumatic cataract, bilateral
])
@pytest.mark.parametrize("mode", ["words", "hybrid"])
def test_a_side_said_only_with_a_type_unasked_leaves_the_side_uncoded(
        cat: Catalog, query: str, first: str, mode: str) -> None:
    hits = search(cat, query, systems=["icd10cm"], limit=3, mode=mode).hits
    assert hits[0].code == first, [h.code for h in hits]


@pytest.mark.parametrize(("query", "first"), [
    ("osteoarthritis in both knees", "M17.0"),  # primary is the index's default kind
    # "unspecified quadrant" leaves the quadrant open: no type; reported as that code
    ("left breast lump", "N63.20"),
])
def test_a_side_said_with_no_type_beyond_the_query_stays_coded(
        cat: Catalog, query: str, first: str) -> None:
    hits = search(cat, query, systems=["icd10cm"], limit=3, mode="words").hits
    assert hits[0].code == first, [h.code for h in hits]


def test_the_followed_code_shows_the_heading_it_came_from(cat: Catalog) -> None:
    hit = search(cat, "left hip fracture", systems=["icd10cm"], limit=1, mode="words").hits[0]
    assert hit.matched == ["title", "terms"], hit.matched
    assert "Fracture of hip NOS" in hit.terms


def test_other_systems_are_left_alone(cat: Catalog) -> None:
    hits = search(cat, "left hip fracture", systems=["icd10pcs"], limit=3).hits
    assert all(h.system == "icd10pcs" for h in hits)


def test_which_words_are_details() -> None:
    def slot(*alts: tuple[str, ...]) -> Slot:
        return Slot(alts[0][0], [Alternative(a, "original") for a in alts])

    assert is_detail(slot(("left",)))
    assert is_detail(slot(("closed",), ("percutaneous",)))
    assert not is_detail(slot(("hip",), ("upper", "femur")))
    assert not is_detail(slot(("fracture",)))


def test_typeahead_suggests_what_the_search_leads_with(cat: Catalog) -> None:
    from medcodes.search.suggest import suggest

    assert suggest(cat, "left hip fract").items[0].code == "S72.002"


def test_the_dev_list_of_details_stays_found(cat: Catalog) -> None:
    # tests/data/details_dev.tsv: 32 queries written before the change (hit@10 0.750 before,
    # 0.969 after; hit@1 0.562 -> 0.812).
    from dev_lists import rows as dev_rows
    from medcodes.codes import code_key

    rows = dev_rows("details_dev.tsv")
    first = top10 = 0
    for query, expected in rows:
        want = {code_key(w) for w in expected.strip().split("|")}
        got = [code_key(h.code) for h in search(cat, query, limit=10).hits]
        first += bool(got) and got[0] in want
        top10 += any(g in want for g in got)
    assert top10 / len(rows) >= 0.9 and first / len(rows) >= 0.75, (first, top10, len(rows))


# Sides said in everyday words (search/sides.py): "both", "each" and "both sides" are bilateral.

@pytest.mark.parametrize(("query", "words", "read"), [
    ("cataracts in both eyes", "cataracts in bilateral eyes", ["both"]),
    ("both my knees hurt", "bilateral my knees hurt", ["both"]),
    ("tinnitus in each ear", "tinnitus in bilateral ear", ["each"]),
    ("hernia on both sides", "hernia on bilateral", ["both sides"]),
    ("pain on each side", "pain on bilateral", ["each side"]),
    ("my knees both ache", "my knees bilateral ache", ["both"]),
    ("removal of both ovaries and tubes", "removal of bilateral ovaries and tubes", ["both"]),
    # "left side", "right sided": the side says it.
    ("sciatica on the left side", "sciatica on the left", []),
    ("right sided weakness", "right weakness", []),
])
def test_a_pair_said_in_words_reads_as_bilateral(query: str, words: str, read: list[str]) -> None:
    from medcodes.search.sides import read_sides
    from medcodes.search.vocab import vocabulary

    sides = read_sides(query.split(), vocabulary())
    assert " ".join(sides.words) == words and sides.read == read, (sides.words, sides.read)


@pytest.mark.parametrize("query", [
    "twins both born alive",  # of the twins, not of a part
    "both parents have diabetes",
    "both heart and lung disease",  # one of two things named
    "each day",
])
def test_both_said_of_no_part_keeps_its_word(query: str) -> None:
    from medcodes.search.sides import read_sides
    from medcodes.search.vocab import vocabulary

    sides = read_sides(query.split(), vocabulary())
    assert sides.words == query.split() and not sides.read, sides


@pytest.mark.parametrize(("query", "expected"), [
    ("both wrists broken", "icd10cm:S52.5|icd10cm:S62.1"),  # was Z37.2 Twins, both liveborn
    ("osteoarthritis in both knees", "icd10cm:M17.0"),
    ("carpal tunnel in both wrists", "icd10cm:G56.03"),
    ("ringing in both ears", "icd10cm:H93.13"),
    ("hernia on both sides of my groin", "icd10cm:K40.2"),
    ("dvt in both legs", "icd10cm:I82.403|icd10cm:I82.4Y3|icd10cm:I82.4Z3"),
    ("blind in both eyes", "icd10cm:H54.0|icd9cm:369.0"),  # the titles' own "both eyes"
    ("twins both born alive", "icd10cm:Z37.2"),
])
def test_sides_in_everyday_words_lead_with_their_code(cat: Catalog, query: str,
                                                      expected: str) -> None:
    from dev_lists import rank_of

    assert rank_of(cat, query, expected) == 0


def test_a_side_no_code_of_the_rest_says_is_left_out(cat: Catalog) -> None:
    # No pneumonia is coded bilateral: "both" is no "Repair Bilateral Lungs", nor a side.
    response = search(cat, "pneumonia in both lungs", limit=10)
    assert all(e["kind"] != "side" for e in response.expansions), response.expansions
    assert all(h.system != "icd10pcs" for h in response.hits), [h.code for h in response.hits]
    words = search(cat, "carpal tunnel in both wrists", limit=1)
    assert any(e["kind"] == "side" for e in words.expansions), words.expansions


@pytest.mark.parametrize(("query", "expected"), [
    ("tinnitus in each ear", "icd10cm:H93.13"),  # was fourth, behind "unspecified ear"
    ("hearing loss in both ears", "icd10cm:H91.93|icd10cm:H90.3|icd10cm:H90.0|icd10cm:H90.6"),
    ("pink eye in both eyes", "icd10cm:H10.33|icd10cm:H10.023|icd10cm:H10.013"),
])
def test_a_side_the_titles_say_alone_stands_for_its_part(cat: Catalog, query: str,
                                                         expected: str) -> None:
    # "Tinnitus, bilateral", "Age-related nuclear cataract, bilateral": the titles of an eye's
    # or an ear's condition say the side and no part, so the part is left out, and with it
    # its adjective ("ocular" led to H26.223 Cataract secondary to ocular disorders).
    from dev_lists import rank_of

    assert rank_of(cat, query, expected) == 0
    response = search(cat, "cataracts in both eyes", limit=10)
    assert "H26.223" not in [h.code for h in response.hits], [h.code for h in response.hits]
    assert all(e["to"] != "ocular" for e in response.expansions), response.expansions


@pytest.mark.parametrize(("query", "first"), [
    ("both my knees hurt", "M25.56"),
    ("pain in both feet", "M79.67"),  # led with H57.13 Ocular pain, bilateral
])
def test_a_side_said_of_many_parts_keeps_its_part(cat: Catalog, query: str, first: str
                                                  ) -> None:
    # Most titles saying pain and "bilateral" name a part ("Ocular pain, bilateral", "Flank
    # pain, bilateral"): the knee stays, and leads; none says it of the knee or the foot, so
    # the side is left out, as it would lead to those other parts.
    response = search(cat, query, limit=5)
    assert response.hits[0].code.startswith(first), [h.code for h in response.hits]
    assert all(e["kind"] != "side" for e in response.expansions), response.expansions


@pytest.mark.parametrize(("query", "expected"), [
    ("inguinal hernia on the right side", "icd10cm:K40.9"),  # led with the K40 heading
    ("left inguinal hernia", "icd10cm:K40.9"),
    ("undescended testicle on the right", "icd10cm:Q53.1"),  # was 4th, behind C62.91
])
def test_a_side_coded_one_or_both_reads_as_unilateral(cat: Catalog, query: str,
                                                       expected: str) -> None:
    from dev_lists import rank_of

    assert rank_of(cat, query, expected) == 0


@pytest.mark.parametrize(("query", "first"), [
    ("right knee osteoarthritis", "M17.11"),  # "Unilateral ..., right knee": the side stays
    ("headache on the left side", "R51.9"),  # no bilateral headache: a SUNCT's "unilateral"
])
def test_a_side_the_titles_say_stays_a_side(cat: Catalog, query: str, first: str) -> None:
    response = search(cat, query, limit=5)
    assert response.hits[0].code == first, [h.code for h in response.hits]
    assert all(e["to"] != "unilateral" for e in response.expansions), response.expansions


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.69, 0.81), ("hybrid", 0.74, 0.93)])
def test_sides_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # tests/data/sides_dev.tsv, 90 queries written before any search. Measured (of 90) words
    # 63 first and 74 in ten, hybrid 68 and 85 (before a sideless generic code led a side said
    # only with an unasked type: words 61 and 73, hybrid 66 and 84; before a side the titles say alone: words 55
    # and 68, hybrid 60 and 82; before "unilateral": 59 and 73, 64 and 84); main before
    # sides.py: words 33 and 56, hybrid 42 and 73.
    from dev_lists import floors

    floors(cat, "sides_dev.tsv", at1, at10, mode=mode)


@pytest.mark.parametrize("mode", ["words", "hybrid"])
@pytest.mark.parametrize(("query", "first"), [
    ("pneumonia in my lungs", "J18"),  # not J85.1 Abscess of lung with pneumonia
    ("pneumonia of the lung", "J18"),
    ("gastritis in my stomach", "K29.7"),  # not K29.4 Chronic atrophic gastritis
    ("appendicitis in my appendix", "K37"),
])
def test_the_organ_a_condition_is_of_is_left_unsearched(cat: Catalog, mode: str, query: str,
                                                        first: str) -> None:
    response = search(cat, query, limit=5, mode=mode)
    assert response.hits[0].code.startswith(first), [h.code for h in response.hits]
    assert all(e["kind"] != "body part" for e in response.expansions), response.expansions


@pytest.mark.parametrize(("query", "first"), [
    ("arthritis in my knees", "M17"),  # coded by site: the part picks the code
    ("pain in my chest", "R07"),
    ("fracture of the wrist", "S6"),
    ("thrush in my vagina", "B37.3"),  # thrush is not of a chapter of the vagina's
    ("infection in my tooth", "M27.6"),  # "infection" names other parts in its chapter
    ("cancer in my lungs", "C34"),
])
def test_a_part_that_picks_the_code_stays(cat: Catalog, query: str, first: str) -> None:
    hits = search(cat, query, limit=5, mode="words").hits
    assert hits[0].code.startswith(first), [h.code for h in hits]


@pytest.mark.parametrize(("query", "first"), [
    ("bronchitis in my chest", "J40"),  # the chest holds the lungs (regions.tsv)
    ("pleurisy in my chest", "R09.1"),  # not J86.9 Pyothorax
    ("gastritis in my tummy", "K29.7"),
    ("laryngitis in my voice box", "J0"),  # a part said in a lay phrase ("voice box")
    ("laryngitis in my throat", "J0"),  # laryngitis's own "laryngeal" is no other site
])
def test_a_region_or_a_lay_phrase_of_the_organ_is_left_unsearched(cat: Catalog, query: str,
                                                                  first: str) -> None:
    response = search(cat, query, limit=5, mode="words")
    assert response.hits[0].code.startswith(first), [h.code for h in response.hits]
    assert all(e["kind"] != "body part" for e in response.expansions), response.expansions


def test_the_chapters_across_the_body_are_read_from_their_titles(cat: Catalog) -> None:
    from medcodes.search.engine import engine_for

    assert engine_for(cat).probes.across() == {
        "C00-D49", "O00-O9A", "P00-P96", "Q00-QA0", "R00-R99", "S00-T88", "U00-U85", "V00-Y99",
        "Z00-Z99"}


@pytest.mark.parametrize(("query", "first"), [
    ("dropped womb", "N81"),  # the row "dropped uterus"
    ("enlarged thyroid", "E04"),  # a goiter
    ("hiatus hernia", "K44"),
])
def test_an_organ_in_everyday_words_reads_as_its_condition(cat: Catalog, query: str,
                                                           first: str) -> None:
    codes = [h.code for h in search(cat, query, limit=3).hits]
    assert any(c.startswith(first) for c in codes), codes


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.82, 0.92), ("hybrid", 0.82, 0.95)])
def test_organs_dev2_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # tests/data/organs_dev2.tsv, 77 queries written before any search. Measured (of 77)
    # words 64 first and 71 in ten, hybrid 64 and 74; before (a131e91) words 53 and 63,
    # hybrid 52 and 66.
    from dev_lists import floors

    floors(cat, "organs_dev2.tsv", at1, at10, mode=mode)


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.8, 0.95), ("hybrid", 0.8, 0.95)])
def test_organ_said_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # tests/data/organ_said_dev.tsv, 32 queries written before any search. Measured (of 32)
    # words 30 first and 32 in ten, hybrid 30 and 32 (session 18: regions, a part's lay
    # phrase, the organ of an -itis word); session 17 words 27 and 32, hybrid 27 and 32;
    # before organ_said.py words 20 and 30,
    # hybrid 20 and 29.
    from dev_lists import floors

    floors(cat, "organ_said_dev.tsv", at1, at10, mode=mode)


def test_organ_said_reads_only_a_part_after_in_or_of() -> None:
    from collections import Counter

    from medcodes.search.organ_said import organ_said
    from medcodes.search.query import parse

    def chapters(slots: list[Slot], words: frozenset[str]) -> tuple[Counter[str], Counter[str]]:
        # Every slot is of chapter J, and no code names another part.
        return Counter({"J00-J99": 10}), Counter({"J00-J99": 10})

    for query, kept in [("pneumonia in my lungs ", ["pneumonia"]),
                        ("lungs pneumonia ", ["lungs", "pneumonia"])]:
        parsed = parse(query)
        organ_said(parsed, chapters)
        assert [s.text for s in parsed.slots] == kept
