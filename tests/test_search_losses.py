"""Session 20's losses, in their kinds (tests/data/losses_dev.tsv, session 21): symptoms said
with a when-clause about eating, standing, lying or breathing (search/timing.py), operations
said with their open incision ("via craniotomy", search/openings.py), conditions of old age
(search/ages.py) and a lump or a nodule of an organ removed (search/lesions.py)."""

from __future__ import annotations

import pytest

from dev_lists import floors
from medcodes.catalog.reader import Catalog


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.58, 0.73), ("hybrid", 0.66, 0.82)])
def test_losses_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # tests/data/losses_dev.tsv, 73 queries written before any search. Measured (of 73): base
    # 542d0cf words 36 first and 50 in ten, hybrid 42 and 57; with losses21 words 45 and 56,
    # hybrid 51 and 63.
    floors(cat, "losses_dev.tsv", at1, at10, mode=mode)
