"""A chore told in an injury story: "fell off a ladder clearing the gutters", "hurt my back
draining the pool", "fell off the ladder removing a wasp nest". The verb says what the person
was doing when hurt (ICD-10-CM's Y93 activity, never first-listed), not an operation done to
them, so its ICD-10-PCS readings (``pcs_operations.tsv``: clearing as Dilation, draining as
Drainage, removing as Excision) go; left, they led with colon dilations and ICD-9-CM
excisions. An operation verb said of a body part ("fell after clearing my throat" aside,
"removing the cast from my arm") keeps its readings, and so does any query that says an
operation was done ("had", "surgery")."""

from __future__ import annotations

from medcodes.search.composed import names_a_part
from medcodes.search.parsed import ParsedQuery
from medcodes.search.procedure_reading import OPERATED, ROOT_OPERATIONS, tells_an_injury
from medcodes.search.slot_edits import drop, drop_readings
from medcodes.search.vocab import Vocabulary

# The words of a mishap told as a story, in the past: the person fell, slipped or was hurt
# ("cut" and the other verbs of ``procedure_reading.HURT_VERBS`` are also an operation's,
# "cutting out a cyst": they tell a mishap said of whom they hurt, ``tells_an_injury``).
MISHAP = frozenset("""
    fell fallen slipped tripped hurt injured twisted sprained strained broke banged bumped
    crashed
    """.split())
# What ends a chore's object: another clause or another thing done.
_CLAUSE = frozenset({"and", "when", "while", "then", "but", "after", "before", "because"})


def _doing(word: str) -> bool:
    """Is the word a verb said as what one was doing ("clearing", "draining")?"""
    return len(word) > 5 and word.endswith("ing")


def _object(words: list[str], i: int) -> list[str]:
    """The words after the verb ``words[i]`` up to the next clause or verb: what it acts on."""
    out: list[str] = []
    for word in words[i + 1:]:
        if word in _CLAUSE or _doing(word):
            break
        out.append(word)
    return out


def chore_not_operated(parsed: ParsedQuery, raw: list[str], vocab: Vocabulary) -> None:
    """In a mishap told (``MISHAP``, ``tells_an_injury``) with no operation said
    (``OPERATED``), a verb said as what one was doing and acting on no body part, organ or
    outer part (``names_a_part``) keeps no reading as a root operation (its procedure
    readings, and a lay row's: "removing" as resection)."""
    if not OPERATED.isdisjoint(raw) or (MISHAP.isdisjoint(raw) and not tells_an_injury(raw)):
        return
    chores = {w for i, w in enumerate(raw) if _doing(w) and not any(
        names_a_part(o, vocab) for o in _object(raw, i))}
    for slot in parsed.slots:
        if slot.text in chores:
            gone = tuple(alt.tokens for alt in slot.alternatives if alt.kind == "procedure")
            if gone:
                drop(parsed, slot, gone)
            for alt in list(slot.alternatives):
                if alt.kind == "lay" and alt.tokens[0] in ROOT_OPERATIONS:
                    drop_readings(parsed, slot, alt.tokens)
