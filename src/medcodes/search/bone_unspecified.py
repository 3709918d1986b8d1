"""A radius, or a cervical vertebra, fractured at no part or level said, restated as the
titles of the fracture the index gives it.

The index sends a fracture of the radius with no part to the forearm's unspecified fracture
("Fracture, radius S52.9-": S52.90- "Unspecified fracture of unspecified forearm") and one of a
cervical vertebra with no level to the neck's ("Fracture, vertebra, cervical S12.9": "Fracture
of neck, unspecified", which has no open or closed 7th character). Read as words, "fracture
of radius NOS" led with Colles', Galeazzi's and Smith's fractures (whose titles say "radius"
once and little else), and "fracture of cervical vertebra, closed" with the second cervical
vertebra's. A radius said with the ulna and no part ("Fx radius w ulna NOS", restated first
by paired_bones) is the forearm's too. Left alone: a part, a level, an eponym or a kind said
(head, shaft, distal end, C4, dens, Colles', torus, stress, pathological), which the words
find, and an operation.
"""

from __future__ import annotations

from medcodes.search.text import query_tokens
from medcodes.search.vertebra_levels import FRACTURE, ORDINALS, VERTEBRA

RADIUS = frozenset({"radius", "rad", "radial"})
ULNA = frozenset({"ulna", "ulnar", "and", "w", "with"})
CERVICAL = frozenset({"cervical", "cerv"})
SPINE = VERTEBRA | frozenset({"spine", "vertebrae", "verteb", "column"})
# Words of ICD-9-CM's and the charts' that say no part: dropped with the restatement (the
# neck's code has no open or closed character).
NOS = frozenset({"nos", "unspecified", "unsp"})
OPEN_CLOSED = frozenset({"open", "opn", "closed", "cl", "clos", "close"})
# A part, a level, an eponym, a kind or an operation said: the words find its own codes.
SAID = frozenset("""
    head neck shaft distal proximal upper lower end ends styloid process colles colles's smith
    smiths barton bartons galeazzi galeazzis torus buckle greenstick physeal epiphyseal
    epiphysis metaphyseal bent stress pathological pathologic path osteoporotic osteoporosis
    fatigue insufficiency nonunion malunion atlas axis dens odontoid teardrop compression
    wedge burst spondylolisthesis hangman hangmans jefferson facet lamina pedicle spinous
    transverse fixation fusion reduction orif repair surgery removal cord injury
    """.split()) | frozenset(ORDINALS)
LEVELS = frozenset(f"c{n}" for n in range(1, 8)) | frozenset(
    {"1st", "2nd", "3rd", "4th", "5th", "6th", "7th"})


def unspecified_bone(query: str) -> str | None:
    """The query as the forearm's or the neck's unspecified fracture (see the module), else
    None."""
    low = query.lower()
    if "rad" not in low and "cerv" not in low:
        return None
    words = query_tokens(query)
    if FRACTURE.isdisjoint(words) or not (SAID | LEVELS).isdisjoint(words):
        return None
    said = set(words)
    if not RADIUS.isdisjoint(said) and said <= FRACTURE | RADIUS | ULNA | NOS | OPEN_CLOSED | {
            "of", "the", "a", "fracture", "bone"}:
        kept = [w for w in words if w in OPEN_CLOSED]
        return " ".join(["unspecified", "fracture", "of", "forearm", *kept])
    if not CERVICAL.isdisjoint(said) and not SPINE.isdisjoint(said) and said <= (
            FRACTURE | CERVICAL | SPINE | NOS | OPEN_CLOSED | {"of", "the", "a", "multiple",
                                                              "mult", "bone"}):
        return "fracture of neck unspecified"
    return None
