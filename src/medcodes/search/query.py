"""Query understanding: is it a code, a code prefix, a range, or words; and for words, which
abbreviations, lay phrases, spelling variants and typo corrections apply.
"""

from __future__ import annotations

import re

from medcodes.codes import code_key, split_qualified
from medcodes.search.administration import given_into
from medcodes.search.ages import age_as_title
from medcodes.search.bmi import bmi_range
from medcodes.search.brain_arteries import clot_out, coiled
from medcodes.search.chores import chore_not_operated
from medcodes.search.composed import compose, names_a_part
from medcodes.search.composed import parts as composed_parts
from medcodes.search.contact import contact_rash, foreign_body
from medcodes.search.curated_phrases import (
    ACRONYM_PLURAL,
    EXPANSION_STOPWORDS,
    acronym_plural,
    by_consumed,
    completed_phrase,
    near_phrase,
    phrase_at,
    phrase_typos,
    split_phrase,
)
from medcodes.search.device_put_in import put_in_a_device
from medcodes.search.encounters import (
    administrative_exam,
    child_checkup,
    immunization_visit,
    old_injury,
    screening_visit,
    subsequent_encounter,
    vaccine_harm,
)
from medcodes.search.ercp import stones_out
from medcodes.search.everyday import (
    SEEN_AS,
    along_a_part,
    broken_thing,
    cancer_of_its_kind,
    people,
    place_on_part,
    question,
    result_read,
    seen_on_imaging,
    unasked,
)
from medcodes.search.family import TITLE_WORDS as FAMILY_WORDS
from medcodes.search.family import framing
from medcodes.search.gestation import (
    bleeding_by_week,
    leaking_waters,
    mother_age,
    newborn_as_neonatal,
    newborn_jaundice,
    preterm_labour,
    vomiting_by_week,
    weeks_early,
)
from medcodes.search.guidance import guided
from medcodes.search.habits import habitual_use, lost_control, stopped_taking
from medcodes.search.immobilized_parts import immobilized_part
from medcodes.search.inability import reading as inability
from medcodes.search.inability import split_cannot
from medcodes.search.incidental import INJURY_CUES
from medcodes.search.lay_operations import (
    fluid_taken,
    hole_made,
    in_a_cavity,
    mended,
    no_more_children,
    organ_off,
    organ_out,
    what_is_drained,
    wound_on_skin,
)
from medcodes.search.lay_verbs import particle_beside
from medcodes.search.lens_implant import lens_replaced
from medcodes.search.lesions import operated_lesion
from medcodes.search.medicines import (
    allergy_status,
    amount,
    anticoagulant_bleeding,
    drug_induced,
    drug_rash,
    form_reaction,
    long_term_use,
    taken_amiss,
    treated,
)
from medcodes.search.mishaps import (
    assault,
    bit_as_bite,
    blow_with_a_part,
    caught_in,
    fell_from,
    hot_liquid_on_a_part,
    hurt_part,
    struck_by_a_thing,
    tick_on_a_part,
)
from medcodes.search.openings import opened_for
from medcodes.search.operated_for import read as operated_for
from medcodes.search.parsed import Alternative, Lexicon, ParsedQuery, Slot, add_reading
from medcodes.search.plain_senses import (
    fracture_kind,
    naming_only,
    naming_only_in_phrases,
    particle,
    qualifies,
)
from medcodes.search.procedure_devices import (
    device_table_parts,
    left_to_drain,
    matter_taken_out,
    with_device,
)
from medcodes.search.procedure_parts import GROWTHS, around_a_part, how_much, joint_as_bone
from medcodes.search.procedure_purpose import what_it_is_for
from medcodes.search.procedure_reading import (
    add_procedure_terms,
    camera_alone,
    closed_reduction,
    hurt_not_operated,
    keyhole_alone,
    scope_as_approach,
)
from medcodes.search.reactions import harm_told
from medcodes.search.reason_sites import delivery_for_a_reason, reason_beside_its_site
from medcodes.search.road_users import neck_in_a_crash, road_user
from medcodes.search.sides import BILATERAL, SIDE_KIND, both_said, either_part, read_sides
from medcodes.search.site_parts import part_as_site
from medcodes.search.spelling import english_words
from medcodes.search.spine_levels import spine_levels
from medcodes.search.status import (
    ONLY_DONE,
    REMOVAL,
    REPLACEMENT,
    cue_positions,
    organ_system,
    result_reading,
    tense,
)
from medcodes.search.text import STOPWORDS, clean, query_tokens, stem, tokens
from medcodes.search.timing import as_title as when_as_title
from medcodes.search.timing import drop as when_said
from medcodes.search.timing import read as read_when
from medcodes.search.types import MAX_QUERY_LENGTH, QueryError
from medcodes.search.vein_clots import clot_out_of_a_vein, embolus_of_the_lung
from medcodes.search.visit_reasons import visit_reason
from medcodes.search.vocab import (
    LAY_TYPO_MIN,
    Vocabulary,
    loose_key,
    same_word,
    vocabulary,
)
from medcodes.search.with_word import with_as_said

