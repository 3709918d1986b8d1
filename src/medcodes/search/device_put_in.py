"""A device phrase read across the verb that puts it in ("stent put in my kidney", "chest drain
put in", "JJ stent inserted"): the verb read beside the device as the operations that leave one.

A device's curated phrase (``pcs_devices.tsv``: "kidney stent", the ureter's Intraluminal
Device) is matched with the small words between its words, so "stent put in my kidney" is one
slot, and the verb in it was read as nothing: the device and its part alone matched every
table that names them, and the Removal of the Intraluminal Device from the Ureter led (then
its Revision), the opposite of what was said. ``procedure_devices.with_device`` reads a
placing verb beside a device as an Insertion, a Drainage or (for a stent, which holds a lumen
open) a Dilation; a verb inside the device's slot gets a slot of its own with those readings
(the Drainage only for a drain: a feeding tube put into the stomach drains nothing).
Gated on a device reading in a slot of more than one word: other queries pay a scan of their
slots.
"""

from __future__ import annotations

from medcodes.search.parsed import Alternative, ParsedQuery, Slot
from medcodes.search.procedure_devices import DEVICE_WORDS

# How a device is said to go in, inside its phrase ("put in", "placed in", "inserted into", "a
# feeding tube into the stomach").
_PUT = ("put", "insert", "placed", "place", "fitted", "into")
_STENT = ("stent",)  # holds a lumen open: a Dilation (``procedure_devices._WIDENING``)
_DEVICE_KINDS = ("device", "lay")  # a device's row (pcs_devices.tsv) or a lay one
INSERTION, DRAINAGE, DILATION = ("insertion",), ("drainage",), ("dilation",)


def _verb(slot: Slot) -> str | None:
    """The placing verb said inside a device's slot, else None."""
    if not any(alt.kind in _DEVICE_KINDS and not DEVICE_WORDS.isdisjoint(alt.tokens)
               for alt in slot.alternatives):
        return None
    return next((w for w in slot.text.lower().split()[1:] if w.startswith(_PUT)), None)


def put_in_a_device(parsed: ParsedQuery) -> None:
    """A placing verb said inside a device's slot read, in a slot of its own, as the
    operations that leave the device (see the module)."""
    for slot in list(parsed.slots):
        if " " not in slot.text:
            continue
        verb = _verb(slot)
        if verb is None:
            continue
        readings = [INSERTION]
        if any(DRAINAGE[0] in alt.tokens for alt in slot.alternatives):
            readings.append(DRAINAGE)  # a drain left in: the Drainage with its device
        if any(w.startswith(_STENT) for w in slot.text.lower().split()):
            readings.append(DILATION)
        parsed.slots.insert(parsed.slots.index(slot) + 1, Slot(
            verb, [Alternative(words, "procedure") for words in readings]))
        parsed.expansions.extend({"from": verb, "to": " ".join(words), "kind": "procedure"}
                                 for words in readings)
