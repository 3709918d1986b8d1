"""Paged walks over a whole system or a subtree, in classification order.

The read API answers questions about one code; terminology services also enumerate (FHIR's
implicit value sets: "every code" and "every code below X"), which needs offsets and totals
without loading a chapter's worth of rows.
"""

from __future__ import annotations

from medcodes.catalog.reader import _CONCEPT_COLS, Catalog, _concept
from medcodes.model import Concept


def concepts_page(
    cat: Catalog, system: str, offset: int = 0, limit: int = 100, version: str | None = None
) -> list[Concept]:
    """Concepts ``offset .. offset+limit`` of a release in classification order."""
    rec = cat.system(system, version)
    if rec is None:
        return []
    rows = cat.conn.execute(
        f"SELECT {_CONCEPT_COLS} FROM concepts WHERE system = ? AND version = ?"
        " ORDER BY seq LIMIT ? OFFSET ?",
        (system, rec.version, limit, offset),
    ).fetchall()
    return [_concept(r) for r in rows]


def descendants_page(
    cat: Catalog, system: str, code: str, offset: int = 0, limit: int = 100,
    version: str | None = None,
) -> tuple[int, list[Concept]]:
    """(total, page) of the concepts strictly below ``code``, in classification order."""
    rec = cat.system(system, version)
    span = cat.subtree(system, code, version)
    if rec is None or span is None:
        return 0, []
    where = " FROM concepts WHERE system = ? AND version = ? AND seq > ? AND seq <= ?"
    args = (system, rec.version, *span)
    total = cat.conn.execute(f"SELECT count(*){where}", args).fetchone()[0]
    rows = cat.conn.execute(
        f"SELECT {_CONCEPT_COLS}{where} ORDER BY seq LIMIT ? OFFSET ?", (*args, limit, offset)
    ).fetchall()
    return total, [_concept(r) for r in rows]


def descendant_codes(cat: Catalog, system: str, code: str, version: str | None = None) -> set[str]:
    """The codes strictly below ``code`` (a cheap membership set: codes only, no records)."""
    rec = cat.system(system, version)
    span = cat.subtree(system, code, version)
    if rec is None or span is None:
        return set()
    rows = cat.conn.execute(
        "SELECT code FROM concepts WHERE system = ? AND version = ? AND seq > ? AND seq <= ?",
        (system, rec.version, *span),
    ).fetchall()
    return {r[0] for r in rows}


def concepts_by_code(
    cat: Catalog, system: str, codes: list[str], version: str | None = None
) -> list[Concept]:
    """The concepts of ``codes`` (canonical forms) in one query, in the order given."""
    rec = cat.system(system, version)
    if rec is None or not codes:
        return []
    rows = cat.conn.execute(
        f"SELECT {_CONCEPT_COLS} FROM concepts WHERE system = ? AND version = ?"
        f" AND code IN ({','.join('?' * len(codes))})",
        (system, rec.version, *codes),
    ).fetchall()
    found = {c.code: c for c in map(_concept, rows)}
    return [found[code] for code in codes if code in found]
