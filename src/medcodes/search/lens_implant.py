"""A lens implant said with the cataract it replaces ("cataract extraction with intraocular lens",
"phaco with PCIOL", "cataract surgery with lens implant", "lens implant for cataract"): the
Replacement of the Lens with Synthetic Substitute, not the Extraction of the Lens nor the Removal
of the implant.

ICD-10-PCS codes a cataract taken out and an intraocular lens put in as one Replacement (the
index: "Phacoemulsification, lens, With IOL implant, see Replacement, Eye 08R"; the Device Key:
"Intraocular lens, use Synthetic Substitute"). Read word by word, the extraction found the
Extraction of Lens (the cataract alone taken out), and "extraction" beside a device read as
the Removal of the Synthetic Substitute (an implant taken out). Where the cataract (or its
phacoemulsification) is said, or no other operation, the lens implant is its Replacement.

Gated on the implant's words (``CUES``): other queries pay one set test.
"""

from __future__ import annotations

from medcodes.search.parsed import ParsedQuery, Slot, add_reading

CUES = frozenset({"iol", "pciol", "intraocular", "implant", "implants", "implanted"})
# pcs_devices.tsv's words for the implant ("intraocular lens", "lens implant", "PCIOL").
IMPLANT = frozenset({"synthetic", "substitute", "lens"})
_CATARACT = frozenset({"cataract", "cataracts", "phaco", "phacoemulsification",
                       "phacoemulsify", "phacoemulsified"})
REPLACED = ("replacement", "lens", "synthetic", "substitute")
REPLACEMENT = ("replacement", "lens")
# Readings of taking something out: of the cataract, here, not of the implant.
_TAKING_OUT = frozenset({"removal", "extraction", "resection", "excision", "extirpation"})


def lens_replaced(parsed: ParsedQuery, heard: set[str]) -> None:
    """The implant's slot read as the Replacement of the Lens with Synthetic Substitute, and a
    cataract's extraction beside it as that Replacement (its reading as the implant's Removal
    gone), where the cataract is said or nothing else is done."""
    if CUES.isdisjoint(heard) and not _said_abbreviated(heard):
        return
    implants = [s for s in parsed.slots if _implant(s)]
    if not implants:
        return
    cataract = not _CATARACT.isdisjoint(heard)
    others = [s for s in parsed.slots if s not in implants]
    taking_out = [s for s in others if any(not _TAKING_OUT.isdisjoint(a.tokens)
                                           for a in s.alternatives)]
    if taking_out and not cataract:
        return  # "implanted lens removal": the implant taken out
    for slot in implants:
        add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text, REPLACED,
                    "procedure")
    for slot in others:
        said = set(slot.text.lower().split())
        if slot in taking_out or not said.isdisjoint(_CATARACT):
            _as_replacement(parsed, slot)


def _said_abbreviated(heard: set[str]) -> bool:
    return "lens" in heard and ("implant" in heard or "new" in heard)


def _implant(slot: Slot) -> bool:
    return any(a.kind == "device" and IMPLANT.issubset(a.tokens) for a in slot.alternatives)


def _as_replacement(parsed: ParsedQuery, slot: Slot) -> None:
    """``slot`` (the cataract taken out) read as the Replacement, its Removal reading gone."""
    gone = {a.tokens for a in slot.alternatives if a.tokens == ("removal",)}
    slot.alternatives = [a for a in slot.alternatives if a.tokens not in gone] or slot.alternatives
    parsed.expansions = [e for e in parsed.expansions if not (
        e["from"] == slot.text and tuple(e["to"].split()) in gone)]
    add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text, REPLACEMENT,
                "procedure")
