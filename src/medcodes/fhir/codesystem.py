"""CodeSystem resources, one per release in the catalog: read by id and searched by url.

The big classifications are ``content: not-present`` (their concepts are served by $lookup
and $expand, not inlined); a small imported one is inlined whole.
"""

from __future__ import annotations

import re
from typing import Any

from medcodes.catalog.listing import concepts_page
from medcodes.catalog.reader import Catalog, SystemRecord
from medcodes.fhir import resolve
from medcodes.fhir.lookup import BASE_PROPERTIES
from medcodes.fhir.outcome import FhirError
from medcodes.fhir.params import OpParams
from medcodes.model import NOTE_KINDS

INLINE_MAX = 1000  # concepts: above this a CodeSystem resource says "not-present"
STANDARD_PROPERTIES = "http://hl7.org/fhir/concept-properties"

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def resource_id(rec: SystemRecord) -> str:
    """``icd10cm`` for the default release, ``icd10cm-FY2025`` for an older one."""
    if rec.is_default:
        return rec.id
    return f"{rec.id}-{re.sub(r'[^A-Za-z0-9.-]+', '-', rec.version)}"[:64]


def code_system(cat: Catalog, rec: SystemRecord) -> dict[str, Any]:
    """The CodeSystem resource of one release."""
    inline = rec.concepts <= INLINE_MAX
    res: dict[str, Any] = {
        "resourceType": "CodeSystem",
        "id": resource_id(rec),
        "url": resolve.system_uri(rec),
        "version": rec.version,
        "name": re.sub(r"[^A-Za-z0-9_]", "", rec.name.upper()) or rec.id.upper(),
        "title": rec.name,
        "status": "active",
        "experimental": False,
        "description": (
            f"{rec.name} release {rec.version} ({rec.concepts} concepts, {rec.billable}"
            f" billable), from {rec.source}."
        ),
        "copyright": rec.licence,
        "caseSensitive": False,
        "hierarchyMeaning": "is-a",
        "compositional": False,
        "versionNeeded": False,
        "content": "complete" if inline else "not-present",
        "count": rec.concepts,
        "property": [
            {"code": code, "type": kind, "description": text}
            | ({"uri": f"{STANDARD_PROPERTIES}#{code}"} if code in ("parent", "child", "inactive")
               else {})
            for code, (kind, text) in BASE_PROPERTIES.items()
        ] + [
            {"code": kind, "type": "string", "description": f"Tabular note: {kind}"}
            for kind in NOTE_KINDS
        ],
    }
    if _DATE.match(rec.release_date or ""):
        res["date"] = rec.release_date
    if inline:
        res["concept"] = [
            {
                "code": c.code,
                "display": c.title,
                "property": [
                    p for p in (
                        {"code": "parent", "valueCode": c.parent} if c.parent else None,
                        {"code": "billable", "valueBoolean": c.billable},
                        {"code": "kind", "valueCode": c.kind},
                    ) if p
                ],
            }
            for c in concepts_page(cat, rec.id, 0, INLINE_MAX, rec.version)
        ]
    return res


def release_by_id(cat: Catalog, resource: str) -> SystemRecord:
    """The release a CodeSystem resource id names; an unknown id is a 404."""
    for rec in cat.systems():
        if resource_id(rec) == resource:
            return rec
    raise FhirError(
        f"no CodeSystem/{resource}; this server has "
        + ", ".join(resource_id(r) for r in cat.systems()),
        "not-found", expression="id",
    )


def read(cat: Catalog, resource: str) -> dict[str, Any]:
    """GET CodeSystem/{id}."""
    return code_system(cat, release_by_id(cat, resource))


def search(cat: Catalog, params: OpParams, base: str = "") -> dict[str, Any]:
    """GET CodeSystem?url=&version=&name=: a searchset Bundle (unknown parameters ignored)."""
    url, version, name = params.text("url"), params.text("version"), params.text("name")
    if url:
        url, pinned = resolve.split_canonical(url)
        version = version or pinned
    found = [
        rec for rec in cat.systems()
        if (not url or resolve.system_uri(rec) == url)
        and (not version or rec.version == version)
        and (not name or name.lower() in (rec.name.lower(), rec.id))
    ]
    entries = []
    for rec in found:
        entry: dict[str, Any] = {"resource": code_system(cat, rec), "search": {"mode": "match"}}
        if base:
            entry["fullUrl"] = f"{base.rstrip('/')}/CodeSystem/{resource_id(rec)}"
        entries.append(entry)
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": "searchset", "total": len(found)}
    if entries:
        bundle["entry"] = entries
    return bundle
