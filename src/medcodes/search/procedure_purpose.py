"""What an operation is for, said after it ("port placed for chemo"), read apart from what
is done: whether a slot reads as an operation, a device or a part, and the reason left out
of the procedure's words."""

from __future__ import annotations

from medcodes.search.administration import ADMINISTRATION
from medcodes.search.parsed import ParsedQuery, Slot
from medcodes.search.procedure_devices import DEVICE_READINGS, DEVICE_WORDS
from medcodes.search.procedure_reading import ROOT_OPERATIONS
from medcodes.search.vocab import Vocabulary

# What an operation is for, said after it ("port placed for chemo", "stent in my ureter for a
# kidney stone", "nerve block for pain"): the reason, not what is done or where. ICD-10-PCS
# titles say the operation, the body part and the device, never the condition or the treatment
# it serves; searched, the reason's words find its diagnosis codes and other procedures (the
# chemotherapy's Introduction of Antineoplastic) ahead of the operation asked for.
_LAY_OPERATIONS = ("lay", "procedure", "word parts", "abbreviation")


# A look through a scope is done for a reason too ("cystoscopy for blood in urine").
_DONE_FOR = ROOT_OPERATIONS | {"inspection"}


def _an_operation(slot: Slot) -> bool:
    """Does a reading of the slot say a root operation or an Inspection (or a procedure act
    as typed)?"""
    return any(alt.tokens and ((alt.tokens[0] in _DONE_FOR
                                and (alt.kind in _LAY_OPERATIONS or alt.kind == "original"))
                               or alt.kind == ADMINISTRATION)
               for alt in slot.alternatives)


an_operation = _an_operation  # (``guidance``: the procedure the imaging guides)


def _a_device(slot: Slot) -> bool:
    return any(alt.kind in DEVICE_READINGS and not DEVICE_WORDS.isdisjoint(alt.tokens)
               for alt in slot.alternatives)


a_device = _a_device  # (``reason_sites``: what is done, and where)


def _a_part(slot: Slot) -> bool:
    """Does the slot say where: a body part, an operation's lay reading that names what it
    is done to ("hip replacement": replacement of hip joint), or where a substance is given
    ("injection in my eye": Eye)?"""
    # (an abbreviation too: "D&C" is the extraction of endometrium)
    return any(alt.kind in ("body part", ADMINISTRATION) or (
        alt.kind in ("lay", "abbreviation") and len(alt.tokens) > 1
        and alt.tokens[0] in _DONE_FOR)
               for alt in slot.alternatives)


def _names_a_part(slot: Slot, vocab: Vocabulary) -> bool:
    """Does a word of the slot, or of a reading of it, name a body part (``body_parts.tsv``:
    "aortic aneurysm" says the aorta, "kidney stone" the kidney)?"""
    words = {*slot.text.lower().split(), *(t for alt in slot.alternatives for t in alt.tokens)}
    return any(w in vocab.body_parts and w not in _SUBSTANCES for w in words)


a_part, names_a_part = _a_part, _names_a_part  # (``reason_sites``)


# What the body makes, which a reason says where it is seen, not where the operation is done
# ("cystoscopy for blood in urine", "colonoscopy for blood in stool").
_SUBSTANCES = frozenset({"blood", "urine", "urinary", "stool", "stools", "feces", "fecal",
                         "bile", "biliary", "pus"})


def what_it_is_for(parsed: ParsedQuery, behind: list[Slot], vocab: Vocabulary) -> None:
    """The slots said after "for" (``behind``) go when the words before it already say an
    operation or a device and the body part it is done to, and the reason names no
    operation, device or body part of its own ("craniotomy for evacuation of subdural
    hematoma" keeps what it evacuates; "stent graft for my aortic aneurysm", which names no
    part before, keeps the aorta; "biopsy for breast cancer" the breast)."""
    from medcodes.search.openings import opened  # it reads this module

    after = [s for s in parsed.slots if any(s is b for b in behind)]
    ahead = [s for s in parsed.slots if not any(s is b for b in behind)]
    if opened(ahead):
        return  # "craniotomy for a subdural haematoma": the way in, for what is done inside
    if not after or not ahead or any(
            _an_operation(s) or _a_device(s) or _a_part(s) or _names_a_part(s, vocab)
            for s in after):
        return
    if not any(_an_operation(s) or _a_device(s) for s in ahead) or not any(
            _a_part(s) for s in ahead):
        return
    gone = {s.text for s in after}
    parsed.slots = ahead
    parsed.reason_dropped = True
    parsed.expansions = [e for e in parsed.expansions if e["from"] not in gone]
