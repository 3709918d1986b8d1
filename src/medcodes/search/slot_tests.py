"""Which slots of a query a text says: the slots' stemmed alternatives (``slot_stems``,
``said_stems``), tested against a title all at once (``SlotTests``), and whether a code's
"NOS" term is the query itself (``names_as_nos``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from medcodes.search.text import derived, stem
from medcodes.search.title_analysis import nos_forms

if TYPE_CHECKING:
    from medcodes.search.query import Slot
    from medcodes.search.rank import Candidate


def slot_stems(slots: list[Slot]) -> list[list[tuple[tuple[str, ...], bool]]]:
    """Per slot, its alternatives as stemmed token tuples (with the prefix flag)."""
    return [
        [(tuple(stem(t) for t in alt.tokens), slot.prefix) for alt in slot.alternatives]
        for slot in slots
    ]


class SlotTests:
    """Which slots a text says (by any of a slot's alternatives), all slots at once, prepared
    once per query: the text's stems meet the one-word alternatives in one C-level set
    intersection, each stem found naming its slots as a bit mask (a Python loop per slot
    and alternative was half the re-rank); only slots with a word being typed (a prefix)
    or a several-word alternative are then tested one by one, a prefix by one substring
    search of the text's words joined by spaces (``View.line``), not a call per word."""

    def __init__(self, stems: list[list[tuple[tuple[str, ...], bool]]],
                 whole: frozenset[int] = frozenset()) -> None:
        self.full = (1 << len(stems)) - 1
        self.by_stem: dict[str, int] = {}
        self.slow: list[tuple[int, tuple[str, ...], tuple[str, ...],
                              tuple[tuple[str, ...], ...]]] = []
        for i, alts in enumerate(stems):
            for toks, typing in alts:
                if len(toks) == 1:
                    self.by_stem[toks[0]] = self.by_stem.get(toks[0], 0) | 1 << i
                    if not typing or i in whole:  # a whole word meets its other forms' root
                        key = derived(toks[0])
                        self.by_stem[key] = self.by_stem.get(key, 0) | 1 << i
            prefixes = tuple(dict.fromkeys(toks[0] for toks, p in alts if p and len(toks) == 1))
            groups = tuple(toks for toks, _ in alts if len(toks) != 1)
            if prefixes or groups:
                # A word of a line starts with a prefix: the line starts with it, or says
                # it after a space (words are [a-z0-9]+, never empty).
                self.slow.append((1 << i, prefixes, tuple(" " + p for p in prefixes), groups))
        self.keys = frozenset(self.by_stem)
        self.by_prefix = 0  # slots the last ``mask`` found only as a word being typed

    def mask(self, stems: frozenset[str], line: str,
             more: tuple[frozenset[str], str] | None = None) -> int:
        """Bit ``i`` set when a text (its words joined by spaces, ``line``, and their
        ``stems``, plus ``more`` stems and line of the same text, e.g. its short title)
        says slot ``i``."""
        found = 0
        self.by_prefix = 0
        by_stem = self.by_stem
        for hit in self.keys.intersection(stems):
            found |= by_stem[hit]
        if more is not None:
            for hit in self.keys.intersection(more[0]):
                found |= by_stem[hit]
        if not self.slow:
            return found
        for bit, prefixes, spaced, groups in self.slow:
            if found & bit:
                continue
            if prefixes and (_begins(line, prefixes, spaced)
                             or (more is not None and _begins(more[1], prefixes, spaced))):
                found |= bit
                self.by_prefix |= bit
            elif groups:
                every = stems if more is None else stems | more[0]
                if any(map(every.issuperset, groups)):
                    found |= bit
        return found


def _begins(line: str, prefixes: tuple[str, ...], spaced: tuple[str, ...]) -> bool:
    """Does a word of ``line`` (words joined by single spaces) start with one of
    ``prefixes`` (``spaced``: each after a space)?"""
    return line.startswith(prefixes) or any(map(line.__contains__, spaced))



# The readings of a query word that say what the user said: not the ICD-10-PCS readings of a
# joint as its bones ("broke my ankle" is no "Fracture of tibia NOS").
SAID_KINDS = frozenset({"original", "lay", "abbreviation", "spelling", "variant", "contraction"})


def said_stems(slots: list[Slot]) -> list[list[tuple[tuple[str, ...], bool]]]:
    """``slot_stems`` of the readings in ``SAID_KINDS`` only, the first of each kind: a
    word's commonest sense ("overdose": a poisoning by drugs, not any poisoning)."""
    out = []
    for slot in slots:
        kinds: dict[str, tuple[str, ...]] = {}
        for alt in slot.alternatives:
            if alt.kind in SAID_KINDS:
                kinds.setdefault(alt.kind, alt.tokens)
        out.append([(tuple(stem(t) for t in toks), slot.prefix) for toks in kinds.values()])
    return out


def names_as_nos(c: Candidate, stems: list[list[tuple[tuple[str, ...], bool]]]) -> bool:
    """Is one of the code's "NOS" terms the query itself: every word one the query says, and
    every slot said? ``stems`` as ``said_stems`` gives them."""
    if c.terms_json == "[]":
        return False
    for form in nos_forms(c.terms_json):
        if form and all(any(set(toks) <= form for toks, _ in alts) for alts in stems) and all(
                any(w in toks for alts in stems for toks, _ in alts) for w in form):
            return True
    return False
