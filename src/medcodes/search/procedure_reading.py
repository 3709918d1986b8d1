"""Procedure words read as ICD-10-PCS says them: root operations and approaches from
``pcs_operations.tsv``, a scope beside another operation as its approach, a camera or a
keyhole alone, a closed reduction's approach, and an injury told with an operation's verb.
Each adds readings to a parsed query's slots (``parsed.add_reading``); ``query`` calls them
after its word readings. What a named device implies is read in ``procedure_devices``, the
part operated on in ``procedure_parts``, operations said in everyday words in
``lay_operations`` and what an operation is for in ``procedure_purpose``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from medcodes.search.approach import APPROACH_WORDS
from medcodes.search.everyday import ARTICLES, PEOPLE, POSSESSIVES
from medcodes.search.parsed import Lexicon, ParsedQuery, Slot, add_reading
from medcodes.search.procedure_devices import DEVICE_READINGS, DEVICE_WORDS, PLACING
from medcodes.search.slot_edits import drop, drop_kind
from medcodes.search.spelling import english_words
from medcodes.search.text import STOPWORDS, stem, tokens
from medcodes.search.vocab import Vocabulary

# The endings a verb takes: "strip" and its key "stripping" say one operation.
INFLECTIONS = frozenset({"", "s", "es", "d", "ed", "ing"})


def add_procedure_terms(parsed: ParsedQuery, vocab: Vocabulary, lexicon: Lexicon | None = None
                        ) -> None:
    """Each one-word way of saying a slot also as the ICD-10-PCS words for it
    (``pcs_operations.tsv``: "removal" -> resection, "ligation" -> occlusion, "lap" ->
    percutaneous endoscopic), the word an abbreviation stands for included ("bx": biopsy).
    A truncation reads as a key only when the catalog's commonest word it begins also begins
    with the key ("reduc" is reduction, so reposition; "repl" is replacement, not
    replantation; "trans" is no transurethral)."""
    # An everyday English word is no coder's truncation of another word: "ball" (W21.0-
    # Struck by hit or thrown ball) is no balloon, so no Dilation; "strip" is stripping.
    completes = None if lexicon is None else (
        lambda word, key: lexicon.most_started(key) >= lexicon.most_started(word)
        and (word not in english_words() or _inflects(word, key)))
    for slot in parsed.slots:
        have = {alt.tokens for alt in slot.alternatives}
        said = dict.fromkeys(alt.tokens[0] for alt in slot.alternatives if len(alt.tokens) == 1)
        for word in said:
            readings = vocab.procedure_terms(word, completes)
            if readings and _approach_only(word, readings) and _owned(parsed, word) and not (
                    _operated(parsed, slot, vocab, completes)):
                continue  # "hot tea in my lap" is no laparoscopic approach
            for parts in readings:
                add_reading(parsed, slot, have, word, parts, "procedure")
            _own_operation(parsed, slot, {p[0] for p in readings} & ROOT_OPERATIONS)
        for alt in list(slot.alternatives):
            if not ROOT_OPERATIONS.isdisjoint(alt.tokens):  # else it names no operation
                _one_operation(parsed, slot, have, alt.tokens, vocab, completes)


# Words that say an operation was done, though no root operation's: "lap surgery".
_OPERATION_WORDS = frozenset("surgery surgical operation op procedure".split())


def _approach_only(word: str, readings: list[tuple[str, ...]]) -> bool:
    """Does an everyday English word read only as an approach ("lap": Percutaneous
    Endoscopic; "robot")? Said as a thing one has ("my lap"), such a word is an approach
    only beside an operation."""
    return word in english_words() and all(
        t in APPROACH_WORDS for parts in readings for t in parts)


def _owned(parsed: ParsedQuery, word: str) -> bool:
    """Is ``word`` said after a possessive or an article ("my lap", "the lap"), as a thing
    or a part of the body, not a coder's abbreviation ("lap chole", "Lap res transverse")?"""
    said = tokens(parsed.text)
    return any(w == word and i > 0 and (said[i - 1] in POSSESSIVES or said[i - 1] in ARTICLES)
               for i, w in enumerate(said))


