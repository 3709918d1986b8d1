"""A symptom said beside the diagnosis it belongs to: the diagnosis leads.

Clinicians jot a note as the symptom and the diagnosis ("wheezing asthma", "rlq pain
appendicitis"), patients as the symptom and its cause ("hearing voices, schizophrenic"). A sign
or symptom routinely part of a definitive diagnosis is not coded apart from it (ICD-10-CM
guideline I.B.5), but the symptom's title, short and said word for word, won the ranking (R06.2
Wheezing before J45.901). Where the first hit is a symptom's code (chapter 18, R00-R99, or one
of the symptoms ICD-10-CM files by body system: M25.5 Pain in joint, M54 Dorsalgia, H92.0
Otalgia) that says some of the query (or a reading of it), and a hit below it is a disease's
code (chapters 1-14) whose title says all the rest (directly or by a reading: "sinus
infection" as sinusitis), with a name (its first words) that no chapter-18 title says (not
"Heart failure", "Pain in arm", "Down syndrome": a part, a symptom or a plain word of the
query) or that a reading of the query names whole ("uti": Urinary tract infection), the
disease comes first. The disease is looked for past other diseases the symptom's word also
names ("fever pneumonia": Typhus fever, Typhoid fever before J18.9). Who, when and in what
posture ("in a child", "at night", "lying flat") are no disease. Gated on the first hit's
code: other queries pay one test.
"""

from __future__ import annotations

import sqlite3
from copy import copy
from typing import Protocol, TypeVar

from medcodes.search.parsed import ParsedQuery
from medcodes.search.text import STOPWORDS, stem, tokens

SYSTEM = "icd10cm"
NEAR = 5  # how near the symptom the first disease is
DEEP = 80  # how far below the symptom a disease it names is looked for
# Symptoms ICD-10-CM files in a body system's chapter, not in chapter 18 (guideline I.B.5 holds
# of them alike): pain, stiffness and swelling of a joint, back and neck pain, pain in a limb,
# muscle ache and spasm, ear and eye pain, a discharging ear, ringing in the ears, double or
# blurred vision, breast pain, constipation, indigestion, itching, bleeding from the gut.
_SYMPTOM_CODES = ("M25.4", "M25.5", "M25.6", "M54", "M79.1", "M79.6", "M62.83", "H92", "H57.1",
                  "H93.1", "H53", "N64.4", "K59.0", "K30", "L29",
                  "K92.0", "K92.1", "K92.2")
