"""An injury's code shown with the sequela's 7th character where a late effect is said
(session 28, search/sequela_character.py); rows of tests/data/injury28_dev.tsv."""

from __future__ import annotations

import pytest

from dev_lists import rank_of
from medcodes.catalog.reader import Catalog
from medcodes.search.sequela_character import late_effect_said


def test_a_late_effect_said() -> None:
    for query in ("Late eff int inj abdomen", "Lt eff nerv inj pelv/leg", "sequela of burn",
                  "late effect of fracture of hip"):
        assert late_effect_said(query), query
    for query in ("late onset diabetes", "side effect of statin", "effusion", "late period"):
        assert not late_effect_said(query), query


@pytest.mark.parametrize(("query", "expected"), [
    ("Late eff int inj abdomen", "icd10cm:S36.90XS"),
    ("late effect of internal injury of chest", "icd10cm:S29.9XXS|icd10cm:S27.9XXS"),
])
def test_the_sequela_leads(cat: Catalog, query: str, expected: str) -> None:
    assert rank_of(cat, query, expected, systems=["icd10cm"]) == 0


def test_no_late_effect_no_sequela_first(cat: Catalog) -> None:
    hits = cat.search("injury of intra-abdominal organ", systems=["icd10cm"], limit=5).hits
    assert not hits[0].code.endswith("S")
