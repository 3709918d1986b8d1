"""The JSON API, the Clinical Tables-compatible endpoint, probes and HTTP caching, through the
ASGI test client over the session's real catalog."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.exceptions import StarletteDeprecationWarning

from medcodes.catalog.reader import Catalog
from medcodes.content.record import code_record
from medcodes.search.engine import search
from medcodes.search.types import MAX_QUERY_LENGTH
from medcodes.web.app import CORS_ENV, create_app

with warnings.catch_warnings():
    # starlette asks for httpx2 in place of httpx; the client behaves the same.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(catalog_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(catalog_path)) as test_client:
        yield test_client


def roundtrip(data: object) -> object:
    return json.loads(json.dumps(data))


# -- search and suggest -----------------------------------------------------------------------
def test_search_returns_the_library_search_response(client: TestClient, cat: Catalog) -> None:
    r = client.get("/api/v1/search", params={"q": "heart attack", "limit": 5})
    assert r.status_code == 200
    assert r.json() == roundtrip(search(cat, "heart attack", limit=5).to_dict())
    assert r.json()["hits"]


def test_search_filters_by_repeated_system_and_billable(client: TestClient) -> None:
    r = client.get("/api/v1/search", params=[("q", "fracture"), ("system", "icd10cm"),
                                             ("system", "icd9cm"), ("billable", "true")])
    hits = r.json()["hits"]
    assert hits and {h["system"] for h in hits} <= {"icd10cm", "icd9cm"}
    assert all(h["billable"] for h in hits)


def test_search_pagination_offsets_do_not_overlap(client: TestClient) -> None:
    first = client.get("/api/v1/search", params={"q": "diabetes", "limit": 10}).json()
    second = client.get("/api/v1/search", params={"q": "diabetes", "limit": 10, "offset": 10}).json()
    assert second["offset"] == 10
    codes = {(h["system"], h["code"]) for h in first["hits"]}
    assert codes.isdisjoint({(h["system"], h["code"]) for h in second["hits"]})


@pytest.mark.parametrize(
    ("params", "status", "fragment"),
    [
        ({"q": "asthma", "system": "nosuchsystem"}, 400, "unknown system"),
        ({"q": "asthma", "limit": 0}, 400, "limit"),
        ({"q": "asthma", "limit": "many"}, 422, "limit"),
        ({"q": "asthma", "offset": -1}, 400, "offset"),
        ({"q": "x" * (MAX_QUERY_LENGTH + 1)}, 400, "longer"),
        ({"q": "asthma", "mode": "telepathy"}, 400, "mode"),
        ({"q": "asthma", "range": "not a range"}, 400, "range"),
        ({"q": "asthma", "billable": "perhaps"}, 422, "billable"),
    ],
)
def test_search_bad_input_is_a_json_error_not_a_crash(
    client: TestClient, params: dict[str, Any], status: int, fragment: str
) -> None:
    r = client.get("/api/v1/search", params=params)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/json")
    assert fragment in r.json()["error"]


def test_suggest_gives_at_most_ten_lean_items(client: TestClient) -> None:
    r = client.get("/api/v1/suggest", params={"q": "myocardial infarc"})
    items = r.json()["items"]
    assert 0 < len(items) <= 10
    assert all(set(i) == {"system", "code", "title", "snippet"} for i in items)
    assert any("<mark>" in i["snippet"] for i in items)


def test_suggest_limits_to_systems(client: TestClient) -> None:
    items = client.get("/api/v1/suggest", params={"q": "appendectomy", "system": "icd9pcs"}).json()["items"]
    assert items and {i["system"] for i in items} == {"icd9pcs"}


def test_suggest_finds_a_typed_code_first(client: TestClient) -> None:
    items = client.get("/api/v1/suggest", params={"q": "i21.9"}).json()["items"]
    assert (items[0]["system"], items[0]["code"]) == ("icd10cm", "I21.9")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=60))
def test_suggest_and_search_never_fail_on_any_text(client: TestClient, q: str) -> None:
    for path in ("/api/v1/suggest", "/api/v1/search", "/api/icd10cm/v3/search"):
        key = "terms" if "v3" in path else "q"
        r = client.get(path, params={key: q})
        assert r.status_code in (200, 400), (path, q, r.text)


# -- codes ------------------------------------------------------------------------------------
def test_code_endpoint_serves_the_code_page_record(client: TestClient, cat: Catalog) -> None:
    concept = cat.get("icd10cm", "S72.001A")
    assert concept is not None
    r = client.get("/api/v1/codes/icd10cm/S72.001A")
    assert r.status_code == 200
    assert r.json() == roundtrip(code_record(cat, concept))


def test_code_endpoint_accepts_any_usual_form(client: TestClient) -> None:
    assert client.get("/api/v1/codes/icd10cm/i219").json()["code"] == "I21.9"


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("/api/v1/codes/icd10cm/Q99.999", "no code"),
        ("/api/v1/codes/nosuch/I21.9", "unknown system"),
        ("/api/v1/codes/nosuch/I21.9/children", "unknown system"),
        ("/api/v1/no/such/route", "Not Found"),
    ],
)
def test_unknown_codes_and_routes_are_json_404s(client: TestClient, path: str, fragment: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert fragment in r.json()["error"]


def test_children_and_ancestors_follow_the_hierarchy(client: TestClient, cat: Catalog) -> None:
    children = client.get("/api/v1/codes/icd10cm/I21/children").json()["items"]
    assert [c["code"] for c in children] == [c.code for c in cat.children("icd10cm", "I21")]
    ancestors = client.get("/api/v1/codes/icd10cm/I21.9/ancestors").json()["items"]
    assert [a["code"] for a in ancestors] == [a.code for a in cat.ancestors("icd10cm", "I21.9")]
    assert ancestors[-1]["code"] == "I21"


def test_similar_gives_groups_of_codes(client: TestClient) -> None:
    body = client.get("/api/v1/codes/icd10cm/I21.9/similar").json()
    assert body["source"] in ("content", "hierarchy")
    assert body["groups"] and all(g["items"] for g in body["groups"])
    assert all({"system", "code", "title"} <= set(i) for g in body["groups"] for i in g["items"])


def test_crosswalk_lists_links_with_flags_both_ways(client: TestClient, cat: Catalog) -> None:
    body = client.get("/api/v1/codes/icd9cm/410.71/crosswalk").json()
    assert len(body["links"]) == len(cat.crosswalk("icd9cm", "410.71")) > 0
    assert all(link["flag_names"] for link in body["links"])
    assert len(body["reverse"]) == len(cat.reverse_crosswalk("icd9cm", "410.71"))
    only = client.get("/api/v1/codes/icd9cm/410.71/crosswalk", params={"target": "icd10cm"}).json()
    assert {link["target_system"] for link in only["links"]} == {"icd10cm"}


def test_systems_lists_every_release(client: TestClient, cat: Catalog) -> None:
    body = client.get("/api/v1/systems").json()
    assert [s["id"] for s in body["systems"]] == [s.id for s in cat.systems()]
    assert body["built_at"] == cat.meta["built_at"]


# -- bulk lookup ------------------------------------------------------------------------------
def test_lookup_tells_found_not_found_invalid_and_ambiguous(client: TestClient, cat: Catalog) -> None:
    ambiguous = "0010"
    assert len(cat.find(ambiguous)) > 1  # a key that names codes in two systems
    codes = ["I21.9", "icd10cm:i219", "I21.99", "hello!", "", ambiguous, "icd9pcs:00.10"]
    body = client.post("/api/v1/lookup", json={"codes": codes}).json()
    statuses = [r["status"] for r in body["results"]]
    assert statuses == ["found", "found", "not_found", "invalid_format", "invalid_format",
                        "ambiguous", "found"]
    assert [r["input"] for r in body["results"]] == codes
    assert body["results"][0]["record"]["code"] == "I21.9"
    assert len(body["results"][5]["candidates"]) == len(cat.find(ambiguous))
    assert body["counts"] == {"found": 3, "not_found": 1, "invalid_format": 2, "ambiguous": 1}


def test_lookup_with_a_system_resolves_ambiguity(client: TestClient) -> None:
    body = client.post("/api/v1/lookup", json={"codes": ["001.0"], "system": "icd9cm"}).json()
    assert body["results"][0]["status"] == "found"
    assert body["results"][0]["record"]["system"] == "icd9cm"


def test_lookup_takes_a_thousand_codes_and_refuses_more(client: TestClient) -> None:
    ok = client.post("/api/v1/lookup", json={"codes": ["I10"] * 1000})
    assert ok.status_code == 200 and ok.json()["counts"] == {"found": 1000}
    too_many = client.post("/api/v1/lookup", json={"codes": ["I10"] * 1001})
    assert too_many.status_code == 422
    assert "codes" in too_many.json()["error"]


@pytest.mark.parametrize("body", ['{"codes": "I10"}', "not json", '{"nothing": []}'])
def test_lookup_malformed_body_is_422(client: TestClient, body: str) -> None:
    r = client.post("/api/v1/lookup", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["error"]


# -- Clinical Tables compatibility ------------------------------------------------------------
def test_clinical_tables_answer_has_nlm_shape(client: TestClient, cat: Catalog) -> None:
    body = client.get("/api/icd10cm/v3/search", params={"terms": "tuberc", "maxList": 5}).json()
    total, codes, extra, display = body
    assert isinstance(total, int) and total >= len(codes) > 0
    assert len(codes) <= 5 and extra is None
    assert [row[0] for row in display] == codes
    for code, row in zip(codes, display, strict=True):
        concept = cat.get("icd10cm", code)
        assert concept is not None and concept.billable  # NLM's tables list billable codes
        assert row == [concept.code, concept.title]


def test_clinical_tables_fields_and_paging(client: TestClient) -> None:
    params: dict[str, Any] = {"terms": "diabetes", "df": "name", "ef": "name:title,billable", "count": 3}
    total, codes, extra, display = client.get("/api/icd10cm/v3/search", params=params).json()
    assert len(codes) == 3 and all(len(row) == 1 for row in display)
    assert extra["title"] == [row[0] for row in display] and extra["billable"] == [True] * 3
    page2 = client.get("/api/icd10cm/v3/search", params={**params, "offset": 3}).json()
    assert page2[0] == total and set(page2[1]).isdisjoint(codes)


def test_clinical_tables_code_only_search_field(client: TestClient) -> None:
    words = client.get("/api/icd10cm/v3/search", params={"terms": "asthma", "sf": "code"}).json()
    assert words[:2] == [0, []]
    codes = client.get("/api/icd10cm/v3/search", params={"terms": "J45", "sf": "code"}).json()
    assert codes[1] and all(c.startswith("J45") for c in codes[1])


@pytest.mark.parametrize(("table", "system"), [("icd9cm_dx", "icd9cm"), ("icd9cm_sg", "icd9pcs"),
                                               ("icd10pcs", "icd10pcs")])
def test_clinical_tables_other_tables(client: TestClient, cat: Catalog, table: str, system: str) -> None:
    total, codes, _, _ = client.get(f"/api/{table}/v3/search", params={"terms": "append"}).json()
    assert total and codes
    assert all(cat.get(system, c) is not None for c in codes)


@pytest.mark.parametrize(
    ("path", "params", "status", "fragment"),
    [
        ("/api/nosuch/v3/search", {"terms": "a"}, 404, "unknown table"),
        ("/api/icd10cm/v3/search", {}, 400, "terms"),
        ("/api/icd10cm/v3/search", {"terms": "a", "df": "colour"}, 400, "unknown field"),
        ("/api/icd10cm/v3/search", {"terms": "a", "count": 501}, 400, "count"),
        ("/api/icd10cm/v3/search", {"terms": "a", "offset": 7500}, 400, "offset"),
        ("/api/icd10cm/v3/search", {"terms": "a", "maxList": "lots"}, 400, "maxList"),
    ],
)
def test_clinical_tables_errors(
    client: TestClient, path: str, params: dict[str, Any], status: int, fragment: str
) -> None:
    r = client.get(path, params=params)
    assert r.status_code == status and fragment in r.json()["error"]


def test_clinical_tables_empty_max_list_means_500(client: TestClient) -> None:
    params = {"terms": "S72", "maxList": ""}  # a code prefix with over 500 billable codes
    total, codes, _, _ = client.get("/api/icd10cm/v3/search", params=params).json()
    assert total > 500 and len(codes) == 500


# -- HTTP caching, CORS, probes, OpenAPI ------------------------------------------------------
def test_etag_and_304(client: TestClient) -> None:
    r = client.get("/api/v1/search", params={"q": "asthma"})
    etag = r.headers["etag"]
    assert "max-age" in r.headers["cache-control"]
    again = client.get("/api/v1/search", params={"q": "asthma"}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    weak = client.get("/api/v1/search", params={"q": "asthma"}, headers={"If-None-Match": f'"x", W/{etag}'})
    assert weak.status_code == 304
    other = client.get("/api/v1/search", params={"q": "asthmatic"})
    assert other.headers["etag"] != etag


def test_errors_and_posts_are_not_cached(client: TestClient) -> None:
    missing = client.get("/api/v1/codes/icd10cm/Q99.999")
    assert "etag" not in missing.headers and missing.headers["cache-control"] == "no-store"
    posted = client.post("/api/v1/lookup", json={"codes": ["I10"]})
    assert "etag" not in posted.headers


def test_cors_is_off_by_default_and_configurable(
    catalog_path: Path, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    origin = {"Origin": "https://ehr.example.org"}
    assert "access-control-allow-origin" not in client.get("/api/v1/systems", headers=origin).headers
    monkeypatch.setenv(CORS_ENV, "https://ehr.example.org, https://other.example.org")
    with TestClient(create_app(catalog_path)) as cors_client:
        r = cors_client.get("/api/v1/systems", headers=origin)
        assert r.headers["access-control-allow-origin"] == "https://ehr.example.org"
        pre = cors_client.options("/api/v1/lookup", headers={
            **origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        assert pre.status_code == 200
        revalidated = cors_client.get("/api/v1/systems", headers={
            **origin, "If-None-Match": r.headers["etag"]})
        assert revalidated.status_code == 304
        assert revalidated.headers["access-control-allow-origin"] == "https://ehr.example.org"
        denied = cors_client.get("/api/v1/systems", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in denied.headers


def test_health_and_readiness(client: TestClient, cat: Catalog) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.headers["cache-control"] == "no-store"
    assert ready.json()["built_at"] == cat.meta["built_at"]


def test_without_a_catalog_the_app_says_503(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "missing.sqlite")) as c:
        assert c.get("/healthz").status_code == 200
        ready = c.get("/readyz")
        assert ready.status_code == 503 and "medcodes build" in ready.json()["error"]
        api = c.get("/api/v1/search", params={"q": "asthma"})
        assert api.status_code == 503 and "no catalog" in api.json()["error"]
        page = c.get("/")
        assert page.status_code == 503 and "text/html" in page.headers["content-type"]


def test_openapi_and_local_docs(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/api/v1/search", "/api/v1/suggest", "/api/v1/lookup", "/api/{table}/v3/search",
                 "/api/v1/codes/{system}/{code}/crosswalk"):
        assert path in schema["paths"]
    docs: Any = client.get("/docs")  # a TemplateResponse: .template and .context
    assert docs.template.name == "docs.html"
    listed = {op["path"] for op in docs.context["operations"]}
    assert listed == set(schema["paths"])
    assert "cdn" not in docs.text.lower()
