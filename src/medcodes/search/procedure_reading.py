"""Procedure words read as ICD-10-PCS says them: root operations and approaches from
``pcs_operations.tsv``, a scope beside another operation as its approach, what a named device
implies, and a joint beside a fracture as its bones. Each adds readings to a parsed query's
slots (``parsed.add_reading``); ``query`` calls them after its word readings.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

from medcodes.search.administration import ADMINISTRATION
from medcodes.search.approach import APPROACH_WORDS
from medcodes.search.everyday import ARTICLES, PEOPLE, POSSESSIVES
from medcodes.search.parsed import Alternative, Lexicon, ParsedQuery, Slot, add_reading
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
    if any(alt.kind in _DEVICE_READINGS and DEVICE_WORDS.intersection(alt.tokens)
           for slot in parsed.slots for alt in slot.alternatives):
        operating = [op or slot.text.startswith((*_PLACING, "remov")) for op, slot
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
            _drop_kind(parsed, slot, "word parts", "inspection")
            # A scope passes through its organ to where a named device is ("cystoscopy with
            # removal of ureteral stent": the ureter): then it says the approach alone.
            if any(alt.kind == "device" and DEVICE_WORDS.intersection(alt.tokens)
                   for other in parsed.slots if other is not slot
                   for alt in other.alternatives):
                add_reading(parsed, slot, have, slot.text, SCOPE, "word parts")


# The words of an ICD-10-PCS device ("synthetic substitute", "intraluminal device",
# "neurostimulator") as pcs_operations.tsv and pcs_devices.tsv say them.
DEVICE_WORDS = frozenset({"substitute", "device", "neurostimulator", "airway", "pessary"})
# Where a device reading comes from: pcs_operations.tsv, pcs_devices.tsv, or the lay terms
# ("stent": intraluminal device).
_DEVICE_READINGS = ("procedure", "device", "lay")
_BODY_REMOVAL = (("resection",), ("extirpation",))  # "removal" of a body part or of matter
# Other words for taking a device out ("lead extraction", "implant explant", "retrieval of an IVC
# filter"): PCS Extraction and Extirpation are of a body part and of matter, a device comes out
# by Removal.
_TAKING_OUT_A_DEVICE = ("extract", "explant", "retriev", "pull")
# A device by its own name (pcs_devices.tsv: a PEG tube, a pacemaker) renewed ("replacement of
# PEG tube", "ureteral stent exchange"): PCS Replacement is of a body part; a device is
# changed, or taken out and put in.
_RENEWING = ("replac", "exchang")
_RENEWED = (("change",), ("removal",), ("insertion",))
# Putting a device in ("insertion of a chest tube", "Foley placement", "stent placed"): ICD-10-PCS
# codes it as Insertion when the device is the point, else as the operation it serves, with the
# device (Drainage of Bladder with Drainage Device; Dilation of Ureter with Intraluminal Device).
_PLACING = ("insert", "placement", "placing", "placed", "place")
_LEAVING_A_DEVICE = (("insertion",), ("drainage",), ("dilation",))
# The everyday words for it ("stent fitted", "stent put in"), which pcs_operations.tsv and the
# lay terms read as Insertion, say the same.
_INSERTION = ("insertion",)
_PUT_IN = ("procedure", "lay")
# A Dilation leaves the device that holds a lumen open: a stent. A filter, a coil or a
# catheter in a vessel is an Intraluminal or Infusion Device too, but widens nothing: placing
# one is an Insertion ("IVC filter placement": 06H03DZ, not Dilation of Inferior Vena Cava).
_WIDENING = ("stent",)


# What is left in to drain: a catheter or a tube said beside a drainage ("pigtail catheter
# drainage", "tube drainage of empyema"); not a body part named a tube.
_LEFT_TO_DRAIN = frozenset({"catheter", "catheters", "tube", "tubes"})
_NAMED_TUBES = frozenset({"fallopian", "eustachian", "uterine", "auditory", "neural"})
_DRAINAGE_DEVICE = ("drainage", "device")


def left_to_drain(parsed: ParsedQuery) -> None:
    """A catheter or a tube beside a drainage is its Drainage Device: the drainage leaves it
    in (PCS codes a drain left in place with device value 0, and one taken out at once
    without). "drainage" alone says no device: the plain drainage leads."""
    if not any(alt.tokens[0] == _DRAINAGE_DEVICE[0] for slot in parsed.slots
               for alt in slot.alternatives):
        return
    named = {i for i, slot in enumerate(parsed.slots) if slot.text in _NAMED_TUBES}
    for i, slot in enumerate(parsed.slots):
        if slot.text in _LEFT_TO_DRAIN and not named & {i - 1, i + 1} and not any(
                DEVICE_WORDS.intersection(alt.tokens) for alt in slot.alternatives):
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        _DRAINAGE_DEVICE, "device")


# Solid matter in a body part (PCS Extirpation: "taking or cutting out solid matter") and the
# words that take it out.
_MATTER = frozenset({"stone", "stones", "calculus", "calculi", "clot", "clots", "thrombus",
                     "bezoar", "wax", "cerumen"})
_TAKING_OUT = ("remov", "extract", "retriev", "evacuat", "extirpation", "take", "taking",
               "took", "grabb", "suck")  # "stone taken out", "clot sucked out", "grabbed"
_EXTIRPATION = ("extirpation", "matter")


def matter_taken_out(parsed: ParsedQuery) -> None:
    """A stone, a clot or a bezoar taken out is an Extirpation of matter ("ERCP with stone
    extraction", "removal of bladder stone"), not the Extraction or Resection the verb alone
    reads as: ICD-10-PCS titles say "Extirpation of Matter from ..."."""
    if not any(alt.tokens[0].startswith(_TAKING_OUT) for slot in parsed.slots
               for alt in slot.alternatives):
        return
    for slot in parsed.slots:
        have = {alt.tokens for alt in slot.alternatives}
        for alt in list(slot.alternatives):
            if not _MATTER.isdisjoint(alt.tokens):  # "bladder stone": calculus bladder
                where = tuple(t for t in alt.tokens if t not in _MATTER)
                add_reading(parsed, slot, have, " ".join(alt.tokens), (*_EXTIRPATION, *where),
                            "procedure")


def with_device(parsed: ParsedQuery) -> None:
    """A procedure that names a device: PCS Repair never takes one (its device value is
    always No Device), so "repair" with a mesh or graft also reads as Supplement ("hernia
    repair with mesh"); "removal" of a device is the PCS Removal it says, not the
    Resection or Extirpation it means of a body part ("removal of breast implant"), and so
    is its extraction or explant; a named device replaced is changed, or taken out and put
    in ("replacement of PEG tube"); and
    putting one in is any operation that leaves a device ("chest tube insertion": Drainage
    of Pleural Cavity with Drainage Device), a Dilation only when a stent is said."""
    device = [any(alt.kind in _DEVICE_READINGS and DEVICE_WORDS.intersection(alt.tokens)
                  for alt in slot.alternatives) for slot in parsed.slots]
    if all(device) or not any(device):
        return  # no slot beside a device (``_beside``): most queries
    widening = any(t.startswith(_WIDENING) for slot in parsed.slots
                   for alt in slot.alternatives for t in alt.tokens)
    named_device = any(alt.kind == "device" and DEVICE_WORDS.intersection(alt.tokens)
                       for slot in parsed.slots for alt in slot.alternatives)
    for slot, said in _beside(parsed, device):
        for alt in list(slot.alternatives):
            if "repair" in alt.tokens:
                words = tuple("supplement" if t == "repair" else t for t in alt.tokens)
                add_reading(parsed, slot, said, " ".join(alt.tokens), words, "procedure")
        if slot.text.startswith(_TAKING_OUT_A_DEVICE):
            add_reading(parsed, slot, said, slot.text, ("removal",), "procedure")
            _drop(parsed, slot, (("extraction",),))
        if any(alt.tokens[0].startswith("remov") for alt in slot.alternatives):
            _drop(parsed, slot, _BODY_REMOVAL)
            _coming_out(parsed)
        if slot.text.startswith(_RENEWING) and named_device:
            for words in _RENEWED:
                add_reading(parsed, slot, said, slot.text, words, "procedure")
        if (len(slot.alternatives[0].tokens) == 1 and slot.alternatives[0].tokens[0].startswith(
                _PLACING)) or any(alt.tokens == _INSERTION and alt.kind in _PUT_IN
                                  for alt in slot.alternatives[1:]):
            for words in _LEAVING_A_DEVICE:
                if words[0] != "dilation" or widening:
                    add_reading(parsed, slot, said, slot.text, words, "procedure")


# Taking a device out, changing it or revising it: the tables that name the combined parts.
_DEVICE_TABLE_WORDS = ("remov", "chang", "exchang", "revis")


def device_table_parts(parsed: ParsedQuery, vocab: Vocabulary) -> None:
    """A body part beside a device taken out, changed or revised also reads as the part of the
    device tables it is in (``pcs_device_parts.tsv``: "removal of colonic stent" is a Removal
    from the Lower Intestinal Tract, an IVC filter comes out of a Lower Vein): those tables
    name a lumen or a vessel as a whole, never the segment a person names. Beside those words
    a stoma ("-ostomy") is not read as a drain."""
    said = [alt for slot in parsed.slots for alt in slot.alternatives]
    if not any(alt.tokens[0].startswith(_DEVICE_TABLE_WORDS) for alt in said):
        return
    # A stoma revised or taken down is the stoma, not the tube a new one may drain by
    # ("laryngostomy revision"; "-ostomy" reads Drainage Device in pcs_word_parts.tsv).
    for slot in parsed.slots:
        slot.alternatives = [alt for alt in slot.alternatives if alt.kind != "word parts"
                             or DEVICE_WORDS.isdisjoint(alt.tokens)]
    parsed.expansions = [e for e in parsed.expansions if e["kind"] != "word parts"
                         or DEVICE_WORDS.isdisjoint(e["to"].split())]
    if not vocab.device_parts or not any(
            alt.kind in _DEVICE_READINGS and DEVICE_WORDS.intersection(alt.tokens)
            for alt in said):
        return
    parts = {tuple(map(stem, part)): whole for part, whole in vocab.device_parts.items()}
    for slot in parsed.slots:
        have = {alt.tokens for alt in slot.alternatives}
        for alt in list(slot.alternatives):
            stems = tuple(map(stem, alt.tokens))
            for part, whole in parts.items():
                for i in range(len(stems) - len(part) + 1):
                    if stems[i:i + len(part)] == part:
                        words = (*alt.tokens[:i], *whole, *alt.tokens[i + len(part):])
                        add_reading(parsed, slot, have, " ".join(alt.tokens), words,
                                    "body part")


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
        alt.kind in _DEVICE_READINGS and DEVICE_WORDS.intersection(alt.tokens)
        for slot in parsed.slots for alt in slot.alternatives)
    for slot in parsed.slots:
        if slot.alternatives[0].tokens == (_CLOSED,):
            _drop(parsed, slot, (_FROM_OUTSIDE,) if device else (_THROUGH_SKIN,))


# The verbs of an injury, in the past tense, said of what they hurt ("scraped my knee", "cut my
# finger", "the dog bit me", "twisted his ankle"): the injury, not the operation some of them
# also name (a scraping is an Extraction, a cutting a Division). Unless the words say an
# operation was done ("had my mole cut out", "they cut my tonsils out"): ``_OPERATED``.
HURT_VERBS = frozenset("""
    scraped grazed cut sliced nicked gashed banged bashed bumped smashed twisted rolled jammed
    stubbed bit bitten stung
    """.split())
# Who or what was hurt, said right after the verb.
HURT_WHOM = POSSESSIVES | frozenset(
    "me him them us myself himself herself themselves ourselves".split())
# Words that say someone operated: who did it, that the person had it done, or what was
# done.
_OPERATED = frozenset("""
    had having they surgeon surgeons doctor doctors dr surgery operation op removed
    """.split())


def tells_an_injury(words: list[str]) -> bool:
    """Do the query's ``words`` tell an injury in the past tense (``HURT_VERBS`` said of whom
    or what it hurt, no word of ``_OPERATED``)? Then the verb is not read as an operation."""
    return _OPERATED.isdisjoint(words) and any(
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
            _drop(parsed, slot, gone)
        if slot.text in _BITTEN and any(
                w == slot.text and _bitten_by_a_person(raw, i) for i, w in enumerate(raw)):
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        _BY_PERSON, "lay")


def _drop_kind(parsed: ParsedQuery, slot: Slot, kind: str, head: str) -> None:
    """Take the ``kind`` readings of ``slot`` that begin with ``head`` off it and the query's
    expansions."""
    gone = {alt.tokens for alt in slot.alternatives if alt.kind == kind and alt.tokens[0] == head}
    slot.alternatives = [alt for alt in slot.alternatives if alt.tokens not in gone]
    parsed.expansions = [e for e in parsed.expansions
                         if not (e["kind"] == kind and tuple(e["to"].split()) in gone)]


def _drop(parsed: ParsedQuery, slot: Slot, readings: tuple[tuple[str, ...], ...]) -> None:
    """Take the procedure ``readings`` off ``slot`` and the query's expansions."""
    slot.alternatives = [alt for alt in slot.alternatives
                         if alt.kind != "procedure" or alt.tokens not in readings]
    parsed.expansions = [e for e in parsed.expansions if not (
        e["kind"] == "procedure" and tuple(e["to"].split()) in readings)]


def _coming_out(parsed: ParsedQuery) -> None:
    """A device taken out is read without the approach its name says it went in by (a PEG
    tube is put in through the skin and pulled out): ``approach.rank`` then orders its
    removal codes."""
    for slot in parsed.slots:
        for alt in slot.alternatives:
            if alt.kind == "device" and not APPROACH_WORDS.isdisjoint(alt.tokens):
                alt.tokens = tuple(t for t in alt.tokens if t not in APPROACH_WORDS)


_AROUND = "peri"
_AROUND_REST = 4  # "perianal": "anal"; not "peritoneal" ("toneal" is no word)


def around_a_part(parsed: ParsedQuery, vocab: Vocabulary) -> None:
    """A "peri-" word of a body part ("perianal", "peritonsillar", "perirectal") also reads as
    the part: ICD-10-PCS drains an abscess there from the part's own row (Drainage of Anus,
    of Tonsils), having no word for around it. Only when the rest is a body-part word of
    ``body_parts.tsv`` ("pericardial" is the pericardium, a part of its own)."""
    for slot in parsed.slots:
        word = slot.alternatives[0].tokens[0]
        rest = word[len(_AROUND):]
        if (len(slot.alternatives[0].tokens) == 1 and word.startswith(_AROUND)
                and len(rest) >= _AROUND_REST and vocab.body_parts.get(stem(rest))):
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, word,
                        (rest,), "body part")


