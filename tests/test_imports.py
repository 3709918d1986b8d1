"""Importing licensed code sets: each kind imports and is then searched and shown; re-import,
side-by-side releases, diff, survival of `medcodes build`, and bad input that changes nothing.

The fixtures in ``tests/data/imports`` are small files in the official layouts with made-up
codes and text. Each import rebuilds a catalog from a tiny base system plus the imports store
(the importer takes its base loaders as a parameter), not the full bundled catalog.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import random
import re
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner, Result

from medcodes import pipeline
from medcodes.catalog.append import Appender, Forked
from medcodes.catalog.build import BuildError, Reporter, build_catalog
from medcodes.catalog.diff import diff_releases
from medcodes.catalog.reader import Catalog
from medcodes.cli.main import cli
from medcodes.imports import store
from medcodes.imports.importer import ImportFailed, import_source
from medcodes.model import Concept, SystemInfo
from medcodes.search import index, static_model
from medcodes.search.bm25 import Bm25
from medcodes.search.embeddings import (
    PART_BITS,
    SPLIT_FACTOR,
    has_row_vectors,
    meaning_index,
    stored_vectors,
)
from medcodes.search.index import prepare_search_rows
from medcodes.search.postings import unpack
from medcodes.systems import registry
from medcodes.systems.base import Loader
from medcodes.systems.hcpcs import LAYOUT, HCPCSLoader
from medcodes.systems.loinc import check_digit

DATA = Path(__file__).parent / "data" / "imports"
HCPCS_2025 = DATA / "hcpcs" / "HCPC2025_OCT_ANWEB.txt"
HCPCS_2026 = DATA / "hcpcs" / "HCPC2026_JAN_ANWEB.txt"
CPT = DATA / "cpt2026"
LOINC = DATA / "Loinc_2.80" / "Loinc.csv"
CM = DATA / "icd10cm"
PCS = DATA / "icd10pcs" / "icd10pcs_order_2026.txt"


class TinyBase(Loader):
    """A made-up bundled system standing in for the full base: builds in milliseconds."""

    name = "tiny"

    @property
    def info(self) -> SystemInfo:
        return SystemInfo("tiny", "Tiny", "1", "2026-01-01", "tests", "none", "urn:tiny")

    def concepts(self) -> Iterator[Concept]:
        yield Concept("tiny", "T", "Tiny things", kind="chapter")
        yield Concept("tiny", "T01", "Tiny wombat", billable=True, parent="T")


def tiny_base() -> Sequence[Loader]:
    return [TinyBase()]


@dataclass
class Env:
    db: Path
    store: Path
    runner: CliRunner

    def run(self, *args: str | Path) -> Result:
        """A catalog command, on this test's catalog."""
        return self.runner.invoke(cli, [*map(str, args), "--db", str(self.db)])

    def run_plain(self, *args: str) -> Result:
        """A command without ``--db`` (``imports list`` reads only the store)."""
        return self.runner.invoke(cli, list(args))

    def cat(self) -> Catalog:
        return Catalog(self.db)

    def releases(self) -> list[store.StoredRelease]:
        return store.releases(self.store)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Env:
    """A tiny-base catalog, an empty imports store, and the CLI wired to both."""
    imports = tmp_path / "store"
    monkeypatch.setenv(store.ENV_VAR, str(imports))
    monkeypatch.setenv("COLUMNS", "10000")  # rich would wrap long messages mid-path
    # The importer rebuilds from the registry's base loaders: use the tiny base.
    monkeypatch.setattr(registry, "builtin_loaders", tiny_base)
    db = tmp_path / "catalog.sqlite"
    build_catalog(db, tiny_base(), pipeline.default_indexers())
    return Env(db, imports, CliRunner())


def imported(env: Env, kind: str, path: Path, *extra: str) -> Result:
    result = env.run("import", kind, path, *extra)
    assert result.exit_code == 0, result.output + result.stderr
    return result


def codes_of(hits: object) -> list[str]:
    return [h.code for h in hits]  # type: ignore[attr-defined]


# -- each kind ------------------------------------------------------------------------------

def test_hcpcs_import_is_searchable_and_shown(env: Env) -> None:
    result = imported(env, "hcpcs", HCPCS_2026)
    assert "Imported hcpcs 2026-01" in result.output
    cat = env.cat()
    splint = cat.get("hcpcs", "a9901")
    assert splint is not None
    assert splint.title == (
        "Test wombat splint, prefabricated, for the left paw, includes fitting and "
        "adjustment, each"
    ), "the RECID 4 continuation is joined to the description"
    assert splint.short_title == "Wombat splint left paw"
    assert splint.properties["coverage"] == "D"
    assert splint.properties["betos"] == "D1F"
    assert splint.properties["action_code"] == "C"
    assert splint.billable and splint.status == "active"
    assert [a.code for a in cat.ancestors("hcpcs", "A9901")] == ["A"]
    modifier = cat.get("hcpcs", "ZY")
    assert modifier is not None and modifier.kind == "modifier" and modifier.parent == "MOD"
    assert modifier.title.endswith("under remote supervision")
    ended = cat.get("hcpcs", "L9901")
    assert ended is not None and ended.status == "inactive" and not ended.billable
    assert ended.properties["terminated"] == "2025-12-31"
    info = cat.system("hcpcs")
    assert info is not None and info.origin == "imported" and "CMS" in info.licence
    assert cat.get("tiny", "T01") is not None, "the base systems are rebuilt too"
    assert "A9901" in codes_of(cat.search("wombat splint").hits)
    assert "J9901" in codes_of(cat.search("imaginarium injection").hits)


