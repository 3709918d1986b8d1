"""GET /fhir/metadata: the CapabilityStatement, or with ``mode=terminology`` the
TerminologyCapabilities that list each code system, its versions, and what ``filter`` means.
"""

from __future__ import annotations

from typing import Any

from medcodes import __version__
from medcodes.catalog.reader import Catalog
from medcodes.fhir import resolve
from medcodes.fhir.expand import DEFAULT_COUNT, MAX_COUNT, MAX_FILTER_COUNT, TEXT_FILTER
from medcodes.fhir.outcome import FhirError
from medcodes.fhir.params import OpParams
from medcodes.fhir.shapes import FHIR_VERSION, JSON_MEDIA_TYPE

_OPERATION = "http://hl7.org/fhir/OperationDefinition/"

# resource type -> (interactions, search parameters, operations: name -> definition id)
RESOURCES: dict[str, tuple[list[str], list[tuple[str, str]], dict[str, str]]] = {
    "CodeSystem": (
        ["read", "search-type"],
        [("url", "uri"), ("version", "token"), ("name", "string")],
        {
            "lookup": "CodeSystem-lookup",
            "validate-code": "CodeSystem-validate-code",
            "subsumes": "CodeSystem-subsumes",
        },
    ),
    "ValueSet": (
        [],
        [],
        {"expand": "ValueSet-expand", "validate-code": "ValueSet-validate-code"},
    ),
    "ConceptMap": ([], [], {"translate": "ConceptMap-translate"}),
}


def metadata(cat: Catalog, params: OpParams) -> dict[str, Any]:
    """Dispatch on ``mode``: full (default) or terminology."""
    mode = params.text("mode") or "full"
    if mode == "terminology":
        return terminology_capabilities(cat)
    if mode in ("full", "normative"):
        return capability_statement(cat)
    raise FhirError(
        f"mode must be 'full', 'normative' or 'terminology', not {mode!r}", expression="mode"
    )


def _date(cat: Catalog) -> str:
    return cat.meta.get("built_at", "")[:10] or "2025-01-01"


def capability_statement(cat: Catalog) -> dict[str, Any]:
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": _date(cat),
        "publisher": "medcodes",
        "kind": "instance",
        "instantiates": ["http://hl7.org/fhir/CapabilityStatement/terminology-server"],
        "software": {"name": "medcodes", "version": __version__},
        "implementation": {"description": "medcodes FHIR R4 terminology service"},
        "fhirVersion": FHIR_VERSION,
        "format": [JSON_MEDIA_TYPE, "json"],
        "rest": [
            {
                "mode": "server",
                "documentation": "Read-only terminology operations over an offline catalog.",
                "resource": [
                    _resource(kind, interactions, search, ops)
                    for kind, (interactions, search, ops) in RESOURCES.items()
                ],
            }
        ],
    }


def _resource(
    kind: str, interactions: list[str], search: list[tuple[str, str]], ops: dict[str, str]
) -> dict[str, Any]:
    res: dict[str, Any] = {"type": kind}
    if interactions:
        res["interaction"] = [{"code": code} for code in interactions]
    if search:
        res["searchParam"] = [{"name": name, "type": kind} for name, kind in search]
    res["operation"] = [
        {"name": name, "definition": _OPERATION + definition} for name, definition in ops.items()
    ]
    return res


def terminology_capabilities(cat: Catalog) -> dict[str, Any]:
    by_uri: dict[str, list[dict[str, Any]]] = {}
    for rec in cat.systems():
        by_uri.setdefault(resolve.system_uri(rec), []).append(
            {
                "code": rec.version,
                "isDefault": rec.is_default,
                "compositional": False,
                "language": ["en"],
            }
        )
    return {
        "resourceType": "TerminologyCapabilities",
        "status": "active",
        "date": _date(cat),
        "publisher": "medcodes",
        "kind": "instance",
        "software": {"name": "medcodes", "version": __version__},
        "implementation": {"description": "medcodes FHIR R4 terminology service"},
        "lockedDate": False,
        "codeSystem": [
            {"uri": uri, "version": versions, "subsumption": True}
            for uri, versions in by_uri.items()
        ],
        "expansion": {
            "hierarchical": False,
            "paging": True,
            "incomplete": False,
            "parameter": [
                {"name": "url", "documentation": "An implicit value set: '<code system uri>?fhir_vs'"
                 " (every code) or '<code system uri>?fhir_vs=isa/<code>' (the code and all"
                 " codes below it)."},
                {"name": "filter", "documentation": "Text search within the value set (see"
                 " textFilter)."},
                {"name": "count", "documentation": f"Codes per page: default {DEFAULT_COUNT},"
                 f" at most {MAX_COUNT} ({MAX_FILTER_COUNT} with a filter)."},
                {"name": "offset", "documentation": "Codes to skip (paging)."},
                {"name": "includeDesignations", "documentation": "Add short titles and"
                 " inclusion/index terms."},
                {"name": "activeOnly", "documentation": "Leave out inactive codes."},
            ],
            "textFilter": TEXT_FILTER,
        },
        "codeSearch": "all",
        "validateCode": {"translations": False},
        "translation": {"needsMap": False},
    }
