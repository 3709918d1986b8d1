"""Read-only serving: the server opens the catalog read-only and immutable, no endpoint writes
anything (the file's bytes are the same after every endpoint has been hammered, POSTs
included), and nothing that changes data (imports, content drafts) is reachable over HTTP.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from medcodes.catalog.live import ServedCatalog
from medcodes.web.app import create_app
from test_hardening_inputs import ENDPOINTS, NASTY, Endpoint, fill_path

URI = "http://hl7.org/fhir/sid/icd-10-cm"
# Sensible values per parameter name, so requests reach the code that reads the catalog.
GOOD = {
    "system": "icd10cm", "code": "I21.9", "table": "icd10cm", "id": "icd10cm", "q": "heart attack",
    "terms": "fracture", "filter": "diabetes", "url": URI + "?fhir_vs", "coding": f"{URI}|E11.9",
    "codeA": "I21", "codeB": "I21.9", "target": "icd9cm", "targetsystem": "icd9cm",
    "path": "app.js", "rest": "Patient", "count": "5", "limit": "5",
}
FHIR_BODY = {"resourceType": "Parameters", "parameter": [
    {"name": "system", "valueUri": URI}, {"name": "code", "valueCode": "E11.9"},
    {"name": "url", "valueUri": URI + "?fhir_vs"}, {"name": "filter", "valueString": "asthma"},
]}


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def snapshot(path: Path) -> tuple[str, int, list[str]]:
    """The catalog's bytes, its mtime, and the files named after it (-journal, -wal, -shm)."""
    beside = sorted(n for n in os.listdir(path.parent) if n.startswith(path.name))
    return digest(path), path.stat().st_mtime_ns, beside


@pytest.fixture(scope="module")
def app(catalog_path: Path) -> FastAPI:
    return create_app(catalog_path)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def requests_for(ep: Endpoint) -> Iterator[tuple[str, list[tuple[str, str]], dict[str, object]]]:
    """A good request, a hostile one, and for POSTs a good body, for one endpoint."""
    good = {name: GOOD.get(name, "I21.9") for name in ep.path_params}
    params = [(name, GOOD[name]) for name in ep.query_params if name in GOOD]
    body: dict[str, object] = {}
    if ep.body == "json":
        body = {"json": {"codes": ["I21.9", "E11.9", "0DTJ4ZZ", "nope", "250.00"]}}
    elif ep.body == "fhir":
        body = {"json": FHIR_BODY}
    yield fill_path(ep, good), params, body
    for value in NASTY[::7]:
        yield fill_path(ep, dict.fromkeys(ep.path_params, value)), [
            (name, value) for name in ep.query_params], body


def test_no_endpoint_writes_the_catalog(client: TestClient, catalog_path: Path) -> None:
    before = snapshot(catalog_path)
    sent = 0
    for _ in range(3):
        for ep in ENDPOINTS:
            for url, params, body in requests_for(ep):
                response = client.request(ep.method, url, params=params, **body)
                assert response.status_code < 500, (ep.id, url, response.text[:200])
                sent += 1
    for method in ("PUT", "PATCH", "DELETE"):  # methods no route accepts for a write
        for path in ("/api/v1/codes/icd10cm/I21.9", "/fhir/CodeSystem/icd10cm", "/api/v1/lookup"):
            assert client.request(method, path).status_code in (404, 405)
            sent += 1
    assert sent > 500
    assert snapshot(catalog_path) == before


def test_only_reading_methods_are_routed() -> None:
    """GET everywhere; POST only where an operation takes a body (bulk lookup, FHIR
    operations); PUT/PATCH/DELETE only on the FHIR catch-all, which answers 405."""
    for ep in ENDPOINTS:
        if ep.method in ("PUT", "PATCH", "DELETE"):
            assert ep.path == "/fhir/{rest:path}", ep.id
        elif ep.method == "POST":
            assert ep.path == "/api/v1/lookup" or ep.path.startswith("/fhir/"), ep.id
        else:
            assert ep.method == "GET", ep.id


def test_imports_and_drafts_have_no_http_route() -> None:
    for ep in ENDPOINTS:
        for word in ("import", "draft", "content", "build", "review", "upload", "admin"):
            assert word not in ep.path.lower(), ep.id


def test_the_served_connection_cannot_write(catalog_path: Path) -> None:
    cat = ServedCatalog(catalog_path)
    try:
        assert cat.conn.execute("PRAGMA query_only").fetchone()[0] == 1
        for sql in ("CREATE TABLE hacked (x)", "DELETE FROM meta", "UPDATE meta SET value = ''"):
            with pytest.raises(sqlite3.OperationalError, match=r"readonly|query_only|read-only"):
                cat.conn.execute(sql)
        cat.conn.execute("PRAGMA query_only = 0")  # even with that lifted, the file is read-only
        with pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only"):
            cat.conn.execute("CREATE TABLE hacked (x)")
    finally:
        cat.close()