# A token that looks like a code of some system: at least one digit, 1-8 code characters.
_CODE_LIKE = re.compile(r"^(?=[A-Z0-9.]*\d)[A-Z0-9][A-Z0-9.]{0,8}$")
_CODE_CHARS = re.compile(r"^[A-Z0-9][A-Z0-9.]{0,8}$")
_RANGE = re.compile(r"^([A-Z0-9.]{2,9})\s*[-–—]\s*([A-Z0-9.]{2,9})$")


# Negations typed without the apostrophe, which the catalog lacks: "cant" is "can't" (tokens
# can, t), so it keeps the "t" a phrase like "can't pee" needs and is never "corrected" to an
# unrelated catalog word.
_NO_APOSTROPHE = frozenset(
    "cant dont wont didnt doesnt isnt wasnt arent couldnt wouldnt shouldnt havent".split())


def _contraction(word: str) -> tuple[str, ...]:
    return (word[:-1], "t") if word in _NO_APOSTROPHE else (word,)


def _negation_t(raw: list[str], i: int) -> bool:
    """The "t" of a negation ("can't walk") that no curated phrase took: alone it would match
    "T-cell" and "T wave" titles, so it is dropped like a small word."""
    return raw[i] == "t" and i > 0 and raw[i - 1] + "t" in _NO_APOSTROPHE


# The verb a pronoun's apostrophe joins ("I'm", "I'd", "we're", "they'll"): tokens of their own,
# they would match titles' letters ("m" finds "Immunoglobulin M", "d" "vitamin D"). Not "ve",
# which ``status`` reads as the "have" of "I've had".
_PRONOUN_VERBS = {"m": frozenset({"i"}),
                  **dict.fromkeys(("d", "ll"), frozenset({"i", "you", "we", "he", "she",
                                                          "they"})),
                  "re": frozenset({"you", "we", "they"})}


def _pronoun_verb(raw: list[str], i: int) -> bool:
    """Is ``raw[i]`` the contracted verb after a pronoun (``_PRONOUN_VERBS``)?"""
    after = _PRONOUN_VERBS.get(raw[i])
    return after is not None and i > 0 and raw[i - 1] in after


# A pronoun and the verb after it, with what was typed between: "I'd" joins them by an
# apostrophe, "I&D" (incision and drainage) does not.
_PRONOUN_PAIR = re.compile(r"\b(i|you|we|he|she|they)([^a-z0-9]*)(m|d|ll|re)\b", re.I)


def _contracted_verbs(text: str, raw: list[str]) -> set[int]:
    """The places in ``raw`` of the verbs a pronoun's apostrophe joins: no abbreviation or
    phrase may read them ("I'd a rash" is no I&D, "I'm" no IM). The pairs of ``raw`` are
    matched to the text's in order; when they cannot be (a reading moved a word), none."""
    if "'" not in text and "\u2019" not in text:
        return set()
    at = [i for i in range(1, len(raw)) if _pronoun_verb(raw, i)]
    pairs = [m for m in _PRONOUN_PAIR.finditer(text)
             if m.group(1).lower() in _PRONOUN_VERBS[m.group(3).lower()]]
    if len(at) != len(pairs):
        return set()
    return {i for i, m in zip(at, pairs, strict=True) if "'" in m.group(2) or "\u2019" in m.group(2)}


def is_code_like(text: str) -> bool:
    return bool(_CODE_LIKE.match(text.upper()))


