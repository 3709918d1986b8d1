"""CodeSystem/$lookup: everything the catalog knows of one code, as FHIR Parameters.

Properties: ``parent``/``child`` (the hierarchy), ``inactive`` and ``billable``, ``kind``,
the system's own properties (PCS axis values, 7th characters, CCSR, ...) and the tabular
notes by kind (``excludes1``, ``code_first``, ...), inherited ones with a ``source`` part.
"""

from __future__ import annotations

import json
from typing import Any

from medcodes.catalog.reader import Catalog
from medcodes.fhir import resolve
from medcodes.fhir.params import OpParams
from medcodes.fhir.shapes import DESIGNATION_USE, designations, param, parameters, part, typed
from medcodes.model import Concept

# Properties every concept has, with their FHIR types (declared on the CodeSystem resources).
BASE_PROPERTIES = {
    "parent": ("code", "The code of the concept directly above this one"),
    "child": ("code", "The codes directly below this one"),
    "inactive": ("boolean", "True when the code is no longer active in this release"),
    "billable": ("boolean", "True when the code is valid for claims (a complete code)"),
    "kind": ("code", "chapter, block, category, subcategory, code, ..."),
}


def lookup(cat: Catalog, params: OpParams, system: str | None = None) -> dict[str, Any]:
    """Answer $lookup; ``system`` is set by the instance form ``CodeSystem/{id}/$lookup``."""
    coded = params.coded()
    rec = resolve.release(cat, system or coded.system, coded.version)
    c = resolve.concept(cat, rec, coded.code)
    wanted = set(params.texts("property"))
    props = [p for p in concept_properties(cat, c) if not wanted or p[0] in wanted]
    return parameters(
        param("name", rec.name),
        param("version", rec.version),
        param("display", c.title),
        *(
            part(
                "designation",
                param("language", "en", "Code"),
                param("use", {"system": DESIGNATION_USE, "code": use}, "Coding"),
                param("value", text),
            )
            for use, text in designations(c)
        ),
        *(_property(*p) for p in props),
    )


# (code, value parameter, description, subproperties: each a list of parts)
Property = tuple[str, dict[str, Any], str | None, list[list[dict[str, Any]]]]


def concept_properties(cat: Catalog, c: Concept) -> list[Property]:
    """(code, value param, description, subproperties) of every property of ``c``."""
    out: list[Property] = []
    if c.parent:
        out.append(("parent", param("value", c.parent, "Code"), None, []))
    out.extend(
        ("child", param("value", ch.code, "Code"), ch.title, [])
        for ch in cat.children(c.system, c.code, c.version)
    )
    out.append(("inactive", param("value", c.status != "active", "Boolean"), None, []))
    out.append(("billable", param("value", c.billable, "Boolean"), None, []))
    out.append(("kind", param("value", c.kind, "Code"), None, []))
    for name, value in c.properties.items():
        out.extend(_system_property(name, value))
    for note in c.notes:
        out.append((note.kind, param("value", note.text), None, []))
    for ancestor, note in cat.inherited_notes(c.system, c.code):
        source = [param("code", "source", "Code"), param("value", ancestor.code, "Code")]
        out.append((note.kind, param("value", note.text), None, [source]))
    return out


def _system_property(name: str, value: Any) -> list[Property]:
    """A loader's property as FHIR: scalars typed, code tables one entry per code."""
    if value is None or value == "" or value == [] or value == {}:
        return []
    if name == "axes" and isinstance(value, list):
        return [p for axis in value if isinstance(axis, dict) for p in _axis(axis)]
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return [(name, param("value", str(k), "Code"), v, []) for k, v in value.items()]
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return [(name, typed("value", v), None, []) for v in value]
    if isinstance(value, str | int | float | bool):
        return [(name, typed("value", value), None, [])]
    return [(name, param("value", json.dumps(value, ensure_ascii=False)), None, [])]


def _axis(axis: dict[str, Any]) -> list[Property]:
    """An ICD-10-PCS axis as one property: code ``body-part``, the character as the value, its
    name as the description, the position and definition as subproperties.
    """
    label, char = axis.get("axis"), axis.get("value")
    if not isinstance(label, str) or not isinstance(char, str) or not char.strip():
        return []
    code = "-".join(label.lower().replace("/", " ").split())
    subs = []
    if isinstance(axis.get("position"), int):
        subs.append([param("code", "position", "Code"), param("value", axis["position"], "Integer")])
    if isinstance(axis.get("definition"), str) and axis["definition"].strip():
        subs.append([param("code", "definition", "Code"), param("value", axis["definition"])])
    name = axis.get("name")
    return [(code, param("value", char, "Code"), name if isinstance(name, str) and name else None,
             subs)]


def _property(
    code: str, value: dict[str, Any], description: str | None, subs: list[list[dict[str, Any]]]
) -> dict[str, Any]:
    """One R4 ``property`` parameter: code, value[x], description and subproperties."""
    return part(
        "property",
        param("code", code, "Code"),
        value,
        param("description", description) if description else None,
        *({"name": "subproperty", "part": sub} for sub in subs),
    )
