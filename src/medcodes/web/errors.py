"""Errors as the client expects them: JSON ``{"error": message}`` under /api, a friendly page
elsewhere. A user's bad input is a 400/404/422 with a message, never a 500 and a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from medcodes.catalog.reader import CatalogError
from medcodes.search.types import QueryError
from medcodes.web.render import page

log = logging.getLogger("medcodes.web")

TITLES = {
    400: "That search could not be run",
    404: "Not found",
    405: "Method not allowed",
    422: "That request could not be understood",
    500: "Something went wrong",
    503: "The code catalog is not available",
}


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/fhir")) or path in ("/openapi.json", "/healthz", "/readyz")


def error_response(request: Request, status: int, message: str, **extra: Any) -> Response:
    """The one place an error becomes a response, JSON or HTML by path."""
    if wants_json(request):
        return JSONResponse({"error": message, **extra}, status_code=status)
    return page(
        request, "error.html",
        {"status": status, "title": TITLES.get(status, "Error"), "message": message, **extra},
        status_code=status,
    )


def validation_message(exc: RequestValidationError) -> str:
    """One readable sentence from pydantic's list of errors: ``limit: Input should be ...``."""
    parts = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body")]
        where = ".".join(loc) or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid value')}")
    return "; ".join(parts) or "invalid request"


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(QueryError)
    async def _query_error(request: Request, exc: QueryError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "")
        response = error_response(request, exc.status_code, message)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(CatalogError)
    async def _catalog(request: Request, exc: CatalogError) -> Response:
        return error_response(request, 503, str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return error_response(request, 500, "an unexpected error occurred; it has been logged")
