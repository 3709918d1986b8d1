"""What changed between two releases of a system in the catalog: added, deleted, revised.

Codes are matched by lookup key, so ``A00.0`` in one release and ``A000`` in another are the
same code. "Revised" means the title changed. Headings that only group codes (chapters,
blocks, sections, tables, ...) are left out unless asked for: their titles differ between
sources without any code changing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from medcodes.catalog.reader import Catalog

HEADING_KINDS = ("chapter", "block", "section", "body_system", "table", "body_part", "class")


class DiffError(ValueError):
    """Unknown system or version: the message lists what the catalog has."""


@dataclass(frozen=True, slots=True)
class DiffEntry:
    code: str
    kind: str
    title: str
    billable: bool


@dataclass(frozen=True, slots=True)
class Revision:
    code: str
    kind: str
    old_title: str
    new_title: str


@dataclass(slots=True)
class ReleaseDiff:
    system: str
    old: str
    new: str
    added: list[DiffEntry] = field(default_factory=list)
    deleted: list[DiffEntry] = field(default_factory=list)
    revised: list[Revision] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def versions(cat: Catalog, system: str) -> list[str]:
    """The releases of ``system`` in the catalog, oldest first."""
    recs = [s for s in cat.systems() if s.id == system]
    return [s.version for s in sorted(recs, key=lambda s: (s.release_date, s.version))]


def resolve_version(cat: Catalog, system: str, text: str) -> str:
    """The stored version ``text`` names: exact, any case, or a unique prefix, with or
    without ``FY`` (``2026`` finds ``FY2026`` or ``FY2026-04``)."""
    known = versions(cat, system)
    if not known:
        have = sorted({s.id for s in cat.systems()})
        raise DiffError(f"unknown system {system!r}; the catalog has {', '.join(have)}")
    wanted = text.strip()
    for candidates in (
        [v for v in known if v == wanted],
        [v for v in known if v.lower() in (wanted.lower(), f"fy{wanted.lower()}")],
        [v for v in known if v.lower().startswith((wanted.lower(), f"fy{wanted.lower()}"))],
    ):
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            raise DiffError(
                f"{system} version {text!r} is ambiguous: {', '.join(candidates)}"
            )
    raise DiffError(f"{system} has no release {text!r}; it has {', '.join(known)}")


def diff_releases(
    cat: Catalog, system: str, old: str, new: str, headings: bool = False
) -> ReleaseDiff:
    """Compare two releases of ``system`` (versions as ``resolve_version`` accepts)."""
    old_v = resolve_version(cat, system, old)
    new_v = resolve_version(cat, system, new)
    out = ReleaseDiff(system, old_v, new_v)
    skip = "" if headings else f" AND a.kind NOT IN ({','.join('?' * len(HEADING_KINDS))})"
    skip_args = [] if headings else list(HEADING_KINDS)

    def only_in(first: str, second: str) -> list[DiffEntry]:
        rows = cat.conn.execute(
            "SELECT a.code, a.kind, a.title, a.billable FROM concepts a"
            " WHERE a.system = ? AND a.version = ?" + skip
            + " AND NOT EXISTS (SELECT 1 FROM concepts b WHERE b.key = a.key"
            " AND b.system = a.system AND b.version = ?) ORDER BY a.seq",
            [system, first, *skip_args, second],
        ).fetchall()
        return [DiffEntry(code, kind, title, bool(billable)) for code, kind, title, billable in rows]

    out.added = only_in(new_v, old_v)
    out.deleted = only_in(old_v, new_v)
    rows = cat.conn.execute(
        "SELECT a.code, a.kind, b.title, a.title FROM concepts a JOIN concepts b"
        " ON b.key = a.key AND b.system = a.system AND b.version = ?"
        " WHERE a.system = ? AND a.version = ?" + skip + " AND a.title != b.title ORDER BY a.seq",
        [old_v, system, new_v, *skip_args],
    ).fetchall()
    out.revised = [Revision(code, kind, old_t, new_t) for code, kind, old_t, new_t in rows]
    return out
