"""How an injury happened, as people tell it, read as the titles say it: a blow another
person gave is an assault (or a partner's or a parent's abuse), a fall off a thing is the fall
title's word for that thing, a thing that fell on someone struck them, a tick on a part bit
it, a part shut in a door was caught there, and a part the injury titles name otherwise is their words.

People say who did it, not what ICD-10-CM calls it: "my husband hit me", "got punched in the
face at a bar", "hit by my partner" are T74.11 Adult physical abuse and Y04.0 Assault by
unarmed brawl or fight, yet none says "assault"; read as its words, "hit" led with W21.00
Struck by hit or thrown ball. "Rolled off the top bunk", "fell off the couch" are W06 Fall from
bed and W08 Fall from other furniture, yet no title says bunk or couch: "fell off" alone led
with W18.1 Fall from or off toilet. "Scraped my chin" is S00.81 Abrasion of other part of head;
no title says chin."""

from __future__ import annotations

from functools import cache

from medcodes.search.composed import injury_sites
from medcodes.search.everyday import POSSESSIVES
from medcodes.search.incidental import INJURY_CUES, body_words
from medcodes.search.parsed import Alternative, ParsedQuery, Slot, add_reading
from medcodes.search.procedure_reading import BITERS, HURT_WHOM, ROOT_OPERATIONS
from medcodes.search.text import STOPWORDS, stem, tokens
from medcodes.search.vocab import read_columns

# The blows one person gives another, in the forms people tell them in.
STRIKES = frozenset("""
    hit hits hitting punched punch punches punching slapped slap slaps slapping kicked kicks
    kicking beat beats beating beaten smacked smacks shoved shoves pushed pushes choked chokes
    choking strangled strangles throttled attacked attacks headbutted
    """.split())
# Blows no thing or animal gives: "got punched", "was beaten up", "beat up" say a person did it
# even when the query does not say who ("got hit" may be by a ball, "got kicked" by a horse).
PERSON_BLOWS = frozenset("punched slapped beaten beat strangled throttled headbutted".split())
# Who strikes: the people who bite and a few more. A baby or a toddler who hits or kicks
# does not assault anyone ("my baby kicks a lot" is the fetus moving).
STRIKERS = (BITERS | frozenset("ex stranger strangers guy guys bully bullies neighbor neighbour"
                               " coworker boss".split())) - frozenset(
    "baby babies toddler toddlers".split())
# Said before a blow the person took: "got punched", "was beaten up".
_TOOK = frozenset({"got", "get", "gets", "getting", "was", "were", "been", "being"})
# Whom a blow struck: the speaker or a person ("hit me", "kicked my son"); "hit his head" is a
# bump, not an assault.
_STRUCK = frozenset("me him us them".split())
# "Her" is whom a blow struck when a clause word or nothing follows ("hit her in the face"),
# not when a part does ("hit her head").
_AFTER_HER = frozenset("in on with down and at across again so until when while into against"
                       " up".split())
_ONE_OF = frozenset({"a", "an", "the", "some", "another", "other", "one"}) | POSSESSIVES
# Where the striker was, said between it and its verb ("a guy at the bar punched me").
_WHERE = frozenset({"at", "in", "from", "on"})
# A blow with the body, as the assault titles say it (the index's "Assault, fight (hand)
# (fists) (foot) (unarmed)" is Y04.0 Assault by unarmed brawl or fight): "assault" alone led
# with X96.9 Assault by unspecified explosive.
_ASSAULT = (("assault", "unarmed", "fight"),)
# A blow that stops the breath, or a push from a height, as the assault titles say it.
_BREATH = frozenset("choked chokes choking strangled strangles throttled".split())
_HOW = {**dict.fromkeys(_BREATH, (("asphyxiation", "assault"),)),
        **dict.fromkeys(("pushed", "pushes", "shoved", "shoves"), (("assault", "pushing"),))}


