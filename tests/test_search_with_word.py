"""The short "w" for "with" beside an operation (search/with_word.py) read as a joining word,
not as the "with" of a device title, on the real catalog."""

from __future__ import annotations

import pytest

from dev_lists import readings
from medcodes.catalog.reader import Catalog
from medcodes.search.engine import search


@pytest.mark.parametrize(("query", "prefix"), [
    ("esophageal dilation w balloon", "0D75"),  # not 06733DZ, the esophageal vein's stent
    ("ureteroscopy w laser lithotripsy left", "0TF7"),
])
def test_w_beside_an_operation_is_with(cat: Catalog, query: str, prefix: str) -> None:
    hits = search(cat, query, limit=3).hits
    assert hits[0].code.startswith(prefix), [h.code for h in hits]


def test_w_without_an_operation_keeps_its_slot(cat: Catalog) -> None:
    # the CMS short titles write "with" as "w" ("Pneumonia w effusion" is no procedure)
    assert ("w",) in readings(cat, "pneumonia w effusion")
    assert ("w",) not in readings(cat, "esophageal dilation w balloon")
