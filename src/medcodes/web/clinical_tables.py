"""An endpoint that answers like NLM's Clinical Tables Search Service (``/api/{table}/v3/search``)
so autocompleters written for that service work against medcodes unchanged.

The answer is ``[total, [codes], extra_or_null, [[display fields]]]``. As in NLM's tables, only
billable codes are listed. ``q`` (Elasticsearch syntax there) is not supported and is ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response

from medcodes.catalog.reader import Catalog
from medcodes.codes import code_key
from medcodes.search.engine import search
from medcodes.search.types import Hit
from medcodes.web.render import shorten
from medcodes.web.state import get_catalog, json_response, to_json, web_state

router = APIRouter(tags=["clinical tables"])

# NLM table name -> medcodes system id.
TABLES = {
    "icd10cm": "icd10cm",
    "icd10pcs": "icd10pcs",
    "icd9cm_dx": "icd9cm",
    "icd9cm_sg": "icd9pcs",
    "hcpcs": "hcpcs",
    "cpt": "cpt",
    "loinc": "loinc",
}
FIELDS: dict[str, Callable[[Hit], Any]] = {
    "code": lambda h: h.code,
    "code_dotted": lambda h: h.code,
    "code_undotted": lambda h: code_key(h.code),
    "name": lambda h: h.title,
    "long_name": lambda h: h.title,
    "short_name": lambda h: h.title,
    "billable": lambda h: h.billable,
    "system": lambda h: h.system,
}
CODE_FIELDS = {"code", "code_dotted", "code_undotted"}
MAX_COUNT = 500
MAX_WINDOW = 7500  # NLM: offset + count may not exceed this


def _fields(text: str, param: str) -> list[tuple[str, str]]:
    """Parse ``a,b:alias`` into [(field, output name)], rejecting unknown fields."""
    out = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        name, _, alias = part.partition(":")
        if name not in FIELDS:
            raise HTTPException(
                400, f"{param}: unknown field {shorten(name)!r}; fields are {', '.join(FIELDS)}"
            )
        out.append((name, alias or name))
    return out


def _window(max_list: str | None, count: int, offset: int) -> tuple[int, int]:
    """(limit, offset): ``maxList`` (empty means 500) wins over ``count``/``offset``."""
    if max_list is not None:
        if max_list.strip() == "":
            return MAX_COUNT, 0
        if not max_list.strip().isdigit():
            raise HTTPException(400, "maxList must be a whole number")
        return max(1, min(int(max_list), MAX_COUNT)), 0
    if not 1 <= count <= MAX_COUNT:
        raise HTTPException(400, f"count must be between 1 and {MAX_COUNT}")
    if offset < 0 or offset + count > MAX_WINDOW:
        raise HTTPException(400, f"offset + count may not exceed {MAX_WINDOW}")
    return count, offset


def _answer(
    cat: Catalog, system: str, terms: str, limit: int, offset: int, code_only: bool,
    cf: str, df: tuple[tuple[str, str], ...], ef: tuple[tuple[str, str], ...],
) -> bytes:
    r = search(cat, terms, systems=[system], billable=True, limit=limit, offset=offset)
    if code_only and r.interpreted_as not in ("code", "prefix", "range"):
        return to_json([0, [], None, []])
    hits = r.hits
    extra = {alias: [FIELDS[name](h) for h in hits] for name, alias in ef} if ef else None
    return to_json([
        r.total,
        [FIELDS[cf](h) for h in hits],
        extra,
        [[str(FIELDS[name](h)) for name, _ in df] for h in hits],
    ])


@router.get(
    "/api/{table}/v3/search",
    summary="Clinical Tables-compatible search",
    description="Tables: " + ", ".join(TABLES) + " (those whose system is in the catalog). "
    "Answers `[total, [codes], extra_or_null, [[display fields]]]`.",
    response_class=Response,
)
async def clinical_search(
    request: Request,
    table: str,
    cat: Annotated[Catalog, Depends(get_catalog)],
    terms: Annotated[str | None, Query(description="The search string (required).")] = None,
    max_list: Annotated[
        str | None, Query(alias="maxList", description="Number of results (no paging; empty: 500).")
    ] = None,
    count: Annotated[int, Query(description="Page size (max 500).")] = 7,
    offset: Annotated[int, Query(description="0-based start, with count.")] = 0,
    sf: Annotated[str, Query(description="Fields searched: code, name.")] = "code,name",
    df: Annotated[str, Query(description="Display fields, comma-separated.")] = "code,name",
    ef: Annotated[
        str, Query(description="Extra fields returned in element 3 (field:alias).")
    ] = "",
    cf: Annotated[str, Query(description="The field used as the code in element 2.")] = "code",
    q: Annotated[str | None, Query(description="Not supported; ignored.")] = None,
) -> Response:
    system = TABLES.get(table)
    present = {s.id for s in cat.systems()}
    if system is None or system not in present:
        offered = [t for t, s in TABLES.items() if s in present]
        raise HTTPException(404, f"unknown table {shorten(table)!r}; tables are {', '.join(offered)}")
    if terms is None:
        raise HTTPException(400, "terms is required")
    limit, start = _window(max_list, count, offset)
    searched = {name for name, _ in _fields(sf, "sf")}
    display = tuple(_fields(df, "df")) or (("code", "code"), ("name", "name"))
    extra = tuple(_fields(ef, "ef"))
    if cf not in FIELDS:
        raise HTTPException(400, f"cf: unknown field {shorten(cf)!r}")
    return json_response(web_state(request).cached(
        _answer, cat, system, terms, limit, start, bool(searched) and searched <= CODE_FIELDS,
        cf, display, extra,
    ))
