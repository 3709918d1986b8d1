"""One real catalog per test session, built from the bundled code sets (no mocks)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from medcodes.catalog.reader import Catalog
from medcodes.pipeline import build


@pytest.fixture(scope="session")
def catalog_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the full catalog once; ``MEDCODES_TEST_DB`` reuses a prebuilt one while iterating."""
    reuse = os.environ.get("MEDCODES_TEST_DB")
    if reuse and Path(reuse).exists():
        return Path(reuse)
    path = tmp_path_factory.mktemp("catalog") / "catalog.sqlite"
    build(path)
    return path


@pytest.fixture(scope="session")
def cat(catalog_path: Path) -> Iterator[Catalog]:
    catalog = Catalog(catalog_path)
    yield catalog
    catalog.close()
