"""The FHIR R4 terminology service, over the real catalog through the ASGI stack.

Every response is parsed and validated by ``fhir.resources`` (its R4B models: R4's
terminology resources unchanged), so "valid FHIR" is judged by a real FHIR library.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fhir.resources.R4B import get_fhir_model_class
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.exceptions import StarletteDeprecationWarning

from medcodes.catalog.reader import Catalog
from medcodes.fhir.router import fhir_router

with warnings.catch_warnings():
    # starlette asks for httpx2 over httpx; the client works the same either way.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

CM = "http://hl7.org/fhir/sid/icd-10-cm"
PCS = "http://www.cms.gov/Medicare/Coding/ICD10"
ICD9 = "http://hl7.org/fhir/sid/icd-9-cm"
FHIR_JSON = "application/fhir+json"


@pytest.fixture(scope="module")
def client(cat: Catalog) -> Iterator[TestClient]:
    app = FastAPI()
    app.include_router(fhir_router(lambda request: cat))
    with TestClient(app) as test_client:
        yield test_client


def fhir(response: Any, resource_type: str, status: int = 200) -> dict[str, Any]:
    """Check status and media type, validate with fhir.resources, return the JSON."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(FHIR_JSON)
    data: dict[str, Any] = response.json()
    assert data["resourceType"] == resource_type, data
    get_fhir_model_class(resource_type).model_validate(data)
    return data


def outcome(response: Any, status: int, code: str) -> str:
    """Validate an OperationOutcome error and return its diagnostics."""
    data = fhir(response, "OperationOutcome", status)
    issue = data["issue"][0]
    assert issue["severity"] == "error"
    assert issue["code"] == code, issue
    diagnostics: str = issue["diagnostics"]
    return diagnostics


def values(params: dict[str, Any], name: str) -> list[Any]:
    """The value[x] of every top-level parameter called ``name``."""
    return [
        _value(p) for p in params.get("parameter", []) if p["name"] == name
    ]


def _value(part: dict[str, Any]) -> Any:
    return next(v for k, v in part.items() if k.startswith("value"))


