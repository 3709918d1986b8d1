"""The atomic build and the catalog's guard rails: bad files give clear errors, failures keep
the previous catalog byte-identical.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from medcodes.catalog.build import BuildError, build_catalog
from medcodes.catalog.reader import Catalog, CatalogError
from medcodes.model import Concept, SystemInfo
from medcodes.systems.base import Loader

INFO = SystemInfo("tiny", "Tiny", "1", "2026-01-01", "tests", "none", "urn:tiny")


class TinyLoader(Loader):
    """A made-up two-level system; ``fail_after`` raises midway to simulate a broken source."""

    name = "tiny"

    def __init__(self, fail_after: int | None = None) -> None:
        self.fail_after = fail_after

    @property
    def info(self) -> SystemInfo:
        return INFO

    def concepts(self) -> Iterator[Concept]:
        yield Concept("tiny", "A", "Group A", kind="chapter")
        for i in range(20):
            if self.fail_after is not None and i >= self.fail_after:
                raise ValueError("source truncated at record 5")
            yield Concept("tiny", f"A{i:02d}", f"Thing {i}", billable=True, parent="A")


def test_build_writes_a_readable_catalog(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    result = build_catalog(path, [TinyLoader()])
    assert result.systems[0].concepts == 21
    cat = Catalog(path)
    assert cat.get("tiny", "a05") is not None
    assert [c.code for c in cat.children("tiny", "A")][:2] == ["A00", "A01"]


def test_failed_build_leaves_previous_catalog_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    build_catalog(path, [TinyLoader()])
    before = path.read_bytes()
    with pytest.raises(BuildError, match="source truncated"):
        build_catalog(path, [TinyLoader(fail_after=5)])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["c.sqlite"], "no temporary file left behind"


def test_orphan_parent_is_a_build_error(tmp_path: Path) -> None:
    class Orphan(TinyLoader):
        def concepts(self) -> Iterator[Concept]:
            yield Concept("tiny", "B01", "No parent", parent="B")

    with pytest.raises(BuildError, match="parent B"):
        build_catalog(tmp_path / "c.sqlite", [Orphan()])
    assert not (tmp_path / "c.sqlite").exists()


def test_missing_catalog_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="medcodes build"):
        Catalog(tmp_path / "nope.sqlite")


def test_corrupt_catalog_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CatalogError, match="rebuild"):
        Catalog(path)


def test_older_schema_asks_for_a_rebuild(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    build_catalog(path, [TinyLoader()])
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    with pytest.raises(CatalogError, match="rebuild it with `medcodes build`"):
        Catalog(path)
