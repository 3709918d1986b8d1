"""Osteoarthritis said of many joints ("osteoarthritis of multiple joints", "OA multiple sites",
"Osteoarth NOS-mult"): ICD-10-CM has no "multiple sites" character in M19 and files it as
polyosteoarthritis (M15.9; the index: Osteoarthritis, generalized, polyarticular M15.9), a
word the query never says; read as words, the joint words found M19's "unspecified site" and
"other specified site". A query made only of the osteoarthritis, many joints and small words is
restated as the titles' name."""

from __future__ import annotations

from medcodes.search.text import tokens

OSTEOARTHRITIS = frozenset("""
    osteoarthritis osteoarth osteoarthrosis oa djd degenerative arthritis
    """.split())
MANY = frozenset("mult multiple several many polyarticular multiarticular".split())
SMALL = frozenset("""
    of the in at joint joints site sites nos unspecified unsp primary joint disease disorder
    """.split())


def poly_osteoarthritis(query: str) -> str | None:
    """``polyosteoarthritis`` when the query is osteoarthritis of many joints (see the
    module), else None."""
    words = tokens(query)
    if MANY.isdisjoint(words) or len(words) > 7:
        return None
    if not ({"osteoarthritis", "osteoarth", "osteoarthrosis", "oa", "djd"} & set(words)
            or {"degenerative", "arthritis"} <= set(words)):
        return None
    if any(w not in OSTEOARTHRITIS and w not in MANY and w not in SMALL for w in words):
        return None
    return "polyosteoarthritis"