def properties(params: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """$lookup properties by code: value, description and ``sub`` {subproperty code: value}."""
    out: dict[str, list[dict[str, Any]]] = {}
    for p in params["parameter"]:
        if p["name"] != "property":
            continue
        entry: dict[str, Any] = {"sub": {}}
        for q in p["part"]:
            if q["name"] == "subproperty":
                sub = {r["name"]: _value(r) for r in q["part"]}
                entry["sub"][sub["code"]] = sub["value"]
            else:
                entry[q["name"]] = _value(q)
        out.setdefault(entry["code"], []).append(entry)
    return out


def body(*entries: tuple[str, str, Any]) -> dict[str, Any]:
    """A Parameters resource from (name, value type, value) triples."""
    return {
        "resourceType": "Parameters",
        "parameter": [{"name": n, f"value{t}": v} for n, t, v in entries],
    }


def codes(valueset: dict[str, Any]) -> list[str]:
    return [c["code"] for c in valueset["expansion"].get("contains", [])]


# -- metadata and CodeSystem resources ------------------------------------------------------------

def test_capability_statement_lists_the_terminology_operations(client: TestClient) -> None:
    data = fhir(client.get("/fhir/metadata"), "CapabilityStatement")
    ops = {
        r["type"]: {o["name"] for o in r.get("operation", [])} for r in data["rest"][0]["resource"]
    }
    assert ops["CodeSystem"] == {"lookup", "validate-code", "subsumes"}
    assert ops["ValueSet"] == {"expand", "validate-code"}
    assert ops["ConceptMap"] == {"translate"}


def test_terminology_capabilities_list_every_system_and_version(
    client: TestClient, cat: Catalog
) -> None:
    data = fhir(client.get("/fhir/metadata?mode=terminology"), "TerminologyCapabilities")
    listed = {(cs["uri"], v["code"]) for cs in data["codeSystem"] for v in cs["version"]}
    assert {(s.fhir_uri, s.version) for s in cat.systems()} <= listed
    assert {CM, PCS, ICD9} <= {uri for uri, _ in listed}
    assert "spelling" in data["expansion"]["textFilter"]


def test_code_system_search_by_url_and_read_by_id(client: TestClient, cat: Catalog) -> None:
    bundle = fhir(client.get("/fhir/CodeSystem", params={"url": CM}), "Bundle")
    assert bundle["total"] == 1
    resource = bundle["entry"][0]["resource"]
    assert resource["url"] == CM
    assert resource["content"] == "not-present"
    assert resource["count"] == cat.system("icd10cm").concepts  # type: ignore[union-attr]
    read = fhir(client.get(f"/fhir/CodeSystem/{resource['id']}"), "CodeSystem")
    assert read["version"] == resource["version"]
    everything = fhir(client.get("/fhir/CodeSystem"), "Bundle")
    assert everything["total"] == len(cat.systems())


# -- $lookup -------------------------------------------------------------------------------------

def test_lookup_icd10cm_code_gives_display_hierarchy_and_notes(
    client: TestClient, cat: Catalog
) -> None:
    data = fhir(client.get("/fhir/CodeSystem/$lookup", params={"system": CM, "code": "i219"}),
                "Parameters")
    assert values(data, "name") == ["ICD-10-CM"]
    assert values(data, "display") == ["Acute myocardial infarction, unspecified"]
    assert values(data, "version") == [cat.system("icd10cm").version]  # type: ignore[union-attr]
    props = properties(data)
    assert props["parent"][0]["value"] == "I21"
    assert props["billable"][0]["value"] is True
    assert props["inactive"][0]["value"] is False
    # Notes of I21 and the blocks above it apply to I21.9: each names the code it comes from.
    inherited = cat.inherited_notes("icd10cm", "I21.9")
    assert any(ancestor.code == "I21" for ancestor, _ in inherited)
    served = {(p["code"], p["value"], p["sub"].get("source")) for ps in props.values() for p in ps}
    assert {(note.kind, note.text, a.code) for a, note in inherited} <= served


def test_lookup_icd10cm_category_lists_children_in_order(client: TestClient, cat: Catalog) -> None:
    data = fhir(client.get("/fhir/CodeSystem/$lookup", params={"system": CM, "code": "I21"}),
                "Parameters")
    props = properties(data)
    assert [p["value"] for p in props["child"]] == [c.code for c in cat.children("icd10cm", "I21")]
    assert props["billable"][0]["value"] is False


def test_lookup_icd10pcs_code_gives_its_axis_values(client: TestClient) -> None:
    data = fhir(client.get("/fhir/CodeSystem/$lookup", params={"system": PCS, "code": "0DTJ4ZZ"}),
                "Parameters")
    assert values(data, "display") == ["Resection of Appendix, Percutaneous Endoscopic Approach"]
    props = properties(data)
    assert props["root-operation"][0]["value"] == "T"
    assert props["root-operation"][0]["description"] == "Resection"
    assert props["body-part"][0]["description"] == "Appendix"
    assert props["approach"][0]["value"] == "4"
    assert props["parent"][0]["value"] == "0DTJ"


def test_lookup_icd9cm_code_by_posted_coding_gives_short_title(client: TestClient) -> None:
    coding = {"system": ICD9, "code": "410.71"}
    data = fhir(
        client.post("/fhir/CodeSystem/$lookup", json=body(("coding", "Coding", coding)),
                    headers={"content-type": FHIR_JSON}),
        "Parameters",
    )
    assert values(data, "name") == ["ICD-9-CM"]
    assert "infarction" in values(data, "display")[0].lower()
    uses = {
        part["valueCoding"]["code"]: d["part"][2]["valueString"]
        for d in data["parameter"] if d["name"] == "designation"
        for part in d["part"] if part["name"] == "use"
    }
    assert "short-title" in uses


def test_lookup_returns_only_the_properties_asked_for(client: TestClient) -> None:
    response = client.get(
        "/fhir/CodeSystem/$lookup", params=[("system", CM), ("code", "I21.9"), ("property", "parent")]
    )
    assert set(properties(fhir(response, "Parameters"))) == {"parent"}


def test_lookup_on_a_code_system_instance(client: TestClient) -> None:
    data = fhir(client.get("/fhir/CodeSystem/icd10pcs/$lookup", params={"code": "0DTJ4ZZ"}),
                "Parameters")
    assert values(data, "name") == ["ICD-10-PCS"]


# -- $validate-code ------------------------------------------------------------------------------

def test_validate_code_in_code_system_true_false_and_wrong_display(client: TestClient) -> None:
    ok = fhir(client.get("/fhir/CodeSystem/$validate-code", params={"url": CM, "code": "I21.9"}),
              "Parameters")
    assert values(ok, "result") == [True]
    assert values(ok, "display") == ["Acute myocardial infarction, unspecified"]
    unknown = fhir(
        client.post("/fhir/CodeSystem/$validate-code",
                    json=body(("url", "Uri", CM), ("code", "Code", "I21.99"))),
        "Parameters",
    )
    assert values(unknown, "result") == [False]
    assert "I21.99" in values(unknown, "message")[0]
    wrong = fhir(client.get("/fhir/CodeSystem/$validate-code",
                            params={"url": CM, "code": "I21.9", "display": "Asthma"}), "Parameters")
    assert values(wrong, "result") == [False]


def test_validate_code_in_value_set_respects_isa(client: TestClient) -> None:
    url = f"{CM}?fhir_vs=isa/I21"
    inside = fhir(client.get("/fhir/ValueSet/$validate-code",
                             params={"url": url, "system": CM, "code": "I21.9"}), "Parameters")
    assert values(inside, "result") == [True]
    concept = {"coding": [{"system": CM, "code": "E11.9"}]}
    outside = fhir(
        client.post("/fhir/ValueSet/$validate-code",
                    json=body(("url", "Uri", url), ("codeableConcept", "CodeableConcept", concept))),
        "Parameters",
    )
    assert values(outside, "result") == [False]


# -- $subsumes -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("code_a", "code_b", "expected"),
    [
        ("I21", "I21.9", "subsumes"),
        ("I21.9", "I21", "subsumed-by"),
        ("I21.9", "i219", "equivalent"),
        ("I21.9", "E11.9", "not-subsumed"),
    ],
)
def test_subsumes_follows_the_hierarchy(
    client: TestClient, code_a: str, code_b: str, expected: str
) -> None:
    data = fhir(client.get("/fhir/CodeSystem/$subsumes",
                           params={"system": CM, "codeA": code_a, "codeB": code_b}), "Parameters")
    assert values(data, "outcome") == [expected]


