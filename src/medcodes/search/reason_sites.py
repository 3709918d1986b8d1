"""An operation said with its site and a reason that names another body part ("chest drain for
a collapsed lung", "chest tube for pneumothorax", "hip pinning for a broken hip"): the reason
left unsearched, as ``procedure_purpose.what_it_is_for`` leaves a reason that names no part.

``what_it_is_for`` keeps a reason that names a body part, for an operation that says none
("biopsy for breast cancer": the breast), and needs a part said as a body part. So a chest
drain (its reading the Drainage Device of the Pleural Cavity, its part said as "chest") for a
collapsed lung searched the lung and the pneumothorax: the lung's drainage and the
pneumothorax's diagnoses led, not the pleural cavity's. A coder codes the site the operation
is done at, which the words before "for" already say; the reason is the diagnosis, which
``reasons`` shows beside the procedure. Where the words before "for" say an operation or a
device and a part (a body part, or a part named in the words of a slot that reads as one:
"chest drain"), a reason that names a part only inside a condition ("collapsed lung", "broken
hip", "fluid on the lung"), or names none ("chest tube for pneumothorax": the part said in
the words "chest", not read as one), goes; a side said after it stays ("... for a broken hip right"),
and a reason that is a part alone ("biopsy of skin for a lesion on the arm": "arm"), or
names an operation or a device, is kept.

A caesarean said with its reason ("c-section for breech", "caesarean for fetal distress") is
read, there, as the operation it is (the Extraction of Products of Conception, Low, as the
``lay_terms.tsv`` row of "cesarean section"), which names what it is done to, so the reason
goes as any other (``what_it_is_for``). Alone the word keeps its own reading: "twins born by
c section" and "c section scar is infected" are the newborn's and the wound's codes.
"""

from __future__ import annotations

from medcodes.search.openings import opened
from medcodes.search.parsed import ParsedQuery, Slot, add_reading
from medcodes.search.procedure_purpose import a_device, a_part, an_operation, names_a_part
from medcodes.search.sides import BILATERAL, SIDES_SAID
from medcodes.search.text import STOPWORDS
from medcodes.search.vocab import Vocabulary

_SIDES = SIDES_SAID | {BILATERAL, "both"}
CESAREAN = ("cesarean",)
DELIVERY = ("extraction", "products", "conception", "low")


def _a_side(slot: Slot) -> bool:
    return slot.text.lower() in _SIDES


def _part_in_a_condition(slot: Slot, vocab: Vocabulary) -> bool:
    """Does the slot name a part only inside a condition: a word besides the parts ("collapsed
    lung", "broken hip"), no reading of its own as a part, operation or device?"""
    if a_part(slot) or an_operation(slot) or a_device(slot):
        return False
    words = [w for w in slot.text.lower().split() if w not in STOPWORDS]
    return any(w not in vocab.body_parts for w in words)


def delivery_for_a_reason(parsed: ParsedQuery, behind: list[Slot]) -> None:
    """A caesarean said before a reason read as its Extraction of Products of Conception (see
    the module); before ``what_it_is_for``, which then leaves the reason unsearched."""
    if not behind:
        return
    for slot in parsed.slots:
        if any(slot is b for b in behind):
            return
        if any(alt.tokens == CESAREAN for alt in slot.alternatives):
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        DELIVERY, "lay")


def reason_beside_its_site(parsed: ParsedQuery, behind: list[Slot], vocab: Vocabulary) -> None:
    """The reason's slots (``behind``, said after "for") go, its sides kept, where the words
    before say an operation or a device and a part and the reason names a part only inside a
    condition (see the module)."""
    if parsed.reason_dropped or not behind:
        return
    after = [s for s in parsed.slots if any(s is b for b in behind)]
    ahead = [s for s in parsed.slots if not any(s is b for b in behind)]
    reason = [s for s in after if not _a_side(s)]
    if not reason or not ahead or opened(ahead):
        return
    if not all(_part_in_a_condition(s, vocab) or not names_a_part(s, vocab) for s in reason):
        return
    if any(an_operation(s) or a_device(s) for s in reason):
        return
    if not any(an_operation(s) or a_device(s) for s in ahead) or not any(
            a_part(s) or names_a_part(s, vocab) for s in ahead):
        return
    gone = {s.text for s in reason}
    parsed.slots = [s for s in parsed.slots if not any(s is r for r in reason)]
    parsed.reason_dropped = True
    parsed.expansions = [e for e in parsed.expansions if e["from"] not in gone]
