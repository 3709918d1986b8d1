"""The JSON API under /api/v1: search, typeahead, code records and their neighbourhood,
systems, and bulk lookup. Each handler calls one library function and returns its data.

Search and typeahead are ``async def`` on purpose: they run on the event loop's thread, which
keeps one warm SQLite connection and spelling cache per worker instead of one cold pair per
threadpool thread, and skips the thread hop (measured: ~35% more requests per second). A
search is a few milliseconds of CPU, so running it inline costs the loop nothing it could use.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from starlette.datastructures import QueryParams

from medcodes.catalog.lookup import lookup_codes
from medcodes.catalog.reader import Catalog
from medcodes.content.neighbours import hierarchy_neighbours
from medcodes.content.record import brief, code_record, crosswalk_entries
from medcodes.model import Concept
from medcodes.search.engine import search
from medcodes.search.suggest import suggest
from medcodes.search.types import MAX_LIMIT
from medcodes.web.render import shorten
from medcodes.web.state import get_catalog, json_response, to_json, web_state

router = APIRouter(prefix="/api/v1", tags=["api"])

CatalogDep = Annotated[Catalog, Depends(get_catalog)]
SystemsQ = Annotated[
    list[str], Query(description="Limit to these system ids; repeatable (system=a&system=b).")
]
MAX_LOOKUP = 1000
SUGGEST_LIMIT = 10


def _search_json(
    cat: Catalog, q: str, systems: tuple[str, ...], billable: bool | None, kind: str | None,
    chapter: str | None, code_range: str | None, limit: int, offset: int, mode: str,
) -> bytes:
    # The dataclass itself: orjson writes it directly, where ``to_dict`` (dataclasses.asdict,
    # which deep-copies) took 0.28 ms of a page of 20 hits.
    return to_json(search(
        cat, q, systems=list(systems), billable=billable, kind=kind, chapter=chapter,
        code_range=code_range, limit=limit, offset=offset, mode=mode,
    ))


async def api_search(
    request: Request,
    cat: CatalogDep,
    q: Annotated[str, Query(description="The query: a code, prefix, range or words.")] = "",
    system: SystemsQ = [],  # noqa: B006 - FastAPI copies defaults per request
    billable: Annotated[
        bool | None, Query(description="Only billable (true) or non-billable (false) codes.")
    ] = None,
    kind: Annotated[
        str | None, Query(description="Only this kind: chapter, block, category, code ...")
    ] = None,
    chapter: Annotated[
        str | None, Query(description="Only codes in this chapter (its code).")
    ] = None,
    code_range: Annotated[
        str | None, Query(alias="range", description="Only codes in a range, e.g. E08-E13.")
    ] = None,
    limit: Annotated[int, Query(description=f"Results per page (1-{MAX_LIMIT}).")] = 20,
    offset: Annotated[int, Query(description="Results to skip, for pagination.")] = 0,
    mode: Annotated[str, Query(description="words, meaning or hybrid.")] = "hybrid",
) -> Response:
    """The library's search response: hits with snippets, facets, corrections, total."""
    return json_response(web_state(request).cached(
        _search_json, cat, q, tuple(system), billable, kind, chapter, code_range, limit, offset,
        mode,
    ))


PLAIN_BOOLS = {"true": True, "false": False}


def _plain_int(value: str | None, default: int) -> int | None:
    """``value`` as FastAPI would read it when it is plain ASCII digits; else None."""
    if value is None:
        return default
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


def search_args(params: QueryParams) -> tuple[Any, ...] | None:
    """``_search_json``'s arguments after the catalog, read from the URL's parameters when they
    are plain (text, digits, true or false); None (the full FastAPI path, with its validation
    errors) otherwise."""
    limit = _plain_int(params.get("limit"), 20)
    offset = _plain_int(params.get("offset"), 0)
    raw_billable = params.get("billable")
    billable = PLAIN_BOOLS.get(raw_billable) if raw_billable is not None else None
    if limit is None or offset is None or (raw_billable is not None and billable is None):
        return None
    return (params.get("q", ""), tuple(params.getlist("system")), billable, params.get("kind"),
            params.get("chapter"), params.get("range"), limit, offset,
            params.get("mode", "hybrid"))


async def _search_lean(request: Request) -> Response | None:
    """``api_search`` from the URL's parameters when they are plain (``search_args``)."""
    args = search_args(request.query_params)
    if args is None:
        return None
    cat = await get_catalog(request)
    return json_response(web_state(request).cached(_search_json, cat, *args))


def _suggest_json(cat: Catalog, q: str, systems: tuple[str, ...]) -> bytes:
    return to_json(suggest(cat, q, systems=systems, limit=SUGGEST_LIMIT).to_dict())


async def api_suggest(
    request: Request,
    cat: CatalogDep,
    q: Annotated[str, Query(description="What has been typed so far.")] = "",
    system: SystemsQ = [],  # noqa: B006
) -> Response:
    """`items` of `{system, code, title, snippet}`; `snippet` is HTML with `<mark>`."""
    return json_response(web_state(request).cached(_suggest_json, cat, q, tuple(system)))


def suggest_args(params: QueryParams) -> tuple[Any, ...]:
    """``_suggest_json``'s arguments after the catalog: its two text parameters cannot be
    invalid."""
    return params.get("q", ""), tuple(params.getlist("system"))


async def _suggest_lean(request: Request) -> Response:
    """``api_suggest`` without FastAPI's parameter solving."""
    args = suggest_args(request.query_params)
    cat = await get_catalog(request)
    return json_response(web_state(request).cached(_suggest_json, cat, *args))


