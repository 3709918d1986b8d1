"""Operations said in everyday words read as ICD-10-PCS says them: fluid taken or drained,
an operation in a cavity, a thing mended, a wound on the skin, a hole made, an organ taken
out or off, and no more children as a sterilisation."""

from __future__ import annotations

from medcodes.search.everyday import ARTICLES, PEOPLE, POSSESSIVES
from medcodes.search.lesions import SKIN_REGIONS
from medcodes.search.parsed import ParsedQuery, add_reading
from medcodes.search.procedure_devices import DRAINAGE_DEVICE
from medcodes.search.procedure_reading import ROOT_OPERATIONS
from medcodes.search.text import stem
from medcodes.search.vocab import Vocabulary

# What a drainage lets out, said beside it ("draining fluid from the knee", "draining pus from a
# boil"): ICD-10-PCS Drainage is "taking or letting out fluids and/or gases", so its titles name
# the body part drained, never the fluid.
_FLUIDS = frozenset({"fluid", "fluids", "pus", "liquid"})


# A drain, as the whole word, is the device (pcs_devices.tsv); "draining" or "drained" says
# the operation, though it compares to "drain" by its stem.
_A_DRAIN = ("drain", "drains")



# A fluid taken or drawn off, as people say a tap ("fluid taken from my spine", "they drew off
# fluid from the baby's spine", "took the fluid off my knee"): letting fluid out is Drainage
# ("taking or letting out fluids"), whatever the verb. Only a taking verb within two words of
# the fluid: "fluid retention" and "drinking fluids" take nothing.
_TAKING_FLUID = frozenset({"taken", "took", "take", "taking", "drew", "draw", "drawn",
                           "drawing", "withdrawn", "removed", "sucked", "tapped"})
_DRAINAGE = ("drainage",)


def fluid_taken(parsed: ParsedQuery) -> None:
    """A verb of ``_TAKING_FLUID`` beside a fluid (``_FLUIDS``) also reads as Drainage, so the
    body part it comes from decides (``what_is_drained``, ``in_a_cavity``)."""
    texts = [slot.text for slot in parsed.slots]
    if _FLUIDS.isdisjoint(texts):
        return
    for i, slot in enumerate(parsed.slots):
        if slot.text.split()[0] in _TAKING_FLUID and not _FLUIDS.isdisjoint(
                texts[max(i - 2, 0):i + 3]):
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        _DRAINAGE, "procedure")


def what_is_drained(parsed: ParsedQuery) -> None:
    """Beside a word read as a Drainage, the fluid it lets out is read: the slot goes, so the
    body part it comes from decides. A verb of draining is no drain (the device)."""
    for slot in parsed.slots:
        if slot.text.startswith(_A_DRAIN[0]) and slot.text not in _A_DRAIN:
            slot.alternatives = [alt for alt in slot.alternatives if not (
                alt.kind == "device" and alt.tokens == DRAINAGE_DEVICE)]
            parsed.expansions = [e for e in parsed.expansions if not (
                e["kind"] == "device" and e["from"] == slot.text)]
    if len(parsed.slots) < 3 or not any(
            alt.kind != "original" and alt.tokens[0] == DRAINAGE_DEVICE[0]
            and alt.tokens[1:2] != DRAINAGE_DEVICE[1:] for slot in parsed.slots
            for alt in slot.alternatives):
        return
    # "Off" said of it goes too ("fluid drained off my knee" is drained from the knee).
    parsed.slots = [slot for slot in parsed.slots if slot.text not in _FLUIDS and not (
        slot.text == _OFF and len(slot.alternatives) == 1)]


# The operations done in a body cavity as a whole: letting fluid out, and looking in.
_IN_A_CAVITY = frozenset({"drainage", "inspection"})
_SITE_OPERATIONS = _IN_A_CAVITY | ROOT_OPERATIONS


def in_a_cavity(parsed: ParsedQuery, vocab: Vocabulary) -> None:
    """Beside a Drainage or an Inspection, a region or a collection also reads as the body
    cavity ICD-10-PCS drains or inspects there (``pcs_cavities.tsv``: "draining fluid from the
    belly" is a Drainage of the Peritoneal Cavity, "ascites" is in it); its other readings
    (the belly's abdominal wall) then go, so the cavity leads. Beside any operation, a lesion
    of the skin reads as the skin it is in (``pcs_lesion_sites.tsv``: "burning off a wart" is a
    Destruction of Skin)."""
    if not (vocab.cavities or vocab.lesion_sites) or all(
            not (alt.tokens and alt.tokens[0] in _SITE_OPERATIONS)
            or (alt.kind == "original" and len(alt.tokens) != 1)
            for slot in parsed.slots for alt in slot.alternatives):
        return  # no operation said for a slot to be beside (``_as_site``'s ``doing``)
    if vocab.cavities:
        _as_site(parsed, vocab.cavities, _IN_A_CAVITY)
    if vocab.lesion_sites:
        _as_site(parsed, vocab.lesion_sites, ROOT_OPERATIONS)


