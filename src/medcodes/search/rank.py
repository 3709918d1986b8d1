"""Re-ranking of word candidates: BM25 from FTS5 plus what a coder expects.

BM25 alone favours short documents that repeat a word; a coder wants the code whose *title*
says what was asked, the general (unspecified) code before rare specifics, and current
systems before retired ones. Each feature below is one of those expectations.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import filterfalse, pairwise
from operator import attrgetter, itemgetter, mul
from sys import intern
from typing import NamedTuple

from medcodes.catalog import columns
from medcodes.search.companions import companion_stems
from medcodes.search.course import asked as course_asked
from medcodes.search.defaults import default_kind as kind_default_of
from medcodes.search.defaults import unsaid_kinds
from medcodes.search.incidental import (
    AFTER_CUES,
    CAUSE_AFTER_INJURY,
    CIRCUMSTANCE_PARTIAL_DROP,
    INJURY_ANY_KIND,
    INJURY_CUES,
    INJURY_NATURES,
    INJURY_UNSAID_DROP,
    INTENT_CUES,
    INTENT_UNSAID_DROP,
    circumstance,
    external_cause,
    injury,
    injury_words,
    intent,
)
from medcodes.search.index import TERM_KINDS as SEARCHED_TERMS
from medcodes.search.procedure_intent import names_a_procedure, reports_a_procedure
from medcodes.search.query import Slot
from medcodes.search.status import CONTEXT_WORDS, STATUS_BONUS, said_in_title
from medcodes.search.status import asked as status_asked
from medcodes.search.text import STOPWORDS, derived, possessive, query_tokens, stem, tokens

# Words whose presence in a title does not make it more specific than the query asked for.
FREE_WORDS = frozenset({"unspecified", "nos", "initial", "encounter"})
SPECIFIC_WORDS = frozenset({"other", "specifi", "specified", "oth"})
LEGACY_SYSTEMS = frozenset({"icd9cm", "icd9pcs"})
WITH_WORDS = frozenset({"with", "w"})  # "w" as the CMS short titles write it
NEGATIONS = frozenset({"without", "wo", "no", "not", "non"})
EXACT_TERM = 1.5  # a term naming exactly the query (an exact title earns 2)
DIAGNOSIS_SYSTEMS = frozenset({"icd10cm", "icd9cm"})
# What a diagnosis code loses when the query asks for a procedure (docs/searching.md: 0.6 until
# session 17; 0.8 and 1.0 measured alike on the open bench sets).
ACT_DIAGNOSIS_DROP = 0.8
# The mirror: a query that says the person has or had what it names ("s/p appendectomy",
# "I'm on dialysis") asks for the status it leaves, not the procedure codes that report doing
# it now. They drop more than a retired system's code (1.0 left "Resection of Appendix, Open
# Approach", which says every word and no other, 0.02 above Z90.49).
# The systems whose codes report procedures (CPT and HCPCS when imported; not LOINC's tests).
PROCEDURE_SYSTEMS = frozenset({"icd10pcs", "icd9pcs", "cpt", "hcpcs"})
STATUS_PROCEDURE_DROP = 1.5
PREFIX_ONLY = 0.9  # a word being typed that a title only begins counts this much of the word
# ... less up to this much when the word the title has is a rare way to finish the letters
# typed (Slot.likely): "pneum" is the start of Pneumonia before Pneumocystosis.
PREFIX_RARE = 0.1
# In a search (not the typeahead), a whole word typed last that titles only begin: "home"
# in Homelessness, "mass" in Massive. A user who stopped there meant the word.
PREFIX_WHOLE = 0.6
# A title that says only a later sense of an ambiguous abbreviation (data/abbreviations.tsv
# lists the commonest first): "PE" is pulmonary embolism before premature ejaculation.
LATER_SENSE_DROP = 0.3
# Short-title abbreviations whose sense is a qualifier ("NEC": other) are read by the
# query's other words (query._senses_in_context), not by their order.
QUALIFIER_SENSES = frozenset({frozenset({"other"}), frozenset({stem("unspecified")})})
HEADING = 0.6  # a query word only the code's category title says counts this much of it
KIND_DEFAULT = 0.01  # the kind a condition takes when unsaid (search.defaults): a tie-break
# A title of a kind its condition is only when said ("Stress fracture" for "broken fibula"), as
# much below as a context word unsaid (search.defaults ``unsaid_kinds``).
KIND_EXCEPTION = 0.2
# A title that starts with what was asked names that thing; one that ends with it names a kind
# of it (R55 "Syncope and collapse" before R05.4 "Cough syncope" for "syncope").
LEADS = 0.05
# A title that says the words typed, and only "unspecified" besides, where a lay phrase or an
# abbreviation of the query also reads as other words: "kidney failure" is N19 "Unspecified
# kidney failure" before N18.9 "Chronic kidney disease, unspecified" of its lay reading, as
# the index has it (both say all they are asked, and the reading's longer title won on BM25).
# A code that is reported: a heading of the words typed ("Adrenogenital disorders") stays
# after its "..., unspecified" code. Not the ICD-9 titles, which follow the current ones.
TYPED_EXACT = 0.4
READINGS = frozenset({"lay", "abbreviation"})
# A title that says the course the query says in other words ("keeps coming back":
# recurrent, "for months": chronic; search.course).
COURSE_BONUS = 0.5
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
    # The concept's ``Facts``, once read, in a one-item list its kept row shares with every
    # candidate made from it (``engine._compact``); None: not from a kept row.
    memo: list[Facts | None] | None = None


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


def _unspecified_what(raw: tuple[str, ...], asked: Callable[[str], bool]) -> int:
    """1 when the word after "unspecified" was not asked for: in "Pneumonia, unspecified
    organism" the organism is what the code leaves open, not a detail the query lacks."""
    if "unspecified" not in raw[:-1]:
        return 0
    after = raw[raw.index("unspecified") + 1]
    return 0 if after in FREE_WORDS or asked(after) else 1


