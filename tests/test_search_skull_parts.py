"""A skull fracture said by the clinicians' name of its part ("basilar", "basal"), read as the
titles' base of skull (session 27, data/lay_terms.tsv; a row of tests/data/injury27_dev.tsv)."""

from __future__ import annotations

import pytest

from dev_lists import rank_of
from medcodes.catalog.reader import Catalog


@pytest.mark.parametrize("query", ["open basilar skull fracture", "basal skull fracture"])
def test_a_basilar_skull_fracture_is_of_the_base(cat: Catalog, query: str) -> None:
    # The index's "Fracture, skull, base" (S02.1-).
    assert rank_of(cat, query, "icd10cm:S02.10|icd10cm:S02.11|icd10cm:S02.19") == 0