# Mending said the everyday way ("fixed my belly button hernia", "get my torn rotator cuff
# fixed", "squint corrected"): a Repair ("restoring ... to its normal anatomic structure and
# function"). Not "straightened": a hammer toe is straightened by a fusion or an excision.
# A thing glued is mended only where it is a cut or a wound ("cut glued", "glued the cut"): eyes
# glued shut are sticky, not repaired.
_MENDING = frozenset({"fix", "fixed", "fixes", "fixing", "corrected", "correcting", "glued",
                      "gluing"})
_REPAIR = ("repair",)
_MENDING_REACH = 2  # slots either side: "fixed my torn rotator cuff", "hernia fixed with mesh"


def mended(parsed: ParsedQuery, vocab: Vocabulary) -> None:
    """"Fixed" reads as Repair beside what ``pcs_lesion_sites.tsv`` knows is mended at a part
    (a hernia, a torn rotator cuff, a deviated septum, a cut), so ``in_a_cavity`` then reads
    that as its part; elsewhere it is a finding's word ("fixed pupils", "fixed drug
    eruption", "fixed flexion deformity") and is not read."""
    if not vocab.lesion_sites:
        return
    slots = parsed.slots
    for i, slot in enumerate(slots):
        if slot.text not in _MENDING:
            continue
        near = slots[max(i - _MENDING_REACH, 0):i] + slots[i + 1:i + 1 + _MENDING_REACH]
        if any(tuple(map(stem, alt.tokens)) in vocab.lesion_sites
               for other in near for alt in other.alternatives):
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        _REPAIR, "procedure")


# A laceration stitched where the query names a part of the skin's regions ("suture of scalp
# laceration", "laceration repair left hand", "gash on my chin stitched") is a Repair of that
# part's Skin (0HQ): the laceration reads as the skin, as a cut does (``pcs_lesion_sites``).
# Said of an organ or a part PCS repairs itself ("suture of laceration of kidney", "lip",
# "tongue", "breast", an obstetric laceration of the perineum) it keeps its own reading. A cut
# is one too ("cut on my chin glued", "cut on my arm stitched up"; a cut closed with glue or
# strips is as much a Repair), and a region ICD-10-PCS's skin names otherwise reads as that
# skin's part (a chin, a forehead the Face Skin, a finger the Hand Skin: lesions.SKIN_REGIONS).
_TORN = frozenset({"laceration", "lacerations", "gash", "gashes", "cut", "cuts"})
_SKIN_REGIONS = frozenset("""
scalp face forehead cheek cheeks chin eyebrow neck chest back abdomen abdominal belly buttock
buttocks arm arms forearm forearms elbow wrist hand hands finger fingers thumb thigh thighs knee
leg legs shin calf ankle foot feet toe toes heel shoulder
""".split())
_SKIN = ("skin",)


def wound_on_skin(parsed: ParsedQuery, heard: set[str]) -> None:
    """A laceration beside a Repair and a region of the skin also read as the skin."""
    if _TORN.isdisjoint(heard) or _SKIN_REGIONS.isdisjoint(heard):
        return
    slots = parsed.slots
    if not any(alt.tokens[:1] == _REPAIR for s in slots for alt in s.alternatives):
        return
    for slot in slots:
        if slot.text in _TORN:
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        _SKIN, "body part")
        elif slot.text in _SKIN_REGIONS and stem(slot.text) in SKIN_REGIONS:
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        SKIN_REGIONS[stem(slot.text)], "body part")


# A hole or an opening someone made in an organ ("making a hole in the windpipe", "hole cut in
# my windpipe to breathe", "opening made in the bowel for a bag") is the opening an "-ostomy"
# creates: ICD-10-PCS codes it as a Bypass of the organ to the skin ("Bypass Trachea to
# Cutaneous", a tracheostomy; "Bypass Transverse Colon to Cutaneous", a colostomy), not the
# hole people find ("hole in my eardrum", "hole in the heart": perforation, septal defect).
_HOLES = frozenset({"hole", "opening"})
_MAKING = frozenset({"make", "makes", "making", "made", "cut", "cutting", "create", "created",
                     "creating"})
OSTOMY = ("bypass", "cutaneous")
_FOUND_HOLES = ("perforation", "laceration")  # the lay readings of a hole and a cut found