def _operated(parsed: ParsedQuery, slot: Slot, vocab: Vocabulary,
              completes: Callable[[str, str], bool] | None) -> bool:
    """Does another word of the query say an operation ("lap chole", "lap appendectomy",
    "robot assisted prostatectomy", "lap surgery")?"""
    for other in parsed.slots:
        if other is slot:
            continue
        for alt in other.alternatives:
            first = alt.tokens[0]
            if first in ROOT_OPERATIONS or first in _OPERATION_WORDS:
                return True
            if len(alt.tokens) == 1 and any(
                    parts[0] in ROOT_OPERATIONS
                    for parts in vocab.procedure_terms(first, completes)):
                return True
    return False


def _inflects(word: str, key: str) -> bool:
    """Is ``key`` ``word`` with an inflection ("strip": stripping, its consonant doubled)?"""
    rest = key[len(word):]
    if rest[:1] == word[-1:]:
        rest = rest[1:]
    return rest in INFLECTIONS


def _own_operation(parsed: ParsedQuery, slot: Slot, ops: set[str]) -> None:
    """A word with rows of its own in ``pcs_operations.tsv`` ("kyphoplasty": Supplement) is
    not read as the other operations its suffix guesses ("-plasty": Repair, Replacement or
    Supplement): its word-part readings of other root operations go."""
    if not ops:
        return
    gone = {alt.tokens for alt in slot.alternatives if alt.kind == "word parts"
            and alt.tokens[0] in ROOT_OPERATIONS and alt.tokens[0] not in ops}
    if gone:
        slot.alternatives = [alt for alt in slot.alternatives if alt.tokens not in gone]
        parsed.expansions = [e for e in parsed.expansions if not (
            e["kind"] == "word parts" and tuple(e["to"].split()) in gone)]


def _one_operation(parsed: ParsedQuery, slot: Slot, have: set[tuple[str, ...]],
                   words: tuple[str, ...], vocab: Vocabulary,
                   completes: Callable[[str, str], bool] | None) -> None:
    """A phrase that names a root operation with words that all mean that same operation
    ("incision and drainage": an incision is a Drainage) reads as the operation alone, the
    way ICD-10-PCS titles say it ("I&D": Drainage)."""
    ops = tuple(dict.fromkeys(w for w in words if w in ROOT_OPERATIONS))
    rest = [w for w in words if w not in ops and w not in STOPWORDS]
    if len(ops) != 1 or not rest or any(
            not any(parts[0] == ops[0] for parts in vocab.procedure_terms(w, completes))
            for w in rest):
        return
    add_reading(parsed, slot, have, " ".join(words), ops, "procedure")


# ICD-10-PCS root operations other than Inspection: a query naming one of them through a scope
# ("colonoscopy with biopsy") is coded as that operation, the scope being its approach.
# A scope named after the organ it enters goes in through a natural opening (colonoscopy,
# cystoscopy, bronchoscopy); those through a puncture (laparoscopy, arthroscopy) are approaches
# of their own in the affix table.
SCOPE = ("natural", "opening", "endoscopic")
ROOT_OPERATIONS = frozenset(
    "alteration bypass change control creation destruction detachment dilation division drainage"
    " excision extirpation extraction fragmentation fusion insertion map occlusion reattachment"
    " release removal repair replacement reposition resection supplement restriction revision"
    " transfer transplantation".split())


# The words of the operations that look (Inspection, Plain Radiography, Fluoroscopy), which a
# scope's word parts say before its organs.
LOOKING = frozenset({"inspection", "plain", "radiography", "fluoroscopy"})


