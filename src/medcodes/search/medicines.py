"""What a query says of a medicine it names (``data/drug_names.tsv`` reads the name as the
drug's class in the titles):

- one taken for a condition said beside it is that condition's treatment, left unsearched
  ("hypertension on lisinopril": I10, not drug-induced pulmonary hypertension nor the ACE
  inhibitor's poisoning; ``data/indications.tsv``);
- one a person is on is its long-term use: "on coumadin", "takes eliquis", "uses a steroid
  inhaler daily" say Z79 "Long term (current) use of ..." (only a query that says nothing but
  the cue, the medicine and how regularly: "bleeding on warfarin" asks for the bleeding);
- a condition from one is drug-induced ("gout from my water pill": M10.2 Drug-induced gout);
- one swallowed is a poisoning, one skipped an underdosing ("child ate marijuana edibles",
  "skipping my blood pressure meds"); an amount taken ("a whole packet of", "took 30") is no
  word of a title and says an overdose;
- a rash after one is its skin eruption due to drugs (L27);
- an allergy to one is the allergy status of its class (Z88), else Z88.8 other drugs;
- bleeding beside an anticoagulant is D68.32, its haemorrhagic disorder.
"""

from __future__ import annotations

from functools import cache

from medcodes.search.parsed import Alternative, ParsedQuery, Slot, add_reading
from medcodes.search.text import STOPWORDS, stem, tokens
from medcodes.search.vocab import (
    DRUG_NAMES_FILE,
    drug_classes,
    loose_key,
    read_columns,
    read_rows,
)

# The words that say a medicine is taken now ("on insulin", "takes a baby aspirin", "daily
# aspirin").
USE_CUES = frozenset({"on", "takes", "taking", "take", "uses", "using", "use", "daily"})
# How regularly: said beside the cue and the medicine, nothing of a condition.
REGULARLY = frozenset("""
    daily every day each night morning regularly still always currently now chronic chronically
    long term longterm years months weeks also
    """.split())
# Medicines the titles name themselves (the Table of Drugs has no other class for them).
TITLED = frozenset({"insulin", "aspirin", "antibiotic", "antibiotics", "steroid", "steroids",
                    "opioid", "opioids", "anticoagulant", "anticoagulants", "methadone",
                    "antidepressant", "antidepressants", "benzodiazepine", "benzodiazepines",
                    "barbiturates", "antipsychotic", "antipsychotics", "sedatives", "penicillin",
                    "penicillins"})
# Z79's titles: "Long term (current) use of anticoagulants".
LONG_TERM_USE = ("long", "term", "use")
# Z79.899 "Other long term (current) drug therapy", of a medicine whose class has no Z79 code.
LONG_TERM_THERAPY = ("long", "term", "drug", "therapy")


@cache
def _drug_keys() -> frozenset[tuple[str, ...]]:
    """The loose keys of the medicine names of ``drug_names.tsv`` and ``TITLED``."""
    names = [name for name, _ in read_rows(DRUG_NAMES_FILE)] + sorted(TITLED)
    return frozenset(loose_key(tuple(tokens(name))) for name in names)


@cache
def _framed(frame: str) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """Medicine (loose key) -> the title words of the rows of ``drug_names.tsv`` read only in
    ``frame`` (``vocab.FRAMES``): the Z79 words of its long-term use, the Z88 words of an
    allergy to it."""
    out: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for name, words in drug_classes(frame):
        out.setdefault(loose_key(tuple(tokens(name))), []).append(
            tuple(t for t in tokens(words) if t not in STOPWORDS))
    return out


def _add_framed(parsed: ParsedQuery, slot: Slot, frame: str) -> None:
    have = {a.tokens for a in slot.alternatives}
    for reading in _framed(frame).get(loose_key(tuple(tokens(slot.text))), []):
        if reading not in have:
            have.add(reading)
            slot.alternatives.append(Alternative(reading, f"medicine {frame}"))
            parsed.expansions.append({"from": slot.text, "to": " ".join(reading),
                                      "kind": f"medicine {frame}"})


