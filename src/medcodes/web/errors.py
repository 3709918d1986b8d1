"""Errors as the client expects them: JSON ``{"error": message}`` under /api, a friendly page
elsewhere. A user's bad input is a 400/404/422 with a message, never a 500 and a traceback.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from medcodes.catalog.live import (
    BudgetExceeded,
    budget_tripped,
    failure_message,
    release_budget,
)
from medcodes.catalog.reader import CatalogError
from medcodes.fhir.outcome import FhirError
from medcodes.fhir.router import outcome_response
from medcodes.search.types import QueryError
from medcodes.web.render import page

log = logging.getLogger("medcodes.web")

TITLES = {
    400: "That search could not be run",
    404: "Not found",
    405: "Method not allowed",
    413: "That request is too large",
    422: "That request could not be understood",
    500: "Something went wrong",
    503: "The code catalog is not available",
}


class ErrorBody(BaseModel):
    """Every JSON error: one readable message."""

    error: str


def _documented(statuses: dict[int, str], content: dict[str, Any]) -> dict[int | str, Any]:
    return {status: {"description": text, "content": content} for status, text in statuses.items()}


# The error answers of the JSON API and the FHIR routes, for the OpenAPI schema (included with
# each router in ``app.py``), so clients and schema-driven tests know every status they may get.
JSON_ERRORS = _documented(
    {400: "A bad value (unknown system, limit out of range, query over 500 characters)",
     404: "Unknown code, system or table",
     413: "Request body over 1 MiB",
     422: "A parameter or body of the wrong type or shape",
     503: "No usable catalog, or the request ran over its time budget"},
    {"application/json": {"schema": ErrorBody.model_json_schema()}},
)
FHIR_ERRORS = _documented(
    {400: "Invalid parameters", 404: "Unknown code system, code or endpoint",
     405: "A write method: the server is read-only", 406: "A _format other than JSON",
     413: "Request body over 1 MiB", 415: "A POST body that is not FHIR JSON",
     422: "A request the operation cannot process",
     503: "No usable catalog, or the request ran over its time budget"},
    {"application/fhir+json": {"schema": {
        "type": "object", "required": ["resourceType", "issue"],
        "properties": {"resourceType": {"const": "OperationOutcome"},
                       "issue": {"type": "array", "items": {"type": "object"}}},
    }}},
)


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/fhir")) or path in ("/openapi.json", "/healthz", "/readyz")


# HTTP status -> FHIR issue type, for errors raised before a FHIR route runs (no route matched,
# a body over the limit, the time budget).
FHIR_ISSUE = {404: "not-found", 405: "not-supported", 413: "too-costly", 503: "transient",
              500: "exception"}


def error_response(request: Request, status: int, message: str, **extra: Any) -> Response:
    """The one place an error becomes a response: an OperationOutcome under /fhir, JSON under
    /api, a page elsewhere."""
    if request.url.path.startswith("/fhir"):
        return outcome_response(FhirError(message, FHIR_ISSUE.get(status, "invalid"), status))
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

    @app.exception_handler(BudgetExceeded)
    @app.exception_handler(sqlite3.Error)
    async def _catalog_failure(request: Request, exc: Exception) -> Response:
        """A query aborted for the time budget, or a catalog file that cannot be read."""
        release_budget()  # the error page may read the catalog (its list of systems)
        if isinstance(exc, sqlite3.Error) and not budget_tripped():
            log.warning("catalog query failed on %s: %s", request.url.path, exc)
        response = error_response(request, 503, failure_message(exc))
        response.headers["retry-after"] = "1"
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return error_response(request, 500, "an unexpected error occurred; it has been logged")
