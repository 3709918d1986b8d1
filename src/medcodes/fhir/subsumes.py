"""CodeSystem/$subsumes: how two codes of one system relate in its hierarchy."""

from __future__ import annotations

from typing import Any

from medcodes.catalog.reader import Catalog
from medcodes.fhir import resolve
from medcodes.fhir.outcome import FhirError
from medcodes.fhir.params import OpParams
from medcodes.fhir.shapes import param, parameters


def subsumes(cat: Catalog, params: OpParams, system: str | None = None) -> dict[str, Any]:
    """``outcome``: equivalent, subsumes (A is above B), subsumed-by, or not-subsumed."""
    a = params.coded("codeA", "codingA")
    b = params.coded("codeB", "codingB")
    uris = {u for u in (system, a.system, b.system) if u}
    releases = {resolve.release(cat, u, a.version or b.version).id for u in uris}
    if len(releases) > 1:
        raise FhirError(
            "codeA and codeB must come from one code system; $subsumes does not cross systems"
            " (use ConceptMap/$translate)", "business-rule", expression="system",
        )
    rec = resolve.release(cat, next(iter(uris), None), a.version or b.version)
    ca = resolve.concept(cat, rec, a.code, "codeA")
    cb = resolve.concept(cat, rec, b.code, "codeB")
    if ca.code == cb.code:
        outcome = "equivalent"
    elif any(x.code == ca.code for x in cat.ancestors(rec.id, cb.code, rec.version)):
        outcome = "subsumes"
    elif any(x.code == cb.code for x in cat.ancestors(rec.id, ca.code, rec.version)):
        outcome = "subsumed-by"
    else:
        outcome = "not-subsumed"
    return parameters(param("outcome", outcome, "Code"))
