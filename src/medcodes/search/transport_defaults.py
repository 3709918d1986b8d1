"""A transport accident led by a code that says what the query did not: its default instead.

The titles of V00-V99 say who was hurt (driver, passenger, person boarding, unspecified
occupant), on what (a pedestrian on foot or on a skateboard; an electric bicycle or "other
motorcycle"; a merchant ship or an unspecified watercraft), whether it happened in traffic,
and the encounter. A query says some of that ("cyclist hit by car", "motorcycle passenger in
collision with car", "snowmobile driver injured"); what it leaves unsaid is the
classification's default, which the word ranking does not know: word for word "Pedal cycle
driver ... in nontraffic accident" and "Unspecified pedal cyclist ... in traffic accident"
tie, and the first by id wins. The defaults, from the note at the head of V00-V99 and the
guidelines: an accident not said to be traffic or nontraffic is a traffic one in V10-V82 and
V87, a nontraffic one in V83-V86 (special and off-road vehicles), and of a pedestrian (V01-V06,
which have such codes) "unspecified whether traffic or nontraffic"; an unsaid victim, craft
or conveyance is the unspecified one (``reported._said`` drops what a title says
"unspecified"), a pedestrian unsaid to be on anything is on foot, and a motorcycle unsaid to be
electric is "other motorcycle"; the encounter is the initial one (guideline I.C.19.a).

The injured person of legal intervention, war, military operations and terrorism (Y35-Y38)
is chosen the same way: "terrorism, biological weapons" names no one, and of Y38.6X1A "...,
public safety official injured", Y38.6X2A "..., civilian injured" and Y38.6X3A "..., terrorist
injured" the one that says least is the first in the tabular order, the civilian; "unspecified
person injured" (Y35.109A) says nothing at all.

So when an ICD-10-CM transport (or Y35-Y38) code leads, the billable codes of its category that say as
many of the query's words as the lead are weighed by how few words they say beyond the query
and those defaults (then by how many of its words they say); the best, if better than the
lead, is put first ("cyclist hit by car": V13.9XXA, not V13.2XXA or V13.4XXA).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from copy import copy
from functools import lru_cache
from itertools import pairwise
from typing import Any

from medcodes.codes import code_key
from medcodes.search.drill import codes_below
from medcodes.search.parsed import ParsedQuery
from medcodes.search.rank import Candidate
from medcodes.search.reported import C, _said
from medcodes.search.text import STOPWORDS, stem, tokens

SYSTEM = "icd10cm"
TRAFFIC, NONTRAFFIC = stem("traffic"), stem("nontraffic")
# Categories whose accidents are traffic ones unless said (V10-V82, V87), nontraffic ones
# unless said (V83-V86); a pedestrian's (V00-V09) are neither.
OFF_ROAD = ("V83", "V84", "V85", "V86")
# What a title says that no query needs to: a pedestrian "on foot", an unspecified kind of
# motorcycle ("other motorcycle", half a word: a kind said beats it), the initial encounter.
FREE = frozenset(stem(w) for w in ("foot", "injured", "initial", "encounter"))
# "Accident" is the traffic axis's own word ("in traffic accident", "in nontraffic accident").
ACCIDENT = stem("accident")
HALF = frozenset({stem("other")})
# How the query says a nontraffic accident in two words or in shorthand.
NON = frozenset({"non", "n"})
NONTRAFFIC_SAID = frozenset({"nontraffic", "nontraf", "nontraff", "offroad"})
_MATCHED = ("bm25", "coverage", "via", "matched")
TOLD = 2  # the query's words the lead must say
ALSO = 2  # the codes that say one thing more, put after the default
LOOKED = 3  # the first hits looked at for the leading ICD-10-CM code


def is_transport(code: str) -> bool:
    """Is the code one of ICD-10-CM's transport accidents (V00-V99)?"""
    return code[:1] == "V" and code[1:3].isdigit()


def names_the_injured(code: str) -> bool:
    """Does the code's category name who was hurt: a transport accident's victim, or the
    legal intervention's, war's, military operations' and terrorism's (Y35-Y38: a bystander, a
    civilian, military personnel, a public safety official)?"""
    return is_transport(code) or "Y35" <= code[:3] <= "Y38"