def scope_as_approach(parsed: ParsedQuery, lexicon: Lexicon | None) -> None:
    """A scope word beside another operation also reads as its body part, endoscopic
    ("cystoscopy with biopsy": bladder, endoscopic; excision, diagnostic): an inspection done
    to perform another procedure is not coded apart (PCS guideline B3.11a), so the scope
    says where and how, not what. A scope through several organs says each of them ("EGD with
    biopsy": esophagus, stomach or duodenum); alone, its own index entry says which."""
    if lexicon is None or len(parsed.slots) < 2:
        return
    operating = [any(alt.kind != "original" and alt.tokens[0] in ROOT_OPERATIONS
                     for alt in slot.alternatives) for slot in parsed.slots]
    # A device put in or taken out is an operation too ("bronchoscopy with stent placement").
    if any(alt.kind in DEVICE_READINGS and DEVICE_WORDS.intersection(alt.tokens)
           for slot in parsed.slots for alt in slot.alternatives):
        operating = [op or slot.text.startswith((*PLACING, "remov")) for op, slot
                     in zip(operating, parsed.slots, strict=True)]
    if not any(operating):
        return  # no operation for a scope to be the approach of: most queries
    for i, slot in enumerate(parsed.slots):
        if not any(operating[:i] + operating[i + 1:]):
            continue
        have = {alt.tokens for alt in slot.alternatives}
        for word in dict.fromkeys(alt.tokens[0] for alt in slot.alternatives
                                  if len(alt.tokens) == 1):
            for parts in lexicon.decompose(word, compound=True):
                # a scope through a puncture says its own approach (arthroscopy)
                body = tuple(p for p in parts[1:] if p != SCOPE[-1])
                where = parts[1:] if "percutaneous" in parts else (*body, *SCOPE)
                if parts[0] == "inspection" and len(parts) > 1:
                    add_reading(parsed, slot, have, word, where, "word parts")
        # A scope spelled out ("ERCP": endoscopic retrograde cholangiopancreatography): the
        # organs its picture is taken of are where the scope goes.
        for alt in list(slot.alternatives):
            if SCOPE[-1] not in alt.tokens or len(alt.tokens) < 2:
                continue
            for word in alt.tokens:
                for parts in lexicon.decompose(word, compound=True):
                    body = tuple(p for p in itertools.dropwhile(LOOKING.__contains__, parts)
                                 if p != SCOPE[-1])
                    if body and len(body) < len(parts):
                        add_reading(parsed, slot, have, word, (*body, *SCOPE), "word parts")
        # The inspection itself is not coded beside the operation it serves (B3.11a).
        if any(alt.kind == "word parts" and alt.tokens[-1] == SCOPE[-1]
               and alt.tokens[0] != "inspection" for alt in slot.alternatives):
            drop_kind(parsed, slot, "word parts", "inspection")
            # A scope passes through its organ to where a named device is ("cystoscopy with
            # removal of ureteral stent": the ureter): then it says the approach alone.
            if any(alt.kind == "device" and DEVICE_WORDS.intersection(alt.tokens)
                   for other in parsed.slots if other is not slot
                   for alt in other.alternatives):
                add_reading(parsed, slot, have, slot.text, SCOPE, "word parts")


# A closed reduction moves a bone or a joint back without an incision: by hand, from outside
# (External); with pins or wires through the skin, Percutaneous with the fixation device.
_CLOSED = "closed"
_THROUGH_SKIN, _FROM_OUTSIDE = ("percutaneous",), ("external",)
_NEGATIONS = frozenset({"without", "wo", "no", "not"})


def closed_reduction(parsed: ParsedQuery) -> None:
    """"closed" beside a reduction (Reposition) says the approach of a closed reduction: External
    when no device is said ("closed reduction of nasal fracture"), Percutaneous when one is
    ("closed reduction with percutaneous pinning"; PCS guideline B5.3a: a procedure done by
    manipulation with no cut is External). Elsewhere "closed" keeps both readings ("closed
    biopsy" is by needle)."""
    moved = any(alt.tokens[0] == "reposition" for slot in parsed.slots
                for alt in slot.alternatives)
    if not moved:
        return
    negated = any(slot.text in _NEGATIONS for slot in parsed.slots)
    device = not negated and any(
        alt.kind in DEVICE_READINGS and DEVICE_WORDS.intersection(alt.tokens)
        for slot in parsed.slots for alt in slot.alternatives)
    for slot in parsed.slots:
        if slot.alternatives[0].tokens == (_CLOSED,):
            drop(parsed, slot, (_FROM_OUTSIDE,) if device else (_THROUGH_SKIN,))


