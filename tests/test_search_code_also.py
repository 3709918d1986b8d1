"""The second code ICD-10-CM asks beside an injury ("Code also"), shown second when the query
says it: the open wound into the cavity of an organ's injury said open, the tendon's laceration
beside an open wound with tendon involvement (session 28, search/code_also.py); rows of
tests/data/injury28_dev.tsv."""

from __future__ import annotations

import pytest

from dev_lists import rank_of
from medcodes.catalog.reader import Catalog


@pytest.mark.parametrize(("query", "first", "second"), [
    ("open injury of spleen", "icd10cm:S36.0", "icd10cm:S31.609A"),
    ("open injury of liver", "icd10cm:S36.1", "icd10cm:S31.609A"),
    ("open injury of lung", "icd10cm:S27.3", "icd10cm:S21.309A"),
    ("kidney injury open", "icd10cm:S37.0", "icd10cm:S31.001A"),
    ("Esophagus injury-open", "icd10cm:S27.81", "icd10cm:S21.309A"),
    ("Opn wound wrist w tendon", "icd10cm:S61.5", "icd10cm:S66.929A"),
    ("open wound knee with tendon involvement", "icd10cm:S81.0", "icd10cm:S86.929A"),
])
def test_the_second_code_follows_the_first(cat: Catalog, query: str, first: str,
                                           second: str) -> None:
    assert rank_of(cat, query, first, systems=["icd10cm"]) == 0
    assert rank_of(cat, query, second, systems=["icd10cm"]) == 1


@pytest.mark.parametrize(("query", "group"), [
    ("injury of spleen", "icd10cm:S31"),  # not said open
    ("laceration of liver", "icd10cm:S31"),
    ("open wound of wrist", "icd10cm:S66"),  # no tendon said
])
def test_not_said_not_shown(cat: Catalog, query: str, group: str) -> None:
    assert rank_of(cat, query, group, systems=["icd10cm"]) in (None, *range(2, 10))


def test_a_filtered_search_is_left_alone(cat: Catalog) -> None:
    hits = cat.search("open injury of spleen", systems=["icd10cm"], chapter="19",
                      limit=10).hits
    assert not any(h.code == "S31.609A" for h in hits[:2])


def test_the_total_counts_the_shown_code(cat: Catalog) -> None:
    first = cat.search("open injury of spleen", systems=["icd10cm"], limit=10)
    pages = [cat.search("open injury of spleen", systems=["icd10cm"], limit=10, offset=o)
             for o in range(0, first.total, 10)]
    codes = [h.code for p in pages for h in p.hits]
    assert len(codes) == len(set(codes)) == first.total
