"""The records every layer shares: loaders yield them, the catalog stores them, search returns them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Note kinds, in the order a coder reads them on a code page.
NOTE_KINDS = (
    "inclusion",
    "includes",
    "excludes1",
    "excludes2",
    "code_first",
    "code_also",
    "use_additional_code",
    "note",
    "seven_chr_note",
)

# Term kinds: each is searchable text of its own concept, weighted below the title.
TERM_KINDS = ("inclusion", "index", "synonym", "abbreviation", "consumer", "article", "see")


@dataclass(frozen=True, slots=True)
class Note:
    """A typed tabular note (includes, excludes1, code first, ...)."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Term:
    """Searchable text that names the concept other than its title."""

    kind: str
    text: str


@dataclass(slots=True)
class Concept:
    """One node of a classification: a chapter, block, category or code.

    ``parent`` is the code of the parent in the same system (None for a root). Loaders yield
    parents before their children, so load order is the classification's own order.
    """

    system: str
    code: str
    title: str
    kind: str = "code"
    billable: bool = False
    parent: str | None = None
    short_title: str | None = None
    status: str = "active"
    properties: dict[str, Any] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    version: str = ""  # filled by the build from the loader's SystemInfo


@dataclass(frozen=True, slots=True)
class Link:
    """A crosswalk entry (e.g. a GEM row) from one system's code to another's, with its flags."""

    source_system: str
    source_code: str
    target_system: str
    target_code: str | None  # None when the GEM says "no map"
    flags: str = ""
    approximate: bool = False
    no_map: bool = False
    combination: bool = False
    scenario: int = 0
    choice_list: int = 0
    source: str = ""  # e.g. "GEM icd9toicd10cm"


@dataclass(frozen=True, slots=True)
class SystemInfo:
    """What the About page and `medcodes systems` say of a code system release."""

    id: str
    name: str
    version: str
    release_date: str
    source: str
    licence: str
    fhir_uri: str
    origin: str = "bundled"  # or "imported"
