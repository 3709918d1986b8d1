"""Re-ranking of word candidates: BM25 from FTS5 plus what a coder expects.

BM25 alone favours short documents that repeat a word; a coder wants the code whose *title*
says what was asked, the general (unspecified) code before rare specifics, and current
systems before retired ones. Each feature below is one of those expectations.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from medcodes.search.query import Slot
from medcodes.search.text import STOPWORDS, stem, tokens

# Words whose presence in a title does not make it more specific than the query asked for.
FREE_WORDS = frozenset({"unspecified", "other", "site", "type", "part", "nos", "specified"})
LEGACY_SYSTEMS = frozenset({"icd9cm", "icd9pcs"})
GROUP_KINDS = frozenset({"chapter", "block", "section", "body_system"})


@dataclass(slots=True)
class Candidate:
    id: int
    system: str
    code: str
    title: str
    kind: str
    billable: bool
    chapter: str | None
    seq: int
    bm25: float  # positive: higher is better
    score: float = 0.0
    coverage: float = 0.0


def slot_stems(slots: list[Slot]) -> list[list[tuple[tuple[str, ...], bool]]]:
    """Per slot, its alternatives as stemmed token tuples (with the prefix flag)."""
    return [
        [(tuple(stem(t) for t in alt.tokens), slot.prefix) for alt in slot.alternatives]
        for slot in slots
    ]


def _covered(
    alts: list[tuple[tuple[str, ...], bool]], title_stems: frozenset[str],
    title_raw: tuple[str, ...],
) -> bool:
    for toks, prefix in alts:
        if prefix and len(toks) == 1:
            if any(w.startswith(toks[0]) for w in title_raw) or toks[0] in title_stems:
                return True
        elif all(t in title_stems for t in toks):
            return True
    return False


@lru_cache(maxsize=300_000)
def analyse(title: str) -> tuple[tuple[str, ...], frozenset[str], str]:
    """A title's content words, their stems, and its normalised text (cached: titles recur)."""
    raw = tuple(t for t in tokens(title) if t not in STOPWORDS)
    return raw, frozenset(stem(t) for t in raw), " ".join(raw)


def rerank(candidates: list[Candidate], slots: list[Slot], query_text: str) -> None:
    """Score candidates in place."""
    if not candidates:
        return
    stems = slot_stems(slots)
    query_stems = {t for alts in stems for toks, _ in alts for t in toks}
    query_norm = " ".join(t for t in tokens(query_text) if t not in STOPWORDS)
    top = max(c.bm25 for c in candidates) or 1.0
    n_slots = max(len(stems), 1)
    for c in candidates:
        raw, title_stems, norm = analyse(c.title)
        covered = sum(_covered(alts, title_stems, raw) for alts in stems)
        c.coverage = covered / n_slots
        extra = sum(
            1 for t in raw if stem(t) not in query_stems and t not in FREE_WORDS
            and not any(t.startswith(q) for q in query_stems)
        )
        score = c.bm25 / top + 2.0 * c.coverage
        if covered == n_slots:
            score += 1.0
        if norm == query_norm:
            score += 2.0
        score -= 0.06 * extra
        if "unspecified" in raw:
            score += 0.05
        if c.system in LEGACY_SYSTEMS:
            score -= 0.35
        if c.kind in GROUP_KINDS:
            score -= 0.15
        c.score = score
    candidates.sort(key=lambda c: (-c.score, c.system, c.seq))