def _struck_a_person(words: list[str], i: int) -> bool:
    """Is the blow ``words[i]`` said of a person: "me", "him", ..., or a person's word after a
    possessive or an article ("kicked my son", "hit the kid")?"""
    after = words[i + 1:i + 3]
    if after[:1] and after[0] in _STRUCK:
        return True
    if after[:1] == ["her"]:
        return after[1:] == [] or after[1] in _AFTER_HER
    return len(after) == 2 and after[0] in _ONE_OF and after[1] in STRIKERS


def _by_whom(words: list[str], i: int) -> str | None:
    """After the blow ``words[i]``, "by" and who: the word said ("hit by my partner"), or
    None when no "by" follows."""
    if words[i + 1:i + 2] != ["by"]:
        return None
    who = [w for w in words[i + 2:i + 5] if w not in _ONE_OF]
    return who[0] if who else ""


def _striker_before(words: list[str], i: int) -> str | None:
    """The one of ``STRIKERS`` said as who struck: just before the blow, past where it was
    ("a guy at the bar punched me")."""
    j = i - 1
    while True:
        if j >= 2 and words[j - 1] in _WHERE:
            j -= 2
        elif j >= 3 and words[j - 1] in _ONE_OF and words[j - 2] in _WHERE:
            j -= 3
        else:
            break
    return words[j] if j >= 0 and words[j] in STRIKERS else None


def striker(words: list[str], i: int) -> str | None:
    """Who gave the blow ``words[i]``, when a person did: a person who struck a person ("my
    husband hit me"), a person the blow was by ("hit by my partner"), or "" for a blow only a
    person gives, taken ("got punched in the face"); None when it was no person's."""
    if words[i] not in STRIKES:
        return None
    by = _by_whom(words, i)
    if by is not None:
        return by if by in STRIKERS else None
    who = _striker_before(words, i)
    if who is not None and _struck_a_person(words, i):
        return who
    if words[i] in PERSON_BLOWS and ((i > 0 and words[i - 1] in _TOOK)
                                     or words[i + 1:i + 2] == ["up"]):
        return ""  # "got punched", "beaten up last night"
    return None


# A partner's or a parent's blows are abuse too (T74.11 Adult physical abuse, T74.12 Child
# physical abuse; Y07.0 Spouse or partner, Y07.1 Parent, perpetrator of maltreatment).
PARTNERS = frozenset("husband wife spouse partner boyfriend girlfriend ex fiance fiancee".split())
PARENTS = frozenset("mom mum mother mommy mummy dad father daddy parent parents stepdad"
                    " stepmom stepfather stepmother".split())
_ABUSE = {**dict.fromkeys(PARTNERS, ("adult", "physical", "abuse")),
          **dict.fromkeys(PARENTS, ("child", "physical", "abuse"))}


def assault(parsed: ParsedQuery, raw: list[str]) -> None:
    """Read a blow a person gave (``striker``) as an assault too (``_HOW`` for a blow the
    titles name), a partner's or a parent's as abuse (``_ABUSE``), which coders code first
    (T74.1, then the assault and the perpetrator): the guideline codes the intent the words
    say (I.C.20.f)."""
    if STRIKES.isdisjoint(raw):  # no blow said (most queries): nothing to read
        return
    told: dict[str, list[tuple[str, ...]]] = {}
    for i, word in enumerate(raw):
        who = striker(raw, i)
        if who is None:
            continue
        readings = told.setdefault(word, [])
        if who in _ABUSE:  # the abuse leads, as coders code it (T74.1 first)
            readings.append(_ABUSE[who])
            readings.extend(_HOW.get(word, ()))
        else:
            readings.extend(_HOW.get(word, _ASSAULT))
    for slot in parsed.slots:
        if slot.text not in told:
            continue
        if slot.text in _BREATH:
            _drop_lay(parsed, slot)
        have = {a.tokens for a in slot.alternatives}
        for words in told[slot.text]:
            add_reading(parsed, slot, have, slot.text, words, "lay")


