"""Operations inside the arteries of the brain, said as clinicians and patients say them: coils
and flow diverters put into an aneurysm, and a clot pulled out of a brain artery.

Coils and flow diverters put into an aneurysm from inside the artery ("coiling of a cerebral
aneurysm", "coil embolization of a basilar tip aneurysm", "brain aneurysm coiled", "flow
diverter for a brain aneurysm"): the Restriction (or Occlusion) of the artery with an
Intraluminal Device, Percutaneous, not the contraceptive coil.

"Coil" alone is how patients say an intrauterine device (``lay_terms.tsv``), so "coiling of a
brain aneurysm" found the IUD's titles. Beside an aneurysm the coil is the platinum coil
packed into the sac through a catheter from the groin: ICD-10-PCS codes it as narrowing the
artery with an Intraluminal Device (the index: "Embolization, see Restriction" for an
aneurysm; a parent artery shut off is an Occlusion), by the Percutaneous approach. An
aneurysm is of an artery, and one said of the brain ("cerebral", "brain", or a named artery
inside the skull) is of the body part key's Intracranial Artery.

A clot pulled out of an artery of the brain ("mechanical thrombectomy for stroke", "clot
pulled out of an artery in my brain") is the Extirpation of Matter from the Intracranial
Artery, Percutaneous: a stroke's clot is taken out through a catheter from the groin, and a
brain's artery (or the stroke it caused) says the Intracranial Artery; "mechanical" says
only how (the X codes' "Computer-aided Mechanical Aspiration" are of the legs' arteries).

Gated on the coil, flow diverter and clot words (``CUES``, ``CLOT_CUES``): other queries pay
one or two set tests.
"""

from __future__ import annotations

from medcodes.search.parsed import ParsedQuery, Slot, add_reading

CUES = frozenset({"coil", "coils", "coiled", "coiling", "diverter", "diverters"})
_COIL = frozenset({"coil", "coils", "coiled", "coiling"})
_DIVERTER = frozenset({"diverter", "diverters"})
ANEURYSMS = frozenset({"aneurysm", "aneurysms", "aneurism", "aneurisms", "aneurysmal"})
# The titles' words for a coil (or a stent beside it) inside the artery, and how it narrows or
# shuts it off.
INSIDE = (("restriction", "intraluminal", "device", "percutaneous"),
          ("occlusion", "intraluminal", "device", "percutaneous"))
FLOW_DIVERTER = (("restriction", "intraluminal", "device", "flow", "diverter", "percutaneous"),)
ARTERY = ("artery",)
INTRACRANIAL = ("intracranial",)
# Said of an aneurysm: the brain or an artery inside the skull (the body part key's
# Intracranial Artery: the basilar, the communicating and the cerebral arteries).
_IN_THE_SKULL = frozenset({
    "brain", "cerebral", "cerebrum", "intracranial", "basilar", "communicating", "acom",
    "pcom", "mca", "aca", "pca", "berry", "circle", "willis", "vertebrobasilar"})
_LAY = frozenset({"lay", "abbreviation"})
# Where the catheter went in ("through the groin", "via the femoral artery", "from the wrist")
# and where on the aneurysm the coil went ("basilar tip", "the neck", "the sac"): no title
# says them, so they are no words to search beside a coil.
_WAY_IN = frozenset({"through", "thru", "via", "from"})
_ENTRY = frozenset({"groin", "leg", "thigh", "femoral", "wrist", "radial", "arm"})
_ON_THE_SAC = frozenset({"tip", "neck", "sac", "dome", "top"})


CLOT_CUES = frozenset({"thrombectomy", "embolectomy", "clot", "clots", "thrombus"})
_STROKE = frozenset({"stroke", "strokes", "cva"})
_HOW = frozenset({"mechanical", "endovascular"})
_CLOT = frozenset({"clot", "clots", "thrombus"})
_TAKEN = ("pull", "remov", "taken", "took", "suck", "retriev", "extract")
OUT_OF_AN_ARTERY = ("extirpation", "matter", "artery", "percutaneous")
EXTIRPATION = ("extirpation",)
PERCUTANEOUS = "percutaneous"
_OPERATIONS = frozenset({"thrombectomy", "embolectomy"})
_ARTERIES = frozenset({"artery", "arteries", "arterial"})
# "middle cerebral artery", "posterior communicating artery": which of the arteries inside the
# skull, all one Intracranial Artery to ICD-10-PCS.
_WHICH = frozenset({"middle", "anterior", "posterior"})
_NAMED = frozenset({"cerebral", "communicating"})
MATTER = ("matter",)
INTRACRANIAL_ARTERY = ("intracranial", "artery")


