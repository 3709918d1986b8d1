"""Hypertension said beside heart or kidney disease: the combination code leads.

ICD-10-CM presumes the link (guideline I.C.9.a): hypertension with heart failure or the heart
diseases of I51.4-I51.9 is I11 Hypertensive heart disease, with chronic kidney disease I12
Hypertensive chronic kidney disease, with both I13, the heart failure's and the kidney disease's
own codes added after. The words ranked the component the query says most of first ("htn ckd
stage 3": N18.30, whose title says the stage; "high blood pressure and an enlarged heart":
I51.7 Cardiomegaly); the combination code the query's facts pick (with or without heart
failure, with or without stage 5 or end-stage disease) is put first when it is among the hits.
Gated on the first hit's code: other queries pay one test.
"""

from __future__ import annotations

from copy import copy
from typing import Protocol, TypeVar

from medcodes.search.parsed import ParsedQuery
from medcodes.search.text import tokens

SYSTEM = "icd10cm"
DEEP = 60  # how far down the hits the combination code is looked for
# The components a query leads with: hypertension itself, heart failure and the heart
# diseases I11 includes (I51.4-I51.9), chronic kidney disease.
_HEART = ("I50", "I51.4", "I51.5", "I51.6", "I51.7", "I51.8", "I51.9")
_KIDNEY = ("N18",)
_HYPERTENSION = ("I10", "I1A", "I16")
_COMBINED = ("I11", "I12", "I13")
# Word beginnings of the query and its readings ("htn", "high bp": hypertension).
_SAID = ("hypertens", "htn")
_HEART_SAID = ("heart", "cardiac", "chf", "cardiomegal", "hfref", "hfpef")
_KIDNEY_SAID = ("kidney", "renal", "ckd", "esrd", "eskd", "nephropath")
_FAILURE = ("failur", "chf", "hfref", "hfpef")
_END_STAGE = ("esrd", "eskd", "dialys")


def _says(words: set[str], beginnings: tuple[str, ...]) -> bool:
    return any(w.startswith(beginnings) for w in words)


class Coded(Protocol):
    """A ranked code: a word ranking's candidate or a merged hit."""

    system: str
    code: str
    score: float


C = TypeVar("C", bound=Coded)


def _kind(c: Coded) -> str:
    if c.system != SYSTEM:
        return ""
    if c.code.startswith(_HEART):
        return "heart"
    if c.code.startswith(_KIDNEY):
        return "kidney"
    return "hypertension" if c.code.startswith(_HYPERTENSION) else ""


def _target(heart: bool, kidney: bool, failure: bool, end_stage: bool) -> str:
    """The combination code the facts pick (the tabular list's I11-I13)."""
    if heart and kidney:
        return ("I13.2" if end_stage else "I13.0") if failure else (
            "I13.11" if end_stage else "I13.10")
    if heart:
        return "I11.0" if failure else "I11.9"
    return "I12.0" if end_stage else "I12.9"


def combination_first(hits: list[C], parsed: ParsedQuery) -> None:
    """Put the I11-I13 code of hypertension said with heart or kidney disease first, where a
    component of it leads and the code is among the hits."""
    if not hits or not _kind(hits[0]):
        return
    said = set(tokens(parsed.text))
    for e in parsed.expansions:
        said |= set(tokens(str(e["to"])))
    if not _says(said, _SAID):
        return
    kinds = {_kind(c) for c in hits[:DEEP]}
    # A heart or kidney condition found and said ("hypertension" alone finds I50 codes too).
    heart = "heart" in kinds and (_says(said, _HEART_SAID) or "hf" in said)
    kidney = "kidney" in kinds and _says(said, _KIDNEY_SAID)
    if not heart and not kidney:
        return
    failure = _says(said, _FAILURE) or "hf" in said
    end_stage = _says(said, _END_STAGE) or ("stage" in said and (
        "end" in said or not said.isdisjoint({"5", "v", "five"})))
    target = _target(heart, kidney, failure, end_stage)
    for j in range(1, min(DEEP, len(hits))):
        c = hits[j]
        if c.system == SYSTEM and c.code.split("X")[0] == target:
            lifted = copy(c)
            lifted.score = max(c.score, hits[0].score)
            del hits[j]
            hits.insert(0, lifted)
            return