# The verbs of an injury, in the past tense, said of what they hurt ("scraped my knee", "cut my
# finger", "the dog bit me", "twisted his ankle"): the injury, not the operation some of them
# also name (a scraping is an Extraction, a cutting a Division). Unless the words say an
# operation was done ("had my mole cut out", "they cut my tonsils out"): ``OPERATED``.
HURT_VERBS = frozenset("""
    scraped grazed cut sliced nicked gashed banged bashed bumped smashed twisted rolled jammed
    stubbed bit bitten stung
    """.split())
# Who or what was hurt, said right after the verb.
HURT_WHOM = POSSESSIVES | frozenset(
    "me him them us myself himself herself themselves ourselves".split())
# Words that say someone operated: who did it, that the person had it done, or what was
# done.
OPERATED = frozenset("""
    had having they surgeon surgeons doctor doctors dr surgery operation op removed
    """.split())


def tells_an_injury(words: list[str]) -> bool:
    """Do the query's ``words`` tell an injury in the past tense (``HURT_VERBS`` said of whom
    or what it hurt, no word of ``OPERATED``)? Then the verb is not read as an operation."""
    return OPERATED.isdisjoint(words) and any(
        word in HURT_VERBS and words[i + 1] in HURT_WHOM for i, word in enumerate(words[:-1]))


# The people who bite ("another kid bit him", "bitten by a classmate"): W50.3 Accidental bite
# by another person, the way "dog bit" is W54.0.
BITERS = PEOPLE | frozenset(
    "cousin classmate classmates person someone somebody man woman student patient".split())
_BY_PERSON = ("bite", "another", "person")
# Where the biter was, said between it and its verb ("a boy at school bit my son").
_WHERE = frozenset({"at", "in", "from", "on"})
_BITTEN = frozenset({"bitten", "bit"})
_ONE_OF = frozenset({"a", "an", "the", "another", "other", "some", "my", "his", "her", "their",
                     "our", "one"})


def _bitten_by_a_person(words: list[str], i: int) -> bool:
    """Is the bite ``words[i]`` ("bit", "bitten") a person's: one of ``BITERS`` said as who bit
    (just before "bit", past where it was) or after "bitten by"?"""
    j = i - 1
    while j >= 2 and words[j - 1] in _WHERE:
        j -= 2
    if j >= 0 and words[j] in BITERS:
        return True
    after = [w for w in words[i + 1:i + 4] if w not in _ONE_OF]
    return words[i + 1:i + 2] == ["by"] and after[1:2] != [] and after[1] in BITERS


def hurt_not_operated(parsed: ParsedQuery, raw: list[str]) -> None:
    """An injury told in the past tense (``tells_an_injury``: "scraped my knee") keeps no
    procedure reading of its verb ("scraped": Extraction); a bite a person gave reads as
    theirs (``BITERS``)."""
    told = tells_an_injury(raw)
    for slot in parsed.slots:
        if slot.text not in HURT_VERBS:
            continue
        gone = tuple(alt.tokens for alt in slot.alternatives if alt.kind == "procedure")
        if told and gone:
            drop(parsed, slot, gone)
        if slot.text in _BITTEN and any(
                w == slot.text and _bitten_by_a_person(raw, i) for i, w in enumerate(raw)):
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        _BY_PERSON, "lay")


# A camera or a scope as the lay terms read it (endoscopic), and the operation of looking.
_ENDOSCOPIC = ("endoscopic",)
_LOOKING = ("inspection", "endoscopic")


