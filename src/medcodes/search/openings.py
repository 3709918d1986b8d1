"""An incision that opens a body cavity, said with what it is for ("craniotomy for a brain
tumour", "laparotomy for adhesions", "lobectomy via thoracotomy"): the Open approach of that
operation, not an operation of its own.

ICD-10-PCS codes no separate incision to reach the operative site (guideline B3.1b): a
craniotomy to take out a tumour is an Excision of Brain, Open Approach; one to evacuate a
subdural haematoma its Drainage (or Extirpation of the clot), Open; a laparotomy for adhesions
the Release of the peritoneum, Open. The incision's word parts (crani- + -otomy: Division or
Drainage of the Skull) name the way in, so they give way. Said alone ("craniotomy",
"exploratory laparotomy") the incision keeps its own readings: the ICD-9 "Other craniotomy"
and "Exploratory laparotomy" are codes of it.

What it is for, when no other word names the operation: a growth is cut out (Excision), a
collection drained (Drainage, or the matter taken out: Extirpation), adhesions released.

Gated on the incision words (``OPENINGS``): a query without one pays one set test.
"""

from __future__ import annotations

from medcodes.search.lesions import is_lesion
from medcodes.search.parsed import ParsedQuery, Slot, add_reading
from medcodes.search.procedure_reading import ROOT_OPERATIONS

# Incisions that open the skull, the abdomen or the chest to operate inside, and the cavity
# each opens as ICD-10-PCS titles name it ("Intracranial Artery", "Intracranial Subdural
# Space"): a word no other part of the query need say.
OPENINGS: dict[str, tuple[str, ...]] = {
    "craniotomy": ("intracranial",), "craniotomies": ("intracranial",),
    "laparotomy": (), "laparotomies": (), "celiotomy": (), "coeliotomy": (),
    "thoracotomy": (), "thoracotomies": (), "sternotomy": (),
}
OPEN = "open"
# Words beside the incision that say nothing of what it is for.
_NOT_A_PURPOSE = frozenset({
    "exploratory", "explorative", "exploration", "explore", "emergency", "urgent", "elective",
    "redo", "repeat", "diagnostic", "open", "had", "have", "having", "via", "through",
    "my", "a", "an", "the", "left", "right", "bilateral", "awake", "mini", "surgery",
    "operation", "procedure", "scar", "wound", "incision", "pain", "after", "post", "since",
    "infection", "infected", "site", "dehiscence", "complication", "complications",
    # a classification's own titles ("Other craniotomy", "Reopening of recent laparotomy site")
    "other", "unspecified", "nos", "specified", "reopening", "reopen", "recent"})
# What an incision is for, said by the matter it reaches: a collection is drained (or its
# clot taken out), adhesions released; a growth (``lesions.is_lesion``) cut out.
_COLLECTIONS = frozenset({
    "haematoma", "hematoma", "haematomas", "hematomas", "abscess", "abscesses", "empyema",
    "collection", "collections", "haemorrhage", "hemorrhage", "bleed", "clot", "clots"})
_ADHESIONS = frozenset({"adhesions", "adhesion", "adhesiolysis"})
# An aneurysm is of an artery ("clipping of an aneurysm": Occlusion of Intracranial Artery).
_OF_A_VESSEL = frozenset({"aneurysm", "aneurysms", "aneurism"})
_ARTERY = ("artery",)
# The organ a cavity holds, said of an aneurysm there ("cerebral aneurysm", "brain aneurysm"):
# its artery is the one ICD-10-PCS names by the cavity (a cerebral artery is the Intracranial
# Artery of the body part key).
_ORGAN_OF_CAVITY = {"intracranial": frozenset({"brain", "cerebral", "cerebrum"})}
_DRAINED = (("drainage",), ("extirpation",))
_RELEASED = (("release",),)
_CUT_OUT = (("excision",),)
_READ_AS_OPERATION = frozenset({"procedure", "lay", "abbreviation", "word parts"})
# Said just before the incision, the way in ("lobectomy via thoracotomy", "clipped through a
# craniotomy"): read as its Open approach, no word to search ("via" alone is ICD-10-PCS's
# "Via Natural or Artificial Opening", the approach the incision is not).
_BY_WAY_OF = frozenset({"via", "through", "thru", "by"})