def clot_out(parsed: ParsedQuery, heard: set[str]) -> None:
    """A clot taken out of an artery of the brain (or for a stroke) read as the Percutaneous
    Extirpation of Matter from the Intracranial Artery."""
    if CLOT_CUES.isdisjoint(heard) or (_IN_THE_SKULL.isdisjoint(heard)
                                        and _STROKE.isdisjoint(heard)):
        return
    if _OPERATIONS.isdisjoint(heard) and not any(w.startswith(_TAKEN) for w in heard):
        return  # "stroke from a clot in the brain": the condition, nothing done
    in_an_artery = not _ARTERIES.isdisjoint(heard) or not _STROKE.isdisjoint(heard)
    slots = parsed.slots
    slots[:] = [s for i, s in enumerate(slots) if s.text.lower() not in _HOW and not (
        s.text.lower() in _WHICH and i + 1 < len(slots)
        and slots[i + 1].text.lower() in _NAMED)]
    for slot in slots:
        said = slot.text.lower()
        have = {alt.tokens for alt in slot.alternatives}
        if said in ("thrombectomy", "embolectomy"):
            add_reading(parsed, slot, have, slot.text, OUT_OF_AN_ARTERY, "procedure")
        elif said in _CLOT:
            add_reading(parsed, slot, have, slot.text, MATTER, "procedure")
        elif said.startswith(_TAKEN):
            add_reading(parsed, slot, have, slot.text,
                        EXTIRPATION + (PERCUTANEOUS,) * in_an_artery, "procedure")
        elif said in _STROKE:
            add_reading(parsed, slot, have, slot.text, INTRACRANIAL_ARTERY, "body part")
        elif not set(said.split()).isdisjoint(_IN_THE_SKULL):
            add_reading(parsed, slot, have, slot.text, INTRACRANIAL, "body part")


def coiled(parsed: ParsedQuery, heard: set[str]) -> None:
    """The coil's (or flow diverter's) slot read as the Intraluminal Device that restricts the
    artery, where the query says an aneurysm; its reading as an IUD goes."""
    if CUES.isdisjoint(heard) or ANEURYSMS.isdisjoint(heard):
        return
    slots = parsed.slots
    drop = {i for i, s in enumerate(slots) if s.text.lower() in _ENTRY | _ON_THE_SAC}
    drop |= {i for i, s in enumerate(slots) if s.text.lower() in _WAY_IN and i + 1 in drop}
    if drop:
        gone = {slots[i].text for i in drop}
        slots[:] = [s for i, s in enumerate(slots) if i not in drop]
        parsed.expansions = [e for e in parsed.expansions if e["from"] not in gone]
    for slot in parsed.slots:
        said = set(slot.text.lower().split())
        if said & _COIL:
            _read(parsed, slot, INSIDE)
        elif said & _DIVERTER:
            _read(parsed, slot, FLOW_DIVERTER)
        elif said & ANEURYSMS:
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        ARTERY, "body part")
        elif said & _IN_THE_SKULL:
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        INTRACRANIAL, "body part")


def _read(parsed: ParsedQuery, slot: Slot, readings: tuple[tuple[str, ...], ...]) -> None:
    """``slot`` read as ``readings``, its lay readings (the contraceptive coil) gone."""
    gone = {alt.tokens for alt in slot.alternatives if alt.kind in _LAY}
    slot.alternatives = [alt for alt in slot.alternatives if alt.tokens not in gone]
    parsed.expansions = [e for e in parsed.expansions if not (
        e["from"] == slot.text and tuple(e["to"].split()) in gone)]
    have = {alt.tokens for alt in slot.alternatives}
    for words in readings:
        add_reading(parsed, slot, have, slot.text, words, "procedure")