def parse(
    text: str, lexicon: Lexicon | None = None, vocab: Vocabulary | None = None,
    as_words: bool = False,
) -> ParsedQuery:
    """Parse a raw query string; ``as_words`` skips the code readings (for a code-like query
    that names no code, e.g. "T2DM"). Raises QueryError only for an over-long query."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"query is longer than {MAX_QUERY_LENGTH} characters")
    typing = not text.endswith((" ", "\t"))
    cleaned = clean(text)
    if not cleaned:
        return ParsedQuery(text=cleaned, kind="empty")
    system, rest = split_qualified(cleaned)
    upper = rest.upper().strip()
    wildcard = upper.endswith("*")
    bare = upper.rstrip("*").strip()
    match = None if as_words else _RANGE.match(bare)
    if match and is_code_like(match.group(1)) and is_code_like(match.group(2)):
        return ParsedQuery(
            text=cleaned, kind="range", system=system,
            range_lo=code_key(match.group(1)), range_hi=code_key(match.group(2)),
        )
    if not as_words and bare and " " not in bare and (
        is_code_like(bare) or (system and _CODE_CHARS.match(bare))
    ):
        return ParsedQuery(
            text=cleaned, kind="code", system=system, key=code_key(bare), wildcard=wildcard,
            typed=bare.replace(" ", ""),
        )
    words = rest if system else cleaned
    parsed = _words(words, typing, lexicon, vocab or vocabulary())
    if _DENYING.search(words):  # "no", "without", "w/o", "denies", "negative", "didn't"
        parsed = _denied(parsed, words, typing, lexicon, vocab or vocabulary())
    parsed.system = system
    return parsed


# The cue words of search.negation, found by one regular expression over the text.
_DENYING = re.compile(r"\b(?:no|not|without|wo|w/o|den(?:y|ies|ied|ying)|neg(?:ative)?"
                      r"|uncomplicated|afebrile|painless)\b"
                      r"|\b(?:didn|doesn|don|isn|wasn|aren|weren|hasn|haven|hadn)['\u2019]?t\b",
                      re.IGNORECASE)


def _denied(parsed: ParsedQuery, text: str, typing: bool, lexicon: Lexicon | None,
            vocab: Vocabulary) -> ParsedQuery:
    """``parsed`` read again as its condition alone, with the findings it says are absent
    beside it (``search.negation``), or as it was when it says no such absence."""
    from medcodes.search import negation

    said = negation.read(text, parsed.slots, lexicon.says if lexicon is not None else _never)
    if said is None:
        return parsed
    main, last, findings = said
    condition = _words(main if typing and last else main + " ", typing and last, lexicon, vocab)
    if not condition.slots:
        return parsed
    condition.denied = negation.denial(
        text, ((f, _finding_slots(parsed, f) or _words(f + " ", False, lexicon, vocab).slots)
               for f in findings))
    if not condition.denied.stems:
        return parsed
    return condition


def _finding_slots(parsed: ParsedQuery, finding: str) -> list[Slot]:
    """The slots of the whole query's reading that say ``finding`` and nothing else, read in
    the query's context ("Hmplg mgr wo ntrc": "ntrc" as intractable), or none."""
    said = [w for w in tokens(finding) if w not in STOPWORDS]
    slots = [s for s in parsed.slots if s.text and set(tokens(s.text)) <= set(said)]
    return slots if sorted(w for s in slots for w in tokens(s.text)
                           if w not in STOPWORDS) == sorted(said) else []


def _never(_: str) -> bool:
    return False


