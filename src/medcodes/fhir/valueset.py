"""FHIR's implicit value sets of a code system: ``<uri>?fhir_vs`` (every code) and
``<uri>?fhir_vs=isa/<code>`` (the code's descendants), shared by $expand and $validate-code.
"""

from __future__ import annotations

from dataclasses import dataclass

from medcodes.catalog.reader import Catalog, SystemRecord
from medcodes.fhir import resolve
from medcodes.fhir.outcome import FhirError, missing
from medcodes.model import Concept


@dataclass(frozen=True, slots=True)
class ImplicitValueSet:
    url: str
    release: SystemRecord
    root: Concept | None  # None: the whole system

    def contains(self, cat: Catalog, c: Concept) -> bool:
        """Is ``c`` a member? ``isa/X`` is subsumption, so X itself and everything below it."""
        if c.system != self.release.id or c.version != self.release.version:
            return False
        if self.root is None or c.code == self.root.code:
            return True
        return any(a.code == self.root.code for a in cat.ancestors(c.system, c.code, c.version))


def implicit_value_set(
    cat: Catalog, url: str | None, version: str | None = None, name: str = "url"
) -> ImplicitValueSet:
    """Parse ``url`` (optionally ``|version``); value sets other than the implicit ones are
    unknown here (404), malformed ``fhir_vs`` filters are the client's error (400).
    """
    if not url:
        raise missing(name)
    base, pinned = resolve.split_canonical(url)
    uri, sep, query = base.partition("?")
    if not sep or not (query == "fhir_vs" or query.startswith("fhir_vs=")):
        raise FhirError(
            f"unknown value set {url!r}: this server expands the implicit value sets"
            " '<code system uri>?fhir_vs' and '<code system uri>?fhir_vs=isa/<code>'",
            "not-found", expression=name,
        )
    rec = resolve.release(cat, uri, version or pinned, name)
    spec = query.partition("=")[2]
    if not spec:
        return ImplicitValueSet(base, rec, None)
    kind, _, code = spec.partition("/")
    if kind != "isa" or not code:
        raise FhirError(
            f"unsupported implicit value set filter {spec!r}: use 'isa/<code>'",
            "not-supported", expression=name,
        )
    return ImplicitValueSet(base, rec, resolve.concept(cat, rec, code, name))