def _drop_lay(parsed: ParsedQuery, slot: Slot) -> None:
    """Take the lay readings off ``slot`` and the query's expansions: a person choked by
    another did not choke on food ("choked": foreign body in respiratory tract), nor did one
    who dropped a weight on a foot lose weight."""
    slot.alternatives = [a for a in slot.alternatives if a.kind != "lay"]
    parsed.expansions = [e for e in parsed.expansions
                         if not (e["kind"] == "lay" and e["from"] == slot.text)]


# Falling, as people say it ("fell off", "rolled off the couch", "tumbled out of bed"); the
# verbs that do not say a fall themselves read as one when said off a thing.
_SAYS_FALL = frozenset("fell fall falls falling fallen".split())
FALLING = _SAYS_FALL | frozenset("rolled rolls tumbled toppled".split())
_FALL = ("fall",)
_OFF = frozenset({"off", "from", "out"})
# What people fall off, as the fall titles (W06-W09, V80) name it.
FALLEN_FROM: dict[str, tuple[str, ...]] = {
    **dict.fromkeys("couch couches sofa settee futon recliner table dresser desk bench stool"
                    " ottoman counter countertop".split(), ("furniture",)),
    **dict.fromkeys("bunk bunkbed crib cot".split(), ("bed",)),
    **dict.fromkeys("highchair".split(), ("chair",)),
    **dict.fromkeys("trampoline".split(), ("playground", "equipment")),
    **dict.fromkeys("horse pony".split(), ("animal", "rider")),
}
# At most this many words between "off" and the thing ("off the top bunk").
_REACH = 3


def fell_from(parsed: ParsedQuery, raw: list[str]) -> None:
    """Read a thing fallen off (``FALLEN_FROM``: "fell off the couch") as the fall titles'
    word for it, beside a word of falling and "off", "from" or "out of"."""
    if FALLING.isdisjoint(raw):
        return
    things: set[str] = set()
    verbs: set[str] = set()
    for i, word in enumerate(raw):
        if word not in FALLING or not raw[i + 1:i + 2] or raw[i + 1] not in _OFF:
            continue
        j = i + 2 + (raw[i + 1:i + 3] == ["out", "of"])
        found = {w for w in raw[j:j + _REACH] if w in FALLEN_FROM}
        things |= found
        if found and word not in _SAYS_FALL:
            verbs.add(word)
    for slot in parsed.slots:
        reading = FALLEN_FROM.get(slot.text) if slot.text in things else (
            _FALL if slot.text in verbs else None)
        if reading is not None:
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        reading, "lay")


TITLES_FILE = "injury_titles.tsv"


# The injuries that open the skin: the titles' "Open wound", "Laceration", "Puncture wound",
# "Open bite" (S01-S91's fourth character 1). A part may be named one way by them and another by
# the superficial injuries' titles (the index: "Wound, open, cheek S01.4-", but "Contusion,
# cheek S00.83"): a row of ``injury_titles.tsv`` marked "superficial" holds only without them.
OPEN_WOUND = frozenset(stem(w) for w in """
    cut cuts laceration lacerated lac gash gashed sliced nicked wound puncture punctured stab
    stabbed bite bites bit bitten split
    """.split())


@cache
def _part_titles() -> dict[str, tuple[tuple[str, ...], bool]]:
    """The parts of ``data/injury_titles.tsv`` by stem: their title words, and whether the
    row holds only for a superficial injury (its third column says "superficial")."""
    return {stem(row[0]): (tuple(w for w in tokens(row[1]) if w not in STOPWORDS),
                           row[2:3] == ("superficial",))
            for row in read_columns(TITLES_FILE)}


def hurt_part(parsed: ParsedQuery, raw: list[str]) -> None:
    """Read a part the injury titles name otherwise (``data/injury_titles.tsv``: a chin is
    the head's "other part") as their words too, when another word of the query says an
    injury (``incidental.INJURY_CUES``: "scraped my chin", "bruised my ribs")."""
    table = _part_titles()
    named = {w for w in raw if stem(w) in table}
    if not named or not any(stem(w) in INJURY_CUES for w in raw if w not in named):
        return
    if any(table[stem(w)][1] for w in named) and any(stem(w) in OPEN_WOUND for w in raw):
        named = {w for w in named if not table[stem(w)][1]}  # "dog bit his cheek": S01.45
    if any(not ROOT_OPERATIONS.isdisjoint(a.tokens) for s in parsed.slots
           for a in s.alternatives):
        return  # an operation on the part ("sunspot burned off my face": destruction)
    for slot in parsed.slots:
        if slot.text in named:
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        table[stem(slot.text)][0], "lay")


