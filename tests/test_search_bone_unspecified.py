"""A radius or a cervical vertebra fractured at no part or level said, read as the index's
unspecified fracture of the forearm or the neck (session 28, search/bone_unspecified.py); rows
of tests/data/injury28_dev.tsv."""

from __future__ import annotations

import pytest

from dev_lists import rank_of
from medcodes.catalog.reader import Catalog
from medcodes.search.bone_unspecified import unspecified_bone


def test_the_restatements() -> None:
    assert unspecified_bone("Fx radius NOS-closed") == "unspecified fracture of forearm closed"
    assert unspecified_bone("fracture of radius and ulna, open") == (
        "unspecified fracture of forearm open")
    assert unspecified_bone("Fx cervical vert NOS-opn") == "fracture of neck unspecified"
    for query in ("fracture of distal radius", "Colles fracture of radius",
                  "fracture of radial head", "fracture of c4 cervical vertebra",
                  "fracture of fourth cervical vertebra", "stress fracture of radius",
                  "cervical vertebra fracture with cord injury", "radius", "fracture of ulna"):
        assert unspecified_bone(query) is None, query


@pytest.mark.parametrize(("query", "expected"), [
    ("Fx radius NOS-closed", "icd10cm:S52.90XA"),
    ("radius fracture NOS, closed", "icd10cm:S52.90XA"),
    ("Fx radius w ulna NOS-cl", "icd10cm:S52.90XA"),
    ("fracture of cervical vertebra, closed", "icd10cm:S12.9XXA"),
    ("Fx cervical vert NOS-opn", "icd10cm:S12.9XXA"),
])
def test_the_unspecified_fracture_leads(cat: Catalog, query: str, expected: str) -> None:
    assert rank_of(cat, query, expected, systems=["icd10cm"]) == 0


def test_a_part_said_keeps_its_own(cat: Catalog) -> None:
    assert rank_of(cat, "fracture of shaft of radius", "icd10cm:S52.3",
                   systems=["icd10cm"]) == 0