def joint_as_bone(parsed: ParsedQuery, vocab: Vocabulary) -> None:
    """A joint word beside a fracture or a reduction also reads as the bones broken there
    (``pcs_joint_bones.tsv``: "ORIF hip" is of the upper femur, "ankle fracture" of the tibia
    or fibula): a fracture is of a bone, and people name it by the joint; so is a broken joint
    said as one phrase beside its reduction ("closed reduction of broken wrist"). Not beside a dislocation,
    which is reduced at the joint itself."""
    words = [alt.tokens for slot in parsed.slots for alt in slot.alternatives]
    if not vocab.joint_bones or any(t.startswith(("dislocat", "luxat", "subluxat"))
                                    for ts in words for t in ts):
        return
    if not any(t.startswith("fractur") or t == "reposition" for ts in words for t in ts):
        return  # most queries: no fracture nor reduction for a joint to be beside
    fracture = [any(t.startswith("fractur") or t == "reposition" for alt in slot.alternatives
                    for t in alt.tokens) for slot in parsed.slots]
    for slot, have in _beside(parsed, fracture):
        for word in dict.fromkeys(alt.tokens[0] for alt in slot.alternatives
                                  if len(alt.tokens) == 1):
            for bone in vocab.joint_bones.get(stem(word), vocab.joint_bones.get(word, ())):
                add_reading(parsed, slot, have, word, bone, "body part")
    # A broken joint said as one phrase and reduced ("reduction of a broken wrist"): the
    # phrase is the bones.
    moved = [any(alt.tokens == ("reposition",) for alt in slot.alternatives)
             for slot in parsed.slots]
    for slot, have in _beside(parsed, moved):
        said = slot.alternatives[0].tokens
        if len(said) > 1 and any(t.startswith("fractur") for alt in slot.alternatives
                                 for t in alt.tokens):
            for word in said:
                for bone in vocab.joint_bones.get(stem(word), vocab.joint_bones.get(word, ())):
                    add_reading(parsed, slot, have, word, bone, "body part")


