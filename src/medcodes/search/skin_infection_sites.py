"""Cellulitis and an abscess said together of a limb or the trunk ("cellulitis w/ abscess r
leg"): ICD-10-CM codes the two apart there (L03.1- cellulitis, L02.4- cutaneous abscess of the
limb), but the words "cellulitis and abscess" are one title phrase for the mouth (K12.2) and
ICD-9's 682, so K12.2 and H05.01 led such a query. It is restated as the cellulitis of the
site, which a coder lists first (the abscess, L02.4-, is a second code the result does not
give). Sites with a combined title (mouth, orbit, the pharynx's) are not in the list and are
left as they are.
"""

from __future__ import annotations

from medcodes.search.text import tokens

JOINERS = frozenset("with w and plus".split())
SITES = frozenset("""
    leg legs arm arms thigh foot hand forearm calf shin knee buttock buttocks back chest
    abdomen abdominal trunk axilla armpit groin shoulder elbow ankle wrist limb extremity
    """.split())
SMALL = frozenset("""
    left right l r lt rt lower upper of the my on in both bilateral wall
    """.split())


def cellulitis_with_abscess(query: str) -> str | None:
    """The query as the cellulitis of its site when it says cellulitis and abscess of a limb
    or the trunk (see the module), else None."""
    words = tokens(query)
    if "cellulitis" not in words or not {"abscess", "abscesses"} & set(words):
        return None
    rest = [w for w in words if w not in {"cellulitis", "abscess", "abscesses"}
            and w not in JOINERS]
    if SITES.isdisjoint(rest) or any(w not in SITES and w not in SMALL for w in rest):
        return None
    return " ".join(["cellulitis", *rest])
