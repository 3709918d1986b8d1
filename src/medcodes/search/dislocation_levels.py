"""A cervical vertebra's dislocation said by its ordinal ("dislocation of fourth cervical
vertebra", ICD-9-CM's "Disloc 4th cerv vert-cl"), restated with the vertebra's level.

ICD-9-CM coded a dislocated cervical vertebra by the vertebra (839.01-839.07); ICD-10-CM codes
the joint, by the two levels it joins ("Dislocation of C3/C4 cervical vertebrae", S13.14-).
Said by its ordinal, the words found the vertebra's fracture (S12.3- "fourth cervical
vertebra") and the unspecified dislocation; said by its level ("C4 dislocation") the search
reads the joints above and below it (search.spine_levels). Read only beside a dislocation or
a subluxation and no fracture (a fracture of the vertebra is vertebra_levels' and the titles').
"""

from __future__ import annotations

from medcodes.search.text import query_tokens
from medcodes.search.vertebra_levels import FRACTURE, ORDINALS, VERTEBRA

DISLOCATION = frozenset({"dislocation", "dislocations", "dislocated", "disloc", "dislocat",
                         "subluxation", "subluxed"})
CERVICAL = frozenset({"cervical", "cerv"})
NUMBERED = ("1st", "2nd", "3rd", "4th", "5th", "6th", "7th")
_LEVELS = {w: n for n, w in enumerate(ORDINALS, 1)} | {w: n for n, w in enumerate(NUMBERED, 1)}


def dislocation_level(query: str) -> str | None:
    """The query with a cervical vertebra's ordinal said as its level (see the module), else
    None."""
    low = query.lower()
    if "cerv" not in low or not ("disloc" in low or "subluxat" in low or "subluxed" in low):
        return None
    words = query_tokens(query)
    if DISLOCATION.isdisjoint(words) or not FRACTURE.isdisjoint(words):
        return None
    for i, w in enumerate(words[:-1]):
        if w in _LEVELS and words[i + 1] in CERVICAL:
            end = i + 3 if words[i + 2:i + 3] and words[i + 2] in VERTEBRA else i + 2
            return " ".join([*words[:i], f"c{_LEVELS[w]}", *words[end:]])
    return None
