"""Conditions said in the plural the way people say them ("migraines", "kidney stones",
"night sweats"), which the titles name in the singular, on the session's real catalog."""

from __future__ import annotations

import pytest

from medcodes.catalog.reader import Catalog


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.96, 1.0), ("hybrid", 0.96, 1.0)])
def test_plurals_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # tests/data/plurals_dev.tsv, 30 queries written before any search. Measured on 6d072cd
    # (of 30): words 29 first and 30 in ten, hybrid 29 and 30 (the one not first: "growths in
    # the womb", D25 third).
    from dev_lists import floors

    floors(cat, "plurals_dev.tsv", at1, at10, mode=mode)
