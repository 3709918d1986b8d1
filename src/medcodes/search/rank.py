"""Re-ranking of word candidates: BM25 from FTS5 plus what a coder expects.

BM25 alone favours short documents that repeat a word; a coder wants the code whose *title*
says what was asked, the general (unspecified) code before rare specifics, and current
systems before retired ones. Each feature below is one of those expectations.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from medcodes.catalog import columns
from medcodes.search.index import TERM_KINDS as SEARCHED_TERMS
from medcodes.search.query import Slot
from medcodes.search.text import STOPWORDS, stem, tokens

# Words whose presence in a title does not make it more specific than the query asked for.
FREE_WORDS = frozenset({"unspecified", "nos", "initial", "encounter"})
SPECIFIC_WORDS = frozenset({"other", "specifi", "specified", "oth"})
CONTEXT_WORDS = frozenset(
    "old history personal family screening sequela subsequent complication complications"
    " following postprocedural aftercare contact exposure suspected observation"
    " status absence presence carrier counseling"
    # Whose condition: codes of pregnancy and of the newborn are for those patients only.
    " maternal pregnancy pregnant puerperium puerperal childbirth obstetric gestational"
    " antepartum postpartum intrapartum neonatal newborn perinatal fetal fetus congenital".split()
)
LEGACY_SYSTEMS = frozenset({"icd9cm", "icd9pcs"})
EXACT_TERM = 1.5  # a term naming exactly the query (an exact title earns 2)
GROUP_KINDS = frozenset({"chapter", "block", "section", "body_system"})
# ICD-10-PCS tables and body-part rows group codes by their first 3-4 characters; their
# titles repeat the codes' words, so without a nudge they outrank the codes themselves.
PCS_NODES = frozenset({"table", "body_part"})


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
    short_title: str = ""
    terms_json: str = "[]"
    notes_json: str = "[]"
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


# "Urinary tract infection, site not specified" says what "…, unspecified site" says.
_NOT_SPECIFIED = re.compile(r"\b(\w+) not (?:otherwise )?specified\b", re.IGNORECASE)


@lru_cache(maxsize=300_000)
def analyse(title: str) -> tuple[tuple[str, ...], frozenset[str], str]:
    """A title's content words, their stems, and its normalised text (cached: titles recur)."""
    raw = tuple(t for t in tokens(_NOT_SPECIFIED.sub(r"unspecified \1", title))
                if t not in STOPWORDS)
    return raw, frozenset(stem(t) for t in raw), " ".join(raw)


