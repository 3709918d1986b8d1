"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from medcodes import __version__
from medcodes.catalog.reader import CatalogError
from medcodes.web.state import web_state

router = APIRouter(tags=["health"])


@router.head("/healthz", include_in_schema=False)
@router.get("/healthz", summary="The process is alive")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


# What a non-current catalog file means for an operator (``ServedCatalog.file_status``).
FILE_NOTES = {
    "replaced": "a new catalog file is at the path; this process still serves the one it "
    "opened: send SIGHUP to `medcodes serve` (or restart) to serve the new one",
    "missing": "the catalog file was removed from the path; this process still serves the "
    "one it opened, and a restart would find none",
}


@router.get("/readyz", summary="The catalog is open and readable", response_model=None)
def readyz(request: Request) -> dict[str, Any] | JSONResponse:
    """200 with the served catalog's identity; 503 with the reason when there is none, or it
    cannot be read, or its file was written over in place."""
    state = web_state(request)
    cat = state.current(check=True)
    where = {"pid": os.getpid(), "catalog_path": str(state.catalog_path)}  # pid: which worker
    if cat is None:
        return JSONResponse(
            {"status": "unavailable", "error": state.error, **where}, status_code=503
        )
    try:
        systems = [
            {"id": s.id, "version": s.version, "concepts": s.concepts}
            for s in cat.systems() if s.is_default
        ]
    except (CatalogError, sqlite3.Error, OSError) as exc:
        return JSONResponse(
            {"status": "unavailable", "error": str(exc), **where}, status_code=503
        )
    body: dict[str, Any] = {
        "status": "ready",
        "medcodes_version": __version__,
        "schema_version": cat.meta.get("schema_version"),
        "built_at": cat.meta.get("built_at"),
        "catalog_medcodes_version": cat.meta.get("medcodes_version"),
        **where,
        "catalog_file": state.file_status(),
        "opened_at": datetime.fromtimestamp(state.opened_at, UTC).isoformat(timespec="seconds"),
        "systems": systems,
    }
    if body["catalog_file"] in FILE_NOTES:
        body["warning"] = FILE_NOTES[body["catalog_file"]]
    if state.reload_error:
        body["reload_error"] = state.reload_error
    return body
