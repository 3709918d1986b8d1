"""A lens implant said with its cataract (search/lens_implant.py) is the Replacement of the Lens
with Synthetic Substitute, the side said in words or as OD/OS; the implant taken out stays its
Removal, on the real catalog."""

from __future__ import annotations

import pytest

from medcodes.catalog.reader import Catalog


def _first(cat: Catalog, query: str) -> str:
    return cat.search(query, limit=1).hits[0].code


@pytest.mark.parametrize(("query", "code"), [
    ("cataract extraction with intraocular lens right eye", "08RJ3JZ"),
    ("phaco with PCIOL OS", "08RK3JZ"),  # OS: the left eye
    ("cataract surgery OD with lens implant", "08RJ3JZ"),
    ("lens implant for cataract in my left eye", "08RK3JZ"),
    ("phaco with IOL right eye", "08RJ3JZ"),
])
def test_a_cataract_with_a_lens_implant_is_the_lens_replaced(cat: Catalog, query: str,
                                                             code: str) -> None:
    assert _first(cat, query) == code


@pytest.mark.parametrize("query", ["Implanted lens removal", "removal of intraocular lens left"])
def test_an_implant_taken_out_stays_its_removal(cat: Catalog, query: str) -> None:
    assert _first(cat, query).startswith("08P")


def test_a_cataract_alone_is_still_its_extraction(cat: Catalog) -> None:
    assert _first(cat, "cataract surgery left eye") == "08DK3ZZ"