def _words(text: str, typing: bool, lexicon: Lexicon | None, vocab: Vocabulary) -> ParsedQuery:
    parsed = ParsedQuery(text=text, kind="words")
    raw = split_cannot([part for word in query_tokens(text) for part in _contraction(word)])
    if not raw:
        parsed.kind = "empty"
        return parsed
    raw = particle_beside(raw, vocab)  # "taking the womb out": "taking out the womb"
    raw, named = operated_for(raw)  # "scope for reflux": an upper GI endoscopy for reflux
    if named is not None:  # read, and read by the meaning model, as the operation named
        parsed.text = " ".join(raw)
        parsed.expansions.append(named)
    sides = read_sides(raw, vocab)  # "both knees", "on each side": bilateral
    raw = sides.words
    plurals = {m.lower() for m in ACRONYM_PLURAL.findall(text)}  # "UTIs", as typed
    # 1. Each word as the catalog knows it: known, a truncation ("anterolat"), or a typo.
    seq: list[str] = []
    truncated: set[int] = set()
    fixes: dict[int, dict[str, str]] = {}
    for i, word in enumerate(raw):
        typing_last = typing and i == len(raw) - 1
        is_prefix, fixed = _fix(word, typing_last, lexicon, vocab)
        if is_prefix:
            truncated.add(i)
        if fixed is not None:
            if not is_prefix:
                fixes[i] = {"from": word, "to": fixed}
            seq.append(fixed)
        else:
            seq.append(word)
    if lexicon is not None and len(seq) > 1:
        # "my elderly mother fell": the person is no context against "fell" -> "fall"
        _correct_in_context(raw, seq, fixes, typing, lexicon, people(raw) & unasked(raw))
    # 2. Curated phrases over the words as typed, then over the corrected words (so
    # "throwing up" stays a phrase although "throwing" alone would be corrected to "thrown",
    # and "hart attack" still becomes one); the rest one slot per word.
    # A phrase may also be said with other small words, plurals or "-ing" ("ringing in my
    # ears"): the longest match, exact or loose, wins; exact and as-typed win ties.
    near = phrase_typos(raw, lexicon, vocab)
    person_and_filler = unasked(raw)  # "my son", "really", "keep": not the condition
    when = read_when(raw)  # "when I stand up", "at night": the title's word (``timing``)
    when_words = when_said(raw, when)
    person_and_filler |= when_words
    person = people(raw) & person_and_filler
    person |= question(raw) & person_and_filler  # "what is the ICD code for": no phrase ("ICD")
    for j in person:  # a person is no word searched, nor corrected ("grandad" is no "grand")
        fixes.pop(j, None)
    # "lymphoma cancer": no lay "cancer" (malignant neoplasm), which lymphoma's titles never say
    person |= cancer_of_its_kind(raw) & person_and_filler
    cues = cue_positions(raw)  # "had", "I have", "years ago": the tense, not the condition
    person_and_filler |= cues
    # "pain at the back of my heel": the heel's, unless the titles say that place of that part
    # ("burn of back of hand", T23.06).
    person_and_filler |= {i for i, said in place_on_part(raw).items()
                          if lexicon is None or not lexicon.says(said)}
    person_and_filler |= along_a_part(raw)  # "pain down my arm": no Down syndrome
    person_and_filler |= amount(raw)  # "took a whole packet of": no title says it
    person_and_filler |= naming_only(raw, lexicon)  # "new rash": no New Technology
    person_and_filler |= particle(raw, lexicon, typing)  # "spreading up my arm": no upper part
    kind_said = fracture_kind(raw)  # "depressed skull fracture": no depression
    person_and_filler |= kind_said
    # "my mother had", "runs in my family": one slot asking for a family history title.
    family = framing(raw).drop
    person |= family
    typed = completed_phrase(raw, vocab) if typing else None
    if typed is not None and cues and all(j in cues or raw[j] in STOPWORDS
                                          for j in range(typed.start, len(raw))):
        typed = None  # "had polio as a child": "child" is when, not a phrase being typed
    # Without corrections the corrected words are the words as typed: their phrases are the
    # same, and the max below would keep the first of each tie (the words as typed) anyway.
    readings: tuple[list[str], ...] = (raw,) if seq == raw else (raw, seq)
    # A British spelling reads the phrases of the titles' one ("tumour" the row "tumor",
    # "oesophageal cancer" the row "esophageal cancer"): the phrases are written as the
    # titles spell.
    respelt = [_respelt(w, vocab) for w in seq]
    if respelt != seq:
        readings = (*readings, respelt)
    # "unable to pee", "not been able to poo": the rows' "can't" (``inability``), where a row
    # reads it; the denial words it stands for are then no words to search.
    reread: set[int] = set()
    able = inability(raw)
    if able is not None and any(
            phrase_at(able[0], j, vocab, loose).consumed
            for j in able[1] if able[0][j] == "can" for loose in (False, True)):
        readings = (*readings, able[0])
        reread = able[1]
        person_and_filler |= able[2]
    # Where a result was read is no part of a phrase: "potassium low on the blood test" is no
    # "low blood" (anemia), so its words match nothing here (``everyday.result_read``).
    seen = seen_on_imaging(raw) & person_and_filler
    tested = (result_read(raw) | seen) & person_and_filler
    # Nor a breakage said of a thing: "broken glass" is no "broken" (``everyday.broken_thing``).
    tested |= broken_thing(raw) & person_and_filler
    tested |= kind_said
    # Nor is a pronoun's contracted verb: "I'd a rash" has no I&D.
    verbs = _contracted_verbs(text, raw)
    if verbs:
        person_and_filler |= verbs
        tested |= verbs
    if tested:
        readings = tuple([w if j not in tested else "" for j, w in enumerate(r)]
                         for r in readings)
        if near is not raw:
            near = [w if j not in tested else "" for j, w in enumerate(near)]
    # The slots said after the first "for" (what an operation is for: ``what_it_is_for``).
    for_at = next((j for j in range(1, len(seq) - 1) if seq[j] == "for"), None)
    after_for: int | None = None
    phrased: set[int] = set()  # positions a curated phrase read
    i = 0
    while i < len(seq):
        if for_at is not None and after_for is None and i > for_at:
            after_for = len(parsed.slots)
        if typed is not None and i == typed.start:
            parsed.slots.append(typed.slot)
            parsed.expansions.extend(typed.expansions)
            for j in range(i, len(seq)):
                fixes.pop(j, None)
            break
        if i in person:
            if family and i == min(family):
                said = " ".join(raw[j] for j in sorted(family))
                parsed.slots.append(Slot(text=said, alternatives=[
                    Alternative(FAMILY_WORDS, "family history")]))
                parsed.expansions.append({"from": said, "to": " ".join(FAMILY_WORDS),
                                          "kind": "family history"})
            i += 1
            continue
        found = max(
            (*(phrase_at(words, i, vocab, False) for words in readings),
             *(phrase_at(words, i, vocab, True, when_words) for words in readings),
             *((near_phrase(near, raw, i, vocab, loose) for loose in (False, True))
               if near is not raw else ()),
             split_phrase(raw, i, vocab)),
            key=by_consumed,
        )
        if found.consumed and found.slot is not None:
            if found.words is raw:
                for j in range(i, i + found.consumed):
                    fixes.pop(j, None)
            else:  # over corrected words: a phrase reads every correction it took
                for j in range(i, i + found.consumed):
                    fixes.pop(j, None)
                    if j not in reread and found.words[j] not in (raw[j],
                                                                  _respelt(raw[j], vocab)):
                        fixes[j] = {"from": raw[j], "to": found.words[j]}
            if found.consumed == 2 and (joined := _joined_at(raw, i, lexicon, set())):
                # "post partum": the phrase's reading (puerperium), and the word the
                # titles write it as (O72 Postpartum hemorrhage).
                found.slot.alternatives.append(Alternative((joined,), "variant"))
                parsed.expansions.append({"from": found.slot.text, "to": joined,
                                          "kind": "variant"})
            parsed.slots.append(found.slot)
            parsed.expansions.extend(found.expansions)
            phrased.update(range(i, i + found.consumed))
            parsed.slots.extend(Slot(side, [Alternative((side,), "original")])
                                for side in found.sides)
            i += found.consumed
            continue
        joined = _joined_at(raw, i, lexicon, person_and_filler)
        if joined is not None:
            pair = " ".join(raw[i : i + 2])
            parsed.slots.append(Slot(pair, [Alternative((raw[i], raw[i + 1]), "original"),
                                            Alternative((joined,), "variant")]))
            parsed.expansions.append({"from": pair, "to": joined, "kind": "variant"})
            fixes.pop(i, None)
            fixes.pop(i + 1, None)
            i += 2
            continue
        word, original = seq[i], raw[i]
        last = i == len(seq) - 1
        if (word in STOPWORDS or _negation_t(raw, i) or _pronoun_verb(raw, i)
                or i in person_and_filler) and len(seq) > 1:
            i += 1
            continue
        plural = acronym_plural(original, vocab, lexicon) if original in plurals else None
        if plural is not None and plural.slot is not None:
            parsed.slots.append(plural.slot)
            parsed.expansions.extend(plural.expansions)
            i += 1
            continue
        slot = Slot(text=original, alternatives=[Alternative((original,), "original")])
        slot.prefix = (i in truncated or (last and typing)) and not original.isdigit()
        halves = lexicon.split(original) if lexicon and original.isalpha() else None
        if halves and "".join(halves) != original:
            # A prefix and the rest corrected ("preclampsia" is pre-eclampsia): not the whole
            # word's correction, which lost the prefix (eclampsia).
            fixes[i] = {"from": original, "to": " ".join(halves)}
        elif word != original:
            slot.alternatives.append(Alternative((word,), "spelling"))
        if halves:  # "preeclampsia": the titles' Pre-eclampsia
            slot.alternatives.append(Alternative(halves, "variant"))
            parsed.expansions.append({"from": original, "to": " ".join(halves), "kind": "variant"})
        variant = vocab.variants.get(word)
        if variant:
            slot.alternatives.append(Alternative(tuple(variant.split()), "variant"))
            parsed.expansions.append({"from": word, "to": variant, "kind": "variant"})
        mined = lexicon.expansions(word) if lexicon else ()
        own = bool(mined) and lexicon is not None and lexicon.own_word(word)
        after = seq[i + 1] if i + 1 < len(seq) else None
        for expansion in mined:
            if lexicon is not None and not qualifies(expansion, after, lexicon,
                                                     typing and i + 2 == len(seq)):
                continue  # "blown up belly": no upper part
            if not own:  # a word of its own ("cyst") is not searched as its expansion
                slot.alternatives.append(Alternative((expansion,), "abbreviation"))
            parsed.expansions.append({"from": word, "to": expansion, "kind": "abbreviation"})
        for full in lexicon.contracted(word) if lexicon and not mined else ():
            slot.alternatives.append(Alternative((full,), "contraction"))
            parsed.expansions.append({"from": word, "to": full, "kind": "contraction"})
        for parts in lexicon.decompose(word) if lexicon else ():
            slot.alternatives.append(Alternative(parts, "word parts"))
            parsed.expansions.append({"from": word, "to": " ".join(parts), "kind": "word parts"})
        parsed.slots.append(slot)
        i += 1
    behind = parsed.slots[after_for:] if after_for is not None else []
    if seen:  # "mass in lung on ct scan": the titles' abnormal finding on diagnostic imaging
        said = " ".join(raw[j] for j in sorted(seen))
        parsed.slots.append(Slot(said, [Alternative(w, "lay") for w in SEEN_AS]))
        parsed.expansions.extend({"from": said, "to": " ".join(w), "kind": "lay"}
                                 for w in SEEN_AS)
    if when_words:
        when_as_title(parsed, raw, when, phrased)
    spine_levels(parsed)
    add_procedure_terms(parsed, vocab, lexicon)
    hurt_not_operated(parsed, raw)
    chore_not_operated(parsed, raw, vocab)
    assault(parsed, raw)
    fell_from(parsed, raw)
    hurt_part(parsed, raw)
    part_as_site(parsed, raw)
    struck_by_a_thing(parsed, raw)
    tick_on_a_part(parsed, raw)
    hot_liquid_on_a_part(parsed, raw)
    bit_as_bite(parsed, raw)
    caught_in(parsed, raw)
    blow_with_a_part(parsed, raw)
    road_user(parsed, raw)
    neck_in_a_crash(parsed, raw)
    given_into(parsed)
    how_much(parsed)
    opened_for(parsed, raw)
    operated_lesion(parsed, raw, vocab)
    camera_alone(parsed)
    keyhole_alone(parsed, vocab)
    fluid_taken(parsed)
    what_is_drained(parsed)
    mended(parsed, vocab)
    organ_out(parsed, raw, vocab)
    organ_off(parsed, raw, vocab)
    hole_made(parsed, raw)
    no_more_children(parsed, raw)
    in_a_cavity(parsed, vocab)
    if lexicon is not None:
        _senses_in_context(parsed, lexicon)
    scope_as_approach(parsed, lexicon)
    left_to_drain(parsed)
    matter_taken_out(parsed)
    with_device(parsed)
    put_in_a_device(parsed)  # "stent put in my kidney": no Removal
    with_as_said(parsed)  # "dilation w balloon": no device's "with"
    closed_reduction(parsed)
    joint_as_bone(parsed, vocab)
    around_a_part(parsed, vocab)
    compose(parsed, lexicon, vocab)
    _add_body_parts(parsed, lexicon, vocab)
    both_said(parsed, sides)
    either_part(parsed, raw)
    parsed.expansions.extend({"from": pair, "to": BILATERAL, "kind": SIDE_KIND}
                             for pair in sides.read)
    device_table_parts(parsed, vocab)
    _status_results(parsed)
    habitual_use(parsed, raw)
    lost_control(parsed, raw)
    treated(parsed)  # "hypertension on lisinopril": the medicine is its treatment
    long_term_use(parsed)
    drug_induced(parsed)
    taken_amiss(parsed)
    allergy_status(parsed)
    heard = set(raw)  # the query's words, for the readings gated on cue words
    guided(parsed, heard)
    coiled(parsed, heard)
    clot_out(parsed, heard)
    clot_out_of_a_vein(parsed, heard)
    embolus_of_the_lung(parsed, heard)
    lens_replaced(parsed, heard)
    stones_out(parsed, heard)
    wound_on_skin(parsed, heard)
    immobilized_part(parsed, heard)
    bmi_range(parsed, heard)
    anticoagulant_bleeding(parsed, heard)
    drug_rash(parsed, heard)
    form_reaction(parsed, heard)
    harm_told(parsed, heard)
    stopped_taking(parsed, heard)
    contact_rash(parsed)
    foreign_body(parsed)
    subsequent_encounter(parsed)
    old_injury(parsed, heard)
    screening_visit(parsed)
    immunization_visit(parsed)
    vaccine_harm(parsed, heard)
    child_checkup(parsed)
    administrative_exam(parsed)
    visit_reason(parsed, heard)
    preterm_labour(parsed)
    bleeding_by_week(parsed)
    vomiting_by_week(parsed)
    leaking_waters(parsed, heard)
    weeks_early(parsed)
    mother_age(parsed)
    newborn_jaundice(parsed)
    newborn_as_neonatal(parsed, heard)
    age_as_title(parsed, heard, vocab.lay_loose)
    naming_only_in_phrases(parsed, lexicon)  # "a new knee": no New Technology
    if after_for is not None:
        delivery_for_a_reason(parsed, behind)  # "c-section for breech"
        what_it_is_for(parsed, behind, vocab)
        reason_beside_its_site(parsed, behind, vocab)  # "chest drain for a collapsed lung"
    parsed.corrections = [fixes[j] for j in sorted(fixes)]
    return parsed


