"""A condition a medicine caused, and a scald said without a burn word: the nature of an
adverse effect leads its T36-T50 drug code (guideline I.C.19.e.5.a, ``hybrid._drug_effect``),
and a hot liquid spilled on a part reads as the part's burn, its X10/X12 cause after it
(guideline I.C.20, ``mishaps.hot_liquid_on_a_part``)."""

from __future__ import annotations

import pytest

from dev_lists import first_rank, floors, readings
from medcodes.catalog.reader import Catalog
from medcodes.search.engine import search
from medcodes.search.incidental import drug_cause


def _codes(cat: Catalog, query: str, mode: str = "hybrid") -> list[str]:
    return [h.code for h in search(cat, query, limit=10, mode=mode).hits]


def test_drug_cause_is_the_table_of_drugs() -> None:
    assert drug_cause("icd10cm", "T46.4X5A") and drug_cause("icd10cm", "T36.0X")
    assert drug_cause("icd9cm", "E930.0") and drug_cause("icd9cm", "960.0")
    assert not drug_cause("icd10cm", "T78.3") and not drug_cause("icd10cm", "T51.0X1")
    assert not drug_cause("icd9cm", "995.1") and not drug_cause("icd9cm", "E924.0")


def test_an_adverse_effect_leads_its_drug_code(cat: Catalog) -> None:
    codes = _codes(cat, "ramipril made my face swell")
    assert codes[0].startswith("T78.3"), codes
    assert any(c.startswith("T46.4") for c in codes), codes  # the drug follows
    assert _codes(cat, "rash all over from augmentin")[0].startswith("L27")


def test_a_poisoning_still_leads_with_its_drug_code(cat: Catalog) -> None:
    assert _codes(cat, "overdose on pills")[0].startswith("T"), _codes(cat, "overdose on pills")


def test_a_hot_liquid_on_a_part_reads_as_its_burn(cat: Catalog) -> None:
    assert ("burn",) in readings(cat, "boiling water spilled on her arm")
    assert ("thigh",) in readings(cat, "spilled hot coffee on my lap")
    assert ("burn",) not in readings(cat, "hot flashes on and off")
    assert ("burn",) not in readings(cat, "hot water")


@pytest.mark.parametrize(("query", "expected"), [
    ("spilled hot coffee on my lap", "icd10cm:T24"),
    ("boiling water spilled on her arm", "icd10cm:T22"),
])
def test_a_scald_leads_its_cause(cat: Catalog, query: str, expected: str) -> None:
    for mode in ("words", "hybrid"):
        hits = search(cat, query, limit=10, mode=mode).hits
        assert first_rank(((h.system, h.code) for h in hits), expected) == 0, (mode, hits[:3])


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.92, 0.96), ("hybrid", 0.92, 0.96)])
def test_adverse_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # tests/data/adverse_dev.tsv, 27 queries written before any search. Measured (of 27) words
    # 27 first and 27 in ten, hybrid 26 and 27; on the base (6d072cd) words 17 and 17, hybrid
    # 12 and 17 (the meaning list's T36-T50 headings led; no scald found its burn).
    floors(cat, "adverse_dev.tsv", at1, at10, mode=mode)
