"""A clot taken out of a vein ("DVT thrombectomy", "iliac vein thrombectomy", "blood clot taken
out of the vein in my leg"), read as the Extirpation of Matter from the vein, not an artery.

``lay_terms.tsv`` reads "thrombectomy" and "embolectomy" as the Extirpation of Matter from an
artery, the commoner operation, so a thrombectomy said of a deep vein thrombosis or of a named
vein led with the arteries' codes (04CK Right Femoral Artery for "thrombectomy of the right
femoral vein", 03C4 for "DVT thrombectomy"). A coder codes the clot's vessel: a DVT is in a
deep vein of the leg or the pelvis (06C-, Lower Veins), a vein said is that vein. Where the
query says a vein (the word, "venous", or a DVT), the artery of the operation's reading is the
vein, a clot is the Matter, its taking out the Extirpation, and the DVT is read as the vein
it is in; "mechanical" says only how, and goes (as for the brain's arteries,
``brain_arteries.clot_out``). Gated on the clot words and the vein words: other queries pay
two set tests.

A pulmonary embolism taken out ("suction thrombectomy for pulmonary embolism", "PE
embolectomy") is of the pulmonary artery (02CQ, 02CR, the trunk 02CP), not the Lung that
"pulmonary" reads alone, and the embolus is the Matter: ``embolus_of_the_lung`` reads them so
("suction" says how, and goes), gated on the operation's words.
"""

from __future__ import annotations

from medcodes.search.brain_arteries import CLOT_CUES, EXTIRPATION, MATTER
from medcodes.search.parsed import Alternative, ParsedQuery, add_reading

VEINS = frozenset({"vein", "veins", "venous", "dvt", "dvts"})
_DVT = frozenset({"dvt", "dvts"})
_OPERATIONS = frozenset({"thrombectomy", "embolectomy"})
_CLOT = frozenset({"clot", "clots", "thrombus"})
_TAKEN = ("pull", "remov", "taken", "took", "suck", "retriev", "extract")
_HOW = frozenset({"mechanical", "endovascular", "suction"})
ARTERY = "artery"
# A DVT, or a vein of the leg, is in the Lower Veins (06C-): their catch-all body part is
# titled "Lower Vein".
LOWER_VEIN = ("lower", "vein")
LOWER = ("lower",)
_LEG = frozenset({"leg", "legs", "thigh", "calf", "calves"})


def clot_out_of_a_vein(parsed: ParsedQuery, heard: set[str]) -> None:
    """A thrombectomy (or a clot taken out) said with a vein, read as the Extirpation of Matter
    from the vein (see the module)."""
    if CLOT_CUES.isdisjoint(heard) or VEINS.isdisjoint(heard):
        return
    if _OPERATIONS.isdisjoint(heard) and not any(w.startswith(_TAKEN) for w in heard):
        return  # "blood clot in a vein": the condition, nothing done
    parsed.slots[:] = [s for s in parsed.slots if s.text.lower() not in _HOW]
    for slot in parsed.slots:
        said = slot.text.lower()
        words = set(said.split())
        have = {alt.tokens for alt in slot.alternatives}
        if words & _OPERATIONS:
            slot.alternatives = [
                Alternative(tuple("vein" if t == ARTERY else t for t in alt.tokens), alt.kind)
                if ARTERY in alt.tokens else alt for alt in slot.alternatives]
        elif words & _DVT:
            add_reading(parsed, slot, have, slot.text, LOWER_VEIN, "body part")
        elif words & _LEG:
            add_reading(parsed, slot, have, slot.text, LOWER, "body part")
        elif words & _CLOT:
            add_reading(parsed, slot, have, slot.text, MATTER, "procedure")
        elif said.startswith(_TAKEN):
            add_reading(parsed, slot, have, slot.text, EXTIRPATION, "procedure")


_PE = frozenset({"pe", "embolism", "embolus", "emboli"})
_LUNG = frozenset({"pulmonary", "pe"})
PULMONARY_ARTERY = ("pulmonary", "artery")


def embolus_of_the_lung(parsed: ParsedQuery, heard: set[str]) -> None:
    """A pulmonary embolism said beside its thrombectomy or embolectomy read as the
    Pulmonary Artery it is in (see the module)."""
    if _OPERATIONS.isdisjoint(heard) or _LUNG.isdisjoint(heard) or _PE.isdisjoint(heard):
        return
    parsed.slots[:] = [s for s in parsed.slots if s.text.lower() not in _HOW]
    for slot in parsed.slots:
        words = set(slot.text.lower().split())
        have = {alt.tokens for alt in slot.alternatives}
        if words & _LUNG:
            add_reading(parsed, slot, have, slot.text, PULMONARY_ARTERY, "body part")
        elif words & _PE:  # the embolus is the Matter taken out
            add_reading(parsed, slot, have, slot.text, MATTER, "procedure")
