"""One real catalog per test session, built from the bundled code sets (no mocks)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from medcodes.catalog.reader import Catalog
from medcodes.pipeline import build


@pytest.fixture(scope="session", autouse=True)
def _hermetic_stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The session catalog sees no developer's own imports or articles: empty stores. The
    web's time budget is a minute, not 5 s: on a shared, loaded machine a cold first request
    (the meaning index, the vocabulary) can pass 5 s, and the budget's own tests set theirs."""
    names = ("MEDCODES_IMPORTS_DIR", "MEDCODES_CONTENT_DIR", "MEDCODES_TIME_BUDGET")
    saved = {k: os.environ.get(k) for k in names}
    os.environ["MEDCODES_IMPORTS_DIR"] = str(tmp_path_factory.mktemp("imports"))
    os.environ["MEDCODES_CONTENT_DIR"] = str(tmp_path_factory.mktemp("content"))
    os.environ["MEDCODES_TIME_BUDGET"] = "60"
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


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
