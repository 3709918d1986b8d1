"""An abortion said with its complication, completeness or kind in shorthand (session 28,
obst28): restated in the O03-O07 titles' words, the index's defaults for what is unsaid, and
everything else about an abortion left as typed."""

from __future__ import annotations

import pytest

from dev_lists import first_code
from medcodes.catalog.reader import Catalog
from medcodes.search.abortion_complications import abortion_complication


@pytest.mark.parametrize(("query", "code"), [
    ("SAB incomplete w renal failure", "O03.32"),  # incomplete said
    ("spontaneous abortion with pelvic organ damage", "O03.84"),  # completeness unsaid
    ("Spont ab w metab dis", "O03.83"),  # ICD-9's shorthand
    ("spont ab w oth compl, incomplete", "O03.39"),  # NEC: the other complications
    ("abortion complicated by shock", "O03.81"),  # kind unsaid: spontaneous (index)
    ("illegal ab w renal fail", "O04.82"),  # induced
    ("termination of pregnancy with sepsis", "O04.87"),
    ("failed attempted abortion uncomplicated", "O07.4"),
    ("attempted abortion w embolism", "O07.2"),
])
def test_an_abortion_with_its_complication_leads_with_its_code(
        cat: Catalog, query: str, code: str) -> None:
    assert first_code(cat, query) == code


@pytest.mark.parametrize("query", [
    "threatened abortion", "missed abortion", "history of miscarriage", "abortion",
    "elective abortion", "legal abortion uncomplicated", "postabortion hemorrhage",
    "abdominal pain with shock", "miscarriage with shock and hemorrhage",
])
def test_other_abortion_queries_are_left_as_typed(query: str) -> None:
    """A kind of its own (threatened, missed), a history, an uncomplicated induced abortion (the
    encounter Z33.2), two complications, or no abortion: nothing to restate."""
    assert abortion_complication(query) is None