# The axes a general code leaves open, said after "unspecified": "Pneumonia, unspecified
# organism" says pneumonia and nothing more; "Osteomyelitis of unspecified orbit" still says
# the orbit, and "Unspecified maternal hypertension" the mother.
OPEN_AXES = frozenset(
    "organism site sites degree part parts side type cause region location stage severity"
    " duration trimester laterality nature".split())


def _left_open(raw: tuple[str, ...], asked: Callable[[str], bool]) -> bool:
    """Is the one word a title says beyond the query the axis it leaves open (``OPEN_AXES``,
    after an "unspecified" that does not start the title)?"""
    if "unspecified" not in raw[1:-1]:
        return False
    after = raw[raw.index("unspecified", 1) + 1]
    return after in OPEN_AXES and not asked(after)




def system_drop(system: str, operating: bool, implied: frozenset[str]) -> float:
    """What a code of ``system`` loses for the kind of code the query asks for: a diagnosis
    when it names a procedure, a procedure when it speaks of what the person has or had."""
    if operating and system in DIAGNOSIS_SYSTEMS:
        return ACT_DIAGNOSIS_DROP
    if implied and system in PROCEDURE_SYSTEMS:
        return STATUS_PROCEDURE_DROP
    return 0.0


class Typing(NamedTuple):
    """The word being typed (the query's last, at ``slot``) and how likely each word
    it may stand for is, relative to the likeliest (``Slot.likely``)."""

    slot: int
    likely: dict[str, float]
    prefixes: tuple[str, ...]  # matched as a prefix; () when the slot lists its words
    letters: str  # the word as typed, stemmed: a title that says it says the word itself
    whole: bool = False  # a whole catalog word, searched (Slot.whole)

    def guessed(self, words: tuple[str, ...], stems: frozenset[str]) -> bool:
        """Do ``words`` say the letter or unsearchable prefix typed only by a word it stands
        for? Then they cannot say exactly what was asked ("hep c": "Congenital cirrhosis
        (of liver)" says two c-words, neither of which was typed)."""
        return (not self.prefixes and self.letters not in stems
                and any(w in self.likely for w in words))


