"""GET /api/v1/suggest, the typeahead endpoint, through the ASGI test client: sensible items
for codes, words, typos and one letter; odd input never a 500; HTTP caching and errors as on
every other JSON endpoint."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from medcodes.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

URL = "/api/v1/suggest"


@pytest.fixture(scope="module")
def client(catalog_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(catalog_path)) as test_client:
        yield test_client


def suggested(client: TestClient, q: str, **params: Any) -> dict[str, Any]:
    r = client.get(URL, params={"q": q, **params})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    data: dict[str, Any] = r.json()
    assert set(data) == {"query", "corrected_query", "items"}
    assert len(data["items"]) <= 10
    assert all(set(i) == {"system", "code", "title", "snippet"} for i in data["items"])
    return data


@pytest.mark.parametrize(("q", "first"), [
    ("I21", ("icd10cm", "I21")), ("i219", ("icd10cm", "I21.9")), ("0dtj4zz", ("icd10pcs", "0DTJ4ZZ")),
])
def test_codes_come_first(client: TestClient, q: str, first: tuple[str, str]) -> None:
    item = suggested(client, q)["items"][0]
    assert (item["system"], item["code"]) == first


def test_half_typed_words(client: TestClient) -> None:
    items = suggested(client, "myocardial infarc")["items"]
    assert items[0]["code"].startswith(("I21", "I22"))
    assert all("<mark>" in i["snippet"] for i in items)


def test_a_typo_is_corrected(client: TestClient) -> None:
    data = suggested(client, "diabetis")
    assert data["corrected_query"] == "diabetes"
    assert any(i["code"].startswith(("E10", "E11", "250")) for i in data["items"])


def test_one_character_and_empty_input(client: TestClient) -> None:
    assert suggested(client, "h")["items"]
    assert suggested(client, "")["items"] == []
    assert suggested(client, "   ")["items"] == []


@pytest.mark.parametrize("q", ['"', "NEAR(", "NEAR(heart att, 2)", "*", "heart*", "🫀", "😀 heart",
                               "{title}: heart", "\x00", "'); DROP TABLE concepts;--", "E08-"])
def test_odd_input_is_answered(client: TestClient, q: str) -> None:
    suggested(client, q)


def test_ten_thousand_characters_are_a_400_not_a_500(client: TestClient) -> None:
    r = client.get(URL, params={"q": "heart " * 1667})
    assert r.status_code == 400
    assert "500 characters" in r.json()["error"]


def test_an_unknown_system_is_a_400(client: TestClient) -> None:
    r = client.get(URL, params={"q": "asthma", "system": "nosuch"})
    assert r.status_code == 400 and "unknown system" in r.json()["error"]


def test_repeated_system_parameters(client: TestClient) -> None:
    items = suggested(client, "fracture", system=["icd9cm", "icd10cm"])["items"]
    assert items and {i["system"] for i in items} <= {"icd9cm", "icd10cm"}


def test_answers_carry_an_etag_and_revalidate(client: TestClient) -> None:
    r = client.get(URL, params={"q": "asthma"})
    assert r.headers["cache-control"].startswith("public")
    again = client.get(URL, params={"q": "asthma"}, headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304
