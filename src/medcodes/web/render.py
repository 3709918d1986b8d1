"""Rendering a page: the template plus what every page's layout needs (assets, systems)."""

from __future__ import annotations

import sqlite3
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from medcodes import __version__
from medcodes.catalog.reader import Catalog, CatalogError
from medcodes.web.state import web_state

# Plain words for GEM flags, shown beside each crosswalk row.
FLAG_HELP = {
    "exact": "Identical meaning: the two codes are equivalent.",
    "approximate": "Approximate: the codes are close in meaning but not equivalent; review it.",
    "no map": "No map: no code in the other system corresponds to this one.",
    "combination": "Combination: this code maps to several codes used together; pick one code "
    "from each choice list of the same scenario.",
}

SYSTEM_SHORT = {
    "icd10cm": "ICD-10-CM",
    "icd10pcs": "ICD-10-PCS",
    "icd9cm": "ICD-9-CM",
    "icd9pcs": "ICD-9-CM Vol. 3",
    "hcpcs": "HCPCS",
    "cpt": "CPT",
    "loinc": "LOINC",
}


def shorten(text: str, limit: int = 40) -> str:
    """User input echoed in a message, cut so a huge URL does not make a huge page."""
    return text if len(text) <= limit else text[:limit] + "…"


def system_label(system_id: str, cat: Catalog | None = None) -> str:
    if system_id in SYSTEM_SHORT:
        return SYSTEM_SHORT[system_id]
    rec = cat.system(system_id) if cat else None
    return rec.name if rec else system_id


def page(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    """A TemplateResponse (tests read ``.template`` and ``.context``) with the layout's data."""
    state = web_state(request)
    cat = state.catalog
    try:
        systems = [s for s in cat.systems() if s.is_default] if cat else []
    except (CatalogError, sqlite3.Error):  # an error page about a bad catalog still renders
        systems = []
    base = {
        "assets": state.assets,
        "version": __version__,
        "all_systems": systems,
        "system_label": lambda sid: system_label(sid, cat),
    }
    return state.templates.TemplateResponse(
        request, name, {**base, **context}, status_code=status_code
    )
