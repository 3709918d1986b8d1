"""About the data: which code systems, releases, sources and licences the catalog holds."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from medcodes.catalog.reader import Catalog
from medcodes.web.render import page
from medcodes.web.state import get_catalog

router = APIRouter(include_in_schema=False)


@router.api_route("/about", methods=["GET", "HEAD"])
def about_page(request: Request, cat: Annotated[Catalog, Depends(get_catalog)]) -> Response:
    return page(request, "about.html", {"systems": cat.systems(), "meta": cat.meta})
