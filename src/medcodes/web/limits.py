"""Request limits every endpoint shares: the size of a request body and the time one request
may take. Each is answered with a clear error in the endpoint's own format (JSON
``{"error": ...}`` under /api, an OperationOutcome under /fhir, a page elsewhere).

* Body: at most ``MAX_BODY`` bytes. A declared ``Content-Length`` over it is refused with 413
  before anything is read; a chunked body is counted as it arrives and refused the same way.
* Time: every catalog query of a request runs under the request's budget (``MEDCODES_TIME_BUDGET``
  seconds, default 5; 0 turns it off). SQLite aborts a statement past the deadline
  (``catalog.live``), the request ends at once, and the client gets 503 with ``Retry-After``:
  never a partial answer, and never a worker held by one runaway query.
* Threads: at most ``MEDCODES_THREADS`` (default 8) requests of a worker run in its thread
  pool at once (page, record and FHIR handlers; search and typeahead run on the event loop).
  Each thread keeps its own SQLite connection (with its own map of the catalog) and caches, so
  the pool's size bounds them; 8 served the soak benchmark as fast as anyio's default of 40.

Other limits live with the parameters they bound: query length (500 characters), ``limit``
(1-500) and ``offset`` (0-10,000) in the search library, ``count`` in the Clinical Tables and
FHIR endpoints, and 1,000 codes per bulk lookup.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from medcodes.catalog.live import budget_message, release_budget, time_budget
from medcodes.web.errors import error_response

MAX_BODY = 1_048_576  # bytes (1 MiB): a 1,000-code lookup is ~20 kB
BUDGET_ENV = "MEDCODES_TIME_BUDGET"
DEFAULT_BUDGET = 5.0  # seconds
THREADS_ENV = "MEDCODES_THREADS"
DEFAULT_THREADS = 8


@asynccontextmanager
async def lifespan(app: object) -> AsyncIterator[None]:
    """App lifespan: size the worker's thread pool (``MEDCODES_THREADS``)."""
    raw = os.environ.get(THREADS_ENV, "").strip()
    threads = int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_THREADS
    anyio.to_thread.current_default_thread_limiter().total_tokens = threads
    yield


def budget_seconds() -> float:
    """The per-request time budget from ``MEDCODES_TIME_BUDGET`` (0: no budget)."""
    raw = os.environ.get(BUDGET_ENV, "").strip()
    try:
        value = float(raw) if raw else DEFAULT_BUDGET
    except ValueError:
        return DEFAULT_BUDGET
    return value if value >= 0 else DEFAULT_BUDGET


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` once a streamed body passes the limit: an HTTPException, so the
    route's own error handling (JSON, page or OperationOutcome) reports it as a 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, body_message(limit))


def body_message(limit: int) -> str:
    return f"the request body is over {limit:,} bytes"


def limit_response(scope: Scope, status: int, message: str) -> Response:
    """An error in the format of the endpoint ``scope`` addresses."""
    response = error_response(Request(scope), status, message)
    if status == 503:
        response.headers["retry-after"] = "1"
    return response


class LimitsMiddleware:
    """Body size and time budget for every HTTP request (see the module docstring)."""

    def __init__(
        self, app: ASGIApp, max_body: int = MAX_BODY, budget: float | None = None
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.budget = budget  # None: MEDCODES_TIME_BUDGET, read per request

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            response = limit_response(scope, 413, body_message(self.max_body))
            response.headers["connection"] = "close"  # the unread body stays behind
            await response(scope, receive, send)
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        seconds = budget_seconds() if self.budget is None else self.budget
        if not seconds:
            await self.app(scope, counted_receive, send)
            return
        replaced = False
        with time_budget(seconds) as budget:

            async def guarded_send(message: Message) -> None:
                nonlocal replaced
                if replaced:
                    return  # the body of the answer that ran over: dropped
                if (message["type"] == "http.response.start" and budget.tripped
                        and message["status"] < 400):
                    replaced = True
                    release_budget()
                    response = limit_response(scope, 503, budget_message(budget.seconds))
                    await response(scope, counted_receive, send)
                    return
                await send(message)

            await self.app(scope, counted_receive, guarded_send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