def names_a_medicine(words: list[str]) -> bool:
    """Does a word, or two in a row, of ``words`` name a medicine ("long term insulin")?"""
    keys = _drug_keys()
    return any(loose_key(tuple(words[i:i + n])) in keys
               for n in (1, 2) for i in range(len(words) - n + 1))


def is_medicine(slot: Slot) -> bool:
    """Does the slot name a medicine (by its words as typed)?"""
    return loose_key(tuple(tokens(slot.text))) in _drug_keys()


INDICATIONS_FILE = "indications.tsv"
# A pregnancy said (or a reading of it: "gdm" as gestational diabetes), where chapter 15's
# titles say the treatment with the condition ("insulin controlled").
PREGNANCY_SAID = frozenset(stem(w) for w in """
    pregnant pregnancy gestational antenatal prenatal antepartum trimester weeks childbirth
    puerperium postpartum expecting labour labor
    """.split())


@cache
def _indications() -> dict[tuple[str, ...], frozenset[str]]:
    """Medicine (loose key of its name) -> the stems of the conditions its classes treat."""
    treats = {cls: frozenset(stem(w) for w in tokens(words))
              for cls, words in read_rows(INDICATIONS_FILE)}
    out: dict[tuple[str, ...], frozenset[str]] = {}
    for name, cls in [*read_rows(DRUG_NAMES_FILE), *((t, t) for t in TITLED)]:
        if cls in treats:
            key = loose_key(tuple(tokens(name)))
            out[key] = out.get(key, frozenset()) | treats[cls]
    return out


@cache
def _senses() -> dict[tuple[str, ...], dict[str, str]]:
    """Medicine (loose key of its name) -> {a condition word's stem: the sense it means}."""
    by_class: dict[str, dict[str, str]] = {}
    for row in read_columns(INDICATIONS_FILE):
        if len(row) > 2 and row[2]:
            pairs = (p.split("=", 1) for p in row[2].split(";") if "=" in p)
            by_class[row[0]] = {stem(w.strip().lower()): m.strip() for w, m in pairs}
    out: dict[tuple[str, ...], dict[str, str]] = {}
    for name, cls in read_rows(DRUG_NAMES_FILE):
        if cls in by_class:
            out.setdefault(loose_key(tuple(tokens(name))), {}).update(by_class[cls])
    return out


def sensed(query: str) -> str | None:
    """A condition's word said with a medicine taken for one sense of it ("reflux on
    omeprazole"), restated as that sense ("gastroesophageal reflux on omeprazole"), else None.
    The medicine tells which reflux: alone, "reflux" is the urinary tract's (N13.7)."""
    words = tokens(query)
    if USE_CUES.isdisjoint(words):
        return None
    senses = _senses()
    meant = next((senses[k] for k in (loose_key((w,)) for w in words) if k in senses), None)
    if not meant:
        return None
    said = set(words)
    out = [sense if (sense := meant.get(stem(w))) and not said.issuperset(tokens(sense)) else w
           for w in words]
    return " ".join(out) if out != words else None


