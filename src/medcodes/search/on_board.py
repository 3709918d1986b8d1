"""A fall on a watercraft said as coders and people say it ("W/craft stair fall-unpow",
"W/crf stair fall-per NOS", "fell down the stairs on a boat", "slipped on deck of a sailboat"):
ICD-10-CM files a fall on a watercraft, on its stairs, ladders or deck, as a "Fall on board"
the craft (V93.3-); a fall off it into the water is a drowning or a fall overboard (V92), and
one in a collision a fall due to the collision (V91.2-). Read as words, "stair" found the falls
on stairs and steps (W10), and ICD-9-CM's clipped "w/craft" lost its "w" (the "with" of "w/")
and left "craft" (an inflatable craft, V93.36). So "w/craft" and its clippings are said as
"watercraft" wherever they stand, and a fall on a watercraft with none of the other accidents
said is restated as the titles' fall on board the craft, without the stairs and deck."""

from __future__ import annotations

import re

from medcodes.search.text import tokens

# ICD-9-CM's clippings of watercraft, whose "w/" the tokenizer reads as "with".
_CLIPPED = re.compile(r"\bw\s*/\s*(?:craft|crft|crf|cft)\b", re.IGNORECASE)
CRAFT = frozenset("""watercraft boat boats ship ships yacht sailboat canoe kayak ferry vessel
    dinghy""".split())
_CUES = ("craft", "boat", "ship", "yacht", "canoe", "kayak", "ferry", "vessel", "dinghy")
FALL = frozenset({"fall", "falls", "fell", "fallen", "falling", "slipped", "tripped"})
# Where on board: the titles' "on board" says them all.
ON_BOARD = frozenset({"stair", "stairs", "steps", "step", "ladder", "deck", "down", "on",
                      "aboard", "board", "onboard"})
PERSON = frozenset({"per", "pers", "person", "nec", "nos"})
# Another accident of the craft: a fall off it, a drowning, a collision, an overturning.
OTHER_ACCIDENT = frozenset("""overboard off drown drowned drowning drowns submersion submers
    collision coll collided capsized capsize overturned overturning sinking sank gangplank
    dock pier into""".split())


def on_board(query: str) -> str | None:
    """The query with "w/craft" said as watercraft, and a fall on a watercraft as the titles'
    fall on board (see the module), else None."""
    low = query.lower()
    if "/" not in low and not any(c in low for c in _CUES):
        return None  # most queries: no watercraft said
    text = _CLIPPED.sub("watercraft", query)
    words = tokens(text)
    said = set(words)
    if CRAFT.isdisjoint(said) or FALL.isdisjoint(said) or not OTHER_ACCIDENT.isdisjoint(said):
        return text if text != query else None
    # ICD-9-CM's "per NEC"/"pers NOS" (the person) is no axis of V93.3's titles.
    rest = [w for w in words if w not in FALL and w not in ON_BOARD and w not in PERSON]
    return " ".join(["fall on board", *rest])
