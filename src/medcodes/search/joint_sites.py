"""A joint's sign said with the generic word beside the joint it is of ("joint pain shoulder",
"Joint pain-shlder", "joint swelling ankle"): the titles of a named joint's sign leave out the
generic word ("Pain in shoulder", "Stiffness of knee", "Effusion, ankle and foot"), so read
with it the query's "joint pain" formed M25.5 "Pain in joint" / M25.50 "Pain in unspecified
joint" and outranked the joint's own code. Such a query is restated without the generic word;
a swelling of a joint is its effusion (the index: "Swelling, joint - see Effusion, joint").

Left as they are: the generic word alone ("joint pain", "left joint pain", "Joint
pain-unspec"), a cause said with it, a limb rather than a joint, and the sites whose titles
keep it ("Pain in joints of hand", "of foot"; the jaw's and spine's joints).
"""

from __future__ import annotations

from medcodes.search.text import tokens

GENERIC = frozenset({"joint", "joints"})
# A joint's sign, and the word its titles say it with.
SIGNS = {"pain": "pain", "pains": "pain", "ache": "pain", "aches": "pain", "stiffness": "stiffness",
         "stiff": "stiffness", "swelling": "effusion", "swollen": "effusion",
         "effusion": "effusion"}
# Sites whose titles say the generic word ("joints of hand").
KEEPS_IT = frozenset("""
    hand hands finger fingers foot feet toe toes jaw temporomandibular tmj spine spinal vertebra
    vertebral sacroiliac si facet
    """.split())
# Words that say the query is of no one joint, or of a cause ("joint pain from psoriasis":
# psoriatic arthropathy), or of a limb rather than a joint ("Joint effusion-l/leg").
NOT_ONE_JOINT = frozenset("""
    unspec unspecified nos site sites multiple several various all from due because after with
    since leg legs arm arms limb limbs extremity extremities
    """.split())
# Words that name no site.
NO_SITE = frozenset("""
    left right l r lt rt bilateral both my in of the a and at on
    """.split())


def joint_named(query: str) -> str | None:
    """The query without its generic joint word when it names the joint (see the module),
    else None."""
    words = tokens(query)
    if len(words) > 6 or GENERIC.isdisjoint(words) or not any(w in SIGNS for w in words):
        return None
    rest = [w for w in words if w not in GENERIC and w not in SIGNS]
    if all(w in NO_SITE for w in rest) or not (KEEPS_IT | NOT_ONE_JOINT).isdisjoint(rest):
        return None
    if any(w.isdigit() for w in rest):
        return None
    return " ".join(SIGNS.get(w, w) for w in words if w not in GENERIC)
