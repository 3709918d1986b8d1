"""Why the person came in, said as the thing done at the visit: its Z encounter code.

ICD-10-CM codes an outpatient visit by its reason (guidelines, section IV): a treatment session
(Z51.0 radiotherapy, Z51.11 chemotherapy, Z51.12 immunotherapy, guideline I.C.2.e: first-listed
when the visit is solely for it), aftercare of a thing on or in the body (Z48.02 removal of
sutures, Z48.0- dressings and drains, Z47.2 a fixation device out, Z47.89 a cast off), a device
fitted, adjusted or checked (Z45, Z46, Z30.43-), a repeat prescription (Z76.0; of contraceptive
pills Z30.41), an explanation of test findings (Z71.2), and aftercare after a joint replacement
(Z47.1). People say the thing and what is done to it ("stitches out", "bandage changed",
"hearing aid adjustment", "coil fitted"), words no Z title holds in that order; the thing and
the action, beside each other anywhere in the query, read as the title's words.

The condition leads where the classification says so: aftercare of an injury is the injury's
subsequent encounter (guideline I.C.21.c.7: "The aftercare Z codes should not be used for
aftercare for injuries"), so beside an injury the action reads as "subsequent encounter"
("dressing change for a burn on my arm", "cast off my broken wrist"). A treatment's harm or
history ("nausea from the chemo", "had chemo") is no session.

Where a procedure code also fits ("IUD insertion", "dressing change", "drain removal"), the Z
code leads and the typed words stay as a reading beside the Z title's, so ICD-10-PCS still
matches next: the Z code is the visit's reason on every claim (Z30.430 for an insertion,
guideline I.C.21.c.11), while ICD-10-PCS is reported only for an inpatient stay, beside it.
A tube changed in an opening ("g tube change") is left to ICD-10-PCS's Change: Z43's
"attention to" titles name care and cleansing, not the change of a device.

Every reading is gated on a cue word (``CUES``): a query without one pays a set intersection.
"""

from __future__ import annotations

from itertools import islice, product

from medcodes.search.encounters import (
    FOLLOW_UPS,
    FRACTURE,
    HEALING,
    INJURIES,
    MAX_JOINED,
    SUBSEQUENT,
    follow_up_span,
)
from medcodes.search.medicines import is_medicine
from medcodes.search.parsed import Alternative, ParsedQuery, Slot
from medcodes.search.text import stem

# --- What is done to a thing at the visit ------------------------------------------------
REMOVE = frozenset("out off removal removed remove removing take taken took pulled".split())
CHANGE = frozenset("change changed changing changes".split())
ADJUST = frozenset("adjustment adjustments adjust adjusted adjusting programming programmed"
                   " reprogramming tuning tuned".split())
# Fitted: of an aid worn, its fitting; of a device put in, its insertion ("pacemaker fitted").
FIT = ADJUST | frozenset({"fitting", "fitted", "fit"})
CHECK = frozenset("check checked checking checks interrogation interrogated".split())
INSERT = frozenset("insertion inserted insert fitted placed placement".split())

# A tube changed in an opening is also ICD-10-PCS's Change of its device ("g tube change":
# 0DW, 0D2), the procedure's own name: left to it. Its care is the encounter's.
CARE = frozenset("care check checked checking cleaning clean attention maintenance supplies"
                 .split())
