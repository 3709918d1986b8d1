"""Query understanding: is it a code, a code prefix, a range, or words; and for words, which
abbreviations, lay phrases, spelling variants and typo corrections apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from medcodes.codes import code_key, split_qualified
from medcodes.search.text import STOPWORDS, clean, tokens
from medcodes.search.types import MAX_QUERY_LENGTH, QueryError
from medcodes.search.vocab import Vocabulary, vocabulary

# A token that looks like a code of some system: at least one digit, 1-8 code characters.
_CODE_LIKE = re.compile(r"^(?=[A-Z0-9.]*\d)[A-Z0-9][A-Z0-9.]{0,8}$")
_CODE_CHARS = re.compile(r"^[A-Z0-9][A-Z0-9.]{0,8}$")
_RANGE = re.compile(r"^([A-Z0-9.]{2,9})\s*[-–—]\s*([A-Z0-9.]{2,9})$")


@dataclass(slots=True)
class Alternative:
    """One way of saying a slot: all its tokens must match (AND)."""

    tokens: tuple[str, ...]
    kind: str  # original | abbreviation | lay | variant | spelling


@dataclass(slots=True)
class Slot:
    """A unit of the query (a word or a recognised phrase) with its alternatives (OR)."""

    text: str
    alternatives: list[Alternative]
    prefix: bool = False  # the last word while typing: match as a prefix


@dataclass(slots=True)
class ParsedQuery:
    text: str
    kind: str  # empty | code | range | words
    system: str | None = None
    key: str = ""
    typed: str = ""  # the code as typed, upper case: "41.0" beats "410" for ICD-9 procedure 41.0
    wildcard: bool = False
    range_lo: str = ""
    range_hi: str = ""
    slots: list[Slot] = field(default_factory=list)
    expansions: list[dict[str, str]] = field(default_factory=list)
    corrections: list[dict[str, str]] = field(default_factory=list)


# In a curated expansion a lone letter is meaningful ("hepatitis a", "type i").
EXPANSION_STOPWORDS = STOPWORDS - {"a", "i"}

class Lexicon(Protocol):
    """The catalog's own words, for typo correction and truncated words."""

    def known(self, word: str) -> bool: ...

    def known_prefix(self, prefix: str) -> bool: ...

    def correct(self, word: str, is_prefix: bool) -> str | None: ...

    def common_neighbour(self, word: str) -> str | None: ...

    def expansions(self, word: str) -> tuple[str, ...]: ...

    def decompose(self, word: str) -> list[tuple[str, ...]]: ...


def is_code_like(text: str) -> bool:
    return bool(_CODE_LIKE.match(text.upper()))


