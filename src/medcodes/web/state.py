"""What every request handler shares: the open catalog, the templates and small caches.

The catalog may be missing or unreadable when the app starts (``/readyz`` then says 503 and
every page explains it, and the file is looked for again at most once a second, so a server
started before its catalog was built needs no restart). Once open it is shared read-only by all
threads, pinned to the file it opened: a rebuild renamed over the path is served after a
reload (SIGHUP, see ``web.reload``) or a restart; a file written in place is reopened.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.templating import Jinja2Templates

from medcodes import __version__
from medcodes.catalog import columns
from medcodes.catalog.live import BudgetExceeded, ServedCatalog, budget_tripped
from medcodes.catalog.reader import Catalog, CatalogError
from medcodes.search.blas_threads import one_blas_thread
from medcodes.search.suggest import warm as suggest_warm
from medcodes.web import reload

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
CACHE_ENV = "MEDCODES_RESPONSE_CACHE"
GC_FIRST_GENERATION = 100_000  # allocations between young collections (CPython: 700)
REFREEZE_ENV = "MEDCODES_GC_REFREEZE"
REFREEZE_REQUESTS = 10  # catalog requests between re-freezes of the heap (0: never)
RESETTLE_FREEZES = 2000  # re-freezes between full collections of everything (see HeapKeeper)
RECHECK_SECONDS = 1.0  # how often the catalog file is looked at (stat) while serving
log = logging.getLogger("medcodes.web")


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
    reload_error: str | None = None
    opened_at: float = field(default_factory=time.time)
    heap: HeapKeeper | None = None  # set when the warm-up settled the heap (``settle_heap``)

    def __post_init__(self) -> None:
        env = os.environ.get(CACHE_ENV, "").strip()
        if env.isdigit():
            self.cache_size = int(env)
        self.cached: Callable[..., Any] = (
            lru_cache(maxsize=self.cache_size)(self._call) if self.cache_size else self._call
        )
        self._generation = reload.generation()
        self._checked = time.monotonic()
        self._lock = threading.Lock()

    @property
    def built_at(self) -> str:
        return self.catalog.meta.get("built_at", "") if self.catalog else ""

    @staticmethod
    def _call(func: Any, *args: Any) -> Any:
        result = func(*args)
        if budget_tripped():  # a partial answer: neither cached nor served
            raise BudgetExceeded
        return result

    def current(self, check: bool = False) -> Catalog | None:
        """The catalog to answer with, after a pending reload (SIGHUP) or a due file check
        (``check``: now, as ``/readyz`` does)."""
        now = time.monotonic()
        due = check or now - self._checked >= RECHECK_SECONDS
        if due:
            self._checked = now
        if self._generation != reload.generation() or (due and self._needs_reopen()):
            self.reload()
        return self.catalog

    def file_status(self) -> str:
        """What the catalog path holds now, compared with the open file (``ServedCatalog``)."""
        cat = self.catalog
        if cat is None:
            return "unavailable"
        return cat.file_status() if isinstance(cat, ServedCatalog) else "current"

    def _needs_reopen(self) -> bool:
        """No catalog yet (it may have been built since), or ours was written in place."""
        return self.catalog is None or self.file_status() == "modified"

    def reload(self) -> bool:
        """Open the file now at the path and serve it; on failure keep serving the open one
        (unless it was written in place, which makes it unusable). True when swapped."""
        if not self._lock.acquire(blocking=False):
            return False  # another request is reloading; this one uses what is open
        try:
            self._generation = reload.generation()
            self._checked = time.monotonic()
            try:
                fresh = ServedCatalog(self.catalog_path)
            except CatalogError as exc:
                if str(exc) != self.reload_error:  # once per new reason, not every second
                    log.warning("catalog reload failed: %s", exc)
                self.reload_error = str(exc)
                if self.catalog is None:
                    self.error = str(exc)
                elif self.file_status() == "modified":
                    self.catalog = None
                    self.error = (
                        f"{self.catalog_path} was written over while it was served and cannot "
                        f"be read now ({exc}); replace it atomically (`medcodes build`) instead"
                    )
                return False
            self.catalog, self.error, self.reload_error = fresh, None, None
            self.opened_at = time.time()
            if hasattr(self.cached, "cache_clear"):
                self.cached.cache_clear()  # answers (and their catalog) of the previous file
            log.info("serving the catalog %s built at %s", self.catalog_path, self.built_at)
            return True
        finally:
            self._lock.release()


def json_response(body: bytes) -> Response:
    """An already-serialised JSON answer: FastAPI's generic encoder costs ~1 ms per search
    response, as much as a quarter of the search, so hot endpoints cache the bytes instead."""
    return Response(content=body, media_type="application/json")


def to_json(data: Any) -> bytes:
    return columns.dump_bytes(data)


def open_state(catalog: Catalog | Path | str) -> WebState:
    """Open the catalog for the app; an unreadable one is remembered as the error to report."""
    if isinstance(catalog, Catalog):
        return WebState(catalog_path=catalog.path, catalog=catalog)
    path = Path(catalog)
    try:
        state = WebState(catalog_path=path, catalog=ServedCatalog(path))
    except CatalogError as exc:
        return WebState(catalog_path=path, error=str(exc))
    if os.environ.get("MEDCODES_WARMUP") == "1" and state.catalog is not None:
        _warm(state.catalog)
        state.heap = HeapKeeper.from_env()
    return state


def _warm(cat: Catalog) -> None:
    """Load the meaning index, the search caches, the typeahead's tables and the speller's
    before the worker serves (about 1.5 s), so its first requests neither pay for them nor
    wait for the interpreter behind a warm-up thread: warmed in the background, a freshly
    started server's first seconds of typeahead had a p99 of 0.4-1 s (`bench/http.py
    --generator wrk`), against 22 ms once warm."""
    one_blas_thread()
    with contextlib.suppress(Exception):
        cat.search("warm up", limit=1)
        suggest_warm(cat)
    settle_heap()


def settle_heap() -> None:
    """Keep Python's cycle collector off what a worker loaded once and keeps for good.

    The vocabulary, the spelling tables and the caches are a few hundred thousand objects that
    live as long as the worker; every full collection walked them all again (about 0.5 ms of
    a cold search's 6-7 ms). Frozen, they are never walked; a larger first generation makes the
    collections that remain rarer. Cycles made after this are still collected."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_FIRST_GENERATION, *gc.get_threshold()[1:])


class HeapKeeper:
    """Keeps what the search caches grow after the warm-up out of the cycle collector's walks.

    A worker's caches keep about 150 objects per new query (``Analysed``, ``View``, tuples,
    frozensets); after a few thousand queries the old generation held some 500,000 objects
    beside the frozen warm-up, and the full collection that walked them took 0.3-0.4 s of CPU
    (in process): the search p99 under ``wrk`` with two workers. Every ``every`` catalog
    requests this collects the young and middle generations (the garbage of the requests just
    answered) and freezes what survives, so the old generation never fills and no full
    collection comes. A frozen object is still freed by its reference count; only a cycle that
    becomes garbage after its freeze (a closed connection's protocol and transport, say)
    would stay, so every ``RESETTLE_FREEZES`` re-freezes everything is unfrozen and collected
    once (the full collection the interpreter would have run several times as often).

    Often and small: a re-freeze collects only what the requests since the last one left, so
    every 10 requests (young generation first at 100,000 allocations, so it is the only
    collection that runs) spent less CPU on the collector than every 100 with young
    collections every 10,000 (0.07 against 0.15 ms a search request), in pauses of at most
    2.2 ms instead of 13.5 ms (CPU time, over 2,000 cold searches); a full
    collection still comes every 20,000 requests, as before."""

    def __init__(self, every: int, resettle: int = RESETTLE_FREEZES) -> None:
        self.every = every
        self.resettle = resettle
        self.requests = 0
        self.freezes = 0

    @classmethod
    def from_env(cls) -> HeapKeeper | None:
        """``MEDCODES_GC_REFREEZE`` requests between re-freezes (default 10; 0: off)."""
        raw = os.environ.get(REFREEZE_ENV, "").strip()
        every = int(raw) if raw.isdigit() else REFREEZE_REQUESTS
        return cls(every) if every > 0 else None

    def tick(self) -> None:
        """One catalog request begins; re-freeze when ``every`` have begun since the last."""
        self.requests += 1
        if self.requests % self.every:
            return
        self.freezes += 1
        if self.freezes % self.resettle == 0:
            gc.unfreeze()
            gc.collect()
        else:
            gc.collect(1)
        gc.freeze()


def web_state(request: Request) -> WebState:
    """The app's ``WebState`` (typed access to ``app.state.web``)."""
    state: WebState = request.app.state.web
    return state


async def get_catalog(request: Request) -> Catalog:
    """Dependency: the open catalog, or a 503 that says why there is none."""
    state = web_state(request)
    if state.heap is not None:
        state.heap.tick()
    cat = state.current()
    if cat is None:
        raise HTTPException(503, state.error or "the catalog is not available")
    return cat
