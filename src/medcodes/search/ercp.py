"""Stones said beside an ERCP ("ERCP to get a gallstone out of my bile duct", "ERCP, balloon
sweep of CBD stones"): the Extirpation of Matter from the Common Bile Duct, through the scope.

An ERCP is a scope passed through the mouth into the bile ducts; a stone said with one is a
stone in the common bile duct taken out (choledocholithiasis is why most are done): ICD-10-PCS
codes it as Extirpation of Matter from the Common Bile Duct, Via Natural or Artificial Opening
Endoscopic (0FC98ZZ). Read word by word, "gallstone" found the diagnosis (Calculus of
gallbladder) and the balloon that sweeps the duct a Dilation. Where an ERCP and a stone are
said, the stone reads as the matter taken out of the common bile duct (or of the duct the query
names), and the tools that sweep it out (a balloon, a basket, a sweep) and the particles of
"get it out" are no words to search.

A sphincterotomy beside an ERCP (or said of the bile duct) cuts the sphincter of Oddi, which
ICD-10-PCS's body part key puts in the Ampulla of Vater; ICD-10-PCS has no Division of it, and
the project's lists read it as its Excision (0FBC8ZZ), not the anal sphincter's Division.

Gated on "ercp" (and its full name) or a biliary sphincterotomy: other queries pay one or
two set tests.
"""

from __future__ import annotations

from medcodes.search.parsed import ParsedQuery, add_reading

CUES = frozenset({"ercp", "cholangiopancreatography"})
_STONES = frozenset({"stone", "stones", "gallstone", "gallstones", "calculus", "calculi",
                     "sludge", "choledocholithiasis"})
_TOOLS = frozenset({"balloon", "basket", "sweep", "sweeps", "swept", "trawl"})
_DUCTS = frozenset({"duct", "ducts", "cbd", "bile", "biliary", "hepatic", "cystic"})
OUT_OF_THE_DUCT = ("extirpation", "matter", "common", "bile", "duct")
OUT = ("extirpation", "matter")
_TAKING_OUT = ("extract", "remov", "retriev", "clear")
_GETTING = frozenset({"get", "got", "getting", "out"})
_SPHINCTEROTOMY = frozenset({"sphincterotomy", "sphincterotomies", "papillotomy"})
_BILIARY = frozenset({"biliary", "bile", "ercp", "cholangiopancreatography", "cbd", "oddi"})
AMPULLA_CUT = ("excision", "ampulla", "vater")
# The ERCP itself is the way in: a scope through the mouth.
THROUGH_THE_SCOPE = ("natural", "opening", "endoscopic")


def stones_out(parsed: ParsedQuery, heard: set[str]) -> None:
    """A stone said beside an ERCP read as the matter taken out of the common bile duct (or of
    the duct said), the tools sweeping it out unsearched; a biliary sphincterotomy as the
    Excision of the Ampulla of Vater."""
    cut = not _SPHINCTEROTOMY.isdisjoint(heard) and not _BILIARY.isdisjoint(heard)
    stones = not CUES.isdisjoint(heard) and not _STONES.isdisjoint(heard)
    if not (cut or stones):
        return
    duct_said = not _DUCTS.isdisjoint(heard)
    slots = parsed.slots
    if stones:
        slots[:] = [s for s in slots if not set(s.text.lower().split()) <= _TOOLS | _GETTING]
    for slot in slots:
        said = set(slot.text.lower().split())
        if not said.isdisjoint(CUES):
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        THROUGH_THE_SCOPE, "procedure")
        elif cut and not said.isdisjoint(_SPHINCTEROTOMY):
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        AMPULLA_CUT, "procedure")
        elif stones and slot.text.lower().startswith(_TAKING_OUT):
            # "stone extraction", "removal of stones": the stone's Extirpation
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        ("extirpation",), "procedure")
        elif stones and not said.isdisjoint(_STONES):
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        OUT if duct_said else OUT_OF_THE_DUCT, "procedure")