def _beside(parsed: ParsedQuery, marked: list[bool]
            ) -> Iterator[tuple[Slot, set[tuple[str, ...]]]]:
    """The slots beside the marked ones (none when no slot is marked), each with its readings
    so far."""
    if not any(marked):
        return
    for slot, mark in zip(parsed.slots, marked, strict=True):
        if not mark:
            yield slot, {alt.tokens for alt in slot.alternatives}


# How much of a body part is taken out: ICD-10-PCS Resection is "all of a body part", Excision
# "a portion of a body part". People say which with these words ("removing part of the bowel",
# "taking out the whole lung"); the titles never say them.
_PART = frozenset({"part", "parts", "piece", "pieces", "bit", "portion", "partial", "partially"})
_WHOLE = frozenset({"whole", "entire", "entirely", "all", "complete", "completely"})
_TAKEN_OUT = (("resection",), ("excision",))
# A growth cut out of a body part takes a portion of it: an Excision of the part ("cutting out
# fibroids from the womb", "removing a lump from the breast", "polyp removal").
GROWTHS = frozenset({"cyst", "cysts", "fibroid", "fibroids", "lump", "lumps", "polyp", "polyps",
                      "tumor", "tumors", "tumour", "tumours", "growth", "growths", "lesion",
                      "lesions", "mass", "masses", "nodule", "nodules", "mole", "moles", "wart",
                      "warts", "verruca", "nevus", "naevus", "chalazion", "stye", "styes"})
