"""A query as read: its slots (a word or a recognised phrase each), the ways of saying each
slot, and what was expanded or corrected; and the catalog-word lookups reading it needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(slots=True)
class Alternative:
    """One way of saying a slot: all its tokens must match (AND)."""

    tokens: tuple[str, ...]
    kind: str  # original | abbreviation | lay | variant | spelling


@dataclass(slots=True)
class Slot:
    """A unit of the query (a word or a recognised phrase) with its alternatives (OR)."""

    text: str
    alternatives: list[Alternative]
    prefix: bool = False  # the last word while typing: match as a prefix
    # While typing, how likely each catalog word beginning with the prefix is the word meant,
    # relative to the likeliest (by how often the catalog says it): "pneum" is pneumonia
    # more often than pneumothorax. None: not known, every completion alike.
    likely: dict[str, float] | None = None
    # The word typed last is a whole catalog word, the commonest it may stand for, and the
    # query is searched, not suggested: its longer completions count less ("fall at
    # home" is no Homelessness). Set by the search (engine.rank_words).
    whole: bool = False
    # A side the query said in words ("both knees", "on each side": search/sides.py), with
    # the words of the part it was said of: read only where the classification codes it.
    side_of: tuple[str, ...] | None = None
    # An age or a person said beside the condition ("elderly man", search/ages.py): left out
    # when no title of the rest says it (engine.rank_words).
    aside: bool = False


@dataclass(slots=True)
class Denied:
    """Findings a query said absent beside its condition ("pneumonia w/o effusion"), read
    apart from it (``search.negation``): the query as typed, the findings' slots, and for
    each finding, each slot, each reading, its stems."""

    said: str
    slots: list[Slot]
    stems: tuple[tuple[tuple[frozenset[str], ...], ...], ...]


@dataclass(slots=True)
class ParsedQuery:
    text: str
    kind: str  # empty | code | range | words
    system: str | None = None
    key: str = ""
    typed: str = ""  # the code as typed, upper case: "41.0" beats "410" for ICD-9 procedure 41.0
    wildcard: bool = False
    range_lo: str = ""
    range_hi: str = ""
    slots: list[Slot] = field(default_factory=list)
    expansions: list[dict[str, str]] = field(default_factory=list)
    corrections: list[dict[str, str]] = field(default_factory=list)
    # The words after the first "for" were dropped as what an operation is for
    # (``procedure_purpose.what_it_is_for``): the meaning model does not read them either.
    reason_dropped: bool = False
    # Findings said absent, read apart: ``text`` is then the condition alone (search.negation).
    denied: Denied | None = None
    # Words left unsearched as a condition's treatment ("on lisinopril" beside hypertension,
    # ``medicines.treated``): the meaning model does not read them either.
    treatment: frozenset[str] = frozenset()


class Lexicon(Protocol):
    """The catalog's own words, for typo correction and truncated words."""

    def known(self, word: str) -> bool: ...

    def known_prefix(self, prefix: str) -> bool: ...

    def correct(self, word: str, is_prefix: bool) -> str | None: ...

    def correct_in_context(self, word: str, is_prefix: bool, context: tuple[str, ...]
                           ) -> str | None: ...

    def common_neighbour(self, word: str) -> str | None: ...

    def together(self, word: str, context: tuple[str, ...]) -> int: ...

    def expansions(self, word: str) -> tuple[str, ...]: ...

    def own_word(self, word: str) -> bool: ...

    def decompose(self, word: str, compound: bool = False) -> list[tuple[str, ...]]: ...

    def most_started(self, prefix: str) -> int: ...

    def truncation(self, word: str) -> bool: ...

    def contracted(self, word: str) -> tuple[str, ...]: ...

    def joined(self, first: str, second: str) -> str | None: ...

    def split(self, word: str) -> tuple[str, str] | None: ...

    def says(self, phrase: str) -> bool: ...

    def says_start(self, phrase: str) -> bool: ...

    def near(self, first: str, second: str) -> bool: ...


def add_reading(parsed: ParsedQuery, slot: Slot, have: set[tuple[str, ...]], source: str,
                words: tuple[str, ...], kind: str) -> None:
    """Another way of saying ``slot`` (``words``, read from ``source``), unless ``have``, the
    slot's readings so far, holds it; recorded among the query's expansions."""
    if words in have:
        return
    have.add(words)
    slot.alternatives.append(Alternative(words, kind))
    parsed.expansions.append({"from": source, "to": " ".join(words), "kind": kind})
