"""The one data structure behind a code page: the CLI's ``show --json``, the API and the HTML
page all render this dict, so they never disagree.
"""

from __future__ import annotations

from typing import Any

from medcodes.catalog.reader import Catalog
from medcodes.model import Concept, Link

NOTE_LABELS = {
    "inclusion": "Inclusion terms",
    "includes": "Includes",
    "excludes1": "Excludes1 (not coded here)",
    "excludes2": "Excludes2 (not included here)",
    "code_first": "Code first",
    "code_also": "Code also",
    "use_additional_code": "Use additional code",
    "note": "Notes",
    "seven_chr_note": "7th character note",
}

FLAG_NAMES = {
    "approximate": "approximate",
    "no_map": "no map",
    "combination": "combination",
}


def link_flags(link: Link) -> list[str]:
    """Plain names of a GEM row's flags, for people."""
    names = [label for attr, label in FLAG_NAMES.items() if getattr(link, attr)]
    if link.combination:
        names.append(f"scenario {link.scenario}, choice list {link.choice_list}")
    if not names:
        names.append("exact")
    return names


def brief(c: Concept) -> dict[str, Any]:
    """The short form of a concept used in lists (children, path, similar codes)."""
    return {
        "system": c.system,
        "code": c.code,
        "title": c.title,
        "kind": c.kind,
        "billable": c.billable,
    }


def grouped_notes(cat: Catalog, c: Concept) -> list[dict[str, Any]]:
    """Own notes then those inherited from ancestors, grouped by kind in reading order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for note in c.notes:
        groups.setdefault(note.kind, []).append({"text": note.text, "from": None})
    for ancestor, note in cat.inherited_notes(c.system, c.code):
        groups.setdefault(note.kind, []).append({"text": note.text, "from": ancestor.code})
    order = list(NOTE_LABELS)
    return [
        {"kind": kind, "label": NOTE_LABELS.get(kind, kind), "items": items}
        for kind, items in sorted(
            groups.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99
        )
    ]


def seventh_characters(cat: Catalog, c: Concept) -> dict[str, Any] | None:
    """The 7th-character table that applies to ``c``: its own or the nearest ancestor's."""
    chain = [c, *reversed(cat.ancestors(c.system, c.code))]
    for node in chain:
        values = node.properties.get("seventh_characters")
        if values:
            return {"from": node.code, "values": values}
    return None


def crosswalk_entries(cat: Catalog, links: list[Link], reverse: bool = False) -> list[dict[str, Any]]:
    """Links with the far side's title resolved, for display."""
    out = []
    for ln in links:
        far_system = ln.source_system if reverse else ln.target_system
        far_code = ln.source_code if reverse else ln.target_code
        far = cat.get(far_system, far_code) if far_code else None
        out.append(
            {
                "source_system": ln.source_system,
                "source_code": ln.source_code,
                "target_system": ln.target_system,
                "target_code": ln.target_code,
                "target_title": far.title if far and not reverse else None,
                "source_title": far.title if far and reverse else None,
                "flags": ln.flags,
                "flag_names": link_flags(ln),
                "source": ln.source,
            }
        )
    return out


def code_record(cat: Catalog, c: Concept) -> dict[str, Any]:
    """Everything a code page shows that comes straight from the catalog."""
    sysrec = cat.system(c.system, c.version)
    children = cat.children(c.system, c.code, c.version)
    props = {k: v for k, v in c.properties.items() if k not in ("axes", "seventh_characters")}
    record: dict[str, Any] = {
        "system": c.system,
        "system_name": sysrec.name if sysrec else c.system,
        "fhir_uri": sysrec.fhir_uri if sysrec else None,
        "version": c.version,
        "code": c.code,
        "title": c.title,
        "short_title": c.short_title,
        "kind": c.kind,
        "billable": c.billable,
        "status": c.status,
        "path": [brief(a) for a in cat.ancestors(c.system, c.code, c.version)],
        "notes": grouped_notes(cat, c),
        "seventh_characters": seventh_characters(cat, c),
        "axes": c.properties.get("axes"),
        "properties": props,
        "terms": [{"kind": t.kind, "text": t.text} for t in c.terms],
        "children": [brief(ch) for ch in children],
        "billable_descendants": (
            []
            if c.billable
            else [brief(d) for d in cat.descendants(c.system, c.code, billable_only=True, limit=50)]
        ),
        "crosswalk": crosswalk_entries(cat, cat.crosswalk(c.system, c.code)),
    }
    # Imported here: sections and similar build on this module's helpers.
    from medcodes.content.sections import sections
    from medcodes.content.similar import similar

    record["sections"] = sections(cat, c)
    record["similar"] = similar(cat, c)
    return record
