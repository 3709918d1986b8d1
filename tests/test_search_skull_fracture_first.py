"""A skull fracture said with its brain injury led by the fracture's code, the intracranial
injury after it (session 28, search/skull_fracture_first.py), and an intracranial injury or a
skull fracture said NEC searched without it (search/intracranial_nec.py); rows of
tests/data/injury28_dev.tsv."""

from __future__ import annotations

import pytest

from dev_lists import rank_of
from medcodes.catalog.reader import Catalog
from medcodes.search.intracranial_nec import intracranial_without_nec


def test_nec_beside_the_brain_or_the_skull() -> None:
    assert intracranial_without_nec("Brain laceration NEC") == "brain laceration"
    assert intracranial_without_nec("Cl skull fx NEC-concuss") == "cl skull fx concuss"
    for query in ("Head injury NEC", "Fracture NEC", "brain laceration",
                  "Superficial inj eye NEC"):
        assert intracranial_without_nec(query) is None, query


@pytest.mark.parametrize(("query", "expected"), [
    ("Cl skul vlt fx-deep coma", "icd10cm:S02.0XXA"),
    ("Opn skul vlt fx-coma NOS", "icd10cm:S02.0XXB"),
    ("Cl skl w oth fx w/o coma", "icd10cm:S02.91XA"),
    ("Opn skull/oth fx-concuss", "icd10cm:S02.91XB"),
    ("open skull fracture with concussion", "icd10cm:S02.91XB"),
    ("basilar skull fracture with LOC 20 min", "icd10cm:S02.109A"),
    ("left basilar skull fracture with LOC", "icd10cm:S02.102A"),
    ("Brain laceration NEC", "icd10cm:S06.330A"),
])
def test_the_fracture_leads(cat: Catalog, query: str, expected: str) -> None:
    assert rank_of(cat, query, expected, systems=["icd10cm"]) == 0


def test_the_intracranial_injury_follows(cat: Catalog) -> None:
    query = "closed skull base fracture with moderate coma"
    assert rank_of(cat, query, "icd10cm:S02.109A", systems=["icd10cm"]) == 0
    assert rank_of(cat, query, "icd10cm:S06", systems=["icd10cm"]) == 1
    assert rank_of(cat, query, "icd10cm:S06.9X3|icd10cm:S06.893",
                   systems=["icd10cm"]) is not None


@pytest.mark.parametrize("query", ["fracture of nasal bones with LOC",
                                   "subdural hematoma with LOC 20 minutes", "skull fracture"])
def test_left_alone(cat: Catalog, query: str) -> None:
    hits = cat.search(query, systems=["icd10cm"], limit=3).hits
    assert not (hits[0].code.startswith("S02.91") and "nasal" in query)
    if "subdural" in query:
        assert hits[0].code.startswith("S06.5")
