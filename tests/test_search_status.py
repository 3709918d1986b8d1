"""Status and history said in everyday words ("I have a pacemaker", "had my spleen removed",
"I had breast cancer"): the tense a query speaks in, the words it leaves out, the readings of
what a procedure leaves, and the codes it finds on the session's real catalog."""

from __future__ import annotations

import pytest

from medcodes.catalog.reader import Catalog
from medcodes.search import rank
from medcodes.search.engine import search
from medcodes.search.query import parse
from medcodes.search.status import (
    asked,
    cue_positions,
    organ_system,
    result_reading,
    said_in_title,
    tense,
)
from medcodes.search.text import tokens


@pytest.mark.parametrize(("query", "said"), [
    ("i have a pacemaker", "present"),
    ("my dad is on dialysis", "present"),
    ("living with a kidney transplant", "present"),
    ("i wear a hearing aid", "present"),
    ("had my spleen removed", "past"),
    ("i've had a heart bypass", "past"),
    ("polio as a child", "past"),
    ("heart attack years ago", "past"),
    ("my leg was amputated", "past"),
    ("my appendix was taken out", "past"),
    ("pacemaker", None),
    ("pain on the left side", None),
    ("as a child", "past"),
    ("hx of breast cancer", "past"),
    ("s/p knee replacement", "past"),
])
def test_the_tense_a_query_speaks_in(query: str, said: str | None) -> None:
    assert tense(query) == said


def test_the_words_of_the_tense_are_left_out_only_beside_others() -> None:
    words = tokens("i had polio as a child in 1965")
    assert {words[i] for i in cue_positions(words)} == {"had", "child", "1965"}
    assert cue_positions(tokens("pacemaker")) == set()
    assert cue_positions(tokens("i have had")) == set()  # nothing else said: kept


def test_a_procedure_reads_as_what_it_leaves() -> None:
    assert result_reading(("resection", "uterus"), "past") == ("acquired", "absence", "uterus")
    assert result_reading(("removed",), "present") is None  # "removed" now is the operation
    assert result_reading(("replacement",), "present") == ("artificial",)
    assert result_reading(("replacement",), None) is None
    assert result_reading(("missing",), None) == ("absence",)
    assert asked("i have a pacemaker") >= {"presence", "status", "dependence"}
    assert "history" in asked("had polio") and not asked("polio")


def test_the_readings_are_reported_as_expansions() -> None:
    parsed = parse("had my spleen removed")
    assert [s.text for s in parsed.slots] == ["spleen", "removed"]
    assert {"from": "removed", "to": "acquired absence", "kind": "status"} in parsed.expansions


def _codes(cat: Catalog, query: str, n: int = 3, mode: str = "hybrid") -> list[str]:
    return [h.code for h in search(cat, query, limit=n, mode=mode).hits]


@pytest.mark.parametrize(("query", "code"), [
    ("i have a pacemaker", "Z95.0"),
    ("had my spleen removed", "Z90.81"),
    ("i had a hysterectomy", "Z90.71"),
    ("had my knee replaced", "Z96.65"),
    ("i had breast cancer", "Z85.3"),
    ("i use a wheelchair", "Z99.3"),
    ("i had polio as a child", "Z86.12"),
    ("my leg was amputated below the knee", "Z89.51"),
    ("had my tonsils out as a child", "Z90.89"),
])
def test_what_the_person_has_or_had_finds_its_status_or_history_code(
        cat: Catalog, query: str, code: str) -> None:
    for mode in ("words", "hybrid"):
        assert any(c.startswith(code) for c in _codes(cat, query, 5, mode)), (query, mode)


@pytest.mark.parametrize(("query", "not_first"), [
    ("pacemaker insertion", "Z95"),
    ("breast cancer", "Z85"),
    ("spleen removal", "Z90"),
    ("hysterectomy", "Z90"),
])
def test_the_same_words_without_the_tense_find_the_procedure_or_condition(
        cat: Catalog, query: str, not_first: str) -> None:
    assert not _codes(cat, query, 1)[0].startswith(not_first)


def test_missing_is_an_absence(cat: Catalog) -> None:
    assert any(c.startswith("Z89.0") for c in _codes(cat, "missing a finger", 10))


def test_status_as_a_severity_is_no_status_code(cat: Catalog) -> None:
    # "status asthmaticus" is how severe the asthma is, not a status the person lives with.
    assert _codes(cat, "i have asthma", 1) != ["J45.902"]
    assert said_in_title(("asthma", "status", "asthmaticus"), asked("i have asthma")) == ([], False)


@pytest.mark.parametrize(("query", "code"), [
    ("had my appendix out", "Z90.49"),  # no absence title names the appendix
    ("i had my gallbladder taken out", "Z90.49"),
    ("had part of my bowel removed", "Z90.49"),
    ("my testicle was removed", "Z90.79"),
])
def test_an_organ_no_absence_title_names_is_absent_from_its_system(
        cat: Catalog, query: str, code: str) -> None:
    assert code in _codes(cat, query, 10), query


def test_an_organ_removed_reads_as_its_system_and_taken_out_as_one_word() -> None:
    assert result_reading(("gallbladder", "taken", "out"), "past") == (
        "digestive", "tract", "acquired", "absence")
    assert result_reading(("resection", "spleen"), "past") == ("acquired", "absence", "spleen")
    assert organ_system(("colon",)) == ("digestive", "tract")
    assert organ_system(("kidney",)) is None  # Z90.5 names it
    parsed = parse("had my colon removed")
    assert ("digestive", "tract") in {a.tokens for s in parsed.slots for a in s.alternatives}
    # Said without the removal, the organ is the organ.
    assert ("digestive", "tract") not in {a.tokens for s in parse("colon cancer").slots
                                          for a in s.alternatives}


@pytest.mark.parametrize("query", ["history of knee replacement", "s/p knee replacement",
                                   "status post knee replacement"])
def test_a_replacement_in_the_past_is_the_artificial_joint(cat: Catalog, query: str) -> None:
    assert search(cat, query, limit=1).hits[0].code.startswith("Z96.65")


def test_a_status_word_counts_whatever_the_candidates_order() -> None:
    """A status word the query says is asked in every title, not only after a title that
    counts it came first: "Asthma (history of)" scores alike before or after "Personal
    history of asthma" (it scored 0.1 more first, where the word was not yet looked up)."""
    query = "history of asthma"
    slots = parse(query).slots
    titles = ("Asthma (history of)", "Personal history of asthma")
    scores = []
    for order in (titles, titles[::-1]):
        pool = [rank.Candidate(i, "icd10cm", f"Z{i}", t, "code", True, None, i, 1.0)
                for i, t in enumerate(order)]
        rank.rerank(pool, slots, query)
        scores.append({c.title: c.score for c in pool})
    assert scores[0] == scores[1]