def test_a_chapter_subsumes_its_codes(client: TestClient, cat: Catalog) -> None:
    chapter = cat.ancestors("icd10cm", "I21.A1")[0].code
    data = fhir(client.get("/fhir/CodeSystem/$subsumes",
                           params={"system": CM, "codeA": chapter, "codeB": "I21.A1"}),
                "Parameters")
    assert values(data, "outcome") == ["subsumes"]


def test_subsumes_with_posted_codings(client: TestClient) -> None:
    data = fhir(
        client.post("/fhir/CodeSystem/$subsumes", json=body(
            ("codingA", "Coding", {"system": PCS, "code": "0DT"}),
            ("codingB", "Coding", {"system": PCS, "code": "0DTJ4ZZ"}),
        )),
        "Parameters",
    )
    assert values(data, "outcome") == ["subsumes"]


# -- $expand -------------------------------------------------------------------------------------

def test_expand_isa_lists_the_code_then_its_descendants(client: TestClient, cat: Catalog) -> None:
    data = fhir(client.get("/fhir/ValueSet/$expand",
                           params={"url": f"{CM}?fhir_vs=isa/I21", "count": 1000}), "ValueSet")
    below = cat.descendants("icd10cm", "I21")
    assert codes(data) == ["I21", *(c.code for c in below)]
    assert data["expansion"]["total"] == len(below) + 1


def test_expand_pages_through_a_whole_system_in_classification_order(
    client: TestClient, cat: Catalog
) -> None:
    url = f"{ICD9}?fhir_vs"
    first = fhir(client.get("/fhir/ValueSet/$expand", params={"url": url, "count": 20}), "ValueSet")
    second = fhir(client.get("/fhir/ValueSet/$expand",
                             params={"url": url, "count": 20, "offset": 20}), "ValueSet")
    both = fhir(client.get("/fhir/ValueSet/$expand", params={"url": url, "count": 40}), "ValueSet")
    assert codes(first) + codes(second) == codes(both)
    assert len(set(codes(both))) == 40
    assert first["expansion"]["total"] == cat.system("icd9cm").concepts  # type: ignore[union-attr]
    assert second["expansion"]["offset"] == 20


