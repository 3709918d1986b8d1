"""Conditions described by what is seen and felt (``data/signs.tsv``), read by meaning in
``search/lay_meaning.py`` and leading the meaning list in ``search/hybrid.py``, on the
session's real catalog."""

from __future__ import annotations

import pytest

from medcodes.catalog.reader import Catalog
from medcodes.search import static_model
from medcodes.search.engine import engine_for
from medcodes.search.hybrid import lay_lead
from medcodes.search.lay_meaning import closest
from medcodes.search.query import parse
from medcodes.search.vocab import sign_phrases


def test_the_descriptions_are_read_as_lay_phrases() -> None:
    assert ("iron", "overload") in sign_phrases()
    assert len(sign_phrases()) >= 300


def test_a_description_half_said_in_its_words_is_read_by_meaning() -> None:
    found = closest(static_model.load(), "my skin has gone velvety and dark in the armpits")
    assert found.clinical == ["acanthosis nigricans"] and found.described and found.said


def test_a_description_near_in_meaning_but_not_said_in_words_does_not_lead(cat: Catalog) -> None:
    # A stiff big toe is near stiff joints by the static model's cosine, but says its toe.
    parsed = parse("stiff joints in the morning", engine_for(cat).speller)
    assert lay_lead(parsed, static_model.load()) == ""


def test_a_lay_name_of_a_part_does_not_lead(cat: Catalog) -> None:
    # "windpipe" is trachea: its neighbours are every condition of the trachea.
    parsed = parse("hole in the windpipe to breathe", engine_for(cat).speller)
    assert lay_lead(parsed, static_model.load()) == ""


@pytest.mark.parametrize(("query", "prefix"), [
    ("my skin has gone velvety and dark in the armpits", "L83"),
    ("nails gone thick and discoloured with fungus", "B35.1"),
])
def test_a_description_finds_its_condition(cat: Catalog, query: str, prefix: str) -> None:
    hits = cat.search(query, limit=5).hits
    assert any(h.code.startswith(prefix) for h in hits), [h.code for h in hits]


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.44, 0.53), ("hybrid", 0.64, 0.75)])
def test_signs_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # tests/data/signs_dev.tsv, 100 queries written before any search. Measured: words 44 first
    # and 53 in ten, hybrid 64 and 75 (signs.tsv and its reading by meaning); the base before
    # them: words 41 and 51, hybrid 46 and 57.
    from dev_lists import floors

    floors(cat, "signs_dev.tsv", at1, at10, mode=mode)
