"""A fracture of the forearm's or the leg's two bones said "with" the second one, read as the two
bones said together (session 27, search/paired_bones.py); rows of tests/data/injury27_dev.tsv."""

from __future__ import annotations

import pytest

from dev_lists import rank_of
from medcodes.catalog.reader import Catalog
from medcodes.search.paired_bones import paired_bones


def test_the_restatement() -> None:
    assert paired_bones("Fx up radius w ulna-open") == "fx up radius and ulna open"
    assert paired_bones("Fx shaft rad w ulna-open") == "fx shaft radius and ulna open"
    assert paired_bones("fracture of upper end of tibia with fibula") == (
        "fracture of upper end of tibia and fibula")
    # Not a pair, not a fracture, or said with "and" already.
    for query in ("fracture of radius with displacement", "radius with ulna",
                  "fx radius and ulna", "fracture tibia w routine healing"):
        assert paired_bones(query) is None, query


@pytest.mark.parametrize(("query", "expected"), [
    ("fx shaft of radius w ulna, open", "icd10cm:S52.309B|icd10cm:S52.209B"),
    ("open fracture upper end of tibia with fibula", "icd10cm:S82.109B|icd10cm:S82.839B"),
    ("closed fx distal radius with ulna", "icd10cm:S52.509A|icd10cm:S52.609A"),
])
def test_both_bones_lead(cat: Catalog, query: str, expected: str) -> None:
    assert rank_of(cat, query, expected) == 0
