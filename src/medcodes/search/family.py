"""A relative's condition, said as family history.

"my mother had breast cancer", "dad died of a heart attack", "diabetes runs in my family",
"heart disease on my dad's side" do not ask for the relative's own cancer or infarction, nor
the patient's personal history (Z85.3): they say the patient's family history, which
ICD-10-CM codes under Z80-Z84 ("Family history of malignant neoplasm of breast"). A query
says so by how it speaks of the relative: a blood relative with a past or lifelong verb
("had", "died of", "was"), "runs in the family", "in my family", "on my mom's side". The
present ("my mother has dementia") is a carer asking on the relative's behalf, and keeps the
relative's own code; so does a recent event ("dad had a stroke yesterday"). Children and
spouses are not read as family history: "my son had a fever" is the son's.
"""

from __future__ import annotations

from typing import NamedTuple

# Blood relatives whose conditions make a family history (not a spouse, not one's children:
# "my son had croup" is asked for the son).
RELATIVES = frozenset(
    """
    mom mum mother mommy mummy ma dad father daddy pa parent parents brother brothers sister
    sisters sibling siblings grandma grandmother grandpa grandfather granny nan nana gran
    grandad granddad grandparent grandparents grandmothers grandfathers aunt aunts auntie
    uncle uncles cousin cousins twin relative relatives
    """.split()
)
POSSESSIVES = frozenset({"my", "our", "his", "her", "your", "their"})
# Between the possessive and the relative ("my late father", "my maternal grandmother") or
# between the relative and the verb ("my mom and dad both had", "my father also had").
BESIDE = frozenset({"late", "maternal", "paternal", "older", "younger", "elder", "twin",
                    "biological", "and", "both", "also", "all", "s", "side"})
# The relative had it, or has had it all along: "had", "died of", "passed away from", "got",
# "suffered from", "was an alcoholic".
VERBS = frozenset({"had", "died", "passed", "got", "suffered", "was", "were", "dies"})
# After the verb, still how it is said: "died of", "passed away from", "suffered with".
AFTER_VERBS = frozenset({"of", "from", "away", "with"})
# "was" before an event is the relative's own care: "my mother was admitted", "was diagnosed".
EVENTS = frozenset({"admitted", "diagnosed", "told", "taken", "rushed", "found", "hospitalized",
                    "hospitalised", "given", "seen", "sent", "put", "started", "prescribed",
                    "bitten", "hit", "stung"})
# A recent event is the relative's own ("dad had a fall yesterday", "mum just had a stroke").
RECENT = frozenset({"yesterday", "today", "tonight", "just", "recently", "currently", "now",
                    "this", "earlier"})
FAMILY = frozenset({"family", "families"})
# The family clipped before its history, as problem lists and ICD-9-CM write it ("Fm hx
# ovary malignancy", "fam hx diabetes", "Fmly hx-allergic dis").
FAMILY_CLIPPED = frozenset({"fm", "fam", "fmly", "famly", "fmy"})
HISTORY = frozenset({"history", "hx", "hist"})
# Family history as problem lists write it: "FHx colon ca"; "FH" only before "of" ("FH of
# CAD"), alone it is as often familial hypercholesterolemia.
SHORT = frozenset({"fhx"})
SHORT_BEFORE_OF = frozenset({"fh"})
# "runs in my family", "in the family", "on my dad's side", "side of the family".
FAMILY_FRAMES = frozenset({"runs", "run", "running", "in", "on", "the", "of", "side", "sides"})

TITLE_WORDS = ("family", "history")  # what such a query asks of a title


class Framing(NamedTuple):
    """How a query says family history: ``said`` if it does; ``drop``, the positions of the
    words that say it (the relative, the verb, "runs in my family"), not the condition;
    ``literal`` when it says "family history" itself (its words stay and are searched)."""

    said: bool
    drop: frozenset[int]
    literal: bool


NONE = Framing(False, frozenset(), False)


def framing(words: list[str]) -> Framing:
    """Does ``words`` (a query's tokens) say a family history, and by which words?"""
    if not words or not RECENT.isdisjoint(words):
        return NONE
    for i, w in enumerate(words[:-1]):
        if ((w in FAMILY or w in FAMILY_CLIPPED) and words[i + 1] in HISTORY) or w in SHORT or (
                w in SHORT_BEFORE_OF and words[i + 1] == "of"):
            return Framing(True, frozenset(), True)
    drop: set[int] = set()
    for i, w in enumerate(words):
        if w in FAMILY and i > 0:
            drop |= _frame_before(words, i) | {i}
        elif w in RELATIVES:
            span = _relative(words, i)
            drop |= span
    if not drop:
        return NONE
    if all(words[i] in FAMILY for i in drop) and not any(
            words[i - 1] in POSSESSIVES | {"the", "in"} for i in drop if i > 0):
        return NONE  # "family" as a title word ("family planning"): not a relative's
    if len(drop) >= len(words):  # nothing left to search for
        return NONE
    return Framing(True, frozenset(drop), False)


def _frame_before(words: list[str], i: int) -> set[int]:
    """The words before "family" at ``i`` that say whose ("runs in my family", "on my
    mother's side of the family"), if they do; else none."""
    j = i
    while j > 0 and (words[j - 1] in FAMILY_FRAMES or words[j - 1] in POSSESSIVES
                     or words[j - 1] in RELATIVES or words[j - 1] in BESIDE):
        j -= 1
    if j == i or words[i - 1] not in POSSESSIVES | {"the", "our"}:
        return set()
    return set(range(j, i))


def _relative(words: list[str], i: int) -> set[int]:
    """The words that say a relative at ``i`` had the condition ("my late father died of",
    "on my dad's side"), from the possessive to the verb; else none."""
    start = i
    while start > 0 and words[start - 1] in BESIDE | RELATIVES:
        start -= 1
    owned = start > 0 and words[start - 1] in POSSESSIVES
    if owned:
        start -= 1
        if start > 0 and words[start - 1] in ("on", "in"):
            start -= 1
    elif start > 0 and words[start - 1] not in ("and", "both"):
        return set()  # "son of a diabetic mother": a title's words, not a speaker's
    end = i + 1
    while end < len(words) and words[end] in BESIDE | RELATIVES:
        end += 1
    if words[end - 1] in ("side", "sides") or (end < len(words) and words[end] in ("side",)):
        return set(range(start, end + (words[end - 1] not in ("side", "sides"))))
    if end < len(words) and words[end] in VERBS:
        if words[end] in ("was", "were") and end + 1 < len(words) and words[end + 1] in EVENTS:
            return set()
        end += 1
        while end < len(words) and words[end] in AFTER_VERBS:
            end += 1
        return set(range(start, end))
    return set()
