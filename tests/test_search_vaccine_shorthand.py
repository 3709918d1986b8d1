"""A vaccine said shortened, misspelled or needed ("vaccin for plague", "need for vaccination
against ...", "tetanus toxoid") is the encounter for immunization (Z23), whatever disease it
is for: ICD-10-CM names no vaccine, and the disease is not had."""

from __future__ import annotations

import pytest

from medcodes.catalog.reader import Catalog


@pytest.mark.parametrize("query", [
    "vaccination for tuberculosis",  # a disease no vaccine list names
    "vaccine against plague",
    "vaccin for smallpox",  # shortened
    "need for other specified vaccination",
    "nd vaccination strep pneumo/influenza",  # the need said, the rest shorthand
    "tetanus toxoid",
])
def test_a_vaccine_for_any_disease_is_the_immunization(cat: Catalog, query: str) -> None:
    hits = cat.search(query, systems=["icd10cm"], limit=3).hits
    assert hits[0].code == "Z23", [h.code for h in hits]


def test_the_disease_and_the_harm_keep_their_codes(cat: Catalog) -> None:
    assert cat.search("vaccinia", systems=["icd10cm"], limit=1).hits[0].code.startswith("B08")
    hits = cat.search("reaction to tetanus toxoid", systems=["icd10cm"], limit=3).hits
    assert hits[0].code.startswith("T88.1"), [h.code for h in hits]
    hits = cat.search("refused flu vaccine", systems=["icd10cm"], limit=3).hits
    assert hits[0].code.startswith("Z28"), [h.code for h in hits]