def said(words: list[str]) -> bool:
    """Does the query say an incision of ``OPENINGS`` (the gate)?"""
    return not OPENINGS.keys().isdisjoint(words)


def opened_for(parsed: ParsedQuery, raw: list[str]) -> None:
    """The incision's slot read as the Open approach (and its cavity), with the operation its
    purpose implies when no other word names one; its own word parts give way."""
    if not said(raw):
        return
    others = [s for s in parsed.slots if s.text not in OPENINGS]
    purpose = [w for s in others for w in s.text.split() if w not in _NOT_A_PURPOSE]
    if not purpose:
        return  # "craniotomy", "exploratory laparotomy", "pain after thoracotomy"
    if any(w in ("after", "post", "since", "pain", "scar", "wound") for w in raw):
        return  # the incision as when or where something else happened
    operations: tuple[tuple[str, ...], ...] = ()
    if not any(_operates(s) for s in others):
        # A collection is drained though ``lesions`` counts it a lesion ("craniotomy for a
        # brain abscess" is the Drainage of Brain, Open, not its Excision).
        if not _COLLECTIONS.isdisjoint(purpose):
            operations = _DRAINED
        elif any(map(is_lesion, purpose)):
            operations = _CUT_OUT
        elif not _ADHESIONS.isdisjoint(purpose):
            operations = _RELEASED
    slots = parsed.slots
    slots[:] = [s for i, s in enumerate(slots) if not (
        s.text in _BY_WAY_OF and i + 1 < len(slots) and slots[i + 1].text in OPENINGS)]
    vessel = any(not _OF_A_VESSEL.isdisjoint(s.alternatives[0].tokens) for s in others)
    for slot in parsed.slots:
        if slot.text not in OPENINGS:
            continue
        gone = {alt.tokens for alt in slot.alternatives if alt.kind == "word parts"}
        slot.alternatives = [alt for alt in slot.alternatives if alt.tokens not in gone]
        parsed.expansions = [e for e in parsed.expansions if not (
            e["from"] == slot.text and tuple(e["to"].split()) in gone)]
        have = {alt.tokens for alt in slot.alternatives}
        # read from the word's parts as its own were: the way in (-otomy: open) and where
        # (crani-: intracranial), so the query still names a procedure
        add_reading(parsed, slot, have, slot.text, (OPEN,), "word parts")
        for operation in operations:
            add_reading(parsed, slot, have, slot.text, (*operation, OPEN), "word parts")
        cavity = OPENINGS[slot.text]
        if cavity and (vessel or not _organ_said(others, cavity)):
            # Not where the organ the cavity holds says where ("craniotomy for a brain
            # abscess": the brain's Drainage; G06.0 Intracranial abscess said the cavity
            # only as a diagnosis does)
            add_reading(parsed, slot, have, slot.text, cavity, "body part")
    if not vessel:
        return
    for slot in others:
        if not _OF_A_VESSEL.isdisjoint(slot.alternatives[0].tokens):
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        _ARTERY, "body part")
    cavities = {c for s in parsed.slots if s.text in OPENINGS for c in OPENINGS[s.text]}
    for space in cavities:
        organ = _ORGAN_OF_CAVITY.get(space, frozenset())
        for slot in others:
            if not organ.isdisjoint(slot.alternatives[0].tokens):
                add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                            (space,), "body part")


def _organ_said(slots: list[Slot], cavity: tuple[str, ...]) -> bool:
    """Does a slot of ``slots`` name the organ ``cavity`` holds ("brain", "cerebral")?"""
    organ = frozenset(w for c in cavity for w in _ORGAN_OF_CAVITY.get(c, ()))
    return any(not organ.isdisjoint(s.alternatives[0].tokens) for s in slots)


def opened(slots: list[Slot]) -> bool:
    """Has ``opened_for`` read an incision as the way in to an operation (then the query
    names a procedure, as the incision's own word parts did)?"""
    return any(slot.text in OPENINGS and any(alt.tokens == (OPEN,) for alt in slot.alternatives)
               for slot in slots)


def _operates(slot: Slot) -> bool:
    """Does a reading of ``slot`` name a root operation ("clipping": Occlusion; "removal")?"""
    return any(alt.kind in _READ_AS_OPERATION and alt.tokens[:1] and alt.tokens[0]
               in ROOT_OPERATIONS for alt in slot.alternatives)