SURGICAL_AFTERCARE = ("surgical", "aftercare")
SURGICAL_DRESSING = ("change", "removal", "surgical", "wound", "dressing")
NONSURGICAL_DRESSING = ("change", "removal", "nonsurgical", "wound", "dressing")
IUD = ("intrauterine", "contraceptive", "device")
# The things (said by any of their words' tuples) and, by what is done to them, the title
# words of the visit's Z code.
THINGS: tuple[tuple[frozenset[tuple[str, ...]], tuple[tuple[frozenset[str], tuple[str, ...]],
                                                       ...]], ...] = (
    (frozenset({("stitches",), ("stitch",), ("sutures",), ("suture",), ("staples",),
                ("staple",)}),
     ((REMOVE, ("removal", "sutures")),)),
    (frozenset({("dressing",), ("dressings",), ("bandage",), ("bandages",)}),
     ((CHANGE | REMOVE, NONSURGICAL_DRESSING),)),
    (frozenset({("drain",), ("drains",)}),
     ((CHANGE | REMOVE, ("change", "removal", "drains")),)),
    (frozenset({("cast",), ("plaster",)}),
     ((REMOVE, ("other", "orthopedic", "aftercare")),)),
    (frozenset({("plate",), ("plates",), ("screws",), ("screw",), ("pins",), ("rods",),
                ("rod",), ("hardware",)}),
     ((REMOVE, ("removal", "internal", "fixation", "device")),)),
    (frozenset({("hearing", "aid"), ("hearing", "aids")}),
     ((FIT | CHECK, ("fitting", "adjustment", "hearing", "aid")),)),
    (frozenset({("glasses",), ("spectacles",), ("contact", "lenses"), ("contacts",)}),
     ((FIT, ("fitting", "adjustment", "spectacles")),)),
    (frozenset({("pacemaker",)}),
     ((CHECK | ADJUST, ("adjustment", "management", "cardiac", "pacemaker")),)),
    (frozenset({("defibrillator",), ("aicd",)}),
     ((CHECK | ADJUST, ("adjustment", "management", "implantable", "cardiac", "defibrillator")),)),
    (frozenset({("insulin", "pump")}),
     ((FIT | CHECK, ("fitting", "adjustment", "insulin", "pump")),)),
    (frozenset({("cochlear", "implant"), ("cochlear",)}),
     ((ADJUST | CHECK, ("adjustment", "management", "cochlear", "device")),)),
    (frozenset({("iud",), ("coil",), ("mirena",)}),
     ((INSERT, ("insertion", *IUD)), (CHECK, ("routine", "checking", *IUD)),
      (REMOVE, ("removal", *IUD)))),
    (frozenset({("dialysis", "catheter"), ("dialysis", "line"), ("dialysis", "catheters")}),
     ((CHECK | FIT | CHANGE, ("fitting", "adjustment", "dialysis", "catheter")),)),
    (frozenset({("dialysis",), ("hemodialysis",)}),
     ((CHECK, ("adequacy", "testing", "dialysis")),)),
    # A wound or a cut made by a surgeon, checked: the surgical aftercare (Z48.81-, Z48.89).
    (frozenset({("wound",), ("wounds",), ("incision",), ("incisions",)}),
     ((CHECK, SURGICAL_AFTERCARE),)),
    # An opening made into an organ, cared for or checked: Z43 Encounter for attention to
    # artificial openings (a tube changed in it is left to ICD-10-PCS, ``CARE``).
    *((frozenset(map(tuple, map(str.split, names.split(",")))),
       ((CARE, ("attention", *opening)),))
      for names, opening in (
          ("colostomy,colostomy bag", ("colostomy",)),
          ("ileostomy,ileostomy bag", ("ileostomy",)),
          ("tracheostomy,trach,trach tube", ("tracheostomy",)),
          ("gastrostomy,g tube,peg tube,feeding tube", ("gastrostomy",)),
          ("cystostomy,suprapubic catheter", ("cystostomy",)),
          ("nephrostomy,urostomy", ("artificial", "openings", "urinary", "tract")),
          ("stoma", ("artificial", "opening")))),
)
# Where an ICD-10-PCS operation is the same act, its title's words are read too: an inpatient
# stay reports it beside the Z code ("coil taken out": Z30.432 and 0UPD Removal of
# Contraceptive Device from Uterus and Cervix).
PROCEDURES_TOO: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {
    ("insertion", *IUD): (("insertion", "contraceptive", "device", "uterus"),),
    ("removal", *IUD): (("removal", "contraceptive", "device", "uterus"),),
}
# An operation said beside a dressing makes it the surgical wound's.
SURGICAL = frozenset("surgery surgical operation op postop post-op incision incisions"
                     " postoperative c-section section".split())
# The aftercare of an operation's wound: the operation it follows ("sutures from my knee
# surgery") is what came before the visit, not its reason, and is left unsearched.
AFTER_SURGERY = frozenset({("removal", "sutures"), NONSURGICAL_DRESSING,
                           ("change", "removal", "drains"), SURGICAL_AFTERCARE})
