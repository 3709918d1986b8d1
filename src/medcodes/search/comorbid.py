"""Two conditions joined ("dm and htn", "pneumonia and sepsis", "copd & chf"): each is a
diagnosis of its own, coded on its own, so each one's first code leads.

Read as one query, the words of both sought one title saying both, and found a combination
that is neither ("dm and htn" led with E10.65 Type 1 diabetes with hyperglycemia, "pneumonia
and sepsis" with A40.3 Sepsis due to Streptococcus pneumoniae). A title saying both is kept
where it is one of the two's own codes' category ("nausea and vomiting": R11.2 is in R11 with
nausea's R11.0), so a pair the classification codes together keeps its combination code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import replace

from medcodes.search.counted import count_new, keys
from medcodes.search.pre_existing import PREGNANCY
from medcodes.search.sides import other_parts
from medcodes.search.text import stem, tokens
from medcodes.search.types import Hit, SearchResponse
from medcodes.search.vocab import loose_key, vocabulary

_JOINED = re.compile(r"^\s*(\S+(?:\s+\S+){0,2}?)\s+(?:and|&)\s+(\S+(?:\s+\S+){0,2})\s*$",
                     re.IGNORECASE)
# Words of a story or a relation, not of a condition: such a query is no pair of diagnoses.
NOT_A_PAIR = frozenset("""
    my his her their our i me he she we they you after from with without due to of in on for by
    at then broke broken fell slipped hurt cut burned
    """.split())


def pair(query: str) -> tuple[str, str] | None:
    """The two conditions of a query joining them by "and", each of one to three words."""
    found = _JOINED.match(query)
    words = tokens(query)
    if not found or not NOT_A_PAIR.isdisjoint(words) or any(len(w) < 2 for w in words):
        return None
    parts = other_parts()
    if any(w.isdigit() for w in words) or not PREGNANCY.isdisjoint(stem(w) for w in words):
        return None  # a pregnancy's condition is coded with it, in chapter 15's titles
    if any(stem(w) in parts for w in words):
        return None  # "hand foot and mouth disease", "lips and face swelled": parts, not two
    return _shared_head(found.group(1), found.group(2)), found.group(2)


def _shared_head(first: str, second: str) -> str:
    """The first half with the word said once after both ("pap and hpv test": "pap test"),
    where the two make a phrase the lay rows know; else as said ("copd and heart failure")."""
    head = second.split()[-1]
    if len(second.split()) < 2 or head.lower() in first.lower().split():
        return first
    joined = tuple(tokens(f"{first} {head}"))
    vocab = vocabulary()
    if joined in vocab.lay or loose_key(joined) in vocab.lay_loose:
        return f"{first} {head}"
    return first


DIAGNOSES = "icd10cm"
# Chapter 20's letters: how an injury happened is no condition of its own.
EXTERNAL_CAUSES = frozenset("VWXY")


# Title words that say nothing of which condition it is.
_UNSAID = frozenset(stem(w) for w in """
    unspecified other specified organism type with without due to of and the in nos nec
    """.split())


# Chapter 18's letter: signs and symptoms.
SYMPTOMS = "R"
# The words of a combination title: one condition with, or due to, another.
COMBINED = frozenset({"with", "due"})


# A species' Latin epithet ends so ("pneumoniae", "influenzae", "gonorrhoeae"): it names the
# organism, not its disease (A40.3 "Sepsis due to Streptococcus pneumoniae" is no pneumonia).
EPITHET = "ae"


def _kin(a: str, b: str) -> bool:
    """Are two stems forms of one word ("hypertension", "hypertensiv")? Most of the shorter
    one is their common beginning."""
    short = min(len(a), len(b))
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), short)
    return short >= 4 and common >= 0.8 * short


def _says_of(title: str, other: str) -> bool:
    """Does ``title`` say a word of ``other``'s (by its form, see ``_kin``)?"""
    mine = {stem(w) for w in tokens(title) if not w.endswith(EPITHET)} - _UNSAID
    return any(_kin(a, b) for a in mine for b in {stem(w) for w in tokens(other)} - _UNSAID)


def _category(hit: Hit) -> tuple[str, str]:
    return hit.system, hit.code.replace(".", "")[:3]


def each_first(query: str, response: SearchResponse,
               search: Callable[[str], SearchResponse],
               counted: Collection[tuple[str, str]] = ()) -> SearchResponse:
    """``response`` with each joined condition's first hit leading (see the module); the
    first page only, and unchanged unless each condition finds a first hit of its own and the
    query's own first hit is no combination of the two. ``total`` counts a first hit that
    neither the ranking (``counted``) nor the page held."""
    halves = pair(query)
    if halves is None or response.offset or not response.hits:
        return response
    firsts = []
    # The first half's words are whole (more follows them), the second's as the query's.
    ends = [" ", " " if query.endswith((" ", "\t")) else ""]
    for half, end in zip(halves, ends, strict=True):
        hits = search(half + end).hits
        if not hits or hits[0].system != DIAGNOSES or hits[0].code[0] in EXTERNAL_CAUSES:
            return response  # a half that is no diagnosis: "manual & mechan traction", "wear"
        firsts.append(hits[0])
    cats = [_category(h) for h in firsts]
    if cats[0] == cats[1]:
        return response  # one category's pair is read as one ("nausea and vomiting": R11.2)
    first = response.hits[0]
    if _category(first) in cats:
        # The whole led with one half's category: it stays when it is a combination ("copd
        # and pneumonia": J44.0 ... with (acute) lower respiratory infection) or says the
        # other half ("diabetes and neuropathy": E11.40); "chf and afib" led with I48.20,
        # which says nothing of the heart failure.
        # A symptom said beside its disease stays after it ("fever and pneumonia": guideline
        # I.B.5, integral.py).
        other = 1 - cats.index(_category(first))
        if (not COMBINED.isdisjoint(tokens(first.title)) or _says_of(first.title, halves[other])
                or _says_of(first.title, firsts[other].title)
                or (firsts[other].code.startswith(SYMPTOMS)
                    and not first.code.startswith(SYMPTOMS))):
            return response
    elif all(_says_of(first.title, h.title) for h in firsts):
        return response  # a combination title saying both ("htn and ckd": I12.9)
    lead = list({(h.system, h.code): h for h in firsts}.values())
    led = {(h.system, h.code) for h in lead}
    rest = [h for h in response.hits if (h.system, h.code) not in led]
    led_response = replace(response, hits=(lead + rest)[:response.limit])
    count_new(led_response, lead, {*counted, *keys(response.hits)})
    return led_response
