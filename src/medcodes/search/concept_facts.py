"""What the re-rank reads of a concept that no query changes (``Facts``, one per concept,
cached): its title's views with and without the words it says absent, and which kind of
code it is."""

from __future__ import annotations

from functools import lru_cache, partial
from typing import NamedTuple

from medcodes.search.code_systems import DIAGNOSIS_SYSTEMS, GROUP_KINDS, LEGACY_SYSTEMS, PCS_NODES
from medcodes.search.incidental import circumstance, external_cause, injury, intent
from medcodes.search.text import stem
from medcodes.search.title_analysis import analyse, nonessential, qualifiers


class View(NamedTuple):
    """A title as the re-rank compares it with a query: its content words, their stems, the
    words joined by spaces (``SlotTests.mask``), its short title's (stems, joined words), and
    the stem of its first word (``LEADS``; "" for no words)."""

    raw: tuple[str, ...]
    stems: frozenset[str]
    line: str
    more: tuple[frozenset[str], str] | None
    first: str


class Facts(NamedTuple):
    """What the re-rank reads of a concept that no query changes, worked out once per concept
    (a median query re-ranks about a hundred, most of them seen by earlier queries): a
    tenth of the re-rank was re-reading the same title through five caches and filters."""

    said: View  # every word of the title
    kept: View  # without the words its "without" clauses say are absent (``qualifiers``)
    norm: str
    counted: tuple[str, ...]  # may count as unasked: not free, absent or a nonessential aside
    context: tuple[str, ...]  # its CONTEXT_WORDS not said absent, as often as they occur
    head_unspecified: bool
    absent: bool  # the title says a word absent
    says_unspecified: bool  # "unspecified" among the title's words
    legacy: bool
    circumstance: bool  # incidental.circumstance
    injury: bool  # incidental.injury
    heading: tuple[str, str] | None  # (system, category code) of a code under a category
    diagnosis: bool  # of a DIAGNOSIS_SYSTEMS system
    kind_drop: float  # a group's or a PCS node's drop
    intent: bool  # incidental.intent
    external: bool  # incidental.external_cause


@lru_cache(maxsize=100_000)
def facts(title: str, short_title: str, system: str, code: str, kind: str) -> Facts:
    """The ``Facts`` of a concept (cached: general codes recur from query to query)."""
    raw, title_stems, norm, counted, context = analyse(title)
    head_unspecified, absent, absent_stems = qualifiers(title)
    short = analyse(short_title) if short_title else None
    said = _view(raw, title_stems, norm, None if short is None else (short.stems, short.norm))
    kept = said
    if absent:
        counted = tuple(t for t in counted if t not in absent)
        context = tuple(t for t in context if t not in absent)
        kept_raw = tuple(t for t in raw if t not in absent)
        kept = _view(kept_raw, title_stems - absent_stems, " ".join(kept_raw),
                     None if short is None else (
                         short.stems - absent_stems,
                         " ".join(t for t in short.raw if t not in absent)))
    is_circumstance, is_injury, is_intent, is_external = _code_kinds[system, code[:4]]
    if context and is_external:
        # An external cause's "Contact with hot drinks", "Contact with hypodermic needle" says
        # how an injury happened, not the exposure of Z20 "Contact with and (suspected)
        # exposure to ..." that CONTEXT_WORDS' "contact" is about.
        context = tuple(t for t in context if t != CONTACT)
    diagnosis = system in DIAGNOSIS_SYSTEMS
    if diagnosis and ("(" in title or "[" in title) and kind not in GROUP_KINDS:
        aside = nonessential(title)  # "Frostbite (T33-T34)": a block's range
        if aside:
            counted = tuple(t for t in counted if t not in aside)
    return _new_facts((
        said, kept, norm, counted, context, head_unspecified, bool(absent),
        "unspecified" in raw, system in LEGACY_SYSTEMS, is_circumstance, is_injury,
        (system, code[:3]) if len(code) > 3 else None, diagnosis,
        0.15 if kind in GROUP_KINDS else 0.3 if kind in PCS_NODES else 0.0,
        is_intent, is_external))


# NamedTuples made from a tuple in C, not through their generated ``__new__`` (a concept met
# for the first time makes one or two views and its facts).
_new_view = partial(tuple.__new__, View)
_new_facts = partial(tuple.__new__, Facts)


def _view(raw: tuple[str, ...], stems: frozenset[str], line: str,
          more: tuple[frozenset[str], str] | None) -> View:
    """The ``View`` of a title's words, stems and line, with its short title's (``more``)."""
    return _new_view((raw, stems, line, more, stem(raw[0]) if raw else ""))


class _CodeKinds(dict[tuple[str, str], tuple[bool, bool, bool, bool]]):
    """Whether a code is an activity or place (``incidental.circumstance``), an injury, an
    intent other than an accident and an external cause, by system and the first four
    characters of the code (all those tests read): one look-up, not four calls, for each
    concept met for the first time."""

    def __missing__(self, key: tuple[str, str]) -> tuple[bool, bool, bool, bool]:
        system, code = key
        found = self[key] = (circumstance(system, code), injury(system, code),
                             intent(system, code), external_cause(system, code))
        return found


_code_kinds = _CodeKinds()


CONTACT = "contact"
