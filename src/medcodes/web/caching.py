"""HTTP caching for an immutable catalog: every GET answer is a function of the catalog build
and the URL, so the ETag is computed from those two *before* the handler runs, and a matching
``If-None-Match`` is answered 304 without doing any work.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from medcodes import __version__

MAX_AGE = 300  # seconds; a rebuilt catalog changes every ETag, so clients revalidate cheaply
STATIC_MAX_AGE = 86400  # static URLs carry a content hash (?v=...)
NO_STORE = ("/healthz", "/readyz")


def etag_for(built_at: str, path: str, query: str) -> str:
    raw = f"{__version__}|{built_at}|{path}?{query}".encode()
    return '"' + hashlib.sha1(raw).hexdigest()[:24] + '"'


def matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 weak comparison against a comma-separated If-None-Match list."""
    tags = [t.strip() for t in if_none_match.split(",")]
    return any(t == "*" or t.removeprefix("W/") == etag for t in tags)


class CachingMiddleware:
    """ETag + Cache-Control on successful GETs; 304 for a matching If-None-Match."""

    def __init__(self, app: ASGIApp, built_at: Callable[[], str]) -> None:
        self.app = app
        self.built_at = built_at

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith("/static/"):
            static = f"public, max-age={STATIC_MAX_AGE}"
            await self.app(scope, receive, self._headers(send, None, static))
            return
        if path in NO_STORE:
            await self.app(scope, receive, self._headers(send, None, "no-store"))
            return
        built = self.built_at()
        if not built:  # no catalog: nothing is cacheable
            await self.app(scope, receive, send)
            return
        etag = etag_for(built, path, scope.get("query_string", b"").decode("latin-1"))
        for name, value in scope["headers"]:
            if name == b"if-none-match" and matches(value.decode("latin-1"), etag):
                await send({"type": "http.response.start", "status": 304, "headers": [
                    (b"etag", etag.encode()),
                    (b"cache-control", f"public, max-age={MAX_AGE}".encode()),
                ]})
                await send({"type": "http.response.body", "body": b""})
                return
        await self.app(scope, receive, self._headers(send, etag, f"public, max-age={MAX_AGE}"))

    @staticmethod
    def _headers(send: Send, etag: str | None, cache_control: str) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if message["status"] == 200:
                    if etag:
                        headers["etag"] = etag
                    headers.setdefault("cache-control", cache_control)
                elif message["status"] >= 400 and "cache-control" not in headers:
                    headers["cache-control"] = "no-store"
            await send(message)

        return wrapped
