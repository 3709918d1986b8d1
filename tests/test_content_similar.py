"""Similar codes: hierarchy neighbours, codes similar in wording, crosswalk equivalents."""

from __future__ import annotations

import pytest

from medcodes.catalog.reader import Catalog
from medcodes.content.similar import MAX_SIBLINGS, similar
from medcodes.model import Concept
from medcodes.search.morelike import informative_words, more_like_this


def _concept(cat: Catalog, system: str, code: str) -> Concept:
    c = cat.get(system, code)
    assert c is not None
    return c


def _groups(cat: Catalog, c: Concept) -> dict[str, dict]:
    return {g["id"]: g for g in similar(cat, c)}


CODES = [("icd10cm", "E11.9"), ("icd10cm", "E11"), ("icd10cm", "S72.001A"),
         ("icd10pcs", "0DTJ4ZZ"), ("icd10pcs", "0DTJ"), ("icd9cm", "250.00"),
         ("icd9pcs", "47.01")]


@pytest.mark.parametrize(("system", "code"), CODES)
def test_hierarchy_neighbours_come_from_the_catalog(cat: Catalog, system: str, code: str) -> None:
    c = _concept(cat, system, code)
    groups = _groups(cat, c)
    assert c.parent and [i["code"] for i in groups["parent"]["items"]] == [c.parent]
    siblings = [s.code for s in cat.children(system, c.parent) if s.code != c.code]
    if siblings:
        shown = [i["code"] for i in groups["siblings"]["items"]]
        assert set(shown) <= set(siblings) and len(shown) == min(len(siblings), MAX_SIBLINGS)
        assert groups["siblings"]["total"] == len(siblings)
    children = [ch.code for ch in cat.children(system, c.code)]
    if children:
        assert [i["code"] for i in groups["children"]["items"]] == children[:20]
    else:
        assert "children" not in groups


@pytest.mark.parametrize(("system", "code"), CODES)
def test_no_code_is_shown_twice_or_as_its_own_neighbour(
    cat: Catalog, system: str, code: str
) -> None:
    c = _concept(cat, system, code)
    seen = [(i["system"], i["code"]) for g in similar(cat, c) for i in g["items"]]
    assert len(seen) == len(set(seen))
    assert (system, c.code) not in seen
    assert all(g["label"] and g["items"] for g in similar(cat, c))


@pytest.mark.parametrize(("system", "code"), CODES)
def test_wording_group_shares_informative_words_in_the_same_system(
    cat: Catalog, system: str, code: str
) -> None:
    c = _concept(cat, system, code)
    wording = _groups(cat, c)["wording"]["items"]
    words = {w for w, _ in informative_words(cat, c.title)}
    assert wording and words
    for item in wording:
        assert item["system"] == system
        concept = _concept(cat, system, item["code"])
        text = " ".join([concept.title, *(t.text for t in concept.terms)]).lower()
        assert any(w[:5] in text for w in words), (item, words)  # stems: femur/femoral
        if c.billable:
            assert item["billable"]


def test_wording_ranks_codes_sharing_every_word_first(cat: Catalog) -> None:
    c = _concept(cat, "icd10cm", "E11.9")
    found = more_like_this(cat, "icd10cm", c.title, exclude={c.code}, limit=5)
    words = [w for w, _ in informative_words(cat, c.title)]
    assert len(words) >= 2
    first = _concept(cat, "icd10cm", found[0].code)
    assert all(w in first.title.lower() for w in words)


def test_more_like_this_survives_text_without_informative_words(cat: Catalog) -> None:
    assert more_like_this(cat, "icd10cm", "of the and, unspecified ...") == []
    # FTS5 syntax in a title is inert: its words are matched as words.
    found = more_like_this(cat, "icd10cm", 'NEAR("x" OR) * ^ : {title} AND')
    assert all(s.system == "icd10cm" for s in found)


@pytest.mark.parametrize(("system", "code"), [("icd10cm", "E11.9"), ("icd9cm", "250.00"),
                                              ("icd10pcs", "0DTJ4ZZ"), ("icd9pcs", "47.01")])
def test_equivalents_are_the_crosswalk_codes_in_both_directions(
    cat: Catalog, system: str, code: str
) -> None:
    c = _concept(cat, system, code)
    expected = {(ln.target_system, ln.target_code) for ln in cat.crosswalk(system, c.code)
                if ln.target_code}
    expected |= {(ln.source_system, ln.source_code)
                 for ln in cat.reverse_crosswalk(system, c.code)}
    items = _groups(cat, c)["equivalents"]["items"]
    shown = {(i["system"], i["code"]) for i in items}
    assert expected and shown == expected
    assert all(i["system"] != system and i["flags"] and i["relation"] for i in items)
