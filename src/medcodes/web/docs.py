"""``/docs``: the API reference as a local page built from the OpenAPI schema.

FastAPI's Swagger UI loads its scripts from a CDN, which hospital networks and this offline
tool cannot reach, so the reference is rendered server-side from ``/openapi.json`` instead.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from medcodes.web.render import page

router = APIRouter(include_in_schema=False)


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Flatten the schema's paths into rows: method, path, summary, description, parameters."""
    rows = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {
                    "name": p.get("name"),
                    "in": p.get("in"),
                    "required": p.get("required", False),
                    "description": p.get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            if "requestBody" in op:
                params.append({"name": "body", "in": "body (JSON)", "required": True,
                               "description": op["requestBody"].get("description", "")})
            rows.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "tag": (op.get("tags") or [""])[0],
                "parameters": params,
            })
    return rows


@router.get("/docs")
def docs_page(request: Request) -> Response:
    schema = request.app.openapi()
    return page(request, "docs.html", {"operations": operations(schema), "info": schema["info"]})
