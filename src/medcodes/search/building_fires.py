"""A fire in a building said as coders and charts say it ("Fire in bldg-burning", "Priv dwel
fire-burning", "house fire fumes", "jumped from burning house"): ICD-10-CM files an
uncontrolled fire in a building or structure (X00, the index's default for a fire not said
controlled) by what hurt the person, in words the query seldom uses: the flames (ICD-9-CM's
"burning", a burn), the smoke ("fumes"), a fall, a jump, a collapse, a hit by an
object, and "other exposure" for an accident NEC or NOS. Read as words, "burning" found the
falls and jumps from a burning building, "fumes" carbon monoxide's toxic effect (T58), "house"
the homeless (Z59) and "dwelling" nothing. So a query that says a fire, a building or a
dwelling and only such a kind (and an encounter) is restated as X00's title; one that says
anything else is left alone (an inhalation, whose T59.81 leads, a burn's site or degree, a
controlled fire, a vehicle); a burn said alone is kept beside the title ("burns from house
fire" led with V91.09XA Burn due to unspecified watercraft on fire)."""

from __future__ import annotations

from medcodes.search.text import STOPWORDS, tokens

FIRE = frozenset({"fire", "fires", "blaze", "burning"})
BUILDING = frozenset("""building bldg bldgs buildings house houses home dwelling dwellings
    dwel dwell apartment apartments apt residence residential structure""".split())
# What hurt the person, by the words that say it, in the order they are looked for; each
# restated as its X00 title (the flames last: "burning" is said of the building in the rest).
KINDS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"collapse", "collapsed", "collapsing"}),
     "injury due to collapse of burning building or structure in uncontrolled fire"),
    (frozenset({"jump", "jumped", "jumping"}),
     "jump from burning building or structure in uncontrolled fire"),
    (frozenset({"hit", "struck", "beam", "object", "debris"}),
     "hit by object from burning building or structure in uncontrolled fire"),
    (frozenset({"fall", "fell", "falling"}),
     "fall from burning building or structure in uncontrolled fire"),
    (frozenset({"smoke", "smoky", "fumes", "fume"}),
     "exposure to smoke in uncontrolled fire in building or structure"),
    (frozenset({"flames", "flame"}),
     "exposure to flames in uncontrolled fire in building or structure"),
)
# A burn said with the fire: the burn is kept beside the flames ("burns from house fire" led
# with V91.09XA Burn due to unspecified watercraft on fire: "fire", "burn", nothing of a house).
BURN = frozenset({"burn", "burns", "burned", "burnt"})
# ICD-9-CM's "accid NEC/NOS", an unnamed other way: X00.8 Other exposure.
OTHER = frozenset({"accid", "accident", "accidental", "nec", "nos", "other", "oth"})
OTHER_TITLE = "other exposure to uncontrolled fire in building or structure"
PLAIN_TITLE = "exposure to uncontrolled fire in building or structure"
# Words that say nothing past the fire: the dwelling's owner, the person, the exposure.
FREE = frozenset("""priv private caught exposure exposed injury injured inj victim person
    pers uncontrolled unspecified unsp due during while when w""".split())
# The encounter, kept as said (the restatement is searched again with it).
ENCOUNTER = frozenset("""initial init subsequent subs subseq sequela sqla late effect eff
    encounter enc""".split())
_KIND_WORDS = frozenset().union(*(words for words, _ in KINDS))


def building_fire(query: str) -> str | None:
    """The query as its X00 title when it says only a fire in a building and how it hurt (see
    the module), else None."""
    low = query.lower()
    if "fire" not in low and "burning" not in low and "blaze" not in low:
        return None  # most queries: no fire said
    words = tokens(query)
    said = set(words)
    if FIRE.isdisjoint(said) or BUILDING.isdisjoint(said):
        return None
    known = FIRE | BUILDING | _KIND_WORDS | BURN | OTHER | FREE | ENCOUNTER
    if any(w not in known and w not in STOPWORDS for w in words):
        return None
    # "burning" names the building's state beside a fall, a jump or a collapse; alone it is
    # the flames ("Fire in bldg-burning").
    kinds = said | ({"flames"} if not {"burning", *BURN}.isdisjoint(said) else set())
    title = next((t for cue, t in KINDS if not cue.isdisjoint(kinds)), None)
    if title is None:
        title = OTHER_TITLE if not OTHER.isdisjoint(said) else PLAIN_TITLE
    encounter = [w for w in words if w in ENCOUNTER]
    burn = ["burn"] if not BURN.isdisjoint(said) else []
    return " ".join([*burn, title, *encounter])
