"""What touched the skin or got into the body, as the titles say it: a rash said with what
touched the skin is that substance's contact dermatitis, and a small thing said in a nose, an
ear, an eye or a throat is a foreign body there.

People say the skin's trouble and its cause in their own words ("itchy hands since switching
dish soap", "face broke out from new makeup", "rash under my watch from the metal"); the
titles say "Irritant contact dermatitis due to detergents", "Allergic contact dermatitis due
to cosmetics", "... due to metals" (L23-L25), and no title says soap, makeup or a watch. So a
skin word said beside a substance reads as "contact dermatitis", and the substance as its
group's title word, whichever of allergic or irritant: the query seldom says which.
"""

from __future__ import annotations

from medcodes.search.parsed import ParsedQuery, add_reading

# What the skin does, in everyday words.
SKIN = frozenset("rash rashes itch itchy itching itches red redness raw cracked cracking"
                 " irritated irritation dermatitis eczema blisters blistering peeling".split())
# "Broke out", "breaking out": a rash, not a fracture.
BREAKING = frozenset({"broke", "break", "breaking", "breaks"})
# What touched the skin, as the contact dermatitis titles' words for its group.
SUBSTANCES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys("soap soaps detergent detergents".split(), ("detergents",)),
    **dict.fromkeys("makeup cosmetic cosmetics lotion lotions perfume moisturizer foundation"
                    " mascara eyeliner".split(), ("cosmetics",)),
    **dict.fromkeys("metal metals nickel jewelry jewellery earring earrings necklace buckle"
                    .split(), ("metals",)),
    **dict.fromkeys("chemical chemicals cleaner cleaners bleach".split(), ("chemical", "products")),
    **dict.fromkeys("glue adhesive adhesives tape bandaid bandaids plaster".split(),
                    ("adhesives",)),
    **dict.fromkeys("dye dyes".split(), ("dyes",)),
    **dict.fromkeys("solvent solvents".split(), ("solvents",)),
}
CONTACT = ("contact", "dermatitis")


def contact_rash(parsed: ParsedQuery) -> None:
    """Read a skin word said beside a substance that touched the skin as its contact
    dermatitis (in place): the skin words as "contact dermatitis", the substance as that and
    its group's title word (``SUBSTANCES``)."""
    texts = [s.text.lower().split() for s in parsed.slots]
    words = [w for t in texts for w in t]
    if SUBSTANCES.keys().isdisjoint(words):
        return  # most queries: no substance said (``found`` below is empty)
    broke_out = {i for i, t in enumerate(texts) for j, w in enumerate(t)
                 if w in BREAKING and ((j + 1 < len(t) and t[j + 1] == "out") or (
                     j + 1 == len(t) and i + 1 < len(texts) and texts[i + 1][:1] == ["out"]))}
    skin = {i for i, t in enumerate(texts) if set(t) & SKIN} | broke_out
    skin |= {i + 1 for i in broke_out if texts[i] != ["out"] and texts[i][-1] in BREAKING}
    found = {i: SUBSTANCES[w] for i, t in enumerate(texts) for w in t if w in SUBSTANCES}
    if not skin or not found or not set(words) - set(SUBSTANCES):
        return
    for i, slot in enumerate(parsed.slots):
        have = {a.tokens for a in slot.alternatives}
        if i in found:
            add_reading(parsed, slot, have, slot.text, (*CONTACT, *found[i]), "contact")
        elif i in skin:
            add_reading(parsed, slot, have, slot.text, CONTACT, "contact")


# A small thing in an opening of the body ("kid shoved a bead up his nose", "metal got in my
# eye grinding", "sand in my eye") is T15-T19 "Foreign body in ..."; no title says bead, sand or
# metal there. The things, and each opening as its title's words.
OBJECTS = frozenset(
    "bead beads pea peas bean beans popcorn kernel kernels coin coins button buttons battery"
    " batteries toy toys lego crayon eraser pebble pebbles marble marbles sand dirt grit metal"
    " glass sliver splinter paper tissue cotton bug bugs insect insects fly gnat something"
    " earring magnet magnets seed seeds rice nut nuts dust sawdust eyelash".split())
OPENINGS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("nose", "nostril", "nostrils"), ("foreign", "body", "nostril")),
    **dict.fromkeys(("ear", "ears"), ("foreign", "body", "ear")),
    **dict.fromkeys(("eye", "eyes"), ("foreign", "body", "external", "eye")),
    **dict.fromkeys(("throat",), ("foreign", "body", "pharynx")),
    **dict.fromkeys(("windpipe", "trachea"), ("foreign", "body", "trachea")),
    **dict.fromkeys(("airway", "airways"), ("foreign", "body", "respiratory", "tract")),
}
# A thing swallowed ("kid swallowed a battery", "toddler swallowed a coin") is in the gut,
# T18.9 "Foreign body of alimentary tract, part unspecified": the verb and the thing both.
SWALLOWED = frozenset({"swallowed", "swallow", "swallowing", "swallows"})
SWALLOWED_INTO = ("foreign", "body", "alimentary", "tract")
# A growth or a complaint of the opening is no thing put there ("pea sized lump in my nose",
# "throat swelled shut after eating nuts").
NOT_A_THING = frozenset("lump lumps growth mass polyp sized size bump cyst floaters floater"
                        " feeling feels like swollen swelling swelled shut closing".split())


def foreign_body(parsed: ParsedQuery) -> None:
    """Read a small thing said beside an opening of the body (``OBJECTS``, ``OPENINGS``) as a
    foreign body there (in place): the thing and the opening both."""
    texts = [s.text.lower().split() for s in parsed.slots]
    words = {w for t in texts for w in t}
    opening = next((OPENINGS[w] for t in texts for w in t if w in OPENINGS), None)
    if opening is None and words & SWALLOWED:
        opening = SWALLOWED_INTO
    if opening is None or not words & OBJECTS or words & NOT_A_THING:
        return
    for slot, text in zip(parsed.slots, texts, strict=True):
        if set(text) & (OBJECTS | set(OPENINGS) | SWALLOWED):
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        opening, "foreign body")