@lru_cache(maxsize=100_000)
def term_words(terms_json: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """Content words and stems of a concept's searchable terms."""
    words: list[str] = []
    for term in columns.load(terms_json):
        if term.get("kind") in SEARCHED_TERMS:
            words.extend(t for t in tokens(term["text"]) if t not in STOPWORDS)
    return tuple(words), frozenset(stem(w) for w in words)


_NONESSENTIAL = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# Notes that list what a code covers (ICD-10-CM puts a category's "includes" there).
INCLUDES_NOTES = frozenset({"includes"})


@lru_cache(maxsize=100_000)
def plain_forms(
    terms_json: str, notes_json: str
) -> tuple[tuple[tuple[str, ...], frozenset[str]], ...]:
    """What the code's terms and "includes" notes name, as content words, without the
    classification's conventions: nonessential modifiers in parentheses and "NOS"
    ("hypertension (arterial) (benign) ..." and "diabetes NOS" name plain hypertension and
    diabetes), each with its stems."""
    out: list[tuple[tuple[str, ...], frozenset[str]]] = []
    texts = [t["text"] for t in columns.load(terms_json) if t.get("kind") in SEARCHED_TERMS]
    if notes_json != "[]":
        texts += [n["text"] for n in columns.load(notes_json) if n.get("kind") in INCLUDES_NOTES]
    for text in texts:
        words = tuple(w for w in tokens(_NONESSENTIAL.sub(" ", text))
                      if w not in STOPWORDS and w != "nos")
        if words:
            out.append((words, frozenset(map(stem, words))))
    return tuple(out)


def _unspecified_what(raw: tuple[str, ...], asked: Callable[[str], bool]) -> int:
    """1 when the word after "unspecified" was not asked for: in "Pneumonia, unspecified
    organism" the organism is what the code leaves open, not a detail the query lacks."""
    if "unspecified" not in raw[:-1]:
        return 0
    after = raw[raw.index("unspecified") + 1]
    return 0 if after in FREE_WORDS or asked(after) else 1


def rerank(
    candidates: list[Candidate], slots: list[Slot], query_text: str,
    weights: list[float] | None = None, top: float | None = None,
) -> None:
    """Score candidates in place. ``weights`` (one per slot, IDF) make a rare word's match
    count for more than a common word's; ``top`` is the BM25 that scales to 1 (the best
    candidate's, unless candidates join a pool already scored)."""
    if not candidates:
        return
    stems = slot_stems(slots)
    weights = weights or [1.0] * len(stems)
    total_weight = sum(weights) or 1.0
    query_stems = {t for alts in stems for toks, _ in alts for t in toks}
    query_norm = " ".join(t for t in tokens(query_text) if t not in STOPWORDS)
    if top is None:
        top = max(c.bm25 for c in candidates) or 1.0
    n_slots = max(len(stems), 1)
    query_specific = bool(query_stems & SPECIFIC_WORDS)
    asked_cache: dict[str, bool] = {}
    starts = tuple(query_stems)  # str.startswith takes them all at once, in C

    def asked(word: str) -> bool:
        """Did the query ask for this title word? (cached: titles share most words)"""
        hit = asked_cache.get(word)
        if hit is None:
            hit = stem(word) in query_stems or (bool(starts) and word.startswith(starts))
            asked_cache[word] = hit
        return hit

    for c in candidates:
        raw, title_stems, norm = analyse(c.title)
        if c.short_title:
            short_raw, short_stems, _ = analyse(c.short_title)
            all_raw, all_stems = raw + short_raw, title_stems | short_stems
        else:
            all_raw, all_stems = raw, title_stems
        hits: list[float] = [float(_covered(alts, all_stems, all_raw)) for alts in stems]
        title_says_all = all(hits)
        if not title_says_all and c.terms_json != "[]":
            # An inclusion or index term that says what the title does not counts, a little
            # less than the title ("gouty arthritis" is an inclusion term of M10 Gout).
            t_raw, t_stems = term_words(c.terms_json)
            hits = [h or (0.8 if _covered(alts, t_stems, t_raw) else 0.0)
                    for h, alts in zip(hits, stems, strict=True)]
        covered = sum(1 for h in hits if h)
        c.coverage = sum(w * float(h) for w, h in zip(weights, hits, strict=True)) / total_weight
        unasked = sum(1 for t in raw if t not in FREE_WORDS and not asked(t))
        extra = unasked - _unspecified_what(raw, asked)
        score = 0.6 * c.bm25 / top + 2.0 * c.coverage
        if covered == n_slots:
            score += 1.0
        if norm == query_norm:
            score += 0.5 if c.system in LEGACY_SYSTEMS else 2.0
        elif title_says_all and not unasked and c.system not in LEGACY_SYSTEMS:
            # The title says what was asked and nothing more, as an expansion or correction
            # reads the query (E11 "Type 2 diabetes mellitus" for "T2DM").
            score += 2.0
        elif covered == n_slots and (c.terms_json != "[]" or c.notes_json != "[]") and any(
            all(asked(w) for w in form)
            and all(_covered(alts, form_stems, form) for alts in stems)
            for form, form_stems in plain_forms(c.terms_json, c.notes_json)
        ):
            # A term or "includes" note that names exactly what was asked: I10 for
            # "hypertension", E11 for "diabetes" (its "diabetes NOS"), as the index would.
            score += 0.5 if c.system in LEGACY_SYSTEMS else EXACT_TERM
        score -= 0.1 * extra
        # Words that turn a condition into a status, history or complication code: a query
        # that does not say them does not mean them.
        score -= 0.2 * sum(1 for t in raw if t in CONTEXT_WORDS and t not in query_stems)
        if not query_specific and "unspecified" in raw:
            # "Pneumonia, unspecified organism" for "pneumonia", as a coder would choose.
            score += 0.15
        if c.system in LEGACY_SYSTEMS:
            score -= 1.0
        if c.kind in GROUP_KINDS:
            score -= 0.15
        elif c.kind in PCS_NODES:
            score -= 0.3
        c.score = score
    candidates.sort(key=lambda c: (-c.score, c.system, c.seq))
