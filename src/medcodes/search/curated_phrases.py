"""Curated phrases found in a query's words: the lay, abbreviation, device and variant rows
matched exactly or loosely (by stemmed content words) at a position, a phrase typed as two
words or with a typo, an acronym said in the plural, and the phrases a half-typed last word
may complete. Query reading (``query.parse``) asks here which phrase starts where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from medcodes.search.everyday import (
    FILLERS,
    PEOPLE,
    RELATIVE_PLACES,
    people,
)
from medcodes.search.lay_verbs import owned_particle
from medcodes.search.parsed import Alternative, Lexicon, Slot
from medcodes.search.text import STOPWORDS, stem, tokens
from medcodes.search.vocab import (
    LOOSE_SKIP,
    MEDICINE,
    MEDICINE_STEMS,
    NOT,
    NOT_CONTRACTED,
    OUT_VERBS,
    PAIN,
    PAIN_STEMS,
    PARTICIPLES,
    REMOVED,
    Vocabulary,
    loose_key,
    loose_words,
    same_word,
)

# In a curated expansion a lone letter is meaningful ("hepatitis a", "type i").
EXPANSION_STOPWORDS = STOPWORDS - {"a", "i"}


@dataclass(slots=True)
class _Phrase:
    """A curated phrase found at one position: the slot it makes and the tokens it spans."""

    consumed: int = 0
    words: list[str] = field(default_factory=list)
    slot: Slot | None = None
    expansions: list[dict[str, str]] = field(default_factory=list)
    sides: tuple[str, ...] = ()  # said inside the phrase, searched as words of their own


_NO_PHRASE = _Phrase()
by_consumed = attrgetter("consumed")
# The sides a phrase may be said with inside it ("torn right rotator cuff", "broke my left
# wrist"): the phrase is read without them and they stay words of the query, for the codes of
# that side (search/drill.py).
SIDES = frozenset({"left", "right", "bilateral", "both"})


# Words a particle after them cannot belong to ("been up at night", "really out of breath").
_NOT_VERBS = STOPWORDS | FILLERS | LOOSE_SKIP


_NOBODY: frozenset[int] = frozenset()


def _at_place(words: list[str], j: int) -> bool:
    """Whether ``words[j]`` says where on a part, right before "of" ("the back of my knee")."""
    return words[j] in RELATIVE_PLACES and j + 1 < len(words) and words[j + 1] == "of"


def split_phrase(raw: list[str], i: int, vocab: Vocabulary) -> _Phrase:
    """A curated one-word lay term typed as two words ("knee cap" is kneecap, "tail bone
    pain" the row "tailbone pain", "pre diabetic" prediabetic): the phrase read over the words
    with ``raw[i]`` and ``raw[i + 1]`` written together, spanning both; ``_NO_PHRASE`` if
    none. Without it each half is read alone ("cap" is an abbreviation for pneumonia)."""
    if i + 1 >= len(raw):
        return _NO_PHRASE
    first, second = raw[i], raw[i + 1]
    if (len(first) < 2 or len(second) < 2 or not first.isalpha() or not second.isalpha()
            or first in STOPWORDS or second in STOPWORDS
            or (first + second,) not in vocab.lay):
        return _NO_PHRASE
    merged = [*raw[:i], first + second, *raw[i + 2:]]
    found = max((phrase_at(merged, i, vocab, loose) for loose in (False, True)),
                key=lambda m: m.consumed)
    if not found.consumed:
        return _NO_PHRASE
    return _Phrase(found.consumed + 1, raw, found.slot, found.expansions, found.sides)


@lru_cache(maxsize=20_000)
def _expansion_tokens(expansion: str) -> tuple[str, ...]:
    """A curated expansion's words as a phrase reads them (remembered: the rows are few and
    each query's phrases read them again)."""
    return tuple(t for t in tokens(expansion) if t not in EXPANSION_STOPWORDS)


@dataclass(frozen=True, slots=True)
class _Starts:
    """What a curated phrase can begin with, worked out once per vocabulary: the first words
    of the exact tables' phrases (``lay``, ``abbreviations``, ``devices``, the variants of
    more than one word), each with the length of its longest phrase, and every word of the
    loose tables' keys. A position whose word is in neither starts no phrase, so
    ``phrase_at`` answers it without trying each length, and tries no exact phrase longer
    than its first word's longest."""

    exact: dict[str, int]
    loose: frozenset[str]


_STARTS: dict[int, tuple[Vocabulary, _Starts]] = {}


def _starts(vocab: Vocabulary) -> _Starts:
    known = _STARTS.get(id(vocab))
    if known is not None and known[0] is vocab:
        return known[1]
    exact: dict[str, int] = {}
    phrases = [key for table in (vocab.lay, vocab.abbreviations, vocab.devices)
               for key in table if key]
    # A variant is looked up by its words joined with spaces, which no word holds.
    phrases += [tuple(key.split(" ")) for key in vocab.variants if " " in key]
    for key in phrases:
        exact[key[0]] = max(exact.get(key[0], 0), len(key))
    loose = {w for table in (vocab.lay_loose, vocab.devices_loose) for key in table for w in key}
    found = _Starts(exact, frozenset(loose))
    if len(_STARTS) > 8:
        _STARTS.clear()
    _STARTS[id(vocab)] = (vocab, found)
    return found


def _may_start_loose(word: str, vocab: Vocabulary) -> bool:
    """Can a loose phrase start at ``word`` (``_Starts``)? Only if the loose word it is read
    as (``vocab.loose_words`` of a phrase's first word: its stem, "remov" for a verb before
    "out", "not" for a negation before "t") is a word of some loose key, since every key
    ``phrase_at`` looks up holds it."""
    return not _starts(vocab).loose.isdisjoint(_loose_firsts(word))


def _blocks(words: list[str], j: int, whose: set[int] | frozenset[int],
            known: frozenset[str]) -> bool:
    """Does ``words[j]``, inside a loose phrase, keep it from being any loose key: a word the
    loose key of every reading holds (not a filler, a side, where on a part, whose it is, nor
    the "out" or "t" a verb before it takes), none of whose loose words (``_loose_firsts``)
    any key has?"""
    word = words[j]
    return (word not in FILLERS and word not in SIDES and word not in _JOINED_AFTER
            and not _at_place(words, j) and j not in whose
            and known.isdisjoint(_loose_firsts(word)))


# The words ``vocab.loose_words`` reads into the word before them ("taken out", "isn't").
_JOINED_AFTER = frozenset({"out", "t"})


@lru_cache(maxsize=50_000)
def _loose_firsts(word: str) -> frozenset[str]:
    """The loose words a phrase's word ``word`` may be read as (``vocab.loose_words``):
    its stem, "remov" before "out", "not" before "t", each also as a phrase of more words
    reads it (one of ``PAIN``, ``MEDICINE``, ``REMOVED`` or its ``same_word``)."""
    said = {stem(PARTICIPLES.get(word, word))}
    if word in OUT_VERBS:
        said.add(REMOVED)
    if word in NOT_CONTRACTED:
        said.add(NOT)
    return frozenset(said | {REMOVED if w == "removal" else PAIN if w in PAIN_STEMS
                             else MEDICINE if w in MEDICINE_STEMS else same_word(w)
                             for w in said})


def phrase_at(words: list[str], i: int, vocab: Vocabulary, loose: bool,
               inside: set[int] | frozenset[int] = frozenset()) -> _Phrase:
    """The longest curated phrase starting at ``words[i]``, matched exactly or ``loose``ly
    (by stemmed content words, see ``vocab.loose_key``), a ``loose`` one with the positions
    ``inside`` left out as fillers are; ``_NO_PHRASE`` if none."""
    if loose:
        if not _may_start_loose(words[i], vocab):
            return _NO_PHRASE
        longest = 0
    else:
        longest = _starts(vocab).exact.get(words[i], 0)
        if not longest:  # no exact phrase starts with this word
            return _NO_PHRASE
    whose: set[int] | frozenset[int] = _NOBODY
    if loose:
        if (words[i] in STOPWORDS or words[i] in LOOSE_SKIP
                or owned_particle(words, i, _NOT_VERBS)):
            return _NO_PHRASE
        content = [j for j in range(i, len(words))
                   if words[j] not in STOPWORDS and words[j] not in LOOSE_SKIP]
        # A phrase said with filler inside it ("ears feel plugged after flying") spans as many
        # more words as it holds fillers: they are left out below. So does one said with the
        # person whose it is ("worms in my child's bum" is the row "worms in bum").
        whose = people(words) if not PEOPLE.isdisjoint(words) else _NOBODY
        # And one said with when it comes on inside it ("throwing up after meals on purpose"
        # is the row "throwing up on purpose").
        if inside:
            whose = set(whose) | inside
        limit = meant = 0
        for j in content:
            limit += 1
            meant += words[j] not in FILLERS and not _at_place(words, j) and j not in whose
            if meant == vocab.longest_loose:
                break
        spans = [content[n - 1] + 1 - i for n in range(limit, 0, -1)]
        # A word no loose key can hold, which no reading below leaves out, ends every span
        # that reaches it: no phrase runs through it.
        loose_words_known = _starts(vocab).loose
        end = next((j for j in content[1:limit]
                    if _blocks(words, j, whose, loose_words_known)), None)
        if end is not None:
            spans = [n for n in spans if i + n <= end]
    else:
        spans = list(range(min(longest, vocab.longest_phrase, len(words) - i), 0, -1))
    tables = ((("lay", vocab.lay_loose), ("device", vocab.devices_loose)) if loose else
              (("lay", vocab.lay), ("abbreviation", vocab.abbreviations),
               ("device", vocab.devices)))
    for n in spans:
        phrase = tuple(words[i : i + n])
        if _at_place(words, i + n - 1):
            continue  # "pain at the back of my heel": the heel's back, no back pain
        found: list[Alternative] = []
        expansions: list[dict[str, str]] = []
        key = loose_key(phrase) if loose else phrase
        said = phrase
        sided: tuple[str, ...] = ()  # the words the sides were taken from, if they were
        if loose and key not in vocab.lay_loose and key not in vocab.devices_loose:
            # "passing a lot of wind", "sugar really low": the filler inside a phrase people
            # say is how they say it; a phrase that holds one ("bad breath") is read with it.
            # So is where on the part ("shooting pain down the back of my leg").
            plain = tuple(w for k, w in enumerate(phrase)
                          if w not in FILLERS and not _at_place(words, i + k)
                          and i + k not in whose)
            if plain and plain[0] == phrase[0] and plain[-1] == phrase[-1]:
                key, said = loose_key(plain), plain
            if key not in vocab.lay_loose and key not in vocab.devices_loose:
                bare = tuple(w for w in plain if w not in SIDES)
                if bare and bare[0] == phrase[0] and bare[-1] == phrase[-1]:
                    key, said, sided = loose_key(bare), bare, plain
        for kind, table in tables:
            if (loose and kind == "lay" and key in vocab.lay_order
                    and loose_words(said) not in vocab.lay_order[key]):
                continue  # a phrase said only in its order, said in another ("my back popped")
            for expansion in table.get(key, []):
                toks = _expansion_tokens(expansion)
                if toks and toks != phrase:
                    found.append(Alternative(toks, kind))
                    expansions.append({"from": " ".join(phrase), "to": expansion, "kind": kind})
        if n > 1 and not found and not loose:
            variant = vocab.variants.get(" ".join(phrase))
            if variant:
                found.append(Alternative(tuple(variant.split()), "variant"))
                expansions.append({"from": " ".join(phrase), "to": variant, "kind": "variant"})
        if found:
            original = tuple(t for t in said if t not in STOPWORDS) or said
            slot = Slot(" ".join(phrase), [Alternative(original, "original"), *found])
            return _Phrase(n, words, slot, expansions, tuple(w for w in sided if w in SIDES))
    return _NO_PHRASE


ACRONYM_PLURAL = re.compile(r"\b[A-Z][A-Z0-9]{2,}s\b")


def acronym_plural(word: str, vocab: Vocabulary, lexicon: Lexicon | None) -> _Phrase | None:
    """An acronym typed in capitals and said in the plural ("UTIs", "DVTs", "TIAs") read as
    the acronym, when the plural is no word of the catalog's: coders count what the patient
    had, the titles and the abbreviation file name one. Typed in lower case, the word may
    be an English one ("pets", "lues"), and is left as it is."""
    if (len(word) < 4 or not word.endswith("s") or (word,) in vocab.abbreviations
            or (word[:-1],) not in vocab.abbreviations or lexicon is None
            or lexicon.known(word)):
        return None
    found = phrase_at([word[:-1]], 0, vocab, False)
    if found.slot is None:
        return None
    found.slot.text = word
    return found


@dataclass(slots=True)
class _Completion:
    start: int
    slot: Slot
    expansions: list[dict[str, str]]


COMPLETIONS = 3  # phrases a half-typed last word may complete


def completed_phrase(raw: list[str], vocab: Vocabulary) -> _Completion | None:
    """The curated phrases the query's last words begin, while the last word is being typed
    ("heart att": heart attack, and so myocardial infarction), as one prefix slot over those
    words: the words as typed, each phrase, and what each phrase stands for."""
    if len(raw) < 2 or len(raw[-1]) < 2 or raw[-1].isdigit():
        return None
    for start in range(max(0, len(raw) - vocab.longest_phrase), len(raw) - 1):
        typed = tuple(raw[start:])
        if typed in vocab.lay or typed in vocab.abbreviations:
            return None  # a whole phrase already ("inflamed eye", not "inflamed eyelid")
        phrases = vocab.completions(typed[:-1], raw[-1])[:COMPLETIONS]
        if not phrases:
            continue
        alternatives = [Alternative(typed, "original")]
        expansions: list[dict[str, str]] = []
        for phrase in phrases:
            alternatives.append(Alternative(phrase, "completion"))
            expansions.append({"from": " ".join(typed), "to": " ".join(phrase),
                               "kind": "completion"})
            found = phrase_at(list(phrase), 0, vocab, False)
            if found.slot is not None:
                alternatives.extend(a for a in found.slot.alternatives if a.kind != "original")
                expansions.extend(found.expansions)
        return _Completion(start, Slot(" ".join(typed), alternatives, prefix=True), expansions)
    return None


def phrase_typos(raw: list[str], lexicon: Lexicon | None, vocab: Vocabulary) -> list[str]:
    """The query with each typo-like word read as the curated-phrase word one edit away
    ("hart" -> heart), or ``raw`` itself when no word changes. A word is typo-like when the
    catalog lacks it, holds it only a few times next to a far more common word, or holds it as
    a coder's truncation of a far more common word; a common catalog word is never changed."""
    near = list(raw)
    for i, word in enumerate(raw):
        if len(word) < 4 or word.isdigit() or word in STOPWORDS:
            continue
        if word in vocab.phrase_deletes.get(word, ()):  # itself a phrase word
            continue
        options = vocab.phrase_neighbours(word)
        if not options:
            continue
        if (lexicon is not None and lexicon.known(word) and not lexicon.common_neighbour(word)
                and not lexicon.truncation(word)):  # "catarac surgery": cataract surgery
            continue
        for option in options:  # the first that makes a phrase with its neighbours
            trial = [*near[:i], option, *raw[i + 1 :]]
            if any(near_phrase(trial, raw, j, vocab, loose).consumed > i - j
                   for j in range(max(0, i - vocab.longest_phrase), i + 1)
                   for loose in (False, True)):
                near[i] = option
                break
    return raw if near == raw else near


def near_phrase(near: list[str], raw: list[str], i: int, vocab: Vocabulary, loose: bool
                 ) -> _Phrase:
    """A phrase over ``near`` that needs one of its changed words and has two words or more
    (a lone word is the speller's business; the phrase is the context that confirms it)."""
    found = phrase_at(near, i, vocab, loose)
    span = range(i, i + found.consumed)
    if found.slot is None or not any(near[j] != raw[j] for j in span):
        return _NO_PHRASE
    if sum(1 for j in span if near[j] not in STOPWORDS) < 2:
        return _NO_PHRASE
    return found
