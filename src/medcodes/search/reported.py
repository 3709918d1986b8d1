"""A heading that leads a word ranking, reported as its code that says nothing more.

ICD-10-CM's categories are headings, not reported: B05 "Measles" is coded B05.9 "Measles
without complication", B27 "Infectious mononucleosis" B27.90 "Infectious mononucleosis,
unspecified without complication". Word for word the heading wins a query that names the
condition alone (its title is shorter, and a bracketed synonym, "Varicella [chickenpox]", says
a lay word its codes leave to it), so "chicken pox", "glandular fever" and "shingles" led with
a code a coder cannot use. Where a heading leads and a code below it in the pool says the
heading's words and only "unspecified" or "without complication(s)" besides, the two change
places, as ``rank_order.order`` does for a code of the heading's very title (J18 and J18.9);
then again for that code, if it is a heading too. A query that says a complication keeps its
order.

What a code says in a clause of "without" or "not" is the default a coder takes when nothing
is said of it (the guidelines: "not intractable" when intractability is not documented, "not
having achieved remission" when remission is not), and a word in parentheses is the
classification's nonessential modifier: so K21.9 "Gastro-esophageal reflux disease without
esophagitis" says no more than K21, C90.00 "Multiple myeloma not having achieved remission" no
more than C90.0, N18.9 "Chronic kidney disease, unspecified" no more than N18 "Chronic kidney
disease (CKD)". A query that says a word of the clause ("reflux with esophagitis", "epilepsy
with status epilepticus") keeps its order.

What a code says "unspecified" of is the code for when that is not said: M77.10 "Lateral
epicondylitis, unspecified elbow" says no more than M77.1, O14.90 "..., unspecified trimester"
no more than O14.9, L03.119 "Cellulitis of unspecified part of limb" no more than L03.11. So
are the seventh character's initial encounter (for a closed fracture), a fracture's
"displaced" and an injury's accidental intent (the guidelines' defaults), "asymptomatic" and "unilateral" (the index's: a
varix of the leg I83.90, an inguinal hernia K40.90): "broken nose" is S02.2XXA, "bee sting"
T63.441A, "sprained ankle" S93.409A, up to four headings down. Words are compared by
stem: S82.89 "Other fractures of lower leg" says no less than S82.899A "Other fracture of
unspecified lower leg, ..." ("broken ankle"). A query that says a word a code
below the heading in the pool says beyond these ("left", "third trimester", "open",
"sequela") chose it and keeps its order. Only the first hit is read: one attribute check for most queries. Done to the word
ranking and again to the merged hits (the meaning list, agreeing on the heading, lifted it
back).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from copy import copy
from functools import lru_cache
from typing import Protocol, TypeVar

from medcodes.search.text import STOPWORDS, stem, tokens

SYSTEM = "icd10cm"
# What a heading's code says beyond it when it says nothing more of the condition.
# "Asymptomatic" and "Unilateral" are the index's defaults too: a varix of the leg is I83.90,
# an inguinal hernia K40.90. "Encounter" is how a Z code says a heading's visit ("Orthopedic
# aftercare", Z47.89 "Encounter for other orthopedic aftercare"); an initial encounter is the
# seventh character's default, and a subsequent one says "subsequent".
SAYS_NOTHING_MORE = frozenset({"unspecified", "without", "complication", "complications",
                               "uncomplicated", "asymptomatic", "unilateral", "encounter"})
_BRACKETED = re.compile(r"\[[^\]]*\]|\([^)]*\)")
# A clause of "without" or "not", to the next comma: the default when nothing is said of it;
# a "without" ending the title with a list ("without behavioral disturbance, psychotic
# disturbance, mood disturbance, and anxiety", F03.90) to its end.
_NEGATED = re.compile(r"\bwithout\b[^,]*(?:, [^,]*)*, and [^,]*$|\b(?:without|not)\b[^,]*",
                      re.IGNORECASE)
# What a code says "unspecified" of, to the next comma, "of", "with" or "without": a side, an
# ear, a foot, a part of a limb, a trimester, a control ("Lateral epicondylitis, unspecified
# elbow", "Cellulitis of unspecified part of limb", "Anemia complicating pregnancy, unspecified
# trimester") is the code for when that is not said. The clauses of the seventh character and
# of intent a coder takes when nothing is said (the guidelines: active treatment is the initial
# encounter, a fracture not said open is closed, an injury of unknown intent accidental).
# "In pregnancy" is the index's default of a gestational condition ("Diabetes, gestational (in
# pregnancy) O24.41-"): childbirth and the puerperium are said when they are meant. A fracture
# not said displaced or nondisplaced is coded displaced (guidelines I.C.19.c.1), so "Displaced"
# says nothing more ("nondisplaced" is one word, which the boundary keeps out). A chronic
# kidney disease of no said stage is coded with stages 1-4 ("..., or unspecified chronic
# kidney disease", I13.10). "With unspecified" a complication or disorder says one is present,
# of no said kind (F17.219 "Nicotine dependence, cigarettes, with unspecified nicotine-induced
# disorders", E11.8 "... with unspecified complications"): no default, which is the
# "uncomplicated" code (F17.210); only an ulcer's severity, the other party of a collision and
# a glomerular disease's morphology (N04.9 "Nephrotic syndrome with unspecified morphologic
# changes") are unsaid after "with". "Unspecified whether" a kind is the code for when it is
# not said (J96.00 "Acute respiratory failure, unspecified whether with hypoxia or hypercapnia").
_UNSAID = re.compile(r"\bunspecified (?:as to|number of|weeks of|whether)\b[^,]*"
                     r"|\b(?:stage|part|level|site|extent|grade|means|organ involvement)"
                     r" unspecified\b|\bnot applicable or unspecified\b"
                     r"|\bwith stage 1 through stage 4 [^,]*, or unspecified [^,]*"
                     r"|(?<!with )\bunspecified\b(?:\s+(?!of\b|with\b|without\b)[^\s,\[(][^\s,]*)*"
                     r"|\bwith unspecified (?:severity|motor vehicles?|morphologic)\b[^,]*"
                     r"|\binitial encounter(?: for closed fracture)?|(?<!-)\bdisplaced\b"
                     r"|\baccidental(?: \(unintentional\))?|\bin pregnancy\b", re.IGNORECASE)
# What a code of a heading that has no unspecified one says of the kinds its siblings name.
OTHER = frozenset({stem("other"), stem("specified")})
_OTHER_STEM, _SPECIFIED = stem("other"), frozenset({stem("specified")})
# "With unspecified" a complication says one is present (``_UNSAID``): no unspecified code.
_UNSPECIFIED = re.compile(r"(?<!with )\bunspecified\b"
                          r"|\bwith unspecified (?:severity|motor vehicles?|morphologic)\b",
                          re.IGNORECASE)
# "Unspecified weeks of gestation" and "unspecified trimester" say nothing more only of a
# query that says no weeks: one that does ("waters broke at 32 weeks") says which.
_WEEKS_UNSPECIFIED = re.compile(r"\bunspecified (?:weeks of gestation|trimester)\b",
                                re.IGNORECASE)


def _weeks_said(typed: Sequence[str]) -> bool:
    """Does the query say how many weeks ("32 weeks", "at 30 wks")?"""
    return any(w.isdigit() or w in ("week", "wk", "wks") for w in typed)


def _unasked(title: str, typed: Sequence[str]) -> bool:
    """Whether a code's title says a default the query contradicts: unspecified weeks of a
    query that says its weeks."""
    return bool(_WEEKS_UNSPECIFIED.search(title)) and _weeks_said(typed)
_MODIFIER = re.compile(r"\(([^)]*)\)")
# What a word ranking read of how the heading matched, which stands for a code put in its place.
_MATCHED = ("bm25", "coverage", "via", "matched")
DEPTH = 4  # a category, its unspecified subcategory, its unspecified side, its initial encounter


@lru_cache(maxsize=20_000)
def _words(title: str) -> frozenset[str]:
    """A title's content words, without its bracketed synonyms and nonessential modifiers,
    its clauses of "without" or "not" and the words that say nothing more."""
    return frozenset(stem(w) for w in tokens(_NEGATED.sub(" ", _BRACKETED.sub(" ", title)))
                     if w not in STOPWORDS and w not in SAYS_NOTHING_MORE)


def says_complication(query_text: str) -> bool:
    """Whether the query says a complication ("measles with complications"): then it keeps
    its order. "Complicating" is the chapter-15 titles' "in" ("infection of urinary tract
    complicating pregnancy"), no complication of the condition."""
    return any(w.startswith("complic") and w != "complicating" for w in tokens(query_text))


