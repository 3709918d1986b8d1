"""A baby said as whose condition it is ("my baby has a rash", "rash on baby's face"), read
aside when no title says the baby with the rest: the baby's lay rows would otherwise draw
every newborn's code (R68.12 Fussy infant) before the condition's."""

from __future__ import annotations

import re
from collections.abc import Callable

from medcodes.search.ages import BABY
from medcodes.search.parsed import ParsedQuery, Slot
from medcodes.search.text import stem, tokens

BABY_NAMED = 20  # the rest's matches read for a title named by it
# A baby said as whose condition it is: "my baby has", "our little baby", "baby's bottom".
_WHOSE_BABY = re.compile(r"\b(?:(?:my|our|your|his|her)\s+(?:little\s+)?bab(?:y|ies)\b"
                         r"|bab(?:y|ie)(?:'|\u2019)?s\b)", re.IGNORECASE)


def baby_aside(parsed: ParsedQuery, together: Callable[[Slot, Slot], bool],
               titles: Callable[[list[Slot]], list[str]]) -> None:
    """Drop the baby's slots where ``together`` (a title says the baby slot with another)
    holds for none and a title ``titles`` finds for the rest begins with a word of it ("rash":
    R21 Rash and other nonspecific skin eruption), not one saying it in passing ("screams": a
    coma scale's inappropriate words, where the infant's crying was asked). A baby a title
    says with a word stays ("baby cries for hours": R68.11 Excessive crying of infant)."""
    if not _WHOSE_BABY.search(parsed.text):
        return  # "baby cries for hours", "ultrasound of the baby": what is asked of one
    babies = [s for s in parsed.slots if s.text.lower() in BABY]
    rest = [s for s in parsed.slots if s not in babies]
    if not rest or any(together(b, r) for b in babies for r in rest):
        return
    said = {stem(t) for r in rest for a in r.alternatives for t in a.tokens}
    if not any(stem(w) in said for title in titles(rest) for w in tokens(title)[:1]):
        return
    gone = {s.text for s in babies}
    parsed.slots[:] = rest
    parsed.expansions[:] = [e for e in parsed.expansions if e["from"] not in gone]