def _joined_at(raw: list[str], i: int, lexicon: Lexicon | None, skip: set[int]) -> str | None:
    """The catalog word ``raw[i]`` and the next word make written together ("post partum
    hemorrhage" is O72 Postpartum hemorrhage), or None: two plain words, neither a small word
    nor one that only says who or when."""
    if lexicon is None or i + 1 >= len(raw) or i in skip or i + 1 in skip:
        return None
    first, second = raw[i], raw[i + 1]
    if (len(first) < 2 or len(second) < 2 or not first.isalpha() or not second.isalpha()
            or first in STOPWORDS or second in STOPWORDS):
        return None
    return lexicon.joined(first, second)


def _correct_in_context(
    raw: list[str], seq: list[str], fixes: dict[int, dict[str, str]], typing: bool,
    lexicon: Lexicon, aside: set[int] | frozenset[int] = frozenset(),
) -> None:
    """Re-choose each correction among those equally close by the query's other words (not
    the words said as a person, which no title of the condition says)."""
    for i, word in enumerate(raw):
        if seq[i] == word:
            continue
        if same_word(word) != word and same_word(word) == stem(seq[i]):
            continue  # a verb's irregular form corrected to the verb: "fell" is "fall"
        context = tuple(w for j, w in enumerate(seq) if j != i and j not in aside and len(w) > 2
                        and w not in STOPWORDS and not w.isdigit() and lexicon.known(w))
        if not context:
            continue
        typing_last = typing and i == len(raw) - 1
        fixed = lexicon.correct_in_context(word, typing_last, context)
        if (fixed is not None and word in english_words()
                and not lexicon.together(fixed, context)):
            # An everyday word read as a slip for a word the catalog never says beside the
            # query's others is the word meant: "a door slam" is no donor, "gash" no gas;
            # typed last too ("gums bleed when I brush" is no crush).
            seq[i] = word
            fixes.pop(i, None)
            continue
        if fixed is None or fixed == seq[i]:
            continue
        seq[i] = fixed
        if i in fixes:
            fixes[i] = {"from": word, "to": fixed}


