"""A grade said with its numeral ("class 3", "stage IV") beside what it grades: the meaning
list reads the condition, not every title that says the grade (search/grades.py)."""

from __future__ import annotations

import pytest

from dev_lists import rank_of
from medcodes.catalog.reader import Catalog
from medcodes.search.grades import is_grade, without_grades


@pytest.mark.parametrize(("text", "expected"), [
    ("nyha class 3 heart failure", "nyha heart failure"),
    ("heart failure, NYHA class III", "heart failure, NYHA"),
    ("stage 3", "stage 3"),  # the grade alone is what was asked
    ("the stage 3", "the stage 3"),
    ("type 2 diabetes", "type 2 diabetes"),  # a kind of a disease, which titles say
    ("classic migraine", "classic migraine"),
])
def test_a_grade_is_left_out_only_beside_what_it_grades(text: str, expected: str) -> None:
    assert without_grades(text) == expected


def test_is_grade() -> None:
    assert is_grade("class 3") and is_grade("Stage IV") and is_grade("grade 2")
    assert not is_grade("class 3 obesity") and not is_grade("type 2")


@pytest.mark.parametrize(("query", "expected"), [
    ("nyha class 3 heart failure", "icd10cm:I50"),
    ("heart failure nyha class iii", "icd10cm:I50"),
    ("gold stage 3 copd", "icd10cm:J44"),
    # Where a title says the grade, the words still find it.
    ("class 3 obesity", "icd10cm:E66.813"),
    ("stage 2 pressure ulcer of sacrum", "icd10cm:L89.152"),
    ("class ii malocclusion", "icd10cm:M26.212"),
])
def test_a_graded_condition_leads_with_its_code(cat: Catalog, query: str,
                                                expected: str) -> None:
    assert rank_of(cat, query, expected) == 0