def _a_hole(raw: list[str], i: int) -> bool:
    """Is ``raw[i]`` a hole said as a noun: first, or after an article, and not before what a
    verb's "-ing" is done to ("cut my finger opening a can")?"""
    return (raw[i] in _HOLES and (i == 0 or raw[i - 1] in ARTICLES)
            and not (ARTICLES | POSSESSIVES).intersection(raw[i + 1:i + 2]))


def hole_made(parsed: ParsedQuery, raw: list[str]) -> None:
    """A hole or an opening (a noun: ``_a_hole``) beside a verb of making it (``_MAKING``)
    reads as the stoma an operation creates (``OSTOMY``), in place of the perforation and the
    wound its words are read as when found."""
    if (_HOLES.isdisjoint(raw) or _MAKING.isdisjoint(raw)
            or not any(_a_hole(raw, i) for i in range(len(raw)))):
        return
    for slot in parsed.slots:
        if slot.text in _HOLES or slot.text in _MAKING:
            gone = {alt.tokens for alt in slot.alternatives
                    if alt.kind == "lay" and alt.tokens[0] in _FOUND_HOLES}
            slot.alternatives = [alt for alt in slot.alternatives if alt.tokens not in gone]
            parsed.expansions = [e for e in parsed.expansions if not (
                e["kind"] == "lay" and tuple(e["to"].split()) in gone)]
        if slot.text in _HOLES:
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        OSTOMY, "procedure")


# An organ said with "out" and no verb of its own ("spleen out after the crash", "getting my
# ovaries out"): the organ taken out, a Resection, as lay_terms.tsv reads "tonsils out" and
# "appendix out". Only when nothing but whose it is and the tense come before the organ: "cried
# my heart out" is no operation, nor is "hip out of place".
_OUT = "out"
_RESECTION = ("resection",)
_BEFORE_AN_ORGAN = POSSESSIVES | ARTICLES | PEOPLE | frozenset(
    {"s", "had", "got", "get", "getting", "having", "both", "two", "left", "right"})


def organ_out(parsed: ParsedQuery, raw: list[str], vocab: Vocabulary) -> None:
    """"Out" right after an organ (``body_parts.tsv``) said first in the query, not "out of",
    also reads as Resection, as "taken out" does."""
    if _OUT not in raw or not vocab.body_parts:
        return
    i = raw.index(_OUT)
    if i == 0 or raw[i + 1:i + 2] == ["of"] or not _BEFORE_AN_ORGAN.issuperset(raw[:i - 1]):
        return
    organs = {stem(w) for w in vocab.body_parts}
    if stem(raw[i - 1]) not in organs:
        return
    for slot in parsed.slots:
        if slot.text == _OUT:
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        _RESECTION, "procedure")



# A limb or a breast taken off ("had a breast taken off", "they took his leg off below the
# knee", "both breasts off", "taking off a toe"): a limb is cut off, ICD-10-PCS Detachment ("cutting
# off all or a portion of the upper or lower extremities"); any other organ taken off is taken out,
# a Resection. Only of a part said beside "off" and a taking verb (or with nothing but whose it
# is before it): "taken off warfarin" and "came off the ventilator" name no part; "fell off a
# ladder" no taking.
_OFF = "off"
_DETACHMENT = ("detachment",)
_LIMBS = frozenset(stem(w) for w in
                   "leg legs foot feet toe toes finger fingers thumb arm arms hand hands".split())
_TAKING = frozenset({"taken", "took", "take", "taking", "takes", "cut", "cutting"})


def organ_off(parsed: ParsedQuery, raw: list[str], vocab: Vocabulary) -> None:
    """"Off" beside a limb or an organ (``body_parts.tsv``) and a taking verb also reads as
    the operation that takes it off: Detachment of a limb, Resection of another organ."""
    if _OFF not in raw:
        return
    i = raw.index(_OFF)
    organs = {stem(w) for w in vocab.body_parts} | _LIMBS
    # The part said before "off" (past the verb: "breast taken off") or after it ("taking off a
    # breast", past an article or whose it is).
    before = raw[max(i - 3, 0):i]
    after = raw[i + 1:i + 3]
    part = next((w for w in reversed(before) if stem(w) in organs), None)
    if part is not None:
        j = i - 1 - before[::-1].index(part)
        verb = not _TAKING.isdisjoint(raw[max(j - 3, 0):i])
        bare = (_BEFORE_AN_ORGAN | {"bilateral"}).issuperset(raw[:j])  # "both" read as a side
        if not (verb or bare) or (not verb and j != i - 1):
            return
    else:
        if raw[i - 1:i] == [] or raw[i - 1] not in _TAKING:
            return
        part = next((w for w in after if stem(w) in organs), None)
        if part is None or (after.index(part) and after[0] not in ARTICLES | POSSESSIVES):
            return
    reading = _DETACHMENT if stem(part) in _LIMBS else _RESECTION
    for slot in parsed.slots:
        if slot.text == _OFF or slot.text.endswith(" " + _OFF):  # "cut off" is one slot
            if reading == _RESECTION:  # a breast cut off is no Detachment (of limbs only)
                slot.alternatives = [alt for alt in slot.alternatives
                                     if alt.tokens != _DETACHMENT]
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        reading, "procedure")



