"""Curated articles: the check's messages, import, the build step, and page labels."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from medcodes.catalog.build import build_catalog
from medcodes.catalog.reader import Catalog
from medcodes.cli.main import cli
from medcodes.content.articles import (
    CONTENT_ENV,
    EXAMPLES_DIR,
    CatalogLookup,
    article_files,
    check_folder,
)
from medcodes.content.sections import sections
from medcodes.model import Concept, SystemInfo
from medcodes.pipeline import default_indexers
from medcodes.systems.base import Loader

GOOD = """---
system: icd10cm
code: {code}
title: A test article
sources: ["MedlinePlus, Pneumonia: https://medlineplus.gov/pneumonia.html"]
author: Test Author
status: draft
---
## Clinical description
{text}
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


# -- the check ----------------------------------------------------------------------------

BROKEN = {
    "unknown-code.md": ("""---
system: icd10cm
code: Q99.999
title: t
sources: [s]
author: a
status: draft
---
## Clinical description
x
""", [(3, "unknown code 'Q99.999' in icd10cm")]),
    "unknown-section.md": ("""---
system: icd10cm
code: J18.9
title: t
sources: [s]
author: a
status: draft
---
## Clinical description
x

## Risks and complications
not a diagnosis section
""", [(12, "unknown section 'Risks and complications'")]),
    "missing-field.md": ("""---
system: icd10pcs
code: 0dtj4zz
title: t
status: draft
---
## Purpose
x
""", [(1, "missing field 'sources'"), (1, "missing field 'author'")]),
    "bad-date.md": ("""---
system: icd10cm
code: J18.9
title: t
sources: [s]
author: a
reviewed_by: R
review_date: 2025-02-30
status: reviewed
---
## Clinical description
x
""", [(8, "bad date review_date: '2025-02-30' is not YYYY-MM-DD")]),
    "bad-status.md": ("""---
system: icd10cm
code: J18.9
title: t
sources: [s]
author: a
status: published
---
## Clinical description
x
""", [(7, "bad status 'published'")]),
    "reviewed-without-reviewer.md": ("""---
system: icd10cm
code: J18.9
title: t
sources: [s]
author: a
status: reviewed
---
## Clinical description
x
""", [(1, "missing field 'reviewed_by' (required when status is reviewed)"),
      (1, "missing field 'review_date' (required when status is reviewed)")]),
    "no-front-matter.md": ("## Clinical description\nx\n", [(1, "no front matter")]),
    "bad-yaml.md": ("---\nsystem: [icd10cm\n---\n## Summary\nx\n", [(3, "front matter is not valid YAML")]),
    "empty-and-stray.md": ("""---
system: icd10cm
code: J18.9
title: t
sources: [s]
author: a
status: draft
---
stray text
## Clinical description

## Excludes
x
## Excludes
y
""", [(9, "text before the first '## Section' heading"),
      (10, "section 'Clinical description' is empty"), (14, "section 'Excludes' appears twice")]),
    "typo-field.md": ("""---
system: icd10cm
code: J18.9
title: t
sources: [s]
author: a
status: draft
reviewd_by: someone
---
## Clinical description
x
""", [(8, "unknown field 'reviewd_by'")]),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_check_names_each_problem_with_file_and_line(
    catalog_path: Path, tmp_path: Path, name: str
) -> None:
    text, expected = BROKEN[name]
    path = _write(tmp_path, name, text)
    code, output = _run("content", "check", "--db", str(catalog_path), str(tmp_path))
    assert code == 1
    lines = [ln for ln in output.splitlines() if ln.startswith(str(path))]
    for line_no, message in expected:
        assert any(ln.startswith(f"{path}:{line_no}: {message}") for ln in lines), (
            message, lines)
    assert len(lines) == len(expected), lines
    assert "Traceback" not in output


def test_check_passes_good_files_and_canonicalises_codes(cat: Catalog, tmp_path: Path) -> None:
    _write(tmp_path, "a.md", GOOD.format(code="j189", text="Lungs."))
    good, problems = check_folder(tmp_path, CatalogLookup(cat))
    assert problems == [] and [a.code for a in good] == ["J18.9"]


def test_check_of_a_missing_or_empty_folder_is_a_clear_error(
    catalog_path: Path, tmp_path: Path
) -> None:
    code, output = _run("content", "check", "--db", str(catalog_path), str(tmp_path / "nope"))
    assert code == 1 and "no such file or folder" in output
    code, output = _run("content", "check", "--db", str(catalog_path), str(tmp_path))
    assert code == 1 and "no article files" in output


# -- the shipped examples -----------------------------------------------------------------

def test_example_articles_pass_the_check_and_are_marked_as_examples(cat: Catalog) -> None:
    files = article_files(EXAMPLES_DIR)
    good, problems = check_folder(EXAMPLES_DIR, CatalogLookup(cat))
    assert problems == [] and len(good) == len(files) >= 4
    for article in good:
        assert article.meta["example"] is True
        assert article.status == "draft", "no person reviewed the examples"
        assert article.meta["author"] == "medcodes team (example)"
        assert article.meta["sources"] and all(s.strip() for s in article.meta["sources"])
    codes = {(a.system, a.code) for a in good}
    assert {("icd10pcs", "0DTJ4ZZ"), ("icd10cm", "E11.9")} <= codes


def test_code_page_shows_example_article_sections_with_provenance(cat: Catalog) -> None:
    c = cat.get("icd10cm", "E11.9")
    assert c is not None
    secs = {s["id"]: s for s in sections(cat, c)}
    clinical = secs["clinical"]
    assert clinical["source"] == "article"
    assert clinical["article"]["author"] == "medcodes team (example)"
    assert clinical["article"]["example"] is True and clinical["article"]["sources"]
    assert "draft, not reviewed" in clinical["source_label"]
    assert "<p>" in clinical["html"] and "<strong>E11.9</strong>" in clinical["html"]
    # The article writes Coding guidance too; the official facts stay on the page.
    coding = secs["coding"]
    assert coding["source"] == "article" and coding["derived"]["source"] == "derived"
    assert coding["derived"]["html"] in coding["html"]
    assert secs["excludes"]["source"] == "derived"


def test_procedure_example_keeps_the_official_description(cat: Catalog) -> None:
    c = cat.get("icd10pcs", "0DTJ4ZZ")
    assert c is not None
    secs = {s["id"]: s for s in sections(cat, c)}
    assert secs["procedure"]["source"] == "derived"
    assert secs["risks"]["source"] == "article" and secs["purpose"]["source"] == "article"


# -- import and the build step ------------------------------------------------------------

def test_import_writes_nothing_when_any_file_is_bad(
    catalog_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    monkeypatch.setenv(CONTENT_ENV, str(store))
    src = tmp_path / "src"
    _write(src, "good.md", GOOD.format(code="J18.9", text="Lungs."))
    _write(src, "bad.md", GOOD.format(code="Q99.999", text="No such code."))
    code, output = _run("content", "import", "--no-rebuild", "--db", str(catalog_path), str(src))
    assert code == 1 and "unknown code 'Q99.999'" in output and "nothing was imported" in output
    assert not store.exists() or not any(store.iterdir())


def test_import_copies_checked_articles_into_the_store(
    catalog_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    monkeypatch.setenv(CONTENT_ENV, str(store))
    src = tmp_path / "src"
    _write(src, "j189.md", GOOD.format(code="J18.9", text="Lungs."))
    code, output = _run("content", "import", "--no-rebuild", "--db", str(catalog_path), str(src))
    assert code == 0, output
    assert (store / "j189.md").read_text() == (src / "j189.md").read_text()
    assert not [p for p in store.iterdir() if p.name.startswith(".")]  # no temp files left


class TinyLoader(Loader):
    """A two-code classification in the ICD-10-CM shape, for fast builds of the real pipeline."""

    name = "tiny"

    @property
    def info(self) -> SystemInfo:
        return SystemInfo(id="icd10cm", name="ICD-10-CM", version="test", release_date="",
                          source="test", licence="test", fhir_uri="http://example.org/tiny")

    def concepts(self) -> Iterator[Concept]:
        yield Concept("icd10cm", "X00-X09", "Tiny chapter", kind="chapter")
        yield Concept("icd10cm", "X01", "Striped fever", kind="category", billable=True,
                      parent="X00-X09")
        yield Concept("icd10cm", "X02", "Spotted fever", kind="category", billable=True,
                      parent="X00-X09")


DRAFT = """---
system: icd10cm
code: X02
title: Spotted fever
sources: [Machine-generated by test-model]
author: test-model (machine-generated)
status: draft
generated: true
model: test-model
endpoint: 127.0.0.1:1
date: '2025-01-02'
---
## Clinical description
A generated description.
"""


def _tiny_catalog(path: Path) -> Catalog:
    build_catalog(path, [TinyLoader()], default_indexers())
    return Catalog(path)


def test_build_makes_article_text_searchable_and_skips_unknown_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    monkeypatch.setenv(CONTENT_ENV, str(store))
    _write(store, "x01.md", GOOD.format(code="X01", text="Transmitted by the zebra tick."))
    cat = _tiny_catalog(tmp_path / "tiny.sqlite")
    try:
        hits = cat.search("zebra tick", mode="words").hits
        assert [h.code for h in hits] == ["X01"]
        rows = cat.conn.execute("SELECT system, code, status FROM articles").fetchall()
        # The bundled examples name codes this catalog lacks: skipped, not a failed build.
        assert rows == [("icd10cm", "X01", "draft")]
    finally:
        cat.close()


def test_generated_draft_is_labelled_until_a_person_reviews_it(
    catalog_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    monkeypatch.setenv(CONTENT_ENV, str(store))
    draft = _write(store, "x02.md", DRAFT)
    cat = _tiny_catalog(tmp_path / "tiny.sqlite")
    try:
        c = cat.get("icd10cm", "X02")
        assert c is not None
        clinical = next(s for s in sections(cat, c) if s["id"] == "clinical")
        assert clinical["source"] == "draft"
        assert clinical["source_label"].endswith("machine-generated draft, not reviewed")
        assert clinical["article"]["generated"] is True
    finally:
        cat.close()

    code, output = _run("content", "review", str(draft), "--reviewer", "  Dr  Ann Lee ",
                        "--date", "2025-03-04", "--db", str(tmp_path / "tiny.sqlite"))
    assert code == 0, output
    text = draft.read_text()
    assert re.search(r"^status: reviewed$", text, re.M)
    assert re.search(r"^reviewed_by: Dr Ann Lee$", text, re.M)
    assert re.search(r"^review_date: '2025-03-04'$", text, re.M)
    assert text.endswith("## Clinical description\nA generated description.\n")

    cat = _tiny_catalog(tmp_path / "tiny2.sqlite")
    try:
        c = cat.get("icd10cm", "X02")
        assert c is not None
        clinical = next(s for s in sections(cat, c) if s["id"] == "clinical")
        assert clinical["source"] == "article"
        assert "reviewed by Dr Ann Lee on 2025-03-04" in clinical["source_label"]
    finally:
        cat.close()


def test_review_refuses_a_broken_article_and_an_empty_reviewer(
    catalog_path: Path, tmp_path: Path
) -> None:
    bad = _write(tmp_path, "bad.md", GOOD.format(code="Q99.999", text="x"))
    code, output = _run("content", "review", str(bad), "--reviewer", "Ann",
                        "--db", str(catalog_path))
    assert code == 1 and "unknown code" in output and "status: draft" in bad.read_text()
    good = _write(tmp_path, "good.md", GOOD.format(code="J18.9", text="x"))
    code, output = _run("content", "review", str(good), "--reviewer", "  ",
                        "--db", str(catalog_path))
    assert code == 1 and "reviewer" in output and "status: draft" in good.read_text()
