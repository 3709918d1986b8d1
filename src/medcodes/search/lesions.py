"""A lesion an operation is done to, said by the lesion's own name ("brain surgery to remove a
tumour", "lance a cyst on my back", "laser the polyps in my colon", "took a lump out of my
breast").

ICD-10-PCS codes the root operation on the body part the lesion is in (Excision of Brain,
Drainage of Back Skin, Destruction of Sigmoid Colon) and never names the lesion; ICD-10-CM names
it, and a lesion's word pulls its neoplasm or lesion codes (D49.6, D33.2) above the operation.
So, beside a word read as an operation that is done to a lesion (``ON_A_LESION``):

- the query names a procedure (``procedure_intent.names_a_procedure``), so diagnoses give way;
- a slot of nothing but the lesion is no word of ICD-10-PCS (``lesion_mask``: the engine scores
  procedure codes without it, as ``unsaid`` does a word no procedure title says);
- the lesion said with its part in one phrase ("polyps in my colon") also reads as the part;
- a removal of it is an Excision (a portion of the part it grows in), not the Resection of a
  whole organ or the Extirpation of matter (a stone is matter: ``matter_taken_out``);
- a taking verb with "out" ("took a lump out", "get a stone out") is that removal, and a
  laser, a zap or a freeze of it a Destruction;
- an "-ectomy" of the lesion beside another organ ("ovarian cystectomy") is an Excision of
  that organ, not the cystectomy that alone means the bladder.

Gated on the lesion words (``said``): a query without one pays one set test.
"""

from __future__ import annotations

from collections.abc import Callable

from medcodes.search.everyday import ARTICLES, POSSESSIVES
from medcodes.search.parsed import Alternative, ParsedQuery, Slot, add_reading
from medcodes.search.text import STOPWORDS, stem
from medcodes.search.vocab import Vocabulary

# A growth, a swelling or a collection an operation takes out, burns off or drains; and the
# matter a stone is. Words of "-oma" (lipoma, meningioma, adenoma) name tumours too
# (``is_lesion``).
LESIONS = frozenset("""
    tumor tumors tumour tumours growth growths lump lumps mass masses lesion lesions nodule
    nodules cyst cysts polyp polyps mole moles wart warts verruca verrucas verrucae nevus nevi
    naevus naevi fibroid fibroids abscess abscesses boil boils furuncle furuncles carbuncle
    carbuncles chalazion stye styes keratosis keratoses neoplasm neoplasms cancer cancers
    birthmark birthmarks tag tags pterygium stone stones calculus calculi
    """.split())
# "-oma" words that are no tumour: an eye disease, an infection, a state, an opening.
_NOT_TUMOURS = frozenset({"glaucoma", "trachoma", "coma", "stoma", "stomas", "stroma",
                          "diploma", "aroma", "hematoma", "haematoma", "hematomas",
                          "haematomas", "seroma", "seromas", "scotoma", "xanthoma"})
_TUMOUR_ENDINGS = ("oma", "omas", "omata")
_ECTOMY = "ectomy"
_ENDINGS = (*_TUMOUR_ENDINGS, _ECTOMY)


def is_lesion(word: str) -> bool:
    """Is ``word`` a lesion's name (``LESIONS``, or a tumour's "-oma")?"""
    return word in LESIONS or (word.endswith(_TUMOUR_ENDINGS) and len(word) > 5
                               and word not in _NOT_TUMOURS)


def said(words: list[str] | set[str]) -> bool:
    """Does the query say a lesion, or an "-ectomy" of one (the cheap gate of every reading
    here: one set test, and a test of the endings)?"""
    if not LESIONS.isdisjoint(words):
        return True
    return any(w.endswith(_ENDINGS) and (
        is_lesion(w) or (w.endswith(_ECTOMY) and is_lesion(w[:-len(_ECTOMY)])))
        for w in words)


# The root operations done to a lesion: cut out (Excision, or Resection of the organ it fills),
# burnt or frozen off (Destruction), drained, shelled out (Extraction), a stone taken out
# (Extirpation) or broken up (Fragmentation). Not a Release ("tumour lysis syndrome").
ON_A_LESION = frozenset({"excision", "resection", "destruction", "drainage", "extraction",
                         "extirpation", "fragmentation"})
_READ_AS = ("procedure", "lay", "word parts", "abbreviation")


def _operation(slot: Slot) -> str | None:
    """The root operation of ``ON_A_LESION`` a reading of ``slot`` says, if any."""
    for alt in slot.alternatives:
        if alt.tokens and alt.tokens[0] in ON_A_LESION and (
                alt.kind in _READ_AS or (alt.kind == "original" and len(alt.tokens) == 1)):
            return alt.tokens[0]
    return None