# A thing that fell or was dropped on someone ("a tree branch fell on me", "dropped a weight on
# my foot") struck them: W20 Struck by thrown, projected or falling object, not a fall of the
# person's (W14 Fall from tree led). A person who fell on a part ("I fell on my hip", "fell on
# my knee") landed on it: no thing is said before the verb, or a person is.
_FELL_ON = frozenset({"fell", "fallen", "falls"})
_DROPPED = frozenset({"dropped", "drops", "dropping"})
_FALLERS = STRIKERS | _STRUCK | frozenset({"i", "he", "she", "we", "they", "you", "her", "and"})
_FALLING_OBJECT = ("struck", "thrown", "projected", "falling", "object")


def _on_someone(words: list[str], j: int) -> bool:
    """Is ``words[j]`` "on" said of a person or a person's part ("on me", "on my foot")?"""
    return words[j:j + 1] == ["on"] and words[j + 1:j + 2] != [] and (
        words[j + 1] in _STRUCK or words[j + 1] in POSSESSIVES)


def struck_by_a_thing(parsed: ParsedQuery, raw: list[str]) -> None:
    """Read a thing that fell or was dropped on someone as W20's falling object."""
    if _FELL_ON.isdisjoint(raw) and _DROPPED.isdisjoint(raw):
        return
    fell_on = {w for i, w in enumerate(raw) if w in _FELL_ON and i > 0
               and raw[i - 1] not in _FALLERS and _on_someone(raw, i + 1)}
    dropped = {w for i, w in enumerate(raw) if w in _DROPPED
               and any(_on_someone(raw, j) for j in range(i + 2, i + 2 + _REACH))}
    verbs = fell_on | dropped
    for slot in parsed.slots:
        if slot.text.split()[0] in verbs:
            _drop_lay(parsed, slot)  # no weight was lost in "dropped a weight on my foot"
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        _FALLING_OBJECT, "lay")


# A tick found on a part ("found a tick on my scalp", "tick on the back of my knee") has bitten
# there: S00-S90's "Insect bite (nonvenomous) of ...", as "tick bite" reads in lay_terms.tsv.
TICKS = frozenset({"tick", "ticks"})
_TICK_BITE = ("insect", "bite", "nonvenomous")


def tick_on_a_part(parsed: ParsedQuery, raw: list[str]) -> None:
    """Read a tick said on a part people hurt (``composed.injury_sites``) as its bite."""
    if TICKS.isdisjoint(raw) or "on" not in raw or not any(
            (stem(w),) in injury_sites() for w in raw[raw.index("on"):]):
        return
    for slot in parsed.slots:
        if slot.text in TICKS:
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        _TICK_BITE, "lay")


# A part shut, slammed or caught in a door, a drawer or a window ("shut my hand in a drawer",
# "caught my fingers in the car door") was caught between them: W23 Caught, crushed, jammed or
# pinched in or between objects; no title says door or drawer there.
CAUGHT_VERBS = frozenset("""
    shut shutting slammed slamming caught catching trapped jammed pinched closed
    """.split())
CLOSERS = frozenset("door doors drawer drawers window windows gate hinge hinges lid".split())
_CAUGHT = ("caught", "crushed", "jammed", "pinched")
_CAUGHT_REACH = 6  # "caught my fingers in the car door"


def caught_in(parsed: ParsedQuery, raw: list[str]) -> None:
    """Read a door, a drawer or a window a part was shut in (``CAUGHT_VERBS`` ... "in" ...
    ``CLOSERS``) as W23's words."""
    if CAUGHT_VERBS.isdisjoint(raw):
        return
    closers: set[str] = set()
    for i, word in enumerate(raw):
        if word not in CAUGHT_VERBS:
            continue
        after = raw[i + 1:i + 1 + _CAUGHT_REACH]
        if "in" in after:
            closers.update(w for w in after[after.index("in"):] if w in CLOSERS)
    for slot in parsed.slots:
        if slot.text in closers:
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        _CAUGHT, "lay")


