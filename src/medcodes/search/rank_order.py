"""The ranked list's final order, after scoring: a condition before the mishap it came
after, a retired code under its current twin, and the sort by score then the
classification's order."""

from __future__ import annotations

import math
from operator import attrgetter
from typing import TYPE_CHECKING

from medcodes.search.code_systems import LEGACY_SYSTEMS
from medcodes.search.incidental import CAUSE_AFTER_INJURY
from medcodes.search.title_analysis import KEYS_CACHE, analyse

if TYPE_CHECKING:
    from medcodes.search.rank import Candidate


def condition_before_cause(causes: list[tuple[Candidate, int]],
                            conditions: list[tuple[Candidate, int]], full: int) -> None:
    """The best code that says every slot the first external cause does not say leads that
    cause, when the query says a condition and after it the mishap it came after
    (``incidental.CONDITION_BEFORE_CAUSE``); every other code keeps its place."""
    cause, said = max(causes, key=lambda pair: pair[0].score)
    rest = full & ~said
    if not rest or not said:
        return
    told = [c for c, mask in conditions if mask & rest == rest]
    if not told:
        return
    best = max(told, key=lambda c: c.score)
    if best.score <= cause.score:
        best.score = cause.score + CAUSE_AFTER_INJURY


SAME_TITLE_GAP = 0.01  # how far a retired code stays under its current twin


def twin_norm(norm: str) -> str:
    """A title's words without "unspecified": ICD-9-CM 791.0 "Proteinuria" says what
    R80.9 "Proteinuria, unspecified" does."""
    return " ".join(w for w in norm.split() if w != "unspecified") if "unspecified" in norm else norm


def after_current(candidates: list[Candidate], legacy: list[Candidate] | None = None) -> None:
    """A retired code (ICD-9) stays under a current code of its title: a query naming no
    system asks for the code used today, and the retired one's broader category title can
    say a word the current one leaves to its block (791 "Nonspecific findings on examination
    of urine" says the urine of "protein in my wee"; R80 "Proteinuria" does not), which the
    legacy drop alone does not outweigh. The meaning list does the same (hybrid's
    SAME_TITLE_DROP)."""
    if legacy is None:
        legacy = [c for c in candidates if c.system in LEGACY_SYSTEMS]
    if not legacy or len(legacy) == len(candidates):
        return
    # Titles looked up and compared in C (map, set): most queries' ICD-9 codes have no
    # current twin among the candidates, and end here.
    twin = twin_keys.__getitem__
    wanted = set(map(twin, map(_TITLE, legacy)))
    current = [c for c in candidates if c.system not in LEGACY_SYSTEMS]
    keys = list(map(twin, map(_TITLE, current)))
    if wanted.isdisjoint(keys):
        return
    best: dict[str, float] = {}
    for c, key in zip(current, keys, strict=True):
        if key in wanted and c.score > best.get(key, -math.inf):
            best[key] = c.score
    for c in legacy:
        top = best.get(twin(c.title))
        if top is not None and c.score > top - SAME_TITLE_GAP:
            c.score = top - SAME_TITLE_GAP


class _TwinKeys(dict[str, str]):
    """A title's ``twin_norm`` of its normalised words (``analyse``), by title: one dictionary
    look-up per candidate, where ``facts`` hashed five fields (``after_current`` reads every
    candidate of a query that found an ICD-9 code)."""

    def __missing__(self, title: str) -> str:
        if len(self) >= KEYS_CACHE:
            self.clear()
        found = self[title] = twin_norm(analyse(title).norm)
        return found


twin_keys = _TwinKeys()


_TITLE = attrgetter("title")
_SCORE, _SYSTEM, _BILLABLE, _SEQ = (attrgetter("score"), attrgetter("system"),
                                    attrgetter("billable"), attrgetter("seq"))


def sort_ranked(candidates: list[Candidate]) -> None:
    """``candidates.sort(key=order)`` as four stable sorts by C-level keys, last key first
    (a reversed sort keeps ties in order too): the same order, without a Python call and a
    tuple per candidate (a twentieth of the re-rank)."""
    candidates.sort(key=_SEQ)
    candidates.sort(key=_BILLABLE, reverse=True)
    candidates.sort(key=_SYSTEM)
    candidates.sort(key=_SCORE, reverse=True)


def order(c: Candidate) -> tuple[float, str, bool, int]:
    """The ranking's order: by score; ties, within a system, put a billable code first (a
    category and its code of the same title, J18 and J18.9 "Pneumonia, unspecified
    organism", score alike, and the code is what is reported), then the classification's."""
    return (-c.score, c.system, not c.billable, c.seq)