def rerank(
    candidates: list[Candidate], slots: list[Slot], query_text: str,
    weights: list[float] | None = None, top: float | None = None,
    unsaid: dict[str, int] | None = None, headings: Mapping[tuple[str, str], str] | None = None,
    diagnoses_only: bool = False,
) -> None:
    """Score candidates in place. ``weights`` (one per slot, IDF) make a rare word's match
    count for more than a common word's; ``top`` is the BM25 that scales to 1 (the best
    candidate's, unless candidates join a pool already scored). ``unsaid`` holds, by system,
    the slots (bit ``i`` for slot ``i``) no code of that system says: its codes are scored
    on the others ("abscess" in "I&D perianal abscess": ICD-10-PCS drains the anus).
    ``headings`` holds the titles of the diagnosis categories (system, 3-character code): a
    code is read under its category's title, as the tabular list is ("Right lower quadrant
    pain" is under R10 "Abdominal and pelvic pain"). ``diagnoses_only``: the search is
    filtered to systems of diagnoses, so a procedure the words name lowers none of them (every
    candidate would drop alike, and the word ranking would look less sure than it is)."""
    if not candidates:
        return
    stems = slot_stems(slots)
    weights = weights or [1.0] * len(stems)
    total_weight = sum(weights) or 1.0
    query_stems = {t for alts in stems for toks, _ in alts for t in toks}
    # The roots of the query's whole words: a title saying "hypertensive" asks nothing more
    # of "hypertension" (text.derived).
    # A last word typed whole (the commonest word its letters begin: "diabetic") is a word too.
    whole = frozenset(i for i, s in enumerate(slots) if s.prefix and (
        s.whole or (s.likely and s.likely.get(s.text.lower()) == 1.0)))
    query_roots = frozenset(derived(toks[0]) for i, alts in enumerate(stems)
                            for toks, typing in alts if len(toks) == 1 and (not typing or i in whole))
    typed_words = query_tokens(query_text)
    query_norm = " ".join(t for t in typed_words if t not in STOPWORDS)
    # "hepatitis a", "vitamin a deficiency": an "a" after a word may be a type letter, which
    # titles keep as a word (``analyse``): asked, and a title's whole when it says it there.
    letter_norm = query_norm
    if LETTER in typed_words[1:]:
        letter_norm = " ".join(t for i, t in enumerate(typed_words)
                               if t not in STOPWORDS or (t == LETTER and i))
    default_kind = kind_default_of(query_stems)
    exceptions = unsaid_kinds(query_stems)
    # The default kind's words are asked when the query says none of them: "alcohol poisoning"
    # says T51.0X1 "Toxic effect of ethanol, accidental (unintentional)" whole; "type 1
    # diabetes" says a type, and "type 2" stays unasked.
    asked_stems = (query_stems | default_kind
                   if default_kind and query_stems.isdisjoint(default_kind) else query_stems)
    if letter_norm is not query_norm:
        asked_stems = asked_stems | {LETTER}
    course = course_asked(query_text)
    if course:
        asked_stems = asked_stems | course
    # "skin disease": L98.9 "Disorder of the skin and subcutaneous tissue" adds no more than
    # the skin's system (search.companions).
    companions = companion_stems(query_stems)
    if companions:
        asked_stems = asked_stems | companions
    lead_stems = frozenset(stem(t) for t in query_norm.split() if t not in FREE_WORDS)
    # Is the query read as other words too (a lay phrase, an abbreviation)?
    read_as = any(alt.kind in READINGS for slot in slots for alt in slot.alternatives)
    len_unspecified = len(query_norm) + len(" unspecified")  # its title with "unspecified"
    n_lead = len(lead_stems)
    if top is None:
        top = max(map(_BM25, candidates)) or 1.0
    n_slots = max(len(stems), 1)
    query_specific = bool(query_stems & SPECIFIC_WORDS)
    typed = set(typed_words)
    says_with = bool(typed & WITH_WORDS)
    negated = bool(typed & NEGATIONS)
    # "I have a pacemaker", "had polio as a child": status and history words are asked.
    implied = status_asked(query_text)
    operating = names_a_procedure(slots, query_text)
    # "had a tooth pulled": the procedure, not the history the tense would read.
    reported = reports_a_procedure(slots, query_text)
    operating = (operating or reported) and not diagnoses_only
    # Did the query ask for a title word? (cached: titles share most words)
    asked_cache = _Asked(asked_stems, query_roots, tuple(query_stems))
    asked = asked_cache.__getitem__
    # The fewest words a title that says the course adds to the query: a title that does not
    # say it, and adds as many, is no exact answer ("tonsillitis keeps coming back": J03.9
    # Acute tonsillitis beside J03.91 Acute recurrent tonsillitis); one that adds fewer still
    # is ("headaches for months": R51.9 Headache beside G44.02 Chronic cluster headache).
    course_fewest = _course_fewest(candidates, course, asked) if course else NO_COURSE

    tests = SlotTests(stems, whole)
    # Does any reading of the query say an injury (or a word the injury titles are told by)?
    no_injury = INJURY_CUES.isdisjoint(query_stems) and INJURY_CUES.isdisjoint(
        map(stem, typed_words))
    # The slots that name an injury, its kind or the part hurt (a reading of nothing else:
    # "door" read as W23's "caught crushed jammed pinched" is how), when one names its kind:
    # a part alone ("spilled hot tea on my thigh") may be hurt in any way, and S72.9 Fracture
    # of femur says the thigh. An external cause that does not say them all follows the best
    # injury code that does (incidental.CAUSE_AFTER_INJURY).
    hurt = injury_words()
    told = [[toks for toks, _ in alts if toks and hurt.issuperset(toks)] for alts in stems]
    told_words = {t for alts in told for toks in alts for t in toks}
    injury_slots = sum(1 << i for i, alts in enumerate(told) if alts) if (
        not told_words.isdisjoint(INJURY_NATURES - INJURY_ANY_KIND)
        or (not told_words.isdisjoint(INJURY_ANY_KIND) and not told_words <= INJURY_NATURES)
    ) else 0
    best: Candidate | None = None  # the best injury code that says them all
    causes: list[Candidate] = []  # the external causes that do not
    # A condition said before the mishap it came after ("back pain after a car accident"):
    # the external causes and the other codes, with the slots each says (CONDITION_BEFORE_CAUSE).
    after = not AFTER_CUES.isdisjoint(typed)
    told_causes: list[tuple[Candidate, int]] = []
    conditions: list[tuple[Candidate, int]] = []
    # Does any reading say an intent other than an accident (an assault, a self-harm, ...)?
    no_intent = INTENT_CUES.isdisjoint(query_stems) and INTENT_CUES.isdisjoint(
        map(stem, typed_words))
    # Slots of an abbreviation with several senses: (bit, its first sense's stems, the others').
    senses = [(1 << i, meant[0], meant[1:]) for i, meant in (
        (i, [frozenset(toks) for alt, (toks, _) in zip(slot.alternatives, stems[i], strict=True)
             if alt.kind == "abbreviation"]) for i, slot in enumerate(slots))
        if len(meant) > 1 and QUALIFIER_SENSES.isdisjoint(meant)]
    # The word being typed and how likely each of its completions is (one slot: the last),
    # matched as a prefix, or by the words it stands for (a letter, a prefix the index cannot
    # match: completion.Completer), unless a title says the letters themselves.
    being_typed = next(
        (Typing(i, s.likely, (stem(s.text.lower()),) if s.prefix else (), stem(s.text.lower()),
                s.whole)
         for i, s in enumerate(slots) if s.likely), None)
    # (slots the title says, slots only a term says, slots only the category title says,
    # slots only begun, how the word being typed counts, slots the system says) -> (slots covered, coverage): a query meets few
    # such patterns, so each is summed once.
    coverage_of: dict[tuple[int, int, int, int, float, int], tuple[int, float]] = {}
    full = tests.full
    # (system, category code) -> (slots its title says, of which by prefix)
    head_masks: dict[tuple[str, str], tuple[int, int]] = {}
    needed = {system: full & ~mask for system, mask in (unsaid or {}).items()}
    mask = tests.mask
    key_hits, by_stem, slow = tests.keys.intersection, tests.by_stem, tests.slow
    typed_whole = PREFIX_WHOLE if being_typed is not None and being_typed.whole else PREFIX_ONLY
    typed_bit = -1 if being_typed is None else being_typed.slot
    # ``being_typed.share`` of a title, by word (a C-level max over its words, not a list
    # built per title), when the title does not say the letters themselves.
    shares = _Shares(being_typed).__getitem__ if being_typed is not None else None
    typed_letters = "" if being_typed is None else being_typed.letters
    legacies: list[Candidate] = []  # the retired systems' codes (``_after_current``)
    has_course = bool(course)
    # ``Typing.guessed`` is False of any words while the word typed is matched as a prefix.
    guessing = being_typed is not None and not being_typed.prefixes
    exact_norms = frozenset((query_norm, letter_norm))  # a title that is the query
    for c in candidates:
        # The facts its kept row holds (``Candidate.memo``), else from the ``facts`` cache,
        # whose look-up hashed and compared five strings and relinked its order: a fifth of
        # the loop, for concepts that recur from query to query.
        memo = c.memo
        if memo is None:
            fact = facts(c.title, c.short_title, c.system, c.code, c.kind)
        elif (fact := memo[0]) is None:  # type: ignore[assignment]
            fact = memo[0] = facts(c.title, c.short_title, c.system, c.code, c.kind)
        # One unpacking of the facts, not a named look-up of each field.
        (said_view, kept_view, norm, counted, context_words, f_head_unspecified, absent,
         says_unspecified, legacy, f_circumstance, f_injury, f_heading, f_diagnosis,
         kind_drop, f_intent, f_external) = fact
        # A query that says "without" or "no" reads the title's absent words as said.
        raw, title_stems, line, more, first_stem = said_view if negated else kept_view
        # "nausea with vomiting": the "with" clause is what was asked
        head_unspecified = says_unspecified if says_with else f_head_unspecified
        # ``tests.mask(title_stems, line, more)``, inline: most titles end at the set
        # intersections, without a call.
        in_title = 0
        for hit in key_hits(title_stems):
            in_title |= by_stem[hit]
        if more is not None:
            for hit in key_hits(more[0]):
                in_title |= by_stem[hit]
        typed_on = 0
        for bit, prefixes, spaced, groups in slow:
            if in_title & bit:
                continue
            if prefixes and (line.startswith(prefixes) or any(map(line.__contains__, spaced))
                             or (more is not None and (more[1].startswith(prefixes) or any(
                                 map(more[1].__contains__, spaced))))):
                in_title |= bit
                typed_on |= bit
            elif groups:
                every = title_stems if more is None else title_stems | more[0]
                if any(map(every.issuperset, groups)):
                    in_title |= bit
        sayable = needed.get(c.system, full) if needed else full
        title_says_all = (in_title & sayable) == sayable
        in_terms = 0
        t_stems = _NO_STEMS
        if not title_says_all and c.terms_json != "[]":
            # An inclusion or index term that says what the title does not counts, a little
            # less than the title ("gouty arthritis" is an inclusion term of M10 Gout).
            _, t_stems, t_line = term_words(c.terms_json)
            in_terms = mask(t_stems, t_line) & ~in_title
            typed_on |= tests.by_prefix & in_terms
        in_head = 0
        if headings and (in_title | in_terms) != full and f_heading is not None:
            # What the category's title says counts, less than a term.
            said_by_head = head_masks.get(f_heading)
            if said_by_head is None:
                heading = headings.get(f_heading)
                if heading:
                    head = analyse(heading)
                    said_by_head = (mask(head.stems, head.norm), tests.by_prefix)
                else:
                    said_by_head = _NO_HEADING
                head_masks[f_heading] = said_by_head
            in_head = said_by_head[0] & ~in_title & ~in_terms
            typed_on |= said_by_head[1] & in_head
        # A word being typed that the title finishes a rare way ("pneum": Pneumocystosis)
        # counts less.
        typed_as = typed_whole
        if (typed_bit >= 0 and (typed_on | in_title) >> typed_bit & 1
                and typed_letters not in title_stems):
            share = max(map(shares, raw), default=_UNSAID)  # type: ignore[arg-type]
            if _UNSAID < share < 1.0:
                typed_on |= 1 << typed_bit
                typed_as -= PREFIX_RARE * (1.0 - share)
        key = (in_title, in_terms, in_head, typed_on, typed_as, sayable)
        got = coverage_of.get(key)
        if got is None:
            # A word being typed that the title only begins ("mass" in "Massage") counts a
            # little less than the word itself: the word may be all the user meant.
            hits = [(1.0 if in_title >> i & 1 else 0.8 if in_terms >> i & 1
                     else HEADING if in_head >> i & 1 else 0.0)
                    * (typed_as if typed_on >> i & 1 else 1.0) for i in range(len(stems))]
            if sayable != full:  # slots this system never says count neither way
                hits = [h for i, h in enumerate(hits) if sayable >> i & 1]
                said_weights = [w for i, w in enumerate(weights) if sayable >> i & 1]
            else:
                said_weights = weights
            denominator = (sum(said_weights) or 1.0) if sayable != full else total_weight
            got = coverage_of[key] = (
                sum(1 for h in hits if h),
                sum(map(mul, said_weights, hits)) / denominator,
            )
        covered, coverage = got
        c.coverage = coverage
        incidental = covered < n_slots and f_circumstance
        harmless = no_injury and f_injury
        # Counted with C-level map/sum over the title's cached word tuples (a word met for
        # the first time worked out by ``_Asked.__missing__``): a Python loop per title word
        # was a fifth of the re-rank.
        unasked = len(counted) - sum(map(asked, counted))
        context = (len(context_words) - sum(map(query_stems.__contains__, context_words))
                   if context_words else 0)
        if implied:
            # Status and history words the query asks for by how it speaks: neither unasked
            # nor context, and a status or history code gains.
            said, is_status = said_in_title(raw, implied)
            unasked -= sum(1 for w in said if not asked(w))
            context -= sum(1 for w in context_words if w in said and w not in query_stems)
            score_status = STATUS_BONUS if is_status and not reported else 0.0
        else:
            score_status = 0.0
        extra = unasked - (_unspecified_what(raw, asked) if head_unspecified else 0)
        score = 0.6 * c.bm25 / top + 2.0 * coverage
        if covered == n_slots:
            score += 1.0
        says_course = has_course and not course.isdisjoint(title_stems)
        if not says_course and unasked >= course_fewest:
            pass  # the query says a course this title does not: no exact answer
        elif norm in exact_norms:
            score += 0.5 if legacy else 2.0
        elif (title_says_all and not absent and not legacy
              and unasked <= (head_unspecified and _left_open(raw, asked))
              and not (guessing and being_typed.guessed(raw, title_stems))):  # type: ignore[union-attr]
            # The title says what was asked and nothing more, as an expansion or correction
            # reads the query (E11 "Type 2 diabetes mellitus" for "T2DM"); what it leaves
            # unspecified is no more ("Pneumonia, unspecified organism" for "pneumonia").
            score += 2.0
        elif ((in_title | in_terms) & sayable == sayable
              and (c.terms_json != "[]" or c.notes_json != "[]")
              # A query naming an operation, and no status, asks for the procedure: a status
              # code's term for it is the status ("hip replacement": Z96.64's "Hip-joint
              # replacement" is the artificial joint there, after the 0SR9/0SRB operation).
              and not (operating and f_diagnosis) and any(
            all(map(asked, form))  # C-level, not a generator per form
            and (mask(form_stems, form_line) & sayable) == sayable
            and not (guessing and being_typed.guessed(form, form_stems))  # type: ignore[union-attr]
            for form, form_stems, form_line in plain_forms(c.terms_json, c.notes_json)
        )):
            # A term or "includes" note that names exactly what was asked: I10 for
            # "hypertension", E11 for "diabetes" (its "diabetes NOS"), as the index would.
            score += 0.5 if legacy else EXACT_TERM
        score -= 0.1 * extra
        if read_as and (norm == query_norm or (
                says_unspecified and len(norm) == len_unspecified and _twin(norm) == query_norm)
        ) and c.billable and not legacy:
            score += TYPED_EXACT
        if default_kind and default_kind <= title_stems:
            score += KIND_DEFAULT
        if exceptions and not exceptions.isdisjoint(title_stems):
            score -= KIND_EXCEPTION
        if says_course:
            score += COURSE_BONUS
        if n_lead and raw and (first_stem in lead_stems or raw[0] in FREE_WORDS):  # cheap
            lead = [w for w in raw if w not in FREE_WORDS][:n_lead]
            if len(lead) == n_lead and frozenset(map(stem, lead)) == lead_stems:
                score += LEADS
        # Words that turn a condition into a status, history or complication code: a query
        # that does not say them does not mean them.
        score -= 0.2 * context
        score += score_status
        if not query_specific and head_unspecified:
            # "Pneumonia, unspecified organism" for "pneumonia", as a coder would choose.
            score += 0.15
        if operating or implied:
            score -= system_drop(c.system, operating, frozenset() if reported else implied)
        if incidental:
            score -= CIRCUMSTANCE_PARTIAL_DROP
        if harmless:
            score -= INJURY_UNSAID_DROP
        if no_intent and f_intent:
            score -= INTENT_UNSAID_DROP
        if legacy:
            score -= 1.0
            legacies.append(c)
        if senses:
            for bit, first, later in senses:
                if (in_title | in_terms) & bit:
                    says = title_stems | t_stems
                    if not first <= says and any(other <= says for other in later):
                        score -= LATER_SENSE_DROP
        c.score = score - kind_drop
        if after and not f_circumstance and not f_injury:
            (told_causes if f_external else conditions).append((c, in_title | in_terms | in_head))
        if injury_slots and not f_circumstance:
            says_hurt = (in_title | in_terms | in_head) & injury_slots == injury_slots
            if says_hurt and f_injury:
                if best is None or c.score > best.score:
                    best = c
            elif not says_hurt and f_external:
                causes.append(c)
    if causes and best is not None:
        # The injury goes before the causes; they and every other code keep their places.
        top_cause = max(c.score for c in causes)
        if top_cause >= best.score:
            best.score = top_cause + CAUSE_AFTER_INJURY
    elif told_causes and conditions:
        # The "after" itself is said by neither ("back pain after a car accident").
        cue_bits = sum(1 << i for i, slot in enumerate(slots) if slot.text.lower() in AFTER_CUES)
        _condition_before_cause(told_causes, conditions, full & ~cue_bits)
    _after_current(candidates, legacies)
    sort_ranked(candidates)


