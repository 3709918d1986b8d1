"""Diagnoses said as no title says them, restated before they are read (tests/data/dx_dev4.tsv,
written before looking at results): a condition said as its adjective at the query's head,
an abbreviated diabetes said uncontrolled, a joint's sign said with the generic joint word,
enlarged nodes at a named site, cellulitis and abscess of a limb, a condition well controlled.
Each class is checked both ways: the queries it restates, and the near ones it must leave
alone."""

from __future__ import annotations

import pytest

from dev_lists import floors
from medcodes.catalog.reader import Catalog


def first(cat: Catalog, query: str) -> str:
    hit = cat.search(query, limit=1).hits[0]
    return f"{hit.system}:{hit.code}"


def test_the_fourth_diagnosis_dev_list_keeps_its_floors(cat: Catalog) -> None:
    # dx_dev4.tsv, 61 queries written before searching them (dx27). main before this work
    # (hybrid): hit@1 0.508, hit@10 0.754; after: 0.918, 1.000. The floors sit a little under.
    floors(cat, "dx_dev4.tsv", 0.86, 0.97)


@pytest.mark.parametrize(("query", "code"), [
    ("hypertensive on lisinopril", "I10"), ("hypothyroid on synthroid", "E03.9"),
    ("epileptic on keppra", "G40.909"),
    # the adjective qualifying the next word names the particular condition: left alone
    ("hypertensive heart disease", "I11.9"), ("hypertensive urgency", "I16.0")])
def test_a_condition_said_as_its_adjective_is_the_condition(cat: Catalog, query: str,
                                                             code: str) -> None:
    assert first(cat, query) == f"icd10cm:{code}"


@pytest.mark.parametrize(("query", "code"), [
    ("dm2 uncontrolled", "E11.65"), ("dm ii uncontrolled", "E11.65"),
    ("uncontrolled dm2", "E11.65"), ("dm1 uncontrolled", "E10.65"),
    ("diabetes uncontrolled", "E11.65")])
def test_an_abbreviated_diabetes_said_uncontrolled_is_with_hyperglycemia(
        cat: Catalog, query: str, code: str) -> None:
    assert first(cat, query) == f"icd10cm:{code}"


@pytest.mark.parametrize(("query", "prefix"), [
    ("joint pain shoulder", "icd10cm:M25.51"), ("Joint pain-shlder", "icd10cm:M25.51"),
    ("joint swelling ankle", "icd10cm:M25.47"), ("joint stiffness knee", "icd10cm:M25.66"),
    # the generic word alone, and a site whose titles keep it
    ("joint pain", "icd10cm:M25.5"), ("joint pain hand", "icd10cm:M25.54")])
def test_a_joint_named_beside_the_generic_word_is_that_joint(cat: Catalog, query: str,
                                                             prefix: str) -> None:
    assert first(cat, query).startswith(prefix)


@pytest.mark.parametrize(("query", "code"), [
    ("swollen glands in my neck", "R59.0"), ("lymphadenopathy neck", "R59.0"),
    ("swollen lymph node in armpit", "R59.0"), ("generalized lymphadenopathy", "R59.1")])
def test_enlarged_nodes_at_a_named_site_are_localized(cat: Catalog, query: str,
                                                      code: str) -> None:
    assert first(cat, query) == f"icd10cm:{code}"


@pytest.mark.parametrize(("query", "code"), [
    ("cellulitis w/ abscess r leg", "L03.115"), ("cellulitis and abscess left leg", "L03.116"),
    ("cellulitis and abscess of mouth", "K12.2")])
def test_cellulitis_and_abscess_of_a_limb_is_the_limb_cellulitis(cat: Catalog, query: str,
                                                                 code: str) -> None:
    assert first(cat, query) == f"icd10cm:{code}"



@pytest.mark.parametrize(("query", "code"), [
    ("hypertensive, well controlled", "I10"),
    # uncontrolled is a diabetes's hyperglycemia, not a status: left to diabetes_control
    ("dm2 poorly controlled", "E11.65")])
def test_a_condition_said_well_controlled_is_the_condition(cat: Catalog, query: str,
                                                           code: str) -> None:
    assert first(cat, query) == f"icd10cm:{code}"