# Senses that only qualify the query's other words (NEC: an "Other ..." code): alone, the
# abbreviation names a condition (necrotizing enterocolitis), not a qualifier.
QUALIFIER_SENSES = frozenset({("other",), ("unspecified",)})


def _senses_in_context(parsed: ParsedQuery, lexicon: Lexicon) -> None:
    """Keep an ambiguous abbreviation's senses that the catalog says beside the query's other
    words: in "septicemia NEC" NEC is "not elsewhere classified", not necrotizing
    enterocolitis, which no text says beside septicemia. When no sense occurs beside them all
    are kept (senses are often synonyms: DVT is "deep vein thrombosis" and "embolism and
    thrombosis of deep veins"), as when the abbreviation is alone, but for qualifiers."""
    for slot in parsed.slots:
        if all(a.kind not in _SENSE_KINDS for a in slot.alternatives):
            continue  # most slots: no sense to weigh
        for kind in _SENSE_KINDS:
            senses = [a for a in slot.alternatives if a.kind == kind]
            if len(senses) < (2 if kind == "abbreviation" else 1):
                continue
            dropped = _senses_apart(parsed, slot, senses, lexicon)
            if not dropped:
                continue
            slot.alternatives = [a for a in slot.alternatives
                                 if a.kind != kind or a.tokens not in dropped]
            parsed.expansions = [
                e for e in parsed.expansions
                if not (e["kind"] == kind and e["from"] == slot.text
                        and tuple(t for t in tokens(e["to"]) if t not in EXPANSION_STOPWORDS)
                        in dropped)]


