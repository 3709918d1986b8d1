"""A part held still by a sling, a boot, a cast or a splint, said by a joint or a region
ICD-10-PCS's Immobilization does not name ("sling for my broken wrist", "arm sling for my
shoulder", "boot on my ankle"), also read as the region of the body it does (2W3: Upper Arm,
Lower Arm, Upper Leg, Lower Leg, Foot, Upper Extremity).

ICD-10-PCS's Placement section names the regions of a limb, not its joints: a wrist in a sling or a
cast is the Lower Arm's, a shoulder's the Upper Arm's, an ankle's the Lower Leg's or the Foot's.
Read only beside an Immobilization (the lay rows of a sling, a boot, a cast, a splint), so a
joint keeps its own reading everywhere else; the word as said is kept (a finger, a thumb, a
hand, a foot are 2W3's own words)."""

from __future__ import annotations

from medcodes.search.parsed import ParsedQuery, add_reading

_IMMOBILIZATION = "immobilization"
_REGIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    word: tuple(tuple(region.split()) for region in regions.split(","))
    for words, regions in (
        ("wrist wrists forearm forearms", "lower arm"),
        ("elbow elbows", "upper extremity,lower arm"),
        ("shoulder shoulders collarbone clavicle", "upper arm,upper extremity"),
        ("ankle ankles achilles", "lower leg,foot"),
        ("shin shins calf calves", "lower leg"),
        ("knee knees", "lower extremity,lower leg"),
        ("thigh thighs hip hips", "upper leg"),
        ("leg legs", "lower leg,lower extremity"),
        ("arm arms", "upper extremity,lower arm,upper arm"),
        ("foot feet", "foot"),
    ) for word in words.split()}
# Words 2W3's titles say themselves (Upper Arm, Lower Leg, Foot): read as a region only inside
# the phrase of the device ("leg in a boot"); said apart, and inside another phrase ("broken
# arm"), the word itself is searched.
_TITLE_WORDS = frozenset({"arm", "arms", "leg", "legs", "foot", "feet"})


def immobilized_part(parsed: ParsedQuery, heard: set[str]) -> None:
    """A joint or a region beside an Immobilization also read as 2W3's region of it."""
    if heard.isdisjoint(_REGIONS) or not any(
            alt.tokens[:1] == (_IMMOBILIZATION,)
            for slot in parsed.slots for alt in slot.alternatives):
        return
    for slot in parsed.slots:
        # Said inside the phrase of its device ("boot on my ankle", "leg in a boot"), the region
        # joins the Immobilization in one reading, as the slot's readings are either-or.
        held = any(alt.tokens[:1] == (_IMMOBILIZATION,) for alt in slot.alternatives)
        for word in slot.alternatives[0].tokens:
            if word in _TITLE_WORDS and not held:
                continue
            for region in _REGIONS.get(word, ()):
                add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                            (_IMMOBILIZATION, *region) if held else region,
                            "lay" if held else "body part")
