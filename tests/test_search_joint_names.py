"""A dislocation of a joint the injury titles name otherwise (the elbow's ulnohumeral joint, the
midtarsal's tarsal joint), read in their name (session 27, search/joint_names.py); rows of
tests/data/injury27_dev.tsv."""

from __future__ import annotations

import pytest

from dev_lists import rank_of
from medcodes.catalog.reader import Catalog
from medcodes.search.joint_names import joint_named_otherwise


def test_the_restatement() -> None:
    assert joint_named_otherwise("elbow dislocation, closed") == (
        "ulnohumeral joint dislocation closed")
    assert joint_named_otherwise("Disloc midtarsal-closed") == "disloc tarsal joint closed"
    assert joint_named_otherwise("dislocated elbow joint") == "dislocated ulnohumeral joint"
    # The titles that say the elbow: its radial head, a pulled elbow, a recurrent dislocation.
    for query in ("dislocation of radial head", "nursemaid's elbow dislocation",
                  "recurrent dislocation of elbow", "elbow sprain", "elbow fracture",
                  "closed reduction of right elbow dislocation"):
        assert joint_named_otherwise(query) is None, query


@pytest.mark.parametrize(("query", "expected"), [
    ("elbow dislocation, closed", "icd10cm:S53.10|icd10cm:S53.1"),
    ("posterior dislocation of elbow", "icd10cm:S53.12"),
    ("midtarsal joint dislocation", "icd10cm:S93.31"),
])
def test_the_joint_leads_with_its_dislocation(cat: Catalog, query: str, expected: str) -> None:
    assert rank_of(cat, query, expected) == 0
