"""What a search is narrowed to, and the options every front end's search takes, checked in one
place so a bad option is the same clear error from the CLI, the web, FHIR and the typeahead."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from medcodes.search.types import MAX_LIMIT, QueryError

if TYPE_CHECKING:
    from medcodes.catalog.reader import Catalog

MAX_OFFSET = 10_000
MODES = ("words", "meaning", "hybrid")


@dataclass(slots=True)
class Filters:
    systems: tuple[str, ...] = ()
    billable: bool | None = None
    kind: str | None = None
    chapter: str | None = None
    code_range: tuple[str, str] | None = None

    def sql(self, alias: str = "c") -> tuple[str, list[Any]]:
        parts: list[str] = [f"{alias}.is_default = 1"]
        args: list[Any] = []
        if self.systems:
            parts.append(f"{alias}.system IN ({','.join('?' * len(self.systems))})")
            args.extend(self.systems)
        if self.billable is not None:
            parts.append(f"{alias}.billable = ?")
            args.append(int(self.billable))
        if self.kind:
            parts.append(f"{alias}.kind = ?")
            args.append(self.kind)
        if self.chapter:
            parts.append(f"{alias}.chapter = ?")
            args.append(self.chapter)
        if self.code_range:
            parts.append(f"{alias}.key >= ? AND {alias}.key < ?")
            args.extend([self.code_range[0], self.code_range[1] + "~"])
        return " AND ".join(parts), args


def validate_options(cat: Catalog, systems: Any, limit: int, offset: int, mode: str) -> tuple[str, ...]:
    if not isinstance(limit, int) or not 0 < limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
    if not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"offset must be between 0 and {MAX_OFFSET}")
    if mode not in MODES:
        raise QueryError(f"mode must be one of {', '.join(MODES)}")
    if isinstance(systems, str):
        systems = [systems]
    wanted = tuple(dict.fromkeys(s.strip().lower() for s in systems or () if s and s.strip()))
    known = {s.id for s in cat.systems()}
    unknown = [s for s in wanted if s not in known]
    if unknown:
        raise QueryError(
            f"unknown system {', '.join(unknown)}; the catalog has {', '.join(sorted(known))}"
        )
    return wanted


def parse_range(text: str | None) -> tuple[str, str] | None:
    if not text:
        return None
    from medcodes.search.query import parse as parse_query

    parsed = parse_query(text)
    if parsed.kind == "range":
        return parsed.range_lo, parsed.range_hi
    if parsed.kind == "code":
        return parsed.key, parsed.key
    raise QueryError(f"code range {text!r} is not of the form A00-B99")
