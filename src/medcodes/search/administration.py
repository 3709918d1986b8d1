"""A substance given by a needle or a drip, read as ICD-10-PCS Administration says it.

"Cortisone shot in my knee", "injections in my eye", "iron drip", "b12 jab" ask for an
Introduction (table 3E0) whose title names where the substance goes in its own words: Joints,
Eye, Muscle, Peripheral Vein, Spinal Canal, Epidural Space, Peripheral Nerves and Plexi,
Genitourinary Tract. The query's words ("knee", "buttock", "drip") say none of them, so the
place is added as a reading of the word that says it, and the act (``ADMINISTRATION``) lets the
re-rank put the procedure ahead of the diagnoses the other words find (``procedure_intent``).

Not when the words say what an injection did (a reaction, an infection, a lump where it went
in, a needle stick) nor a gun ("got shot in the arm"), nor a vaccine (the encounter for
immunization, Z23, read elsewhere).
"""

from __future__ import annotations

from medcodes.search.encounters import VACCINE_NAMES, VACCINES
from medcodes.search.parsed import Alternative, ParsedQuery, Slot, add_reading
from medcodes.search.text import query_tokens

# The kind of the readings added here: the slot that says a substance is given.
ADMINISTRATION = "administration"
# Words that say a substance is given by a needle, a drip or a pump.
_NEEDLE = frozenset({"injection", "injections", "injected", "injecting", "inject", "infusion",
                     "infusions", "infused", "shot", "shots", "jab", "jabs", "drip", "drips",
                     "iv", "block", "epidural", "botox"})
# Of those, the ones that go into a vein unless the words say another place.
_VEIN = frozenset({"infusion", "infusions", "infused", "drip", "drips", "iv"})
# A "shot" and a "jab" are also what a gun does or a fist gives; these words before them say so
# ("got shot in the arm", "I was shot").
_PASSIVE = frozenset({"got", "get", "gets", "getting", "was", "were", "been", "being", "i", "he",
                      "she", "they", "we", "you", "accidentally", "him", "her", "me", "them"})
_VERB_SENSES = frozenset({"shot", "jab"})
# Words that say what a needle or a gun did, not a substance given: a diagnosis is asked.
_NOT_GIVEN = frozenset(
    "gun guns gunshot bullet bullets rifle pistol shotgun handgun firearm hunting pellet bb"
    " airgun shooting shooter gsw wound wounds wounded by reaction reactions reacted allergic"
    " allergy allergies infection infected swollen swelling swelled swell lump lumps abscess"
    " red redness rash itchy itching bruise bruised bruising stick stuck pricked prick leaked"
    " leaking leak after headache site where complication"
    " complications fear scared afraid phobia overdose side effects numbness damage"
    " underdosing poisoning postnasal nasal nose sinus throat hematoma haematoma bleed"
    " bleeding heroin cocaine meth drug drugs addict addiction user abuse".split())
# Vaccines are the encounter for immunization (Z23), read by ``encounters``: its vaccine words
# but the needle's, the vaccines' own names, and the diseases' names that are no everyday word
# of their own (its ``VACCINE_DISEASES`` also holds "a", "b", "cough", "fever").
_VACCINE = (VACCINES - _NEEDLE) | VACCINE_NAMES | frozenset(
    "flu influenza tetanus covid measles hpv shingles polio whooping rabies typhoid"
    " hepatitis allergy pneumonia pneumococcal".split())
