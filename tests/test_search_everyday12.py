"""Everyday phrasings across the chapters (session 26, words26): idioms and slang told for a
condition (news that shocks, down in the dumps, a nervous wreck, a pressure through the roof,
death warmed up, a bun in the oven, a number two, a sick note, an egg on the head), the heart
as a "ticker" and a nose "streaming" as a runny one, and everyday words for a smoker who gave
up, a stone passed, fat on the liver, an extra finger, not drinking enough, hands washed over
and over, too many pills, iron low from heavy periods, a baby that came early or brings up its
milk. tests/data/everyday_dev12.tsv is their development list."""

from __future__ import annotations

import pytest

from dev_lists import floors, rank_of
from medcodes.catalog.reader import Catalog


@pytest.mark.parametrize(("query", "expected"), [
    # Lay rows, said otherwise than in the dev list.
    ("shocked by the news of his death", "icd10cm:F43.0"),
    ("feeling down in the dumps", "icd10cm:F32"),
    ("I'm a nervous wreck", "icd10cm:F41"),
    ("my blood pressure is through the roof", "icd10cm:I10"),
    ("sugar through the roof", "icd10cm:R73"),
    ("feel like death warmed up today", "icd10cm:R53"),
    ("bun in the oven", "icd10cm:Z33"),
    ("can't do a number two for days", "icd10cm:K59.0"),
    ("need a sick note", "icd10cm:Z02.79"),
    ("egg on his head after a fall", "icd10cm:S00.83"),
    ("baby bringing up milk after feeds", "icd10cm:P92"),
    ("gave up smoking last year", "icd10cm:Z87.891"),
    ("passing a kidney stone", "icd10cm:N20.0"),
    ("not drinking enough fluids", "icd10cm:E86.0"),
    ("baby has an extra finger", "icd10cm:Q69.0"),
    ("fat on the liver", "icd10cm:K76.0"),
    ("low iron from my heavy periods", "icd10cm:D50.0"),
    ("nose all stuffed up", "icd10cm:R09.81"),
    ("our baby came early", "icd10cm:P07.3"),
    ("took too many of my pills", "icd10cm:T50.90"),
    ("can't stop washing my hands all day", "icd10cm:F42"),
    ("he has man flu again", "icd10cm:J11"),
    ("my wisdom tooth is coming through", "icd10cm:K00.6"),
    ("sore gum around my wisdom tooth", "icd10cm:K05.2"),
    # A word that is another's in a lay phrase.
    ("ticker racing", "icd10cm:R00.0"),
    ("nose streaming every spring", "icd10cm:J30.2"),
])
def test_everyday12_lay_rows_lead_with_their_code(cat: Catalog, query: str,
                                                  expected: str) -> None:
    assert rank_of(cat, query, expected) == 0


@pytest.mark.parametrize(("query", "expected"), [
    # A body in shock keeps its own codes; a smoker who wants to stop is counselled; a bottle
    # one is hit by is an injury, not drink.
    ("went into shock after losing blood", "icd10cm:R57"),
    ("wants to stop smoking", "icd10cm:Z71.6"),
    ("hit by a bottle", "icd10cm:W"),
])
def test_everyday12_rows_leave_other_senses_alone(cat: Catalog, query: str,
                                                 expected: str) -> None:
    assert rank_of(cat, query, expected) == 0


def test_a_twig_is_no_slip_for_twin(cat: Catalog) -> None:
    # everyday_nouns.tsv: "twig" is an English word, not a misspelled "twin" (O30 twin pregnancy).
    assert cat.search("scratched my eye on a twig", limit=1).hits[0].code.startswith("S05.0")


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.78, 0.87), ("hybrid", 0.83, 0.95)])
def test_everyday_dev12_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # Measured (of 125) words 101 first and 112 in ten, hybrid 107 and 124; before this work
    # (9719f84): words 79 and 96, hybrid 84 and 105 (tests/dev_lists.py rates).
    floors(cat, "everyday_dev12.tsv", at1, at10, mode=mode)