# A bite said with its verb ("the dog bit my hand", "bitten on the arm"): the titles say "bite"
# (S61.45 Open bite of hand) and "bitten" only of the cause (W54.0 Bitten by dog), so the
# injury was never found by its kind, and the cause led. "Bit" is a bite said of whom it bit
# ("bit my", "bit me"; "a bit sore" is how much); "bitten" always is. Only with a part named:
# a bite said alone ("bitten by a dog") is told by its cause. An animal's or a person's bite
# is an open one (the index: "Bite, hand S61.45-"), not an insect's; a phrase said with the
# part it bit ("bit my tongue" in lay_terms.tsv: open bite of oral cavity), or read as a
# venom's or an insect's ("snake bit", "mosquito bit": T63 Toxic effect of venom, "Insect bite
# (nonvenomous)") keeps its reading.
_BITE = ("open", "bite")
# Said of a part, always a bite ("bitten on the arm"); the noun only in a phrase that names
# the biter ("dog bite to the cheek": bitten by dog), not of one unknown ("brown recluse bite":
# T63.33 Toxic effect of venom of brown recluse spider).
_NOUNS = frozenset({"bite", "bites"})
_BITES = _NOUNS | {"bitten"}
_TOLD = frozenset({"venom", "venomous", "insect"})


def bit_as_bite(parsed: ParsedQuery, raw: list[str]) -> None:
    """Read "bit" said of whom it bit, "bitten", and "bite" in a phrase naming the biter, as
    an open bite when the query names a part (``incidental.body_words``). A phrase it is in
    ("dog bit": bitten by dog) reads word by word, the bite's word also as "bitten": the bite
    of the part, or the cause, each says some of the query, and both are looked for."""
    body = body_words()
    if body.isdisjoint(map(stem, raw)):
        return
    said = {w for i, w in enumerate(raw) if w in _BITES or (
        w == "bit" and raw[i + 1:i + 2] != [] and raw[i + 1] in HURT_WHOM)}
    slots: list[Slot] = []
    for slot in parsed.slots:
        words = slot.text.split()
        if said.isdisjoint(words) or (len(words) == 1 and words[0] in _NOUNS) or any(
                _TOLD.intersection(alt.tokens) or not body.isdisjoint(map(stem, alt.tokens))
                for alt in slot.alternatives):
            slots.append(slot)
            continue
        if len(words) > 1:
            pieces = [Slot(w, [Alternative((w,), "original")]) for w in words]
            slots += pieces
            slot = next(p for p in pieces if p.text in said)
            add_reading(parsed, slot, {(slot.text,)}, slot.text, ("bitten",), "lay")
        else:
            slots.append(slot)
        add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text, _BITE,
                    "lay")
    parsed.slots[:] = slots


# A blow given with a part of the body ("got elbowed in the eye", "kneed in the thigh",
# "headbutted"): the verb's stem is the part that struck (elbow, knee, head), not the part
# hurt, which the query names after it; read as it, "elbowed in the eye" led with S50.0
# Contusion of elbow. The blow is a hit (W50.0 Accidental hit or strike by another person)
# and, as a hit beside a part reads in data/finding_words.tsv, a contusion of the part hurt.
BODY_BLOWS = frozenset("elbowed elbowing kneed kneeing headbutted headbutting".split())
_HIT = (("hit",), ("contusion",))


def blow_with_a_part(parsed: ParsedQuery, raw: list[str]) -> None:
    """Read a blow named for the part that gave it (``BODY_BLOWS``) as a hit, not that part,
    when the query names a part after it (the part hurt)."""
    if BODY_BLOWS.isdisjoint(raw):
        return
    body = body_words()
    said = {w for i, w in enumerate(raw) if w in BODY_BLOWS
            and not body.isdisjoint(map(stem, raw[i + 1:]))}
    for slot in parsed.slots:
        if slot.text in said:
            slot.alternatives = [a for a in slot.alternatives if a.kind != "original"]
            have = {a.tokens for a in slot.alternatives}
            for words in _HIT:
                add_reading(parsed, slot, have, slot.text, words, "lay")