THING_WORDS = frozenset(w for things, _ in THINGS for words in things for w in words)
ACTIONS = REMOVE | CHANGE | FIT | CHECK | INSERT | CARE
# A thing done at a visit before is told, not the reason for this one ("pacemaker checked last
# month", "had my stitches out").
DONE_BEFORE = frozenset("had last ago yesterday history previous previously".split())
# Words of coming in for the visit, folded into its reading ("here to get my stitches out").
VISITING = frozenset("here in came come coming get getting got need needs needed want wants"
                     " today appointment visit session sessions due please booked have having"
                     " my the a an to for".split())


def _words(slot: Slot) -> list[str]:
    return slot.text.lower().replace("-", " ").split()


def _says(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1))


def _find(texts: list[list[str]], things: frozenset[tuple[str, ...]]) -> list[int]:
    """The slots that say one of ``things``: one slot, or two beside each other ("dialysis"
    and "line")."""
    for i, t in enumerate(texts):
        if any(_says(t, w) for w in things):
            return [i]
    for i in range(len(texts) - 1):
        if any(_says(texts[i] + texts[i + 1], w) for w in things if len(w) > 1):
            return [i, i + 1]
    return []


def _fold(parsed: ParsedQuery, keep: list[int], folded: set[int],
          readings: list[tuple[str, ...]], kind: str) -> None:
    """The slots ``keep`` (and ``folded``, whose words are then left unsearched) as one slot
    at the first of them, said as the kept slots' typed words or as each of ``readings``."""
    chosen = sorted(set(keep) | folded)
    text = " ".join(parsed.slots[i].text for i in chosen)
    # Each way of saying the kept slots, joined: a device's or an operation's reading stays
    # ("iud insertion": insertion of contraceptive device into uterus, ICD-10-PCS).
    said = [Alternative(tuple(t for a in alts for t in a.tokens), alts[-1].kind)
            for alts in islice(product(*(parsed.slots[i].alternatives for i in sorted(keep))),
                               MAX_JOINED)]
    merged = {parsed.slots[i].text for i in chosen}
    have = {a.tokens for a in said}
    slot = Slot(text, [*said, *(Alternative(r, kind) for r in readings if r not in have)])
    first = chosen[0]
    parsed.slots[:] = [slot if i == first else s for i, s in enumerate(parsed.slots)
                       if i == first or i not in chosen]
    parsed.expansions[:] = [e for e in parsed.expansions if e["from"] not in merged]
    parsed.expansions.extend({"from": text, "to": " ".join(r), "kind": kind} for r in readings)


def _injuries(slots: list[Slot]) -> set[str]:
    return {stem(t) for s in slots for alt in s.alternatives for t in alt.tokens} & INJURIES


def aftercare_of_a_thing(parsed: ParsedQuery, heard: set[str]) -> None:
    """Read a thing said with what is done to it at a visit (``THINGS``: "stitches out",
    "hearing aid adjustment") as the Z title of that visit, the thing, the action and the
    words of coming in one slot (in place); beside an injury, as its subsequent encounter."""
    if (THING_WORDS.isdisjoint(heard) or ACTIONS.isdisjoint(heard)
            or not DONE_BEFORE.isdisjoint(heard)):
        return
    texts = [_words(s) for s in parsed.slots]
    for things, by_action in THINGS:
        at = _find(texts, things)
        if not at:
            continue
        said = [i for i, t in enumerate(texts) if i not in at or len(t) > 1]
        for actions, reading in by_action:
            acting = [i for i in said if not actions.isdisjoint(texts[i])]
            if not acting:
                continue
            keep = sorted({*at, *acting})
            rest = [s for i, s in enumerate(parsed.slots) if i not in keep]
            injuries = _injuries(rest)
            folded = {i for i, t in enumerate(texts) if i not in keep and (
                set(t) <= VISITING or (reading in AFTER_SURGERY and not SURGICAL.isdisjoint(t)))}
            folded |= {i - 1 for i in folded if i - 1 not in keep and i - 1 >= 0
                       and not SURGICAL.isdisjoint(texts[i])}  # "knee surgery"
            if injuries:  # the injury leads: its subsequent encounter
                readings: list[tuple[str, ...]] = (
                    [SUBSEQUENT + HEALING] if FRACTURE in injuries else []) + [SUBSEQUENT]
                _fold(parsed, keep, folded, readings, "encounter")
                return
            if reading == NONSURGICAL_DRESSING and not SURGICAL.isdisjoint(
                    w for t in texts for w in t):
                reading = SURGICAL_DRESSING
            _fold(parsed, keep, folded, [reading, *PROCEDURES_TOO.get(reading, ())],
                  "visit reason")
            return