# The hot endpoints by path: their plain arguments from the URL (None: not plain) and the
# function whose bytes answer them, for ``web.hot``, which answers them before FastAPI's stack.
HOT: dict[str, tuple[Callable[[QueryParams], tuple[Any, ...] | None], Callable[..., bytes]]] = {
    "/api/v1/search": (search_args, _search_json),
    "/api/v1/suggest": (suggest_args, _suggest_json),
}


LeanHandler = Callable[[Request], Coroutine[Any, Any, Response | None]]


def lean_route(lean: LeanHandler) -> type[APIRoute]:
    """A route documented from its endpoint's signature like any other, but answered by
    ``lean``, which reads the parameters straight from the URL, falling back to FastAPI's own
    handler (dependency solving, validation, its 422s) when ``lean`` returns None. FastAPI's
    solving costs ~0.1 ms per request (measured in process), a tenth of a typeahead answer."""

    class LeanRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            full = super().get_route_handler()

            async def handler(request: Request) -> Response:
                response = await lean(request)
                return response if response is not None else await full(request)

            return handler

    return LeanRoute


router.add_api_route(
    "/search", api_search, methods=["GET"], response_class=Response,
    summary="Search codes by code, prefix, range or words",
    route_class_override=lean_route(_search_lean),
)
router.add_api_route(
    "/suggest", api_suggest, methods=["GET"], response_class=Response,
    summary="Typeahead: at most 10 lean suggestions", route_class_override=lean_route(_suggest_lean),
)


def concept_or_404(cat: Catalog, system: str, code: str) -> Concept:
    """The concept, or a 404 that says whether the system or the code is unknown."""
    if cat.system(system) is None:
        known = ", ".join(s.id for s in cat.systems() if s.is_default)
        raise HTTPException(404, f"unknown system {shorten(system)!r}; the catalog has {known}")
    concept = cat.get(system, code)
    if concept is None:
        raise HTTPException(404, f"no code {shorten(code)!r} in {system}")
    return concept


@router.get("/codes/{system}/{code}", summary="Everything the code page shows")
def api_code(cat: CatalogDep, system: str, code: str) -> dict[str, Any]:
    return code_record(cat, concept_or_404(cat, system, code))


@router.get("/codes/{system}/{code}/children", summary="Direct children, in order")
def api_children(cat: CatalogDep, system: str, code: str) -> dict[str, Any]:
    c = concept_or_404(cat, system, code)
    items = [brief(ch) for ch in cat.children(c.system, c.code, c.version)]
    return {"system": c.system, "code": c.code, "items": items}


@router.get("/codes/{system}/{code}/ancestors", summary="Path from the root to the parent")
def api_ancestors(cat: CatalogDep, system: str, code: str) -> dict[str, Any]:
    c = concept_or_404(cat, system, code)
    items = [brief(a) for a in cat.ancestors(c.system, c.code, c.version)]
    return {"system": c.system, "code": c.code, "items": items}


@router.get("/codes/{system}/{code}/similar", summary="Similar codes, grouped")
def api_similar(cat: CatalogDep, system: str, code: str) -> dict[str, Any]:
    """The content layer's similar codes when it has them, else hierarchy neighbours."""
    c = concept_or_404(cat, system, code)
    similar = code_record(cat, c).get("similar")
    if similar:
        return {"system": c.system, "code": c.code, "source": "content", "groups": similar}
    groups = hierarchy_neighbours(cat, c)
    return {"system": c.system, "code": c.code, "source": "hierarchy", "groups": groups}


@router.get("/codes/{system}/{code}/crosswalk", summary="Crosswalk links with their flags")
def api_crosswalk(
    cat: CatalogDep, system: str, code: str,
    target: Annotated[str | None, Query(description="Only links to this system.")] = None,
) -> dict[str, Any]:
    """Links from this code (`links`) and links from other systems to it (`reverse`)."""
    c = concept_or_404(cat, system, code)
    return {
        "system": c.system,
        "code": c.code,
        "links": crosswalk_entries(cat, cat.crosswalk(c.system, c.code, target)),
        "reverse": crosswalk_entries(cat, cat.reverse_crosswalk(c.system, c.code), reverse=True),
    }


@router.get("/systems", summary="Code systems and releases in the catalog")
def api_systems(cat: CatalogDep) -> dict[str, Any]:
    return {
        "built_at": cat.meta.get("built_at"),
        "systems": [
            {
                "id": s.id, "name": s.name, "version": s.version, "release_date": s.release_date,
                "source": s.source, "licence": s.licence, "fhir_uri": s.fhir_uri,
                "origin": s.origin, "is_default": s.is_default, "concepts": s.concepts,
                "billable": s.billable,
            }
            for s in cat.systems()
        ],
    }


class LookupRequest(BaseModel):
    """Codes to validate, e.g. from claims data; qualify one as `icd10cm:I21.9` if needed."""

    codes: list[str] = Field(max_length=MAX_LOOKUP, description=f"Up to {MAX_LOOKUP} codes.")
    system: str | None = Field(None, description="Look every code up in this system only.")


@router.post("/lookup", summary="Validate up to 1,000 codes at once")
def api_lookup(cat: CatalogDep, body: LookupRequest) -> dict[str, Any]:
    """Per input, in order: `status` found / ambiguous / not_found / invalid_format."""
    results = lookup_codes(cat, body.codes, body.system)
    counts: dict[str, int] = {}
    for r in results:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    return {"counts": counts, "results": results}
