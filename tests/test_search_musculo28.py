"""Session 28's musculoskeletal, nervous system, eye and ear readings (musculo28): a joint
disorder said by ICD-9-CM's limb segment as ICD-10-CM's joint, an arthritis of a viral, fungal or
parasitic infection as M01.X's direct infection (limb_joints.py). tests/data/musculo28_dev.tsv
is their development list."""

from __future__ import annotations

import pytest

from dev_lists import floors, rank_of
from medcodes.catalog.reader import Catalog
from medcodes.search.limb_joints import joint_of_segment


@pytest.mark.parametrize(("query", "expected"), [
    ("Hemarthrosis-l/leg", "icd10cm:M25.06"),
    ("Loose body-forearm", "icd10cm:M24.03"),
    ("Ankylosis-pelvic region", "icd10cm:M24.65"),
    ("Joint instability-up/arm", "icd10cm:M25.32"),
    ("viral arthritis of the knee", "icd10cm:M01.X6"),
    ("Fungal arthritis-ankle", "icd10cm:M01.X7"),
    ("Helminth arthrit-shlder", "icd10cm:M01.X1"),
    ("viral arthritis multiple joints", "icd10cm:M01.X9"),
    ("Allerg arthritis-up/arm", "icd10cm:M13.82"),
])
def test_a_joint_said_by_its_limb_segment_finds_the_joint_code(
        cat: Catalog, query: str, expected: str) -> None:
    assert rank_of(cat, query, expected, systems=["icd10cm"]) is not None


def test_a_segment_is_restated_as_its_joint() -> None:
    assert joint_of_segment("Hemarthrosis-l/leg") == "hemarthrosis knee"
    assert joint_of_segment("Trans arthropath-forearm") == (
        "other specific arthropathies not elsewhere classified wrist")
    assert joint_of_segment("Mycotic arthritis-pelvis") == (
        "direct infection of hip in infectious and parasitic diseases classified elsewhere")


@pytest.mark.parametrize("query", [
    "Synovitis-forearm",            # M65 keeps the segment
    "fracture forearm",
    "Arthropod virus NEC",          # no arthritis
    "Damage to pelvic jt-unsp",     # an obstetric injury of the pelvic joints
    "Arthropathy NOS-l/leg",        # M12.9 has no site
    "Jt derangmnt NOS-forearm",     # M24.9 neither
    "arthritis of hand",
])
def test_left_alone(query: str) -> None:
    assert joint_of_segment(query) is None


def test_an_infective_arthritis_is_no_direct_infection() -> None:
    # "Infective arthritis NOS" is M00.9's inclusion term: its joint is said, M01 is not.
    assert joint_of_segment("Inf arthritis NOS-shlder") == "inf arthritis nos shoulder"


def test_a_restatement_is_restated_no_further() -> None:
    for query in ("Hemarthrosis-l/leg", "Viral arthritis-mult", "Allerg arthritis-up/arm"):
        told = joint_of_segment(query)
        assert told is not None
        assert joint_of_segment(told) in (None, told), (query, told)


@pytest.mark.parametrize(("mode", "at1", "at10"), [("hybrid", 0.55, 0.75)])
def test_musculo28_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # Measured (of 61) hybrid: before this work (c29210f) 29 first and 40 in ten.
    floors(cat, "musculo28_dev.tsv", at1, at10, mode=mode)
