"""A pelvic organ's condition said of a pregnancy is maternal care for it (O34; session 28,
obst28): restated in O34's words with the pregnancy's time kept; the organ's condition said
alone is left to its own chapter."""

from __future__ import annotations

import pytest

from dev_lists import first_code
from medcodes.catalog.reader import Catalog
from medcodes.search.gravid_organs import gravid_organ


@pytest.mark.parametrize(("query", "code"), [
    ("fibroid uterus antepartum", "O34.10"),
    ("pregnancy with fibroids", "O34.10"),
    ("uterine fibroids in pregnancy 2nd trimester", "O34.12"),
    ("retroverted uterus in pregnancy", "O34.539"),
    ("Abnorm vagina-delivered", "O34.60"),
])
def test_a_pelvic_organ_in_pregnancy_is_maternal_care(
        cat: Catalog, query: str, code: str) -> None:
    assert first_code(cat, query) == code


@pytest.mark.parametrize("query", [
    "fibroids", "retroverted uterus", "uterine prolapse", "fibroid uterus with heavy periods",
    "previous cesarean pregnancy", "incompetent cervix in pregnancy",
])
def test_no_pregnancy_or_another_condition_is_left_as_typed(query: str) -> None:
    assert gravid_organ(query) is None
