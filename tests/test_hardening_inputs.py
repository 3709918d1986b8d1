"""Hostile input on every HTTP endpoint: never a 500, never a traceback in a body.

The endpoints are not listed by hand: every route of the real app is enumerated (FastAPI
routes with their declared path and query parameters; the FHIR routes with the parameter
names their operations read, found in the FHIR package's source; the static mount), so a new
endpoint is covered the day it is added. Each gets a fixed corpus of nasty values (NUL and
control characters, huge strings, overflowing numbers, FTS5 and SQL syntax, path traversal,
markup) in every parameter at once, and then hypothesis-generated requests: random unicode,
repeated parameters, unknown parameters, random JSON bodies, odd caching/range/negotiation
headers.

A request counter per endpoint is written to ``test-artifacts/hardening-inputs.json``.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import fastapi.routing
import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Mount

import medcodes.fhir
from medcodes.web.app import create_app

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
EXAMPLES = int(os.environ.get("MEDCODES_HARDENING_EXAMPLES", "60"))
SENT: Counter[str] = Counter()
STATUSES: Counter[int] = Counter()
MAX_QUERY = 30_000  # characters of encoded query string per request

# Values that have broken web apps before, in any parameter.
NASTY = [
    "", " ", "\x00", "a\x00b", "%00", "\x01\x02\x1b[31m", "\r\n\r\nX-Injected: 1", "\t\v\f",
    "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/etc/passwd", "....//....//", "\\..\\..\\windows\\win.ini", "file:///etc/passwd",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
    "' OR '1'='1", "1; DROP TABLE concepts; --", "\" OR 1=1 --", "%' OR 1=1 --",
    'NEAR(a b, 5)', 'title:"heart" AND NOT', "* OR *", "a*", "*", '"', '""', "(", ")", "((((",
    "^start", "{title}: x", "AND", "OR NOT AND", "-", "--", "+", ":", "::", "|", "||", "a|b|c",
    "I21.9", "icd10cm:I21.9", "icd10cm|I21.9", "E08-E13", "Z-A", "0DTJ4ZZ", "410.71",
    "-1", "0", "-0", "1.5", "1e309", "NaN", "inf", "-inf", "0x1F", "9" * 30, "-" + "9" * 30,
    "2147483648", "9223372036854775808", "true", "null", "[]", "{}", "[object Object]",
    "\u202e\u0645\u0631\u062d\u0628\u0627", "\ufeffBOM", "\u0301\u0301\u0301", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "🙂" * 60, "ß" * 300, "a" * 501, "x" * 4000, "word " * 400, "%", "%%", "%ZZ", "?&=#",
    "a&b=c", "q=1&q=2", "\\", "\\x00", "${7*7}", "{{7*7}}", "{% raw %}", "__proto__",
]

FHIR_SOURCE = Path(medcodes.fhir.__file__).parent
_CALL = re.compile(
    r"\.(?:text|texts|integer|boolean|coding|has|codings_of_concept|coded)\(([^)]*)\)"
)


def fhir_parameter_names() -> list[str]:
    """Every parameter name the FHIR operations read (string literals in their accessor calls)."""
    names = {"code", "coding", "system", "version", "display", "_format", "_pretty"}
    for source in FHIR_SOURCE.glob("*.py"):
        for args in _CALL.findall(source.read_text(encoding="utf-8")):
            names.update(re.findall(r'"([A-Za-z_]+)"', args))
    return sorted(names)


@dataclass(frozen=True)
class Endpoint:
    """One method on one route, with the names of its parameters."""

    method: str
    path: str
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]
    body: str | None = None  # "json" (a pydantic model) or "fhir" (a Parameters resource)

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"


@dataclass
class Request:
    method: str
    url: str
    params: list[tuple[str, str]] = field(default_factory=list)
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


def route_contexts(app: FastAPI) -> list[Any]:
    """The app's routes with included routers flattened (newer FastAPI nests them)."""
    flatten = getattr(fastapi.routing, "iter_route_contexts", None)
    return list(flatten(app.routes)) if flatten else list(app.routes)


