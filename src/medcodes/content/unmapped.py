"""Why a code has no crosswalk, and the mapped codes beside it.

CMS last published the General Equivalence Mappings for FY2017 (diagnoses) and FY2018
(procedures, one direction): a code added to ICD-10-CM or ICD-10-PCS since (I21.9 Acute
myocardial infarction, unspecified, FY2018) has no GEM row either way, and its page showed
no crosswalk at all, which reads as a gap in the catalog. The page says why, and lists the
codes under the same heading that the GEMs do map, the coder's usual way across.
"""

from __future__ import annotations

from typing import Any

from medcodes.catalog.reader import Catalog
from medcodes.model import Concept

SIBLINGS_SHOWN = 8  # mapped codes of the same heading listed


def unmapped(cat: Catalog, c: Concept) -> dict[str, Any] | None:
    """For a code of a system the GEMs cover that no GEM row names: the GEM files this
    catalog holds, and up to ``SIBLINGS_SHOWN`` codes of its heading with their targets.
    None for a mapped code, or one of a system no GEM covers."""
    if cat.conn.execute(
            "SELECT 1 FROM links WHERE (source_system = ? AND source_code = ?)"
            " OR (target_system = ? AND target_code = ?) LIMIT 1",
            (c.system, c.code, c.system, c.code)).fetchone():
        return None
    sources = _sources(cat).get(c.system)
    if not sources:
        return None
    siblings: list[dict[str, Any]] = []
    for sib in cat.children(c.system, c.parent) if c.parent else []:
        if sib.code == c.code:
            continue
        targets = [(ln.target_system, ln.target_code) for ln in cat.crosswalk(c.system, sib.code)
                   if ln.target_code]
        if targets:
            siblings.append({"system": sib.system, "code": sib.code, "title": sib.title,
                             "targets": [{"system": s, "code": t} for s, t in targets]})
        if len(siblings) >= SIBLINGS_SHOWN:
            break
    return {"sources": sources, "parent": c.parent, "siblings": siblings}


def _sources(cat: Catalog) -> dict[str, list[str]]:
    """The GEM files naming each system, read once per catalog: the distinct sources of the
    links table are a scan of all its rows (30-130 ms), which each unmapped code's page paid."""
    found: dict[str, list[str]] | None = getattr(cat, "_gem_sources", None)
    if found is None:
        found = {}
        for source_system, target_system, source in cat.conn.execute(
                "SELECT DISTINCT source_system, target_system, source FROM links ORDER BY source"):
            for system in (source_system, target_system):
                if source not in found.setdefault(system, []):
                    found[system].append(source)
        cat._gem_sources = found  # type: ignore[attr-defined]
    return found