def operated(slots: list[Slot], words: list[str]) -> bool:
    """Does the query say an operation done to a lesion it names: a lesion word and a slot
    read as one of ``ON_A_LESION``? A verb's "-ing" said after the lesion tells what it
    does ("a cyst draining pus"), not what was done to it."""
    if not said(words):
        return False
    first = next((i for i, s in enumerate(slots) if any(map(is_lesion, s.text.split()))), None)
    if first is None:
        return False
    for i, slot in enumerate(slots):
        if any(map(is_lesion, slot.text.split())) and " " not in slot.text:
            continue  # a lesion's own word; said with its verb ("polyp removed") it may do
        if _operation(slot) and not (i > first and slot.text.endswith("ing")):
            return True
    return False


_SAID_BY_PCS = ("body part", "procedure")
# How big a lesion is ("a small kidney tumor", "a big lump"): no title's word, but for the
# parts ICD-10-PCS names by their size (Small Intestine, Large Intestine, Small Saphenous Vein).
_SIZES = frozenset({"small", "large", "big", "tiny", "huge", "little", "giant"})
_SIZED_PARTS = frozenset({"bowel", "bowels", "intestine", "intestines", "saphenous"})


def lesion_mask(slots: list[Slot], words: list[str]) -> int:
    """The slots (a bit each) that say nothing but a lesion, with no reading of a part or an
    operation (``pcs_lesion_sites.tsv`` reads a mole as skin, ``matter_taken_out`` a stone as
    the matter taken out): no ICD-10-PCS title says them, though an abbreviation's reading may
    match one ("cyst": Cystic Duct)."""
    if not said(words):
        return 0
    mask = 0
    for i, slot in enumerate(slots):
        said_words = [w for w in slot.alternatives[0].tokens if w not in STOPWORDS]
        if said_words and all(map(is_lesion, said_words)) and not any(
                alt.kind in _SAID_BY_PCS for alt in slot.alternatives):
            mask |= 1 << i
        elif slot.text in _SIZES and not (i + 1 < len(slots)
                                          and slots[i + 1].text.split()[0] in _SIZED_PARTS):
            mask |= 1 << i  # "ablation of a small kidney tumor": the tumour's size
    return mask


# Verbs of destroying a lesion people say that ``pcs_operations.tsv`` does not read alone
# ("laser the polyps", "zap a wart", "liquid nitrogen on a sun spot").
_DESTROYING = frozenset({"laser", "lasers", "lasering", "zap", "zapped", "zapping", "nitrogen",
                         "cryo", "frozen", "froze"})
_DESTRUCTION = ("destruction",)
# Verbs that take a lesion out with "out" ("took a lump out of my breast", "get a stone out of
# my bladder", "cut a cyst out").
_TAKING = frozenset({"take", "takes", "taking", "took", "taken", "get", "gets", "getting", "got",
                     "cut", "cutting", "scoop", "scooped", "shell", "shelled", "pull", "pulled"})
_OFF_OUT = frozenset({"out", "off"})
_FROM = "from"
_GETTING = frozenset({"get", "gets", "getting", "got"})
_REACH = 5
_EXCISION = ("excision",)
_AS_WHOLE = ("resection",)
_MATTER = ("extirpation",)
_STONES = frozenset({"stone", "stones", "calculus", "calculi"})
_NOT_CUT_OUT = (_AS_WHOLE, _MATTER)
_PARTIAL = frozenset({"partial", "partially"})


# The regions of the body's surface people name a lump or a cyst on ("cyst cut out of my
# forearm", "lump removed from my back"): ICD-10-PCS takes a growth there out of the Skin or
# the Subcutaneous Tissue and Fascia of the region, not the region as a whole (Excision of
# Right Lower Arm, 0XBD, is for what no deeper part names). Not a chest or a belly: a mass or
# an abscess in one is as often in the organs or the cavity within ("drain in my belly
# abscess": Drainage of Peritoneal Cavity).
SURFACE = frozenset(stem(w) for w in """
    scalp face forehead cheek chin neck back buttock buttocks bum groin arm arms forearm
    forearms shoulder shoulders armpit hand hands finger fingers thumb thigh thighs leg legs
    shin calf calves foot feet toe toes heel sole
    """.split())
# The lesions that may lie in the skin or under it: a generic growth or a collection (a mole, a
# wart, a boil have their rows in ``pcs_lesion_sites.tsv``).
_SKIN_DEEP = frozenset("""
    cyst cysts lump lumps growth growths lesion lesions mass masses nodule nodules tumor tumors
    tumour tumours abscess abscesses
    """.split())
