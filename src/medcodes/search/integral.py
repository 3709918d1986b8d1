"""A symptom said beside the diagnosis it belongs to: the diagnosis leads.

Clinicians jot a note as the symptom and the diagnosis ("wheezing asthma", "rlq pain
appendicitis"), patients as the symptom and its cause ("hearing voices, schizophrenic"). A sign
or symptom routinely part of a definitive diagnosis is not coded apart from it (ICD-10-CM
guideline I.B.5), but the symptom's title, short and said word for word, won the ranking (R06.2
Wheezing before J45.901). Where the first hit is a chapter-18 code (R00-R99) that says some of
the query (or a reading of it), and a hit near it is a disease's code (chapters 1-14) whose
title says all the rest, with a name (its first words) that no chapter-18 title says (not
"Heart failure", "Pain in arm", "Down syndrome": a part, a symptom or a plain word of the
query), the disease comes first. Who, when and in what posture ("in a child", "at night",
"lying flat") are no disease. Gated on the first hit's code: other queries pay one test.
"""

from __future__ import annotations

import sqlite3
from copy import copy
from typing import Protocol, TypeVar

from medcodes.search.parsed import ParsedQuery
from medcodes.search.text import STOPWORDS, stem, tokens

SYSTEM = "icd10cm"
NEAR = 5  # how near the symptom the disease must be
# Words that say who, when, where or in what posture, not what: "fever in a child", "cough at
# night", "short of breath lying flat" name no disease, whatever title also says them ("Flat
# foot").
_CIRCUMSTANCE = frozenset(stem(w) for w in """
child children baby infant newborn adult elderly old pregnant pregnancy woman man male female
infantile juvenile senile day days night nights morning week weeks month months year years
chronic acute recurrent left right both bilateral side sides after before during flat lying
lie sitting standing upright walking exertion
""".split())


# How a note joins the symptom to its cause ("cough due to asthma", "pain caused by gout").
_LINKS = frozenset(stem(w) for w in "due caused cause causing because bad".split())
_VAGUE = frozenset({"unspecified", "other", "specified", "acute", "chronic", "type", "1", "2"})


class Coded(Protocol):
    """A ranked code: a word ranking's candidate or a merged hit."""

    system: str
    code: str
    title: str
    score: float


C = TypeVar("C", bound=Coded)


def _symptom(c: Coded) -> bool:
    return c.system == SYSTEM and c.code[:1] == "R"


def _disease(c: Coded) -> bool:
    return c.system == SYSTEM and "A" <= c.code[:1] <= "N"  # chapters 1-14


_SYMPTOM_WORDS: dict[int, frozenset[str]] = {}


def symptom_words(conn: sqlite3.Connection) -> frozenset[str]:
    """The stems of every chapter-18 title (read once per catalog): a disease whose name says
    one ("Heart failure", "Pain in arm", "Down syndrome") may be a part, a symptom or a plain
    word of the query, not the diagnosis it names."""
    key = id(conn)
    if key not in _SYMPTOM_WORDS:
        rows = conn.execute("SELECT title FROM concepts WHERE system = ? AND code >= 'R'"
                            " AND code < 'S'", (SYSTEM,))
        _SYMPTOM_WORDS[key] = frozenset(stem(w) for (title,) in rows for w in tokens(title))
    return _SYMPTOM_WORDS[key]


def _lead(title: str) -> set[str]:
    """The stems of a title's first two words that name the condition: the disease's name
    ("Unspecified asthma", "Carpal tunnel syndrome"), not a part or a clause its title also
    says ("Acute kidney failure ... urine")."""
    words = [w for w in tokens(title.split(",")[0]) if w not in STOPWORDS and w not in _VAGUE]
    return {stem(w) for w in words[:2]}


def _noun(word: str) -> str:
    """A patient's adjective as the disease's stem it begins ("schizophrenic": schizophren-,
    "asthmatic": asthma, "epileptic": epilep-); other words as they are."""
    if len(word) >= 7 and word.endswith("tic"):
        return word[:-3]
    if len(word) >= 7 and word.endswith("ic"):
        return word[:-2]
    return word


def _all_said(words: set[str], said: set[str]) -> bool:
    """Whether some word is given and each begins a stem the title says."""
    return bool(words) and all(any(t.startswith(w) for t in said) for w in words)


def _stems(text: str) -> set[str]:
    return {stem(w) for w in tokens(text) if w not in STOPWORDS}


def diagnosis_first(hits: list[C], parsed: ParsedQuery, conn: sqlite3.Connection) -> None:
    """Put the first disease code near a leading symptom code first, where the disease's
    title says a query word the symptom's does not say, directly or by a reading of it
    ("hearing voices" read as "auditory hallucinations" is the symptom's, not H91 Hearing
    loss's)."""
    if not hits or not _symptom(hits[0]):
        return
    asked = _stems(parsed.text) - _CIRCUMSTANCE
    if len(asked) < 2:
        return
    top = hits[0]
    symptom = _stems(top.title)
    covered = symptom & asked
    for e in parsed.expansions:
        if not symptom.isdisjoint(_stems(str(e["to"]))):
            covered |= _stems(str(e["from"]))
    for j in range(1, min(NEAR, len(hits))):
        c = hits[j]
        if _symptom(c):
            continue
        if not _disease(c):
            return
        lead = _lead(c.title)
        rest = {_noun(w) for w in asked - covered - _LINKS}
        said = _stems(c.title)
        if covered and rest and any(t.startswith(w) for w in rest for t in lead) \
                and _all_said(rest, said) and lead.isdisjoint(symptom_words(conn)):
            lifted = copy(c)
            lifted.score = max(c.score, top.score)
            del hits[j]
            hits.insert(0, lifted)
        return
