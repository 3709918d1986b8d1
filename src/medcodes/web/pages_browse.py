"""Browse a classification top-down: ``/browse`` lists systems, ``/browse/{system}`` its roots,
``?code=`` drills into one node's children, each with how many children it has.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from medcodes.catalog.browse import billable_per_chapter, child_counts, roots
from medcodes.catalog.reader import Catalog
from medcodes.content.record import brief
from medcodes.web.render import page, shorten
from medcodes.web.state import get_catalog

router = APIRouter(include_in_schema=False)
CatalogDep = Annotated[Catalog, Depends(get_catalog)]


@router.api_route("/browse", methods=["GET", "HEAD"])
def browse_index(request: Request, cat: CatalogDep) -> Response:
    return page(request, "browse.html", {"system": None, "node": None, "items": [], "path": []})


@router.api_route("/browse/{system}", methods=["GET", "HEAD"])
def browse_system(request: Request, cat: CatalogDep, system: str, code: str = "") -> Response:
    rec = cat.system(system)
    if rec is None:
        raise HTTPException(404, f"There is no code system {shorten(system)!r} in this catalog.")
    node = None
    path = []
    billable_counts: dict[str, int] = {}
    if code:
        concept = cat.get(system, code)
        if concept is None:
            raise HTTPException(404, f"There is no {system} code {shorten(code)!r} to browse.")
        node = brief(concept)
        path = [brief(a) for a in cat.ancestors(system, concept.code)]
        level = cat.children(system, concept.code)
    else:
        level = roots(cat, system)
        billable_counts = billable_per_chapter(cat, system)
    counts = child_counts(cat, system, [c.code for c in level])
    items = [
        {**brief(c), "children": counts.get(c.code, 0),
         "billable_below": billable_counts.get(c.code)}
        for c in level
    ]
    return page(request, "browse.html", {
        "system": rec, "node": node, "path": path, "items": items,
    })
