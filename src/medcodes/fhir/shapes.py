"""Small builders for the FHIR JSON shapes every operation returns (Parameters, Coding)."""

from __future__ import annotations

from typing import Any

from medcodes.catalog.reader import SystemRecord
from medcodes.fhir.resolve import system_uri
from medcodes.model import Concept

FHIR_VERSION = "4.0.1"
JSON_MEDIA_TYPE = "application/fhir+json"

# Local vocabularies for what FHIR leaves to each server: how a designation is used.
DESIGNATION_USE = "urn:medcodes:fhir:designation-use"


def parameters(*entries: dict[str, Any] | None) -> dict[str, Any]:
    """A Parameters resource from ``param(...)`` entries (None entries are skipped)."""
    return {"resourceType": "Parameters", "parameter": [e for e in entries if e]}


def param(name: str, value: Any = None, kind: str = "String") -> dict[str, Any]:
    """One parameter: ``param("display", "text")`` or ``param("code", "I21", "Code")``."""
    return {"name": name, f"value{kind}": value}


def part(name: str, *parts: dict[str, Any] | None) -> dict[str, Any]:
    """A parameter made of parts (designation, property, match)."""
    return {"name": name, "part": [p for p in parts if p]}


def typed(name: str, value: Any) -> dict[str, Any]:
    """A parameter whose FHIR type follows the Python type of ``value``."""
    if isinstance(value, bool):
        return param(name, value, "Boolean")
    if isinstance(value, int):
        return param(name, value, "Integer")
    if isinstance(value, float):
        return param(name, value, "Decimal")
    return param(name, str(value), "String")


def coding(rec: SystemRecord, c: Concept | None, code: str | None = None) -> dict[str, Any]:
    """A Coding for a concept of ``rec`` (or a bare code when the concept is unknown)."""
    out: dict[str, Any] = {"system": system_uri(rec), "version": rec.version}
    out["code"] = c.code if c else code
    if c is not None:
        out["display"] = c.title
    return out


def designation(use: str, value: str) -> dict[str, Any]:
    """A designation's JSON in ValueSet.expansion.contains (the $lookup form is in lookup.py)."""
    return {
        "language": "en",
        "use": {"system": DESIGNATION_USE, "code": use},
        "value": value,
    }


def designations(c: Concept) -> list[tuple[str, str]]:
    """(use, text) of every other name a concept has: short title first, then its terms."""
    out = []
    if c.short_title and c.short_title != c.title:
        out.append(("short-title", c.short_title))
    seen = {c.title.lower(), (c.short_title or "").lower()}
    for term in c.terms:
        if term.text.lower() not in seen:
            seen.add(term.text.lower())
            out.append((term.kind, term.text))
    return out
