"""A learned order for hybrid search's candidate pool.

Hybrid mode (:mod:`.hybrid`) fuses the word ranking and the meaning list by weighted
reciprocal rank and hand-set rules. An accepted code is in the words' or the meaning's first
fifty far more often than in the fused first ten, so what matters is the order of that pool.
Here each candidate (the word ranking's first ``WORD_POOL`` and the meaning list) is described
by features that say nothing of the query's or the code's identity (its places and scores in
both lists, how sure each list is of its top, its system, kind and depth, how many of its
family the pool holds) and scored by a linear model whose weights are fitted on the
development lists by ``scripts/fit_fusion.py`` and stored in ``data/fusion.json``.

Tried and left off (``hybrid.LEARNED``), session 16 on /tmp/cat16.sqlite (b5ddd1e's catalog).
It orders only the queries whose top word hit is not confident (1,023 of 2,524 development
queries; 920 of them have an accepted code in the pool, where the hand-set fusion puts one
first for 618 and in the first ten for 849). ``scripts/fit_fusion.py``, each list left out of
the fit: hit@1 0.801 -> 0.811, hit@10 0.921 -> 0.922 over every list (operations_dev
0.380/0.612 -> 0.419/0.628, everyday_dev3 0.777 -> 0.830 at hit@1; circulation_dev,
history_dev, injections_dev and shorthand_dev lost 2 queries each at hit@1). ``bench/relevance.py
--sets open`` with it on, hit@1/@10 before -> after: icd9dx 0.418/0.697 -> 0.428/0.701,
icd9pcs 0.331/0.547 -> 0.335/0.558, lay 0.907/0.972 -> 0.914/0.977, typos 0.927/0.988 ->
0.935/0.984, abbreviations 0.867/0.944 -> 0.863/0.944, everyday 0.768/0.858 -> 0.768/0.851,
procedures 0.848/0.938 unchanged, procedures_all 0.747/0.889 -> 0.751/0.893. The everyday
set, the one most like what people type, lost three queries from its first ten (16 worse, 11
better), and the step cost 0.6 ms of CPU (mean) on each query it ordered, about 0.14 ms per
query over bench/latency.py's mixed set, alternated in one process; the budget was 0.2 ms.
A weight on whether the system is retired was tried and dropped: the development lists mostly
accept only the current code where an ICD-9-CM one says the same, so it learned -2.3 and put
"liver damage from drinking"'s 571.3 Alcoholic liver damage from first to fifth. Crosses of
the features (351 products) were started but the run did not finish. What the pool lacks
is not order but a reading: the accepted code is in the words' or meaning's first 50 for
operations_dev 0.78 of the time, but no feature here tells it from its neighbours.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from medcodes.search.code_systems import PROCEDURE_SYSTEMS
from medcodes.search.text import stem, tokens

if TYPE_CHECKING:
    from medcodes.search.embeddings import Neighbour
    from medcodes.search.rank import Candidate

WORD_POOL = 50  # word candidates the learned score orders (the meaning list: hybrid.MEANING_POOL)

FEATURES = (
    "rrf",  # the hand-set fusion's score of the candidate (hybrid._merge), the starting point
    "w_in", "w_rr", "w_top", "w_score", "w_gap", "coverage", "bm25",
    "w_rr_lost",
    "m_in", "m_rr", "m_top", "cosine", "cos_gap", "m_rr_sure", "m_rr_lost",
    "both", "matched_unranked",
    "procedure", "billable", "is_code", "depth", "title_cover", "title_more", "family",
)


class Pool(NamedTuple):
    keys: list[tuple[str, str]]  # (system, code) of each candidate
    word: list[int]  # place in the word ranking, -1 when not among its first WORD_POOL
    meaning: list[int]  # place in the meaning list, -1 when not in it
    x: np.ndarray  # one row of FEATURES per candidate


def pool_features(pool: list[Candidate], found: list[tuple[Neighbour, tuple[object, ...]]],
                  word_ids: frozenset[int], weight: float,
                  slots: Sequence[frozenset[str]] = ()) -> Pool:
    """The candidates of a hybrid query and their features: the word ranking's first
    ``WORD_POOL`` (``pool``, best first) and the meaning list (``found``, in the order
    :func:`.hybrid.reorder_meaning` left it); ``weight`` is the hand-set meaning weight and
    ``slots`` the stems of each slot of the query, every reading of it together."""
    # hybrid's own thresholds (it imports this module, so they are read here, once it is loaded)
    from medcodes.search.hybrid import LOST_SCORE, RRF_K, SURE_SIMILARITY

    words = pool[:WORD_POOL]
    top = words[0].score if words else 0.0
    best_bm25 = max((c.bm25 for c in words), default=0.0) or 1.0
    best_cos = max((n.score for n, _ in found), default=0.0)
    lost = 1.0 if top < LOST_SCORE else 0.0
    sure = 1.0 if best_cos >= SURE_SIMILARITY else 0.0
    keys: list[tuple[str, str]] = []
    index: dict[tuple[str, str], int] = {}
    rows: list[list[float]] = []
    word_place: list[int] = []
    meaning_place: list[int] = []
    for i, c in enumerate(words):
        key = (c.system, c.code)
        if key in index:
            continue
        index[key] = len(keys)
        keys.append(key)
        word_place.append(i)
        meaning_place.append(-1)
        w_rr = (RRF_K + 1) / (RRF_K + 1 + i)
        rows.append([
            w_rr, 1.0, w_rr, 1.0 if i == 0 else 0.0, c.score, min(top - c.score, 3.0),
            c.coverage, c.bm25 / best_bm25, w_rr * lost,
            0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0,
            *_concept(c.system, c.code, c.kind, c.billable, c.title, slots),
        ])
    for j, (n, row) in enumerate(found):
        key = (str(row[0]), str(row[1]))
        m_rr = (RRF_K + 1) / (RRF_K + 1 + j)
        at = index.get(key)
        if at is None:
            index[key] = at = len(keys)
            keys.append(key)
            word_place.append(-1)
            meaning_place.append(j)
            matched = 1.0 if n.id in word_ids else 0.0
            rows.append([
                0.0, 0.0, 0.0, 0.0, 0.0, 3.0, 0.0, 0.0, 0.0,
                0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, matched,
                *_concept(key[0], key[1], str(row[3]), bool(row[4]), str(row[2]), slots),
            ])
        elif meaning_place[at] >= 0:
            continue
        meaning_place[at] = j
        r = rows[at]
        r[0] = max(r[0], weight * m_rr)
        r[9:16] = [1.0, m_rr, 1.0 if j == 0 else 0.0, n.score, best_cos - n.score,
                    m_rr * sure, m_rr * lost]
        r[16] = r[1]  # found by both
    families: dict[str, int] = {}
    for system, code in keys:
        f = _family(system, code)
        families[f] = families.get(f, 0) + 1
    for (system, code), r in zip(keys, rows, strict=True):
        r[-1] = math.log(families[_family(system, code)])
    x = np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))
    return Pool(keys, word_place, meaning_place, x)


def _family(system: str, code: str) -> str:
    return f"{system}:{code[:7 if system == 'icd10pcs' else 3]}"


def _concept(system: str, code: str, kind: str, billable: bool, title: str,
             slots: Sequence[frozenset[str]]) -> list[float]:
    """procedure, billable, is_code, depth, the share of the query's slots the title says,
    the share of the title's words no slot says, and a family slot filled in later. Not whether the
    system is retired: most development lists accept only current codes where an ICD-9-CM
    code says the same, so a learned weight on it (-2.3) put an ICD-9-CM title that says the
    query exactly below loosely matching current ones ("liver damage from drinking": 571.3
    Alcoholic liver damage from 1 to 5); the meaning list's own drop (hybrid.LEGACY_DROP)
    stays."""
    depth = len(code.replace(".", "")) / 7
    said = _stems(title)
    cover = sum(1 for s in slots if not s.isdisjoint(said)) / len(slots) if slots else 0.0
    every = frozenset().union(*slots) if slots else frozenset()
    more = len(said - every) / len(said) if said else 0.0
    return [1.0 if system in PROCEDURE_SYSTEMS else 0.0,
            1.0 if billable else 0.0, 1.0 if kind == "code" else 0.0, depth, cover, more, 0.0]


@lru_cache(maxsize=50_000)
def _stems(title: str) -> frozenset[str]:
    return frozenset(stem(t) for t in tokens(title))


@lru_cache(maxsize=1)
def weights() -> np.ndarray | None:
    """The fitted weights (``data/fusion.json``), or None when the file is absent or was
    fitted on other features."""
    try:
        text = resources.files("medcodes").joinpath("data", "fusion.json").read_text("utf-8")
    except FileNotFoundError:
        return None
    data = json.loads(text)
    if tuple(data["features"]) != FEATURES:
        return None
    return np.array(data["weights"], dtype=np.float64)


def order(p: Pool, w: np.ndarray) -> list[int]:
    """Candidates best first by the learned score; ties keep the word ranking's order, then
    the meaning list's (a stable order, so every page agrees)."""
    scores = p.x @ w
    return sorted(range(len(p.keys)), key=lambda k: (-scores[k], p.word[k] < 0,
                                                      p.word[k], p.meaning[k]))