def treated(parsed: ParsedQuery) -> None:
    """A condition said beside a medicine taken for it ("hypertension on lisinopril", "afib,
    takes warfarin"): the medicine is its treatment, left unsearched with its use cue, and
    the condition leads (its Z79 long-term use is a second code). Read only where a use cue
    is said and the medicine's class treats a word of another slot."""
    words = tokens(parsed.text)
    if USE_CUES.isdisjoint(words) or len(parsed.slots) < 2:
        return
    indications = _indications()
    treating = [s for s in parsed.slots if loose_key(tuple(tokens(s.text))) in indications]
    if not treating:
        return
    rest = [s for s in parsed.slots if s not in treating and s.text.lower() not in USE_CUES]
    said = {stem(t) for s in rest for a in s.alternatives for t in a.tokens}
    if not said.isdisjoint(PREGNANCY_SAID):
        return  # in a pregnancy the titles code diabetes by its treatment (O24.414 insulin)
    gone = [s for s in treating
            if not said.isdisjoint(indications[loose_key(tuple(tokens(s.text)))])]
    if not gone:
        return
    kept = [s for s in parsed.slots if s not in gone and s.text.lower() not in USE_CUES
            and s.text.lower() not in REGULARLY]
    if not kept:
        return
    texts = {s.text for s in parsed.slots} - {s.text for s in kept}
    parsed.treatment = frozenset(w for t in texts for w in tokens(t)) | (
        USE_CUES & set(words))
    parsed.slots[:] = kept
    parsed.expansions[:] = [e for e in parsed.expansions if e["from"] not in texts]


def long_term_use(parsed: ParsedQuery) -> None:
    """"on coumadin": add a slot saying the long-term use, when the query is a use cue, one or
    more medicines and words of how regularly, and nothing else."""
    words = tokens(parsed.text)
    if not any(w in USE_CUES for w in words) or not parsed.slots:
        return
    medicines = [s for s in parsed.slots if is_medicine(s)]
    rest = [s for s in parsed.slots if s not in medicines]
    if not medicines or any(w not in REGULARLY and w not in STOPWORDS and w not in USE_CUES
                            for s in rest for w in tokens(s.text)):
        return
    said = next(w for w in words if w in USE_CUES)
    for slot in medicines:
        _add_framed(parsed, slot, "use")
    parsed.slots.append(Slot(said, [Alternative(LONG_TERM_USE, "medicine use"),
                                    Alternative(LONG_TERM_THERAPY, "medicine use")]))
    parsed.expansions.append({"from": said, "to": " ".join(LONG_TERM_USE),
                              "kind": "medicine use"})


# A condition said to come from a medicine: "neuropathy from chemo", "gout from my water pill".
CAUSE_CUES = frozenset({"from", "after", "caused", "due", "because"})
OVERDOSED = frozenset({"overdose", "overdosed", "overdosing", "od", "poisoning", "poisoned"})
# Or a medicine said to do it, named before the verb: "amoxicillin gave me a rash", "statins
# making my legs ache", "codeine made me constipated".
CAUSE_VERBS = frozenset({"gave", "gives", "giving", "give", "made", "makes", "making",
                         "causing", "causes", "upsetting", "upset", "upsets"})
# Medicines said by their form alone ("low blood pressure from my meds").
FORMS = frozenset({"meds", "med", "medication", "medications", "medicine", "medicines", "pills",
                   "pill", "tablets", "tablet", "drugs", "drug"})
# The titles' words for what a medicine causes: "Drug-induced polyneuropathy", "Drug induced
# constipation"; a medicine said by its form alone also "Hypotension due to drugs". A named
# medicine reads only as "drug-induced": "drug" alone let "Drug rash with eosinophilia" lead
# "rash from amoxicillin", and "antidiarrheal drugs" lead "diarrhea from antibiotics".
DRUG = ("drug",)
DRUG_INDUCED = ("drug", "induced")


# A medicine named first, as a condition's adjective ("simvastatin myopathy", "lithium
# tremor", "steroid acne"), is the drug the condition is induced by: not when the words say
# what else was done with it (taken too much, allergic to, on it, given it by a drip).
NOT_INDUCED = OVERDOSED | frozenset({"allergic", "allergy", "allergies", "withdrawal",
                                     "dependence", "dependent", "addiction", "addicted", "abuse",
                                     "level", "levels", "toxicity", "test", "clinic", "check",
                                     # how it is given: an administration, no condition
                                     "drip", "infusion", "injection", "injections", "through",
                                     "pump", "therapy", "treatment", "dose", "dosage"})


