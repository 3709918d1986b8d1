"""An operation said with its site and a reason that names another part or none (search/
reason_sites.py): the reason left unsearched, the site's codes leading, on the real catalog."""

from __future__ import annotations

import pytest

from medcodes.catalog.reader import Catalog
from medcodes.search.engine import search


@pytest.mark.parametrize(("query", "prefix"), [
    ("chest drain for a collapsed lung", "0W9"),  # the pleural cavity, not the lung (0B9)
    ("chest tube for pneumothorax", "0W9"),  # not J93.9
    ("left chest drain for a collapsed lung", "0W9B"),
    ("hip pinning for a broken hip right", "0QS6"),  # the side after the reason stays
])
def test_reason_beside_its_site_leaves_the_site(cat: Catalog, query: str, prefix: str) -> None:
    hits = search(cat, query, limit=3).hits
    assert hits[0].code.startswith(prefix), [h.code for h in hits]


@pytest.mark.parametrize(("query", "part"), [
    ("biopsy for breast cancer", "Breast"),  # no part before "for": the reason's breast
    ("excision of skin for a lesion on the arm", "Arm"),  # a part alone is kept: the arm
])
def test_reason_that_says_where_is_kept(cat: Catalog, query: str, part: str) -> None:
    hits = search(cat, query, limit=3).hits
    assert hits[0].system == "icd10pcs" and part in hits[0].title, [h.code for h in hits]


def test_reason_still_shown_beside_the_procedure(cat: Catalog) -> None:
    codes = [h.code for h in search(cat, "chest tube for pneumothorax", limit=10).hits]
    assert any(c.startswith("J93") for c in codes), codes


@pytest.mark.parametrize("query", ["C-section for breech", "caesarean for a breech baby",
                                   "emergency c-section for fetal distress"])
def test_caesarean_for_a_reason_is_the_delivery(cat: Catalog, query: str) -> None:
    hits = search(cat, query, limit=3).hits
    assert hits[0].code.startswith("10D00Z"), [h.code for h in hits]


@pytest.mark.parametrize(("query", "prefix"), [
    ("c section scar is infected", "O86.0"),  # no reason said: the word keeps its reading
    ("spinal anaesthetic for c-section", "3E0R3B"),  # the caesarean is the reason here
])
def test_caesarean_without_a_reason_after_it_is_unchanged(cat: Catalog, query: str,
                                                          prefix: str) -> None:
    hits = search(cat, query, limit=10).hits
    assert any(h.code.startswith(prefix) for h in hits[:3]), [h.code for h in hits]


@pytest.mark.parametrize("query", ["needle decompression for tension pneumothorax",
                                   "needle thoracostomy left"])
def test_needle_decompression_drains_the_pleural_cavity(cat: Catalog, query: str) -> None:
    hits = search(cat, query, limit=3).hits
    assert hits[0].code.startswith(("0W993", "0W9B3")), [h.code for h in hits]


def test_pericardial_window_for_its_effusion_drains_the_pericardial_cavity(cat: Catalog) -> None:
    hits = search(cat, "pericardial window for a pericardial effusion", limit=3).hits
    assert hits[0].code.startswith(("0W9D", "02BN")), [h.code for h in hits]
