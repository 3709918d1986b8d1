"""An open wound inside the mouth or of an ear drum, said by its part, restated as the titles
name it.

ICD-10-CM codes a wound of the tongue, the gum, the palate, the floor of the mouth or the
buccal mucosa as one of the oral cavity (S01.5-: S01.512 "Laceration without foreign body of
oral cavity"; the index: "Wound, open, tongue, gum, mouth, buccal mucosa - see Wound, open,
oral cavity"), and an injured ear drum as its "Traumatic rupture" (S09.2-). Said by its part
("laceration of tongue with FB", "open wound of gum", "traumatic perforation of ear drum",
ICD-9's "Opn wnd ear drum"), the words found the tongue's and the gum's diseases, their
cancers, the procedures on them and the nontraumatic perforations (H72).

A wound said "complicated" (ICD-9-CM's) is searched without the word (``COMPLICATED``).
Read only beside a wound (``WOUND``), or an ear drum said perforated or ruptured by an injury;
a wound told as a story ("bit my tongue") is left to the lay readings, and one operated on
("suture of tongue laceration") to the procedures' body parts.
"""

from __future__ import annotations

from medcodes.search.text import query_tokens

WOUND = frozenset({"wound", "wounds", "wnd", "laceration", "lacerations", "lac", "lacerat",
                   "lacerated", "puncture", "gash"})
# A cut is a wound when said of a place ("cut on the tongue", "cut inside mouth"); after a part
# it is an operation's verb ("tongue tie cut": a frenotomy).
CUT = frozenset({"cut", "cuts"})
CUT_WHERE = frozenset({"on", "in", "inside", "of", "to", "under"})
# The parts of the mouth a wound is of, by their first word (and the words after it).
MOUTH = {"tongue": (), "gum": (), "gums": (), "gingiva": (), "gingival": (), "palate": (),
         "mouth": (), "buccal": ("mucosa",), "buc": ("mucosa",), "floor": ("of", "mouth"),
         "oral": ("mucosa",)}
EAR_DRUM = (("ear", "drum"), ("eardrum",), ("tympanic", "membrane"))
INJURED = WOUND | frozenset({"traumatic", "trauma", "injury", "inj", "injured"})
BROKEN = frozenset({"perforation", "perforated", "rupture", "ruptured", "tear", "torn"})
# ICD-9-CM's "complicated" open wound (delayed healing or treatment, a foreign body, an
# infection): ICD-10-CM codes the wound, and the foreign body or the infection where said; the
# word read as a complication found the complications of care and of otitis (H66.01-).
COMPLICATED = frozenset({"compl", "complicated", "complicat", "comp", "complic"})
OPEN = frozenset({"of", "the", "open", "opn", "to"})
TOLD = frozenset({"my", "his", "her", "their", "bit", "bite", "from", "by", "after"})
# An operation on the wound ("Suture of tongue lacerat"): its ICD-10-PCS body part is the
# tongue's, the palate's (Repair Tongue, Palate and Pharynx).
OPERATION = frozenset("""
    suture sutures sutured suturing repair repaired closure stitch stitches stitched
    debridement debride debrided excision graft grafting reconstruction removal remove
    """.split())


def _at(words: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    return tuple(words[i:i + len(phrase)]) == phrase


def wound_site(query: str) -> str | None:
    """The query with the mouth's part as the oral cavity, or an injured ear drum as its
    traumatic rupture (see the module), else None."""
    words = query_tokens(query)
    if any(w in CUT and words[i + 1:i + 2] and words[i + 1] in CUT_WHERE
           for i, w in enumerate(words)):
        words = ["laceration" if w in CUT else w for w in words]
    if INJURED.isdisjoint(words) or not (TOLD | OPERATION).isdisjoint(words):
        return None
    wound = not WOUND.isdisjoint(words)
    if wound and not COMPLICATED.isdisjoint(words):
        words = [w for w in words if w not in COMPLICATED]
        return wound_site(" ".join(words)) or " ".join(words)
    for i, w in enumerate(words):
        drum = next((p for p in EAR_DRUM if _at(words, i, p)), None)
        if drum is not None and (wound or not BROKEN.isdisjoint(words)):
            rest = [x for x in words[:i] + words[i + len(drum):]
                    if x not in BROKEN and x not in INJURED and x not in OPEN]
            return " ".join(["traumatic", "rupture", "of", "ear", "drum", *rest])
        if wound and w in MOUTH and _at(words, i + 1, MOUTH[w]):
            return " ".join([*words[:i], "oral", "cavity", *words[i + 1 + len(MOUTH[w]):]])
    return None
