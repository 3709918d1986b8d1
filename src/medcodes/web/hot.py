"""The search and typeahead endpoints answered before FastAPI's stack, byte for byte as it
would answer them.

A plain ``GET /api/v1/search`` or ``/api/v1/suggest`` passes three middlewares of ours and
five of Starlette's and FastAPI's (errors, telemetry, body limit, exceptions, an exit stack)
and the router's matching before its handler runs: measured in process with the search
stubbed, about 0.26 ms of CPU a request, as much as a tenth of a new query's search and a
seventh of a typeahead answer. ``HotApp`` answers such a request itself, with what those
layers would add: the time budget around the call (``limits``), the ETag and Cache-Control
(``caching``), the security headers (``security``), and an error through the app's own
exception handlers and the same two header middlewares. Anything else takes the long way
round, which stays the reference: another method, a root path, a conditional request or a
body, no catalog, parameters that are not plain (FastAPI's validation answers them), an
exception no handler of ours names, and every request of an app with CORS (whose headers
depend on the request's origin).
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from starlette.datastructures import QueryParams
from starlette.types import Receive, Scope, Send

from medcodes.catalog.live import time_budget
from medcodes.web.api import HOT
from medcodes.web.caching import MAX_AGE, CachingMiddleware, etag_for
from medcodes.web.limits import budget_seconds
from medcodes.web.security import HEADERS, SecurityHeadersMiddleware
from medcodes.web.state import WebState

# Request headers that make the answer depend on more than the URL (a 304, a body to check).
LONG_WAY = frozenset({b"if-none-match", b"content-length", b"transfer-encoding"})
CACHE_CONTROL = (b"cache-control", f"public, max-age={MAX_AGE}".encode())
SECURITY = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in HEADERS.items()]
Handler = Callable[[Request, Exception], Awaitable[Response]]


class HotApp(FastAPI):
    """FastAPI, with ``api.HOT``'s endpoints answered first (see the module docstring)."""

    hot = True  # False: every request the long way round (CORS; tests comparing the two)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.hot and scope["type"] == "http":
            entry = HOT.get(scope["path"])
            if entry is not None and await self._answer(entry, scope, receive, send):
                return
        await super().__call__(scope, receive, send)

    async def _answer(self, entry: tuple[Callable[[QueryParams], tuple[Any, ...] | None],
                                         Callable[..., bytes]],
                      scope: Scope, receive: Receive, send: Send) -> bool:
        """Answer the request and say True, or say False before sending anything."""
        if scope["method"] != "GET" or scope.get("root_path"):
            return False
        for name, _ in scope["headers"]:
            if name in LONG_WAY:
                return False
        state: WebState = self.state.web
        built = state.built_at  # before the handler, as ``CachingMiddleware`` reads it
        if not built:
            return False
        parse, answer = entry
        args = parse(QueryParams(scope["query_string"]))
        if args is None:
            return False
        scope["app"] = self
        seconds = budget_seconds()
        with time_budget(seconds) if seconds else contextlib.nullcontext():
            if state.heap is not None:  # as ``state.get_catalog`` does, within the budget
                state.heap.tick()
            cat = state.current()
            if cat is None:
                return False
            try:
                body: bytes = state.cached(answer, cat, *args)
            except Exception as exc:
                handler = self._handler_for(exc)
                if handler is None:
                    return False  # the long way round answers it (and logs it)
                response = await handler(Request(scope, receive, send), exc)
                chain = SecurityHeadersMiddleware(CachingMiddleware(response, lambda: built))
                await chain(scope, receive, send)
                return True
        etag = etag_for(built, scope["path"], scope["query_string"].decode("latin-1"))
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-length", str(len(body)).encode()),
            (b"content-type", b"application/json"),
            (b"etag", etag.encode()),
            CACHE_CONTROL,
            *SECURITY,
        ]})
        await send({"type": "http.response.body", "body": body})
        return True

    def _handler_for(self, exc: Exception) -> Handler | None:
        """The app's handler of ``exc``'s class or its nearest base (as Starlette's
        ``ExceptionMiddleware`` looks it up), but not the catch-all one of ``Exception``,
        which Starlette runs outside every middleware."""
        for cls in type(exc).__mro__:
            if cls is Exception:
                return None
            handler = self.exception_handlers.get(cls)
            if handler is not None:
                return handler if inspect.iscoroutinefunction(handler) else None
        return None
