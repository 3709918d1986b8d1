"""The ICD-10-CM loader on the real bundled FY2026 (April 2026) tabular XML.

The billable set is checked against two sources independent of our parsing: the tree that
simple-icd-10-cm builds, and the flat code list it ships.
"""

from __future__ import annotations

import warnings
from collections import Counter
from importlib.util import find_spec
from pathlib import Path

import pytest

from medcodes.codes import code_key
from medcodes.model import NOTE_KINDS, TERM_KINDS, Concept
from medcodes.systems.icd10cm import ICD10CMLoader

# CMS: 74,719 billable codes in FY2026; the April 1, 2026 update adds none to that count.
FY2026_BILLABLE = 74_719


@pytest.fixture(scope="module")
def concepts() -> list[Concept]:
    return list(ICD10CMLoader().concepts())


@pytest.fixture(scope="module")
def by_code(concepts: list[Concept]) -> dict[str, Concept]:
    return {c.code: c for c in concepts}


@pytest.fixture(scope="module")
def billable(concepts: list[Concept]) -> set[str]:
    return {c.code for c in concepts if c.billable}


def _package_dir() -> Path:
    spec = find_spec("simple_icd_10_cm")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations)))


def test_billable_codes_equal_simple_icd_10_cm_leaves(billable: set[str]) -> None:
    with warnings.catch_warnings():
        # It reads its data with the deprecated importlib.resources.read_text on import.
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as cm

    # Its leaves include empty heading sections ("C00-C96"); those are blocks, not codes.
    package = {c for c in cm.get_all_codes(True) if cm.is_leaf(c) and "-" not in c}
    assert billable == package
    assert len(billable) == FY2026_BILLABLE


def test_billable_codes_equal_leaves_of_shipped_code_list(billable: set[str]) -> None:
    lines = (
        (_package_dir() / "data" / "code-list-April-2026.txt").read_text(encoding="utf-8").split()
    )
    codes = sorted({c for c in lines if "-" not in c and not c.isdigit()})  # no blocks, chapters
    leaves = {
        c for c, after in zip(codes, [*codes[1:], ""], strict=True) if not after.startswith(c)
    }
    assert {code_key(c) for c in billable} == leaves


def test_codes_and_lookup_keys_are_unique(concepts: list[Concept]) -> None:
    codes = Counter(c.code for c in concepts)
    keys = Counter(code_key(c.code) for c in concepts)
    assert codes.most_common(1)[0][1] == 1
    assert keys.most_common(1)[0][1] == 1


def test_every_parent_is_emitted_before_its_children(concepts: list[Concept]) -> None:
    seen: set[str] = set()
    for concept in concepts:
        assert concept.parent is None or concept.parent in seen, concept.code
        seen.add(concept.code)
    assert {c.code for c in concepts if c.parent is None} == {
        c.code for c in concepts if c.kind == "chapter"
    }


def test_kinds_and_billable_flags(concepts: list[Concept]) -> None:
    kinds = Counter(c.kind for c in concepts)
    assert kinds["chapter"] == 22
    assert kinds["block"] == 297
    parents = {c.parent for c in concepts}
    for concept in concepts:
        assert concept.billable == (concept.code not in parents), concept.code


def test_known_titles(by_code: dict[str, Concept]) -> None:
    assert by_code["I21.9"].title == "Acute myocardial infarction, unspecified"
    assert by_code["I21.9"].billable
    assert by_code["I10"].title == "Essential (primary) hypertension"
    assert by_code["I10"].kind == "category" and by_code["I10"].billable
    assert by_code["E11.9"].parent == "E11"
    assert not by_code["A00"].billable


def test_chapters_are_coded_by_published_range(by_code: dict[str, Concept]) -> None:
    first = by_code["A00-B99"]
    assert first.kind == "chapter"
    assert first.properties["chapter_number"] == 1
    # Chapter 22 is published as U00-U85 though its only block ends at U49.
    assert by_code["U00-U85"].properties["chapter_number"] == 22
    assert by_code["U00-U49"].parent == "U00-U85"


def test_empty_heading_sections_nest_the_blocks_in_their_range(
    by_code: dict[str, Concept],
) -> None:
    assert by_code["C00-C14"].parent == "C00-C75"
    assert by_code["C00-C75"].parent == "C00-C96"
    assert by_code["C00-C96"].parent == "C00-D49"
    assert by_code["C7A-C7A"].parent == "C00-C96"
    assert by_code["V00-V09"].parent == "V00-V99"
    assert by_code["X71-X83"].parent == "V00-Y99"  # intentional self-harm is not an accident


def test_single_category_block_does_not_clash_with_its_category(
    by_code: dict[str, Concept],
) -> None:
    assert by_code["B99-B99"].kind == "block"
    assert by_code["B99"].kind == "category"
    assert by_code["B99"].parent == "B99-B99"


def test_seventh_character_code_title_and_parent(by_code: dict[str, Concept]) -> None:
    code = by_code["S52.521A"]
    assert code.billable and code.kind == "code"
    assert code.parent == "S52.521"
    assert code.title.endswith(", initial encounter for closed fracture")
    assert code.title.startswith(by_code["S52.521"].title)
    assert code.properties["seventh_character"] == "A"
    assert not by_code["S52.521"].billable


def test_seventh_character_codes_are_padded_with_x(by_code: dict[str, Concept]) -> None:
    assert by_code["T07.XXXA"].parent == "T07"
    assert by_code["T07.XXXA"].title == "Unspecified multiple injuries, initial encounter"
    assert by_code["S32.9XXA"].parent == "S32.9"
    assert by_code["S06.0X1A"].parent == "S06.0X1"