# Cutting off is a Detachment only of an extremity ("Detachment: cutting off all or a portion of
# the upper or lower extremities"); a growth cut off is cut out of the part it grows on.
_CUT_OFF = ("detachment",)
_CUT_OUT = ("excision",)


def how_much(parsed: ParsedQuery) -> None:
    """Beside a word read as both Resection and Excision ("removing", "taking out"), "part of"
    or a growth taken out keeps the Excision and "the whole" the Resection; the word saying how
    much is then read (it is no word of a title to match). A growth is tissue, not the matter
    an Extirpation takes out, and one cut off is cut out (an Excision), not the Detachment of
    a limb."""
    part = [slot for slot in parsed.slots if slot.text in _PART]
    whole = [slot for slot in parsed.slots if slot.text in _WHOLE]
    half = [slot for slot in parsed.slots if slot.text in _HALF]
    if half and not whole and not _half_a_lobed_organ(parsed, half):
        part += half  # "half my kidney removed": a portion, an Excision
    growth = any(not GROWTHS.isdisjoint(alt.tokens) for slot in parsed.slots
                 for alt in slot.alternatives[:1])
    if growth and not whole:
        for slot in parsed.slots:
            readings = {alt.tokens for alt in slot.alternatives if alt.kind in ("lay", "procedure")}
            if _CUT_OFF in readings:  # "had a mole cut off my back"
                _drop_readings(parsed, slot, _CUT_OFF)
                add_reading(parsed, slot, readings, slot.text, _CUT_OUT, "lay")
            if all(r in readings for r in _TAKEN_OUT):
                _drop_readings(parsed, slot, _TAKEN_OUT[0])
                _drop_readings(parsed, slot, _EXTIRPATION[:1])  # tissue, not matter
        parsed.slots = [s for s in parsed.slots if s not in part]
        return
    if bool(part) == bool(whole):
        return
    for slot in parsed.slots:
        readings = {alt.tokens for alt in slot.alternatives if alt.kind in ("lay", "procedure")}
        if all(r in readings for r in _TAKEN_OUT):
            _drop_readings(parsed, slot, _TAKEN_OUT[0] if part else _TAKEN_OUT[1])
            if part:  # a portion of the organ is tissue, not matter ("part of my thyroid")
                _drop_readings(parsed, slot, _EXTIRPATION[:1])
            parsed.slots = [s for s in parsed.slots if s not in (part or whole)]
            return


