"""ConceptMap/$translate over the GEM crosswalks.

GEM flags become R4 ``equivalence`` (and, for R5 clients, ``relationship``): an exact row is
``equivalent``; an approximate or combination row is ``inexact``/``related-to`` (the target
only covers the source together with others, or roughly); a "no map" row is
``unmatched``/``not-related-to``. The GEM row's flags are kept in each match's ``message``.
"""

from __future__ import annotations

from typing import Any

from medcodes.catalog.reader import Catalog, SystemRecord
from medcodes.content.record import link_flags
from medcodes.fhir import resolve
from medcodes.fhir.outcome import FhirError, missing
from medcodes.fhir.params import Coding, OpParams
from medcodes.fhir.shapes import coding, param, parameters, part
from medcodes.fhir.valueset import implicit_value_set
from medcodes.model import Link


def translate(cat: Catalog, params: OpParams) -> dict[str, Any]:
    """Answer $translate: ``result`` (any usable match) and one ``match`` per GEM row."""
    if params.has("url") or params.has("conceptMap"):
        raise FhirError(
            "this server translates with the implicit GEM maps only: omit 'url' and give"
            " 'system', 'code' and 'targetsystem'", "not-supported", expression="url",
        )
    coded = _source(params)
    rec = resolve.release(cat, coded.system, coded.version)
    concept = resolve.concept(cat, rec, coded.code)
    target = _target(cat, params)
    if target is not None and target.id == rec.id:
        raise FhirError(
            f"source and target are both {resolve.system_uri(rec)}: no map within one system",
            "business-rule", expression="targetsystem",
        )
    reverse = params.boolean("reverse")
    if reverse:
        links = [
            ln for ln in cat.reverse_crosswalk(rec.id, concept.code)
            if target is None or ln.source_system == target.id
        ]
    else:
        links = cat.crosswalk(rec.id, concept.code, target.id if target else None)
    matches = [_match(cat, ln, reverse) for ln in links]
    result = any(not ln.no_map for ln in links)
    if not links:
        where = f" to {resolve.system_uri(target)}" if target else ""
        message = f"no GEM entry for {concept.code} ({resolve.system_uri(rec)}){where}"
    elif not result:
        message = f"the GEM says {concept.code} has no map" + (
            f" to {resolve.system_uri(target)}" if target else ""
        )
    else:
        message = None
    return parameters(
        param("result", result, "Boolean"),
        param("message", message) if message else None,
        *matches,
    )


def _source(params: OpParams) -> Coding:
    if params.has("codeableConcept"):
        codings = [c for c in params.codings_of_concept("codeableConcept") if c.code]
        if not codings:
            raise missing("codeableConcept.coding")
        return codings[0]
    coded = params.coded()
    if not coded.code:
        raise missing("code")
    return coded


def _target(cat: Catalog, params: OpParams) -> SystemRecord | None:
    uri = params.text("targetsystem")
    if uri:
        return resolve.release(cat, uri, None, "targetsystem")
    vs = params.text("target")
    return implicit_value_set(cat, vs, name="target").release if vs else None


def _match(cat: Catalog, ln: Link, reverse: bool) -> dict[str, Any]:
    if ln.no_map:
        equivalence, relationship = "unmatched", "not-related-to"
    elif ln.approximate or ln.combination:
        equivalence, relationship = "inexact", "related-to"
    else:
        equivalence, relationship = "equivalent", "equivalent"
    system, code = (ln.source_system, ln.source_code) if reverse else (
        ln.target_system, ln.target_code
    )
    concept = None
    if code is not None:
        rec = cat.system(system)
        if rec is not None:
            concept = coding(rec, cat.get(system, code), code)
    return part(
        "match",
        param("equivalence", equivalence, "Code"),
        param("relationship", relationship, "Code"),
        param("concept", concept, "Coding") if concept else None,
        param("message", f"{ln.source} flags {ln.flags}: {', '.join(link_flags(ln))}"),
    )
