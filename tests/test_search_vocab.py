"""The curated vocabulary as people use it: phrases said with other small words, typos inside
a curated phrase, and (on the real catalog) every entry of the data files finding codes."""

from __future__ import annotations

import pytest

from medcodes.catalog.reader import Catalog
from medcodes.search.query import parse


def lay_targets(query: str) -> list[str]:
    return [e["to"] for e in parse(query).expansions if e["kind"] == "lay"]


@pytest.mark.parametrize(
    ("query", "row"),
    [("ringing of my ears", "tinnitus"),  # row "ringing ears": small words between
     ("her water broke", "premature rupture of membranes"),  # row "waters broke"
     ("the tummy aches", "abdominal pain")],
)
def test_a_phrase_is_found_through_small_words_and_inflections(query: str, row: str) -> None:
    assert row in lay_targets(query)


def test_small_words_never_make_a_phrase_of_one_word() -> None:
    # The row "on insulin" (long-term use) does not turn every "insulin" into that phrase.
    assert lay_targets("insulin pump") == []


def test_a_negation_is_part_of_the_phrase() -> None:
    # "can't pee" is retention of urine; "pee" alone is not.
    assert "retention of urine" in lay_targets("I can't pee")
    assert "retention of urine" not in lay_targets("pee smells")


def test_a_typo_is_read_as_the_phrase_word_it_completes(cat: Catalog) -> None:
    r = cat.search("hart attack", limit=5)
    assert {"from": "hart", "to": "heart"} in r.corrections
    assert r.hits[0].code.startswith("I21"), [h.code for h in r.hits]
