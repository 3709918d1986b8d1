"""Low back pain as ICD-10-CM names it where it combines: "Lumbago with sciatica" (M54.4-),
while the pain alone is "Low back pain" (M54.5-). lay_terms.tsv reads the titles' own words
"low back pain" as lumbago too, as it reads "lower back pain"."""

from __future__ import annotations

import pytest

from dev_lists import rank_of
from medcodes.catalog.reader import Catalog


@pytest.mark.parametrize(("query", "expected"), [
    ("low back pain with sciatica", "icd10cm:M54.4"),
    ("low back pain radiating to left leg", "icd10cm:M54.42"),
    ("lower back pain with sciatica", "icd10cm:M54.4"),
])
def test_low_back_pain_with_sciatica_is_lumbago_with_sciatica(cat: Catalog, query: str,
                                                              expected: str) -> None:
    assert rank_of(cat, query, expected) == 0


@pytest.mark.parametrize("query", ["low back pain", "chronic low back pain"])
def test_low_back_pain_alone_stays_low_back_pain(cat: Catalog, query: str) -> None:
    assert rank_of(cat, query, "icd10cm:M54.5") == 0
