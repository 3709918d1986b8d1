"""From FHIR's names to the catalog's: code-system URIs to releases, codes to concepts.

Every operation resolves its ``system``/``version``/``code`` here, so "unknown system" and
"unknown code" read the same everywhere and list what the server does know.
"""

from __future__ import annotations

from medcodes.catalog.reader import Catalog, SystemRecord
from medcodes.fhir.outcome import FhirError, missing, unknown_code
from medcodes.model import Concept
from medcodes.systems.registry import FHIR_URIS


def system_uri(rec: SystemRecord) -> str:
    """The canonical FHIR URI of a release (the catalog's own, else the registry's)."""
    return rec.fhir_uri or FHIR_URIS.get(rec.id, f"urn:medcodes:system:{rec.id}")


def split_canonical(url: str) -> tuple[str, str | None]:
    """``'uri|version'`` -> ``('uri', 'version')`` (FHIR's versioned canonical form)."""
    uri, sep, version = url.partition("|")
    return uri.strip(), (version.strip() or None) if sep else None


def find_release(cat: Catalog, uri: str, version: str | None = None) -> SystemRecord | None:
    """The release a URI (or a medcodes system id) names: ``version`` or the default."""
    uri, pinned = split_canonical(uri)
    version = version or pinned
    matches = [rec for rec in cat.systems() if uri in (system_uri(rec), rec.id)]
    if version:
        return next((rec for rec in matches if rec.version == version), None)
    return next((rec for rec in matches if rec.is_default), matches[0] if matches else None)


def release(
    cat: Catalog, uri: str | None, version: str | None = None, name: str = "system"
) -> SystemRecord:
    """Like ``find_release`` but a missing or unknown system is the client's error."""
    if not uri:
        raise missing(name)
    rec = find_release(cat, uri, version)
    if rec is not None:
        return rec
    base, pinned = split_canonical(uri)
    known = find_release(cat, base)
    if known is not None:
        versions = sorted({r.version for r in cat.systems() if r.id == known.id})
        raise FhirError(
            f"version {version or pinned!r} of code system {base} is not in this catalog;"
            f" it has {', '.join(versions)}",
            "not-found", expression="version",
        )
    raise FhirError(
        f"unknown code system {base!r}; this server knows "
        + ", ".join(sorted({system_uri(r) for r in cat.systems()})),
        "not-found", expression=name,
    )


def concept(cat: Catalog, rec: SystemRecord, code: str | None, name: str = "code") -> Concept:
    """The concept ``code`` names in ``rec``; absent or unknown codes are errors."""
    if not code:
        raise missing(name)
    found = cat.get(rec.id, code, rec.version)
    if found is None:
        raise unknown_code(system_uri(rec), code, name)
    return found