# Half of an organ ICD-10-PCS divides into lobes is one lobe of it ("half my thyroid taken out"
# is a hemithyroidectomy: Resection of a Thyroid Gland Lobe; "half my liver" the Resection of
# its Right or Left Lobe); half of another a portion (Excision: "half my kidney removed" is a
# partial nephrectomy).
_HALF = frozenset({"half", "halves"})
_LOBED = {stem(organ): (organ, "lobe") for organ in ("thyroid", "liver", "lung")}


def _half_a_lobed_organ(parsed: ParsedQuery, half: list[Slot]) -> bool:
    """Beside a word read as both Resection and Excision, half of a lobed organ reads as its
    lobe, in place of the whole organ's other readings; "half" then goes. Done?"""
    slots = parsed.slots
    if not any(all(r in {alt.tokens for alt in s.alternatives} for r in _TAKEN_OUT)
               for s in slots):
        return False  # "half my face is numb"
    organs = [s for s in slots if s.alternatives[0].tokens
              and stem(s.alternatives[0].tokens[-1]) in _LOBED]
    if not organs:
        return False
    for slot in organs:
        lobe = _LOBED[stem(slot.alternatives[0].tokens[-1])]
        gone = {alt.tokens for alt in slot.alternatives[1:] if alt.kind == "body part"}
        slot.alternatives = [Alternative(lobe, "original")] + [
            alt for alt in slot.alternatives[1:] if alt.tokens not in gone]
        parsed.expansions = [e for e in parsed.expansions if not (
            e["kind"] == "body part" and e["from"] == slot.text)]
        parsed.expansions.append({"from": slot.text, "to": " ".join(lobe), "kind": "body part"})
    parsed.slots = [s for s in slots if s not in half]
    return True


