"""An open wound said with a foreign body, or ICD-9-CM's "complicated" one, restated as the
titles' laceration with foreign body.

ICD-10-CM splits an open wound by its kind (laceration, puncture wound, open bite) and by a
foreign body in it; the index files an open wound with a foreign body under the laceration
with foreign body ("Wound, open, foot, with foreign body S91.32-"). ICD-9-CM's complicated
open wound is one with a foreign body, a delayed healing or treatment, or an infection; of
these ICD-10-CM's wound titles keep only the foreign body (an infection is coded as itself).
Read as words, "open wound of foot with foreign body" led with the puncture wound with foreign
body (its titles say "wound"), and "Open wound foot-compl" found only the wound without one.

Left alone: a laceration or puncture said without "complicated" (its own titles' words), a
wound said infected or with a delayed healing (the complication is not a foreign body), one
said without a foreign body, a superficial foreign body, a bite, and a wound operated on or
told as a story (``wound_sites``), and an ear drum's (its traumatic rupture has no foreign
body: ``wound_sites``).
"""

from __future__ import annotations

from medcodes.search.text import query_tokens
from medcodes.search.wound_sites import COMPLICATED, OPERATION, TOLD

OPEN_WOUND = frozenset({"wound", "wounds", "wnd"})
LACERATION = frozenset({"laceration", "lacerations", "lac", "lacerat"})
OPEN = frozenset({"open", "opn"})
FB = frozenset({"fb", "fbs"})
FOREIGN_BODY = ("foreign", "body")
WITH = frozenset({"with", "w"})
# The site's NOS says nothing the restated wound needs ("Open wnd face NOS-compl" found T16.9
# "Foreign body in ear" with it).
NOS = frozenset({"nos"})
# A wound of another kind or complication: its own titles, or a complication coded as itself.
OTHER = frozenset("""
    puncture bite bitten gunshot stab superficial without no infected infection infect inf
    delayed healing nonhealing cellulitis abscess surgical surg surgcl postop postoperative
    operative incision dehiscence disruption pressure ulcer burn drum eardrum tympanic
    """.split())
_CUES = ("wound", "wnd", "lac")  # a query saying none leaves at once


def foreign_body_wound(query: str) -> str | None:
    """The query as a laceration with foreign body of its site (see the module), else None."""
    low = query.lower()
    if not any(cue in low for cue in _CUES):
        return None
    words = query_tokens(query)
    wound = not OPEN_WOUND.isdisjoint(words)
    lacerated = not LACERATION.isdisjoint(words)
    if not (wound or lacerated) or not (OTHER | TOLD | OPERATION).isdisjoint(words):
        return None
    fb_at = _foreign_body_at(words)
    complicated = not COMPLICATED.isdisjoint(words)
    if not complicated and (fb_at is None or not wound):
        return None
    drop = set() if fb_at is None else set(fb_at)
    if fb_at is not None and fb_at[0] > 0 and words[fb_at[0] - 1] in WITH:
        drop.add(fb_at[0] - 1)
    rest = [w for i, w in enumerate(words) if i not in drop and w not in COMPLICATED
            and w not in OPEN and w not in OPEN_WOUND and w not in LACERATION and w not in NOS]
    return " ".join(["laceration", "with", "foreign", "body", *rest])


def _foreign_body_at(words: list[str]) -> tuple[int, ...] | None:
    """The positions of a foreign body said ("FB", "foreign body"), or None."""
    for i, w in enumerate(words):
        if w in FB:
            return (i,)
        if tuple(words[i:i + 2]) == FOREIGN_BODY:
            return (i, i + 1)
    return None
