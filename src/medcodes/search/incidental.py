"""Codes a query matched by an incidental word: what the ranking lowers when the query does
not ask for their kind.

The external causes' activity, place and status codes say everyday words ("Activity,
running"), and injury codes name body parts ("Contusion of scalp"); a query that says a
symptom with one of those words ("running a temperature", "itchy scalp with flakes") is not
asking for them. :func:`.rank.rerank` and :func:`.hybrid.reorder_meaning` read these.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from medcodes.search.text import stem
from medcodes.search.vocab import read_rows

if TYPE_CHECKING:
    from medcodes.search.parsed import Slot

# The activity, place and status codes of the external causes (ICD-10-CM Y92 place of
# occurrence, Y93 activity, Y99 status; ICD-9-CM E000-E030 and E849) name what a person was
# doing and where, in everyday words ("Activity, running", "Kitchen in private house"): they
# are coded beside an injury, and asked for by naming the activity or place, all of it. One
# that says only some of the query's words matched an incidental word ("running a
# temperature": Y93.02 Activity, running).
CIRCUMSTANCE_PARTIAL_DROP = 1.0
# An injury code (ICD-10-CM S00-T34, ICD-9-CM 800-959) for a query that says no injury in any
# reading ("itchy scalp with flakes" is no S00.03 Contusion of scalp, "can't stop washing my
# hands" no S62.9 Fracture of hand): the body part alone matched it.
INJURY_UNSAID_DROP = 0.5
# What an injury is, as people name it ("broke", "sprained", "whiplash", "bitten"): the words
# of an injury code, not of an external cause's how alone ("fell", "hit").
INJURY_NATURES = frozenset(stem(w) for w in """
    injury injuries injured injure hurt hurts fracture fractured fx broke broken break breaks
    cut cuts laceration lac lacerated bruise bruised bruising contusion sprain sprained strain
    strained wound wounded burn burned burnt scald scalded dislocation dislocated concussion
    whiplash torn tear tore puncture abrasion scrape scraped graze grazed frostbite amputation
    amputated avulsion rupture ruptured bite bites bitten bit sting stung scratch scratched
    crush crushed splinter splinters sliver
    """.split())
# The words that say an injury of no kind: with no part named either ("War inj:gasoline bomb",
# the ICD-9-CM short title of a cause), T14.9 Injury, unspecified is no injury told.
INJURY_ANY_KIND = frozenset(stem(w) for w in "injury injuries injured injure hurt hurts".split())
INJURY_CUES = INJURY_NATURES | frozenset(stem(w) for w in """
    fall falls fell fallen trauma traumatic crash accident hit struck twist twisted blow gsw
    mva mvc shot stab stabbed foreign pulled jammed stubbed tripped slipped
    collision assault assaulted attacked punched kicked dog sequela subsequent initial
    encounter displaced nondisplaced open closed snap snapped rolled popped knocked banged
    smashed sliced slammed landed collided bashed nicked gashed whacked skinned tweaked
    """.split())
# An external cause (not an activity, place or status: ``CIRCUMSTANCE_PARTIAL_DROP``) that
# does not say the injury a query names, its kind or the part hurt, when an injury code says
# them all: an external cause code is never first-listed (ICD-10-CM guideline I.C.20), so
# the best such injury code scores this much over the first cause, leading it: "whiplash
# after getting rear-ended" is S13.4 Sprain of ligaments of cervical spine, then V43 Car
# occupant injured in collision. Only that code moves: the causes keep
# their places over codes that match less. A query that tells only how it happened ("fell
# off a ladder", "bitten by a dog") names no injury; a cause no injury code matches keeps
# its place ("splinter in my palm": W45 is more than an unmatched palm).
CAUSE_AFTER_INJURY = 0.01
# The same for a condition said before the mishap it came after ("back pain after a car
# accident", "PTSD since the crash", "headache following a fall"): the best code that says
# every slot the first external cause does not leads it by ``CAUSE_AFTER_INJURY`` (M54.9
# Dorsalgia over V49.9 Car occupant injured); only with one of these words, so that a query
# telling only how it happened ("fell off a ladder at work") keeps its cause first.
AFTER_CUES = frozenset({"after", "since", "following"})


# The body's substances body_parts.tsv names, no part one hurts ("fell off a stool").
_SUBSTANCES = frozenset("bile stool feces urine".split())


@cache
def injury_words() -> frozenset[str]:
    """The stems that name an injury: its kind (``INJURY_NATURES``) or a part of the body
    (``data/injury_sites.tsv``, ``data/body_parts.tsv``)."""
    parts = {part for part, _ in read_rows("injury_sites.tsv") if " " not in part} | {
        w for row in read_rows("body_parts.tsv") if row[0] not in _SUBSTANCES for w in row}
    return INJURY_NATURES | frozenset(stem(w) for w in parts)


# Said before the thing an injury happened on or with ("burned my forearm on the oven door",
# "cut my hand with a knife"): the words after them tell how, not what was hurt.
_HOW_WORDS = frozenset({"on", "with", "against"})


def injury_told(slots: list[Slot], words: list[str]) -> list[int]:
    """The places of ``slots`` that say an injury's kind (``INJURY_NATURES``) or the part
    hurt, for a query that says both and, after "on", "with" or "against" (``words``, the
    query's words in order), a thing that is neither ("burned my forearm on the oven door");
    empty for any other query. A search short of matches for every word looks for these
    together too, not only for its rarest words."""
    if _HOW_WORDS.isdisjoint(words):
        return []
    told = injury_words()
    said = [{stem(t) for alt in slot.alternatives for t in alt.tokens} & told
            for slot in slots]
    if all(s.isdisjoint(INJURY_NATURES) for s in said) or all(s <= INJURY_NATURES
                                                               for s in said):
        return []
    start = min(words.index(w) for w in _HOW_WORDS if w in words)
    after = set(words[start + 1:])
    if not any(not said[i] and after.issuperset(slot.text.lower().split())
               for i, slot in enumerate(slots)):
        return []
    return [i for i, s in enumerate(said) if s]


# How an injury happened: the cue words that say neither its kind nor its encounter.
_MISHAPS = INJURY_CUES - INJURY_NATURES - frozenset(stem(w) for w in """
    sequela subsequent initial encounter displaced nondisplaced open closed trauma traumatic
    """.split())


def injury_said_whole(slots: list[Slot]) -> list[int]:
    """The places of the slots that each say an injury's kind and the part hurt ("broke his
    hip", read as "fracture of neck of femur"), when every other slot says only how it
    happened ("fell", "tripped": ``_MISHAPS``); else none. A search short of matches for
    every word looks for these alone too."""
    parts = body_words()
    whole: list[int] = []
    for i, slot in enumerate(slots):
        said = {stem(t) for alt in slot.alternatives for t in alt.tokens}
        if not said.isdisjoint(INJURY_NATURES) and not said.isdisjoint(parts):
            whole.append(i)
        elif said.isdisjoint(_MISHAPS) or not said.isdisjoint(parts):
            return []
    return whole if len(whole) < len(slots) else []


@cache
def body_words() -> frozenset[str]:
    """The stems of ``injury_words`` that name a part of the body, not an injury's kind
    (remembered: several readers ask it of every query)."""
    return injury_words() - INJURY_NATURES


def circumstance(system: str, code: str) -> bool:
    """Is this an external cause's activity, place or status code (``CIRCUMSTANCE_PARTIAL_DROP``)?"""
    if system == "icd10cm":
        return code.startswith(("Y92", "Y93", "Y99"))
    return system == "icd9cm" and code.startswith(("E00", "E01", "E02", "E030", "E849"))


def external_cause(system: str, code: str) -> bool:
    """Is this an external cause of injury (ICD-10-CM V00-Y99, ICD-9-CM E800-E999)?"""
    if system == "icd10cm":
        return code[:1] in "VWXY"
    return system == "icd9cm" and code[:1] == "E"


def drug_cause(system: str, code: str) -> bool:
    """Is this a drug's poisoning, adverse effect or underdosing (ICD-10-CM T36-T50, ICD-9-CM
    960-979 and E930-E949), the cause a condition from a medicine is coded after?"""
    if system == "icd10cm":
        return code[:1] == "T" and "36" <= code[1:3] <= "50"
    return system == "icd9cm" and ("960" <= code[:3] <= "979" or "E930" <= code[:4] <= "E949")


def injury(system: str, code: str) -> bool:
    """Is this an injury, burn or frostbite code (``INJURY_UNSAID_DROP``)?"""
    if system == "icd10cm":
        return code[0] == "S" or (code[0] == "T" and code[1:3] < "35")
    return system == "icd9cm" and code[:1].isdigit() and "800" <= code[:3] <= "959"


# An external cause that says an intent other than an accident (assault, self-harm, undetermined
# intent, legal intervention, war, terrorism: ICD-10-CM X71-Y38, ICD-9-CM E950-E999) for a query
# that says none: "If the intent ... is unknown or unspecified, code the intent as accidental"
# (guideline I.C.20.f), so "spilled boiling water on my hand" is X12 Contact with other hot
# fluids, not X98.2 Assault by hot fluids, whose title only says fewer other words.
INTENT_UNSAID_DROP = 0.3
INTENT_CUES = frozenset(stem(w) for w in """
    assault assaulted attack attacked attacker mugged mugging punched punch stabbed stab
    stabbing beaten beating beat fight fighting fought abuse abused abuser violence domestic
    murder homicide rape raped robbed robbery burglar intruder shooter shooting suicide
    suicidal intentional intentionally deliberate deliberately purposely purpose self harm
    harming undetermined intent legal police war military terrorism terrorist terror
    strangled choked kidnapped someone somebody husband wife boyfriend girlfriend
    """.split())


def intent(system: str, code: str) -> bool:
    """Does this external cause say an intent other than an accident (``INTENT_UNSAID_DROP``)?"""
    if system == "icd10cm":
        return "X71" <= code[:3] <= "Y38"
    return system == "icd9cm" and "E950" <= code[:4] <= "E999"
