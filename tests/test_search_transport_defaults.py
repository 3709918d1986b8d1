"""A transport accident's unsaid details are the classification's defaults (V00-V99 note,
guideline I.C.19.a): traffic in V10-V82, nontraffic in V83-V86, "unspecified whether" of a
pedestrian, the unspecified victim, craft or conveyance, and the initial encounter."""

from __future__ import annotations

import pytest

from dev_lists import first_code, floors
from medcodes.catalog.reader import Catalog
from medcodes.search.transport_defaults import is_transport


def test_transport_codes_are_known_by_their_code() -> None:
    assert is_transport("V13.9XXA") and is_transport("V86.52XA") and is_transport("V05")
    assert not is_transport("W10.9XXA") and not is_transport("Y93.B4")


@pytest.mark.parametrize(("query", "code"), [
    ("cyclist hit by car", "V13.9XXA"),  # the unspecified cyclist, in traffic
    ("motorcycle passenger injured in collision with car", "V23.59XA"),  # other motorcycle
    ("car driver injured in collision with pedestrian", "V40.5XXA"),
    ("snowmobile driver injured", "V86.52XA"),  # V83-V86: nontraffic unless said
    ("pedestrian hit by a train", "V05.90XA"),  # a pedestrian's: unspecified whether
])
def test_the_unsaid_details_are_the_defaults(cat: Catalog, query: str, code: str) -> None:
    hits = cat.search(query, systems=["icd10cm"], limit=3).hits
    assert hits[0].code == code, [h.code for h in hits]


def test_what_is_said_is_kept(cat: Catalog) -> None:
    assert first_code(cat, "cyclist hit by car in a nontraffic accident").startswith("V13.2")
    assert first_code(cat, "snowmobile driver injured in traffic accident") == "V86.02XA"
    hits = cat.search("motorcycle passenger collision with car, subsequent encounter",
                      systems=["icd10cm"], limit=3).hits
    assert hits[0].code == "V23.59XD", [h.code for h in hits]


def test_a_stray_transport_word_moves_nothing(cat: Catalog) -> None:
    # "heel" is no transport: V00.15- Heelies accidents stay as the words found them.
    codes = [h.code for h in cat.search("heel pain first thing in the morning", limit=5).hits]
    assert "V00.131A" not in codes, codes


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.72, 0.78),
                                                   ("hybrid", 0.77, 0.84)])
def test_external27_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # External causes and Z factors as coders type them: on main 54/80 and 62/80 by words,
    # 56/80 and 67/80 hybrid; with session 27's readings 60/80 and 64/80, 64/80 and 69/80.
    floors(cat, "external27_dev.tsv", at1, at10, mode=mode)


@pytest.mark.parametrize(("query", "code"), [
    ("terrorism, biological weapons", "Y38.6X2A"),  # the civilian, first that says least
    ("war operations involving gasoline bomb", "Y36.311A"),
    ("soldier injured by IED in war", "Y36.230A"),  # the person said is kept
    ("legal intervention with explosives", "Y35.109A"),  # unspecified person
])
def test_the_injured_unsaid_in_war_and_terrorism(cat: Catalog, query: str, code: str) -> None:
    hits = cat.search(query, systems=["icd10cm"], limit=3).hits
    assert hits[0].code == code, [h.code for h in hits]


def test_the_default_is_followed_by_what_a_coder_who_knows_more_picks(cat: Catalog) -> None:
    # A pedestrian's "unspecified whether traffic" first, then the nontraffic and traffic ones;
    # not its subsequent encounter nor its sequela.
    codes = [h.code for h in cat.search("pedestrian hit by a train", systems=["icd10cm"],
                                        limit=3).hits]
    assert codes == ["V05.90XA", "V05.00XA", "V05.10XA"], codes