_IN_THE_SKIN = (("skin",), ("subcutaneous", "tissue"))
# The regions ICD-10-PCS names the skin and the subcutaneous tissue by (0HB Excision of Skin:
# Scalp, Face, Neck, Chest, Back, Abdomen, Buttock, Inguinal, Upper Arm, Lower Arm, Hand, Upper
# Leg, Lower Leg, Foot), for the parts people name a lesion of the skin on: a mole on the nose
# is of the Face Skin, a wart on a finger of the Hand Skin, a lump on the shoulder of the Upper
# Arm's subcutaneous tissue. Only where the lesion reads as in the skin or under it: a finger,
# a nose or a shoulder is its own part elsewhere.
SKIN_REGIONS = {stem(w): tuple(region.split()) for words, region in (
    ("nose cheek cheeks forehead chin lip lips eyebrow eyebrows temple jaw", "face"),
    ("finger fingers thumb thumbs palm palms knuckle knuckles", "hand"),
    ("wrist wrists forearm forearms", "lower arm"),
    ("shoulder shoulders armpit armpits", "upper arm"),
    ("thigh thighs", "upper leg"),
    ("calf calves shin shins", "lower leg"),
    ("toe toes ankle ankles heel heels sole soles", "foot"),
    ("groin", "inguinal"),
    ("bum", "buttock"),
) for w in words.split()}


def operated_lesion(parsed: ParsedQuery, raw: list[str], vocab: Vocabulary) -> None:
    """The readings of an operation on a lesion (see the module's docstring)."""
    if not said(raw):
        return
    _the_lesion_removed(parsed, vocab.body_parts)
    lesion_at = [any(map(is_lesion, s.alternatives[0].tokens)) for s in parsed.slots]
    stones = not _STONES.isdisjoint(raw)
    _verbs(parsed, raw, lesion_at, stones, vocab.body_parts)
    if not operated(parsed.slots, raw):
        _surgery_on(parsed, raw, stones)
        if not operated(parsed.slots, raw):
            return
    on_the_surface = any(stem(w) in SURFACE for w in raw)
    for i, (slot, lesion) in enumerate(zip(parsed.slots, lesion_at, strict=True)):
        _at_its_site(parsed, slot, vocab, parsed.slots[i + 1] if lesion_at[i + 1:i + 2] == [
            True] else None)
        if lesion:
            _where_it_is(parsed, slot, vocab.body_parts, on_the_surface)
        elif not stones:
            _cut_out(parsed, slot)
    if any(alt.kind == "body part" and alt.tokens in _IN_THE_SKIN
           for slot in parsed.slots for alt in slot.alternatives):
        for slot in parsed.slots:
            region = SKIN_REGIONS.get(stem(slot.text))
            if region:  # "wart on my finger burnt off": Destruction of Hand Skin
                add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                            region, "body part")


_REMOVING = frozenset({"removal", "removing", "remove", "removed"})


def _the_lesion_removed(parsed: ParsedQuery, body_parts: dict[str, tuple[str, ...]]) -> None:
    """An organ's removal read as a phrase that a lesion's word follows ("removal of a breast
    lump": the row "breast removal", mastectomy) is the lesion's removal from that organ: the
    phrase is split back into the removal (an Excision, as ``_cut_out`` reads it) and the
    organ (in place)."""
    slots = parsed.slots
    for i in range(len(slots) - 1):
        slot, after = slots[i], slots[i + 1]
        said_words = slot.alternatives[0].tokens
        if (len(said_words) != 2 or said_words[0] not in _REMOVING
                or not all(map(is_lesion, after.alternatives[0].tokens))
                or not any(a.kind == "lay" and a.tokens[:1] == _AS_WHOLE
                           for a in slot.alternatives)):
            continue
        verb, organ = said_words
        parsed.expansions = [e for e in parsed.expansions if e["from"] != slot.text]
        removal = Slot(verb, [Alternative((verb,), "original")])
        have: set[tuple[str, ...]] = {(verb,)}
        add_reading(parsed, removal, have, verb, _EXCISION, "procedure")
        part = Slot(organ, [Alternative((organ,), "original")])
        have = {(organ,)}
        for word in body_parts.get(stem(organ), ()):
            add_reading(parsed, part, have, organ, (word,), "body part")
        slots[i:i + 1] = [removal, part]
        return


