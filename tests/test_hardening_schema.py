"""Schemathesis against the app's own /openapi.json: requests generated from the schema (valid
and deliberately invalid), sent to the real app over the real catalog, and every answer checked
against the schema: no server error, only documented status codes, content types and bodies.

One check is left out: ``positive_data_acceptance`` expects every schema-valid request to
succeed, but a system id or code is a free string in the schema and an unknown one is rightly a
400/404. Skipped when schemathesis is not installed (it is in the ``test`` extra).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from medcodes.web.app import create_app

schemathesis = pytest.importorskip("schemathesis")

EXAMPLES = int(os.environ.get("MEDCODES_SCHEMA_EXAMPLES", "100"))
SENT = ("method", "url", "params", "headers", "json", "content")


def operations() -> list[str]:
    """Every operation of the schema (read from an app without a catalog: same routes)."""
    schema = schemathesis.openapi.from_asgi(
        "/openapi.json", create_app(Path("/nonexistent/medcodes-schema.sqlite")))
    return [result.ok().label for result in schema.get_all_operations()]


OPERATIONS = operations()


@pytest.fixture(scope="module")
def served(catalog_path: Path) -> Iterator[tuple[Any, TestClient]]:
    app = create_app(catalog_path)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield schemathesis.openapi.from_asgi("/openapi.json", app), client


def test_the_schema_lists_the_api_and_fhir_operations() -> None:
    for label in ("GET /api/v1/search", "POST /api/v1/lookup", "GET /readyz",
                  "GET /api/{table}/v3/search", "POST /fhir/ValueSet/$expand"):
        assert label in OPERATIONS
    assert len(OPERATIONS) >= 30


@pytest.mark.parametrize("label", OPERATIONS)
def test_schema_generated_requests_conform(served: tuple[Any, TestClient], label: str) -> None:
    schema, client = served
    method, path = label.split(" ", 1)
    operation = schema[path][method]
    excluded = [schemathesis.checks.positive_data_acceptance]

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        kwargs = {k: v for k, v in case.as_transport_kwargs().items() if k in SENT}
        response = client.request(**kwargs)
        assert "Traceback" not in response.text
        case.validate_response(response, excluded_checks=excluded)

    run()
