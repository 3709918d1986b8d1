"""The page of one code (``/code/{system}/{code}``) and the short form ``/code/{code}``.

The page renders ``content.record.code_record`` as is, so it never disagrees with the API or
the CLI; sections and similar codes added by the content layer show up when present.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from medcodes.catalog.reader import Catalog
from medcodes.content.neighbours import hierarchy_neighbours
from medcodes.content.record import brief, code_record, crosswalk_entries
from medcodes.content.unmapped import unmapped
from medcodes.web.render import FLAG_HELP, page, shorten
from medcodes.web.state import get_catalog

router = APIRouter(include_in_schema=False)
CatalogDep = Annotated[Catalog, Depends(get_catalog)]


# Content sections that restate a structured panel of the page, by the panel they restate.
# The page shows the panel (grouped, with "from X" and flag legends) and skips the section;
# when the panel is empty the section is shown, so nothing is lost.
RESTATED_BY = {
    "includes": "notes",
    "excludes": "notes",
    "coding": "notes",
    "crosswalks": "crosswalk",
    "related": "similar",
}


def crosswalk_groups(
    links: list[dict[str, Any]], reverse: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Crosswalk rows grouped by direction and other system, each flag explained once."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    rows = [("to", ln["target_system"], ln["target_code"], ln.get("target_title"), ln)
            for ln in links]
    rows += [("from", ln["source_system"], ln["source_code"], ln.get("source_title"), ln)
             for ln in reverse]
    for direction, system, code, title, ln in rows:
        g = groups.setdefault((direction, system), {"direction": direction, "system": system,
                                                    "rows": [], "flags": []})
        g["rows"].append({"system": system, "code": code, "title": title,
                          "flag_names": ln["flag_names"], "source": ln["source"]})
        for name in ln["flag_names"]:
            key = "combination" if name.startswith("scenario") else name
            if key in FLAG_HELP and key not in g["flags"]:
                g["flags"].append(key)
    return list(groups.values())


@router.api_route("/code/{system}/{code}", methods=["GET", "HEAD"])
def code_page(request: Request, cat: CatalogDep, system: str, code: str) -> Response:
    if cat.system(system) is None:
        raise HTTPException(404, f"There is no code system {shorten(system)!r} in this catalog.")
    concept = cat.get(system, code)
    if concept is None:
        raise HTTPException(404, f"There is no {system} code {shorten(code)!r} in this release.")
    if concept.code != code:  # i219 -> I21.9: one permalink per code
        return RedirectResponse(f"/code/{system}/{concept.code}", status_code=301)
    record = code_record(cat, concept)
    similar = record.get("similar") or hierarchy_neighbours(cat, concept, limit=12)
    reverse = crosswalk_entries(cat, cat.reverse_crosswalk(system, concept.code), reverse=True)
    groups = crosswalk_groups(record.get("crosswalk") or [], reverse)
    shown = {"notes": bool(record.get("notes")), "crosswalk": bool(groups),
             "similar": any(g.get("items") for g in similar)}
    sections = [
        sec for sec in record.get("sections") or []
        if (sec.get("html") or sec.get("text"))
        # A panel already shows the derived facts; article text is never hidden.
        and not (sec.get("source") == "derived"
                 and shown.get(RESTATED_BY.get(sec.get("id", ""), "")))
    ]
    return page(request, "code.html", {
        "record": record,
        "sections": sections,
        "crosswalk_groups": groups,
        "unmapped": None if groups else unmapped(cat, concept),
        "flag_help": FLAG_HELP,
        "similar": similar,
        "permalink": str(request.url_for("code_page", system=system, code=concept.code)),
    })


@router.api_route("/code/{code}", methods=["GET", "HEAD"])
def code_short(request: Request, cat: CatalogDep, code: str) -> Response:
    """Redirect to the one code ``code`` names; list the candidates when several systems have it."""
    matches = cat.find(code)
    if not matches:
        raise HTTPException(404, f"No code {shorten(code)!r} in any system of this catalog.")
    if len(matches) == 1:
        c = matches[0]
        return RedirectResponse(f"/code/{c.system}/{c.code}", status_code=302)
    candidates = [brief(c) for c in matches]
    return page(request, "candidates.html", {"code": code, "candidates": candidates})
