"""The organ a condition is already of, said beside it: "pneumonia in my lungs", "hepatitis in
my liver", "cystitis in my bladder".

People name the organ for the listener; the coder codes the plain condition (J18.9
"Pneumonia, unspecified organism"). Searched as a word of its own, the part ("lungs", also
"pulmonary" by ``body_parts.tsv``) was a slot the plain condition's title never says, so the
codes saying both led: J85.1 "Abscess of lung with pneumonia", J84.9 "Interstitial pulmonary
disease", and J18.9 was out of the first ten. So a body part said after "in" or "of" (with
"my", "the", "both", "left" ... between) is left unsearched where the rest of the query is
already of that organ, as the catalog shows it:

- the rest's codes lie mostly in the organ's chapter: of the ICD-10-CM chapters of a body
  system (not those ``across_the_body``: injuries, neoplasms, symptoms ... say every part), the
  one saying the part most (J00-J99 for the lungs), or, for a region, the one saying most an
  organ it holds (``regions.tsv``: "bronchitis on my chest" is of the lungs, "angina in my
  chest" of the heart; J00-J99 names the chest three times). "Thrush in my mouth" (A00-B99;
  the mouth's is K00-K95), "stitches in my arm" (S00-T88) and "CAT scan of my belly" keep
  their part;
- and of the rest's codes in that chapter, few (``BY_SITE``) name another body part
  (``sides.other_parts``; not the organ the condition's own word is of, by
  ``inflammation.tsv``: "laryngitis" titles say "laryngeal", which is no other site): the
  condition is not coded by site. "Pain in my chest", "arthritis in my knees", "gout in my
  toe" keep their part, which picks the code (R07.9, M17, M10.07).

The organ an "-itis" word of the rest is of (``inflammation.tsv``: joint for arthritis) says
nothing the condition does not, wherever it is said: "arthritis in my joints", "arthritic
joints" (read as arthritis) are M19.90, not the jaw joint's M26.649 "Arthritis of
temporomandibular joint" that said both words. A joint of its own ("arthritis in my hip")
keeps its part.

A part may be said in a lay phrase read as its one word ("laryngitis in my voice box":
larynx).

An operation or an injection keeps its part, which its code says ("steroid jab in my
shoulder"). A part read in one phrase with its condition ("infection in my kidneys" ->
pyelonephritis, "cancer in my lungs" -> C34) is one slot and is never left out here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache

from medcodes.search.everyday import ARTICLES, POSSESSIVES
from medcodes.search.parsed import Alternative, ParsedQuery, Slot
from medcodes.search.procedure_intent import asks_for_procedure
from medcodes.search.sides import PAIR_WORDS, SIDES_SAID, other_parts
from medcodes.search.text import query_tokens, stem
from medcodes.search.vocab import read_rows, vocabulary

# A chapter of "diseases" or "disorders" groups conditions by a body system (or by infection,
# metabolism, the mind); the other ICD-10-CM chapters group them by their nature or a time of
# life and say every part: neoplasms, pregnancy, the perinatal period, congenital malformations,
# symptoms, injuries, external causes, factors and encounters, special codes.
_OF_A_SYSTEM = frozenset({"diseases", "disorders"})


def across_the_body(chapters: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The chapters (code, title) that say every part: those whose title names no diseases
    or disorders ("Neoplasms", "Injury, poisoning and ...", "Symptoms, signs and ..."), read
    from the catalog's own chapter titles, not listed here."""
    return frozenset(code for code, title in chapters
                     if _OF_A_SYSTEM.isdisjoint(query_tokens(title)))


@cache
def _own_organs() -> dict[str, frozenset[str]]:
    """Each "-itis" word's stem and the stems of the organ it is of, with the titles' other
    words for that organ (``inflammation.tsv``, ``body_parts.tsv``: laryngitis -> larynx,
    laryngeal)."""
    vocab = vocabulary()
    own: dict[str, set[str]] = {}
    for part, itis in read_rows("inflammation.tsv"):
        words = itis.lower().split()
        if len(words) != 1:
            continue
        names = {stem(w) for w in part.lower().split()}
        for w in part.lower().split():
            names |= {stem(e) for e in vocab.body_parts.get(stem(w), ())}
        own.setdefault(stem(words[0]), set()).update(names)
    return {k: frozenset(v) for k, v in own.items()}


@cache
def _inflamed_organs() -> frozenset[str]:
    """The stems of every organ an "-itis" word is of (a cheap gate)."""
    return frozenset().union(*_own_organs().values())


# A condition is coded by site when more than one in BY_SITE of its codes in its chapter name
# another part: pneumonia 2 of 67, cystitis 1 of 20, cirrhosis 4 of 13; pain 79 of 85,
# arthritis 698 of 785, "infection" 173 of 353, "blockage" 76 of 120.
BY_SITE = 4
LAY_KIND = "lay"  # a reading of everyday words, or of a finding beside a part (composed.py)
_AFTER = frozenset({"in", "of"})
_BETWEEN = POSSESSIVES | ARTICLES | PAIR_WORDS | SIDES_SAID