def _verbs(parsed: ParsedQuery, raw: list[str], lesion_at: list[bool], stones: bool,
           body_parts: dict[str, tuple[str, ...]]) -> None:
    """The operation the words of doing it say beside a lesion: a laser, a zap or a freeze
    destroys it, a taking verb with "out" takes it out, "drain" before it drains it, a
    resection of it cuts it out of its part, a partial "-ectomy" for it takes a portion of the
    organ (Excision; Resection is "all of a body part"), its "-ectomy" beside another organ
    cuts it out of that organ."""
    slots = parsed.slots
    taken = any(_taken_out(raw, verb) for verb in _TAKING.intersection(raw))
    takes = [not lesion_at[i] and taken and s.text.split()[0] in _TAKING
             for i, s in enumerate(slots)]
    if taken and not any(takes):  # "get" is no slot of its own: its "out" says it
        takes = [s.text in _OFF_OUT for s in slots]
    partial = not _PARTIAL.isdisjoint(raw)
    for i, slot in enumerate(slots):
        if lesion_at[i]:
            continue
        have = {alt.tokens for alt in slot.alternatives}
        if slot.text.split()[0] in _DESTROYING and not stones:  # a stone's laser breaks it
            add_reading(parsed, slot, have, slot.text, _DESTRUCTION, "procedure")
        elif takes[i]:
            add_reading(parsed, slot, have, slot.text, _MATTER if stones else _EXCISION,
                        "procedure")
        elif slot.text == _DRAIN and _a_verb(raw, _DRAIN):
            # "drain an abscess": the verb, not the device a drain also is
            _keep(parsed, slot, lambda alt: alt.kind != "device")
            add_reading(parsed, slot, have, slot.text, _DRAINAGE, "procedure")
        elif slot.alternatives[0].tokens == _AS_WHOLE and any(lesion_at[i + 1:]):
            # "resection of bladder tumour": the tumour cut out, a portion of the bladder
            add_reading(parsed, slot, have, slot.text, _EXCISION, "procedure")
        if partial:
            # "partial nephrectomy for a renal mass": a portion of the kidney, an Excision
            for alt in list(slot.alternatives):
                if alt.kind != "original" and alt.tokens[:1] == _AS_WHOLE and len(alt.tokens) > 1:
                    add_reading(parsed, slot, have, slot.text, (*_EXCISION, *alt.tokens[1:]),
                                alt.kind)
            _keep(parsed, slot, lambda alt: alt.kind == "original" or not (
                alt.tokens[:1] == _AS_WHOLE and len(alt.tokens) > 1))
        if (slot.text.endswith(_ECTOMY) and len(slots) > 1
                and any(is_lesion(slot.text[:-len(_ECTOMY)] + end) for end in ("", "s"))
                and any(j != i and _names_part(s, body_parts) for j, s in enumerate(slots))):
            # "ovarian cystectomy": the cyst's, at the other organ said
            _keep(parsed, slot, lambda alt: alt.kind == "original")
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        _EXCISION, "procedure")


def _where_it_is(parsed: ParsedQuery, slot: Slot, body_parts: dict[str, tuple[str, ...]],
                 on_the_surface: bool) -> None:
    """A lesion's slot also read as the part it is in: the part said with it ("polyps in my
    colon": the colon, as ICD-10-PCS names where it is done), or, a growth or a collection on
    a region of the surface (``SURFACE``), the skin and the tissue under it."""
    have = {alt.tokens for alt in slot.alternatives}
    said_words = slot.alternatives[0].tokens
    rest = tuple(w for w in said_words if not is_lesion(w) and w not in STOPWORDS)
    if rest and len(rest) < len(said_words) and all(
            stem(w) in body_parts or w in body_parts for w in rest):
        add_reading(parsed, slot, have, slot.text, rest, "body part")
    elif on_the_surface and said_words and _SKIN_DEEP.issuperset(said_words) and not any(
            alt.kind == "body part" for alt in slot.alternatives):
        for part in _IN_THE_SKIN:  # "cyst cut out of my forearm"
            add_reading(parsed, slot, have, slot.text, part, "body part")


def _cut_out(parsed: ParsedQuery, slot: Slot) -> None:
    """A removal of a lesion ("removal of a skin tag": Resection or Extirpation, as
    ``pcs_operations.tsv`` reads "removal") is tissue cut out of its part: an Excision."""
    if not any(alt.kind != "original" and alt.tokens in _NOT_CUT_OUT
               for alt in slot.alternatives):
        return
    add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text, _EXCISION,
                "procedure")
    _keep(parsed, slot, lambda alt: alt.kind == "original" or alt.tokens not in _NOT_CUT_OUT)


