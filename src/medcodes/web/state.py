"""What every request handler shares: the open catalog, the templates and small caches.

The catalog may be missing or unreadable when the app starts (``/readyz`` then says 503 and
every page explains it); it is opened once and then shared read-only by all threads.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.templating import Jinja2Templates

from medcodes import __version__
from medcodes.catalog.reader import Catalog, CatalogError

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
CACHE_ENV = "MEDCODES_RESPONSE_CACHE"


def asset_version() -> str:
    """A short hash of the static files, appended to their URLs so browsers may cache them long."""
    digest = hashlib.sha1(__version__.encode())
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


@dataclass
class WebState:
    """The app's shared state, kept on ``app.state.web``."""

    catalog_path: Path
    catalog: Catalog | None = None
    error: str | None = None
    templates: Jinja2Templates = field(
        default_factory=lambda: Jinja2Templates(directory=str(TEMPLATES))
    )
    assets: str = field(default_factory=asset_version)
    cache_size: int = 4096

    def __post_init__(self) -> None:
        env = os.environ.get(CACHE_ENV, "").strip()
        if env.isdigit():
            self.cache_size = int(env)
        self.cached: Callable[..., Any] = (
            lru_cache(maxsize=self.cache_size)(self._call) if self.cache_size else self._call
        )

    @property
    def built_at(self) -> str:
        return self.catalog.meta.get("built_at", "") if self.catalog else ""

    @staticmethod
    def _call(func: Any, *args: Any) -> Any:
        return func(*args)


def json_response(body: bytes) -> Response:
    """An already-serialised JSON answer: FastAPI's generic encoder costs ~1 ms per search
    response, as much as a quarter of the search, so hot endpoints cache the bytes instead."""
    return Response(content=body, media_type="application/json")


def to_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def open_state(catalog: Catalog | Path | str) -> WebState:
    """Open the catalog for the app; an unreadable one is remembered as the error to report."""
    if isinstance(catalog, Catalog):
        return WebState(catalog_path=catalog.path, catalog=catalog)
    path = Path(catalog)
    try:
        return WebState(catalog_path=path, catalog=Catalog(path))
    except CatalogError as exc:
        return WebState(catalog_path=path, error=str(exc))


def web_state(request: Request) -> WebState:
    """The app's ``WebState`` (typed access to ``app.state.web``)."""
    state: WebState = request.app.state.web
    return state


async def get_catalog(request: Request) -> Catalog:
    """Dependency: the open catalog, or a 503 that says why there is none."""
    state = web_state(request)
    if state.catalog is None:
        raise HTTPException(503, state.error or "the catalog is not available")
    return state.catalog