_SENSE_KINDS = ("abbreviation", "contraction")


def _senses_apart(parsed: ParsedQuery, slot: Slot, senses: list[Alternative], lexicon: Lexicon
                  ) -> set[tuple[str, ...]]:
    """The senses of ``slot`` to drop: those no catalog text says beside the query's other
    words. A contraction's guessed senses go even when none is left (the word as typed
    stays); an abbreviation's curated ones are then all kept."""
    context = tuple(sorted({
        t for other in parsed.slots if other is not slot and not other.prefix
        for alt in other.alternatives
        if alt is other.alternatives[0] or alt.kind in ("procedure", "contraction")
        for t in alt.tokens
        if len(t) > 2 and t not in STOPWORDS and not t.isdigit() and lexicon.known(t)}))
    if not context:
        return {a.tokens for a in senses if a.tokens in QUALIFIER_SENSES}
    dropped = {a.tokens for a in senses if not lexicon.together(" ".join(a.tokens), context)}
    if len(dropped) == len(senses) and senses[0].kind == "abbreviation":
        return set()
    return dropped


def _add_body_parts(parsed: ParsedQuery, lexicon: Lexicon | None, vocab: Vocabulary) -> None:
    """Each one-word way of saying a slot also as the body part's other form ("lungs" ->
    pulmonary; "womb", read as uterus, -> uterine too), if the catalog has that form."""
    for slot in parsed.slots:
        have: set[tuple[str, ...]] | None = None  # the slot's readings, once one is added
        for alt in list(slot.alternatives):
            # A plural is the body part ("lungs"); an "-ing" or "-ed" word that stems to one is
            # not ("teething" is not teeth, "hearted" not heart).
            if len(alt.tokens) != 1 or alt.tokens[0].endswith(("ing", "ed")):
                continue
            for other in vocab.body_parts.get(stem(alt.tokens[0]), ()):
                if lexicon is None or lexicon.known(other):
                    if have is None:
                        have = {a.tokens for a in slot.alternatives}
                    add_reading(parsed, slot, have, alt.tokens[0], (other,), "body part")


def _status_results(parsed: ParsedQuery) -> None:
    """A procedure the person had also reads as what it left (``status.result_reading``):
    "had my spleen removed" is an acquired absence of the spleen, "I have a hip replacement"
    an artificial hip joint, "missing a finger" an absence of one. A growth or a lesion of the
    skin taken off ("had a mole cut off my back", "had a cyst removed") leaves no absence: it
    was never a part of the body."""
    said = tense(parsed.text)
    # ``result_reading`` reads only these words, by the tense: none said, nothing to add.
    cues = _RESULT_CUES[said]
    if all(cues.isdisjoint(alt.tokens) for slot in parsed.slots for alt in slot.alternatives):
        return
    absent = False
    growth = any(alt.tokens[0] in GROWTHS for slot in parsed.slots
                 for alt in slot.alternatives[:1])
    for slot in parsed.slots:
        have = {alt.tokens for alt in slot.alternatives}
        for alt in list(slot.alternatives):
            words = result_reading(alt.tokens, said)
            if words and ((growth and "absence" in words) or (
                    alt.kind == "lay" and _only_done(slot.text))):
                continue
            if words:
                add_reading(parsed, slot, have, " ".join(alt.tokens), words, "status")
                absent |= "absence" in words
    if absent:  # "had my colon removed": the organ, a word of its own, as its system too
        for slot in parsed.slots:
            have = {alt.tokens for alt in slot.alternatives}
            for alt in list(slot.alternatives):
                system = organ_system(alt.tokens)
                if system:
                    add_reading(parsed, slot, have, " ".join(alt.tokens), system, "status")