# The places a substance is given, said in everyday words, as the 3E0 body part's words.
_JOINTS = ("joints",)
_MUSCLE = ("muscle",)
PLACES: dict[str, tuple[tuple[str, ...], ...]] = {
    **dict.fromkeys(("knee", "knees", "hip", "hips", "shoulder", "shoulders", "wrist", "wrists",
                     "ankle", "ankles", "elbow", "elbows", "joint", "joints", "sacroiliac",
                     "facet", "thumb", "finger", "fingers", "toe", "toes", "jaw"), (_JOINTS,)),
    **dict.fromkeys(("eye", "eyes", "eyeball", "intravitreal"), (("eye",),)),
    **dict.fromkeys(("spine", "spinal", "back", "epidural", "lumbar", "intrathecal"),
                    (("spinal", "canal"), ("epidural", "space"))),
    **dict.fromkeys(("nerve", "nerves"), (("peripheral", "nerves"),)),
    **dict.fromkeys(("bladder",), (("genitourinary", "tract"),)),
    **dict.fromkeys(("buttock", "buttocks", "bum", "backside", "bottom", "butt", "thigh",
                     "forehead", "face", "frown", "muscle", "muscles", "arm", "deltoid"),
                    (_MUSCLE,)),
    **dict.fromkeys(("vein", "veins"), (("vein",),)),
}
# Where a drip said in a limb goes (3E03, "Introduction of ... into Peripheral Vein").
_PERIPHERAL = (("peripheral", "vein"),)
# What is given, in everyday words, as the 3E0 substance's words.
SUBSTANCES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("steroid", "steroids", "cortisone", "corticosteroid", "corticosteroids",
                     "kenalog", "prednisone", "dexamethasone"), ("anti", "inflammatory")),
    **dict.fromkeys(("antibiotic", "antibiotics", "penicillin", "antibiotic's"),
                    ("anti", "infective")),
    **dict.fromkeys(("painkiller", "painkillers", "morphine", "pain-killer"), ("analgesics",)),
    **dict.fromkeys(("anaesthetic", "anesthetic", "numbing", "anaesthesia", "anesthesia"),
                    ("anesthetic", "agent")),
    **dict.fromkeys(("insulin",), ("insulin",)),
    **dict.fromkeys(("testosterone", "hormone", "hormones", "oxytocin"), ("hormone",)),
    **dict.fromkeys(("saline", "fluids", "magnesium", "potassium"),
                    ("electrolytic", "water", "balance")),
    **dict.fromkeys(("b12", "vitamin", "vitamins", "iron"), ("nutritional", "substance")),
}
# A birth an epidural or a block is given for: what eases labour is an anaesthetic (3E0S3BZ),
# and no Introduction's title says the birth; so is one for a caesarean ("c-section").
_BIRTH = frozenset({"labor", "labour", "childbirth", "delivery", "birth", "caesarean",
                    "cesarean", "section", "csection"})
_BIRTH_GIVEN = ("anesthetic", "agent")
# The needles that give an anaesthetic when nothing else is said ("spinal block", "an epidural").
_NUMBING = frozenset({"block", "epidural"})
# The needle's words that need a place or a substance beside them to say one.
_ALONE_NOT = frozenset({"block", "epidural", "shot", "shots", "jab", "jabs", "drip", "drips",
                        "iv"})
# What "shot" is after as a verb ("pain shot down my leg", "sugar shot up"), and a blow's
# "to" ("took a jab to the face", "a shot to the knee").
_DIRECTIONS = frozenset({"up", "down", "through", "across", "out", "along", "off", "to"})
# A "jab" or a "shot" of pain is a sensation.
_SENSATION = frozenset({"pain", "pains", "painful", "ache", "aching", "sharp", "stabbing",
                        "shooting", "electric", "tingling"})
# Words before a "shot" or a "jab" that make it a thing given.
_ARTICLES = frozenset({"a", "an", "my", "another", "this", "that", "one", "monthly", "weekly",
                       "yearly", "daily", "first", "second", "third"})
# The words before a roman four that is no IV ("stage iv", "i-iv", "type iv").
_NUMBERED = frozenset({"i", "ii", "iii", "stage", "grade", "type", "class", "level", "phase",
                       "part", "cn", "nerve", "cranial", "factor", "collagen"})
# Substances that say a substance is given even with no place said ("b12 jab", "iron drip").
_GIVEN = frozenset(SUBSTANCES) | {"b12", "iron", "botox", "chemo", "chemotherapy", "vitamin",
                                  "gel", "lubricating", "hyaluronic", "biologic", "remicade"}


# A regional anaesthetic said by where the needle goes ("spinal anaesthetic", "spinal
# anesthesia"): the place's word is the needle's, the spinal canal or the epidural space.
_REGIONAL = frozenset({"spinal"})
_ANAESTHETIC = frozenset({"anaesthetic", "anesthetic", "anaesthesia", "anesthesia"})


_NEEDLE_LAST = _NEEDLE | _REGIONAL  # the last words ``_needle_slots`` reads a slot by


def _needle_slots(parsed: ParsedQuery, words: list[str]) -> list[int]:
    """The slots that say a substance given by a needle or drip: a "shot" or a "jab" only as
    a thing given (``_a_shot_given``), an "iv" not as a roman four ("stage iv"), "spinal" before
    an anaesthetic ("spinal anaesthetic")."""
    found = []
    for i, slot in enumerate(parsed.slots):
        last = slot.text.lower().split()[-1] if slot.text.strip() else ""
        if last in _REGIONAL and last in words:
            at = words.index(last)
            if words[at + 1:at + 2] and words[at + 1] in _ANAESTHETIC:
                found.append(i)
            continue
        if last not in _NEEDLE:
            continue
        at = words.index(last) if last in words else 0
        before = words[at - 1] if at > 0 else ""
        if last in _VERB_SENSES and not _a_shot_given(words, at):
            continue
        if last == "iv" and before in _NUMBERED:
            continue
        found.append(i)
    return found