# Words that say who, when, where, how much or in what posture, not what: "fever in a child", "cough at
# night", "short of breath lying flat" name no disease, whatever title also says them ("Flat
# foot").
_CIRCUMSTANCE = frozenset(stem(w) for w in """
child children baby infant newborn adult elderly old pregnant pregnancy woman man male female
infantile juvenile senile day days night nights morning week weeks month months year years
chronic acute recurrent left right both bilateral side sides after before during flat lying
lie sitting standing upright walking exertion mild moderate severe slight slightly bad worse
terrible sudden suddenly constant
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
    return c.system == SYSTEM and (c.code[:1] == "R" or c.code.startswith(_SYMPTOM_CODES))


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


def _head(title: str) -> str:
    """The stem of a title's first word that names the condition ("Acute sinusitis":
    sinusit-), or ""."""
    words = [w for w in tokens(title.split(",")[0]) if w not in STOPWORDS and w not in _VAGUE]
    return stem(words[0]) if words else ""


def _names(w: str, head: str, nouned: set[str]) -> bool:
    """Does the query's word ``w`` say the disease's head word (whole, or its beginning where
    ``w`` is a patient's adjective cut to it: "period" names no Periodontal disease)?"""
    return head == w or (w in nouned and head.startswith(w))


_GENERAL = frozenset(stem(w) for w in ("disease", "disorder", "syndrome"))


def _name_said(title: str, said: set[str]) -> bool:
    """Does the query say every word of the disease's name (its title before a comma, but
    for "other", "unspecified", "disease" and the like)? "gout" names "Gout, unspecified",
    not "Deep dyspareunia" for "deep breaths" nor "Mild intermittent asthma" for "mild"."""
    name = {stem(w) for w in tokens(title.split(",")[0])
            if w not in STOPWORDS and w not in _VAGUE} - _GENERAL
    return all(any(w.startswith(t) or t.startswith(w) for t in said) for w in name)


# The readings that name a condition whole ("uti": urinary tract infection, "sinus infection":
# sinusitis), not a part's other name or a medicine's class.
_NAMING = frozenset({"lay", "abbreviation"})


def diagnosis_first(hits: list[C], parsed: ParsedQuery, conn: sqlite3.Connection) -> None:
    """Put a disease code below a leading symptom code first, where the disease's title says
    the query words the symptom's does not say, directly or by a reading of them ("hearing
    voices" read as "auditory hallucinations" is the symptom's, not H91 Hearing loss's): the
    first disease code near the symptom, whose first words begin with one of them; else the
    first below whose first word is one of them, or a reading of them names."""
    if not hits or not _symptom(hits[0]):
        return
    asked = _stems(parsed.text) - _CIRCUMSTANCE
    if len(asked) < 2:
        return
    top = hits[0]
    symptom = _stems(top.title)
    covered = symptom & asked
    readings: list[tuple[set[str], list[str]]] = []
    for e in parsed.expansions:
        to = _stems(str(e["to"]))
        if not symptom.isdisjoint(to):
            covered |= _stems(str(e["from"]))
        elif e.get("kind") in _NAMING:
            readings.append((_stems(str(e["from"])),
                             [stem(w) for w in tokens(str(e["to"]))
                              if w not in STOPWORDS and w not in _VAGUE]))
    rest = {_noun(w) for w in asked - covered - _LINKS}
    nouned = rest - asked
    if not covered or not rest:
        return
    # A symptom said beside a medicine is its adverse effect, no disease's ("dizzy from my
    # blood pressure tablets" is no hypertension).
    medicine = any(str(e.get("kind", "")).startswith("medicine") for e in parsed.expansions)
    first = True
    for j in range(1, min(DEEP, len(hits))):
        c = hits[j]
        if j >= NEAR or (first and not _symptom(c) and not _disease(c)):
            first = False  # no disease near the symptom, or a code of another kind first
        if _symptom(c) or not _disease(c):
            continue
        said = _stems(c.title)
        if first:  # the first disease near the symptom
            first = False
            lead = _lead(c.title)
            if (any(t.startswith(w) for w in rest for t in lead) and _all_said(rest, said)
                    and lead.isdisjoint(symptom_words(conn))):
                _lift(hits, j, top)
                return
        if medicine or c.code[:3] == top.code[:3]:
            continue  # a disease of the symptom's own category is one of its kinds
        head = _head(c.title)
        name = _lead(c.title)
        # A reading that names the disease: its first words, a symptom's word only in a
        # reading of two words or more ("uti": Urinary tract infection, not "achy": pain).
        symptomatic = head in symptom_words(conn)
        read = [(frm, to) for frm, to in readings if to and to[0] == head
                and name <= set(to) <= said and not frm.isdisjoint(rest)]
        unread = rest - {w for frm, _ in read for w in frm}
        if (any(len(to) > 1 or not symptomatic for _, to in read)
                or (not symptomatic and any(_names(w, head, nouned) for w in unread)
                    and _name_said(c.title, rest | covered))) \
                and (not unread or _all_said(unread, said)):
            _lift(hits, j, top)
            return


def _lift(hits: list[C], j: int, top: Coded) -> None:
    lifted = copy(hits[j])
    lifted.score = max(hits[j].score, top.score)
    del hits[j]
    hits.insert(0, lifted)