def _condition_before_cause(causes: list[tuple[Candidate, int]],
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


def _twin(norm: str) -> str:
    """A title's words without "unspecified": ICD-9-CM 791.0 "Proteinuria" says what
    R80.9 "Proteinuria, unspecified" does."""
    return " ".join(w for w in norm.split() if w != "unspecified") if "unspecified" in norm else norm


def _after_current(candidates: list[Candidate], legacy: list[Candidate] | None = None) -> None:
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
    """A title's ``_twin`` of its normalised words (``analyse``), by title: one dictionary
    look-up per candidate, where ``facts`` hashed five fields (``_after_current`` reads every
    candidate of a query that found an ICD-9 code)."""

    def __missing__(self, title: str) -> str:
        if len(self) >= KEYS_CACHE:
            self.clear()
        found = self[title] = _twin(analyse(title).norm)
        return found


twin_keys = _TwinKeys()


_NO_STEMS: frozenset[str] = frozenset()
_NO_HEADING = (0, 0)  # a code whose category the catalog lacks says nothing by its heading


NO_COURSE = 1 << 30


def _course_fewest(candidates: list[Candidate], course: frozenset[str],
                   asked: Callable[[str], bool]) -> int:
    """The fewest unasked words of a candidate's title that says the ``course``."""
    fewest = NO_COURSE
    for c in candidates:
        f = facts(c.title, c.short_title, c.system, c.code, c.kind)
        if not course.isdisjoint(f.kept.stems):
            fewest = min(fewest, len(f.counted) - sum(map(asked, f.counted)))
    return fewest


_UNSAID = -math.inf  # a word that stands for no word being typed (``_Shares``)


class _Shares(dict[str, float]):
    """How likely each title word is as what the word being typed stands for (its
    ``Slot.likely``, 0.0 when unlisted, for a word that begins with the letters matched as a
    prefix; else its listed likelihood), or ``_UNSAID`` when it stands for none, worked out
    when first looked up. A title's share is the largest of its words' (a C-level max, not a
    list built per title); 1.0, no lowering, when it says the letters themselves or no word
    of it stands for them."""

    __slots__ = ("likely", "prefixes")

    def __init__(self, typing: Typing) -> None:
        super().__init__()
        self.likely, self.prefixes = typing.likely, typing.prefixes

    def __missing__(self, word: str) -> float:
        likely = self.likely
        if self.prefixes:
            got = likely.get(word, 0.0) if word.startswith(self.prefixes) else _UNSAID
        else:
            got = likely.get(word, _UNSAID)
        self[word] = got
        return got


class _Asked(dict[str, bool]):
    """Whether the query asked for each title word, worked out when first looked up: by its
    stem, its stem's root, or as the start of a word typed (``str.startswith`` takes every
    query stem at once, in C)."""

    __slots__ = ("roots", "starts", "stems")

    def __init__(self, stems: frozenset[str] | set[str], roots: frozenset[str],
                 starts: tuple[str, ...]) -> None:
        super().__init__()
        self.stems, self.roots, self.starts = stems, roots, starts

    def __missing__(self, word: str) -> bool:
        s, root = word_keys[word]
        # str.startswith(()) is False: no test of ``starts`` being empty first.
        hit = s in self.stems or root in self.roots or word.startswith(self.starts)
        self[word] = hit
        return hit


class _Keys(dict[str, tuple[str, str]]):
    """A title word's stem and that stem's root (``text.derived``), by word: one dictionary
    look-up where two cached calls were, for the words each query meets first."""

    def __missing__(self, word: str) -> tuple[str, str]:
        if len(self) >= KEYS_CACHE:
            self.clear()
        s = stem(word)
        found = self[word] = (s, derived(s))
        return found


KEYS_CACHE = 200_000  # title words' keys kept (the catalog's titles say fewer distinct words)
word_keys = _Keys()


_TITLE, _BM25 = attrgetter("title"), attrgetter("bm25")
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