def _after_in_or_of(words: list[str], slot: Slot) -> bool:
    """Is the slot said after "in" or "of", with only "my", "the", "both", "left" ...
    between?"""
    said = query_tokens(slot.text)
    for i in range(len(words)):
        if words[i : i + len(said)] != said:
            continue
        j = i - 1
        while j >= 0 and words[j] in _BETWEEN:
            j -= 1
        if j > 0 and words[j] in _AFTER:  # j > 0: a condition is said before it
            return True
    return False


def _part(slot: Slot) -> str | None:
    """The stem of the body part a slot names: its word ("lungs"), or the one word a lay
    phrase of a part is read as ("voice box": larynx); None for anything else ("infection in
    my kidneys" read as one phrase is a condition)."""
    if " " not in slot.text:
        word = stem(slot.text.lower())
        return word if word in other_parts() else None
    if any(a.kind == LAY_KIND and len(a.tokens) == 1 and stem(a.tokens[0]) in other_parts()
           for a in slot.alternatives) and all(
            len(a.tokens) == 1 or a.kind == "original" for a in slot.alternatives):
        return stem(next(a.tokens[0] for a in slot.alternatives
                         if a.kind == LAY_KIND and len(a.tokens) == 1))
    return None


@cache
def _regions() -> dict[str, tuple[str, ...]]:
    """A region's stem and the organs it holds (``regions.tsv``: chest -> lung, heart ...)."""
    out: dict[str, list[str]] = {}
    for region, held in read_rows("regions.tsv"):
        out.setdefault(stem(region.lower()), []).append(held.lower())
    return {k: tuple(v) for k, v in out.items()}


def _organ_slot(organ: str) -> Slot:
    """An organ as a slot of its word and the titles' other words for it ("lung": pulmonary)."""
    words = [organ, *vocabulary().body_parts.get(stem(organ), ())]
    return Slot(organ, [Alternative((w,), "body part") for w in dict.fromkeys(words)])


def _organ_chapter(found: Counter[str], across: frozenset[str]) -> str | None:
    """The chapter of a body system that says a part most."""
    return next((chapter for chapter, _ in found.most_common() if chapter not in across), None)


def organ_said(parsed: ParsedQuery,
               chapters: Callable[[list[Slot], frozenset[str]],
                                  tuple[Counter[str], Counter[str]]],
               across: frozenset[str] = frozenset()) -> None:
    """Leaves out a body part said after "in" or "of" where the rest of the query is of that
    organ (see the module). ``chapters`` counts, by ICD-10-CM chapter, the codes saying the
    slots, and those of them whose titles name none of the words; ``across`` are the chapters
    that say every part (``across_the_body``)."""
    if len(parsed.slots) < 2 or any(s.side_of is not None for s in parsed.slots):
        return  # a pair kept as a side is read by sides.coded_sides ("blind in both eyes")
    words = query_tokens(parsed.text)
    after = not _AFTER.isdisjoint(words)
    if not after and _inflamed_organs().isdisjoint(map(stem, words)):
        return  # no "in" or "of", and no organ of an "-itis" word said
    procedure: bool | None = None  # asked once, and only of a part said after "in" or "of"
    for slot in list(parsed.slots):
        part = _part(slot)
        if part is None:
            continue
        # Said beside the condition, not after "in" or "of": left out only as the condition's
        # own organ ("arthritic joints").
        beside = not after or not _after_in_or_of(words, slot)
        if beside and part not in _inflamed_organs():
            continue
        # The rest as said (or spelled): a lay reading may come from the part itself ("hole
        # in the bowel" is a perforation, of which many parts are coded).
        rest = [Slot(s.text, [a for a in s.alternatives if a.kind != LAY_KIND], s.prefix)
                for s in parsed.slots if s is not slot and s.text.lower() not in SIDES_SAID]
        if not rest or any(not s.alternatives for s in rest):
            continue
        if procedure is None:
            procedure = asks_for_procedure(parsed.slots, parsed.text)
        if procedure:
            return  # an operation is coded by the part it is done on
        own = {stem(w) for alt in slot.alternatives for w in alt.tokens}
        own_organs = _own_organs()
        named = {w for s in rest for alt in s.alternatives for t in alt.tokens
                 for w in own_organs.get(stem(t), ())}
        if part in named:  # the condition's own organ: "arthritis in my joints" is arthritis
            _leave_out(parsed, slot)
            return
        if beside:
            continue
        own.update(named)
        coded, unnamed = chapters(rest, other_parts() - own)
        organ = {_organ_chapter(chapters([slot], frozenset())[0], across)}
        organ.update(_organ_chapter(chapters([_organ_slot(held)], frozenset())[0], across)
                     for held in _regions().get(part, ()))
        organ.discard(None)
        if not coded or (chapter := coded.most_common(1)[0][0]) not in organ:
            continue
        found, alone = coded[chapter], unnamed[chapter]
        if (found - alone) * BY_SITE <= found:
            _leave_out(parsed, slot)
            return


def _leave_out(parsed: ParsedQuery, slot: Slot) -> None:
    """The part's slot and its expansions left unsearched."""
    parsed.slots.remove(slot)
    said = {slot.text, *(" ".join(a.tokens) for a in slot.alternatives)}
    parsed.expansions[:] = [e for e in parsed.expansions if e["from"] not in said]