# --- A treatment session -----------------------------------------------------------------
# A treatment said with a word of coming for it, or said to be for a cancer, is the encounter
# for it: "in for my next round of chemo", "radiation therapy for my breast cancer". The
# cancer is what the session is for: it is coded after the Z code (guideline I.C.2.e.2), and
# is left unsearched so that the encounter leads.
SESSIONS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys("radiation radiotherapy xrt irradiation".split(),
                    ("encounter", "antineoplastic", "radiation", "therapy")),
    **dict.fromkeys("chemo chemotherapy".split(),
                    ("encounter", "antineoplastic", "chemotherapy")),
    **dict.fromkeys(["immunotherapy"], ("encounter", "antineoplastic", "immunotherapy")),
}
SESSION_CUES = frozenset("here in session sessions appointment appt cycle cycles round rounds"
                         " course next daily weekly today admitted admit admission scheduled"
                         " booked encounter due".split())
CANCERS = frozenset("cancer cancers carcinoma tumor tumour malignant malignancy lymphoma"
                    " leukemia leukaemia melanoma sarcoma myeloma neoplasm metastatic mets"
                    .split())
# A treatment's harm, its history or its plan is not the session ("sick from chemo", "had
# radiation", "history of chemo", "chemo port").
NOT_A_SESSION = frozenset("from after since history had previous prior past side effect effects"
                          " induced due caused port reaction finished completed ago years"
                          " burn burns sickness".split())
TREATMENT_WORDS = frozenset({"treatment", "treatments", "therapy", "infusion", "infusions"})


def treatment_session(parsed: ParsedQuery, heard: set[str]) -> None:
    """Read a treatment said with a word of coming for it, or for a cancer, as the encounter
    for it (``SESSIONS``; in place): the treatment, those words and the cancer one slot."""
    named = heard & SESSIONS.keys()
    if not named or not NOT_A_SESSION.isdisjoint(heard):
        return
    texts = [_words(s) for s in parsed.slots]
    at = next((i for i, t in enumerate(texts) if named & set(t)), None)
    if at is None:
        return
    cues = {i for i, t in enumerate(texts) if i != at and set(t) & SESSION_CUES
            and set(t) <= SESSION_CUES | VISITING | TREATMENT_WORDS}
    cancers = {i for i, t in enumerate(texts) if i != at and set(t) & CANCERS}
    if not cues and not cancers:
        return
    others = [t for i, t in enumerate(texts) if i != at and i not in cues | cancers]
    if not all(set(t) <= VISITING | TREATMENT_WORDS | {"of", "for", "on", "with"}
               | set(str(n) for n in range(1, 13)) for t in others):
        return  # something else said: the query is not only the session
    word = next(w for w in texts[at] if w in named)
    keep = [at] + [i for i, t in enumerate(texts) if i != at and set(t) <= TREATMENT_WORDS]
    folded = set(range(len(texts))) - set(keep)
    _fold(parsed, keep, folded, [SESSIONS[word]], "visit reason")


# --- A repeat prescription ---------------------------------------------------------------
REFILLS = frozenset("refill refills refilled renewal renew renewed repeat".split())
MEDICINES = frozenset("meds medication medications medicine medicines prescription"
                      " prescriptions script scripts rx pills tablets".split())
CONTRACEPTIVE_PILLS = ("surveillance", "contraceptive", "pills")
CONTRACEPTION = frozenset("birth control contraceptive contraceptives contraception".split())