# The words ``status.result_reading`` reads, by the tense ``status.tense`` says.
_RESULT_CUES: dict[str | None, frozenset[str]] = {
    None: frozenset({"missing"}),
    "present": frozenset({"missing"}) | REPLACEMENT,
    "family": frozenset({"missing"}) | REPLACEMENT,
    "past": frozenset({"missing"}) | REPLACEMENT | REMOVAL,
}


def _only_done(text: str) -> bool:
    """Does a slot's ``text`` say only that an operation was done, no removal or replacement
    ("gallbladder done", "gallbladder surgery"; not "gallbladder out")?"""
    typed = set(tokens(text))
    return not ONLY_DONE.isdisjoint(typed) and (REMOVAL | REPLACEMENT).isdisjoint(typed)


def _fix(
    word: str, typing: bool, lexicon: Lexicon | None, vocab: Vocabulary
) -> tuple[bool, str | None]:
    """(is the word a truncation to match as a prefix, its typo correction or None)."""
    if lexicon is None or word.isdigit() or len(word) < 3 or word in STOPWORDS:
        return False, None
    if (word,) in vocab.abbreviations or (word,) in vocab.lay or word in vocab.variants:
        return False, None
    if loose_key((word,)) in vocab.lay_loose:  # "peeing": the lay word "pee", not "peeling"
        return False, None
    if (stem(word),) in composed_parts().findings:  # "tweaked" is a strain, not "treated"
        return False, None
    if lexicon.known(word):
        return lexicon.truncation(word), lexicon.common_neighbour(word)
    if lexicon.expansions(word) or names_a_part(word, vocab):
        # A body part the curated data names is no typo of a catalog word the titles lack it
        # for ("hamstring" is not "astring", ICD-9's short "astringents").
        return False, None
    # Coders truncate ("anterolat", "pulmon") and people type words half-way: a word that
    # starts catalog words is matched as a prefix, and also corrected ("cancr": cancer).
    is_prefix = lexicon.known_prefix(word)
    fixed = lexicon.correct(word, typing)
    if is_prefix and fixed is not None and word.startswith(fixed):
        return True, None  # "colonos" is colonoscopy being typed, not colon mistyped
    if (fixed is None and not is_prefix and len(word) >= LAY_TYPO_MIN
            and word not in english_words()):
        # Nothing of the catalog's is near: an everyday word of a lay row may be ("exausted").
        fixed = vocab.lay_word_neighbour(word)
    if fixed is not None and _everyday(word, vocab) and not (
            word.startswith(fixed) or _unsuffixed(word) == _unsuffixed(fixed)):
        # An everyday word of the lay rows or of an injury is no typo of another word ("cut my
        # cheek shaving" is not "shoving", "nicked" not "nickel"), though it may be of its own
        # stem ("itchy": itch, "inhaler": inhaled).
        fixed = None
    return is_prefix, fixed


_SUFFIXES = ("ing", "ed", "er", "es", "s", "y", "d")


def _everyday(word: str, vocab: Vocabulary) -> bool:
    """Is ``word`` an everyday word of a lay phrase or of an injury (``INJURY_CUES``)?"""
    return vocab.everyday_word(word) or (len(word) >= LAY_TYPO_MIN and stem(word) in INJURY_CUES)


def _unsuffixed(word: str) -> str:
    """``word`` without one inflectional ending: "inhaler" and "inhaled" are one "inhal"."""
    return next((word[: -len(s)] for s in _SUFFIXES if word.endswith(s)), word)


def asked_text(parsed: ParsedQuery, text: str | None = None) -> str:
    """``text`` (else the query's) as far as the words search reads it: without what an
    operation is for, when that was dropped ("knee replacement for arthritis": the
    replacement), so the meaning model is not pulled to the reason's diagnoses, nor a medicine
    taken for the condition said ("hypertension on lisinopril": ``medicines.treated``)."""
    text = parsed.text if text is None else text
    if parsed.treatment:
        text = " ".join(w for w in query_tokens(text) if w.lower() not in parsed.treatment)
    if not parsed.reason_dropped:
        return text
    words = query_tokens(text)
    at = next((j for j in range(1, len(words) - 1) if words[j] == "for"), None)
    return text if at is None else " ".join(words[:at])


def corrected_text(parsed: ParsedQuery) -> str | None:
    """The query with typo corrections applied, for "showing results for ..."."""
    if not parsed.corrections:
        return None
    fixes = {c["from"]: c["to"] for c in parsed.corrections}
    return " ".join(fixes.get(t, t) for t in query_tokens(parsed.text))


def _respelt(word: str, vocab: Vocabulary) -> str:
    """``word`` in the titles' spelling when ``spelling_variants.tsv`` has it as one word
    ("tumour" -> tumor), else as it is."""
    variant = vocab.variants.get(word)
    return variant if variant is not None and " " not in variant else word
