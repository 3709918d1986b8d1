"""What a search returns: the same structure for the CLI, the JSON API, the web page and FHIR."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

MAX_QUERY_LENGTH = 500
MAX_LIMIT = 500


class QueryError(ValueError):
    """The query or an option is invalid (too long, unknown system, ...): a 4xx, not a crash."""


@dataclass(slots=True)
class Hit:
    """One result. ``matched`` names the fields that matched; ``snippet`` is HTML-escaped text
    with ``<mark>`` around matched words; ``via`` says how it was found.
    """

    system: str
    code: str
    title: str
    billable: bool
    kind: str
    score: float
    chapter: str | None = None
    matched: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    snippet: str = ""
    via: str = "words"  # code | prefix | range | words | meaning | words+meaning


@dataclass(slots=True)
class SearchResponse:
    query: str
    interpreted_as: str  # code | prefix | range | words | empty
    total: int
    hits: list[Hit]
    limit: int
    offset: int
    corrections: list[dict[str, str]] = field(default_factory=list)  # {"from", "to"}
    expansions: list[dict[str, str]] = field(default_factory=list)  # {"from", "to", "kind"}
    corrected_query: str | None = None  # "showing results for ..."
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # system / chapter / billable
    total_exact: bool = True  # False: ``total`` is a floor (very common words are not counted out)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
