"""What a title or a code's terms say, read once per title and cached (titles recur): its
content words, stems and normalised text (``analyse``), what its "without" clauses say is
absent (``qualifiers``), and the plain and "NOS" forms its terms name."""

from __future__ import annotations

import re
from functools import lru_cache, partial
from itertools import filterfalse, pairwise
from operator import itemgetter
from sys import intern
from typing import NamedTuple

from medcodes.catalog import columns
from medcodes.search.index import TERM_KINDS as SEARCHED_TERMS
from medcodes.search.status import CONTEXT_WORDS
from medcodes.search.text import STOPWORDS, derived, possessive, stem, tokens

# Words whose presence in a title does not make it more specific than the query asked for.
FREE_WORDS = frozenset({"unspecified", "nos", "initial", "encounter"})
KEYS_CACHE = 200_000  # title words' keys kept (the catalog's titles say fewer distinct words)


# "Urinary tract infection, site not specified" says what "…, unspecified site" says.
_NOT_SPECIFIED = re.compile(r"\b(\w+) not (?:otherwise )?specified\b", re.IGNORECASE)


# A type letter in a title: a capital "A" after a word or a comma ("Hepatitis A", "Sepsis due
# to streptococcus, group A", "Type A blood"); the classification writes no article that way.
# The literal " A" first, the word or comma before it looked behind for after it: the regex
# engine then seeks the literal, where a leading look-behind was tried at every character
# (a third of titles say " A", "Approach" in every ICD-10-PCS code: 1.1 -> 0.25 us each).
_TYPE_LETTER = re.compile(r" A\b(?![-'])(?<=[a-z,] A)")
LETTER = "a"
_BUT_LETTER = STOPWORDS - {LETTER}


def stopwords_of(text: str) -> frozenset[str]:
    """The words left out of a title or a term (``text`` as written): every stopword, but a
    type letter's "a" where the text has one ("Hepatitis A (acute)(viral) NOS")."""
    return _BUT_LETTER if " A" in text and _TYPE_LETTER.search(text) else STOPWORDS


class Analysed(NamedTuple):
    """What the re-rank reads of a title, worked out once per title (titles recur)."""

    raw: tuple[str, ...]  # content words
    stems: frozenset[str]
    norm: str  # the content words joined: compared with the query's
    counted: tuple[str, ...]  # content words that may count as unasked (not FREE_WORDS)
    context: tuple[str, ...]  # its CONTEXT_WORDS, as often as they occur


@lru_cache(maxsize=300_000)
def analyse(title: str) -> Analysed:
    """A title's content words, their stems, and its normalised text (cached: titles recur)."""
    # A batch worker meets most titles for the first time, so this is a tenth of a cold
    # query: lower case first (ASCII, nearly every title) and the rare "not specified" rewrite
    # only when the title says it; C-level map and filter rather than generators.
    # An ASCII title lowered is already folded: its words are found without ``tokens``.
    if ascii_title := title.isascii():
        text = title.lower()
        if " not " in text and "specified" in text:  # what the rewrite needs, tested in C
            text = _NOT_SPECIFIED.sub(r"unspecified \1", text)
    else:
        text = _NOT_SPECIFIED.sub(r"unspecified \1", title)
    if "'" in text or "\u2019" in text:  # "Swimmer's ear": no "s" a query leaves out
        text = possessive(text)
    # Interned: the cache holds up to 300,000 titles, made of a few thousand distinct words.
    # A capital "A" after a word is a type letter ("Hepatitis A", "Vitamin A deficiency"),
    # not the article: a word, so that "Hepatitis A" no longer reads as "Hepatitis" whole.
    stop = _BUT_LETTER if " A" in title and _TYPE_LETTER.search(title) else STOPWORDS
    # Each word interned, with its stem and root, in one look-up (``_Words``).
    keys = list(map(title_words.__getitem__, filterfalse(
        stop.__contains__, _WORD.findall(text) if ascii_title else tokens(text))))
    raw = tuple(map(_WORD_OF, keys))
    # Most titles have no free or context word: they share ``raw`` and the empty tuple
    # rather than hold copies.
    counted = tuple(t for t in raw if t not in FREE_WORDS) if FREE_WORDS.intersection(raw) else raw
    context = () if CONTEXT_WORDS.isdisjoint(raw) else tuple(t for t in raw if t in CONTEXT_WORDS)
    stems = frozenset(map(_STEM_OF, keys))
    roots = frozenset(map(_ROOT_OF, keys))  # ``with_roots``, inline
    return _new_analysed((raw, stems if roots <= stems else stems | roots, " ".join(raw),
                          counted, context))


