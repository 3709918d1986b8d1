"""Muscles, bones, joints and the back (worn or sore, not hurt), nerves and the brain,
headaches, dizziness, sleep, memory, hormones and metabolism in everyday words ("tail bone
pain", "pain in the back of my knee"), on the session's real catalog."""

from __future__ import annotations

import pytest

from dev_lists import readings
from medcodes.catalog.reader import Catalog


@pytest.mark.parametrize(("query", "first"), [
    ("broken knee cap", "S82.0"),  # kneecap: "cap" alone is community-acquired pneumonia
    ("tail bone pain", "M53.3"),  # the row "tailbone pain": coccygodynia
    ("collar bone broken", "S42.0"),
])
def test_a_one_word_lay_term_typed_as_two_words_is_that_word(
        cat: Catalog, query: str, first: str) -> None:
    hits = cat.search(query, limit=3).hits
    assert hits[0].code.startswith(first), [(h.code, h.title) for h in hits]


@pytest.mark.parametrize(("query", "first"), [
    ("pain in the back of my knee", "M25.56"),  # Pain in knee, no back pain
    ("shooting pain down the back of my leg", "M54.3"),  # the row "shooting pain down leg"
    ("burn on the back of my hand", "T23.06"),  # the titles say "back of hand": kept
])
def test_the_back_of_a_part_is_that_part_not_the_back(cat: Catalog, query: str, first: str
                                                      ) -> None:
    hits = cat.search(query, limit=3).hits
    assert hits[0].code.startswith(first), [(h.code, h.title) for h in hits]


def test_a_lay_phrase_never_ends_on_the_back_of_a_part(cat: Catalog) -> None:
    said = readings(cat, "pain in the back of my knee")
    assert not any("dorsalgia" in r for r in said), said
    assert ("dorsalgia",) in readings(cat, "pain in my back")
