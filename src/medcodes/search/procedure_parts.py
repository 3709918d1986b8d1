"""The body part of a procedure as ICD-10-PCS says it: a "peri-" word as its part, a joint
beside a fracture as its bones, and how much of a part is taken out (Resection or Excision,
half a lobed organ as its lobe)."""

from __future__ import annotations

from medcodes.search.parsed import Alternative, ParsedQuery, Slot, add_reading
from medcodes.search.procedure_devices import EXTIRPATION
from medcodes.search.slot_edits import beside, drop_readings
from medcodes.search.text import stem
from medcodes.search.vocab import Vocabulary

_AROUND = "peri"
_AROUND_REST = 4  # "perianal": "anal"; not "peritoneal" ("toneal" is no word)


def around_a_part(parsed: ParsedQuery, vocab: Vocabulary) -> None:
    """A "peri-" word of a body part ("perianal", "peritonsillar", "perirectal") also reads as
    the part: ICD-10-PCS drains an abscess there from the part's own row (Drainage of Anus,
    of Tonsils), having no word for around it. Only when the rest is a body-part word of
    ``body_parts.tsv`` ("pericardial" is the pericardium, a part of its own)."""
    for slot in parsed.slots:
        word = slot.alternatives[0].tokens[0]
        rest = word[len(_AROUND):]
        if (len(slot.alternatives[0].tokens) == 1 and word.startswith(_AROUND)
                and len(rest) >= _AROUND_REST and vocab.body_parts.get(stem(rest))):
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, word,
                        (rest,), "body part")


def joint_as_bone(parsed: ParsedQuery, vocab: Vocabulary) -> None:
    """A joint word beside a fracture or a reduction also reads as the bones broken there
    (``pcs_joint_bones.tsv``: "ORIF hip" is of the upper femur, "ankle fracture" of the tibia
    or fibula): a fracture is of a bone, and people name it by the joint; so is a broken joint
    said as one phrase beside its reduction ("closed reduction of broken wrist"). Not beside a dislocation,
    which is reduced at the joint itself."""
    words = [alt.tokens for slot in parsed.slots for alt in slot.alternatives]
    if not vocab.joint_bones or any(t.startswith(("dislocat", "luxat", "subluxat"))
                                    for ts in words for t in ts):
        return
    if not any(t.startswith("fractur") or t == "reposition" for ts in words for t in ts):
        return  # most queries: no fracture nor reduction for a joint to be beside
    fracture = [any(t.startswith("fractur") or t == "reposition" for alt in slot.alternatives
                    for t in alt.tokens) for slot in parsed.slots]
    for slot, have in beside(parsed, fracture):
        for word in dict.fromkeys(alt.tokens[0] for alt in slot.alternatives
                                  if len(alt.tokens) == 1):
            for bone in vocab.joint_bones.get(stem(word), vocab.joint_bones.get(word, ())):
                add_reading(parsed, slot, have, word, bone, "body part")
    # A broken joint said as one phrase and reduced ("reduction of a broken wrist"): the
    # phrase is the bones.
    moved = [any(alt.tokens == ("reposition",) for alt in slot.alternatives)
             for slot in parsed.slots]
    for slot, have in beside(parsed, moved):
        said = slot.alternatives[0].tokens
        if len(said) > 1 and any(t.startswith("fractur") for alt in slot.alternatives
                                 for t in alt.tokens):
            for word in said:
                for bone in vocab.joint_bones.get(stem(word), vocab.joint_bones.get(word, ())):
                    add_reading(parsed, slot, have, word, bone, "body part")


# How much of a body part is taken out: ICD-10-PCS Resection is "all of a body part", Excision
# "a portion of a body part". People say which with these words ("removing part of the bowel",
# "taking out the whole lung"); the titles never say them.
_PART = frozenset({"part", "parts", "piece", "pieces", "bit", "portion", "partial", "partially"})
_WHOLE = frozenset({"whole", "entire", "entirely", "all", "complete", "completely"})
_TAKEN_OUT = (("resection",), ("excision",))
# A growth cut out of a body part takes a portion of it: an Excision of the part ("cutting out
# fibroids from the womb", "removing a lump from the breast", "polyp removal").
GROWTHS = frozenset({"cyst", "cysts", "fibroid", "fibroids", "lump", "lumps", "polyp", "polyps",
                      "tumor", "tumors", "tumour", "tumours", "growth", "growths", "lesion",
                      "lesions", "mass", "masses", "nodule", "nodules", "mole", "moles", "wart",
                      "warts", "verruca", "nevus", "naevus", "chalazion", "stye", "styes"})
