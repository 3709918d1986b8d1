"""A chart's episode of obstetric care after a condition ("Anemia-delivered", "Asthma-antepart",
"Anemia-postpartum"): the time it names, and the chapter-15 code for that time it finds on the
session's real catalog."""

from __future__ import annotations

import pytest

from dev_lists import floors, rank_of
from medcodes.catalog.reader import Catalog
from medcodes.search.episodes import CHILDBIRTH, PREGNANCY, PUERPERIUM, episode_said
from medcodes.search.parsed import Alternative, Slot


def _slots(*words: str) -> list[Slot]:
    return [Slot(w, [Alternative((w,), "original")]) for w in words]


@pytest.mark.parametrize(("words", "time"), [
    (("asthma", "antepart"), PREGNANCY),
    (("anemia", "delivered"), CHILDBIRTH),
    (("mastitis", "postpartum"), PUERPERIUM),
    (("asthma",), None),
    # Delivered with a postpartum complication names no one time.
    (("hypertension", "delivered", "postpartum"), None),
])
def test_the_episode_word_names_its_time(words: tuple[str, ...], time: str | None) -> None:
    assert episode_said(_slots(*words)) == time


@pytest.mark.parametrize(("query", "expected"), [
    # The O98-O9A holder's code for the time the episode names, not its pregnancy code.
    ("Anemia-delivered", "icd10cm:O99.02"),
    ("Asthma-antepartum", "icd10cm:O99.51"),
    ("Gonorrhea-delivered", "icd10cm:O98.22"),
    ("Heart disease-delivered", "icd10cm:O99.42"),
])
def test_the_episode_picks_the_holder_s_code_for_its_time(cat: Catalog, query: str,
                                                          expected: str) -> None:
    assert rank_of(cat, query, expected) == 0


@pytest.mark.parametrize(("query", "expected"), [
    # A chapter-15 title of the condition itself keeps its lead.
    ("antepartum hemorrhage", "icd10cm:O46.9"),
    ("postpartum hemorrhage", "icd10cm:O72"),
    ("postpartum depression", "icd10cm:F53.0"),
    ("asthma in pregnancy", "icd10cm:O99.51"),
])
def test_titles_that_say_the_time_themselves_keep_their_lead(cat: Catalog, query: str,
                                                              expected: str) -> None:
    assert rank_of(cat, query, expected) == 0


# tests/data/icd9gap_dev.tsv, 88 queries written before any search. Measured (of 88) words 51
# first and 72 in ten, hybrid 55 and 77; on the base (c1742ed) words 40 and 63, hybrid 44 and 70.
@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.56, 0.80), ("hybrid", 0.60, 0.85)])
def test_icd9gap_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    floors(cat, "icd9gap_dev.tsv", at1, at10, mode=mode)
