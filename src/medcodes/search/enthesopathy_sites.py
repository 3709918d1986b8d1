"""An enthesopathy said by its site ("Enthesopathy knee NEC", "enthesopathy of elbow",
"enthesopathy hip region"): ICD-10-CM files them not by joint but by region, and the index
sends each site to its region's code: the hip, the thigh and the knee to "lower limb, excluding
foot" (M76.9 unspecified, M76.89 other specified), the elbow's region to M77.8 "Other
enthesopathies, not elsewhere classified". Their titles never name the
joint, so read as words the query found the joint's arthropathies and M77.9 "Enthesopathy,
unspecified". A query made only of the enthesopathy, such a site and small words is restated as
its region's title. The ankle and foot (M77.5) and the spine (M46.0) are named in their titles
and left as they are, and so is the wrist, whose enthesopathy is its periarthritis (M77.2)."""

from __future__ import annotations

from medcodes.search.text import tokens

ENTHESOPATHY = frozenset("enthesopathy enthesopathies enthesitis".split())
LOWER_LIMB = frozenset("hip hips thigh thighs knee knees patella patellar leg legs tibia "
                       "tibial pelvic pelvis gluteal".split())
ARM = frozenset("elbow elbows forearm forearms".split())
OTHER = frozenset("nec other oth specified spec".split())
# A side said of the lower limb (M76.89- has one; M76.9 and M77.8 have none).
SIDES = {"left": "left", "l": "left", "lt": "left", "right": "right", "r": "right",
         "rt": "right"}
SMALL = frozenset("""
    of the a in at left right l r lt rt bilateral both side region area joint nos unspecified
    unsp lower upper limb
    """.split())


def enthesopathy_region(query: str) -> str | None:
    """The title words of an enthesopathy's region when the query says it by its site (see the
    module), else None."""
    words = tokens(query)
    if ENTHESOPATHY.isdisjoint(words) or len(words) > 7:
        return None
    lower, arm = not LOWER_LIMB.isdisjoint(words), not ARM.isdisjoint(words)
    if lower == arm:
        return None
    known = ENTHESOPATHY | LOWER_LIMB | ARM | OTHER | SMALL
    if any(w not in known for w in words):
        return None
    if arm:
        return "other enthesopathies not elsewhere classified"
    side = next((SIDES[w] for w in words if w in SIDES), "")
    if not OTHER.isdisjoint(words):
        return f"other specified enthesopathies of {side} lower limb excluding foot".replace(
            "  ", " ")
    return "unspecified enthesopathy lower limb excluding foot"
