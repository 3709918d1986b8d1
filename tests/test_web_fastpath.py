"""The hot path's shortcuts answer exactly as the long way round: the lean search and typeahead
routes as FastAPI's own handlers (same status, same bytes, also for bad parameters), the app's
own answer before FastAPI's stack (``web.hot``) as that stack (same status, headers and bytes),
and the server's coalesced writes as plain writes."""

from __future__ import annotations

import asyncio
import random
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi import APIRouter, FastAPI, Request, Response
from starlette.exceptions import StarletteDeprecationWarning

from medcodes.web import api, errors
from medcodes.web.app import create_app
from medcodes.web.coalesce import FLUSH_BYTES, CoalescingTransport
from medcodes.web.hot import HotApp
from medcodes.web.limits import BUDGET_ENV
from medcodes.web.state import open_state

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient


def reference_app(catalog_path: Path) -> FastAPI:
    """The two endpoints on plain FastAPI routes: every parameter solved and validated."""
    app = FastAPI()
    app.state.web = open_state(catalog_path)
    errors.install(app)
    router = APIRouter(prefix="/api/v1")
    router.add_api_route("/search", api.api_search, methods=["GET"], response_class=Response)
    router.add_api_route("/suggest", api.api_suggest, methods=["GET"], response_class=Response)
    app.include_router(router)
    return app