def typed_words(query_text: str) -> list[str]:
    """The query's words as the title words are compared: stemmed ("Other fractures of lower
    leg" says no less than S82.899 "Other fracture of unspecified lower leg")."""
    return [stem(w) for w in tokens(query_text)]


@lru_cache(maxsize=20_000)
def heading_words(title: str) -> frozenset[str]:
    """A heading's content words with its nonessential modifiers: a code below may say one
    plainly ("Hordeolum (externum) (internum) of eyelid", "Hordeolum externum"); the first in
    the tabular order is the index's default (a stye is H00.01-)."""
    return _words(title) | _defaults(title) | frozenset(
        stem(w) for m in _MODIFIER.finditer(title) for w in tokens(m.group(1))
        if w not in STOPWORDS and w not in SAYS_NOTHING_MORE)


@lru_cache(maxsize=20_000)
def _said(title: str) -> frozenset[str]:
    """A code's content words (``_words``) less what it says unspecified and its default
    encounter and intent: what it says beyond the defaults."""
    return _words(_UNSAID.sub(" ", title))


@lru_cache(maxsize=20_000)
def _defaults(title: str) -> frozenset[str]:
    """The content words of a title's clauses of "without" or "not" (its defaults)."""
    return frozenset(stem(w) for m in _NEGATED.finditer(title) for w in tokens(m.group())
                     if w not in STOPWORDS and w not in SAYS_NOTHING_MORE
                     and w not in ("without", "not"))