def repeat_prescription(parsed: ParsedQuery, heard: set[str]) -> None:
    """Read a refill or a renewal of medicines as the issue of a repeat prescription (Z76.0),
    of the pill as the surveillance of contraceptive pills (Z30.41, Z76.0's Excludes1)."""
    if REFILLS.isdisjoint(heard):
        return
    texts = [_words(s) for s in parsed.slots]
    refill = [i for i, t in enumerate(texts) if not REFILLS.isdisjoint(t)]
    meds = [i for i, t in enumerate(texts) if not (MEDICINES | CONTRACEPTION).isdisjoint(t)]
    if not refill:
        return
    if not CONTRACEPTION.isdisjoint(heard):
        reading = CONTRACEPTIVE_PILLS
    elif meds or len(texts) == 1:
        reading = ("issue", "repeat", "prescription")
    else:
        return
    keep = sorted({*refill, *meds})
    folded = {i for i, t in enumerate(texts) if i not in keep and set(t) <= VISITING}
    _fold(parsed, keep, folded, [reading], "visit reason")


# --- Results explained -------------------------------------------------------------------
# Test results to be gone over, with nothing said wrong with them, are Z71.2 "Person
# consulting for explanation of examination or test findings"; a result said wrong is the
# finding ("abnormal blood test": R79).
RESULT_WORDS = frozenset({"results", "result"})
TESTED = frozenset("blood test tests lab labs bloodwork bloods xray x ray scan scans mri ct"
                   " biopsy ultrasound discuss discussing go over review reviewing explain"
                   " explained explanation my the with doctor".split())
EXPLANATION = ("explanation", "examination", "test", "findings")


def results_explained(parsed: ParsedQuery, heard: set[str]) -> None:
    """Read test results said with nothing found, only what was tested and the wish to go over
    them, as the explanation of examination or test findings (Z71.2; in place)."""
    if RESULT_WORDS.isdisjoint(heard) or not heard <= RESULT_WORDS | TESTED | VISITING:
        return
    texts = [_words(s) for s in parsed.slots]
    _fold(parsed, list(range(len(texts))), set(), [EXPLANATION], "visit reason")


# --- Aftercare after a joint replacement -------------------------------------------------
THERAPY = frozenset("pt physio physiotherapy physical therapy rehab rehabilitation aftercare"
                    " recovery exercises".split())
AFTER = frozenset({"after", "following", "post", "since"})
REPLACED = frozenset({"replacement", "replacements", "arthroplasty", "replaced"})
JOINT_AFTERCARE = ("aftercare", "following", "joint", "replacement", "surgery")


def joint_replacement_aftercare(parsed: ParsedQuery, heard: set[str]) -> None:
    """Read therapy or aftercare after a joint replaced as the aftercare following joint
    replacement surgery (Z47.1; in place); after an injury as its subsequent encounter."""
    if THERAPY.isdisjoint(heard) or AFTER.isdisjoint(heard):
        return
    texts = [_words(s) for s in parsed.slots]
    therapy = [i for i, t in enumerate(texts) if not THERAPY.isdisjoint(t)]
    after = next((i for i, t in enumerate(texts) if not AFTER.isdisjoint(t)), None)
    if not therapy or after is None or after < therapy[0]:
        return
    rest = list(range(after + 1, len(texts)))
    injuries = _injuries([parsed.slots[i] for i in rest])
    if injuries:
        readings: list[tuple[str, ...]] = (
            [SUBSEQUENT + HEALING] if FRACTURE in injuries else []) + [SUBSEQUENT]
        _fold(parsed, therapy, {after}, readings, "encounter")
        return
    if REPLACED.isdisjoint(heard):
        return
    _fold(parsed, list(range(len(texts))), set(), [JOINT_AFTERCARE], "visit reason")


