"""A symptom said beside a condition whose "with" titles group it: "enlarged prostate with
trouble peeing" is N40.1 Benign prostatic hyperplasia *with lower urinary tract symptoms*,
"flu with a fever" J11.1 Influenza ... *with other respiratory manifestations*, "flu with
vomiting" J11.2 ... *with gastrointestinal manifestations*.

No title says the symptom in the patient's words beside the condition, so the words found the
condition's other codes first (N40.0 *without* lower urinary tract symptoms; J11.08 with
specified pneumonia). The symptom's slot also reads as its group's title words
(``data/manifestations.tsv``), kept only where some title says the group with another slot of
the query: a fever beside no such condition stays a fever. Gated on the file's words: a query
without one pays a set test.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from medcodes.search.parsed import Alternative, ParsedQuery, Slot
from medcodes.search.text import STOPWORDS, stem, tokens
from medcodes.search.vocab import read_columns

KIND = "manifestation"  # the kind of the readings and expansions made here
_MAX_TRIES = 4  # the other slots asked with a group, at most


@cache
def groups() -> dict[str, tuple[str, ...]]:
    """Each symptom word's stem -> its group's title words (``data/manifestations.tsv``)."""
    out: dict[str, tuple[str, ...]] = {}
    for word, title in read_columns("manifestations.tsv"):
        said = tuple(t for t in tokens(title) if t not in STOPWORDS)
        if said:
            out.setdefault(stem(word.lower()), said)
    return out


@cache
def cues() -> frozenset[str]:
    """The words of the file as people type them (and their common endings), to skip the
    queries that say none without stemming their words."""
    out: set[str] = set()
    for word, _ in read_columns("manifestations.tsv"):
        for base in {word.lower(), stem(word.lower())}:
            out.update(base + end for end in ("", "s", "es", "ed", "ing", "y"))
    return frozenset(out)


def _group(slot: Slot, table: dict[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    for word in tokens(slot.text):
        found = table.get(stem(word))
        if found is not None:
            return found
    return None


def _condition(slot: Slot, group: tuple[str, ...]) -> bool:
    """May the slot name the condition the group is said of? Not a small word read as an
    abbreviation ("up": upper, as J11.1's inclusion terms say it) nor a word of the group's own
    title words ("urinary tract")."""
    typed = [t for t in tokens(slot.text) if t not in STOPWORDS]
    return any(len(t) > 2 and t not in group for t in typed)


def manifested(parsed: ParsedQuery, says: Callable[[list[Slot]], bool]) -> None:
    """Read a symptom slot as its group's title words too, where a title says the group with
    another slot of the query (``says``: does some title say all these slots?)."""
    slots = parsed.slots
    if len(slots) < 2 or cues().isdisjoint(tokens(parsed.text)):
        return  # most queries
    table = groups()
    found = [(i, g) for i, s in enumerate(slots) if (g := _group(s, table)) is not None]
    if not found or len(found) == len(slots):
        return
    asked: dict[tuple[str, ...], bool] = {}
    for i, words in found:
        if words not in asked:
            group = Slot(" ".join(words), [Alternative(words, KIND)])
            others = [s for j, s in enumerate(slots)
                      if j not in {k for k, _ in found} and _condition(s, words)]
            asked[words] = any(says([other, group]) for other in others[:_MAX_TRIES])
        if asked[words]:
            slot = slots[i]
            if all(a.tokens != words for a in slot.alternatives):
                slot.alternatives.append(Alternative(words, KIND))
                parsed.expansions.append({"from": slot.text, "to": " ".join(words),
                                          "kind": KIND})