def test_expand_filter_corrects_typos_in_icd10cm(client: TestClient) -> None:
    data = fhir(client.get("/fhir/ValueSet/$expand",
                           params={"url": f"{CM}?fhir_vs", "filter": "myocardal infarction",
                                   "count": 10}), "ValueSet")
    assert any(code.startswith("I21") for code in codes(data))  # acute MI, however ranked
    assert all(c["system"] == CM for c in data["expansion"]["contains"])
    used = {p["name"]: p for p in data["expansion"]["parameter"]}
    assert used["filter-corrected"]["valueString"] == "myocardial infarction"


def test_expand_filter_expands_abbreviations_with_designations(client: TestClient) -> None:
    data = fhir(client.post("/fhir/ValueSet/$expand", json=body(
        ("url", "Uri", f"{ICD9}?fhir_vs"), ("filter", "String", "chf"),
        ("count", "Integer", 5), ("includeDesignations", "Boolean", True),
    )), "ValueSet")
    assert any(code.startswith("428") for code in codes(data))  # heart failure
    assert any(c.get("designation") for c in data["expansion"]["contains"])


def test_expand_filter_in_icd10pcs_and_within_a_subtree(client: TestClient) -> None:
    data = fhir(client.get("/fhir/ValueSet/$expand",
                           params={"url": f"{PCS}?fhir_vs", "filter": "resection appendix"}),
                "ValueSet")
    assert "0DTJ4ZZ" in codes(data)
    subtree = fhir(client.get("/fhir/ValueSet/$expand",
                              params={"url": f"{PCS}?fhir_vs=isa/0DT", "filter": "appendix"}),
                   "ValueSet")
    assert "0DTJ4ZZ" in codes(subtree)
    assert all(code.startswith("0DT") for code in codes(subtree))


def test_expand_count_zero_gives_the_total_only(client: TestClient) -> None:
    data = fhir(client.get("/fhir/ValueSet/$expand",
                           params={"url": f"{CM}?fhir_vs=isa/I21", "count": 0}), "ValueSet")
    assert data["expansion"]["total"] > 1
    assert "contains" not in data["expansion"]


# -- $translate ----------------------------------------------------------------------------------

def test_translate_icd9_to_icd10cm_with_gem_equivalence(client: TestClient, cat: Catalog) -> None:
    data = fhir(client.get("/fhir/ConceptMap/$translate",
                           params={"system": ICD9, "code": "410.71", "targetsystem": CM}),
                "Parameters")
    assert values(data, "result") == [True]
    links = cat.crosswalk("icd9cm", "410.71", "icd10cm")
    matches = [{q["name"]: q for q in m["part"]} for m in data["parameter"] if m["name"] == "match"]
    assert [m["concept"]["valueCoding"]["code"] for m in matches] == [ln.target_code for ln in links]
    for ln, m in zip(links, matches, strict=True):
        expected = "inexact" if ln.approximate else "equivalent"
        assert m["equivalence"]["valueCode"] == expected
        assert m["concept"]["valueCoding"]["system"] == CM


def test_translate_exact_and_no_map_rows(client: TestClient, cat: Catalog) -> None:
    exact = fhir(client.get("/fhir/ConceptMap/$translate",
                            params={"system": ICD9, "code": "001.0", "targetsystem": CM}),
                 "Parameters")
    assert next(p for p in exact["parameter"] if p["name"] == "match")["part"][0] == {
        "name": "equivalence", "valueCode": "equivalent"}
    assert any(ln.no_map for ln in cat.crosswalk("icd9cm", "365.70", "icd10cm"))
    none = fhir(client.get("/fhir/ConceptMap/$translate",
                           params={"system": ICD9, "code": "365.70", "targetsystem": CM}),
                "Parameters")
    assert values(none, "result") == [False]
    match = {q["name"]: q for q in next(p for p in none["parameter"] if p["name"] == "match")["part"]}
    assert match["equivalence"]["valueCode"] == "unmatched"
    assert match["relationship"]["valueCode"] == "not-related-to"
    assert "concept" not in match


# -- errors --------------------------------------------------------------------------------------

def test_unknown_system_is_404(client: TestClient) -> None:
    response = client.get("/fhir/CodeSystem/$lookup",
                          params={"system": "http://example.org/nope", "code": "X"})
    assert CM in outcome(response, 404, "not-found")


def test_unknown_code_is_404(client: TestClient) -> None:
    response = client.get("/fhir/CodeSystem/$lookup", params={"system": CM, "code": "I21.99"})
    assert "I21.99" in outcome(response, 404, "not-found")
    response = client.get("/fhir/CodeSystem/$subsumes",
                          params={"system": CM, "codeA": "I21", "codeB": "ZZZ"})
    outcome(response, 404, "not-found")