# --- Counselling on a topic ---------------------------------------------------------------
# Z71's and Z30.0's titles name the topic in their own words: "Dietary counseling and
# surveillance" (not "diet"), "Alcohol abuse counseling", "general counseling and advice on
# contraception". What the counselling is for ("for weight loss") is its reason, folded in.
COUNSEL = frozenset("counseling counselling counsel advice advise education".split())
TOPICS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys("diet dietary dietitian nutrition nutritional eating weight food".split(),
                    ("dietary", "counseling")),
    **dict.fromkeys("exercise exercising fitness activity".split(), ("exercise", "counseling")),
    **dict.fromkeys("alcohol drinking".split(), ("alcohol", "abuse", "counseling")),
    **dict.fromkeys("smoking tobacco cigarettes vaping".split(),
                    ("tobacco", "abuse", "counseling")),
    **dict.fromkeys("travel travelling traveling trip".split(),
                    ("health", "counseling", "related", "travel")),
    **dict.fromkeys("contraception contraceptive contraceptives birth control".split(),
                    ("general", "counseling", "advice", "contraception")),
    **dict.fromkeys("genetic genetics".split(), ("genetic", "counseling")),
}


def counselling_topic(parsed: ParsedQuery, heard: set[str]) -> None:
    """Read counselling said with a topic (``TOPICS``) as its title's words, the counselling,
    the topic and what it is for one slot (in place)."""
    if COUNSEL.isdisjoint(heard) or TOPICS.keys().isdisjoint(heard):
        return
    texts = [_words(s) for s in parsed.slots]
    at = [i for i, t in enumerate(texts) if not COUNSEL.isdisjoint(t)]
    topics = [i for i, t in enumerate(texts) if not TOPICS.keys().isdisjoint(t)]
    if not at or not topics:
        return
    reading = next(TOPICS[w] for i in topics for w in texts[i] if w in TOPICS)
    _fold(parsed, sorted({*at, *topics}), set(range(len(texts))) - {*at, *topics},
          [reading], "visit reason")


# --- A follow-up after treatment completed ------------------------------------------------
# A follow-up after a condition's treatment, said done ("follow-up after pneumonia", "follow
# up after finishing treatment for a uti"), is Z09, after a cancer's Z08; the condition is
# no longer there to code (its history is). Still there ("still coughing"), it is coded.
AFTER_TREATED = frozenset("after finished finishing completed completing treated".split())
STILL = frozenset("still persistent persisting ongoing worse not".split())
Z09 = ("follow", "examination", "completed", "treatment", "conditions", "other", "than")
Z08 = ("follow", "examination", "completed", "treatment", "malignant", "neoplasm")
FOLLOW_UP_WORDS = frozenset(w for words in FOLLOW_UPS for w in words)


def completed_treatment_follow_up(parsed: ParsedQuery, heard: set[str]) -> None:
    """Read a follow-up after a condition treated, not an injury, as Z09's or (of a cancer)
    Z08's follow-up examination, the whole query one slot (in place)."""
    if (FOLLOW_UP_WORDS.isdisjoint(heard) or AFTER_TREATED.isdisjoint(heard)
            or not STILL.isdisjoint(heard)):
        return
    span = follow_up_span(parsed)
    texts = [_words(s) for s in parsed.slots]
    if span is None or _injuries(parsed.slots) or len(texts) < 2:
        return
    at = list(range(*span))
    # A cancer named, or its treatment ("follow up after finishing chemo").
    cancer = not heard.isdisjoint(CANCERS | SESSIONS.keys()) or any(
        a.tokens[:2] == ("malignant", "neoplasm") for s in parsed.slots for a in s.alternatives)
    _fold(parsed, at, set(range(len(texts))) - set(at), [Z08 if cancer else Z09],
          "visit reason")


# --- A drug's level checked ---------------------------------------------------------------
LEVELS = frozenset({"level", "levels"})
DRUG_LEVEL = ("therapeutic", "drug", "level", "monitoring")


def drug_level(parsed: ParsedQuery, heard: set[str]) -> None:
    """Read a medicine's level, said with nothing wrong, as the therapeutic drug level
    monitoring (Z51.81; in place): "checking my lithium level", "digoxin levels"."""
    if LEVELS.isdisjoint(heard) or not heard.isdisjoint(FINDING_WORDS):
        return
    texts = [_words(s) for s in parsed.slots]
    level = [i for i, t in enumerate(texts) if not LEVELS.isdisjoint(t)]
    drugs = [i for i, s in enumerate(parsed.slots) if is_medicine(s)]
    if not level or not drugs:
        return
    keep = sorted({*level, *drugs})
    rest = set(range(len(texts))) - set(keep)
    if not all(set(texts[i]) <= VISITING | CHECK for i in rest):
        return
    _fold(parsed, keep, rest, [DRUG_LEVEL], "visit reason")