@pytest.fixture(scope="module")
def clients(catalog_path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    with TestClient(create_app(catalog_path)) as lean, \
            TestClient(reference_app(catalog_path)) as full:
        yield lean, full


# Per parameter: values a client sends (the lean path's), then values the lean path must hand
# to FastAPI or that the search refuses (400/422).
VALUES: dict[str, tuple[list[str], list[str]]] = {
    "q": (["", "heart attack", "E11.9", "I2", "diabetis", "E08-E13", "hip fx", "ä<b>'\""],
          ["x" * 501]),
    "system": (["icd10cm", "icd9cm", "icd10pcs"], ["nope", ""]),
    "billable": (["true", "false"], ["True", "1", "0", "yes", "", "maybe"]),
    "limit": (["5", "1", "500", "007", "20"],
              ["0", "501", "-1", "", "x", "\u0663", "2.0", " 5", "+5"]),
    "offset": (["0", "10", "10000"], ["10001", "-5", "1e2", "99999999999999999999"]),
    "mode": (["words", "meaning", "hybrid"], ["bogus", "HYBRID"]),
    "kind": (["code", "chapter", "category"], [""]),
    "chapter": (["9", "2"], ["zz"]),
    "range": (["E08-E13", "I20-I25"], ["nonsense"]),
    "code_range": (["E08-E13"], []),  # not the parameter's name: ignored by both
}


def query_strings(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        pairs = []
        for key, (good, bad) in VALUES.items():
            if key == "q" or rng.random() < 0.3:
                pairs.append((key, rng.choice(bad if bad and rng.random() < 0.1 else good)))
        if rng.random() < 0.2:  # a repeated parameter: FastAPI reads the last one
            key, (good, bad) = rng.choice(list(VALUES.items()))
            pairs += [(key, rng.choice(good + bad)) for _ in range(2)]
        rng.shuffle(pairs)
        out.append(urlencode(pairs))
    return out


@pytest.mark.parametrize("endpoint", ["/api/v1/search", "/api/v1/suggest"])
def test_lean_routes_answer_as_fastapi_does(
    clients: tuple[TestClient, TestClient], endpoint: str
) -> None:
    lean, full = clients
    for qs in query_strings(120, seed=len(endpoint)):
        a, b = lean.get(f"{endpoint}?{qs}"), full.get(f"{endpoint}?{qs}")
        assert (a.status_code, a.content) == (b.status_code, b.content), qs
        assert a.headers["content-type"] == b.headers["content-type"], qs


def test_search_with_bad_parameters_still_gets_fastapis_message(
    clients: tuple[TestClient, TestClient],
) -> None:
    lean, _ = clients
    r = lean.get("/api/v1/search", params={"q": "asthma", "limit": "ten"})
    assert r.status_code == 422 and r.json()["error"].startswith("limit:")
    r = lean.get("/api/v1/search", params={"q": "asthma", "billable": "maybe"})
    assert r.status_code == 422 and r.json()["error"].startswith("billable:")


def test_plain_parameters_take_the_lean_path(catalog_path: Path) -> None:
    """Else the shortcut is silently gone: only unusual values go the long way."""
    app = create_app(catalog_path)

    def lean(qs: str) -> Response | None:
        scope = {"type": "http", "method": "GET", "path": "/api/v1/search", "headers": [],
                 "query_string": qs.encode(), "app": app}
        return asyncio.run(api._search_lean(Request(scope)))

    for qs in ("q=asthma", "q=E11&system=icd10cm&system=icd9cm&limit=5&offset=10&billable=true"
               "&mode=words&kind=code&chapter=4&range=E08-E13", "", "q=x&billable=false"):
        assert lean(qs) is not None, qs
    for qs in ("q=asthma&limit=ten", "q=asthma&limit=", "q=a&offset=-1", "q=a&billable=1"):
        assert lean(qs) is None, qs


# -- the hot endpoints before FastAPI's stack ---------------------------------------------------
Message = dict[str, object]


def asgi_get(app: HotApp, target: str, headers: list[tuple[bytes, bytes]] | None = None
             ) -> list[Message]:
    """The ASGI messages the app sends for one GET, called as uvicorn calls it."""
    path, _, qs = target.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": qs.encode(), "root_path": "",
             "headers": [(b"host", b"testserver"), *(headers or [])],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    return sent


@pytest.fixture(scope="module")
def hot_app(catalog_path: Path) -> HotApp:
    return create_app(catalog_path)


def both_ways(app: HotApp, target: str, headers: list[tuple[bytes, bytes]] | None = None
              ) -> tuple[list[Message], list[Message]]:
    app.hot = True
    try:
        hot = asgi_get(app, target, headers)
        app.hot = False
        return hot, asgi_get(app, target, headers)
    finally:
        app.hot = True


@pytest.mark.parametrize("endpoint", ["/api/v1/search", "/api/v1/suggest"])
def test_hot_endpoints_answer_as_the_full_stack(hot_app: HotApp, endpoint: str) -> None:
    """Every message alike (status, every header in its order, the ETag, the body), for
    plain, unusual and bad parameters; the response cache is bypassed by distinct URLs."""
    targets = [f"{endpoint}?{qs}" for qs in query_strings(80, seed=3 + len(endpoint))]
    targets += [f"{endpoint}?{qs}" for qs in ("", "q=heart+att", "q=x&system=nope",
                                                "q=" + "x" * 501, "q=I21&limit=5&offset=2")]
    for target in targets:
        hot, full = both_ways(hot_app, target)
        assert hot == full, target


def test_a_search_over_the_time_budget_answers_alike(
    hot_app: HotApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error answers of the app's handlers (here the time budget's 503) go through the
    same header middlewares."""
    monkeypatch.setenv(BUDGET_ENV, "0.000001")
    hot, full = both_ways(hot_app, "/api/v1/search?q=fracture+of+the+left+femoral+neck+x")
    assert hot == full
    assert hot[0]["status"] == 503 and (b"retry-after", b"1") in hot[0]["headers"]  # type: ignore[operator]


def test_plain_gets_skip_the_stack_and_the_rest_take_it(catalog_path: Path) -> None:
    """The stack is built on the first request that needs it: plain searches and typeahead
    never do; a conditional request, a HEAD or another path does (and its 304 still comes)."""
    app = create_app(catalog_path)
    first = asgi_get(app, "/api/v1/search?q=asthma&limit=3")
    asgi_get(app, "/api/v1/suggest?q=asth")
    assert app.middleware_stack is None, "the hot path was not taken"
    etag = dict(first[0]["headers"])[b"etag"]  # type: ignore[call-overload]
    again = asgi_get(app, "/api/v1/search?q=asthma&limit=3", [(b"if-none-match", etag)])
    assert again[0]["status"] == 304 and app.middleware_stack is not None


def test_an_app_with_cors_takes_the_long_way(
    catalog_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDCODES_CORS_ORIGINS", "https://example.org")
    app = create_app(catalog_path)
    sent = asgi_get(app, "/api/v1/search?q=asthma", [(b"origin", b"https://example.org")])
    assert (b"access-control-allow-origin", b"https://example.org") in sent[0]["headers"]  # type: ignore[operator]


# -- coalesced writes ------------------------------------------------------------------------
class FakeTransport:
    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = self.aborted = False

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = True

    def is_closing(self) -> bool:
        return self.closed or self.aborted

    def get_extra_info(self, name: str, default: object = None) -> object:
        return {"peername": ("127.0.0.1", 1)}.get(name, default)

    def get_write_buffer_size(self) -> int:
        return 0


def test_writes_of_one_loop_turn_leave_as_one() -> None:
    async def scenario() -> FakeTransport:
        inner = FakeTransport()
        t = CoalescingTransport(inner, asyncio.get_running_loop())  # type: ignore[arg-type]
        t.write(b"HTTP/1.1 200 OK\r\n\r\n")
        t.write(b"")
        t.write(b"body")
        assert inner.writes == [] and t.get_write_buffer_size() == 23
        await asyncio.sleep(0)
        assert inner.writes == [b"HTTP/1.1 200 OK\r\n\r\nbody"]
        t.write(b"next")
        await asyncio.sleep(0)
        assert t.get_extra_info("peername") == ("127.0.0.1", 1)
        return inner

    assert asyncio.run(scenario()).writes[-1] == b"next"


def test_close_writes_what_is_held_and_abort_drops_it() -> None:
    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        inner = FakeTransport()
        t = CoalescingTransport(inner, loop)  # type: ignore[arg-type]
        t.write(b"last answer")
        t.close()
        assert inner.writes == [b"last answer"] and inner.closed
        await asyncio.sleep(0)  # the scheduled flush finds nothing more to write
        assert inner.writes == [b"last answer"]
        other = FakeTransport()
        t = CoalescingTransport(other, loop)  # type: ignore[arg-type]
        t.write(b"never sent")
        t.abort()
        await asyncio.sleep(0)
        assert other.writes == [] and other.aborted

    asyncio.run(scenario())


def test_a_large_body_is_written_at_once() -> None:
    async def scenario() -> None:
        inner = FakeTransport()
        t = CoalescingTransport(inner, asyncio.get_running_loop())  # type: ignore[arg-type]
        t.write(b"x" * FLUSH_BYTES)
        assert inner.writes == [b"x" * FLUSH_BYTES]

    asyncio.run(scenario())
