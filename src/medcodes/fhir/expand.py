"""ValueSet/$expand over the implicit value sets, paged; ``filter`` is medcodes search.

Without a filter the expansion lists codes in the classification's own order (the tabular's),
so paging walks the book. With a filter the order is search relevance, and the filter means
what it means in the search box: typos corrected, abbreviations expanded, codes and prefixes
recognised. Codes that are not billable (chapters, blocks, categories with codes beneath them,
PCS tables) are marked ``abstract``: a coder picks a code below them.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

from medcodes.catalog.listing import (
    concepts_by_code,
    concepts_page,
    descendant_codes,
    descendants_page,
)
from medcodes.catalog.reader import Catalog
from medcodes.codes import code_key
from medcodes.fhir import resolve
from medcodes.fhir.outcome import FhirError
from medcodes.fhir.params import OpParams
from medcodes.fhir.shapes import designation, designations
from medcodes.fhir.valueset import ImplicitValueSet, implicit_value_set
from medcodes.model import Concept
from medcodes.search.engine import search
from medcodes.search.filters import MAX_OFFSET
from medcodes.search.query import parse
from medcodes.search.types import MAX_LIMIT, QueryError

DEFAULT_COUNT = 100
MAX_COUNT = 1000
MAX_FILTER_COUNT = MAX_LIMIT  # one page of search results

TEXT_FILTER = (
    "`filter` is answered by the medcodes search engine, restricted to the value set's code"
    " system: words match titles, inclusion and index terms, and notes; spelling mistakes are"
    " corrected, clinical abbreviations (MI, COPD, CABG, ...) expanded, word stems matched"
    " (fracture/fractured), and a code, code prefix (I21) or range (E08-E13) lists those codes."
    " Results are ordered by relevance; without a filter, by classification order."
)


def expand(cat: Catalog, params: OpParams) -> dict[str, Any]:
    """Answer $expand with a ValueSet whose expansion holds one page of codes."""
    if params.has("valueSet") or params.has("context"):
        raise FhirError(
            "only implicit value sets are expanded here: pass url=<code system uri>?fhir_vs",
            "not-supported", expression="valueSet",
        )
    vs = implicit_value_set(cat, params.text("url"), params.text("valueSetVersion"))
    text = params.text("filter")
    count = min(params.integer("count", DEFAULT_COUNT), MAX_FILTER_COUNT if text else MAX_COUNT)
    offset = params.integer("offset", 0, hi=MAX_OFFSET if text else None)
    with_designations = params.boolean("includeDesignations")
    active_only = params.boolean("activeOnly")
    if text:
        total, page, corrected = _filtered(cat, vs, text, count, offset)
    else:
        total, page = _listed(cat, vs, count, offset)
        corrected = None
    if active_only:
        page = [c for c in page if c.status == "active"]
    rec = vs.release
    used = f"{resolve.system_uri(rec)}|{rec.version}"
    expansion: dict[str, Any] = {
        "identifier": f"urn:uuid:{uuid.uuid4()}",
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "total": total,
        "offset": offset,
        "parameter": [
            p for p in (
                {"name": "version", "valueUri": used},
                {"name": "used-codesystem", "valueUri": used},
                {"name": "filter", "valueString": text} if text else None,
                {"name": "filter-corrected", "valueString": corrected} if corrected else None,
                {"name": "count", "valueInteger": count},
                {"name": "offset", "valueInteger": offset},
                {"name": "includeDesignations", "valueBoolean": with_designations},
                {"name": "activeOnly", "valueBoolean": active_only} if active_only else None,
            ) if p
        ],
    }
    if page:
        expansion["contains"] = [_entry(vs, c, with_designations) for c in page]
    return {
        "resourceType": "ValueSet",
        "url": vs.url,
        "version": rec.version,
        "name": re.sub(r"\W", "_", rec.id.upper() + (f"_ISA_{vs.root.code}" if vs.root else "_ALL")),
        "title": rec.name + (f": {vs.root.code} and below" if vs.root else ": all codes"),
        "status": "active",
        "expansion": expansion,
    }


def _listed(cat: Catalog, vs: ImplicitValueSet, count: int, offset: int) -> tuple[int, list[Concept]]:
    """(total, page) in classification order; ``isa/X`` lists X itself first."""
    rec = vs.release
    if vs.root is None:
        return rec.concepts, concepts_page(cat, rec.id, offset, count, rec.version) if count else []
    head = [vs.root] if offset == 0 and count else []
    below, rest = descendants_page(
        cat, rec.id, vs.root.code, max(offset - 1, 0), count - len(head), rec.version
    )
    return below + 1, head + rest


def _filtered(
    cat: Catalog, vs: ImplicitValueSet, text: str, count: int, offset: int
) -> tuple[int, list[Concept], str | None]:
    """(total, page, corrected query) of a search within the value set."""
    rec = vs.release
    if not rec.is_default:
        raise FhirError(
            f"filter searches the current release of {resolve.system_uri(rec)} only; drop the"
            f" version {rec.version!r} or the filter", "not-supported", expression="filter",
        )
    try:
        if vs.root is None:
            found = search(cat, text, systems=[rec.id], limit=max(count, 1), offset=offset)
            hits, total = found.hits[:count], found.total
        else:
            members = descendant_codes(cat, rec.id, vs.root.code, rec.version) | {vs.root.code}
            if _spans(vs.root.code, members):
                # The subtree is a code range the search can filter on: exact totals, paging.
                found = search(cat, text, systems=[rec.id], code_range=vs.root.code,
                               limit=max(count, 1), offset=offset)
                hits, total = found.hits[:count], found.total
            else:
                # Otherwise keep what lies under the root from one page of the system's hits.
                found = search(cat, text, systems=[rec.id], limit=MAX_LIMIT)
                inside = [h for h in found.hits if h.code in members]
                hits, total = inside[offset : offset + count], len(inside)
    except QueryError as exc:
        raise FhirError(str(exc), "invalid", expression="filter") from exc
    page = concepts_by_code(cat, rec.id, [h.code for h in hits], rec.version)
    return total, page, found.corrected_query


def _spans(code: str, members: set[str]) -> bool:
    """Does ``code`` read as a code or range (``I21``, ``I20-I25``, ``0DT``) whose key span
    holds every member? Then the search's own code-range filter selects the subtree.
    """
    try:
        parsed = parse(code)
    except QueryError:
        return False
    if parsed.kind == "code":
        lo = hi = parsed.key
    elif parsed.kind == "range":
        lo, hi = parsed.range_lo, parsed.range_hi
    else:
        return False
    return all(lo <= code_key(m) < hi + "~" for m in members)


def _entry(vs: ImplicitValueSet, c: Concept, with_designations: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "system": resolve.system_uri(vs.release),
        "version": vs.release.version,
        "code": c.code,
        "display": c.title,
    }
    if not c.billable:
        entry["abstract"] = True
    if c.status != "active":
        entry["inactive"] = True
    if with_designations:
        names = designations(c)
        if names:
            entry["designation"] = [designation(use, text) for use, text in names]
    return entry