def parse(
    text: str, lexicon: Lexicon | None = None, vocab: Vocabulary | None = None,
    as_words: bool = False,
) -> ParsedQuery:
    """Parse a raw query string; ``as_words`` skips the code readings (for a code-like query
    that names no code, e.g. "T2DM"). Raises QueryError only for an over-long query."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"query is longer than {MAX_QUERY_LENGTH} characters")
    typing = not text.endswith((" ", "\t"))
    cleaned = clean(text)
    if not cleaned:
        return ParsedQuery(text=cleaned, kind="empty")
    system, rest = split_qualified(cleaned)
    upper = rest.upper().strip()
    wildcard = upper.endswith("*")
    bare = upper.rstrip("*").strip()
    match = None if as_words else _RANGE.match(bare)
    if match and is_code_like(match.group(1)) and is_code_like(match.group(2)):
        return ParsedQuery(
            text=cleaned, kind="range", system=system,
            range_lo=code_key(match.group(1)), range_hi=code_key(match.group(2)),
        )
    if not as_words and bare and " " not in bare and (
        is_code_like(bare) or (system and _CODE_CHARS.match(bare))
    ):
        return ParsedQuery(
            text=cleaned, kind="code", system=system, key=code_key(bare), wildcard=wildcard,
            typed=bare.replace(" ", ""),
        )
    parsed = _words(rest if system else cleaned, typing, lexicon, vocab or vocabulary())
    parsed.system = system
    return parsed


def _words(text: str, typing: bool, lexicon: Lexicon | None, vocab: Vocabulary) -> ParsedQuery:
    parsed = ParsedQuery(text=text, kind="words")
    raw = tokens(text)
    if not raw:
        parsed.kind = "empty"
        return parsed
    # 1. Each word as the catalog knows it: known, a truncation ("anterolat"), or a typo.
    seq: list[str] = []
    truncated: set[int] = set()
    fixes: dict[int, dict[str, str]] = {}
    for i, word in enumerate(raw):
        typing_last = typing and i == len(raw) - 1
        is_prefix, fixed = _fix(word, typing_last, lexicon, vocab)
        if is_prefix:
            truncated.add(i)
        if fixed is not None:
            if not is_prefix:
                fixes[i] = {"from": word, "to": fixed}
            seq.append(fixed)
        else:
            seq.append(word)
    # 2. Curated phrases over the words as typed, then over the corrected words (so
    # "throwing up" stays a phrase although "throwing" alone would be corrected to "thrown",
    # and "hart attack" still becomes one); the rest one slot per word.
    i = 0
    while i < len(seq):
        consumed = _phrase_slot(raw, i, vocab, parsed)
        if consumed:
            for j in range(i, i + consumed):
                fixes.pop(j, None)
        else:
            consumed = _phrase_slot(seq, i, vocab, parsed)
        if consumed:
            i += consumed
            continue
        word, original = seq[i], raw[i]
        last = i == len(seq) - 1
        if word in STOPWORDS and len(seq) > 1:
            i += 1
            continue
        slot = Slot(text=original, alternatives=[Alternative((original,), "original")])
        if word != original:
            slot.alternatives.append(Alternative((word,), "spelling"))
        slot.prefix = (i in truncated or (last and typing)) and not original.isdigit()
        variant = vocab.variants.get(word)
        if variant:
            slot.alternatives.append(Alternative(tuple(variant.split()), "variant"))
            parsed.expansions.append({"from": word, "to": variant, "kind": "variant"})
        for expansion in lexicon.expansions(word) if lexicon else ():
            slot.alternatives.append(Alternative((expansion,), "abbreviation"))
            parsed.expansions.append({"from": word, "to": expansion, "kind": "abbreviation"})
        for parts in lexicon.decompose(word) if lexicon else ():
            slot.alternatives.append(Alternative(parts, "word parts"))
            parsed.expansions.append({"from": word, "to": " ".join(parts), "kind": "word parts"})
        parsed.slots.append(slot)
        i += 1
    parsed.corrections = [fixes[j] for j in sorted(fixes)]
    return parsed


def _fix(
    word: str, typing: bool, lexicon: Lexicon | None, vocab: Vocabulary
) -> tuple[bool, str | None]:
    """(is the word a truncation to match as a prefix, its typo correction or None)."""
    if lexicon is None or word.isdigit() or len(word) < 3 or word in STOPWORDS:
        return False, None
    if (word,) in vocab.abbreviations or (word,) in vocab.lay or word in vocab.variants:
        return False, None
    if lexicon.known(word):
        return False, lexicon.common_neighbour(word)
    if lexicon.expansions(word):
        return False, None
    # Coders truncate ("anterolat", "pulmon") and people type words half-way: a word that
    # starts catalog words is matched as a prefix, and also corrected ("cancr": cancer).
    is_prefix = lexicon.known_prefix(word)
    fixed = lexicon.correct(word, typing) if len(word) >= 4 else None
    return is_prefix, fixed


def _phrase_slot(raw: list[str], i: int, vocab: Vocabulary, parsed: ParsedQuery) -> int:
    """Match the longest curated phrase starting at ``raw[i]``; return tokens consumed."""
    for n in range(min(vocab.longest_phrase, len(raw) - i), 0, -1):
        phrase = tuple(raw[i : i + n])
        found: list[Alternative] = []
        for kind, table in (("lay", vocab.lay), ("abbreviation", vocab.abbreviations)):
            for expansion in table.get(phrase, []):
                toks = tuple(t for t in tokens(expansion) if t not in EXPANSION_STOPWORDS)
                if toks and toks != phrase:
                    found.append(Alternative(toks, kind))
                    parsed.expansions.append(
                        {"from": " ".join(phrase), "to": expansion, "kind": kind}
                    )
        if n > 1 and not found:
            variant = vocab.variants.get(" ".join(phrase))
            if variant:
                found.append(Alternative(tuple(variant.split()), "variant"))
                parsed.expansions.append(
                    {"from": " ".join(phrase), "to": variant, "kind": "variant"}
                )
        if found:
            original = tuple(t for t in phrase if t not in STOPWORDS) or phrase
            parsed.slots.append(
                Slot(" ".join(phrase), [Alternative(original, "original"), *found])
            )
            return n
    return 0


def corrected_text(parsed: ParsedQuery) -> str | None:
    """The query with typo corrections applied, for "showing results for ..."."""
    if not parsed.corrections:
        return None
    fixes = {c["from"]: c["to"] for c in parsed.corrections}
    return " ".join(fixes.get(t, t) for t in tokens(parsed.text))
