"""An acute myocardial infarction said by its wall ("AMI anterolateral, init", "acute MI
inferior wall", "STEMI posterolateral"), as ICD-9-CM (410.0-410.6) and the charts name it:
ICD-10-CM names no wall but the anterior and the inferior, and files an infarction by the
coronary artery involved, the index sending a wall with no artery said to the "other coronary
artery" code of its wall ("Infarct, myocardial, ST elevation, anterior (anteroapical)
(anterolateral) (anteroseptal) (wall) NEC I21.09"; "inferior (diaphragmatic) (inferolateral)
(wall) NEC I21.19"; lateral, posterior (true), posterolateral, septal: "specified NEC I21.29";
the tabular's inclusion terms agree, and put an inferoposterior one in I21.11, the right
coronary artery's). Read as words, "anterolateral" is said by no ICD-10-CM title, so
I21.9 and I22 led. Such a query, made of the infarction, its wall and ICD-9-CM's episode of
care (which ICD-10-CM has no axis for: an infarction is acute for four weeks), is restated in
I21's words. One naming an artery, a non-ST elevation or subendocardial infarction, an old or a
subsequent one is left alone."""

from __future__ import annotations

import re

from medcodes.search.text import tokens

# Most queries say no infarction: the reading stops at this one search.
_CUE = re.compile(r"\b(?:a?mi|stemi|infarct\w*|attack)\b", re.IGNORECASE)
# ICD-9-CM's episode of care, said last ("AMI inferior wall,subseq") or in full: a subsequent
# episode is care within the eight weeks, not a subsequent infarction (I22).
_EPISODE = re.compile(r"[,;-]\s*(?:init|initial|subs|subsq|subseq|subsequent)\s*$"
                      r"|\b(?:initial|subsequent)\s+episode(?:\s+of\s+care)?\b", re.IGNORECASE)
INFARCTION = frozenset("mi ami stemi infarct infarction infarctions attack".split())
HEART = frozenset("mi ami stemi myocardial myocard heart true".split())  # "True post infarct"
_ANTERIOR = "anterior ant anterolateral anterolat anteroapical anteroseptal antsept".split()
_INFERIOR = "inferior inferolateral inferolat diaphragmatic".split()
# I21.11's inclusion term: "Inferoposterior transmural (Q wave) infarction (acute)".
_RIGHT = "inferoposterior inferopost inferpost".split()
_OTHER = ("lateral lat posterior posterolateral posterolat posterobasal posteroseptal "
          "septal true nec oth other high apical basal").split()
WALLS = {**dict.fromkeys(_ANTERIOR, "anterior"), **dict.fromkeys(_INFERIOR, "inferior"),
         **dict.fromkeys(_RIGHT, "right"), **dict.fromkeys(_OTHER, "other")}
# Words that say nothing beyond an acute infarction of a wall and its episode of care.
BESIDES = frozenset("""
    acute ac myocardial myocard heart st elevation segment transmural q wave wall walls of the
    site sites involving init initial episode care eoc unspecified unsp
    """.split())
RESTATED = {
    "anterior": "ST elevation myocardial infarction involving other coronary artery of anterior wall",
    "inferior": "ST elevation myocardial infarction involving other coronary artery of inferior wall",
    "right": "ST elevation myocardial infarction involving right coronary artery",
    "other": "ST elevation myocardial infarction involving other sites",
}


def infarct_wall(query: str) -> str | None:
    """I21's words for an acute myocardial infarction said by its wall (see the module), else
    None."""
    if not _CUE.search(query):
        return None
    words = tokens(_EPISODE.sub(" ", query))
    if INFARCTION.isdisjoint(words) or len(words) > 10:
        return None
    if {"infarct", "infarction", "attack"} & set(words) and not HEART.intersection(words):
        return None  # a cerebral, a renal, a splenic infarction; an asthma attack
    said = {**WALLS, "post": "other"} if "true" in words else WALLS  # "True post infarct"
    walls = {said[w] for w in words if w in said}
    if len(walls) != 1:
        return None
    if any(w not in INFARCTION and w not in said and w not in BESIDES for w in words):
        return None  # an artery, a non-ST elevation, an old or subsequent one, a complication
    return RESTATED[walls.pop()]
