"""The search page (``/`` and ``/search``): box with typeahead, filters, results, facets, pages.

Works without JavaScript: the form submits as a GET; the script only adds suggestions.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from medcodes.catalog.reader import Catalog
from medcodes.codes import code_key
from medcodes.search.engine import search
from medcodes.search.filters import MAX_OFFSET
from medcodes.search.types import SearchResponse
from medcodes.web.render import page
from medcodes.web.state import get_catalog

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 20
MAX_PAGES = MAX_OFFSET // PAGE_SIZE


def exact_code(response: SearchResponse, query: str) -> tuple[str, str] | None:
    """(system, code) when the query named exactly one code (``I21.9``, ``icd10cm:i219``)."""
    if query.strip().endswith("*") or response.interpreted_as not in ("code", "prefix"):
        return None
    typed = code_key(query.split(":", 1)[-1])
    exact = [h for h in response.hits if h.via == "code" and code_key(h.code) == typed]
    if len(exact) == 1:
        return exact[0].system, exact[0].code
    return None


def ranked_count(response: SearchResponse) -> int:
    """How many hits can be paged through: word searches rank a pool of the best matches
    (the facets count exactly that pool) while ``total`` counts every match."""
    pool = sum(response.facets.get("system", {}).values())
    return min(response.total, pool) if pool else response.total


def _url(params: dict[str, Any]) -> str:
    pairs = [(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])
             if v not in (None, "", [])]
    return "/search?" + urlencode(pairs)


def chapter_titles(cat: Catalog, codes: list[str]) -> dict[str, str]:
    """Titles for facet chapter codes (a chapter code names one root in its system)."""
    titles = {}
    for code in codes:
        found = cat.find(code)
        titles[code] = found[0].title if found else code
    return titles


@router.api_route("/", methods=["GET", "HEAD"])
@router.api_route("/search", methods=["GET", "HEAD"])
def search_page(
    request: Request,
    cat: Annotated[Catalog, Depends(get_catalog)],
    q: str = "",
    system: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI copies defaults
    billable: str = "",
    chapter: str = "",
    page_no: Annotated[int, Query(alias="page", ge=1)] = 1,
) -> Response:
    """Search results, or the welcome page when there is no query."""
    page_no = min(page_no, MAX_PAGES)
    flag = {"1": True, "0": False}.get(billable)
    params = {"q": q, "system": system, "billable": billable if flag is not None else "",
              "chapter": chapter}
    context: dict[str, Any] = {"q": q, "selected": system, "billable": params["billable"],
                               "chapter": chapter, "response": None}
    if not q.strip():
        return page(request, "search.html", context)
    response = search(
        cat, q, systems=system, billable=flag, chapter=chapter or None, limit=PAGE_SIZE,
        offset=(page_no - 1) * PAGE_SIZE,
    )
    filtered = bool(system or flag is not None or chapter)
    target = None if filtered or page_no > 1 else exact_code(response, q)
    if target:
        return RedirectResponse(f"/code/{target[0]}/{target[1]}", status_code=303)
    reachable = ranked_count(response)
    pages = min(-(-reachable // PAGE_SIZE), MAX_PAGES)
    facet_chapters = list(response.facets.get("chapter", {}))
    context.update(
        response=response,
        page=page_no,
        pages=pages,
        reachable=reachable,
        page_url=lambda n: _url({**params, "page": n}),
        toggle_url=lambda key, value: _url(_toggle(params, key, value)),
        chapter_titles=chapter_titles(cat, [c for c in facet_chapters if c != "None"]),
    )
    return page(request, "search.html", context)


def _toggle(params: dict[str, Any], key: str, value: str) -> dict[str, Any]:
    """The same search with one filter value switched on or off (and back to page 1)."""
    new = {k: (list(v) if isinstance(v, list) else v) for k, v in params.items()}
    if key == "system":
        chosen = new["system"]
        new["system"] = [s for s in chosen if s != value] if value in chosen else [*chosen, value]
    else:
        new[key] = "" if new.get(key) == value else value
    return new