# A level said wrong is the finding or the poisoning ("lithium level high", "toxic").
FINDING_WORDS = frozenset("high low elevated raised toxic toxicity abnormal overdose"
                          " subtherapeutic supratherapeutic".split())


# --- A check-up of a kind ----------------------------------------------------------------
# A check-up said of an adult, of the teeth, of a woman, after a birth or in a pregnancy is
# the title of that examination (Z00.0-, Z01.2-, Z01.41-, Z39.2, Z34); a child's is
# ``encounters.child_checkup``'s. "Physical" said beside "adult" is the examination, not
# T74.11 Adult physical abuse. Only a query of the check-up and its kind is read: "eye exam
# for diabetes" keeps the diabetes.
CHECKUPS = frozenset("checkup checkups check up physical exam examination visit appointment"
                     " checks".split())
GENERAL_EXAM = ("general", "adult", "medical", "examination")
EXAM_KINDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys("adult annual yearly routine complete full general".split(), GENERAL_EXAM),
    **dict.fromkeys("dental dentist teeth tooth".split(), ("dental", "examination")),
    **dict.fromkeys("woman women womens gyn gyno gynecological gynaecological pelvic".split(),
                    ("routine", "gynecological", "examination")),
    **dict.fromkeys("postpartum postnatal".split(), ("routine", "postpartum", "follow")),
    **dict.fromkeys("prenatal antenatal".split(), ("supervision", "normal", "pregnancy")),
}
# What the examination found, in the titles' words (Z00.00, Z00.01, Z01.411, Z01.419).
FINDINGS = frozenset({"with", "without", "abnormal", "findings"})
# Said beside a check-up, adding nothing to its kind.
CHECKUP_FILLER = frozenset("well no complaints complaint without problems issues a an the my"
                           " for".split())


def checkup_kind(parsed: ParsedQuery, heard: set[str]) -> None:
    """Read a check-up said only with its kind (``EXAM_KINDS``) as that examination's title,
    the query one slot (in place); the most specific kind said wins over a general one."""
    if CHECKUPS.isdisjoint(heard) or EXAM_KINDS.keys().isdisjoint(heard):
        return
    if not heard <= CHECKUPS | EXAM_KINDS.keys() | CHECKUP_FILLER | FINDINGS:
        return
    kinds = [EXAM_KINDS[w] for w in query_words(parsed) if w in EXAM_KINDS]
    reading = next((k for k in kinds if k != GENERAL_EXAM), kinds[0])
    texts = [_words(s) for s in parsed.slots]
    # "with abnormal findings", as the titles say it, stays searched beside the exam.
    exam = [i for i, t in enumerate(texts) if FINDINGS.isdisjoint(t)]
    _fold(parsed, exam, set(), [reading], "visit reason")


def query_words(parsed: ParsedQuery) -> list[str]:
    return [w for s in parsed.slots for w in _words(s)]


CUES = (EXAM_KINDS.keys() | THING_WORDS | SESSIONS.keys() | REFILLS | RESULT_WORDS | THERAPY | COUNSEL
        | FOLLOW_UP_WORDS | LEVELS)


def visit_reason(parsed: ParsedQuery, heard: set[str]) -> None:
    """The readings of this module, for a query that says one of their cue words."""
    if CUES.isdisjoint(heard):
        return
    aftercare_of_a_thing(parsed, heard)
    treatment_session(parsed, heard)
    repeat_prescription(parsed, heard)
    results_explained(parsed, heard)
    joint_replacement_aftercare(parsed, heard)
    counselling_topic(parsed, heard)
    completed_treatment_follow_up(parsed, heard)
    drug_level(parsed, heard)
    checkup_kind(parsed, heard)