class Coded(Protocol):
    """A ranked code: a word ranking's candidate or a merged hit."""

    system: str
    code: str
    title: str
    billable: bool
    score: float


C = TypeVar("C", bound=Coded)


def sibling_said(pool: list[C], head: C, typed: list[str]) -> bool:
    """Whether the query says all that a code below the heading in the pool says beyond it
    and the defaults (a side, a trimester, "open", "sequela", "intractable"): then the query
    chose that code, not the defaults. A word of several ("nuts" of "tree nuts and seeds")
    chooses none."""
    said = heading_words(head.title)
    asked = set(typed)
    for c in pool:
        if c.system == SYSTEM and c.code != head.code and c.code.startswith(head.code):
            more = _said(c.title) - said
            if more and more <= asked:
                return True
    return False


def says_no_more(head: Coded, code: Coded, said: frozenset[str], typed: Sequence[str],
                 specified: bool = False) -> bool:
    """Whether ``code``, below ``head`` (whose ``heading_words`` are ``said``), says nothing
    more than it and the defaults, none of them one the query contradicts: the code a coder
    reports for the heading. With ``specified``, below an "Other X" heading, "Other specified
    X" says no more (H40.8 "Other glaucoma" is H40.89 "Other specified glaucoma")."""
    if code.system != SYSTEM or code.code == head.code or not code.code.startswith(head.code):
        return False
    more = _said(code.title) - said
    if more and not (specified and more <= _SPECIFIED and _OTHER_STEM in said):
        return False
    return not _unasked(code.title, typed) and (_defaults(code.title) - said).isdisjoint(typed)


def reported_at(pool: Sequence[C], at: int, said: frozenset[str], typed: Sequence[str]
                ) -> int | None:
    """The place of the first code after ``pool[at]`` that says no more than that heading
    (``says_no_more``); else of the first "Other specified" one below an "Other" heading
    that says no "unspecified" ("Other and unspecified injuries of head" S09 is S09.90XA,
    never S09.8XXA)."""
    head = pool[at]
    for specified in (False, True) if not _UNSPECIFIED.search(head.title) else (False,):
        found = next((i for i in range(at + 1, len(pool))
                      if says_no_more(head, pool[i], said, typed, specified)), None)
        if found is not None:
            return found
    return None


def _joined(first: str, then: str) -> str:
    """Two JSON lists of terms as one."""
    return json.dumps(json.loads(first) + json.loads(then))


def _from_catalog(head: C, said: frozenset[str], typed: list[str],
                  below: Callable[[C], Sequence[C]]) -> C | None:
    """The first billable code below the heading in the tabular order that says nothing more,
    through headings that say nothing more (C57.00 "..., unspecified fallopian tube" is below
    C57.0 "... of fallopian tube", which C57 does not say), read from the catalog when the
    pool has none; none when the query says a word some code below says beyond the defaults
    ("open", "displaced", "delayed healing"): it chose. A heading with no such code is
    reported as its code that says only "other" besides (through headings that do too), when
    neither it nor a code below says "unspecified": the index's NEC, what a coder takes when
    the documentation names none of the kinds listed (T80.5 "Anaphylactic reaction due to serum" is T80.59XA "... due to other serum, initial
    encounter", M62.83 "Muscle spasm" M62.838 "Other muscle spasm")."""
    asked = set(typed)
    seen, quiet = {head.code}, {head.code}  # the codes read; the headings passed through
    others = {head.code}  # the headings passed through that say "other" besides
    # The first that says "unspecified" before one that says the index's "unilateral" (N27.9,
    # not N27.0 "Small kidney, unilateral"), else the first.
    found = other = None
    unspecified = bool(_UNSPECIFIED.search(head.title))  # a kind unsaid is coded: no "other"
    for c in below(head):
        if c.system != SYSTEM or not c.code.startswith(head.code):
            continue  # a block's codes: no heading's
        seen.add(c.code)
        unspecified = unspecified or bool(_UNSPECIFIED.search(c.title))
        more = _said(c.title) - said
        if not (more - OTHER).isdisjoint(asked):
            return None
        if (found is not None and not _UNSPECIFIED.search(c.title)) \
                or not (_defaults(c.title) - said).isdisjoint(asked) or _unasked(c.title, typed):
            continue
        parent = c.code[:-1].rstrip(".X")  # S02.2XXA's is S02.2
        while parent not in seen and len(parent) > len(head.code):
            parent = parent[:-1].rstrip(".X")
        if more:
            if more <= OTHER and other is None and (parent in quiet or parent in others):
                if c.billable:
                    other = c
                else:
                    others.add(c.code)
            continue
        if parent not in quiet:
            if parent in others and other is None:
                if c.billable:
                    other = c
                else:
                    others.add(c.code)
            continue
        if c.billable:
            if found is None or not _UNSPECIFIED.search(found.title):
                found = c
        else:
            quiet.add(c.code)
    return found if found is not None or unspecified else other


