"""An injury of the skin said of the trunk, restated as of the thorax.

ICD-9-CM filed a superficial injury, a contusion or an open wound of the trunk as one site
("Blister trunk", "Insect bite trunk", 911, 922, 879); ICD-10-CM has no trunk for them: the
thorax (S20-S21) and the abdomen, lower back and pelvis (S30-S31) are coded apart, each with
its unspecified part, and only the burns (T21) keep the word. Said of the trunk, the words
found the throat's, the hip's and the back's injuries, or ICD-9-CM's own codes. The trunk is
read as the thorax, the first of its regions, whose titles say "unspecified parts of thorax".
Left alone: a burn, a corrosion or a frostbite (their titles say trunk or regions of their
own), and a trunk that is a vessel's or a nerve's (celiac trunk, brachial plexus trunk).
"""

from __future__ import annotations

from medcodes.search.text import query_tokens

TRUNK = frozenset({"trunk"})
INJURY = frozenset("""
    blister blisters abrasion abrasions graze grazes scratch scratches contusion contusions
    bruise bruises bruising bite bites bitten splinter superficial superf superfic wound wounds
    wnd laceration lac puncture
    """.split())
# A burn's titles say trunk; a vessel's or a nerve's trunk is not the body's.
OTHER = frozenset("""
    burn burns burned scald scalded corrosion frostbite sunburn celiac coeliac pulmonary
    brachiocephalic arterial artery vein nerve plexus sympathetic vagal costocervical
    thyrocervical lumbosacral
    """.split())


def trunk_as_thorax(query: str) -> str | None:
    """The query with an injured trunk said as the thorax (see the module), else None."""
    if "trunk" not in query.lower():
        return None
    words = query_tokens(query)
    if TRUNK.isdisjoint(words) or INJURY.isdisjoint(words) or not OTHER.isdisjoint(words):
        return None
    return " ".join("thorax" if w in TRUNK else w for w in words)
