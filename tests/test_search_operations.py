"""Operations, tests and treatments as patients and families tell them ("they took out my
appendix through a few small cuts", "wart frozen off", "got stitches on my chin", "squint
operation for my daughter"), searched across all systems as the search box does: a surgery
asked for by name, a phrasal verb of what was done, stitches as the repair of the skin, and the
everyday names of treatments (a clot buster, a nerve block, the blue lights)."""

from __future__ import annotations

import pytest

from dev_lists import rates
from medcodes.catalog.reader import Catalog
from medcodes.search.procedure_intent import names_a_procedure
from medcodes.search.query import parse


def _pcs_within(cat: Catalog, query: str, prefix: str, within: int = 1) -> None:
    """The query's first ``within`` hits across all systems hold an ICD-10-PCS code under
    ``prefix``."""
    got = [(h.system, h.code) for h in cat.search(query, limit=within).hits]
    assert any(s == "icd10pcs" and c.startswith(prefix) for s, c in got), got


@pytest.mark.parametrize(("query", "operating"), [
    ("sinus surgery", True),
    ("squint operation for my daughter", True),
    ("numbed for my op", True),
    # said as the time of something else, or a syndrome's name, it asks for no operation
    ("pain after surgery", False),
    ("cleared for an operation", False),
    ("infection since my op", False),
    ("failed back surgery syndrome", False),
])
def test_a_surgery_asked_for_by_name_names_a_procedure(query: str, operating: bool) -> None:
    assert names_a_procedure(parse(query).slots, query) is operating


@pytest.mark.parametrize(("query", "prefix"), [
    ("got stitches on my chin", "0HQ1"),  # Repair Face Skin
    ("stitches in my arm", "0HQ"),
    ("wart frozen off", "0H5"),  # Destruction of Skin
    ("tattoo lasered off", "0H5"),
    ("skin tag snipped off", "0HB"),  # Excision of Skin
    ("fat sucked out of my belly", "0JD8"),  # Extraction of Abdomen Subcutaneous Tissue
    ("nerve block for pain", "3E0T3BZ"),  # anesthetic into peripheral nerves
    ("doctor turned the baby from the outside", "10S0"),  # external version
    ("undescended testicle brought down", "0VS"),  # orchiopexy
    ("womb scraped", "0UDB"),  # D&C
])
def test_what_was_done_in_everyday_words_leads_with_its_pcs_code(cat: Catalog, query: str,
                                                                 prefix: str) -> None:
    _pcs_within(cat, query, prefix)


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.0, 0.0), ("hybrid", 0.0, 0.0)])
def test_operations_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # Measured (of 129) words ? first and ? in ten, hybrid ? and ?; main before this work:
    # words ? and ?, hybrid 30 and 57.
    got1, got10 = rates(cat, "operations_dev.tsv", mode=mode)
    assert got1 >= at1 and got10 >= at10, (got1, got10)
