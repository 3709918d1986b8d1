"""Curated lay phrases matched by meaning, for the meaning retriever.

The word side reads a lay phrase when the query says it (exactly, or with other small words
and plurals: ``curated_phrases.phrase_at``). A patient says the same thing in other words ("my blood
sugar is always high" for "high blood sugar"), and the static model matches everyday words to
everyday words far better than to the clinical words of the titles. So the query is compared
by meaning with every curated lay phrase too, and the clinical words of the closest one, when
it is close enough, join the text the meaning retriever embeds (``hybrid.meaning_text``).

``SIMILAR`` was chosen from three values (0.7, 0.8, 1.0 = off) by the everyday, lay and ICD-9
benchmark sets together: 0.8 raised everyday and lay hit@10 by about one point and left the
others within a query.

A description of a condition by its signs (``signs.tsv``: "fungus making the nails thick and
discoloured") is a sentence, and a patient's sentence is seldom ``SIMILAR`` close to another
sentence of the same meaning (the static model's mean of eight words moves with each word). A
description is also read from ``SIGN_SIMILAR`` when the text says at least half its words (two
at least): the cosine finds the candidates, the words keep the one that says the same thing.
``SIGN_SIMILAR`` was chosen from 0.65, 0.68 and 0.72 on tests/data/signs_dev.tsv (hybrid
hit@10 0.79, 0.77, 0.73) and the open everyday, lay and procedures sets (0.65 lost four queries
there, 0.68 none).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from medcodes.search.static_model import StaticModel
from medcodes.search.text import tokens
from medcodes.search.vocab import loose_key, sign_phrases, vocabulary

SIMILAR = 0.8  # cosine from which a lay phrase says what the query says
SIGN_SIMILAR = 0.68  # a description's cosine from which half its words said are enough

SIGN_TRIES = 5  # the closest descriptions whose words are compared

_lock = threading.Lock()
_tables: dict[int, _Table] = {}


class _Table(NamedTuple):
    clinical: list[list[str]]  # each curated lay phrase's clinical phrases
    vectors: np.ndarray  # the lay phrases' vectors
    signs: np.ndarray  # the rows of the descriptions (``signs.tsv``), by number
    sign_of: list[int]  # each row's place in ``signs`` (-1: not a description)
    words: list[frozenset[str]]  # each description's loose words (``vocab.loose_key``)


class Closest(NamedTuple):
    """The curated lay phrase closest in meaning to a text."""

    clinical: list[str]  # its clinical phrases (nothing when no phrase or no known word)
    similarity: float  # its cosine with the text
    described: bool  # is it a description of a condition (``signs.tsv``) half said in words?
    said: bool  # does the text say it: ``SIMILAR`` close, or a description half said


def _table(model: StaticModel) -> _Table:
    """The curated lay phrases' clinical phrases and vectors, and which of them describe a
    condition by its signs, with their words."""
    table = _tables.get(id(model))
    if table is None:
        with _lock:
            table = _tables.get(id(model))
            if table is None:
                lay = vocabulary().lay
                keys = list(lay)
                vectors = model.encode([" ".join(k) for k in keys]) if keys else np.zeros(
                    (0, model.dims), np.float32)
                described = sign_phrases()
                signs = np.array([i for i, k in enumerate(keys) if k in described], np.int64)
                sign_of = [-1] * len(keys)
                for j, i in enumerate(signs):
                    sign_of[int(i)] = j
                table = _Table([lay[k] for k in keys], vectors, signs, sign_of,
                               [frozenset(loose_key(keys[int(i)])) for i in signs])
                _tables[id(model)] = table
    return table


def warm(model: StaticModel) -> None:
    """Embed the curated lay phrases now (about 45 ms), not on the first query that asks."""
    _table(model)


def closest_lay_meaning(model: StaticModel, text: str) -> list[str]:
    """The clinical phrases of the curated lay phrase that means what ``text`` says, if one is
    at least ``SIMILAR``; else nothing."""
    found = closest(model, text)
    return found.clinical if found.said else []


@lru_cache(maxsize=64)
def closest(model: StaticModel, text: str) -> Closest:
    """The curated lay phrase that says what ``text`` says: the closest in meaning when it is
    ``SIMILAR`` close, else the closest description of a condition that is ``SIGN_SIMILAR``
    close and whose words the text says at least half of ("greasy yellow flakes on the scalp and
    eyebrows" says flakes and scalp of "oily flaking skin on the scalp"), unless the text
    already says its clinical words (nothing new to add). A description is a
    sentence, and the static model's cosine of two sentences of everyday words is loose (a
    stiff knee is near a stiff toe): the words said keep it to one that says the same thing.
    Kept for the last few texts: the meaning text and its lead (``hybrid.lay_lead``) ask of
    the same query."""
    table = _table(model)
    if not len(table.vectors):
        return Closest([], 0.0, False, False)
    query = model.encode([text])[0]
    if not np.any(query):
        return Closest([], 0.0, False, False)
    sims = table.vectors @ query
    best = int(np.argmax(sims))
    if sims[best] >= SIMILAR:
        row = table.sign_of[best]
        return Closest(table.clinical[best], float(sims[best]), row >= 0 and _half_said(
            table.words[row], frozenset(loose_key(tokens(text)))), True)
    near = sims[table.signs]
    if not len(near) or near.max() < SIGN_SIMILAR:  # (most texts): no description is near
        return Closest(table.clinical[best], float(sims[best]), False, False)
    words = frozenset(loose_key(tokens(text)))
    for j in np.argsort(-near)[:SIGN_TRIES]:
        if near[j] < SIGN_SIMILAR:
            break
        clinical = table.clinical[int(table.signs[j])]
        if _half_said(table.words[j], words) and not all(
                words.issuperset(loose_key(tokens(c))) for c in clinical):
            return Closest(clinical, float(near[j]), True, True)
    return Closest(table.clinical[best], float(sims[best]), False, False)


def _half_said(wanted: frozenset[str], said: frozenset[str]) -> bool:
    """Does a text that says ``said`` say at least half (and two) of a description's words?
    Pain is said of every part and is not counted ("pain at the back of my heel" does not say
    "sharp pain under the heel")."""
    shared = len((wanted & said) - _UNCOUNTED)
    return shared >= 2 and 2 * shared >= len(wanted)


_UNCOUNTED = frozenset(loose_key(("pain",)))
