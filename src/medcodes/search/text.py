"""Text normalisation shared by the index and the query side, so both see the same tokens."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

STOPWORDS = frozenset(
    """
    a an and are as at be by for from has have i in into is it its my of on or our the their
    this to was were what which who will with without me she he her his your you they them
    do does did got get having am been being can
    """.split()
)


# Words whose "-ing" is not a verb of the stem: teething is not teeth ("Teething syndrome",
# not "Complete loss of teeth").
UNSTEMMED = frozenset({"teething"})


def clean(text: str) -> str:
    """NFKC, control characters to spaces, whitespace folded: safe to echo and to tokenise."""
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def fold(text: str) -> str:
    """Lower case without diacritics ("Ménière" -> "meniere")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Clinical shorthand written with a slash, which tokenising would split into letters: "w/o" would
# read as "w" (the short titles' "with") and "o".
_SLASHED = re.compile(r"(?<![a-z0-9/])(w/o|d/t|s/p|h/o|b/l|y/o|f/u(?![a-z0-9/])|w/)", re.I)
_SLASH_WORDS = {"w/o": " without ", "d/t": " due to ", "s/p": " status post ",
                "h/o": " history of ", "b/l": " bilateral ", "y/o": " year old ",
                "f/u": " follow up ", "w/": " with "}


# Initials written with dots ("C.A.T. scan", "E.G.D.", "I.V."), which tokenising would split
# into letters, the "a" of "C.A.T." a stopword.
_DOTTED = re.compile(r"(?<![a-z0-9.])[a-z](?:\.[a-z])+\.?(?![a-z0-9])", re.I)


def query_tokens(text: str) -> list[str]:
    """A query's tokens, with its slash shorthand spelt out ("w/o" -> without, "d/t" -> due
    to, "s/p" -> status post) and dotted initials joined ("C.A.T." -> cat)."""
    if "/" in text:
        text = _SLASHED.sub(lambda m: _SLASH_WORDS[m.group(1).lower()], text)
    if "." in text:
        text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
    return tokens(text)


def tokens(text: str) -> list[str]:
    """Alphanumeric tokens, lower case; hyphens and punctuation split ("non-ST" -> non, st)."""
    return _TOKEN.findall(fold(text))


def tokens_of_all(texts: Iterable[str], sep: str = " ") -> list[str]:
    """The tokens of every text, in one regex pass (folded one by one: folding a long text
    with one accent in it takes the slow path for all of it). ``sep`` goes between texts: a
    sentinel word there tells where each text's tokens end."""
    return _TOKEN.findall(sep.join(map(fold, texts)))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light suffix stripper for comparing query and title words in ranking.

    FTS5's porter tokenizer does the retrieval; this only needs to agree with itself.
    """
    if len(word) <= 3 or word.isdigit() or word in UNSTEMMED:
        return word
    for suffix, repl in (
        ("ies", "y"), ("sses", "ss"), ("ures", "ure"), ("ured", "ure"), ("ing", ""),
        ("ed", ""), ("es", "e"), ("s", ""),
    ):
        if suffix == "ed" and word.endswith("eed"):
            continue  # "bleed", "need": not a past tense ("bleeds", "bleeding" stem to bleed)
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + repl
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def content_tokens(text: str) -> list[str]:
    """Tokens without stopwords."""
    return [t for t in tokens(text) if t not in STOPWORDS]
