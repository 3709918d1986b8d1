"""The FastAPI application: one factory that opens the catalog and wires routers, templates,
static files, error handlers, HTTP caching and CORS.

``uvicorn --factory medcodes.web.app:create_app`` (what ``medcodes serve`` runs, also with
several workers) reads the catalog path from ``MEDCODES_DB``.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from medcodes import __version__
from medcodes.catalog.paths import default_db_path
from medcodes.catalog.reader import Catalog
from medcodes.fhir.router import fhir_router
from medcodes.web import (
    api,
    clinical_tables,
    docs,
    errors,
    health,
    limits,
    pages_about,
    pages_browse,
    pages_code,
    pages_search,
)
from medcodes.web.caching import CachingMiddleware
from medcodes.web.hot import HotApp
from medcodes.web.limits import LimitsMiddleware
from medcodes.web.security import SecurityHeadersMiddleware
from medcodes.web.state import STATIC, get_catalog, open_state

CORS_ENV = "MEDCODES_CORS_ORIGINS"

DESCRIPTION = """Search all medical codes and explain each one, from one offline catalog.

* `/api/v1/...`: search, typeahead, code records, hierarchy, crosswalks, bulk lookup.
* `/api/{table}/v3/search`: answers like NLM's Clinical Tables Search Service, so
  autocompleters written for it work unchanged.

Errors are JSON `{"error": message}` with status 400, 404, 413, 422 or 503.

Limits: queries of at most 500 characters; `limit` 1-500 and `offset` 0-10,000; Clinical
Tables `count` at most 500; 1,000 codes per lookup; request bodies of at most 1 MiB (413); a
time budget per request (5 s by default, `MEDCODES_TIME_BUDGET`), past which the answer is 503
with `Retry-After`.
"""


def cors_origins() -> list[str]:
    """Origins allowed by ``MEDCODES_CORS_ORIGINS`` (comma-separated; unset: none)."""
    raw = os.environ.get(CORS_ENV, "")
    return [o.strip() for o in raw.split(",") if o.strip()]


def create_app(catalog: Catalog | Path | str | None = None) -> HotApp:
    """Build the app over ``catalog`` (a Catalog, a path, or None for ``MEDCODES_DB``)."""
    state = open_state(catalog if catalog is not None else default_db_path())
    app = HotApp(
        title="medcodes",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # the bundled Swagger UI loads from a CDN; /docs is a local page
        redoc_url=None,
        lifespan=limits.lifespan,
    )
    app.state.web = state
    errors.install(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (
        health, api, clinical_tables, docs, pages_search, pages_code, pages_browse, pages_about,
    ):
        app.include_router(module.router, responses=errors.JSON_ERRORS)
    app.include_router(fhir_router(get_catalog), responses=errors.FHIR_ERRORS)
    app.add_middleware(CachingMiddleware, built_at=lambda: state.built_at)
    app.add_middleware(LimitsMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    origins = cors_origins()
    if origins:  # outermost, so 304s and errors carry the CORS headers too
        app.add_middleware(
            CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "If-None-Match"], expose_headers=["ETag"],
            max_age=600,
        )
        app.hot = False  # CORS headers depend on the request's Origin: the long way round
    return app