def _named_first(parsed: ParsedQuery, words: list[str]) -> set[str]:
    """The words of the first slot, when it names a medicine said before a condition."""
    if (len(parsed.slots) < 2 or not NOT_INDUCED.isdisjoint(words)
            or not USE_CUES.isdisjoint(words) or not is_medicine(parsed.slots[0])):
        return set()
    return set(tokens(parsed.slots[0].text))


def drug_induced(parsed: ParsedQuery) -> None:
    """A medicine named after a cause cue, or before a causing verb, beside a condition, also
    reads as "drug-induced" (by its form alone, as "drug"): the titles of the conditions
    medicines cause say so."""
    if len(parsed.slots) < 2:
        return  # a medicine is read only beside a condition, another slot
    words = tokens(parsed.text)
    cue = next((i for i, w in enumerate(words) if w in CAUSE_CUES), None)
    verb = next((i for i, w in enumerate(words) if w in CAUSE_VERBS), None)
    first = _named_first(parsed, words) if not cue and not verb else set()
    if (cue is None or cue == 0) and not verb and "on" not in words[1:] and not first:
        return
    said_at = (set(words[cue + 1:]) if cue else set()) | first
    if verb:
        said_at |= set(words[:verb])
    # A condition said while "on" a medicine ("bleeding gums on warfarin"): the medicine just
    # after the "on" (``long_term_use`` reads "on warfarin" said alone); an overdose "on" one
    # is a poisoning.
    if OVERDOSED.isdisjoint(words):
        said_at |= {w for i, w in enumerate(words[1:-1], 1) if w == "on"
                    for w in words[i + 1:i + 2]}
    said = [s for s in parsed.slots
            if (s.text in FORMS or is_medicine(s)) and set(tokens(s.text)) <= said_at]
    if not said or len(said) == len(parsed.slots):
        return
    for slot in said:
        reading = DRUG if slot.text in FORMS else DRUG_INDUCED
        if all(a.tokens != reading for a in slot.alternatives):
            slot.alternatives.append(Alternative(reading, "medicine"))
            parsed.expansions.append({"from": slot.text, "to": " ".join(reading),
                                      "kind": "medicine"})


# A medicine or a substance taken by mouth when it should not have been ("toddler swallowed
# grandma's pills", "child ate marijuana edibles": the Table of Drugs' poisoning, T36-T65
# characters 1-4), or not taken as prescribed ("skipping my blood pressure meds": underdosing,
# character 6, guideline I.C.19.e.5.c).
INGESTED = frozenset({"swallowed", "swallow", "swallowing", "ate", "eaten", "eating",
                      "ingested", "ingestion", "ingesting", "drank"})
SKIPPED = frozenset({"skipping", "skipped", "skip", "skips", "missed", "missing", "stopped",
                     "stopping", "forgot", "forgetting", "forgets"})
POISONING = ("poisoning",)
UNDERDOSING = ("underdosing",)
# What is swallowed that is no medicine (T51-T65: antifreeze, bleach, weed killer) is a "Toxic
# effect of ...", a medicine a "Poisoning by ...".
SWALLOWED = (POISONING, ("toxic", "effect"))
# A child who swallowed something ("toddler drank bleach", "kid ate rat poison") did it by
# accident: the intent the titles call "accidental (unintentional)" (and the one a coder
# gives an intent unsaid, guideline I.C.19.e.5.b). Left unread, the person's word matched
# nothing and the category's heading led its accidental code.
SWALLOWERS = frozenset("""
    child children kid kids toddler toddlers baby babies infant boy girl son daughter
    grandson granddaughter
    """.split())
ACCIDENTAL = ("accidental",)

# How much was taken, said before the medicine: "a whole bottle of", "a handful of", "half a
# packet of", "loads of", "twenty of", "30" ("took 30 paracetamol"). No title says a container
# or a count of pills: beside a taking verb the amount is no word to match, and says the
# taking was an overdose ("took a whole packet of paracetamol": a poisoning, not the
# paracetamol's underdosing or adverse effect).
TAKING = INGESTED | frozenset({"took", "taken", "taking", "take", "takes", "had", "downed",
                               "necked", "overdosed", "od", "popped"})
