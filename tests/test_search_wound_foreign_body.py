"""An open wound said with a foreign body, or ICD-9-CM's complicated one, read as the titles'
laceration with foreign body (session 28, search/wound_foreign_body.py); rows of
tests/data/injury28_dev.tsv."""

from __future__ import annotations

import pytest

from dev_lists import rank_of
from medcodes.catalog.reader import Catalog
from medcodes.search.wound_foreign_body import foreign_body_wound


def test_the_restatements() -> None:
    assert foreign_body_wound("open wound of lip, complicated") == (
        "laceration with foreign body of lip")
    assert foreign_body_wound("Open wnd hip/thigh-compl") == (
        "laceration with foreign body hip thigh")
    assert foreign_body_wound("open wound of finger with FB") == (
        "laceration with foreign body of finger")
    assert foreign_body_wound("complicated laceration of scalp") == (
        "laceration with foreign body of scalp")
    assert foreign_body_wound("Open wnd face NOS-compl") == (
        "laceration with foreign body face")
    # A laceration with its foreign body said is in the titles' words already; a puncture, a
    # bite, an infection, no foreign body, an ear drum, a surgical wound or a story are not
    # this reading.
    for query in ("laceration with foreign body of lip", "laceration of tongue with FB",
                  "puncture wound of foot with foreign body", "open wound of foot, infected",
                  "open wound of hand without foreign body", "Opn wnd ear drum-compl",
                  "surgical wound complicated", "dog bite wound complicated",
                  "cut my hand on glass", "open wound of foot"):
        assert foreign_body_wound(query) is None, query


@pytest.mark.parametrize(("query", "expected"), [
    ("open wound of lip, complicated", "icd10cm:S01.521A"),
    ("open wound foot compl", "icd10cm:S91.32"),
    ("complicated open wound of thigh", "icd10cm:S71.12"),
    ("open wound tongue complicated", "icd10cm:S01.522A"),
    ("open wound of foot with foreign body", "icd10cm:S91.32"),
])
def test_the_laceration_with_foreign_body_leads(cat: Catalog, query: str,
                                                 expected: str) -> None:
    assert rank_of(cat, query, expected, systems=["icd10cm"]) == 0


def test_an_ear_drum_stays_its_traumatic_rupture(cat: Catalog) -> None:
    assert rank_of(cat, "Opn wnd ear drum-compl", "icd10cm:S09.2", systems=["icd10cm"]) == 0
