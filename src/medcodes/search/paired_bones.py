"""A fracture of the forearm's or the leg's two bones said "with" the second one ("Fx up radius w
ulna-open", "fracture of upper end of tibia with fibula"), restated as the two bones said together.

ICD-10-CM has no code for both bones: each is coded by its own fracture (S52.0-/S52.1-,
S82.1-/S82.8-), and a query that names both with "and" is read as one slot either bone says
(search.sides). Said with "with", as ICD-9-CM's titles do, the second bone was read as the
"with" of a title ("Stress fracture, ... ulna and radius", "with routine healing") and the
fracture of either bone's part came after the pathological and stress fractures, or not at
all. The short titles' "rad" beside the ulna is the radius.
"""

from __future__ import annotations

from medcodes.search.text import query_tokens

FRACTURE = frozenset({"fx", "fxs", "fracture", "fractures", "fractured", "broken", "broke"})
# Each bone (as said) and the bone it is paired with (as the titles name it).
PAIRS = {"radius": "ulna", "rad": "ulna", "radial": "ulna", "ulna": "radius",
         "ulnar": "radius", "tibia": "fibula", "tib": "fibula", "tibial": "fibula",
         "fibula": "tibia", "fib": "tibia", "fibular": "tibia"}
NAMED = {"rad": "radius", "radial": "radius", "ulnar": "ulna", "tib": "tibia",
         "tibial": "tibia", "fib": "fibula", "fibular": "fibula"}
WITH = frozenset({"w", "with"})


def paired_bones(query: str) -> str | None:
    """The query with a bone's "with" its pair said as "and" (see the module), else None."""
    words = query_tokens(query)
    if FRACTURE.isdisjoint(words) or WITH.isdisjoint(words):
        return None
    for i, w in enumerate(words[:-2]):
        if w in PAIRS and words[i + 1] in WITH and NAMED.get(words[i + 2],
                                                             words[i + 2]) == PAIRS[w]:
            first = NAMED.get(w, w)
            return " ".join([*words[:i], first, "and", PAIRS[first], *words[i + 3:]])
    return None