HOLDERS = frozenset("""
    bottle bottles packet packets pack packs box boxes handful handfuls bunch load loads lot
    lots strip strips tub tubs jar jars sheet sheets blister blisters pot pots supply
    """.split())
AMOUNT_SMALL = frozenset("a an whole entire full half the her his my their our".split())
# Counts past any single dose (two tablets are a dose, not an overdose).
COUNTS = frozenset("""
    ten eleven twelve fifteen twenty thirty forty fifty hundred dozen dozens
    """.split())
LEAST_COUNT = 5
POISONED_BY = frozenset({"took", "taken", "taking", "take", "takes", "had", "downed", "necked",
                         "popped"})


def _an_amount(word: str) -> bool:
    return (word in HOLDERS or word in COUNTS
            or (word.isdigit() and int(word) >= LEAST_COUNT))


# An amount that says none ("drank some bleach"): no word of a title, nor an overdose.
SOME = frozenset({"some", "any"})


def amount(words: list[str], overdose: bool = False) -> set[int]:
    """Positions of ``words`` (a query's tokens) that say how much was taken, just after a
    taking verb ("swallowed a whole bottle of ...", "took 30 ...", "ate a handful", "drank
    some"): the amount and its "of"; only one past a dose if ``overdose``."""
    if TAKING.isdisjoint(words):
        return set()
    start = next(i for i, w in enumerate(words) if w in TAKING) + 1
    if start < len(words) - 1 and words[start] in SOME and not overdose:
        return {start}
    j = start
    while j < len(words) and words[j] in AMOUNT_SMALL:
        j += 1
    if j == len(words) or not _an_amount(words[j]):
        return set()
    end = j + 1
    if end < len(words) and words[end] == "of":
        end += 1
    elif words[j] in HOLDERS and end < len(words):  # "a box" is no amount in "a box fell"
        return set()
    return set(range(start, end))


def taken_amiss(parsed: ParsedQuery) -> None:
    """A swallowing or eating word beside a medicine (by name or by form) also reads as a
    poisoning, a skipping or stopping word as an underdosing; beside either, a medicine by its
    form alone also reads as "drug" ("Poisoning by unspecified drugs")."""
    said = {s.text for s in parsed.slots}
    if said.isdisjoint(TAKING) and said.isdisjoint(SKIPPED):  # most queries: no taking
        return
    taking = INGESTED | POISONED_BY if amount(tokens(parsed.text), True) else INGESTED
    verbs = [s for s in parsed.slots if s.text in taking or s.text in SKIPPED]
    if not verbs or not any(is_medicine(s) or s.text in FORMS for s in parsed.slots):
        return
    for slot in parsed.slots:
        if slot.text in SWALLOWERS and any(s.text in taking for s in verbs):
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        ACCIDENTAL, "medicine")
            continue
        readings = (SWALLOWED if slot.text in taking else (UNDERDOSING,) if slot.text in SKIPPED
                    else (DRUG, DRUGS_MEDICAMENTS) if slot.text in FORMS else ())
        have = {a.tokens for a in slot.alternatives}
        for reading in readings:
            add_reading(parsed, slot, have, slot.text, reading, "medicine")


# An allergy to a medicine is its Z88 allergy status: of the class Z88.0-Z88.7 names
# (penicillin, other antibiotic agents, sulfonamides, other anti-infective agents, anesthetic,
# narcotic and analgesic agents, serum and vaccine), else Z88.8 "other drugs, medicaments and
# biological substances" ("allergic to lisinopril"). Z91.041 says radiographic dye; the toxic
# substances of T51-T65 are no medicine to be allergic to.
ALLERGY = frozenset({"allergic", "allergy", "allergies"})
ALLERGY_CLASSES = frozenset({
    "penicillin", "penicillins", "antibiotic", "antibiotics", "sulfonamides", "infective",
    "anesthetic", "anesthetics", "narcotic", "analgesic", "vaccine", "vaccines", "serum", "dye"})