def test_missing_parameter_is_400(client: TestClient) -> None:
    assert "code" in outcome(client.get("/fhir/CodeSystem/$lookup", params={"system": CM}),
                             400, "required")
    assert "url" in outcome(client.get("/fhir/ValueSet/$expand"), 400, "required")


@pytest.mark.parametrize("count", ["-1", "ten", "1.5", "true"])
def test_bad_count_is_400(client: TestClient, count: str) -> None:
    response = client.get("/fhir/ValueSet/$expand", params={"url": f"{CM}?fhir_vs", "count": count})
    assert "count" in outcome(response, 400, "invalid")


def test_offset_beyond_the_search_window_is_400(client: TestClient) -> None:
    response = client.get("/fhir/ValueSet/$expand",
                          params={"url": f"{CM}?fhir_vs", "filter": "fracture", "offset": 10**6})
    assert "offset" in outcome(response, 400, "invalid")


def test_unknown_version_value_set_and_code_system_id_are_404(client: TestClient) -> None:
    outcome(client.get("/fhir/CodeSystem/$lookup",
                       params={"system": CM, "version": "1999", "code": "I21.9"}), 404, "not-found")
    outcome(client.get("/fhir/ValueSet/$expand", params={"url": "http://example.org/vs"}),
            404, "not-found")
    outcome(client.get("/fhir/CodeSystem/snomed"), 404, "not-found")


def test_cross_system_subsumes_is_422(client: TestClient) -> None:
    response = client.post("/fhir/CodeSystem/$subsumes", json=body(
        ("codingA", "Coding", {"system": CM, "code": "I21"}),
        ("codingB", "Coding", {"system": ICD9, "code": "410"}),
    ))
    outcome(response, 422, "business-rule")


def test_bad_bodies_and_formats_are_outcomes(client: TestClient) -> None:
    url = "/fhir/CodeSystem/$lookup"
    outcome(client.post(url, content=b"{not json", headers={"content-type": FHIR_JSON}),
            400, "structure")
    outcome(client.post(url, json={"resourceType": "Patient"}), 400, "structure")
    outcome(client.post(url, content=b"code=I21", headers={"content-type": "text/plain"}),
            415, "not-supported")
    outcome(client.get(url, params={"system": CM, "code": "I21", "_format": "xml"}),
            406, "not-supported")
    outcome(client.get("/fhir/Patient/1"), 404, "not-supported")
    outcome(client.delete("/fhir/CodeSystem/icd10cm"), 405, "not-supported")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60))
def test_any_filter_or_code_is_an_answer_never_a_crash(client: TestClient, text: str) -> None:
    expanded = client.get("/fhir/ValueSet/$expand",
                          params={"url": f"{CM}?fhir_vs", "filter": text, "count": 5})
    assert expanded.status_code in (200, 400), expanded.text
    fhir(expanded, "ValueSet" if expanded.status_code == 200 else "OperationOutcome",
         expanded.status_code)
    looked = client.get("/fhir/CodeSystem/$lookup", params={"system": CM, "code": text})
    assert looked.status_code in (200, 400, 404), looked.text
    fhir(looked, "Parameters" if looked.status_code == 200 else "OperationOutcome",
         looked.status_code)


# -- through the web app ---------------------------------------------------------------------------

def test_the_web_app_serves_fhir(cat: Catalog) -> None:
    from medcodes.web.app import create_app

    with TestClient(create_app(cat)) as web:
        data = fhir(web.get("/fhir/CodeSystem/$lookup", params={"system": PCS, "code": "0DTJ4ZZ"}),
                    "Parameters")
    assert values(data, "name") == ["ICD-10-PCS"]


def test_a_small_code_system_is_served_complete(
    client: TestClient, cat: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from medcodes.fhir import codesystem

    smallest = min(cat.systems(), key=lambda s: s.concepts)
    monkeypatch.setattr(codesystem, "INLINE_MAX", smallest.concepts)
    data = fhir(client.get(f"/fhir/CodeSystem/{codesystem.resource_id(smallest)}"), "CodeSystem")
    assert data["content"] == "complete"
    assert len(data["concept"]) == smallest.concepts
    first = cat.get(smallest.id, data["concept"][0]["code"])
    assert first is not None and first.title == data["concept"][0]["display"]
