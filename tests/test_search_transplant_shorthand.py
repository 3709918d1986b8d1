"""A transplant and a status in problem-list shorthand ("s/p renal txp", "trspl sts") are
Z94's transplant status."""

from __future__ import annotations

import pytest

from medcodes.catalog.reader import Catalog


@pytest.mark.parametrize(("query", "code"), [
    ("s/p renal txp", "Z94.0"),
    ("trnspl status liver", "Z94.4"),
    ("trspl sts peripheral stem cell", "Z94.84"),
])
def test_a_transplant_said_short_is_its_status(cat: Catalog, query: str, code: str) -> None:
    hits = cat.search(query, systems=["icd10cm"], limit=3).hits
    assert hits[0].code == code, [h.code for h in hits]
