"""A dislocation of a joint that the injury titles name otherwise, restated in their name.

ICD-10-CM titles an elbow's dislocation as one of the "ulnohumeral joint" (S53.1-, whose
inclusion term "Subluxation and dislocation of elbow NOS" its codes do not repeat; the index:
"Dislocation, elbow S53.10-") and a midtarsal one as the "tarsal joint"'s (S93.31-). Said by
the joint's everyday name, an elbow's dislocation found the recurrent and pathological
dislocations of the elbow (M24.42-, M24.32-), whose titles say the word, and ICD-9-CM's "Closed
dislocation of elbow" first. An operation on the joint keeps its name, ICD-10-PCS's "Elbow
Joint".

Left alone: the radial head's dislocation and a pulled (nursemaid's) elbow, whose titles say
them (S53.0-), and a recurrent, pathological, congenital or habitual one (M24, Q68).
"""

from __future__ import annotations

from medcodes.search.text import query_tokens

DISLOCATION = frozenset({"dislocation", "dislocations", "dislocated", "dislocate", "disloc",
                         "dislocat", "subluxation", "subluxed", "sublux", "subluxations"})
# A joint's everyday name and the injury titles' name for it.
NAMES = {"elbow": ("ulnohumeral", "joint"), "elbows": ("ulnohumeral", "joint"),
         "midtarsal": ("tarsal", "joint")}
KEEP = frozenset({"radial", "radius", "head", "nursemaid", "nursemaids", "pulled",
                  "recurrent", "recurring", "pathological", "pathologic", "congenital",
                  "habitual", "chronic", "old"})

# An operation on it ("closed reduction of elbow dislocation"): ICD-10-PCS names the Elbow Joint.
OPERATION = frozenset("""
    reduction reduc reduce reduced reducing orif crif fixation repair arthroplasty replacement
    surgery manipulation relocation
    """.split())


def joint_named_otherwise(query: str) -> str | None:
    """The dislocation query with its joint in the injury titles' name (see the module), else
    None."""
    words = query_tokens(query)
    if DISLOCATION.isdisjoint(words) or not (KEEP | OPERATION).isdisjoint(words):
        return None
    if not any(w in NAMES for w in words):
        return None
    out: list[str] = []
    for i, w in enumerate(words):
        if w in NAMES:
            out.extend(NAMES[w])
            if words[i + 1:i + 2] == ["joint"]:
                continue
        elif w == "joint" and i and words[i - 1] in NAMES:
            continue
        else:
            out.append(w)
    return " ".join(out)
