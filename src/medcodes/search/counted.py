"""What a response's ``total`` counts besides the matches the word ranking counted.

``total`` is the number of hits a query has, the same on every page (``pages``). The word
ranking counts its candidates (or every match, when they are more), but later stages put codes
no word search found on the first page: a family history, pregnancy or secondary-site code
inserted at the top of the ranking, a procedure's reason, each of two joined conditions' first
codes. Each such code is a hit a page shows, so it is counted once, unless the ranking already
held it. The stages act on the whole ranking or on the first page, which every page is cut
from, so the count is the same whatever page was asked for.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from operator import is_
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from medcodes.search.rank import Candidate
    from medcodes.search.types import Hit, SearchResponse

Key = tuple[str, str]


def keys(found: Iterable[Candidate | Hit]) -> set[Key]:
    """(system, code) of candidates or hits."""
    return {(c.system, c.code) for c in found}


def count_new(response: SearchResponse, shown: Iterable[Candidate | Hit],
              counted: Collection[Key]) -> None:
    """Add to ``response.total`` the codes of ``shown`` that ``counted`` (what the total
    already counts) does not hold, each once, in place."""
    response.total += len(keys(shown).difference(counted))


def unchanged(before: list[Candidate], pool: list[Candidate]) -> bool:
    """Does ``pool`` hold the very candidates ``before`` held, in order? Then it counts no
    code ``before`` did not (C-level: no step per candidate), and its keys need no reading."""
    return len(before) == len(pool) and all(map(is_, before, pool))


class PoolKeys(Collection[Key]):
    """``keys(pool)``, read the first time it is asked: the ranking's keys are passed to
    each stage that may add a hit (``comorbid``, ``reasons``), which reads them only when it
    does, and a typeahead prefix's pool holds hundreds of candidates."""

    def __init__(self, pool: list[Candidate]) -> None:
        self._pool = pool
        self._keys: set[Key] | None = None

    def _read(self) -> set[Key]:
        if self._keys is None:
            self._keys = keys(self._pool)
        return self._keys

    def __contains__(self, key: object) -> bool:
        return key in self._read()

    def __iter__(self) -> Iterator[Key]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())
