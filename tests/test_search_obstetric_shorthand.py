"""ICD-9-CM's obstetric and newborn short titles and the index's terms for what the ICD-10-CM
titles say otherwise (session 28, obst28): clipped words read whole (data/abbreviations.tsv),
the index's puerperal and fetopelvic terms and its conditions 'in pregnancy' of no kind
(data/lay_terms.tsv), and an episode cut where the short title ends (search/episodes.py); and the obst28 dev list's floors."""

from __future__ import annotations

import pytest

from dev_lists import first_code, floors
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
    ("hypertension complicating pregnancy", "O16.9"),  # the index: O16 unspecified maternal
    ("renal disease in pregnancy", "O26.839"),  # pregnancy related renal disease
    ("infection in pregnancy", "O98.919"),  # unspecified maternal infectious disease
    ("premature labour", "O60.00"),  # preterm labor, not O42's premature rupture
])
def test_obstetric_shorthand_leads_with_its_code(cat: Catalog, query: str, code: str) -> None:
    assert first_code(cat, query) == code


@pytest.mark.parametrize(("query", "category"), [
    ("chronic hypertension in pregnancy", "O10"),  # a kind said keeps its own
    ("urinary tract infection in pregnancy", "O23"),
    ("premature rupture of membranes", "O42"),
    ("transient hypertension of pregnancy", "O13"),  # the index: gestational
    ("history of premature labor", "Z87.51"),  # the history's 'pre-term'
])
def test_a_kind_said_keeps_its_own_code(cat: Catalog, query: str, category: str) -> None:
    assert first_code(cat, query).startswith(category)


def test_a_cut_episode_is_its_time() -> None:
    """ICD-9-CM's short titles end where 24 characters do: '-antepar', '-postpar', '-postpa'."""
    assert EPISODES["antepar"] == PREGNANCY
    assert EPISODES["postpar"] == EPISODES["postpa"] == PUERPERIUM


def test_obst28_dev_floors(cat: Catalog) -> None:
    """Measured 64/74 first and 70/74 in ten (main: 51 and 59)."""
    floors(cat, "obst28_dev.tsv", 0.84, 0.92)
