"""The imaging that guides a procedure ("CT guided lung biopsy", "ultrasound-guided drainage of
a liver abscess", "biopsy under fluoroscopic guidance", "LP under fluoro"), left unsearched and
read as the percutaneous approach it implies.

Radiologists and coders name the guidance before the procedure it guides, but ICD-10-PCS codes
the procedure (the Percutaneous biopsy, the drainage) and, only if at all, the imaging apart,
under the Imaging section's own titles. Searched as said, the modality's words drew those
imaging titles ("Computerized Tomography (CT Scan) of Bilateral Lungs", "Ultrasonography of
Liver") over the procedure. Where another word of the query names an operation, the modality
and "guided" (or "under ... guidance", or "under" and the modality alone: "under CT") are no
words to search. A needle or a catheter steered by imaging goes through the skin: where the
query says no approach, the guidance is read as Percutaneous, so "CT guided drainage of an
abdominal abscess" is the Percutaneous Drainage, not the Open one the classification lists
first. Gated on "guided"/"guidance"/"under": other queries pay one set test.
"""

from __future__ import annotations

from medcodes.search.approach import says_approach
from medcodes.search.parsed import Alternative, ParsedQuery, Slot
from medcodes.search.procedure_purpose import an_operation
from medcodes.search.text import stem

CUES = frozenset({"guided", "guidance"})
# "under fluoro", "under CT", "under ultrasound control": the modality after "under".
_UNDER = "under"
_AFTER = frozenset({"guidance", "control", "guided"})
PERCUTANEOUS = "percutaneous"
# The ways of seeing that guide a needle, a wire or a scope, as said before "guided".
MODALITIES = frozenset("""
ct cat computed tomography tomographic ultrasound ultrasonographic ultrasonography sonographic
sonography sono us u/s image images imaging radiologic radiological radiologically fluoroscopic
fluoroscopically fluoroscopy fluoro xray x-ray mri mr doppler
""".split())
# What a guided needle or catheter does, said in words no root operation's reading covers
# ("FNA": fine needle aspiration biopsy).
_ACTS = frozenset({"biopsy", "aspiration", "injection", "block", "placement", "insertion",
                   "puncture", "embolization", "ablation", "drainage", "drain"})
_BEFORE = frozenset({"under", "with", "using", "by", "via"})


def guided(parsed: ParsedQuery, heard: set[str]) -> None:
    """The guidance's slots (its modality, "guided" or "guidance", "under") dropped where the
    rest names an operation, and read as a percutaneous approach where the rest says none."""
    if CUES.isdisjoint(heard) and _UNDER not in heard:
        return
    slots = parsed.slots
    drop: set[int] = set()
    for i, slot in enumerate(slots):
        said = slot.text.lower()
        if said == _UNDER:
            k = i + 1
            while k < len(slots) and _modality(slots[k]):
                k += 1
            if k > i + 1:  # "under fluoro", "under ct guidance"
                if k < len(slots) and slots[k].text.lower() in _AFTER:
                    k += 1
                drop.update(range(i, k))
            continue
        if said not in CUES:
            continue
        j = i
        while j > 0 and _modality(slots[j - 1]):
            j -= 1
        if j == i:
            continue  # "guided imagery", "self guided": no modality said
        if j > 0 and slots[j - 1].text.lower() in _BEFORE:
            j -= 1
        drop.update(range(j, i + 1))
    if not drop:
        return
    if not any(_acts(s) for k, s in enumerate(slots) if k not in drop):
        return  # "ct guided" alone, "ultrasound guided by a nurse": no procedure it guides
    gone = {slots[k].text for k in drop}
    kept = [s for k, s in enumerate(slots) if k not in drop]
    parsed.expansions = [e for e in parsed.expansions if e["from"] not in gone]
    if not says_approach(stem(t) for s in kept for alt in s.alternatives for t in alt.tokens):
        said = " ".join(slots[k].text for k in sorted(drop))
        kept.append(Slot(said, [Alternative((PERCUTANEOUS,), "procedure")]))
        parsed.expansions.append({"from": said, "to": PERCUTANEOUS, "kind": "procedure"})
    slots[:] = kept


def _modality(slot: Slot) -> bool:
    return all(w in MODALITIES for w in slot.text.lower().replace("-", " ").split())


def _acts(slot: Slot) -> bool:
    return an_operation(slot) or any(not _ACTS.isdisjoint(alt.tokens)
                                     for alt in slot.alternatives)
