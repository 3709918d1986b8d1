"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

import os
import sqlite3
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


@router.get("/readyz", summary="The catalog is open and readable", response_model=None)
def readyz(request: Request) -> dict[str, Any] | JSONResponse:
    state = web_state(request)
    cat = state.catalog
    if cat is None:
        return JSONResponse({"status": "unavailable", "error": state.error}, status_code=503)
    try:
        systems = [
            {"id": s.id, "version": s.version, "concepts": s.concepts}
            for s in cat.systems() if s.is_default
        ]
    except (CatalogError, sqlite3.Error, OSError) as exc:
        return JSONResponse({"status": "unavailable", "error": str(exc)}, status_code=503)
    return {
        "status": "ready",
        "pid": os.getpid(),  # which worker answered
        "medcodes_version": __version__,
        "schema_version": cat.meta.get("schema_version"),
        "built_at": cat.meta.get("built_at"),
        "catalog_medcodes_version": cat.meta.get("medcodes_version"),
        "systems": systems,
    }
