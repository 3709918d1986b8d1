"""A count said of a condition ("r rib fx x3", "gout in several joints", "numerous bee
stings"): the titles say "multiple" ("Multiple fractures of ribs", "Idiopathic gout, multiple
sites"), people say a number, "x3", "several".

Chart shorthand "x3" is a token the titles never have, so it counted for nothing and "rib fx
x3" led with S22.39 "Fracture of one rib". Joints counted are the gout and arthritis titles'
"multiple sites": "several joints" read as its words led with M10 "Gout" (no site).
"""

from __future__ import annotations

import re

from medcodes.search.text import tokens

# "x3", "x 3", "×3": a count written as the chart writes it (2 or more).
_TIMES = re.compile(r"(?<!\w)[x×]\s?([2-9]|\d\d)(?!\w)", re.IGNORECASE)
# What "xN" counts in a diagnosis: injuries and lesions ("CABG x3" counts grafts, and is left).
COUNTED = frozenset("""
    fx fxs fracture fractures lac lacs laceration lacerations wound wounds contusion contusions
    abrasion abrasions burn burns bite bites sting stings lesion lesions
    """.split())
# Words that say "more than one" without a number.
SEVERAL = re.compile(r"\b(several|many|numerous|multiple|various)\b", re.IGNORECASE)
# Joints counted: the titles' "multiple sites" (but M01.X9's own "Direct infection of multiple
# joints in infectious and parasitic diseases", as limb_joints restates it).
_JOINTS = re.compile(r"\b(?:in\s+)?(?:several|numerous|multiple)\s+joints\b(?!\s+in\s+infect)",
                     re.IGNORECASE)


def counted(query: str) -> str | None:
    """``query`` with its count said as the titles say it, or None when it says none."""
    joints = _JOINTS.sub("multiple sites", query)
    if joints != query:
        return joints
    if _TIMES.search(query) and not COUNTED.isdisjoint(tokens(query)):
        rest = " ".join(_TIMES.sub(" ", query).split())
        return f"multiple {rest}" if rest and not SEVERAL.search(rest) else rest or None
    return None
