"""A burn said as coders and clinicians say it, restated as the T20-T32 titles say it.

The burn titles name a limb by its region: T22 "Burn of ... degree of shoulder and upper limb,
except wrist and hand" (its multiple sites T22.x9), T24 "... of lower limb, except ankle and
foot"; a burn by a chemical is a "Corrosion" (T20.4-T28.9: "chemical burn of eyelid", T26.5
Corrosion of eyelid and periocular area); a burn whose site is not said is T30.0 "Burn of
unspecified body region". People say "burn of arm, multiple sites", "leg", "chemical burn", "acid
burn", "burn NOS", and ICD-9-CM's third degree "with loss of a body part" ("3rd brn w loss"),
which ICD-10-CM codes as the third degree alone. Read as they were, "arm" found the hand's and
the upper arm's codes first, "chemical" nothing, "loss" the visual and hearing losses, and "burn
NOS" one site's unspecified code.

So in a query that says a burn (``BURN``): a bare arm or leg (not an upper arm, a lower leg or a
forearm) is the titles' upper or lower limb, a chemical, an acid or an alkali before the burn
is its corrosion, a degree said with a numeral ("3 deg") its ordinal, the loss said beside a third degree burn and its "deep" (ICD-9-CM's deep third degree) are
dropped, and a burn said with no
site ("NOS", "site unspecified") is of the unspecified body region.
"""

from __future__ import annotations

from medcodes.search.text import query_tokens

BURN = frozenset({"burn", "burns", "brn", "burned", "burnt", "scald", "scalds", "scalded"})
LIMBS = {"arm": ["upper", "limb"], "arms": ["upper", "limb"], "leg": ["lower", "limb"],
         "legs": ["lower", "limb"]}
# A part of a limb the titles name ("upper arm" T22.x3, "lower leg" T24.x3): left as said.
PART_BEFORE = frozenset({"upper", "lower", "up", "low", "fore"})
DEGREES = {"1": "first", "1st": "first", "first": "first", "2": "second", "2nd": "second",
           "second": "second", "3": "third", "3rd": "third", "third": "third"}
DEG = frozenset({"deg", "degree", "degrees", "dgr"})
CHEMICAL = frozenset({"chemical", "chem", "acid", "alkali", "alkaline", "caustic", "lye",
                      "bleach"})
THIRD = frozenset({"3rd", "third", "3"})
LOSS_AFTER = frozenset({"of", "body", "part", "tissue", "tissues"})
# A burn told as a story ("scalded my arm with water from the kettle", "chemical burn from
# bleach on my hands"): its limb and its chemical are the lay readings' (search.contact,
# search.mishaps, site_parts), which the titles' words would only disturb.
TOLD = frozenset({"my", "his", "her", "their", "from", "by", "after", "when", "while"})
# Words that say no site.
NO_SITE = frozenset({"nos", "unspecified", "unspec", "site", "unknown"})
# Words of a burn that name no site either (its degree, its kind, joining words).
NOT_A_SITE = BURN | NO_SITE | frozenset("""
    1st 2nd 3rd first second third 1 2 3 deg degree degrees of the a with w and partial full
    thickness superficial deep
    """.split())


def burn_restated(query: str) -> str | None:
    """The burn query in the titles' words (see the module), else None."""
    words = query_tokens(query)
    if BURN.isdisjoint(words):
        return None
    out: list[str] = []
    changed = False
    third = not THIRD.isdisjoint(words)
    told = not TOLD.isdisjoint(words) or any(
        w in ("with", "w") and words[i + 1:i + 2] != ["loss"] for i, w in enumerate(words))
    i, n = 0, len(words)
    while i < n:
        w = words[i]
        before = words[i - 1] if i else ""
        if w in DEGREES and words[i + 1:i + 2] and words[i + 1] in DEG:
            out.extend((DEGREES[w], "degree"))  # "3 deg": the titles' "third degree"
            changed = changed or w != DEGREES[w] or words[i + 1] != "degree"
            i += 1
        elif w == "brn":  # the short titles' burn, which the speller takes for a brain
            out.append("burn")
            changed = True
        elif w in LIMBS and before not in PART_BEFORE and not told:
            out.extend(LIMBS[w])
            changed = True
        elif w in CHEMICAL and i + 1 < n and words[i + 1] in BURN and not told:
            out.append("corrosion")
            changed = True
            i += 1  # the burn is the corrosion
        elif w == "deep" and third:  # ICD-9-CM's deep third degree: ICD-10-CM's third
            changed = True
        elif w == "loss" and third and before in ("w", "with") and (
                words[i + 1:i + 2] != ["of"] or words[i + 2:i + 3] in (["body"], ["tissue"],
                                                                        ["tissues"])):
            out.pop()
            while i + 1 < n and words[i + 1] in LOSS_AFTER:
                i += 1
            changed = True
        else:
            out.append(w)
        i += 1
    if not NO_SITE.isdisjoint(words) and all(w in NOT_A_SITE for w in words):
        out = [w for w in out if w not in NO_SITE] + ["of", "unspecified", "body", "region"]
        changed = True
    return " ".join(out) if changed else None