NO_MEDICINE = frozenset({"corrosive", "alkalis", "rodenticides", "glycols", "alcohols", "nicotine",
                         "cannabis"})
OTHER_DRUGS = ("other", "drugs", "medicaments")


# A stinging insect's venom beside an allergy word is the insect's allergy status ("allergic
# to wasp stings": Z91.038 "Other insect allergy status"; bees Z91.030 "Bee allergy status"),
# not the sting's toxic effect (T63.4-), which a sting said without "allergic" reads as.
STINGERS = {"bees": ("bee", "allergy", "status")}
INSECT_ALLERGY = ("other", "insect", "allergy", "status")
STINGING = frozenset({"bees", "wasps", "hornets", "ants", "arthropod"})


def allergy_status(parsed: ParsedQuery) -> None:
    """A medicine beside an allergy word also reads as the Z88 words of its class: its rows
    read only here, or, when no reading of it names a Z88 class, "other drugs, medicaments";
    an insect's venom as the insect's allergy status (Z91.03-)."""
    if ALLERGY.isdisjoint(tokens(parsed.text)):
        return
    for slot in parsed.slots:
        stung = {t for a in slot.alternatives if "venom" in a.tokens for t in a.tokens} & STINGING
        for insect in sorted(stung):
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        STINGERS.get(insect, INSECT_ALLERGY), "insect allergy")
        if not is_medicine(slot):
            continue
        _add_framed(parsed, slot, "allergy")
        said = {t for a in slot.alternatives for t in a.tokens}
        if said.isdisjoint(ALLERGY_CLASSES) and said.isdisjoint(NO_MEDICINE):
            slot.alternatives.append(Alternative(OTHER_DRUGS, "medicine allergy"))
            parsed.expansions.append({"from": slot.text, "to": " ".join(OTHER_DRUGS),
                                      "kind": "medicine allergy"})


# Bleeding said beside an anticoagulant ("bleeding gums on warfarin", "nosebleeds on blood
# thinners") is D68.32 "Hemorrhagic disorder due to extrinsic circulating anticoagulants" (with
# T45.515, guideline I.C.3.a.2; the index: "Bleeding, due to anticoagulant"). Neither the gums'
# gingivitis nor the long-term use says it: the bleeding also reads as the title's
# "hemorrhagic", the anticoagulant (by name, class or "blood thinners") as "extrinsic
# anticoagulants" (a medicine is the extrinsic one: D68.31 is the body's own inhibitors).
BLEEDS = frozenset("""
    bleeding bleed bleeds bled bleedy nosebleed nosebleeds bruising bruise bruises bruised
    bruisy hemorrhage haemorrhage hemorrhaging haemorrhaging hematuria haematuria epistaxis
    ecchymoses ecchymosis hemorrhagic hemoptysis haemoptysis melena melaena hematemesis
    haematemesis hematochezia
    """.split())
# The query's words that may say a bleeding in a lay phrase ("blood in my pee": hematuria,
# "coughing up blood": hemoptysis): the slots' readings are looked at only then.
BLEED_CUES = BLEEDS | frozenset({"blood", "bloody", "black", "tarry"})
ANTICOAGULANTS = frozenset({"anticoagulants", "anticoagulant"})
HEMORRHAGIC = ("hemorrhagic",)
EXTRINSIC = ("extrinsic", "anticoagulants")