def endpoints(app: FastAPI) -> list[Endpoint]:
    """Every (method, route) the app serves, with its parameters."""
    fhir = tuple(fhir_parameter_names())
    out = []
    for route in route_contexts(app):
        if isinstance(getattr(route, "original_route", route), Mount):
            out.append(Endpoint("GET", route.path + "/{path}", ("path",), ()))
            continue
        dependant = getattr(route, "dependant", None)
        path_params = tuple(getattr(route, "param_convertors", None) or ())
        query = tuple(p.alias for p in dependant.query_params) if dependant else ()
        for method in sorted((route.methods or {"GET"}) - {"HEAD"}):
            body = None
            if route.path.startswith("/fhir"):
                query = query or fhir
                body = "fhir" if method == "POST" else None
            elif getattr(route, "body_field", None) is not None:
                body = "json"
            out.append(Endpoint(method, route.path, path_params, query, body))
    return out


@pytest.fixture(scope="module")
def app(catalog_path: Path) -> FastAPI:
    return create_app(catalog_path)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "hardening-inputs.json").write_text(json.dumps(
        {"requests": sum(SENT.values()), "endpoints": len(SENT), "statuses": STATUSES,
         "per_endpoint": SENT},
        indent=1, sort_keys=True,
    ))


def _all_endpoints() -> list[Endpoint]:
    # Collected without a catalog: the routes do not depend on it.
    return endpoints(create_app(Path("/nonexistent/medcodes-routes.sqlite")))


ENDPOINTS = _all_endpoints()


def fill_path(ep: Endpoint, values: dict[str, str], encode: bool = True) -> str:
    path = ep.path
    for name in ep.path_params:
        raw = values.get(name, "x")
        path = path.replace("{" + name + "}", quote(raw, safe="") if encode else quote(raw))
        path = path.replace("{" + name + ":path}", quote(raw, safe="/"))
    return path


def body_for(ep: Endpoint, value: Any) -> tuple[bytes | None, dict[str, str]]:
    """A JSON body that puts ``value`` where the endpoint reads its input."""
    if ep.body == "json":
        data: Any = {"codes": [value, value] if isinstance(value, str) else value,
                     "system": value if isinstance(value, str) else None}
    elif ep.body == "fhir":
        data = {"resourceType": "Parameters", "parameter": [
            {"name": name, "valueString": value} for name in ep.query_params[:8]
        ]}
    else:
        return None, {}
    return json.dumps(data).encode(), {"content-type": "application/json"}


def check(client: TestClient, ep: Endpoint, req: Request) -> httpx.Response:
    """Send the request; fail on a 5xx (other than a reported time budget) or a traceback."""
    SENT[ep.id] += 1
    params = list(req.params)
    # Keep the URL within what HTTP clients and servers accept (~64 kB): a longer one never
    # reaches an application. Huge single values stay; the count of them is trimmed.
    while len(params) > 1 and sum(len(quote(k)) + len(quote(v)) for k, v in params) > MAX_QUERY:
        params.pop()
    response = client.request(req.method, req.url, params=params, content=req.content,
                              headers=req.headers, follow_redirects=False)
    STATUSES[response.status_code] += 1
    text = response.text
    where = f"{req.method} {response.request.url} body={req.content[:200] if req.content else None!r}"
    budget = response.status_code == 503 and "time budget" in text
    assert response.status_code < 500 or budget, f"{response.status_code} for {where}: {text[:300]}"
    assert "Traceback (most recent call last)" not in text, where
    assert not re.search(r'File "[^"]+\.py", line \d+', text), where
    ctype = response.headers.get("content-type", "")
    if "json" in ctype and response.status_code != 304:
        data = response.json()  # a JSON content type always carries valid JSON
        if response.status_code >= 400 and ep.path.startswith("/api/"):
            assert isinstance(data.get("error"), str) and data["error"], where
        if response.status_code >= 400 and ep.path.startswith("/fhir"):
            assert data.get("resourceType") == "OperationOutcome", where
    return response