def _xlsx_from_txt(txt: Path, target: Path) -> None:
    """The same release as CMS's .xlsx: one column per layout field, dates and numbers typed."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([name for name, _a, _b in LAYOUT])
    for line in txt.read_text(encoding="ascii").splitlines():
        row: list[object] = []
        for name, a, b in LAYOUT:
            value = line[a - 1 : b].strip()
            if name == "SEQNUM" or (name == "RECID" and value):
                row.append(int(value))
            elif name == "ADD_DT" and value:
                row.append(datetime.strptime(value, "%Y%m%d"))
            else:
                row.append(value or None)
        ws.append(row)
    wb.save(target)
    wb.close()


def test_hcpcs_xlsx_and_zip_import_the_same_codes(env: Env, tmp_path: Path) -> None:
    xlsx = tmp_path / "HCPC2026_JAN_ANWEB.xlsx"
    _xlsx_from_txt(HCPCS_2026, xlsx)
    imported(env, "hcpcs", xlsx)
    from_xlsx = {c.code: c.title for c in env.cat().descendants("hcpcs", "A")}
    assert env.run("imports", "remove", "hcpcs", "2026-01").exit_code == 0

    archive = tmp_path / "january-2026-alpha-numeric-hcpcs-file.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(HCPCS_2026, "HCPC2026_JAN_ANWEB.txt")
        zf.write(xlsx, "HCPC2026_JAN_ANWEB.xlsx")
        zf.writestr("HCPC2026_recordlayout.txt", "record layout")
    imported(env, "hcpcs", archive)
    from_zip = {c.code: c.title for c in env.cat().descendants("hcpcs", "A")}
    assert from_xlsx == from_zip and "A9901" in from_zip
    (release,) = env.releases()
    assert release.manifest.files == ["HCPC2026_JAN_ANWEB.txt"], "only the file read is kept"
    assert env.cat().get("hcpcs", "E9901") is not None


def test_cpt_import_makes_consumer_and_clinician_descriptors_searchable(env: Env) -> None:
    result = imported(env, "cpt", CPT)
    assert "Imported cpt 2026" in result.output
    cat = env.cat()
    repair = cat.get("cpt", "12999")
    assert repair is not None and repair.billable
    assert repair.short_title == "RPR UNICORN HORN LAC"
    assert repair.properties == {
        "category": "I", "medium_descriptor": "REPAIR UNICORN HORN LAC SIMPLE 2.5 CM/<",
    }
    assert {(t.kind, t.text) for t in repair.terms} == {
        ("consumer", "Stitching a small cut on a unicorn horn"),
        ("synonym", "Simple repair of superficial unicorn horn wound, 2.5 cm or less"),
    }
    thorax = cat.get("cpt", "71999")
    assert thorax is not None and thorax.title.endswith("café protocol"), "cp1252 decoded"
    assert [a.code for a in cat.ancestors("cpt", "71999")] == ["70010-79999"]
    assert cat.get("cpt", "0999T").properties["category"] == "III"  # type: ignore[union-attr]
    assert cat.get("cpt", "0999F").properties["category"] == "II"  # type: ignore[union-attr]
    assert cat.get("cpt", "9Z").kind == "modifier"  # type: ignore[union-attr]
    info = cat.system("cpt")
    assert info is not None
    assert info.licence == "CPT © American Medical Association; imported from the user's licensed copy"
    # Lay wording that only the consumer descriptor has finds the code.
    assert "12999" in codes_of(cat.search("stitching small cut").hits)


def test_loinc_import_keeps_axes_status_and_lay_names(env: Env) -> None:
    result = imported(env, "loinc", LOINC)
    assert "Imported loinc 2.80" in result.output
    cat = env.cat()
    code = f"99901-{check_digit('99901')}"
    wfx = cat.get("loinc", code)
    assert wfx is not None
    assert wfx.title == "Wombat factor X [Mass/volume] in Serum or Plasma"
    assert wfx.short_title == "Wombat factor X SerPl-mCnc"
    assert {k: wfx.properties[k] for k in ("component", "property", "time_aspect", "system",
                                            "scale")} == {
        "component": "Wombat factor X", "property": "MCnc", "time_aspect": "Pt",
        "system": "Ser/Plas", "scale": "Qn",
    }
    assert ("consumer", "Wombat factor X, blood") in {(t.kind, t.text) for t in wfx.terms}
    assert ("synonym", "Marsupial coagulation factor") in {(t.kind, t.text) for t in wfx.terms}
    assert wfx.parent == "CHEM"
    statuses = {c.code: c.status for c in cat.descendants("loinc", "CHEM")}
    assert statuses[f"99903-{check_digit('99903')}"] == "discouraged"
    deprecated = cat.get("loinc", f"99904-{check_digit('99904')}")
    assert deprecated is not None and deprecated.status == "deprecated"
    assert code in codes_of(cat.search("marsupial coagulation").hits)


def test_icd10cm_new_fiscal_year_is_a_version_and_diffs(env: Env) -> None:
    imported(env, "icd10cm", CM / "icd10cm_tabular_2025.xml")
    imported(env, "icd10cm", CM / "icd10cm_tabular_2026.xml")
    cat = env.cat()
    assert cat.system("icd10cm") is not None
    assert cat.system("icd10cm").version == "FY2026"  # type: ignore[union-attr]
    assert cat.get("icd10cm", "U94") is None, "deleted in FY2026, the default"
    old = cat.get("icd10cm", "U94", version="FY2025")
    assert old is not None and old.title == "Retired griffin syndrome"
    assert cat.get("icd10cm", "U91.1XXA") is not None, "7th characters expanded"

    diff = diff_releases(cat, "icd10cm", "2025", "2026")
    assert [e.code for e in diff.added] == ["U93.05"]
    assert [e.code for e in diff.deleted] == ["U94"]
    assert [(r.code, r.old_title, r.new_title) for r in diff.revised] == [
        ("U90.1", "Wombat fever, chronic", "Wombat fever, relapsing")
    ]
    result = env.run("diff", "icd10cm", "2025", "2026")
    assert result.exit_code == 0, result.output
    assert "1 added, 1 deleted, 1 revised" in result.output
    assert "+ U93.05" in result.output and "- U94" in result.output
    data = json.loads(env.run("diff", "icd10cm", "FY2025", "FY2026", "--json").output)
    assert data["revised"][0]["new_title"] == "Wombat fever, relapsing"
    bad = env.run("diff", "icd10cm", "2019", "2026")
    assert bad.exit_code == 1 and "FY2025, FY2026" in bad.stderr


def test_icd10cm_index_paths_and_cross_references_become_terms(env: Env) -> None:
    imported(env, "icd10cm", CM / "icd10cm_tabular_2026.xml")
    result = imported(env, "icd10cm-index", CM)
    assert "terms for icd10cm" in result.output
    cat = env.cat()
    relapsing = cat.get("icd10cm", "U90.1")
    assert relapsing is not None
    assert ("index", "Fever (of imaginary origin), wombat, relapsing (recurrent)") in {
        (t.kind, t.text) for t in relapsing.terms
    }
    unspecified = cat.get("icd10cm", "U90.9")
    assert unspecified is not None
    assert ("see", "Pyrexia, pouch → see Fever, wombat") in {
        (t.kind, t.text) for t in unspecified.terms
    }
    neoplasm = cat.get("icd10cm", "U92.0")
    assert neoplasm is not None and any(
        t.text == "Neoplasm, neoplastic, pouch (marsupial), malignant primary"
        for t in neoplasm.terms
    )
    adverse = cat.get("icd10cm", "U93.05")
    assert adverse is not None and adverse.terms[0].text == "Imaginarium, adverse effect"
    # "recurrent" is only in the index path: the index makes it findable.
    assert "U90.1" in codes_of(cat.search("recurrent wombat fever").hits)
    assert "U93.05" in codes_of(cat.search("imaginarium adverse effect").hits)
    # The index adds no system of its own.
    assert [s.id for s in cat.systems()].count("icd10cm") == 1


def test_icd10pcs_order_file_is_a_new_version(env: Env) -> None:
    result = imported(env, "icd10pcs", PCS)
    assert "Imported icd10pcs FY2026" in result.output
    cat = env.cat()
    code = cat.get("icd10pcs", "0W9000Z")
    assert code is not None and code.billable
    assert code.short_title == "Drainage of Wombat Pouch with Drain Dev, Open"
    assert [a.code for a in cat.ancestors("icd10pcs", "0W9000Z")] == ["0", "0W", "0W9"]
    assert "XW033A9" in codes_of(cat.search("imaginarium peripheral vein").hits)


# -- store behaviour ---------------------------------------------------------------------------

def test_reimporting_the_same_file_changes_nothing(env: Env) -> None:
    imported(env, "loinc", LOINC)
    before = env.db.read_bytes()
    manifest = (env.releases()[0].folder / store.MANIFEST).read_bytes()
    result = imported(env, "loinc", LOINC)
    assert "already imported" in result.output and "nothing changed" in result.output
    assert env.db.read_bytes() == before
    assert len(env.releases()) == 1
    assert (env.releases()[0].folder / store.MANIFEST).read_bytes() == manifest


def test_a_corrected_file_of_the_same_release_replaces_it(env: Env, tmp_path: Path) -> None:
    imported(env, "hcpcs", HCPCS_2026)
    corrected = tmp_path / HCPCS_2026.name
    corrected.write_bytes(HCPCS_2026.read_bytes().replace(b"imaginarium", b"imaginarius"))
    result = imported(env, "hcpcs", corrected)
    assert "Replaced hcpcs 2026-01" in result.output
    drug = env.cat().get("hcpcs", "J9901")
    assert drug is not None and drug.title == "Injection, imaginarius sulfate, 1 mg"
    assert [r.version for r in env.releases()] == ["2026-01"]
    assert not list(env.store.glob("hcpcs/.*")), "the replaced release is gone"


def test_two_releases_side_by_side_newest_is_default(env: Env) -> None:
    imported(env, "hcpcs", HCPCS_2026)
    imported(env, "hcpcs", HCPCS_2025)  # the older one, imported second
    cat = env.cat()
    releases = {s.version: s.is_default for s in cat.systems() if s.id == "hcpcs"}
    assert releases == {"2025-10": False, "2026-01": True}
    current = cat.get("hcpcs", "A9901")
    older = cat.get("hcpcs", "A9901", version="2025-10")
    assert current is not None and older is not None
    assert current.title.endswith("adjustment, each") and older.title.endswith("left paw, each")
    assert cat.get("hcpcs", "K9901") is None and cat.get("hcpcs", "K9901", "2025-10")
    assert "K9901" not in codes_of(cat.search("temporary gizmo").hits), "search: default only"
    listing = env.run_plain("imports", "list")
    assert listing.exit_code == 0 and "2025-10" in listing.output and "2026-01" in listing.output
    diff = diff_releases(cat, "hcpcs", "2025-10", "2026-01")
    assert [e.code for e in diff.added] == ["E9901", "J9901"]
    assert [e.code for e in diff.deleted] == ["K9901"]
    assert [r.code for r in diff.revised] == ["A9901"]


def test_imports_survive_medcodes_build(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    imported(env, "hcpcs", HCPCS_2026)
    imported(env, "cpt", CPT)
    # `medcodes build` goes through pipeline.build: bundled loaders (the tiny base here) plus
    # the imports store.
    monkeypatch.setattr(pipeline, "builtin_loaders", tiny_base)
    env.db.unlink()
    result = env.run("build")
    assert result.exit_code == 0, result.output + result.stderr
    cat = env.cat()
    assert {s.id for s in cat.systems()} == {"tiny", "hcpcs", "cpt"}
    assert cat.get("hcpcs", "A9901") is not None and cat.get("cpt", "12999") is not None


def test_remove_drops_a_release_and_rebuilds(env: Env) -> None:
    imported(env, "hcpcs", HCPCS_2025)
    imported(env, "hcpcs", HCPCS_2026)
    result = env.run("imports", "remove", "hcpcs", "2026-01")
    assert result.exit_code == 0, result.output
    cat = env.cat()
    assert [s.version for s in cat.systems() if s.id == "hcpcs"] == ["2025-10"]
    assert [r.version for r in env.releases()] == ["2025-10"]
    missing = env.run("imports", "remove", "hcpcs", "1999-01")
    assert missing.exit_code == 1 and "2025-10" in missing.stderr
    listed = json.loads(env.run_plain("imports", "list", "--json").output)
    assert [r["version"] for r in listed["releases"]] == ["2025-10"]


def test_failed_rebuild_leaves_store_and_catalog_unchanged(env: Env) -> None:
    class Broken(TinyBase):
        def concepts(self) -> Iterator[Concept]:
            yield Concept("tiny", "T", "Tiny things", kind="chapter")
            raise BuildError("base source broke midway")

    before = env.db.read_bytes()
    with pytest.raises(ImportFailed, match="base source broke midway"):
        import_source("hcpcs", HCPCS_2026, env.db, base=lambda: [Broken()], root=env.store)
    assert env.db.read_bytes() == before
    assert env.releases() == []
    assert not [p for p in env.store.rglob("*") if p.is_file()], "no half-written release"


# -- appending instead of rebuilding -----------------------------------------------------------

def _snapshot(db: Path) -> dict[str, object]:
    """What a catalog serves, independent of how its ids were numbered."""
    conn = sqlite3.connect(db)
    try:
        concepts = sorted(conn.execute(
            "SELECT system, version, code, title, short_title, kind, billable, parent, depth,"
            " chapter, status, seq, subtree_end, is_default, properties, notes, terms"
            " FROM concepts").fetchall())
        systems = sorted(conn.execute(
            "SELECT id, version, is_default, concepts, billable FROM systems").fetchall())
        vocab = sorted(conn.execute("SELECT word, freq FROM vocab").fetchall())
        groups = sorted(conn.execute("SELECT word, groups FROM vocab_groups").fetchall())
        spell = sorted(conn.execute("SELECT del, word FROM spell").fetchall())
        words = [w for (w, _) in vocab if w.isalpha()]
        found = {
            w: sorted(conn.execute(
                "SELECT c.system, c.code FROM search_fts f JOIN concepts c ON c.id = f.rowid"
                " WHERE search_fts MATCH ?", (w,)).fetchall())
            for w in words
        }
        vectors = _vectors(conn)
        postings = _postings(conn)
    finally:
        conn.close()
    return {"concepts": concepts, "systems": systems, "vocab": vocab, "groups": groups,
            "spell": spell,
            "found": found, "vectors": vectors, "postings": postings}


def _vectors(conn: sqlite3.Connection) -> list[tuple[str, str, int, float, bytes]]:
    """Each meaning vector's (system, code, part, scale, int8 bytes), wherever stored."""
    code_of = {i: (s, c) for i, s, c in conn.execute("SELECT id, system, code FROM concepts")}
    keys, q8, scales = stored_vectors(conn, static_model.load().dims)
    return sorted((*code_of[k >> PART_BITS], k & ((1 << PART_BITS) - 1), s, v.tobytes())
                  for k, s, v in zip(keys.tolist(), scales.tolist(), q8, strict=True))


