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
# read as "w" (the short titles' "with") and "o". A problem list's "d/o" is a disorder
# ("adjustment d/o", "seizure d/o") and "w/d" a withdrawal ("ETOH w/d", "benzo w/d"). A
# note's "c/o" says what the patient complains of ("c/o cp"), "2/2" secondary to ("ams 2/2
# uti": due to, as the titles say it), and "r/o" a condition to rule out, which a code picker
# is asked for by its name ("r/o MI" is the infarction): "r/o" is left unsearched, its "r"
# no right side.
_SLASHED = re.compile(
    r"(?<![a-z0-9/])(w/o(?![a-z0-9/])|d/t|s/p|h/o|b/l|y/o|f/u(?![a-z0-9/])"
    r"|(?:d/o|w/d|c/o|r/o|2/2)(?![a-z0-9/])|w/)",
    re.I)
_SLASH_WORDS = {"w/o": " without ", "d/t": " due to ", "s/p": " status post ",
                "h/o": " history of ", "b/l": " bilateral ", "y/o": " year old ",
                "f/u": " follow up ", "d/o": " disorder ", "w/d": " withdrawal ", "w/": " with ",
                "c/o": " complains of ", "r/o": " ", "2/2": " due to "}


# Initials written with dots ("C.A.T. scan", "E.G.D.", "I.V."), which tokenising would split
# into letters, the "a" of "C.A.T." a stopword.
_DOTTED = re.compile(r"(?<![a-z0-9.])[a-z](?:\.[a-z])+\.?(?![a-z0-9])", re.I)


# A possessive's "s" is no word of its own, and whether people type it varies: "Swimmer's ear"
# is "swimmer ear" to the re-rank, as is "swimmers ear" by stem, and "dad's side" "dad side".
# Not the "'s" of "it's", "he's", "what's": that is "is" or "has" (status.BEING reads it).
_POSSESSIVE = re.compile(
    r"(?<=\w)(?<!\bit)(?<!\bhe)(?<!\bshe)(?<!\bthat)(?<!\bwhat)(?<!\bwho)(?<!\bthere)"
    r"(?<!\bhere)(?<!\bwhere)(?<!\bhow)(?<!\blet)['\u2019]s(?![a-z0-9])", re.I)


def possessive(text: str) -> str:
    """``text`` without the "'s" of its possessives."""
    return _POSSESSIVE.sub("", text)


def query_tokens(text: str) -> list[str]:
    """A query's tokens, with its slash shorthand spelt out ("w/o" -> without, "d/t" -> due
    to, "s/p" -> status post), dotted initials joined ("C.A.T." -> cat) and no possessive "'s"
    (``possessive``)."""
    if "'" in text or "\u2019" in text:
        text = possessive(text)
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
    sentinel word there tells where each text's tokens end. All ASCII, they are lowered at
    once (100,000 LOINC rows' titles and terms: 0.15 s less)."""
    texts = texts if isinstance(texts, list) else list(texts)
    joined = sep.join(texts)
    if joined.isascii() and sep.lower() == sep:
        return _TOKEN.findall(joined.lower())
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


# A condition's noun and adjective, and an act and its result, said by one stem (each row:
# the ending, what replaces it, the shortest stem left): "htn urgency" is I16.0 "Hypertensive
# urgency", "38 weeks pregnant" the code "38 weeks gestation of pregnancy", "diabetic" says
# diabetes, "septic" sepsis, "metastatic" metastasis, "infected" infection, "obese" obesity.
# Titles use either form, and a query read through an abbreviation gets the noun.
_DERIVED: tuple[tuple[str, str, int], ...] = (
    ("ancy", "ant", 4), ("ency", "ent", 4),  # pregnancy: pregnant, deficiency: deficient
    ("anc", "ant", 4), ("enc", "ent", 4),  # resistance, dependence (their "e" gone)
    ("iti", "it", 5),  # arthritis: arthritic
    ("osi", "ot", 4), ("ysi", "yt", 4), ("asi", "at", 4), ("esi", "et", 4),  # -sis: -tic
    ("psi", "pt", 2),  # sepsis: septic
    ("ism", "ist", 3),  # autism: autistic (the catalog's one -ism/-istic condition)
    ("ic", "", 4),  # diabetic, anemic, psychotic (after the -sis row: psychot)
    ("ia", "", 4),  # anemia, dementia (mania keeps its letters)
    ("iv", "", 5), ("ion", "", 5),  # hypertensive, hypertension; congestive, congestion
    ("ity", "", 4),  # obesity: obese
    ("y", "", 5),  # allergy: allergic, injury: injured
)
# Words the rows above would join to a different word (found by listing the catalog words
# each row joins): position is not positive, traction no tract, a personality no personal
# history, organic no organ, placenta previa no ICD-9 "prev" (previous), terrorism no
# terrorist (the act, not the person Y38's "terrorist injured" is).
_NOT_DERIVED = frozenset({
    "cardia", "enteric", "malaria", "organic", "periodic", "personality", "position",
    "positiv", "previa", "relativ", "systemic", "terrorism", "traction",
})


@lru_cache(maxsize=200_000)
def derived(stemmed: str) -> str:
    """A ``stem`` with a condition's noun and adjective, or an act and its result, as one root
    (hypertension and hypertensive: "hypertens"). Only the re-rank's comparison of query and
    title words reads it, and the snippet marks that show that comparison: the vocabulary
    keeps ``stem``, where "alcoholic" (a person's dependence) is no "alcohol", and so do
    prefixes being typed ("defibrillat" would begin "defibrillator")."""
    if stemmed in _NOT_DERIVED:
        return stemmed
    for ending, repl, shortest in _DERIVED:
        if stemmed.endswith(ending):
            base = stemmed[: -len(ending)]
            return base + repl if len(base) >= shortest else stemmed
    return stemmed


def content_tokens(text: str) -> list[str]:
    """Tokens without stopwords."""
    return [t for t in tokens(text) if t not in STOPWORDS]
