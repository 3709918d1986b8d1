"""Chronic obstructive lung disease said with an acute lower respiratory infection ("COPD with
acute bronchitis", "Obs chr bronc w ac bronc", "COPD w pneumonia"): ICD-10-CM codes the
pair as J44.0 "Chronic obstructive pulmonary disease with (acute) lower respiratory
infection" (the index: Bronchitis, chronic, obstructive, with acute bronchitis J44.0), and
bronchiectasis with one as J47.0; read as words, "acute" found J44.1's "(acute) exacerbation"
and the bronchitis found J20 and J40, and the infection's own words are in neither title. Such
a query is restated as the titles say it."""

from __future__ import annotations

import re

_COPD = re.compile(
    r"\b(?:copd|coad|copd\w*|chronic\s+obstructive(?:\s+(?:pulmonary|lung|airways?)"
    r"(?:\s+disease)?)?|(?:obs|obstr|obstructive)\.?\s+(?:chr|chronic)\.?\s+bronc\w*"
    r"|(?:chr|chronic)\.?\s+(?:obs|obstr|obstructive)\.?\s+bronc\w*)\b", re.IGNORECASE)
_BRONCHIECTASIS = re.compile(r"\bbronchiectasis\b", re.IGNORECASE)
_WITH = r"(?:with|w/?|plus|and|\+)"
_INFECTION = re.compile(
    rf"(?:^|\s){_WITH}\s+(?:an?\s+)?(?:(?:acute|ac)\.?\s+)?(?:bronch(?:itis)?|bronc\b|bronchiolitis"
    r"|pneumonia|pneumonitis|lrti|chest\s+infection|(?:lower\s+)?resp\w*\s+(?:tract\s+)?infection"
    r"|lower\s+respiratory)", re.IGNORECASE)


def airway_infection(query: str) -> str | None:
    """The titles' words for an obstructive lung disease with an acute lower respiratory
    infection (see the module), else None."""
    found = _INFECTION.search(query)
    if not found:
        return None
    head = query[:found.start()]
    if _COPD.search(head):
        return "chronic obstructive pulmonary disease with acute lower respiratory infection"
    if _BRONCHIECTASIS.search(head):
        return "bronchiectasis with acute lower respiratory infection"
    return None