# A hot liquid spilled, splashed or poured on a part ("spilled hot coffee on my lap", "boiling
# water splashed on her arm") burned it: T20-T25 Burn of the part, with X10/X12 Contact with
# hot drinks or fluids after it (guideline I.C.20: the injury first). Said without a burn word,
# the liquid matched only the cause's title, and the cause led with no burn in reach.
HOT = frozenset({"hot", "boiling", "scalding", "steaming", "kettle"})
# What is hot: a liquid, as said or as a lay reading reads it ("hot coffee": hot drinks).
LIQUIDS = frozenset("""
    water coffee tea soup oil oils grease fat fats milk liquid liquids fluid fluids drink drinks
    gravy broth stew cocoa chocolate noodles pasta porridge wax
    """.split())
_ON = frozenset({"on", "onto", "over", "down", "across", "into"})
_BURN = ("burn",)
# A lap is the thighs of one seated: what spills there burns them (T24 "... of thigh").
_LAP = {"lap": ("thigh",), "laps": ("thigh",)}
# How it came there: no title's word ("spilt" read as Q72.7 Split foot).
_SPILLED = frozenset("""
    spilled spilt spill spills spilling splashed splash splashes splashing poured pour pours
    pouring tipped knocked
    """.split())


def hot_liquid_on_a_part(parsed: ParsedQuery, raw: list[str]) -> None:
    """Read a hot liquid said on a part of the body (``incidental.body_words``) as its burn,
    unless the words already say an injury's kind or how else it came."""
    if HOT.isdisjoint(raw) or _ON.isdisjoint(raw) or not INJURY_CUES.isdisjoint(
            stem(w) for w in raw):
        return
    on = next(i for i, w in enumerate(raw) if w in _ON)
    parts = body_words()
    if not any(stem(w) in parts or w in _LAP for w in raw[on:]):
        return
    for i, slot in enumerate(parsed.slots):
        said = tokens(slot.text)
        if not HOT.isdisjoint(said) and any(not LIQUIDS.isdisjoint(a.tokens)
                                            for s in parsed.slots[i:i + 2]
                                            for a in s.alternatives):
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        _BURN, "lay")
        elif len(said) == 1 and said[0] in _LAP:
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        _LAP[said[0]], "lay")
    parsed.slots = [s for s in parsed.slots if s.text not in _SPILLED]


# How a mishap is told before its injury: "slipped in the shower and broke my hip".
MISHAP_VERBS = frozenset("""
    slipped slip slips slipping fell fall falls falling tripped trip trips tripping stumbled
    tumbled crashed crash collided skidded wiped missed landed rolled
    """.split())
# An injury named by what it did to the part (not "hurt", which says no injury of its own:
# "fell off a ladder and hurt my back" is told by its fall).
INJURY_VERBS = frozenset("""
    broke broken break breaking fractured fracturing sprained twisted dislocated cracked
    bruised tore torn ruptured burned burnt scalded
    """.split())
_THEN = frozenset({"and", "then"})


def injury_of_story(query: str) -> str | None:
    """The clause naming the injury of a mishap told as a story ("slipped in the shower and
    broke my hip" -> "broke my hip"), else None. Read whole, the place and the manner of the
    mishap outweighed the injury ("shower" and "slipped" led with M93 slipped epiphysis); the
    injury is the diagnosis, the mishap its external cause, coded after it."""
    words = tokens(query)
    for i, word in enumerate(words):
        if (word in _THEN and 0 < i < len(words) - 2 and words[i + 1] in INJURY_VERBS
                and not MISHAP_VERBS.isdisjoint(words[:i])):
            return " ".join(w for w in words[i + 1:] if w not in _THEN)
    return None