def camera_alone(parsed: ParsedQuery) -> None:
    """A camera with no other operation said is an Inspection, endoscopic ("camera into the
    knee": arthroscopy), as a scope's own word is ("cystoscopy": Inspection of Bladder, via
    natural opening endoscopic); beside an operation it stays that operation's approach
    (``scope_as_approach``)."""
    cameras = [alt for slot in parsed.slots for alt in slot.alternatives
               if alt.kind == "lay" and alt.tokens == _ENDOSCOPIC]
    # A camera's own word may say where it looks too ("endoscopy": the upper tract): that
    # look is the same Inspection, not another operation.
    if not cameras or any(alt.tokens[0] in ROOT_OPERATIONS or (
            alt.tokens[0] == _LOOKING[0] and not (alt.kind == "lay" and _ENDOSCOPIC[0] in
                                                  alt.tokens and any(c in slot.alternatives
                                                                     for c in cameras)))
                          for slot in parsed.slots for alt in slot.alternatives
                          if alt.kind != "original" or len(slot.alternatives) > 1):
        return
    for alt in cameras:
        alt.tokens = _LOOKING
    for e in parsed.expansions:
        if e["kind"] == "lay" and e["to"] == _ENDOSCOPIC[0]:
            e["to"] = " ".join(_LOOKING)
    # Where the camera goes is said by the part, not the way ("camera down into my lungs",
    # "camera inside the womb"): the direction is no word of a title ("down": Down syndrome).
    ways = [slot for slot in parsed.slots
            if slot.text in _WAYS_IN and len(slot.alternatives) == 1]
    if not ways or len(ways) == len(parsed.slots):
        return
    parsed.slots = [slot for slot in parsed.slots if not any(slot is w for w in ways)]
    # Down the throat or up from below, a camera goes in by a natural opening (a bronchoscopy,
    # a cystoscopy), not through a puncture.
    if any(w.text in _NATURAL_WAYS for w in ways):
        for alt in cameras:
            alt.tokens = (*_LOOKING, *SCOPE[:2])


# The ways a camera goes in, said before the part it looks at.
_WAYS_IN = frozenset({"down", "up", "into", "inside", "through", "in"})
_NATURAL_WAYS = frozenset({"down", "up"})


# Keyhole surgery as the lay terms read it (the approach of a laparoscope or an arthroscope).
_KEYHOLE = ("percutaneous", "endoscopic")
_LOOKING_IN = ("inspection", "percutaneous", "endoscopic")


def keyhole_alone(parsed: ParsedQuery, vocab: Vocabulary) -> None:
    """Keyhole surgery said of a joint or a body cavity with no operation said ("knee keyhole
    surgery", "keyhole surgery on my shoulder") is the look inside through a puncture, an
    arthroscopy or a laparoscopy: Inspection, Percutaneous Endoscopic, as ``camera_alone``
    reads a camera. ``in_a_cavity`` then reads the knee as the knee joint. Beside an operation
    ("keyhole surgery to take out my gallbladder"), or of an organ ("keyhole gallbladder
    surgery"), it stays the approach."""
    keyholes = [alt for slot in parsed.slots for alt in slot.alternatives
                if alt.kind in ("lay", "procedure") and alt.tokens == _KEYHOLE]
    if not keyholes or not vocab.cavities or any(
            alt.tokens[0] in ROOT_OPERATIONS or alt.tokens[0] == _LOOKING[0]
            for slot in parsed.slots for alt in slot.alternatives
            if alt.kind != "original" or len(slot.alternatives) > 1):
        return
    # Only the keyhole, the part and words of an operation done ("op", "surgery"): a word of
    # what is done there ("keyhole op on my knee to trim the cartilage") is more than a look.
    cavities = [slot for slot in parsed.slots if any(
        tuple(map(stem, alt.tokens)) in vocab.cavities for alt in slot.alternatives)]
    if not cavities or any(
            slot.text not in _OPERATION_WORDS and not any(slot is c for c in cavities)
            and not any(alt in keyholes for alt in slot.alternatives)
            for slot in parsed.slots):
        return
    for alt in keyholes:
        alt.tokens = _LOOKING_IN
    for e in parsed.expansions:
        if e["to"] == " ".join(_KEYHOLE):
            e["to"] = " ".join(_LOOKING_IN)