# An operation asked for by its purpose of having no more children ("operation so I can't get
# pregnant again", "the snip so he can't father kids", "op to stop having babies"): a
# sterilisation, the tubes tied (Occlusion of Bilateral Fallopian Tubes) or, said of a man, a
# vasectomy (Occlusion of Bilateral Vas Deferens). Only beside a word of operating and a word
# of not having them: "can't get pregnant" alone is infertility, "surgery while pregnant" no
# sterilisation.
_CHILDREN = frozenset({"pregnant", "pregnancy", "pregnancies", "babies", "baby", "children",
                       "child", "kids", "father"})
_NOT_HAVING = frozenset({"t", "not", "cannot", "no", "never", "stop", "prevent", "avoid",
                         "don", "won"})
_OPERATING = frozenset({"operation", "op", "surgery", "procedure", "snip", "sterilised",
                        "sterilized", "sterilisation", "sterilization", "tubes"})
_A_MAN = frozenset({"he", "him", "his", "men", "man", "husband", "boyfriend", "dad", "father",
                    "male"})
_STERILISED = {False: ("occlusion", "bilateral", "fallopian", "tubes"),
               True: ("occlusion", "bilateral", "vas", "deferens")}


def no_more_children(parsed: ParsedQuery, raw: list[str]) -> None:
    """An operation said with not having children (``_CHILDREN`` after ``_NOT_HAVING``) also
    reads as the sterilisation: the children word reads it, in place of its lay readings (a
    newborn, an infant, the infertility of "can't get pregnant")."""
    if _CHILDREN.isdisjoint(raw) or _OPERATING.isdisjoint(raw):
        return
    first = min(raw.index(w) for w in _CHILDREN if w in raw)
    if _NOT_HAVING.isdisjoint(raw[:first]):
        return
    reading = _STERILISED[not _A_MAN.isdisjoint(raw)]
    for slot in parsed.slots:
        if not _CHILDREN.isdisjoint(slot.text.split()):  # "can't get pregnant" is one slot
            gone = {alt.tokens for alt in slot.alternatives if alt.kind == "lay"}
            slot.alternatives = [alt for alt in slot.alternatives if alt.tokens not in gone]
            parsed.expansions = [e for e in parsed.expansions if not (
                e["kind"] == "lay" and e["from"] == slot.text)]
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        reading, "lay")
            return


def _as_site(parsed: ParsedQuery, sites: dict[tuple[str, ...], tuple[tuple[str, ...], ...]],
             operations: frozenset[str]) -> None:
    """Each slot next to one read as one of ``operations`` (what it is done to: "burning off a
    wart", "wart removal"; not "removal of the gallbladder through small cuts") also read as
    the ``sites`` its words are at (by their stems), in place of its other lay and body-part
    readings."""
    doing = [any(alt.tokens[0] in operations and (alt.kind != "original" or len(alt.tokens) == 1)
                 for alt in slot.alternatives) for slot in parsed.slots]
    # After the operation, also past the one word that says where ("excision of perianal skin
    # tag", "removing a facial wart").
    near = [any(doing[max(i - 2, 0):i + 2]) and not mark for i, mark in enumerate(doing)]
    for slot, mark in zip(parsed.slots, near, strict=True):
        if not mark:
            continue
        have = {alt.tokens for alt in slot.alternatives}
        found = [site for alt in slot.alternatives
                 for site in sites.get(tuple(map(stem, alt.tokens)), ())]
        if not found:
            continue
        gone = {alt.tokens for alt in slot.alternatives[1:] if alt.kind in ("lay", "body part")}
        slot.alternatives = [alt for alt in slot.alternatives if alt.tokens not in gone]
        parsed.expansions = [e for e in parsed.expansions if not (
            e["kind"] in ("lay", "body part") and tuple(e["to"].split()) in gone)]
        have -= gone
        for site in dict.fromkeys(found):
            add_reading(parsed, slot, have, slot.text, site, "body part")