def _postings(conn: sqlite3.Connection) -> dict[str, list[tuple[str, str, int]]]:
    """Each term's (system, code, weighted count), from the postings tables; they are fresh
    (written after the index's last change, so the search scores with them)."""
    assert Bm25.load(conn) is not None
    code_of = dict(((i, (s, c)) for i, s, c in conn.execute("SELECT id, system, code FROM concepts")))
    ids, = conn.execute("SELECT ids FROM search_rows").fetchone()
    rowids = unpack(ids, True)
    return {term: sorted((*code_of[int(rowids[r])], int(f)) for r, f in zip(
                unpack(rows, True), unpack(freqs, False), strict=True))
            for term, rows, freqs in conn.execute("SELECT term, rows, freqs FROM search_postings")}


def test_a_new_system_is_appended_as_a_rebuild_would_make_it(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    imported(env, "hcpcs", HCPCS_2026)
    result = imported(env, "loinc", LOINC)
    assert "Added to the catalog" in result.output, result.output
    appended = _snapshot(env.db)
    assert len(appended["concepts"]) > 20 and appended["vectors"]  # type: ignore[arg-type]
    monkeypatch.setattr(pipeline, "builtin_loaders", tiny_base)
    env.db.unlink()
    assert env.run("build").exit_code == 0
    assert _snapshot(env.db) == appended
    cat = env.cat()
    assert cat.search("wombat splint").hits[0].system == "hcpcs"


def test_an_older_release_is_appended_beside_the_default_unsearched(env: Env) -> None:
    imported(env, "hcpcs", HCPCS_2026)
    result = imported(env, "hcpcs", HCPCS_2025)
    assert "Added to the catalog" in result.output, result.output
    cat = env.cat()
    assert {s.version: s.is_default for s in cat.systems() if s.id == "hcpcs"} == {
        "2025-10": False, "2026-01": True}
    assert cat.get("hcpcs", "K9901", version="2025-10") is not None
    assert "K9901" not in codes_of(cat.search("temporary gizmo").hits)


def test_a_newer_release_rebuilds_and_says_why(env: Env) -> None:
    imported(env, "hcpcs", HCPCS_2025)
    result = imported(env, "hcpcs", HCPCS_2026)
    assert "Catalog rebuilt" in result.output and "becomes the default release" in result.output
    forced = imported(env, "loinc", LOINC, "--rebuild")
    assert "Catalog rebuilt" in forced.output and "asked to rebuild" in forced.output


def test_a_catalog_built_from_other_sources_is_rebuilt_not_appended(env: Env) -> None:
    build_catalog(env.db, [TinyBase(), HCPCSLoader(HCPCS_2025)], pipeline.default_indexers())
    result = imported(env, "loinc", LOINC)
    assert "not built from the current sources" in result.output
    assert {s.id for s in env.cat().systems()} == {"tiny", "loinc"}, "rebuilt from the store"


class VariedBase(TinyBase):
    """1,280 concepts over many subjects: enough for 20 meaning lists."""

    SUBJECTS = ("heart kidney liver lung brain skin bone eye ear stomach bowel bladder blood "
                "nerve muscle joint tooth throat breast spine").split()
    STATES = ("infection tumour injury failure pain swelling bleeding stone cyst ulcer burn "
              "fracture disorder deformity inflammation obstruction").split()

    def concepts(self) -> Iterator[Concept]:
        yield Concept("tiny", "T", "Tiny things", kind="chapter")
        n = 0
        for subject in self.SUBJECTS:
            for state in self.STATES:
                for side in ("left", "right", "both sides", "unspecified"):
                    n += 1
                    yield Concept("tiny", f"T{n:04d}", f"{state} of {subject}, {side}",
                                  billable=True, parent="T")


LAB = (
    ("glucose sodium potassium calcium albumin bilirubin creatinine urea ferritin insulin "
     "cortisol lactate troponin amylase lipase magnesium phosphate cholesterol urate iron").split(),
    ("serum plasma urine blood saliva sweat stool marrow fluid tissue capillary venous "
     "arterial cord dialysate").split(),
    "mass concentration presence ratio rate".split(),
)


def _loinc_rows(path: Path, n: int) -> Path:
    """A Loinc.csv of ``n`` made-up laboratory tests of two analytes (a subject the base
    lacks, so they crowd into a few meaning lists), in the fixture's layout."""
    lines = LOINC.read_text(encoding="utf-8").splitlines()
    header, template = lines[0], next(csv.reader([lines[1]]))
    out = io.StringIO()
    w = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    columns = next(csv.reader([header]))
    w.writerow(columns)
    at = {name: i for i, name in enumerate(columns)}
    for i in range(n):
        number = str(90000 + i)
        row = list(template)
        analyte, specimen, method = (LAB[0][i % 2], LAB[1][i // 2 % 15], LAB[2][i // 30 % 5])
        for name in ("CONSUMER_NAME", "RELATEDNAMES2", "SHORTNAME", "DisplayName"):
            row[at[name]] = ""
        row[at["LOINC_NUM"]] = f"{number}-{check_digit(number)}"
        row[at["COMPONENT"]] = analyte
        row[at["LONG_COMMON_NAME"]] = f"{analyte} [{method}] in {specimen}"
        w.writerow(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _with_row_vectors(db: Path, to: Path) -> None:
    """A copy of ``db`` holding its meaning vectors as catalogs built before
    ``embedding_blobs`` did: in the rows of ``embeddings`` (``scale``, ``vec``), no blobs."""
    shutil.copyfile(db, to)
    conn = sqlite3.connect(to)
    keys, q8, scales = stored_vectors(conn, static_model.load().dims)
    rows = conn.execute("SELECT id, part, list, system, billable FROM embeddings ORDER BY rowid"
                        ).fetchall()
    at = np.searchsorted(keys, [(i << PART_BITS) | p for i, p, *_ in rows])
    conn.executescript(
        "DROP TABLE embeddings; DROP TABLE embedding_blobs;"
        " CREATE TABLE embeddings (id INTEGER NOT NULL, part INTEGER NOT NULL,"
        " list INTEGER NOT NULL, system TEXT NOT NULL, billable INTEGER NOT NULL,"
        " scale REAL NOT NULL, vec BLOB NOT NULL, PRIMARY KEY (id, part));")
    conn.executemany("INSERT INTO embeddings VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [(*r, float(scales[a]), q8[a].tobytes()) for r, a in zip(rows, at, strict=True)])
    conn.commit()
    conn.close()


def _meaning_tables(db: Path) -> tuple[object, ...]:
    conn = sqlite3.connect(db)
    try:
        return (conn.execute("SELECT list, id, part, system, billable FROM embeddings"
                             " ORDER BY id, part").fetchall(),
                conn.execute("SELECT * FROM embedding_lists ORDER BY list").fetchall(),
                _vectors(conn), has_row_vectors(conn))
    finally:
        conn.close()


def test_appended_concepts_crowding_one_meaning_list_split_it(
    env: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also on a catalog built before ``embedding_blobs`` (vectors in the rows): the append
    keeps it that way, and splits and stores exactly what it does on one built now."""
    monkeypatch.setattr(registry, "builtin_loaders", lambda: [VariedBase()])
    build_catalog(env.db, [VariedBase()], pipeline.default_indexers())
    before = tmp_path / "before.sqlite"
    _with_row_vectors(env.db, before)
    loinc = _loinc_rows(tmp_path / "Loinc_2.81" / "Loinc.csv", 1500)
    result = imported(env, "loinc", loinc)
    assert "Added to the catalog" in result.output, result.output
    monkeypatch.setenv(store.ENV_VAR, str(tmp_path / "store-before"))
    result = env.runner.invoke(cli, ["import", "loinc", str(loinc), "--db", str(before)])
    assert "Added to the catalog" in result.output, result.output + result.stderr
    now, then = _meaning_tables(env.db), _meaning_tables(before)
    assert now[:3] == then[:3] and now[3] is False and then[3] is True
    conn = sqlite3.connect(env.db)
    sizes = [n for (n,) in conn.execute("SELECT count(*) FROM embeddings GROUP BY list")]
    lists = [li for (li,) in conn.execute("SELECT list FROM embedding_lists ORDER BY list")]
    conn.close()
    assert lists == list(range(len(lists))), "list numbers stay contiguous"
    assert len(lists) > 20, "the crowded lists were split (the build made 20)"
    assert max(sizes) <= SPLIT_FACTOR * sum(sizes) / 20
    loaded = [meaning_index(Catalog(db)) for db in (env.db, before)]
    assert loaded[0] is not None and loaded[1] is not None
    assert loaded[0].systems == loaded[1].systems
    for name in ("ids", "system", "billable", "offsets", "vecs", "centroids"):
        a, b = (getattr(i, name) for i in loaded)
        assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes(), name
    for cat in (env.cat(), Catalog(before)):
        for title in ("sodium [mass] in saliva", "glucose [ratio] in cord",
                      "sodium [rate] in urine"):
            hits = cat.search(title, mode="meaning").hits
            assert hits and hits[0].title == title, "a moved vector is still found by meaning"


def test_failed_append_leaves_store_and_catalog_unchanged(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_written(conn: sqlite3.Connection, data: object, reporter: Reporter) -> None:
        conn.execute("INSERT INTO vocab VALUES ('halfway', 1)")
        raise RuntimeError("disk full halfway")

    broken = Appender("search index", prepare_search_rows, half_written)
    monkeypatch.setattr(pipeline, "default_appenders", lambda: [broken])
    _fails_leaving_all_as_it_was(env, "disk full halfway", "while search index")


def _fails_leaving_all_as_it_was(env: Env, *said: str) -> None:
    """Importing LOINC fails saying each of ``said``; catalog and store are as they were."""
    before = env.db.read_bytes()
    result = env.run("import", "loinc", LOINC)
    assert result.exit_code == 1 and all(s in result.stderr for s in said), result.stderr
    assert env.db.read_bytes() == before
    assert env.releases() == []
    assert not list(env.db.parent.glob(".*appending")), "no temporary copy left behind"


def test_failed_forked_search_step_leaves_store_and_catalog_unchanged(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new rows' words and postings are counted in a forked process beside the insert
    (``index.search_rows_of``): its failure fails the import like any other step's."""
    def broken(*args: object) -> None:
        raise RuntimeError("tokenizer gone")

    monkeypatch.setattr(index, "_new_words", broken)
    _fails_leaving_all_as_it_was(env, "tokenizer gone", "while search index")



@pytest.mark.parametrize("frozen_before", [False, True])
def test_forked_step_answers_and_leaves_the_callers_heap_as_it_was(frozen_before: bool) -> None:
    # The parent freezes its objects across the fork (the child's collector would copy every
    # page it walked), and thaws them after, unless it had frozen them itself (a web worker).
    gc.unfreeze()  # whatever an earlier test's warm-up froze
    if frozen_before:
        gc.freeze()
    try:
        count = gc.get_freeze_count()
        assert Forked(sorted, [3, 1, 2]).result() == [1, 2, 3]
        assert (gc.get_freeze_count() > 0) == frozen_before
        assert gc.get_freeze_count() >= count
    finally:
        gc.unfreeze()


# -- bad input ---------------------------------------------------------------------------------

def _lines(path: Path, encoding: str = "latin-1") -> list[str]:
    return path.read_bytes().decode(encoding).split("\r\n")


def _write(path: Path, lines: list[str], encoding: str = "latin-1") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def _hcpcs(tmp: Path, problem: str) -> tuple[Path, int, str]:
    lines = _lines(HCPCS_2026)
    target = tmp / HCPCS_2026.name
    tmp.mkdir(parents=True, exist_ok=True)
    if problem == "truncated":
        text = "\r\n".join(lines)
        target.write_bytes(text[: text.index("J9901") + 150].encode())
        return target, lines.index(next(ln for ln in lines if ln.startswith("J9901"))) + 1, (
            "record has 150 characters"
        )
    if problem == "duplicate":
        i = next(i for i, ln in enumerate(lines) if ln.startswith("G9901"))
        lines.insert(i + 1, lines[i])
        return _write(target, lines), i + 2, "duplicate code G9901"
    if problem == "columns":
        i = next(i for i, ln in enumerate(lines) if ln.startswith("A9902"))
        lines[i] = lines[i][:200]
        return _write(target, lines), i + 1, "needs 293"
    if problem == "format":
        i = next(i for i, ln in enumerate(lines) if ln.startswith("E9901"))
        lines[i] = "E99X1" + lines[i][5:]
        return _write(target, lines), i + 1, "'E99X1' is not a HCPCS Level II code"
    raise AssertionError(problem)


def _cpt(tmp: Path, problem: str) -> tuple[Path, int, str]:
    folder = tmp / "cpt2026"
    shutil.copytree(CPT, folder)
    long = folder / "LONGULT.txt"
    lines = _lines(long, "cp1252")
    if problem == "truncated":
        return _write(long, [*lines[:4], lines[4][:3]], "cp1252"), 5, "found no TAB"
    if problem == "duplicate":
        return _write(long, [*lines[:4], lines[3], *lines[4:]], "cp1252"), 5, (
            "duplicate code 71999 (first at line 4)"
        )
    if problem == "columns":
        consumer = folder / "ConsumerDescriptor.txt"
        rows = _lines(consumer, "cp1252")
        rows[2] = "1000002|93999"
        return _write(consumer, rows, "cp1252"), 3, "2 columns, expected 3"
    if problem == "format":
        lines[5] = "8699X\tWombat antibody screen"
        return _write(long, lines, "cp1252"), 6, "'8699X' is not a CPT code"
    raise AssertionError(problem)


def _loinc(tmp: Path, problem: str) -> tuple[Path, int, str]:
    text = LOINC.read_bytes().decode("utf-8")
    lines = text.split("\r\n")
    target = tmp / "Loinc_2.80" / "Loinc.csv"
    target.parent.mkdir(parents=True)
    if problem == "truncated":
        cut = text.index("Dragon fire temperature")
        target.write_bytes(text[:cut].encode("utf-8"))
        return target, 4, "truncated"
    if problem == "duplicate":
        return _write(target, [*lines[:3], lines[1], *lines[3:]], "utf-8"), 4, (
            "duplicate LOINC code 99901-"
        )
    if problem == "columns":
        lines[2] = ",".join(lines[2].split(",")[:12])
        return _write(target, lines, "utf-8"), 3, "12 columns, expected 40"
    if problem == "format":
        good = f"99902-{check_digit('99902')}"
        bad = f"99902-{(check_digit('99902') + 1) % 10}"
        lines[2] = lines[2].replace(good, bad)
        return _write(target, lines, "utf-8"), 3, f"{bad} fails its mod-10 check digit"
    raise AssertionError(problem)


def _tabular(tmp: Path, problem: str) -> tuple[Path, int, str]:
    source = CM / "icd10cm_tabular_2026.xml"
    lines = source.read_text(encoding="utf-8").split("\n")
    target = tmp / source.name
    if problem == "truncated":
        return _write(target, lines[:40], "utf-8"), 40, "not well-formed"
    if problem == "duplicate":
        i = lines.index("          <name>U92.1</name>")
        lines[i] = "          <name>U92.0</name>"
        return _write(target, lines, "utf-8"), i + 1, "duplicate code U92.0"
    if problem == "columns":
        i = lines.index("          <desc>Wombat fever, acute</desc>")
        del lines[i]
        return _write(target, lines, "utf-8"), i, "U90.0 has no <desc>"
    if problem == "format":
        i = lines.index("          <name>U93.01</name>")
        lines[i] = "          <name>U9!.01</name>"
        return _write(target, lines, "utf-8"), i + 1, "is not an ICD-10-CM code"
    raise AssertionError(problem)


def _pcs(tmp: Path, problem: str) -> tuple[Path, int, str]:
    lines = _lines(PCS)
    target = tmp / PCS.name
    if problem == "truncated":
        return _write(target, [*lines[:4], lines[4][:40]]), 5, "not an order-file record"
    if problem == "duplicate":
        return _write(target, [*lines[:3], lines[2], *lines[3:]]), 4, "duplicate code 0W900ZZ"
    if problem == "columns":
        lines[1] = lines[1][:60]
        return _write(target, lines), 2, "not an order-file record"
    if problem == "format":
        lines[4] = lines[4].replace("0WB00ZZ", "0WBI0ZZ")
        return _write(target, lines), 5, "'0WBI0ZZ' is not an ICD-10-PCS code"
    raise AssertionError(problem)


def _index(tmp: Path, problem: str) -> tuple[Path, int, str]:
    source = CM / "icd10cm_index_2026.xml"
    lines = source.read_text(encoding="utf-8").split("\n")
    target = tmp / source.name
    if problem == "truncated":
        return _write(target, lines[:20], "utf-8"), 20, "not well-formed"
    if problem == "columns":
        i = lines.index("        <title>wombat</title>")
        del lines[i]
        return _write(target, lines, "utf-8"), i, "<term> without a <title>"
    if problem == "format":
        i = lines.index("          <code>U90.0</code>")
        lines[i] = "          <code>9U0.0</code>"
        return _write(target, lines, "utf-8"), i + 1, "'9U0.0' is not an ICD-10-CM code"
    raise AssertionError(problem)


MAKERS = {
    "hcpcs": (_hcpcs, HCPCS_2026.name),
    "cpt": (_cpt, "cpt2026/LONGULT.txt"),
    "loinc": (_loinc, "Loinc_2.80/Loinc.csv"),
    "icd10cm": (_tabular, "icd10cm_tabular_2026.xml"),
    "icd10pcs": (_pcs, PCS.name),
    "icd10cm-index": (_index, "icd10cm_index_2026.xml"),
}


def _unchanged(env: Env, before: bytes, result: Result) -> str:
    assert result.exit_code == 1, result.output + result.stderr
    message = result.stderr
    assert "Traceback" not in result.output + message
    assert env.db.read_bytes() == before, "the catalog is byte-identical"
    assert env.releases() == [] and not [p for p in env.store.rglob("*") if p.is_file()]
    return " ".join(message.split())


# An index may name a code under several paths: "duplicate" is not a problem there.
BAD_FILES = [
    (kind, problem)
    for problem in ("truncated", "duplicate", "columns", "format")
    for kind in MAKERS
    if (kind, problem) != ("icd10cm-index", "duplicate")
]


@pytest.mark.parametrize(("kind", "problem"), BAD_FILES)
def test_bad_file_is_refused_with_file_line_and_problem(
    env: Env, tmp_path: Path, kind: str, problem: str
) -> None:
    make, _name = MAKERS[kind]
    path, line, expected = make(tmp_path / "bad", problem)
    before = env.db.read_bytes()
    arg = path.parent if kind == "cpt" else path
    message = _unchanged(env, before, env.run("import", kind, arg))
    assert expected in message
    assert path.name in message
    assert re.search(rf"{re.escape(path.name)}\]?:{line}:", message), message


@pytest.mark.parametrize("kind", list(MAKERS))
def test_binary_garbage_is_refused(env: Env, tmp_path: Path, kind: str) -> None:
    _make, name = MAKERS[kind]
    path = tmp_path / "bad" / name
    path.parent.mkdir(parents=True)
    path.write_bytes(random.Random(7).randbytes(5000))
    before = env.db.read_bytes()
    arg = path.parent if kind == "cpt" else path
    message = _unchanged(env, before, env.run("import", kind, arg))
    assert path.name in message
    assert re.search(r":\d+: ", message), "a line number"
    assert re.search(r"binary|NUL|not well-formed|not valid|control character", message)


@pytest.mark.parametrize(
    ("kind", "source", "encoding", "expected"),
    [
        ("hcpcs", HCPCS_2026, "utf-16", ":1: NUL byte"),
        ("cpt", CPT / "LONGULT.txt", "utf-16", ":1: NUL byte"),
        ("loinc", LOINC, "cp1252", "is not valid UTF-8"),
        ("icd10pcs", PCS, "utf-16", ":1: NUL byte"),
    ],
)
def test_wrong_encoding_is_refused(
    env: Env, tmp_path: Path, kind: str, source: Path, encoding: str, expected: str
) -> None:
    text = source.read_bytes().decode("cp1252" if kind == "cpt" else "utf-8")
    if kind == "loinc":
        text = text.replace("Wombat factor X, blood", "Wombat factor X, café blood")
    folder = tmp_path / (source.parent.name if kind in ("cpt", "loinc") else "bad")
    folder.mkdir()
    if kind == "cpt":
        for other in CPT.iterdir():
            shutil.copy(other, folder)
    path = folder / source.name
    path.write_bytes(text.encode(encoding))
    before = env.db.read_bytes()
    message = _unchanged(env, before, env.run("import", kind, folder if kind == "cpt" else path))
    assert expected in message and source.name in message
    if kind == "loinc":
        assert re.search(r"Loinc\.csv:2: byte 0xE9", message)


@pytest.mark.parametrize(
    ("kind", "path", "looks_like"),
    [
        ("cpt", HCPCS_2026, "hcpcs"),
        ("hcpcs", LOINC, "loinc"),
        ("loinc", PCS, "icd10pcs"),
        ("icd10cm", CM / "icd10cm_index_2026.xml", "icd10cm-index"),
        ("icd10cm-index", CM / "icd10cm_tabular_2026.xml", "icd10cm"),
        ("icd10pcs", CPT / "LONGULT.txt", "cpt"),
    ],
)
def test_wrong_kind_for_the_file_says_what_it_looks_like(
    env: Env, kind: str, path: Path, looks_like: str
) -> None:
    before = env.db.read_bytes()
    message = _unchanged(env, before, env.run("import", kind, path))
    assert f"{path.name}:1: this is not a {kind} source" in message
    assert f"looks like {looks_like}: run `medcodes import {looks_like}" in message


def test_missing_path_and_unknown_version_are_clear_errors(env: Env, tmp_path: Path) -> None:
    before = env.db.read_bytes()
    message = _unchanged(env, before, env.run("import", "hcpcs", tmp_path / "nope.txt"))
    assert "nope.txt: no such file or folder" in message
    renamed = tmp_path / "codes.txt"
    shutil.copy(HCPCS_2026, renamed)
    message = _unchanged(env, before, env.run("import", "hcpcs", renamed))
    assert "--version" in message
    imported(env, "hcpcs", renamed, "--version", "2026-01")
    assert env.cat().system("hcpcs").release_date == ""  # type: ignore[union-attr]


def test_a_folder_with_two_releases_is_ambiguous(env: Env) -> None:
    before = env.db.read_bytes()
    message = _unchanged(env, before, env.run("import", "icd10cm", CM))
    assert "several tabular XML files" in message and "icd10cm_tabular_2025.xml" in message


def test_every_import_command_has_help() -> None:
    runner = CliRunner()
    for args in (["import"], ["imports"], ["imports", "list"], ["imports", "remove"], ["diff"]):
        result = runner.invoke(cli, [*args, "--help"])
        assert result.exit_code == 0
        assert len(result.output.split("\n\n")[1].strip()) > 20, args


def test_zipped_sources_are_read_where_cms_puts_them(env: Env, tmp_path: Path) -> None:
    archive = tmp_path / "2026-code-tables-tabular-and-index.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in CM.iterdir():
            if "2026" in f.name:
                zf.write(f, f"Table and Index/{f.name}")
    imported(env, "icd10cm", archive)
    imported(env, "icd10cm-index", archive)
    kept = {r.kind: r.manifest.files for r in env.releases()}
    assert kept["icd10cm"] == ["Table and Index/icd10cm_tabular_2026.xml"]
    assert len(kept["icd10cm-index"]) == 3
    u93 = env.cat().get("icd10cm", "U93.02")
    assert u93 is not None and u93.terms[0].kind == "index"
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(archive.read_bytes()[:300])
    before = env.db.read_bytes()
    result = env.run("import", "icd10cm", damaged)
    assert result.exit_code == 1 and "not a readable zip archive" in result.stderr
    assert env.db.read_bytes() == before
