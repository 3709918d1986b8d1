"""ICD-9-CM's obstetric and newborn short titles and the index's terms for what the ICD-10-CM
titles say otherwise (session 28, obst28): clipped words read whole (data/abbreviations.tsv),
the index's puerperal and fetopelvic terms (data/lay_terms.tsv), and an episode cut where the
short title ends (search/episodes.py)."""

from __future__ import annotations

import pytest

from dev_lists import first_code
from medcodes.catalog.reader import Catalog
from medcodes.search.episodes import EPISODES, PREGNANCY, PUERPERIUM


@pytest.mark.parametrize(("query", "code"), [
    ("Del w 1 deg lacerat", "O70.0"),  # a degree said with a numeral
    ("Fetopelv disprop", "O33.4XX0"),  # the index: Disproportion, fetopelvic O33.4
    ("fetopelvic disproportion", "O33.4XX0"),
    ("puerperal endometritis", "O86.12"),  # Endometritis following delivery
    ("Puerp pyrexia", "O86.4"),
    ("postpartum fever", "O86.4"),
    ("Suppr lactation", "O92.5"),
    ("Fet grwth ret", "P05.9"),  # slow intrauterine growth
    ("Lt-date 1000-1249g", "P05.04"),  # light for gestational age, its weight band
    ("Venous compl NOS-postpar", "O87.9"),  # the puerperium's, from a cut episode
])
def test_obstetric_shorthand_leads_with_its_code(cat: Catalog, query: str, code: str) -> None:
    assert first_code(cat, query) == code


def test_a_cut_episode_is_its_time() -> None:
    """ICD-9-CM's short titles end where 24 characters do: '-antepar', '-postpar', '-postpa'."""
    assert EPISODES["antepar"] == PREGNANCY
    assert EPISODES["postpar"] == EPISODES["postpa"] == PUERPERIUM
