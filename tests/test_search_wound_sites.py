"""An open wound inside the mouth or of an ear drum said by its part, and ICD-9-CM's
"complicated" open wound, read as the titles say them (session 27, search/wound_sites.py);
rows of tests/data/injury27_dev.tsv."""

from __future__ import annotations

import pytest

from dev_lists import rank_of
from medcodes.catalog.reader import Catalog
from medcodes.search.wound_sites import wound_site


def test_the_restatements() -> None:
    assert wound_site("laceration of tongue with FB") == "laceration of oral cavity with fb"
    assert wound_site("Opn wnd buc mucosa-compl") == "opn wnd oral cavity"
    assert wound_site("traumatic perforation of ear drum") == "traumatic rupture of ear drum"
    assert wound_site("Open wound foot-compl") == "open wound foot"
    # No wound, a perforation with no injury (H72), a story, or the titles' words already
    # (which restated.restated takes as no restatement).
    for query in ("tongue cancer", "perforated ear drum", "bit my tongue", "sore gums",
                  "laceration of oral cavity", "traumatic rupture of ear drum"):
        assert wound_site(query) in (None, query), query


@pytest.mark.parametrize(("query", "expected"), [
    ("laceration of gum", "icd10cm:S01.512A|icd10cm:S01.502A"),
    ("laceration of buccal mucosa", "icd10cm:S01.512A|icd10cm:S01.502A"),
    ("laceration of tongue with FB", "icd10cm:S01.522A"),
])
def test_the_wound_leads_with_its_code(cat: Catalog, query: str, expected: str) -> None:
    assert rank_of(cat, query, expected) == 0


@pytest.mark.parametrize("query", ["traumatic perforation of ear drum", "open wound of ear drum",
                                   "Opn wnd ear drum-compl"])
def test_an_injured_ear_drum_is_its_traumatic_rupture(cat: Catalog, query: str) -> None:
    # Among the diagnoses (across every system the ear drum's procedures' reading still
    # leads with H72-H73: see the session's report).
    assert rank_of(cat, query, "icd10cm:S09.2", systems=["icd10cm"]) == 0
