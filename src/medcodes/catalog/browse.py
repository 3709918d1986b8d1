"""Read helpers for browsing a classification top-down: its roots and how much lies below a node.

Kept beside the reader (the library owns the SQL) so the web and CLI browse views stay thin.
"""

from __future__ import annotations

from collections.abc import Sequence

from medcodes.catalog.reader import _CONCEPT_COLS, Catalog, _concept
from medcodes.model import Concept


def roots(cat: Catalog, system: str, version: str | None = None) -> list[Concept]:
    """The top level of a system (chapters, sections, ...) in classification order."""
    rec = cat.system(system, version)
    if rec is None:
        return []
    rows = cat.conn.execute(
        f"SELECT {_CONCEPT_COLS} FROM concepts WHERE system = ? AND version = ?"
        " AND parent IS NULL ORDER BY seq",
        (system, rec.version),
    ).fetchall()
    return [_concept(r) for r in rows]


def child_counts(
    cat: Catalog, system: str, codes: Sequence[str], version: str | None = None
) -> dict[str, int]:
    """Number of direct children of each of ``codes`` (absent from the result: none)."""
    rec = cat.system(system, version)
    if rec is None or not codes:
        return {}
    out: dict[str, int] = {}
    # Chunked to stay under SQLite's bound-parameter limit on very wide levels.
    for i in range(0, len(codes), 500):
        chunk = list(codes[i : i + 500])
        rows = cat.conn.execute(
            "SELECT parent, count(*) FROM concepts WHERE system = ? AND version = ?"
            f" AND parent IN ({','.join('?' * len(chunk))}) GROUP BY parent",
            (system, rec.version, *chunk),
        ).fetchall()
        out.update({parent: n for parent, n in rows})
    return out


def billable_per_chapter(cat: Catalog, system: str, version: str | None = None) -> dict[str, int]:
    """Billable codes under each root, from the ``chapter`` column (one scan, no recursion)."""
    rec = cat.system(system, version)
    if rec is None:
        return {}
    rows = cat.conn.execute(
        "SELECT chapter, count(*) FROM concepts WHERE system = ? AND version = ? AND billable = 1"
        " GROUP BY chapter",
        (system, rec.version),
    ).fetchall()
    return {str(chapter): n for chapter, n in rows}