def asked_words(parsed: ParsedQuery) -> frozenset[str]:
    """The query's words (stems) as typed and as its slots read them, "non traffic" and its
    shorthand said as "nontraffic"."""
    typed = tokens(parsed.text)
    words = {stem(w) for w in typed}
    words |= {stem(t) for s in parsed.slots for a in s.alternatives for t in a.tokens}
    said_non = any(w in NONTRAFFIC_SAID for w in typed) or any(
        a in NON and b.startswith("traf") for a, b in pairwise(typed))
    if said_non:
        words.discard(TRAFFIC)
        words.add(NONTRAFFIC)
    return frozenset(words)


def _free(category: str) -> frozenset[str]:
    if category in OFF_ROAD:
        return FREE | {NONTRAFFIC}
    if "V10" <= category <= "V82" or category == "V87":
        return FREE | {TRAFFIC}
    return FREE


@lru_cache(maxsize=20_000)
def _all_words(title: str) -> frozenset[str]:
    """A title's content words (stems), its bracketed ones too ("(ATV)")."""
    return frozenset(stem(w) for w in tokens(title) if w not in STOPWORDS)


def _told(title: str, asked: frozenset[str]) -> int:
    """How many of the query's words the title says; "other" (the reading of "NEC") is no
    kind said: "Watercraft fall NEC" is a fall on board an unspecified watercraft."""
    return len((_all_words(title) & asked) - HALF)


def _cost(title: str, category: str, asked: frozenset[str]) -> float:
    """What the title says beyond the query's words and the defaults (less is better)."""
    said = _said(title)
    beyond = set(said - asked - _free(category))
    if {TRAFFIC, NONTRAFFIC} & said:
        beyond.discard(ACCIDENT)
    return len(beyond - HALF) + 0.5 * len(beyond & HALF)


def heading_codes(conn: sqlite3.Connection, code: str, where: str,
                  args: tuple[Any, ...]) -> tuple[Candidate, ...]:
    """The codes below the ICD-10-CM heading ``code`` (``drill.codes_below``)."""
    row = conn.execute("SELECT id FROM concepts WHERE key = ? AND system = ? AND is_default = 1",
                       (code_key(code), SYSTEM)).fetchone()
    return codes_below(conn, int(row[0]), where, args) if row else ()


def transport_default(pool: list[C], parsed: ParsedQuery,
                      below: Callable[[str], Sequence[C]]) -> None:
    """Put first the default code of the leading transport code's category, when it is not
    the lead (in place; ``below`` gives a heading's codes in the tabular order)."""
    at = next((i for i, c in enumerate(pool[:LOOKED]) if c.system == SYSTEM), None)
    if at is None or not names_the_injured(pool[at].code):
        return
    lead = pool[at]
    category = lead.code[:3]
    asked = asked_words(parsed)
    codes = [c for c in below(category) if c.billable and c.system == SYSTEM]
    if not codes:
        return
    # Only codes that say as many of the query's words as the lead, which was ranked for them
    # ("Unspecified pedal cyclist" says "cyclist" where V13 "Pedal cycle rider" says "cycle").
    # A lead that says fewer than two was found by the meaning or a stray word ("heel pain":
    # V00.15 Heelies accident): no transport was told.
    told = _told(lead.title, asked)
    codes = [c for c in codes if _told(c.title, asked) >= told]
    if told < TOLD or not codes:
        return
    ranked = sorted(codes, key=lambda c: (_cost(c.title, category, asked),
                                          -_told(c.title, asked)))
    best = ranked[0]
    if best.code == lead.code or (lead.billable and _cost(lead.title, category, asked)
                                  <= _cost(best.title, category, asked)):
        return
    # The default, then the codes that say one thing more the query left unsaid (its traffic
    # and nontraffic twins of "unspecified whether", its driver and passenger): what a coder
    # who knows more picks instead.
    most = _cost(best.title, category, asked) + 1
    twins = [c for c in ranked[1:] if c.code[7:] == best.code[7:]]  # the same encounter
    chosen = [best, *(c for c in twins[:ALSO] if _cost(c.title, category, asked) <= most)]
    placed = [placed_as_lead(pool, c, lead) for c in chosen]
    rest = [c for c in pool if all(c is not p for p in placed)]
    pool[:] = [*rest[:at], *placed, *rest[at:]]


def placed_as_lead(pool: list[C], best: C, lead: C) -> C:
    """The pool's hit of ``best``'s code, else a copy of it that says how the lead matched;
    scored as the lead."""
    found = next((c for c in pool if c.system == SYSTEM and c.code == best.code), None)
    code = found if found is not None else copy(best)  # ``below`` shares its codes
    if found is None:
        for name in _MATCHED:
            if hasattr(lead, name):
                setattr(code, name, getattr(lead, name))
    code.score = lead.score
    return code