NEAR = 3  # how near the lead its heading and the heading's default must be
_NUMBERS = {"one": "1", "two": "2", "i": "1", "ii": "2"}  # "type one diabetes": E10's "1"


def _unasked_lead(pool: list[C], query_text: str) -> None:
    """A code that leads by naming a kind the query does not say gives way to its heading's
    code that says nothing more, when both and the heading are near the top: "type 1
    diabetes" is E10.9 "Type 1 diabetes mellitus without complications", not E10.A0 "...,
    presymptomatic, unspecified", which won word for word by its shorter "unspecified"."""
    if len(pool) < 3:
        return
    lead = pool[0]
    if lead.system != SYSTEM or not lead.billable or len(lead.code) < 5:
        return
    near = pool[1:NEAR + 1]
    head = next((c for c in near if c.system == SYSTEM and not c.billable
                 and c.code == lead.code[:3]), None)
    if head is None:
        return
    said = heading_words(head.title)
    typed = typed_words(query_text)
    # The heading says all the query does: a word it lacks may be what the lead says in its
    # own words ("scrub typhus": A75.3 "Typhus fever due to Rickettsia tsutsugamushi").
    if not all(stem(_NUMBERS.get(w, w)) in said for w in tokens(query_text)
               if w not in STOPWORDS):
        return
    more = _said(lead.title) - said
    if not more or not more.isdisjoint(typed) or says_complication(query_text):
        return
    at = next((i for i, c in enumerate(pool[1:NEAR + 1], 1) if c.system == SYSTEM
               and c.billable and c.code.startswith(head.code) and _said(c.title) <= said
               and (_defaults(c.title) - said).isdisjoint(typed)), None)
    if at is None:
        return
    code = pool[at]
    pool[0], pool[at] = code, lead
    lead.score, code.score = code.score, lead.score


def report_default(pool: list[C], query_text: str,
                   below: Callable[[C], Sequence[C]] | None = None) -> None:
    """Swap a leading heading with its code that says nothing more (places and scores, in
    place): the codes between them keep theirs. ``below`` gives the codes below a heading
    in the tabular order: when the pool holds no such code, the first that says nothing
    more takes its place and the heading goes last ("fractured humerus": S42.30 gives way to
    S42.309A, which the word scan never reached; the codes after it keep their places)."""
    _unasked_lead(pool, query_text)
    for _ in range(DEPTH):
        if not pool:
            return
        head = pool[0]
        if head.billable or head.system != SYSTEM or len(pool) < 2:
            return
        typed = typed_words(query_text)
        if says_complication(query_text):
            return
        said = heading_words(head.title)
        at = next((i for i, c in enumerate(pool) if i and says_no_more(head, c, said, typed)),
                  None)
        if at is None:  # (a code below said in the query stops ``_from_catalog`` too)
            if below is None:
                return
            found = _from_catalog(head, said, typed, below)
            if found is None:
                return
            code = copy(found)  # ``below`` may share its codes
            code.score = head.score
            for name in _MATCHED:
                if hasattr(head, name):
                    setattr(code, name, getattr(head, name))
            if hasattr(head, "terms_json"):  # the heading's terms (and the index's) it reports
                code.terms_json = _joined(head.terms_json, code.terms_json)  # type: ignore[attr-defined]
            rest = [c for c in pool[1:] if c.code != code.code or c.system != code.system]
            head.score = rest[-1].score if rest else head.score
            pool[:] = [code, *rest, head]
            return
        if sibling_said(pool, head, typed):
            return
        code = pool[at]
        pool[0], pool[at] = code, head
        head.score, code.score = code.score, head.score
