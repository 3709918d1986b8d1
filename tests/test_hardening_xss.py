"""Markup in user input is shown as text wherever it is echoed, and every response carries the
security headers (a CSP without inline script or style, nosniff, no framing, no Referer).

Server-side checks on the real app; the browser half (no alert fires, no injected element, no
CSP violation from our own pages) is in ``test_hardening_browser.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medcodes.web.app import create_app
from medcodes.web.security import CSP, HEADERS
from medcodes.web.state import STATIC, TEMPLATES

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</title><script>alert(1)</script>",
    "<iframe src=javascript:alert(1)>",
    "heart<b>attack</b> & <mark>x</mark>",
]


@pytest.fixture(scope="module")
def client(catalog_path: Path) -> Iterator[TestClient]:
    app: FastAPI = create_app(catalog_path)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def echo_urls(payload: str) -> list[tuple[str, dict[str, Any]]]:
    """Every page that shows something the user typed: the query, filters, codes, systems."""
    return [
        ("/search", {"q": payload}),
        ("/search", {"q": "asthma " + payload}),
        ("/search", {"q": payload, "system": payload, "chapter": payload, "billable": payload}),
        ("/search", {"q": "a" * 490 + payload}),  # the 400 page for a long query
        ("/", {"q": "I21.9", "page": payload}),  # a 422 page naming the bad parameter
        ("/code/icd10cm/" + payload, {}),
        ("/code/" + payload, {}),
        ("/code/" + payload + "/I21.9", {}),
        ("/browse/" + payload, {}),
        ("/browse/icd10cm", {"code": payload}),
    ]


class Elements(HTMLParser):
    """Tags, attributes and inline script/style of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if self.tags and self.tags[-1][0] in ("script", "style") and data.strip():
            self.inline_scripts += 1


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def assert_no_injection(html: str, payload: str, where: str) -> None:
    assert payload not in html, f"{where} echoes markup unescaped"
    doc = parse(html)
    for tag, attrs in doc.tags:
        assert tag not in ("iframe", "img"), f"{where}: injected <{tag}>"
        assert tag != "script" or attrs.get("src", "").startswith("/static/"), where
        assert not any(name.startswith("on") for name in attrs), f"{where}: {tag} {attrs}"
        assert "style" not in attrs, f"{where}: inline style on <{tag}>"
    assert doc.inline_scripts == 0, f"{where}: inline script or style"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_input_is_escaped_on_every_page(client: TestClient, payload: str) -> None:
    for path, params in echo_urls(payload):
        response = client.get(path, params=params)
        assert response.status_code < 500, (path, response.status_code)
        if response.headers.get("content-type", "").startswith("text/html"):
            assert_no_injection(response.text, payload, f"{path} {params}")


def test_the_query_is_echoed_as_text(client: TestClient) -> None:
    """Escaped, not dropped: the person still sees what they typed."""
    html = client.get("/search", params={"q": PAYLOADS[0]}).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html = client.get("/code/icd10cm/" + PAYLOADS[1]).text
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html or "&quot;&gt;&lt;img" in html


def snippet_markup(snippet: str) -> str:
    """What remains of a snippet once its ``<mark>`` tags are removed: must be plain text."""
    return re.sub(r"</?mark>", "", snippet)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_suggestion_snippets_carry_no_markup_but_mark(client: TestClient, payload: str) -> None:
    """app.js puts ``snippet`` into the list with innerHTML: it must hold nothing but <mark>."""
    for q in (payload, "heart " + payload, payload + " fracture"):
        for path in ("/api/v1/suggest", "/api/v1/search"):
            response = client.get(path, params={"q": q})
            data = response.json()
            items = data.get("items", data.get("hits", []))
            for item in items:
                assert "<" not in snippet_markup(item["snippet"]), item
            assert response.headers["x-content-type-options"] == "nosniff"


@settings(max_examples=150, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(q=st.text(alphabet=st.sampled_from(list("<>\"'&/=abcdeihrtmsx ;()")), max_size=40)
       | st.text(max_size=40))
def test_any_query_gives_markup_free_snippets(client: TestClient, q: str) -> None:
    response = client.get("/api/v1/suggest", params={"q": q})
    assert response.status_code < 500
    for item in response.json().get("items", []):
        assert "<" not in snippet_markup(item["snippet"])
        assert ">" not in snippet_markup(item["snippet"])


def test_templates_mark_nothing_safe_but_server_built_html() -> None:
    """Autoescaping is bypassed only for the search snippet (escaped by the search library)
    and content sections (rendered by the content layer from reviewed articles)."""
    uses = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        uses += [(path.name, m) for m in re.findall(r"\{\{[^}]*\|\s*safe[^}]*\}\}",
                                                    path.read_text())]
    assert uses == [("code.html", '{{ s["html"]|safe }}'),
                    ("search.html", "{{ h.snippet|safe }}")]


def test_templates_have_no_inline_script_or_style() -> None:
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path.name
        assert "<style" not in text, path.name
        assert not re.search(r"\sstyle=", text), path.name
        assert not re.search(r"\son[a-z]+=", text), path.name


def test_app_js_builds_the_list_with_text_nodes() -> None:
    """The one innerHTML in app.js is the server-escaped snippet; all else is textContent."""
    js = (STATIC / "app.js").read_text()
    assigned = re.findall(r"(\w+(?:\.\w+)*)\.innerHTML\s*=", js)
    assert assigned == ["title"]
    assert "textContent = entry.item.code" in js
    assert "insertAdjacentHTML" not in js and "document.write" not in js and "eval(" not in js


# -- headers ----------------------------------------------------------------------------------
def test_csp_forbids_inline_script_and_style_and_framing() -> None:
    directives = dict(d.strip().split(" ", 1) for d in CSP.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP


@pytest.mark.parametrize(("method", "path", "kwargs"), [
    ("GET", "/", {}),
    ("GET", "/search?q=asthma", {}),
    ("GET", "/code/icd10cm/I21.9", {}),
    ("GET", "/code/i219", {}),  # a redirect
    ("GET", "/code/icd10cm/NOPE", {}),  # a 404 page
    ("GET", "/api/v1/search?q=asthma", {}),
    ("GET", "/api/v1/codes/icd10cm/NOPE", {}),  # a JSON 404
    ("GET", "/api/v1/search?limit=0&q=x", {}),  # a JSON 400
    ("POST", "/api/v1/lookup", {"json": {"codes": ["I21.9"]}}),
    ("POST", "/api/v1/lookup", {"content": b"x" * 2_000_000}),  # 413
    ("GET", "/fhir/metadata", {}),
    ("GET", "/fhir/Nope", {}),
    ("GET", "/static/app.js", {}),
    ("GET", "/static/nope.js", {}),
    ("GET", "/healthz", {}),
    ("HEAD", "/healthz", {}),
    ("GET", "/readyz", {}),
    ("GET", "/openapi.json", {}),
    ("GET", "/docs", {}),
])
def test_every_response_carries_the_security_headers(
    client: TestClient, method: str, path: str, kwargs: dict[str, Any]
) -> None:
    response = client.request(method, path, follow_redirects=False, **kwargs)
    assert response.status_code < 500
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (name, path, response.status_code)


def test_a_304_carries_the_security_headers(client: TestClient) -> None:
    first = client.get("/api/v1/systems")
    again = client.get("/api/v1/systems", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.headers["content-security-policy"] == CSP
    assert again.headers["x-frame-options"] == "DENY"
