"""A visit again about an injury is its subsequent encounter.

ICD-10-CM's injury codes (S00-T88) take a 7th character for the encounter: "initial encounter"
while the injury is actively treated, "subsequent encounter" once it is healing and is seen
again (guideline I.C.19.a: cast change or removal, medication adjustment, follow-up visits).
People say that visit as a follow-up or a recheck ("follow up for broken arm", "recheck
sprained ankle"), words no injury title holds. So, beside an injury said in the query, those
words read as "subsequent encounter" (and, of a fracture, as the one that heals as expected:
"subsequent encounter for fracture with routine healing", the 7th character D; delayed healing,
nonunion and malunion are what a query would say). Without an injury ("follow up visit",
"follow-up exam") they keep their own sense: Z09's "follow-up examination".
"""

from __future__ import annotations

from medcodes.search.parsed import Alternative, ParsedQuery, Slot
from medcodes.search.text import stem

# A visit again, as words in a row.
FOLLOW_UPS: tuple[tuple[str, ...], ...] = (
    ("follow", "up"), ("followup",), ("recheck",), ("rechecking",), ("re", "check"),
)
# The title words of injuries that take an encounter character (their stems), as the query's
# readings say them ("broken arm" reads as "fracture of humerus").
INJURIES = frozenset(stem(w) for w in (
    "fracture sprain strain dislocation subluxation laceration wound contusion burn"
    " concussion injury bite crushing tear").split())
FRACTURE = stem("fracture")
SUBSEQUENT = ("subsequent", "encounter")
HEALING = ("routine", "healing")


def _span(parsed: ParsedQuery) -> tuple[int, int] | None:
    """The slots (start, end) that say a follow-up, or None."""
    texts = [s.text.lower() for s in parsed.slots]
    for i in range(len(texts)):
        for words in FOLLOW_UPS:
            n = len(words)
            said = tuple(t for s in texts[i : i + n] for t in s.split())
            if said == words and len(texts[i : i + n]) == n:
                return i, i + n
            if n > 1 and texts[i] == " ".join(words):  # one slot of a phrase
                return i, i + 1
    return None


def _injury_stems(slots: list[Slot]) -> set[str]:
    return {stem(t) for s in slots for alt in s.alternatives for t in alt.tokens} & INJURIES


def subsequent_encounter(parsed: ParsedQuery) -> None:
    """Read a follow-up said beside an injury as its subsequent encounter (in place)."""
    span = _span(parsed)
    if span is None:
        return
    start, end = span
    others = parsed.slots[:start] + parsed.slots[end:]
    injuries = _injury_stems(others)
    if not injuries:
        return
    text = " ".join(s.text for s in parsed.slots[start:end])
    typed = tuple(t for s in parsed.slots[start:end] for t in s.alternatives[0].tokens)
    readings: list[tuple[str, ...]] = [SUBSEQUENT + HEALING] if FRACTURE in injuries else []
    readings.append(SUBSEQUENT)
    merged = {s.text for s in parsed.slots[start:end]}  # "up" is no longer "upper"
    parsed.slots[start:end] = [Slot(text, [Alternative(typed, "original"),
                                           *(Alternative(r, "encounter") for r in readings)])]
    parsed.expansions[:] = [e for e in parsed.expansions if e["from"] not in merged]
    parsed.expansions.extend({"from": text, "to": " ".join(r), "kind": "encounter"}
                             for r in readings)