# A NamedTuple made from a tuple in C, not through its generated ``__new__`` (a cache miss
# makes one of each per title).
_new_analysed = partial(tuple.__new__, Analysed)
_WORD = re.compile(r"[a-z0-9]+")  # ``text.tokens`` of lowered ASCII text


class _Words(dict[str, tuple[str, str, str]]):
    """A title word interned, its ``stem`` and that stem's root (``text.derived``), by word:
    one look-up where ``analyse`` of a title met for the first time called ``intern``,
    ``stem`` and ``derived`` for each of its words (a fifth of it)."""

    def __missing__(self, word: str) -> tuple[str, str, str]:
        if len(self) >= KEYS_CACHE:
            self.clear()
        s = stem(word)
        found = self[word] = (intern(word), s, derived(s))
        return found


title_words = _Words()
_WORD_OF, _STEM_OF, _ROOT_OF = itemgetter(0), itemgetter(1), itemgetter(2)


def with_roots(stems: frozenset[str]) -> frozenset[str]:
    """``stems`` and their ``derived`` roots: "Hypertensive urgency" says "htn urgency"."""
    roots = frozenset(map(derived, stems))
    return stems if roots <= stems else stems | roots


@lru_cache(maxsize=100_000)
def term_words(terms_json: str) -> tuple[tuple[str, ...], frozenset[str], str]:
    """Content words and stems of a concept's searchable terms, and the words joined by
    spaces (``SlotTests.mask``)."""
    words: list[str] = []
    for term in columns.load(terms_json):
        if term.get("kind") in SEARCHED_TERMS:
            stop = stopwords_of(term["text"])
            words.extend(t for t in tokens(term["text"]) if t not in stop)
    return tuple(words), with_roots(frozenset(stem(w) for w in words)), " ".join(words)


_NONESSENTIAL = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# A whole word or words in parentheses or brackets, not part of a word ("(teno)synovitis").
_MODIFIER = re.compile(r"(?<!\w)(?:\([^()]*\)|\[[^\[\]]*\])(?!\w)")


@lru_cache(maxsize=100_000)
def nonessential(title: str) -> frozenset[str]:
    """The words a diagnosis title says only in parentheses or brackets: the classification's
    nonessential modifiers and glosses ("accidental (unintentional)", "Essential (primary)
    hypertension"), which are no detail a query lacks. (ICD-10-PCS titles put abbreviations
    there: "Computerized Tomography (CT Scan)".)"""
    if "(" not in title and "[" not in title:
        return frozenset()
    core = set(tokens(_MODIFIER.sub(" ", title.lower())))
    return frozenset(t for t in tokens(title.lower()) if t not in core)
# Notes that list what a code covers (ICD-10-CM puts a category's "includes" there).
INCLUDES_NOTES = frozenset({"includes"})


@lru_cache(maxsize=100_000)
def plain_forms(
    terms_json: str, notes_json: str
) -> tuple[tuple[tuple[str, ...], frozenset[str], str], ...]:
    """What the code's terms and "includes" notes name, as content words, without the
    classification's conventions: nonessential modifiers in parentheses and "NOS"
    ("hypertension (arterial) (benign) ..." and "diabetes NOS" name plain hypertension and
    diabetes), each with its stems and its words joined by spaces."""
    out: list[tuple[tuple[str, ...], frozenset[str], str]] = []
    texts = [t["text"] for t in columns.load(terms_json) if t.get("kind") in SEARCHED_TERMS]
    if notes_json != "[]":
        texts += [n["text"] for n in columns.load(notes_json) if n.get("kind") in INCLUDES_NOTES]
    for text in texts:
        stop = stopwords_of(text)
        words = tuple(w for w in tokens(_NONESSENTIAL.sub(" ", text))
                      if w not in stop and w != "nos")
        if words:
            out.append((words, frozenset(map(stem, words)), " ".join(words)))
    return tuple(out)