def test_every_endpoint_is_enumerated() -> None:
    """The enumeration sees the API, pages, probes, Clinical Tables, FHIR and static files."""
    ids = {ep.id for ep in ENDPOINTS}
    for expected in ("GET /api/v1/search", "POST /api/v1/lookup", "GET /code/{system}/{code}",
                     "GET /api/{table}/v3/search", "POST /fhir/ValueSet/$expand",
                     "GET /readyz", "GET /static/{path}"):
        assert expected in ids
    assert len(ENDPOINTS) >= 40
    assert "filter" in fhir_parameter_names() and "codeA" in fhir_parameter_names()


@pytest.mark.parametrize("ep", ENDPOINTS, ids=lambda ep: ep.id)
def test_nasty_values_in_every_parameter(client: TestClient, ep: Endpoint) -> None:
    """Each corpus value in every path and query parameter at once, and in the JSON body."""
    control = [name for name in ep.query_params if name.startswith("_")]  # FHIR _format ...
    for value in NASTY:
        values = dict.fromkeys(ep.path_params, value)
        # Control parameters alone: a bad _format is refused (406) before anything else runs.
        params = [(name, value) for name in ep.query_params if name not in control]
        content, headers = body_for(ep, value)
        check(client, ep, Request(ep.method, fill_path(ep, values), params, content, headers))
        if control:
            check(client, ep, Request(ep.method, fill_path(ep, values),
                                      [(name, value) for name in control], content, headers))
        # The same value unencoded in the path (slashes and dots reach the router as typed).
        if ep.path_params and value:
            check(client, ep, Request(ep.method, fill_path(ep, values, encode=False), params,
                                      content, headers))


# -- generated requests ---------------------------------------------------------------------
CONTROL = st.characters(min_codepoint=0, max_codepoint=0x1F)
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=60),
    st.text(alphabet=CONTROL, max_size=20),
    st.text(min_size=450, max_size=3000),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.lists(st.sampled_from(["NEAR", "AND", "OR", "NOT", '"', "*", "(", ")", "^", ":",
                              "title", "heart", "I21", "-", "+"]), max_size=12).map(" ".join),
)
# Request headers the app (or the static files) reads: caching, ranges, content negotiation.
HEADERS = st.one_of(
    st.just({}),
    st.dictionaries(
        st.sampled_from(["if-none-match", "range", "accept", "accept-encoding",
                         "if-modified-since", "origin", "x-forwarded-for", "cookie"]),
        st.one_of(st.sampled_from(["*", ",,,", "bytes=999999999-", "bytes=a-b", "bytes=-0",
                                   "bytes=0-1,2-3,4-5", '"', "W/", "*/*;q=abc", "gzip;q=2",
                                   "yesterday", "null", "a=" + "x" * 3000]),
                  st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E),
                          max_size=80)),
        max_size=3,
    ),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | VALUES,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner,
                                                                max_size=5),
    max_leaves=20,
)


@st.composite
def requests_for(draw: st.DrawFn, ep: Endpoint) -> Request:
    values = {name: draw(VALUES) for name in ep.path_params}
    names = [*ep.query_params, "unknown", "q", "limit"]
    params = draw(st.lists(st.tuples(st.sampled_from(names), VALUES), max_size=8))
    content: bytes | None = None
    headers: dict[str, str] = {}
    if ep.body:
        kind = draw(st.sampled_from(["shaped", "json", "bytes", "none"]))
        if kind == "shaped":
            content, headers = body_for(ep, draw(JSON_VALUES))
        elif kind == "json":
            content = json.dumps(draw(JSON_VALUES)).encode()
            headers = {"content-type": draw(st.sampled_from(
                ["application/json", "application/fhir+json", "text/plain", ""]))}
        elif kind == "bytes":
            content = draw(st.binary(max_size=300))
            headers = {"content-type": "application/json"}
    headers = {**draw(HEADERS), **headers}
    return Request(ep.method, fill_path(ep, values, encode=draw(st.booleans())), params,
                   content, headers)


@pytest.mark.parametrize("ep", ENDPOINTS, ids=lambda ep: ep.id)
def test_generated_requests_never_fail(client: TestClient, ep: Endpoint) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.function_scoped_fixture])
    @given(req=requests_for(ep))
    def run(req: Request) -> None:
        check(client, ep, req)

    run()
