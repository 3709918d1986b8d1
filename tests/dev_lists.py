"""Reading the hand-written development query lists in tests/data: tab-separated rows after
``#`` comments and a header line, and where each query's first acceptable hit ranks."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from medcodes.catalog.reader import Catalog
from medcodes.codes import code_key
from medcodes.search.engine import engine_for
from medcodes.search.query import parse


def rows(name: str) -> list[list[str]]:
    text = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()
            if line.strip() and not line.startswith(("#", "query\t"))]


def wanted(expected: str) -> list[tuple[str, str]]:
    """``system:PREFIX|system:PREFIX`` as (system, prefix) pairs."""
    return [(s, p) for s, p in (e.split(":", 1) for e in expected.split("|"))]


def first_rank(hits: Iterable[tuple[str, str]], expected: str) -> int | None:
    """Rank (from 0) of the first (system, code) an expected prefix accepts, dots ignored."""
    want = wanted(expected)
    return next((i for i, (system, code) in enumerate(hits)
                 if any(system == s and code_key(code).startswith(code_key(p))
                        for s, p in want)), None)


def ranks(cat: Catalog, name: str, **options: Any) -> list[tuple[str, int | None]]:
    """Each query of the list searched (first ten, ``options`` passed on) with the rank of its
    first acceptable hit; fails first when an expected prefix names no code of the catalog."""
    out = []
    for query, expected, *_ in rows(name):
        for system, prefix in wanted(expected):
            assert cat.conn.execute("SELECT 1 FROM concepts WHERE system = ? AND code GLOB ?",
                                    [system, f"{prefix}*"]).fetchone(), expected
        hits = cat.search(query, limit=10, **options).hits
        out.append((query, first_rank(((h.system, h.code) for h in hits), expected)))
    return out


def rates(cat: Catalog, name: str, **options: Any) -> tuple[float, float]:
    """The share of the list's queries found first, and in the first ten (``ranks``)."""
    found = [rank for _, rank in ranks(cat, name, **options)]
    return (sum(r == 0 for r in found) / len(found),
            sum(r is not None for r in found) / len(found))


def floors(cat: Catalog, name: str, at1: float, at10: float, **options: Any) -> None:
    """Fail unless the list's shares found first and in ten (``rates``) reach their floors; the
    floors sit a little under what was measured, so a real loss fails and noise does not."""
    got1, got10 = rates(cat, name, **options)
    assert got1 >= at1 and got10 >= at10, (name, got1, got10)


def rank_of(cat: Catalog, query: str, expected: str, **options: Any) -> int | None:
    """Rank (from 0) in the first ten of ``query``'s first hit ``expected`` accepts."""
    hits = cat.search(query, limit=10, **options).hits
    return first_rank(((h.system, h.code) for h in hits), expected)


def first_code(cat: Catalog, query: str, mode: str = "hybrid") -> str:
    """The code ``query`` leads with (a test that names the one code a coder expects first)."""
    return cat.search(query, limit=1, mode=mode).hits[0].code


def readings(cat: Catalog, query: str) -> set[tuple[str, ...]]:
    """Every way the query's slots are read (each alternative's tokens), as searched."""
    slots = parse(f"{query} ", engine_for(cat).speller).slots
    return {a.tokens for s in slots for a in s.alternatives}
