"""Sides said in everyday words: "both knees", "in each ear", "on both sides" are bilateral.

ICD-10-CM says the side in the code's title (H25.13 "Age-related nuclear cataract,
bilateral", G56.03 "Carpal tunnel syndrome, bilateral upper limbs"), and people say it as
"both" or "each" before a body part, or "both sides". Searched as a plain word, "both" found
Z37.2 "Twins, both liveborn" for "both wrists broken". So "both" or "each" before a body part
(or after one said in the plural: "my knees both ache"), and "both sides", "each side", are
read as "bilateral" (or as "both" and the part, as a few titles say it), and the part stays a
word of the query: where the classification has no bilateral code ("both my knees hurt":
M25.561 and M25.562) the part still leads, not some other organ's "bilateral" title; and
where no code of the rest of the query says a side at all, the side is left out
(``coded_sides``). "Both" said of anything else ("twins both born alive", "both parents")
keeps its word. A side said as "left side" or "right sided" is that side: the titles say
"left" ("Otitis media, unspecified, left ear"), or also "unilateral" where the classification
codes one side or both but not which (``one_side``: K40.90 "Unilateral inguinal hernia ...").

The body parts are the ones the curated data names (``body_parts.tsv``, ``injury_sites.tsv``,
``inflammation.tsv``), read by :mod:`.composed`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from medcodes.search.composed import injury_sites, names_a_part, organs
from medcodes.search.everyday import ARTICLES, POSSESSIVES
from medcodes.search.incidental import INJURY_NATURES
from medcodes.search.parsed import Alternative, ParsedQuery, Slot
from medcodes.search.text import stem
from medcodes.search.vocab import Vocabulary, vocabulary

BILATERAL = "bilateral"
# A hernia or a testis is coded one side or both, not which: K40.90 "Unilateral inguinal
# hernia, without obstruction or gangrene", Q53.10 "Unilateral undescended testicle".
UNILATERAL = "unilateral"
# The words that say a pair: "both eyes", "each ear".
PAIR_WORDS = frozenset({"both", "each"})
SIDE_KIND = "side"  # the kind of the readings and expansions made here
PART_KIND = "body part"  # a part's adjective, read by query._add_body_parts ("eyes": ocular)
PAIR_WORDS_SAID = "both"  # as the titles say a pair: "both eyes", never "each eye"
SIDE_NOUNS = frozenset({"side", "sides", "sided"})
SIDES_SAID = frozenset({"left", "right"})
# Said between the pair word and the part: "both my knees", "each of her ears", "both the eyes".
_BETWEEN = POSSESSIVES | ARTICLES | {"of"}
_IRREGULAR_PLURALS = frozenset({"feet", "teeth"})


def _plural(word: str) -> bool:
    return word in _IRREGULAR_PLURALS or (len(word) > 3 and word.endswith("s")
                                           and not word.endswith("ss"))


@dataclass(slots=True)
class Sides:
    """What :func:`read_sides` read: the words, the words read as "bilateral" as they were
    said ("both", "each side"), and for each "bilateral" of the words in turn the part it was
    said of ("both eyes": eyes; "" for "both sides"), or none when it was typed so."""

    words: list[str]
    read: list[str] = field(default_factory=list)
    parts: list[str | None] = field(default_factory=list)


def read_sides(raw: list[str], vocab: Vocabulary) -> Sides:
    """The words with a pair said ("both", "each" and their "side(s)") as "bilateral" and the
    "side" after "left"/"right" left out; ``raw`` itself when it says no side."""
    if PAIR_WORDS.isdisjoint(raw) and SIDE_NOUNS.isdisjoint(raw):
        return Sides(raw)
    out: list[str] = []
    read: list[str] = []
    parts: list[str | None] = []
    i = 0
    while i < len(raw):
        word = raw[i]
        if word in SIDE_NOUNS and out and out[-1] in SIDES_SAID | {BILATERAL}:
            i += 1  # "on the left side", "right sided": the side says it
            continue
        if word not in PAIR_WORDS:
            if word == BILATERAL:
                parts.append(None)
            out.append(word)
            i += 1
            continue
        j = i + 1
        while j < len(raw) and raw[j] in _BETWEEN:
            j += 1
        after = raw[j] if j < len(raw) else ""
        if after in SIDE_NOUNS - {"sided"}:  # "on both sides", "each side"
            out.append(BILATERAL)
            parts.append("")
            read.append(" ".join(raw[i : j + 1]))
            i = j + 1
            continue
        # "both knees", "each ear"; not "both heart and lungs", one of two things named.
        if after and names_a_part(after, vocab) and (
                word == "each" or _plural(after)
                or (j + 1 < len(raw) and raw[j + 1] != "and") or j + 1 == len(raw)):
            out.append(BILATERAL)
            parts.append(after)
            read.append(word)
            out.extend(raw[i + 1 : j + 1])
            i = j + 1
            continue
        # "my knees both ache": the part said in the plural before it.
        if word == "both" and out and _plural(out[-1]) and names_a_part(out[-1], vocab):
            out.append(BILATERAL)
            parts.append(out[-2])
            read.append(word)
            i += 1
            continue
        out.append(word)
        i += 1
    return Sides(out, read, parts)


def both_said(parsed: ParsedQuery, sides: Sides) -> None:
    """Marks the slots read from a pair (``Slot.side_of``: the part, its other forms too).
    A pair said of a part ("both eyes") also reads as its words together: a few titles say
    the side so ("Blindness, both eyes", ICD-9-CM "removal of both ovaries"), and only with
    the part, so "both" alone matches no "Twins, both liveborn"."""
    said = iter(sides.parts)
    for slot in parsed.slots:
        if [alt.tokens for alt in slot.alternatives] != [(BILATERAL,)]:
            continue
        part = next(said, None)
        if part is None:
            continue
        slot.side_of = ()
        if part:
            slot.alternatives.append(Alternative((PAIR_WORDS_SAID, part), SIDE_KIND))
            slot.side_of = tuple(sorted(
                {w for other in parsed.slots
                 if any(alt.tokens == (part,) for alt in other.alternatives)
                 for alt in other.alternatives for w in alt.tokens}))


def coded_sides(parsed: ParsedQuery, says: Callable[[list[Slot]], bool],
                sided_alone: Callable[[list[Slot], frozenset[str]], bool] | None = None
                ) -> None:
    """Leaves out a side read from a pair, and its expansion, where the classification codes
    no side for the rest of the query: ``says`` (a word scan) finds no code that says the
    side ("bilateral", or "both" and the part) and every other slot but the part's
    ("pneumonia in both lungs": no pneumonia is coded bilateral, and "bilateral" would lead
    to "Repair Bilateral Lungs"). Where one does ("Tinnitus, bilateral"), the part is left
    out of the scan, as such titles do. When no code says the rest either, the pair stays
    its words ("both" and the part) where some title says them ("Tot impairment-both eyes":
    H54.0 Blindness, both eyes); when one does, the pair goes ("allergic conjunctivitis both
    eyes" is no "Blindness, both eyes").

    Where the side is kept and ``sided_alone`` finds that most codes saying the rest and
    the side name no other body part (``other_parts``), the side says the part, as those
    titles do: "Age-related nuclear cataract, bilateral", "Tinnitus, bilateral". The part
    is then left out, or its adjective would lead ("cataracts in both eyes": H26.223
    "Cataract secondary to ocular disorders ..., bilateral"). Where most name another part
    ("both my knees hurt": "Ocular pain, bilateral", "Flank pain, bilateral" ...), the
    part stays, the condition being said of many parts; and where a title of the rest
    says the pair with the part ("Blindness, both eyes"), it stays too. The part left out
    reads as the side, and no longer as its adjective. A part that stays, and that no code
    saying the rest and the side names, has no side coded: the side is left out ("pain in
    both feet" led with H57.13 Ocular pain, bilateral)."""
    sided = [slot for slot in parsed.slots if slot.side_of is not None]
    if not sided:
        return
    said = [e for e in parsed.expansions if e["kind"] == SIDE_KIND]
    for slot, expansion in zip(sided, said, strict=False):
        part = set(slot.side_of or ())
        rest = [s for s in parsed.slots if s is not slot and not any(
            w in part for alt in s.alternatives for w in alt.tokens)]
        if rest and not says([*rest, slot]):
            parsed.expansions.remove(expansion)
            both = [alt for alt in slot.alternatives if alt.kind == SIDE_KIND]
            if both and not says(rest) and says([Slot(slot.text, both)]):
                slot.alternatives = both  # as said, where titles say it ("both eyes")
            else:
                parsed.slots.remove(slot)
        elif rest and sided_alone is not None:
            parts = [s for s in parsed.slots if s is not slot and s not in rest]
            named_words = {stem(w) for s in [*rest, *parts] for alt in s.alternatives
                           for w in alt.tokens}
            both = [alt for alt in slot.alternatives if alt.kind == SIDE_KIND]
            if parts and not (both and says([*rest, Slot(slot.text, both)])) and sided_alone(
                    [*rest, slot], other_parts() - named_words):
                for named in parts:
                    adjectives = {" ".join(alt.tokens) for alt in named.alternatives
                                  if alt.kind == PART_KIND}
                    named.alternatives = [*(alt for alt in named.alternatives
                                            if alt.kind != PART_KIND),
                                          Alternative((BILATERAL,), SIDE_KIND)]
                    parsed.expansions[:] = [e for e in parsed.expansions if not (
                        e["kind"] == PART_KIND and e["from"] == named.text
                        and e["to"] in adjectives)]
            elif parts and not says([*rest, slot, *parts]):
                # The codes saying the side are other parts' ("pain in both feet": H57.13
                # Ocular pain, bilateral led), and none says it of this part.
                parsed.expansions.remove(expansion)
                parsed.slots.remove(slot)


@cache
def other_parts() -> frozenset[str]:
    """The single words that name a body part in the curated data (``names_a_part``), as
    stems: a title saying one names a part of its own."""
    vocab = vocabulary()
    return frozenset(vocab.body_parts) | {
        w for key in organs() | injury_sites() if len(key) == 1 for w in key}


def one_side(parsed: ParsedQuery, says: Callable[[list[Slot]], bool]) -> None:
    """"Left" or "right" also reads as "unilateral" where codes of the rest of the query
    say "unilateral" and "bilateral" and none says it with the side: the classification
    codes one side or both, not which ("inguinal hernia on the right side": K40.90
    "Unilateral inguinal hernia ..." beside K40.20 "Bilateral inguinal hernia ..."; it led
    with the K40 heading). Where the titles say both ("Unilateral primary osteoarthritis,
    right knee"), "unilateral" would bring the unspecified side's code level with the side
    said; and where no code of the rest is bilateral, "unilateral" is a name, no side
    ("Short lasting unilateral neuralgiform headache": not "headache on the left side")."""
    one = Slot(UNILATERAL, [Alternative((UNILATERAL,), SIDE_KIND)])
    two = Slot(BILATERAL, [Alternative((BILATERAL,), SIDE_KIND)])
    for slot in parsed.slots:
        if slot.text not in SIDES_SAID or [a.tokens for a in slot.alternatives] != [
                (slot.text,)]:
            continue
        rest = [s for s in parsed.slots if s is not slot and s.text not in SIDES_SAID]
        if rest and says([*rest, one]) and says([*rest, two]) and not says(
                [*rest, one, slot]):
            slot.alternatives.append(Alternative((UNILATERAL,), SIDE_KIND))
            parsed.expansions.append({"from": slot.text, "to": UNILATERAL, "kind": SIDE_KIND})


# A side said before a part in other words than the titles' ("tennis elbow right arm",
# "carpal tunnel R hand", "sciatica down my left leg"): the titles code the side with their
# own part (M77.11 "Lateral epicondylitis, right elbow", G56.01 "..., right upper limb",
# M54.32 "Sciatica, left side"), so no title says the part beside the rest; searched, it
# took the condition's place (words: "Removal of Splint on Right Upper Arm").
# Only a limb or a part of one, where the titles say the side with their own part ("upper
# limb", "elbow", "side"); an organ ("left thyroid lobectomy", "left ovarian cyst") is the
# procedure's or the condition's own part.
_SIDE_READINGS = frozenset({("left",), ("right",)})
_SITE = "site"  # site_parts.SITE_KIND: "lump on my left arm" is R22.32's "left upper limb"
_SIDE_TYPED = SIDES_SAID | frozenset({"r", "l", "lt", "rt"})
LIMB_WORDS = frozenset("""
    arm arms forearm forearms hand hands leg legs thigh thighs calf calves shin shins foot feet
    """.split())


def part_beside_side(parsed: ParsedQuery, says: Callable[[list[Slot]], bool],
                     operating: Callable[[], bool]) -> None:
    """Leaves out the part said right after a side where no title says it with the rest of
    the query and some title says the rest with the side: the side is where, in the
    condition's own part; where none says the rest with the side but one says the rest, the
    side goes too (in place). Not where the query names an operation (``operating``)."""
    slots = parsed.slots
    if len(slots) < 3 or all(slot.text.lower() not in _SIDE_TYPED for slot in slots):
        return  # no side said (most queries), or nothing but a side and a part
    for i, slot in enumerate(slots[:-1]):
        part = slots[i + 1]
        if (slot.text.lower() not in _SIDE_TYPED
                or _SIDE_READINGS.isdisjoint(a.tokens for a in slot.alternatives)
                or part.text.lower() not in LIMB_WORDS
                or any(a.kind == _SITE for a in part.alternatives)):
            continue  # a limb read as the region a condition is coded by picks its code
        if operating():
            return  # "left arm amputation": the operation's part
        rest = [s for s in slots if s is not part]
        if says(slots):
            return
        gone = [part]
        if not says(rest):
            # No code of the rest says a side either ("plantar fasciitis left foot": M72.2
            # Plantar fascial fibromatosis): the side and the part go where the rest alone
            # is said; searched, they took its place ("Traction of Left Foot").
            condition = [s for s in rest if s is not slot]
            if not says(condition):
                return
            gone.append(slot)
        said = {g.text for g in gone}
        slots[:] = [s for s in slots if s not in gone]
        parsed.expansions[:] = [e for e in parsed.expansions if e["from"] not in said]
        return


# The words that join two parts said together: "tibia and fibula", "hand & wrist".
_JOINS = frozenset({"and", "&"})
# The two bones of the forearm and of the lower leg, broken together so often that people say
# them as one, with no word between ("radius ulna fracture", "tib fib"); other parts side by
# side are one part ("hepatic veins") or a pair some title names ("foot/toe").
_PAIRED_BONES = frozenset({"radius", "radial", "ulna", "ulnar", "tibia", "tibial", "fibula",
                           "fibular", "tib", "fib"})


def either_part(parsed: ParsedQuery, raw: list[str]) -> None:
    """Two different parts said together beside an injury ("broken tibia and fibula", "cut on
    hand and wrist", "bruised knee and shin", or with no word between them: "radius ulna
    fx", "tib/fib fracture") as one slot either part says. ICD-10-CM codes each part of an
    injury apart (S82.2- shaft of tibia, S82.4- shaft of fibula; S61.4- hand, S61.5- wrist)
    and a coder codes both; read as both words, only the few titles that name the pair
    matched (M84.36- Stress fracture, tibia and fibula; S65.91- blood vessel at wrist and hand
    level), never the plain injury of either. A title naming both still says the slot."""
    if len(parsed.slots) < 3:
        return
    injury = False
    for slot in parsed.slots:
        if any(stem(t) in INJURY_NATURES for a in slot.alternatives for t in a.tokens):
            injury = True
            break
    if not injury:
        return
    i = 0
    while i + 1 < len(parsed.slots):
        first, second = parsed.slots[i], parsed.slots[i + 1]
        if _one_part(first) and _one_part(second) and _joined(raw, first.text, second.text):
            alternatives = list(first.alternatives)
            have = {a.tokens for a in alternatives}
            alternatives += (a for a in second.alternatives if a.tokens not in have)
            parsed.slots[i : i + 2] = [Slot(f"{first.text} and {second.text}", alternatives)]
        i += 1


def _one_part(slot: Slot) -> bool:
    """A slot of one word said as a body part and not a side (the last word, typed whole as
    a part, is read as said: "hand and wrist" is not "hand and wristband")."""
    return (slot.side_of is None and " " not in slot.text
            and any(len(a.tokens) == 1 and names_a_part(a.tokens[0], vocabulary())
                    for a in slot.alternatives))


def _joined(raw: list[str], first: str, second: str) -> bool:
    """Are the words said as "FIRST and SECOND" (or "FIRST and my SECOND"; the two bones of
    the forearm or of the lower leg also side by side: "radius ulna", "tib/fib")?"""
    first, second = first.lower(), second.lower()
    for j in range(len(raw) - 1):
        if raw[j] == first and raw[j + 1] == second and {first, second} <= _PAIRED_BONES:
            return True
        if raw[j] == first and raw[j + 1] in _JOINS:
            rest = [w for w in raw[j + 2 : j + 4] if w not in _BETWEEN]
            if rest[:1] == [second]:
                return True
    return False
