"""A placing verb said inside a device's phrase (search/device_put_in.py) read as the
operations that leave the device, not its Removal, on the real catalog."""

from __future__ import annotations

import pytest

from medcodes.catalog.reader import Catalog
from medcodes.search.engine import search


@pytest.mark.parametrize(("query", "prefix"), [
    ("stent put in my kidney", "0T7"),  # the ureter's Dilation with its stent, not 0TP9 Removal
    ("JJ stent inserted", "0T7"),
    ("chest drain put in", "0W9"),  # a drain left in: the Drainage of the Pleural Cavity
    ("feeding tube into the stomach", "0DH6"),  # a feeding device: its Insertion, no Drainage
    ("feeding tube put in my stomach", "0DH6"),
])
def test_device_put_in_is_left_in(cat: Catalog, query: str, prefix: str) -> None:
    hits = search(cat, query, limit=3).hits
    assert hits[0].code.startswith(prefix), [h.code for h in hits]


def test_device_taken_out_is_still_its_removal(cat: Catalog) -> None:
    hits = search(cat, "kidney stent taken out with a cystoscope", limit=3).hits
    assert hits[0].code.startswith("0TP9"), [h.code for h in hits]


@pytest.mark.parametrize(("query", "prefix"), [
    ("stent put in the artery in my leg", "04"),  # lay_terms: a leg's artery, a Lower Artery
    ("angioplasty of leg artery", "047Y"),
])
def test_an_artery_of_the_leg_is_a_lower_artery(cat: Catalog, query: str, prefix: str) -> None:
    hits = search(cat, query, limit=3).hits
    assert hits[0].code.startswith(prefix), [h.code for h in hits]


def test_a_blocked_leg_artery_is_still_its_atherosclerosis(cat: Catalog) -> None:
    assert search(cat, "blocked artery in my leg", limit=1).hits[0].code.startswith("I70.2")