def _drop_readings(parsed: ParsedQuery, slot: Slot, words: tuple[str, ...]) -> None:
    """Take the lay or procedure readings ``words`` off ``slot`` and the query's expansions."""
    slot.alternatives = [alt for alt in slot.alternatives
                         if alt.kind not in ("lay", "procedure") or alt.tokens != words]
    parsed.expansions = [e for e in parsed.expansions if not (
        e["kind"] in ("lay", "procedure") and e["from"] == slot.text
        and tuple(e["to"].split()) == words)]


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
                alt.kind == "device" and alt.tokens == _DRAINAGE_DEVICE)]
            parsed.expansions = [e for e in parsed.expansions if not (
                e["kind"] == "device" and e["from"] == slot.text)]
    if len(parsed.slots) < 3 or not any(
            alt.kind != "original" and alt.tokens[0] == _DRAINAGE_DEVICE[0]
            and alt.tokens[1:2] != _DRAINAGE_DEVICE[1:] for slot in parsed.slots
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
_MENDING = frozenset({"fix", "fixed", "fixes", "fixing", "corrected", "correcting"})
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
# "tongue", "breast", an obstetric laceration of the perineum) it keeps its own reading.
_TORN = frozenset({"laceration", "lacerations", "gash", "gashes"})
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


# What an operation is for, said after it ("port placed for chemo", "stent in my ureter for a
# kidney stone", "nerve block for pain"): the reason, not what is done or where. ICD-10-PCS
# titles say the operation, the body part and the device, never the condition or the treatment
# it serves; searched, the reason's words find its diagnosis codes and other procedures (the
# chemotherapy's Introduction of Antineoplastic) ahead of the operation asked for.
_LAY_OPERATIONS = ("lay", "procedure", "word parts", "abbreviation")


# A look through a scope is done for a reason too ("cystoscopy for blood in urine").
_DONE_FOR = ROOT_OPERATIONS | {"inspection"}


def _an_operation(slot: Slot) -> bool:
    """Does a reading of the slot say a root operation or an Inspection (or a procedure act
    as typed)?"""
    return any(alt.tokens and ((alt.tokens[0] in _DONE_FOR
                                and (alt.kind in _LAY_OPERATIONS or alt.kind == "original"))
                               or alt.kind == ADMINISTRATION)
               for alt in slot.alternatives)


an_operation = _an_operation  # (``guidance``: the procedure the imaging guides)


def _a_device(slot: Slot) -> bool:
    return any(alt.kind in _DEVICE_READINGS and not DEVICE_WORDS.isdisjoint(alt.tokens)
               for alt in slot.alternatives)


a_device = _a_device  # (``reason_sites``: what is done, and where)


def _a_part(slot: Slot) -> bool:
    """Does the slot say where: a body part, an operation's lay reading that names what it
    is done to ("hip replacement": replacement of hip joint), or where a substance is given
    ("injection in my eye": Eye)?"""
    # (an abbreviation too: "D&C" is the extraction of endometrium)
    return any(alt.kind in ("body part", ADMINISTRATION) or (
        alt.kind in ("lay", "abbreviation") and len(alt.tokens) > 1
        and alt.tokens[0] in _DONE_FOR)
               for alt in slot.alternatives)


def _names_a_part(slot: Slot, vocab: Vocabulary) -> bool:
    """Does a word of the slot, or of a reading of it, name a body part (``body_parts.tsv``:
    "aortic aneurysm" says the aorta, "kidney stone" the kidney)?"""
    words = {*slot.text.lower().split(), *(t for alt in slot.alternatives for t in alt.tokens)}
    return any(w in vocab.body_parts and w not in _SUBSTANCES for w in words)


a_part, names_a_part = _a_part, _names_a_part  # (``reason_sites``)


# What the body makes, which a reason says where it is seen, not where the operation is done
# ("cystoscopy for blood in urine", "colonoscopy for blood in stool").
_SUBSTANCES = frozenset({"blood", "urine", "urinary", "stool", "stools", "feces", "fecal",
                         "bile", "biliary", "pus"})


def what_it_is_for(parsed: ParsedQuery, behind: list[Slot], vocab: Vocabulary) -> None:
    """The slots said after "for" (``behind``) go when the words before it already say an
    operation or a device and the body part it is done to, and the reason names no
    operation, device or body part of its own ("craniotomy for evacuation of subdural
    hematoma" keeps what it evacuates; "stent graft for my aortic aneurysm", which names no
    part before, keeps the aorta; "biopsy for breast cancer" the breast)."""
    from medcodes.search.openings import opened  # it reads this module

    after = [s for s in parsed.slots if any(s is b for b in behind)]
    ahead = [s for s in parsed.slots if not any(s is b for b in behind)]
    if opened(ahead):
        return  # "craniotomy for a subdural haematoma": the way in, for what is done inside
    if not after or not ahead or any(
            _an_operation(s) or _a_device(s) or _a_part(s) or _names_a_part(s, vocab)
            for s in after):
        return
    if not any(_an_operation(s) or _a_device(s) for s in ahead) or not any(
            _a_part(s) for s in ahead):
        return
    gone = {s.text for s in after}
    parsed.slots = ahead
    parsed.reason_dropped = True
    parsed.expansions = [e for e in parsed.expansions if e["from"] not in gone]