def _keep(parsed: ParsedQuery, slot: Slot, kept: Callable[[Alternative], bool]) -> None:
    """Keep the readings of ``slot`` that ``kept`` accepts, and the query's expansions of
    them."""
    gone = {(alt.tokens, alt.kind) for alt in slot.alternatives if not kept(alt)}
    if not gone:
        return
    slot.alternatives = [alt for alt in slot.alternatives if kept(alt)]
    parsed.expansions = [e for e in parsed.expansions if not (
        e["from"] == slot.text and (tuple(e["to"].split()), e["kind"]) in gone)]


# An operation asked for by name ("surgery for a tumour on my adrenal gland", "operation on a
# cyst") with no root operation said: a growth is cut out (Excision), a collection drained, a
# stone taken out (Extirpation).
_SURGERY = frozenset({"surgery", "operation", "op", "surgically"})
_COLLECTIONS = frozenset({"abscess", "abscesses", "boil", "boils", "furuncle", "furuncles",
                          "carbuncle", "carbuncles"})
_DRAINAGE = ("drainage",)
_DRAIN = "drain"
_DETERMINERS = ARTICLES | POSSESSIVES | {"this", "that", "the", "his", "her", "their"}


def _surgery_on(parsed: ParsedQuery, raw: list[str], stones: bool) -> None:
    """The surgery word of a lesion's operation said by name also reads as what is done to
    the lesion, unless it says when something else happened ("pain after surgery":
    ``procedure_intent.surgery_asked``)."""
    from medcodes.search.procedure_intent import surgery_asked  # it reads this module

    if _SURGERY.isdisjoint(raw) or not surgery_asked(raw):
        return
    done = _MATTER if stones else _DRAINAGE if not _COLLECTIONS.isdisjoint(raw) else _EXCISION
    for slot in parsed.slots:
        if slot.text in _SURGERY:
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        done, "procedure")


def _a_verb(raw: list[str], word: str) -> bool:
    """Is ``word`` said as a verb: before an article or whose it is ("drain an abscess"), not
    after an article ("put a drain in my belly abscess")?"""
    at = raw.index(word) if word in raw else -1
    return (at >= 0 and raw[at + 1:at + 2] != [] and raw[at + 1] in _DETERMINERS
            and (at == 0 or raw[at - 1] not in ARTICLES))


def _taken_out(raw: list[str], verb: str) -> bool:
    """Is a lesion what the taking ``verb`` takes: the verb followed, within a few words, by
    "out" (not "out of" right after it: "get out of bed"), "off" or, but for getting ("got a
    wart from the pool"), "from" ("polyp taken from my stomach"), with a lesion said just
    before the verb, between it and that word, or just after it ("took a lump out", "polyp
    taken from", "cut out a mole"; not "taking off a breast because of cancer")?"""
    at = raw.index(verb)
    after = raw[at + 1:at + 1 + _REACH]
    if after[:2] == ["out", "of"]:
        return False
    ends = [k for k, w in enumerate(after)
            if w in _OFF_OUT or (w == _FROM and verb not in _GETTING)]
    if not ends:
        return False
    end = at + 1 + ends[0]
    return any(map(is_lesion, raw[max(at - 2, 0):end + 3]))


def _at_its_site(parsed: ParsedQuery, slot: Slot, vocab: Vocabulary,
                 lesion: Slot | None) -> None:
    """A word of ``pcs_lesion_sites.tsv`` anywhere in a lesion's operation ("pilonidal cyst
    drainage": the subcutaneous tissue, though two words from the drainage; "wart on my
    finger burnt off": the skin) also reads as its part, as ``lay_operations.in_a_cavity``
    reads one beside the operation; so does a word said before the ``lesion`` slot with its
    first word ("cervical polyp removed": "cervical" before "polyp removed" is the cervix)."""
    if any(alt.kind == "body part" for alt in slot.alternatives):
        return
    have = {alt.tokens for alt in slot.alternatives}
    keys = [tuple(map(stem, alt.tokens)) for alt in slot.alternatives]
    if lesion is not None:
        keys.append((*map(stem, slot.alternatives[0].tokens),
                     stem(lesion.alternatives[0].tokens[0])))
    for key in keys:
        for site in vocab.lesion_sites.get(key, ()):
            add_reading(parsed, slot, have, slot.text, site, "body part")


def _names_part(slot: Slot, body_parts: dict[str, tuple[str, ...]]) -> bool:
    """Does a reading of ``slot`` name a body part (``body_parts.tsv``)?"""
    return any(alt.kind == "body part" or any(stem(t) in body_parts or t in body_parts
                                               for t in alt.tokens)
               for alt in slot.alternatives)

