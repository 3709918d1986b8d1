"""Similar codes for a code page, in labelled groups a reader can scan.

Three kinds of neighbour, each shown once (a code already in an earlier group is not
repeated in a later one):

- hierarchy: the parent, the nearest siblings, the children;
- wording: codes of the same system whose title and terms share the rarest words of this
  code's title (``medcodes.search.morelike``);
- equivalents: codes of other systems joined by a crosswalk row, in either direction.

A group is ``{"id", "label", "items": [brief concept + extras], "total"}``; empty groups are
left out.
"""

from __future__ import annotations

from typing import Any

from medcodes.catalog.reader import Catalog
from medcodes.content.record import brief, link_flags
from medcodes.model import Concept
from medcodes.search.morelike import more_like_this

MAX_SIBLINGS = 12
MAX_CHILDREN = 20
MAX_WORDING = 10
MAX_EQUIVALENTS = 20


def _group(gid: str, label: str, items: list[dict[str, Any]], total: int | None = None) -> dict[str, Any]:
    return {"id": gid, "label": label, "items": items, "total": total if total else len(items)}


def _nearest(siblings: list[Concept], code: str, n: int) -> list[Concept]:
    """The ``n`` siblings closest to ``code`` in classification order (it sits among them)."""
    if len(siblings) <= n:
        return [s for s in siblings if s.code != code]
    index = next((i for i, s in enumerate(siblings) if s.code == code), 0)
    start = max(0, min(index - n // 2, len(siblings) - n - 1))
    return [s for s in siblings[start : start + n + 1] if s.code != code][:n]


def _equivalents(cat: Catalog, c: Concept) -> list[dict[str, Any]]:
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for link in cat.crosswalk(c.system, c.code):
        if link.target_code and (link.target_system, link.target_code) not in out:
            far = cat.get(link.target_system, link.target_code)
            if far is not None:
                out[(far.system, far.code)] = {**brief(far), "flags": link_flags(link),
                                               "relation": f"{c.code} maps to it ({link.source})"}
    for link in cat.reverse_crosswalk(c.system, c.code):
        key = (link.source_system, link.source_code)
        if key not in out:
            far = cat.get(*key)
            if far is not None:
                out[key] = {**brief(far), "flags": link_flags(link),
                            "relation": f"it maps to {c.code} ({link.source})"}
        if len(out) >= MAX_EQUIVALENTS:
            break
    return list(out.values())[:MAX_EQUIVALENTS]


def similar(cat: Catalog, concept: Concept) -> list[dict[str, Any]]:
    """Labelled groups of codes similar to ``concept``: hierarchy, wording, equivalents."""
    c = concept
    groups: list[dict[str, Any]] = []
    shown = {c.code}
    parent = cat.get(c.system, c.parent, c.version) if c.parent else None
    if parent is not None:
        groups.append(_group("parent", "Broader code", [brief(parent)]))
        shown.add(parent.code)
        siblings = cat.children(c.system, parent.code, c.version)
        near = _nearest(siblings, c.code, MAX_SIBLINGS)
        if near:
            groups.append(_group("siblings", f"Also under {parent.code} {parent.title}",
                                 [brief(s) for s in near], len(siblings) - 1))
            shown |= {s.code for s in near}
    children = cat.children(c.system, c.code, c.version)
    if children:
        groups.append(_group("children", "More specific codes",
                             [brief(ch) for ch in children[:MAX_CHILDREN]], len(children)))
        shown |= {ch.code for ch in children[:MAX_CHILDREN]}
    wording = more_like_this(cat, c.system, c.title, exclude=shown, limit=MAX_WORDING,
                             billable=True if c.billable else None)
    if wording:
        system = cat.system(c.system, c.version)
        name = system.name if system else c.system
        groups.append(_group(
            "wording", f"Similar in wording ({name})",
            [{"system": s.system, "code": s.code, "title": s.title, "kind": s.kind,
              "billable": s.billable} for s in wording],
        ))
    equivalents = _equivalents(cat, c)
    if equivalents:
        groups.append(_group("equivalents", "Equivalents in other systems (crosswalks)",
                             equivalents))
    return groups
