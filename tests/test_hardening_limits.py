"""Request limits: each is a clear error in the endpoint's format, never a 500 or a hang.

Query length, ``limit``/``offset``/``count`` caps, bulk lookup size, request body size and the
per-request time budget, on the real app over the real catalog.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from medcodes.web.app import create_app
from medcodes.web.limits import BUDGET_ENV, MAX_BODY


@pytest.fixture(scope="module")
def app(catalog_path: Path) -> FastAPI:
    return create_app(catalog_path)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def json_error(response: Any, status: int) -> str:
    """The message of a JSON error answer with ``status``."""
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("application/json")
    message = response.json()["error"]
    assert isinstance(message, str) and message
    return message


@pytest.mark.parametrize("path", ["/api/v1/search", "/api/v1/suggest"])
def test_a_query_over_500_characters_is_a_400(client: TestClient, path: str) -> None:
    message = json_error(client.get(path, params={"q": "a" * 501}), 400)
    assert "500" in message
    assert client.get(path, params={"q": "a" * 500}).status_code == 200


def test_a_long_query_on_the_results_page_is_a_400_page(client: TestClient) -> None:
    response = client.get("/search", params={"q": "fever " * 120})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "500 characters" in response.text


@pytest.mark.parametrize(("params", "status"), [
    ({"limit": "0"}, 400), ({"limit": "501"}, 400), ({"limit": "-1"}, 400),
    ({"limit": "9" * 30}, 400), ({"limit": "ten"}, 422), ({"offset": "-1"}, 400),
    ({"offset": "10001"}, 400), ({"offset": "9" * 30}, 400),
])
def test_search_limit_and_offset_are_capped(
    client: TestClient, params: dict[str, str], status: int
) -> None:
    message = json_error(client.get("/api/v1/search", params={"q": "asthma", **params}), status)
    assert next(iter(params)) in message


def test_clinical_tables_count_is_capped(client: TestClient) -> None:
    url = "/api/icd10cm/v3/search"
    assert "500" in json_error(client.get(url, params={"terms": "fever", "count": 501}), 400)
    assert client.get(url, params={"terms": "fever", "count": 0}).status_code == 400
    many = client.get(url, params={"terms": "fracture", "maxList": "100000"}).json()
    assert len(many[1]) <= 500


def test_fhir_expand_count_is_bounded(client: TestClient) -> None:
    response = client.get("/fhir/ValueSet/$expand", params={
        "url": "http://hl7.org/fhir/sid/icd-10-cm?fhir_vs", "count": "-5"})
    assert response.status_code == 400
    assert response.json()["resourceType"] == "OperationOutcome"


def test_bulk_lookup_takes_at_most_1000_codes(client: TestClient) -> None:
    ok = client.post("/api/v1/lookup", json={"codes": ["I21.9"] * 1000})
    assert ok.status_code == 200 and len(ok.json()["results"]) == 1000
    message = json_error(client.post("/api/v1/lookup", json={"codes": ["I21.9"] * 1001}), 422)
    assert "1000" in message


def test_a_declared_body_over_the_limit_is_a_413(client: TestClient) -> None:
    body = json.dumps({"codes": ["x" * 1000] * (MAX_BODY // 1000 + 1)}).encode()
    assert len(body) > MAX_BODY
    message = json_error(client.post("/api/v1/lookup", content=body,
                                     headers={"content-type": "application/json"}), 413)
    assert "bytes" in message


def test_a_streamed_body_over_the_limit_is_a_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"codes": ['
        for _ in range(MAX_BODY // 10_000 + 2):
            yield b'"' + b"x" * 10_000 + b'",'
        yield b'"I21.9"]}'

    response = client.post("/api/v1/lookup", content=chunks(),
                           headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers
    json_error(response, 413)


def test_a_fhir_body_over_the_limit_is_an_operation_outcome(client: TestClient) -> None:
    body = b'{"resourceType": "Parameters", "parameter": []}' + b" " * MAX_BODY
    response = client.post("/fhir/CodeSystem/$lookup", content=body,
                           headers={"content-type": "application/fhir+json"})
    assert response.status_code == 413
    outcome = response.json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert outcome["issue"][0]["code"] == "too-costly"


@pytest.fixture
def tiny_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """A budget that every real search overruns (the env var is read per request)."""
    monkeypatch.setenv(BUDGET_ENV, "0.000001")


def test_a_search_over_the_time_budget_is_a_503_and_not_cached(
    client: TestClient, tiny_budget: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    params = {"q": "closed fracture of the left femoral neck", "mode": "words"}
    over = client.get("/api/v1/search", params=params)
    assert "time budget" in json_error(over, 503)
    assert over.headers["retry-after"] == "1"
    assert over.headers["cache-control"] == "no-store"
    monkeypatch.setenv(BUDGET_ENV, "5")
    full = client.get("/api/v1/search", params=params)
    assert full.status_code == 200 and full.json()["hits"], "the partial answer was not kept"


def test_pages_and_fhir_over_the_time_budget_say_so(
    client: TestClient, tiny_budget: None
) -> None:
    page = client.get("/search", params={"q": "pain in the lower back radiating to the leg"})
    assert page.status_code == 503
    assert page.headers["content-type"].startswith("text/html")
    assert "time budget" in page.text
    fhir = client.get("/fhir/ValueSet/$expand", params={
        "url": "http://hl7.org/fhir/sid/icd-10-cm?fhir_vs", "filter": "diabetes with kidney"})
    assert fhir.status_code == 503
    assert fhir.json()["issue"][0]["code"] == "transient"
    assert client.get("/healthz").status_code == 200  # no catalog work, no budget to overrun


def test_no_budget_when_turned_off(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BUDGET_ENV, "0")
    response = client.get("/api/v1/search", params={"q": "chronic kidney disease stage 3"})
    assert response.status_code == 200