def _a_shot_given(words: list[str], at: int) -> bool:
    """Is the "shot" or "jab" at ``at`` a thing given, not the verb ("got shot in the arm",
    "pain shot down my leg") nor a sensation ("a sharp jab of pain")? Given when a substance
    is said, a reason ("for sciatica"), or an article or a substance just before it ("a shot
    in my knee"); a gun, shot "in the back" with none of these, is not."""
    before = words[at - 1] if at > 0 else ""
    after = words[at + 1] if at + 1 < len(words) else ""
    if before in _PASSIVE or after in _DIRECTIONS or not _SENSATION.isdisjoint(words):
        return False
    return (not _GIVEN.isdisjoint(words) or "for" in words[at + 1:]
            or before in _ARTICLES)


def given_into(parsed: ParsedQuery) -> None:
    """A substance said given by a needle or a drip (``_NEEDLE``) with what it is or where it
    goes: the needle's word also reads as an Introduction (into a vein for a drip), the
    place's word as the 3E0 body part (``PLACES``), the substance's as the 3E0 substance
    (``SUBSTANCES``)."""
    if all(_NEEDLE_LAST.isdisjoint(s.text.lower().split()[-1:]) for s in parsed.slots):
        return  # no slot ends with a needle's word (``_needle_slots``): most queries
    words = query_tokens(parsed.text)
    typed = set(words)
    if not typed.isdisjoint(_NOT_GIVEN) or not typed.isdisjoint(_VACCINE):
        return
    needles = _needle_slots(parsed, words)
    if not needles:
        return
    places = [(slot, PLACES[w]) for slot in parsed.slots for w in slot.text.lower().split()
              if w in PLACES and not any(alt.kind == "lay" and alt.tokens[:1] == (
                  "introduction",) for alt in slot.alternatives)]
    given = not typed.isdisjoint(_GIVEN)
    needle_words = {parsed.slots[i].text.lower().split()[-1] for i in needles}
    if needle_words <= _VEIN:
        # A drip runs into a vein: one in the arm into the arm's vein, not its muscle.
        places = [(slot, _PERIPHERAL if readings == (_MUSCLE,) else readings)
                  for slot, readings in places]
    # "block" and "epidural" alone say a needle only beside a place or a substance; "shot",
    # "jab" and "drip" too ("a shot of whisky", "postnasal drip").
    if not places and not given and needle_words <= _ALONE_NOT:
        return
    for i in needles:
        slot = parsed.slots[i]
        if any(alt.kind == "lay" and alt.tokens[:1] == ("introduction",)
               for alt in slot.alternatives):
            # A lay phrase already says what and where ("nerve block": anesthetic agent
            # into peripheral nerves), and names the act (``procedure_intent.LAY_ACTS``).
            continue
        have = {alt.tokens for alt in slot.alternatives}
        # A needle goes through the skin: the approach is percutaneous (3E0_3).
        into: tuple[str, ...] = ("introduction", "percutaneous")
        if not places:
            # Unsaid, a drip goes into a vein and a shot into a muscle.
            into = (*into, "vein" if needle_words & _VEIN else "muscle")
        # The word's own reading as an Introduction ("injection", pcs_operations.tsv) is
        # this one: said so, it names the act.
        slot.alternatives = [Alternative(alt.tokens, ADMINISTRATION)
                             if alt.tokens == ("introduction",) else alt
                             for alt in slot.alternatives]
        _add(parsed, slot, have, into)
    for slot, readings in places:
        have = {alt.tokens for alt in slot.alternatives}
        for reading in readings:
            _add(parsed, slot, have, reading)
    if needle_words & _NUMBING and typed.isdisjoint(SUBSTANCES) and typed.isdisjoint(_GIVEN):
        # A block or an epidural with no substance said numbs: an anaesthetic agent
        # ("spinal block": 3E0R3BZ, not whatever else goes into the spinal canal).
        for i in needles:
            slot = parsed.slots[i]
            if not any(alt.kind == "lay" and alt.tokens[:1] == ("introduction",)
                       for alt in slot.alternatives):  # "nerve block" says its own
                _add(parsed, slot, {alt.tokens for alt in slot.alternatives}, _BIRTH_GIVEN)
    birth = not typed.isdisjoint(_BIRTH) and typed.isdisjoint(SUBSTANCES)
    for slot in parsed.slots:
        for w in slot.text.lower().split():
            if w in SUBSTANCES:
                _add(parsed, slot, {alt.tokens for alt in slot.alternatives}, SUBSTANCES[w])
            elif birth and w in _BIRTH:
                _add(parsed, slot, {alt.tokens for alt in slot.alternatives}, _BIRTH_GIVEN)


def _add(parsed: ParsedQuery, slot: Slot, have: set[tuple[str, ...]],
         words: tuple[str, ...]) -> None:
    add_reading(parsed, slot, have, slot.text, words, ADMINISTRATION)
