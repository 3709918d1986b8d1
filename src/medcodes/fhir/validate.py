"""CodeSystem/$validate-code and ValueSet/$validate-code.

An unknown code is an answer (``result`` false, with a message), not an error; an unknown code
system or value set is an error, since nothing can be said about its codes.
"""

from __future__ import annotations

from typing import Any

from medcodes.catalog.reader import Catalog, SystemRecord
from medcodes.fhir import resolve
from medcodes.fhir.outcome import FhirError, missing
from medcodes.fhir.params import Coding, OpParams
from medcodes.fhir.shapes import param, parameters
from medcodes.fhir.valueset import implicit_value_set
from medcodes.model import Concept


def validate_in_code_system(
    cat: Catalog, params: OpParams, system: str | None = None
) -> dict[str, Any]:
    """CodeSystem/$validate-code: R4 names the code system ``url``; ``system`` also works."""
    coded = _one_coding(params)
    uri = system or params.text("url") or coded.system
    rec = resolve.release(cat, uri, coded.version, "url")
    if coded.system and resolve.find_release(cat, coded.system) not in (None, rec):
        return _answer(False, f"the code's system {coded.system} is not {resolve.system_uri(rec)}")
    return _judge(rec, cat.get(rec.id, coded.code or "", rec.version), coded)


def validate_in_value_set(cat: Catalog, params: OpParams) -> dict[str, Any]:
    """ValueSet/$validate-code over the implicit value sets (``?fhir_vs``, ``?fhir_vs=isa/X``)."""
    vs = implicit_value_set(cat, params.text("url"), params.text("valueSetVersion"))
    coded = _one_coding(params, system="system", version="systemVersion")
    if coded.system and resolve.find_release(cat, coded.system) != vs.release:
        return _answer(
            False, f"{coded.code} from {coded.system} is not in value set {vs.url}: it holds"
            f" codes of {resolve.system_uri(vs.release)}",
        )
    c = cat.get(vs.release.id, coded.code or "", vs.release.version)
    if c is not None and not vs.contains(cat, c):
        return _answer(
            False, f"{c.code} ({c.title}) is in {resolve.system_uri(vs.release)} but not in"
            f" value set {vs.url}", c.title,
        )
    return _judge(vs.release, c, coded)


def _one_coding(params: OpParams, system: str = "system", version: str = "version") -> Coding:
    """The code to validate: code(+system), coding, or the first coding of codeableConcept."""
    if params.has("codeableConcept"):
        codings = params.codings_of_concept("codeableConcept")
        if not codings:
            raise FhirError("codeableConcept has no coding", expression="codeableConcept")
        coded = codings[0]
    else:
        coded = params.coded(system=system, version=version)
    if not coded.code:
        raise missing("code")
    return coded


def _judge(rec: SystemRecord, c: Concept | None, coded: Coding) -> dict[str, Any]:
    uri = resolve.system_uri(rec)
    if c is None:
        return _answer(False, f"unknown code {coded.code!r} in code system {uri} {rec.version}")
    names = {c.title.lower(), (c.short_title or "").lower(), *(t.text.lower() for t in c.terms)}
    if coded.display and coded.display.strip().lower() not in names:
        return _answer(
            False, f"wrong display {coded.display!r} for {c.code}: the display is {c.title!r}",
            c.title,
        )
    notes = []
    if c.status != "active":
        notes.append(f"{c.code} is inactive in {rec.version}")
    if not c.billable:
        notes.append(f"{c.code} is valid but not billable ({c.kind}): code to a more specific"
                     " code beneath it")
    return _answer(True, "; ".join(notes) or None, c.title)


def _answer(result: bool, message: str | None, display: str | None = None) -> dict[str, Any]:
    return parameters(
        param("result", result, "Boolean"),
        param("message", message) if message else None,
        param("display", display) if display else None,
    )