@lru_cache(maxsize=100_000)
def nos_forms(terms_json: str) -> tuple[frozenset[str], ...]:
    """The stems of what a code's terms name "NOS" ("Fracture NOS", "Burn NOS",
    "Fracture of tibia NOS"): the classification's own word for its general code."""
    out = []
    for term in columns.load(terms_json):
        if term.get("kind") not in SEARCHED_TERMS:
            continue
        words = tokens(_NONESSENTIAL.sub(" ", term["text"]))
        if "nos" in words:
            stop = stopwords_of(term["text"])
            out.append(frozenset(stem(w) for w in words if w not in stop and w != "nos"))
    return tuple(out)


# Clause marks of a title. "in" and "of" end a "without" clause ("without complications in
# remission", "without foreign body of left hand"), except ICD-9-CM's "without mention of".
_CLAUSE = re.compile(r"(\bwith\b|\bwithout\b|\bin\b|\bof\b|,)", re.IGNORECASE)
_WITH = re.compile(r"\bwith\b")


@lru_cache(maxsize=300_000)
def qualifiers(title: str) -> tuple[bool, frozenset[str], frozenset[str]]:
    """Whether "unspecified" qualifies what the title names (before its first "with"), and
    the words its "without" clauses and "non-" prefixes say are absent, with their stems.

    "Type 2 diabetes mellitus with diabetic neuropathy, unspecified" leaves the neuropathy
    open, not the diabetes: a query for the diabetes should not prefer it. "... without
    complications" names nothing more than the condition itself, so its words are not extra
    detail, nor a complication code's context; and "Vomiting without nausea" is no answer
    to "nausea".
    """
    if (title.isascii() and "without" not in (low := title.lower())
            and "non-" not in low and "non " not in low):
        # No "without" clause (98% of titles): only the head, before the first "with", is
        # read (a tenth of the time of the clause-by-clause reading below, the same answer).
        if "with" in low and (first := _WITH.search(low)):
            low = low[: first.start()]
        return _UNSPECIFIED_HEAD if "unspecified" in low and "unspecified" in tokens(low) \
            else _PLAIN_HEAD
    head_unspecified = False
    absent: set[str] = set()
    present: set[str] = set()
    state = "head"
    said: list[str] = []  # the words of the current "without" clause
    for piece in _CLAUSE.split(title):
        low = piece.lower()
        if low in ("with", "without"):
            state, said = low, []
        elif low == "of" and (state != "without" or said == ["mention"]):
            continue
        elif low in (",", "in", "of"):
            # A comma after a "without" clause returns to the head: "Abdominal aortic aneurysm,
            # without rupture, unspecified" leaves the aneurysm unspecified, as "..., ruptured,
            # unspecified" does.
            state = ("head" if low == "," and state == "without" and said
                     else "after" if state == "without" or (low == "," and state != "head")
                     else state)
        else:
            words = [w for w in tokens(piece) if w not in STOPWORDS]
            if "non" in words:  # "Other non-diabetic retinopathy" is no answer to "diabetic"
                nons = {b for a, b in pairwise(words) if a == "non"}
                absent.update(nons)
                words = [w for w in words if w not in nons and w != "non"]
            if state == "without":
                absent.update(words)
                said += words
                continue
            present.update(words)
            if state == "head" and "unspecified" in words:
                head_unspecified = True
    absent -= present
    if not absent:  # most titles: one shared answer each, not 300,000 copies in the cache
        return _UNSPECIFIED_HEAD if head_unspecified else _PLAIN_HEAD
    return head_unspecified, frozenset(absent), with_roots(frozenset(map(stem, absent)))


_PLAIN_HEAD: tuple[bool, frozenset[str], frozenset[str]] = (False, frozenset(), frozenset())
_UNSPECIFIED_HEAD: tuple[bool, frozenset[str], frozenset[str]] = (True, frozenset(), frozenset())
