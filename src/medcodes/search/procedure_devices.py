"""Devices in procedure words read as ICD-10-PCS says them: what a named device implies of
the operation (put in, taken out, changed), a tube left to drain as a Drainage Device, matter
taken out as an Extirpation, and the parts of a device table."""

from __future__ import annotations

from medcodes.search.parsed import ParsedQuery, add_reading
from medcodes.search.slot_edits import beside, coming_out, drop
from medcodes.search.text import stem
from medcodes.search.vocab import Vocabulary

# The words of an ICD-10-PCS device ("synthetic substitute", "intraluminal device",
# "neurostimulator") as pcs_operations.tsv and pcs_devices.tsv say them.
DEVICE_WORDS = frozenset({"substitute", "device", "neurostimulator", "airway", "pessary"})
# Where a device reading comes from: pcs_operations.tsv, pcs_devices.tsv, or the lay terms
# ("stent": intraluminal device).
DEVICE_READINGS = ("procedure", "device", "lay")
_BODY_REMOVAL = (("resection",), ("extirpation",))  # "removal" of a body part or of matter
# Other words for taking a device out ("lead extraction", "implant explant", "retrieval of an IVC
# filter"): PCS Extraction and Extirpation are of a body part and of matter, a device comes out
# by Removal.
_TAKING_OUT_A_DEVICE = ("extract", "explant", "retriev", "pull")
# A device by its own name (pcs_devices.tsv: a PEG tube, a pacemaker) renewed ("replacement of
# PEG tube", "ureteral stent exchange"): PCS Replacement is of a body part; a device is
# changed, or taken out and put in.
_RENEWING = ("replac", "exchang")
_RENEWED = (("change",), ("removal",), ("insertion",))
# Putting a device in ("insertion of a chest tube", "Foley placement", "stent placed"): ICD-10-PCS
# codes it as Insertion when the device is the point, else as the operation it serves, with the
# device (Drainage of Bladder with Drainage Device; Dilation of Ureter with Intraluminal Device).
PLACING = ("insert", "placement", "placing", "placed", "place")
_LEAVING_A_DEVICE = (("insertion",), ("drainage",), ("dilation",))
# The everyday words for it ("stent fitted", "stent put in"), which pcs_operations.tsv and the
# lay terms read as Insertion, say the same.
_INSERTION = ("insertion",)
_PUT_IN = ("procedure", "lay")
# A Dilation leaves the device that holds a lumen open: a stent. A filter, a coil or a
# catheter in a vessel is an Intraluminal or Infusion Device too, but widens nothing: placing
# one is an Insertion ("IVC filter placement": 06H03DZ, not Dilation of Inferior Vena Cava).
_WIDENING = ("stent",)


# What is left in to drain: a catheter or a tube said beside a drainage ("pigtail catheter
# drainage", "tube drainage of empyema"); not a body part named a tube.
_LEFT_TO_DRAIN = frozenset({"catheter", "catheters", "tube", "tubes"})
_NAMED_TUBES = frozenset({"fallopian", "eustachian", "uterine", "auditory", "neural"})
DRAINAGE_DEVICE = ("drainage", "device")


def left_to_drain(parsed: ParsedQuery) -> None:
    """A catheter or a tube beside a drainage is its Drainage Device: the drainage leaves it
    in (PCS codes a drain left in place with device value 0, and one taken out at once
    without). "drainage" alone says no device: the plain drainage leads."""
    if not any(alt.tokens[0] == DRAINAGE_DEVICE[0] for slot in parsed.slots
               for alt in slot.alternatives):
        return
    named = {i for i, slot in enumerate(parsed.slots) if slot.text in _NAMED_TUBES}
    for i, slot in enumerate(parsed.slots):
        if slot.text in _LEFT_TO_DRAIN and not named & {i - 1, i + 1} and not any(
                DEVICE_WORDS.intersection(alt.tokens) for alt in slot.alternatives):
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        DRAINAGE_DEVICE, "device")


# Solid matter in a body part (PCS Extirpation: "taking or cutting out solid matter") and the
# words that take it out.
_MATTER = frozenset({"stone", "stones", "calculus", "calculi", "clot", "clots", "thrombus",
                     "bezoar", "wax", "cerumen"})
_TAKING_OUT = ("remov", "extract", "retriev", "evacuat", "extirpation", "take", "taking",
               "took", "grabb", "suck")  # "stone taken out", "clot sucked out", "grabbed"
EXTIRPATION = ("extirpation", "matter")


def matter_taken_out(parsed: ParsedQuery) -> None:
    """A stone, a clot or a bezoar taken out is an Extirpation of matter ("ERCP with stone
    extraction", "removal of bladder stone"), not the Extraction or Resection the verb alone
    reads as: ICD-10-PCS titles say "Extirpation of Matter from ..."."""
    if not any(alt.tokens[0].startswith(_TAKING_OUT) for slot in parsed.slots
               for alt in slot.alternatives):
        return
    for slot in parsed.slots:
        have = {alt.tokens for alt in slot.alternatives}
        for alt in list(slot.alternatives):
            if not _MATTER.isdisjoint(alt.tokens):  # "bladder stone": calculus bladder
                where = tuple(t for t in alt.tokens if t not in _MATTER)
                add_reading(parsed, slot, have, " ".join(alt.tokens), (*EXTIRPATION, *where),
                            "procedure")