def test_nearest_seventh_character_definition_wins(by_code: dict[str, Concept]) -> None:
    # S52 allows open-fracture characters; torus fractures (S52.52) redefine the set without them.
    assert "B" in by_code["S52"].properties["seventh_characters"]
    assert "B" not in by_code["S52.52"].properties["seventh_characters"]
    assert "S52.501B" in by_code
    assert "S52.521B" not in by_code


def test_s06_death_before_consciousness_takes_only_initial_encounter(
    by_code: dict[str, Concept],
) -> None:
    assert "S06.1X7A" in by_code
    assert "S06.1X7D" not in by_code and "S06.1X8S" not in by_code
    assert "S06.1X1D" in by_code


def test_notes_inside_seventh_character_definition_become_inclusion_terms(
    by_code: dict[str, Concept],
) -> None:
    stable = by_code["H34.8112"]
    assert stable.title == "Central retinal vein occlusion, right eye, stable"
    assert [t.text for t in stable.terms] == ["Old central retinal vein occlusion"]


def test_excludes1_notes_on_known_category(by_code: dict[str, Concept]) -> None:
    excludes1 = [n.text for n in by_code["J45"].notes if n.kind == "excludes1"]
    assert "detergent asthma (J69.8)" in excludes1
    assert "wheezing NOS (R06.2)" in excludes1


def test_inclusion_terms_are_notes_and_terms(by_code: dict[str, Concept]) -> None:
    concept = by_code["I21.9"]
    assert [n.text for n in concept.notes if n.kind == "inclusion"] == [
        "Myocardial infarction (acute) NOS"
    ]
    assert [t.text for t in concept.terms] == ["Myocardial infarction (acute) NOS"]


def test_note_and_term_kinds_are_the_shared_ones(concepts: list[Concept]) -> None:
    note_kinds = {n.kind for c in concepts for n in c.notes}
    assert note_kinds == set(NOTE_KINDS)
    assert {t.kind for c in concepts for t in c.terms} <= set(TERM_KINDS)
    assert all(n.text and n.text == n.text.strip() for c in concepts for n in c.notes)


def test_ccsr_category_on_billable_codes(by_code: dict[str, Concept]) -> None:
    mi = by_code["I21.9"].properties
    assert mi["ccsr"] == "CIR009"
    assert mi["ccsr_body_system"] == "Diseases of the circulatory system"
    assert by_code["S52.521A"].properties["ccsr"].startswith("INJ")
    assert "ccsr" not in by_code["I21"].properties


def test_visual_impairment_table_on_h54_8(by_code: dict[str, Concept]) -> None:
    table = by_code["H54.8"].properties["visual_impairment"]
    assert table["header"][0] == "Category of visual impairment"
    assert ["1", "20/70", "20/200"] in table["rows"]


def test_info_names_the_release() -> None:
    info = ICD10CMLoader().info
    assert (info.id, info.version, info.release_date) == ("icd10cm", "FY2026-04", "2026-04-01")
    assert info.fhir_uri == "http://hl7.org/fhir/sid/icd-10-cm"


SMALL_TABULAR = """<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.tabular>
  <version>2027</version>
  <chapter>
    <name>19</name>
    <desc>Injury (S00-T88)</desc>
    <section id="T07">
      <desc>Injuries involving multiple body regions (T07)</desc>
      <diag>
        <name>T07</name>
        <desc>Unspecified multiple injuries</desc>
        <excludes1><note/><note>  injury NOS (T14.90)</note><note>   </note></excludes1>
        <inclusionTerm><note></note></inclusionTerm>
        <sevenChrDef>
          <extension char="A">initial encounter</extension>
          <note/>
          <extension char="S">sequela</extension>
        </sevenChrDef>
      </diag>
    </section>
  </chapter>
</ICD10CM.tabular>
"""


def test_empty_notes_are_skipped_in_an_imported_file(tmp_path: Path) -> None:
    path = tmp_path / "tabular.xml"
    path.write_text(SMALL_TABULAR, encoding="utf-8")
    loader = ICD10CMLoader(path)
    concepts = {c.code: c for c in loader.concepts()}
    assert list(concepts) == ["S00-T88", "T07-T07", "T07", "T07.XXXA", "T07.XXXS"]
    assert concepts["T07"].notes == [concepts["T07"].notes[0]]
    assert concepts["T07"].notes[0].text == "injury NOS (T14.90)"
    assert concepts["T07"].terms == []
    assert loader.info.version == "FY2027" and loader.info.origin == "imported"


def test_can_read_only_tabular_xml(tmp_path: Path) -> None:
    tabular = tmp_path / "tabular.xml"
    tabular.write_text(SMALL_TABULAR, encoding="utf-8")
    other_xml = tmp_path / "index.xml"
    other_xml.write_text("<ICD10CM.index><version>2026</version></ICD10CM.index>")
    text = tmp_path / "codes.txt"
    text.write_text("A000 Cholera due to Vibrio cholerae 01, biovar cholerae\n")
    assert ICD10CMLoader.can_read(tabular)
    assert ICD10CMLoader.can_read(ICD10CMLoader().source)
    assert not ICD10CMLoader.can_read(other_xml)
    assert not ICD10CMLoader.can_read(text)
    assert not ICD10CMLoader.can_read(tmp_path / "missing.xml")
