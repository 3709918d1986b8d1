"""Codes near a code in its own hierarchy: the fallback for "similar codes" when the content
layer has nothing better (same parent first, then the code's own children).
"""

from __future__ import annotations

from typing import Any

from medcodes.catalog.reader import Catalog
from medcodes.content.record import brief
from medcodes.model import Concept


def hierarchy_neighbours(cat: Catalog, c: Concept, limit: int = 20) -> list[dict[str, Any]]:
    """Groups ``{"label", "items"}`` of siblings and children, empty groups left out."""
    groups: list[dict[str, Any]] = []
    if c.parent:
        parent = cat.get(c.system, c.parent, c.version)
        siblings = [s for s in cat.children(c.system, c.parent, c.version) if s.code != c.code]
        if siblings and parent is not None:
            groups.append({
                "label": f"Also under {parent.code} {parent.title}",
                "items": [brief(s) for s in siblings[:limit]],
            })
    children = cat.children(c.system, c.code, c.version)
    if children:
        items = [brief(ch) for ch in children[:limit]]
        groups.append({"label": "More specific codes", "items": items})
    return groups