def with_device(parsed: ParsedQuery) -> None:
    """A procedure that names a device: PCS Repair never takes one (its device value is
    always No Device), so "repair" with a mesh or graft also reads as Supplement ("hernia
    repair with mesh"); "removal" of a device is the PCS Removal it says, not the
    Resection or Extirpation it means of a body part ("removal of breast implant"), and so
    is its extraction or explant; a named device replaced is changed, or taken out and put
    in ("replacement of PEG tube"); and
    putting one in is any operation that leaves a device ("chest tube insertion": Drainage
    of Pleural Cavity with Drainage Device), a Dilation only when a stent is said."""
    device = [any(alt.kind in DEVICE_READINGS and DEVICE_WORDS.intersection(alt.tokens)
                  for alt in slot.alternatives) for slot in parsed.slots]
    if all(device) or not any(device):
        return  # no slot beside a device (``beside``): most queries
    widening = any(t.startswith(_WIDENING) for slot in parsed.slots
                   for alt in slot.alternatives for t in alt.tokens)
    named_device = any(alt.kind == "device" and DEVICE_WORDS.intersection(alt.tokens)
                       for slot in parsed.slots for alt in slot.alternatives)
    for slot, said in beside(parsed, device):
        for alt in list(slot.alternatives):
            if "repair" in alt.tokens:
                words = tuple("supplement" if t == "repair" else t for t in alt.tokens)
                add_reading(parsed, slot, said, " ".join(alt.tokens), words, "procedure")
        if slot.text.startswith(_TAKING_OUT_A_DEVICE):
            add_reading(parsed, slot, said, slot.text, ("removal",), "procedure")
            drop(parsed, slot, (("extraction",),))
        if any(alt.tokens[0].startswith("remov") for alt in slot.alternatives):
            drop(parsed, slot, _BODY_REMOVAL)
            coming_out(parsed)
        if slot.text.startswith(_RENEWING) and named_device:
            for words in _RENEWED:
                add_reading(parsed, slot, said, slot.text, words, "procedure")
        if (len(slot.alternatives[0].tokens) == 1 and slot.alternatives[0].tokens[0].startswith(
                PLACING)) or any(alt.tokens == _INSERTION and alt.kind in _PUT_IN
                                  for alt in slot.alternatives[1:]):
            for words in _LEAVING_A_DEVICE:
                if words[0] != "dilation" or widening:
                    add_reading(parsed, slot, said, slot.text, words, "procedure")


# Taking a device out, changing it or revising it: the tables that name the combined parts.
_DEVICE_TABLE_WORDS = ("remov", "chang", "exchang", "revis")


def device_table_parts(parsed: ParsedQuery, vocab: Vocabulary) -> None:
    """A body part beside a device taken out, changed or revised also reads as the part of the
    device tables it is in (``pcs_device_parts.tsv``: "removal of colonic stent" is a Removal
    from the Lower Intestinal Tract, an IVC filter comes out of a Lower Vein): those tables
    name a lumen or a vessel as a whole, never the segment a person names. Beside those words
    a stoma ("-ostomy") is not read as a drain."""
    said = [alt for slot in parsed.slots for alt in slot.alternatives]
    if not any(alt.tokens[0].startswith(_DEVICE_TABLE_WORDS) for alt in said):
        return
    # A stoma revised or taken down is the stoma, not the tube a new one may drain by
    # ("laryngostomy revision"; "-ostomy" reads Drainage Device in pcs_word_parts.tsv).
    for slot in parsed.slots:
        slot.alternatives = [alt for alt in slot.alternatives if alt.kind != "word parts"
                             or DEVICE_WORDS.isdisjoint(alt.tokens)]
    parsed.expansions = [e for e in parsed.expansions if e["kind"] != "word parts"
                         or DEVICE_WORDS.isdisjoint(e["to"].split())]
    if not vocab.device_parts or not any(
            alt.kind in DEVICE_READINGS and DEVICE_WORDS.intersection(alt.tokens)
            for alt in said):
        return
    parts = {tuple(map(stem, part)): whole for part, whole in vocab.device_parts.items()}
    for slot in parsed.slots:
        have = {alt.tokens for alt in slot.alternatives}
        for alt in list(slot.alternatives):
            stems = tuple(map(stem, alt.tokens))
            for part, whole in parts.items():
                for i in range(len(stems) - len(part) + 1):
                    if stems[i:i + len(part)] == part:
                        words = (*alt.tokens[:i], *whole, *alt.tokens[i + len(part):])
                        add_reading(parsed, slot, have, " ".join(alt.tokens), words,
                                    "body part")
