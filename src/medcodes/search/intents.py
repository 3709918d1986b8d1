"""A poisoning or toxic effect whose intent the query leaves unsaid, shown as the accidental one.

ICD-10-CM codes a poisoning, a toxic effect or an asphyxiation (T36-T71) by its intent:
accidental, intentional self-harm, assault or undetermined. The guidelines (I.C.19.e.5.b) say
that a poisoning of unknown or unstated intent is coded accidental, and undetermined only when
the record says the intent cannot be told. The words and the meaning lists know nothing of
this: the meaning neighbours of "poisoning by BCG vaccine" are the assault and undetermined
codes as readily as the accidental one, and a word ranking ties them. So on the first page a
code that says an intent the query does not say gives way to its accidental sibling (swapped
with it when the page holds it, else replaced by it), and a heading that says an intent (no
seventh character) to its initial encounter, the seventh character a coder takes when nothing
is said (I.C.19.a). A query that says an intent ("assault", "suicide attempt", "self harm",
"to kill myself", "to end my life", "undetermined") keeps its page. Read only where a hit of
the page is a T code: one look at each of ten codes for most queries.
"""

from __future__ import annotations

import re
import sqlite3

from medcodes.search.text import stem, tokens
from medcodes.search.types import Hit

SYSTEM = "icd10cm"
PAGE = 10  # the hits read
# What a title says of an intent other than the default, and what says the default.
_OTHER_INTENT = re.compile(r", (?:intentional self-harm|assault|undetermined)\b")
_ACCIDENTAL = re.compile(r", accidental \(unintentional\)")
_ENCOUNTER = re.compile(r"\b(?:initial|subsequent) encounter\b|\bsequela\b")
# Words of a query that say an intent: then the hits are as it asked.
SAYS_INTENT = frozenset(stem(w) for w in (
    "assault", "assaulted", "attack", "attacked", "homicide", "homicidal", "intentional",
    "intentionally", "deliberate", "deliberately", "purpose", "purposely", "self", "suicide",
    "suicidal", "undetermined", "intent", "abuse", "abused", "maltreatment", "kill", "life",
    "harm", "die"))
_ROW = ("SELECT code, title, kind, billable, chapter FROM concepts"
        " WHERE key = ? AND system = ? AND is_default = 1")


def _key(code: str) -> str:
    return code.replace(".", "").upper()


def _dotted(key: str) -> str:
    return f"{key[:3]}.{key[3:]}" if len(key) > 3 else key


def _accidental_key(hit: Hit) -> str | None:
    """The key of the code that says what ``hit`` says with an accidental intent and, for a
    heading, the initial encounter; none when the hit says no intent."""
    key = _key(hit.code)
    other = _OTHER_INTENT.search(hit.title)
    if other is None and (hit.billable or not _ACCIDENTAL.search(hit.title)):
        return None
    seventh = key[6:7] if len(key) == 7 else ""
    stem_ = key[:6].rstrip("X")  # T58.01XA's intent is its fifth character, T56.0X3A's sixth
    if other is not None:
        if not stem_ or stem_[-1] not in "234":
            return None
        stem_ = stem_[:-1] + "1"
    if not seventh and _ENCOUNTER.search(hit.title) is None:
        seventh = "A"
    return stem_.ljust(6, "X") + seventh if seventh else stem_


def intent_default(conn: sqlite3.Connection, hits: list[Hit], query: str) -> None:
    """Show, in place, the accidental initial-encounter code for each hit of the first page
    that says another intent (or, as a heading, none) where the query says none."""
    if not any(h.system == SYSTEM and h.code[:1] == "T" for h in hits[:PAGE]):
        return
    if not SAYS_INTENT.isdisjoint(stem(w) for w in tokens(query)):
        return
    for i in range(min(PAGE, len(hits))):
        hit = hits[i]
        if hit.system != SYSTEM or hit.code[:1] != "T":
            continue
        key = _accidental_key(hit)
        if key is None or key == _key(hit.code):
            continue
        at = next((j for j, h in enumerate(hits) if h.system == SYSTEM
                   and _key(h.code) == key), None)
        if at is not None:
            if at > i:
                hits[i], hits[at] = hits[at], hits[i]
                hits[i].score, hits[at].score = hits[at].score, hits[i].score
            continue
        row = conn.execute(_ROW, (key, SYSTEM)).fetchone()
        if row is None or not row[3]:
            continue
        code, title, kind, billable, chapter = row
        hits[i] = Hit(system=SYSTEM, code=str(code), title=str(title), billable=bool(billable),
                      kind=str(kind), score=hit.score, chapter=chapter, via=hit.via)