def anticoagulant_bleeding(parsed: ParsedQuery, words: set[str]) -> None:
    """A bleeding said beside an anticoagulant also reads as the anticoagulant's haemorrhagic
    disorder: "hemorrhagic" for the bleeding, "extrinsic anticoagulants" for the medicine
    (``words``: the query's words)."""
    if len(parsed.slots) < 2 or BLEED_CUES.isdisjoint(words):
        return
    drugs = [s for s in parsed.slots
             if any(not ANTICOAGULANTS.isdisjoint(a.tokens) for a in s.alternatives)]
    bleeds = [s for s in parsed.slots if s not in drugs
              and any(not BLEEDS.isdisjoint(a.tokens) for a in s.alternatives)]
    if not drugs or not bleeds:
        return
    for slot in drugs:  # a medicine taken is extrinsic: not D68.3's heading over D68.32
        kept = [a for a in slot.alternatives if a.tokens != EXTRINSIC[1:]]
        if kept and len(kept) < len(slot.alternatives):
            slot.alternatives[:] = kept
            parsed.expansions[:] = [e for e in parsed.expansions if not (
                e["from"] == slot.text and e["to"] == EXTRINSIC[1])]
    for slot, reading in ((bleeds[0], HEMORRHAGIC), *((d, EXTRINSIC) for d in drugs)):
        if all(a.tokens != reading for a in slot.alternatives):
            slot.alternatives.append(Alternative(reading, "medicine"))
            parsed.expansions.append({"from": slot.text, "to": " ".join(reading),
                                      "kind": "medicine"})


# A reaction or a side effect of a medicine said by its form alone ("allergic reaction to a
# medication", "side effect of my tablets") is of T50.9-/T88.7's "drugs, medicaments": the
# form reads so (the titles never say "medication" or "tablets").
REACTIONS = frozenset({"reaction", "reactions", "reacted", "effect", "effects"})
DRUGS_MEDICAMENTS = ("drugs", "medicaments")


def form_reaction(parsed: ParsedQuery, words: set[str]) -> None:
    """A medicine's form beside a reaction word also reads as "drugs, medicaments"."""
    if REACTIONS.isdisjoint(words):
        return
    for slot in parsed.slots:
        if slot.text in FORMS:
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        DRUGS_MEDICAMENTS, "medicine")


# A rash after a medicine ("came out in a rash after taking amoxicillin", "broke out in hives
# after penicillin") is L27.0/L27.1 "... skin eruption due to drugs and medicaments taken
# internally" (with the drug's T36-T50 adverse effect); not one from a cream or a plant touched
# (contact dermatitis, ``contact.contact_rash``). How it came out ("broke out", "came out")
# is no word of it: "broke" read as a fracture.
RASHES = frozenset({"rash", "rashes", "hives", "eruption", "spots", "welts", "urticaria"})
TOUCHED = frozenset({"cream", "creams", "ointment", "gel", "lotion", "applied", "putting",
                     "touching", "touched", "plaster", "patch", "contact"})
CAME_OUT = frozenset({"broke", "broken", "break", "breaking", "came", "come", "coming", "out",
                      "taking", "took", "taken", "starting", "started"})
DRUG_ERUPTION = ("skin", "eruption")


def drug_rash(parsed: ParsedQuery, words: set[str]) -> None:
    """A rash beside a medicine taken as its skin eruption due to drugs (L27)."""
    if RASHES.isdisjoint(words) or not TOUCHED.isdisjoint(words) or len(parsed.slots) < 2:
        return
    rashes = [s for s in parsed.slots if s.text.lower() in RASHES]
    if not rashes or not any(is_medicine(s) or s.text in FORMS for s in parsed.slots):
        return
    for slot in rashes:
        add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                    DRUG_ERUPTION, "medicine")
    # The medicine is L27's "drugs and medicaments" too: its class alone is no part of L27.
    for slot in parsed.slots:
        if is_medicine(slot) or slot.text in FORMS:
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        DRUGS_MEDICAMENTS, "medicine")
    parsed.slots = [s for s in parsed.slots if s.text.lower() not in CAME_OUT]