# Cutting off is a Detachment only of an extremity ("Detachment: cutting off all or a portion of
# the upper or lower extremities"); a growth cut off is cut out of the part it grows on.
_CUT_OFF = ("detachment",)
_CUT_OUT = ("excision",)


def how_much(parsed: ParsedQuery) -> None:
    """Beside a word read as both Resection and Excision ("removing", "taking out"), "part of"
    or a growth taken out keeps the Excision and "the whole" the Resection; the word saying how
    much is then read (it is no word of a title to match). A growth is tissue, not the matter
    an Extirpation takes out, and one cut off is cut out (an Excision), not the Detachment of
    a limb."""
    part = [slot for slot in parsed.slots if slot.text in _PART]
    whole = [slot for slot in parsed.slots if slot.text in _WHOLE]
    half = [slot for slot in parsed.slots if slot.text in _HALF]
    if half and not whole and not _half_a_lobed_organ(parsed, half):
        part += half  # "half my kidney removed": a portion, an Excision
    growth = any(not GROWTHS.isdisjoint(alt.tokens) for slot in parsed.slots
                 for alt in slot.alternatives[:1])
    if growth and not whole:
        for slot in parsed.slots:
            readings = {alt.tokens for alt in slot.alternatives if alt.kind in ("lay", "procedure")}
            if _CUT_OFF in readings:  # "had a mole cut off my back"
                drop_readings(parsed, slot, _CUT_OFF)
                add_reading(parsed, slot, readings, slot.text, _CUT_OUT, "lay")
            if all(r in readings for r in _TAKEN_OUT):
                drop_readings(parsed, slot, _TAKEN_OUT[0])
                drop_readings(parsed, slot, EXTIRPATION[:1])  # tissue, not matter
        parsed.slots = [s for s in parsed.slots if s not in part]
        return
    if bool(part) == bool(whole):
        return
    for slot in parsed.slots:
        readings = {alt.tokens for alt in slot.alternatives if alt.kind in ("lay", "procedure")}
        if all(r in readings for r in _TAKEN_OUT):
            drop_readings(parsed, slot, _TAKEN_OUT[0] if part else _TAKEN_OUT[1])
            if part:  # a portion of the organ is tissue, not matter ("part of my thyroid")
                drop_readings(parsed, slot, EXTIRPATION[:1])
            parsed.slots = [s for s in parsed.slots if s not in (part or whole)]
            return


# Half of an organ ICD-10-PCS divides into lobes is one lobe of it ("half my thyroid taken out"
# is a hemithyroidectomy: Resection of a Thyroid Gland Lobe; "half my liver" the Resection of
# its Right or Left Lobe); half of another a portion (Excision: "half my kidney removed" is a
# partial nephrectomy).
_HALF = frozenset({"half", "halves"})
_LOBED = {stem(organ): (organ, "lobe") for organ in ("thyroid", "liver", "lung")}


def _half_a_lobed_organ(parsed: ParsedQuery, half: list[Slot]) -> bool:
    """Beside a word read as both Resection and Excision, half of a lobed organ reads as its
    lobe, in place of the whole organ's other readings; "half" then goes. Done?"""
    slots = parsed.slots
    if not any(all(r in {alt.tokens for alt in s.alternatives} for r in _TAKEN_OUT)
               for s in slots):
        return False  # "half my face is numb"
    organs = [s for s in slots if s.alternatives[0].tokens
              and stem(s.alternatives[0].tokens[-1]) in _LOBED]
    if not organs:
        return False
    for slot in organs:
        lobe = _LOBED[stem(slot.alternatives[0].tokens[-1])]
        gone = {alt.tokens for alt in slot.alternatives[1:] if alt.kind == "body part"}
        slot.alternatives = [Alternative(lobe, "original")] + [
            alt for alt in slot.alternatives[1:] if alt.tokens not in gone]
        parsed.expansions = [e for e in parsed.expansions if not (
            e["kind"] == "body part" and e["from"] == slot.text)]
        parsed.expansions.append({"from": slot.text, "to": " ".join(lobe), "kind": "body part"})
    parsed.slots = [s for s in slots if s not in half]
    return True
