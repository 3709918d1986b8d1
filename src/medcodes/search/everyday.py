"""Words of everyday speech that say who has a condition or how the person feels about it,
not what the condition is.

Patients, parents and carers type "my wife gets migraines", "my son still wets the bed", "I
keep getting headaches", "really bad cough". The person ("wife", "son", "mum") and the filler
("keep", "really", "bad", "feel like") are not the condition, but the titles hold them in other
senses: "Perpetrator of maltreatment, wife", "Child abuse", "Need for immunization", and the
meaning model reads "mum" and "wife" as pregnancy. So both retrievers leave them out, as long
as the query says something else. A curated lay phrase that contains a filler word ("bad
breath", "feel sick") is read before this, and keeps it.
"""

from __future__ import annotations

from medcodes.search.ages import PERSONS
from medcodes.search.course import CUES as COURSE_CUES
from medcodes.search.course import drop as course_said
from medcodes.search.incidental import body_words
from medcodes.search.text import STOPWORDS, stem, tokens
from medcodes.search.time_units import DAYS, HOURS

# Who has it: dropped after a possessive ("my son", "our little girl") or after "in" ("ear
# infection in a child", "asthma in children"), not alone ("child abuse", "son of a diabetic
# mother" are what a coder means by those words).
POSSESSIVES = frozenset({"my", "our", "his", "her", "your", "their"})
WHOSE = frozenset({"in"})
ARTICLES = frozenset({"a", "an", "the"})
PEOPLE = frozenset(
    """
    mom mum mother mommy mummy ma dad father daddy pa parent parents husband wife spouse partner
    boyfriend girlfriend son sons daughter daughters child children kid kids boy girl grandma
    grandmother grandpa grandfather granny nan nana gran grandad granddad grandson
    granddaughter brother sister aunt uncle niece nephew friend teenager teen baby toddler
    boys girls teenagers teens babies toddlers
    """.split()
)
# People words that also say an age the codes tell apart ("my baby has reflux": the newborn's
# reflux): kept for the word search, left out of the meaning text, where "baby" drew every
# query to the newborn codes ("my baby is teething"). A toddler has no codes of its own: its
# word only matched "Toddler fracture" ("croup in a toddler").
AGES = frozenset({"baby", "babies"})
# Between the possessive and the person: "my little boy", "my elderly mother", "my 3 year old".
PERSON_MODIFIERS = frozenset({"little", "older", "younger", "elderly", "old", "teenage", "year",
                              "years", "month", "months", "baby"})
# How it is said, not what: "I keep getting", "really bad", "feel like", "need to", "constant"
# (no title's but H05.24 Constant exophthalmos); and when,
# in words no title says ("in the evenings", "lately", "every morning"; a curated phrase such
# as "morning sickness" is read before this, and keeps its word); and verbs of seeming that no
# title says ("looks yellow", "seems swollen", "went low"; not "going", which says a loss:
# "my eyesight is going"); and where the person is, which no title says ("here for my flu
# jab").
FILLERS = frozenset(
    """
    really very so keep keeps kept keeping getting gets need needs feel feels feeling like bad
    badly always lot lots constantly constant continual continually nonstop still just quite
    pretty awful terrible
    evening evenings morning mornings lately recently today yesterday sometimes every
    looks look looking seems seem appears appearing went here
    """.split()
)


# A question about the code, not about the condition: "what is the ICD-10 code for flu", "icd
# code for a broken wrist", "how do I code heart failure", "diagnosis code for gout". The frame
# is read only at the start of the query and only up to the word that ends it ("code", "for",
# "of"): "code" after a condition ("code blue") is not asked, and no title says "icd".
QUESTION_OPENERS = frozenset({"what", "whats", "which", "how", "s", "is", "are", "do", "does",
                              "i", "we", "you", "to", "the", "a", "an", "right", "correct",
                              "best"})
CODE_WORDS = frozenset({"code", "codes", "icd", "icd10", "icd9", "10", "9", "cm", "pcs",
                        "diagnosis", "diagnostic", "dx", "billing", "billable"})
QUESTION_ENDS = frozenset({"for", "of"})


def question(words: list[str]) -> set[int]:
    """Positions of the opening question frame of ``words`` ("what is the code for"), when it
    names a code and the query says something after it; else none."""
    i = 0
    while i < len(words) and words[i] in QUESTION_OPENERS:
        i += 1
    j = i
    while j < len(words) and words[j] in CODE_WORDS:
        j += 1
    named = words[i:j]
    if not any(w in ("code", "codes", "icd", "icd10", "icd9") for w in named):
        return set()
    asked = i > 0 or any(w.startswith("icd") for w in named)
    while j < len(words) and (words[j] in QUESTION_ENDS or words[j] in ("a", "an", "the")):
        asked |= words[j] in QUESTION_ENDS
        j += 1
    if not asked:  # "code blue", "codes" alone: a title's words
        return set()
    drop = set(range(j))
    return drop if _says_more(words, drop) else set()


# A question a patient asks about the condition, not about a code: "why do I keep getting cold
# sores", "is it normal to feel dizzy when I stand up", "could I have diabetes", "what causes
# night sweats", "how do I get rid of warts". Its words are no condition's ("normal" led "is it
# normal to have a period every two weeks" to the titles of normal pregnancy); read only from the
# query's first word, over its small words, up to the first word that says something else.
ASKING_OPENERS = frozenset({"why", "how", "what", "whats", "is", "could", "can", "should",
                            "do", "does", "are", "am"})
ASKING_WORDS = frozenset({"why", "how", "what", "whats", "normal", "could", "should",
                          "cause", "causes", "causing", "rid", "wrong"})
# The small words of "what's wrong with my ..." and "what is this ...": the "s" of "what's"
# is no stopword, and stopped the question there, so "wrong" stayed a word to match.
ASKING_SMALL = frozenset({"s", "this", "these"})


def asking(words: list[str]) -> set[int]:
    """Positions of the words of an opening everyday question ("why do I", "is it normal to",
    "what causes", "how do I get rid of", "what's wrong with my", "what is this"), when the
    query opens with one."""
    if not words or words[0] not in ASKING_OPENERS:
        return set()
    drop: set[int] = set()
    for i, word in enumerate(words):
        if word in ASKING_WORDS or (i and word in ASKING_SMALL):
            drop.add(i)
        elif word not in STOPWORDS:
            break
    return drop if _says_more(words, drop) else set()


# A long-term condition that worsens, said with a verb and its "up" ("my arthritis is playing
# up", "my allergies are acting up", British and American): the condition itself; "acting" only
# matched F42.2 "Mixed obsessional thoughts and acts", "playing" the activities of Y93, and "up"
# read as upper.
PLAYING_UP = frozenset({"playing", "plays", "played", "play", "acting", "acts", "acted", "act"})


def playing_up(words: list[str]) -> set[int]:
    """Positions of "playing up" / "acting up" said of a condition."""
    return {j for i in range(len(words) - 1)
            if words[i] in PLAYING_UP and words[i + 1] == "up" for j in (i, i + 1)}


# A relative or a partner said first, as who has it ("grandad fell over", "gran has a chest
# infection", "nan is very forgetful"): not a child (its words are ages.py's) nor a past verb
# (a relative who "had" or "was" is family.py's family history).
_GROWN = PEOPLE - AGES - frozenset(
    "child children kid kids boy girl boys girls teenager teen teenagers teens toddler toddlers"
    .split())
_NOW_VERBS = frozenset({"has", "is", "keeps", "fell", "falls", "can", "cannot", "cant", "gets",
                        "got", "with", "feels", "seems", "needs", "keep"})


def people(words: list[str], ages: bool = False) -> set[int]:
    """Positions of ``words`` (a query's tokens) that say whose condition it is ("my little
    boy", "in a child", "grandad fell over"), with the ``AGES`` words too if ``ages``, when
    the query has a content word besides them."""
    drop: set[int] = set()
    first = 1 if words and words[0] in ARTICLES else 0
    if len(words) > first + 2 and words[first] in _GROWN and words[first + 1] in _NOW_VERBS:
        drop.add(first)
    for i, word in enumerate(words):
        if word in PEOPLE and i > 0 and (ages or word not in AGES):
            j = i - 1
            while j > 0 and (words[j] in PERSON_MODIFIERS or words[j].isdigit()
                             or words[j] in ARTICLES):
                j -= 1
            if words[j] in POSSESSIVES or (words[j] in WHOSE and j > 0):
                drop.update(range(j + 1, i + 1))
            elif (j == i - 1 and _condition_adjective(words[j])
                  and all(w in POSSESSIVES or w in ARTICLES for w in words[:j])):
                # "autistic child", "my asthmatic son": the person who has it (not "son of a
                # diabetic mother", where the mother's is the son's condition)
                drop.add(i)
    return drop if _says_more(words, drop) else set()


def _condition_adjective(word: str) -> bool:
    """Is ``word`` the adjective of a condition ("autistic", "asthmatic", "epileptic",
    "diabetic"), which says a person has it when a person word follows?"""
    return (len(word) > 6 and word.endswith("tic")) or word.endswith(("etic", "emic"))


def unasked(words: list[str], ages: bool = False, meaning: bool = False) -> set[int]:
    """Positions of ``words`` that name the person, frame a question about the code, or are
    filler, when the query has a content word besides them; else none. For the meaning text
    (``meaning``), a phrase saying nothing explains it stays: the model reads "bruises for no
    reason" as spontaneous bruising, while the word search only matched "reason" elsewhere."""
    if _CUES.isdisjoint(words):  # most queries: no reading below can drop a word
        return set()
    # The model reads "keeps coming back" as it is meant: the course is dropped for words only.
    drop = people(words, ages).union(*(read(words) for read in READINGS
                                       if not (meaning and read is course_said)),
                                     () if meaning else unexplained(words),
                                     (i for i, w in enumerate(words) if w in FILLERS))
    return drop if _says_more(words, drop) else set()


# Verbs of posture and getting about, whose "up" or "down" is part of the verb: "when I lie
# down" is no Down syndrome, "when I get up" no title's "up"; and of a part that worsens or
# swells ("colitis flared up", "my ankle swelled up", "my back seized up"), and of a bug
# caught ("picked up a stomach bug"): no upper part. A curated phrase ("throwing up",
# "feeling down") is read before this and keeps its word.
POSTURE_VERBS = frozenset(
    """
    lie lies lying lay laying sit sits sitting sat stand stands standing stood bend bends
    bending bent lean leaning kneel kneeling squat squatting get gets getting got wake wakes
    waking woke go goes going come comes coming walk walking climb climbing calm slow settle
    flare flares flared flaring swell swells swelled swelling swollen puff puffs puffed
    puffing seize seized seizes seizing pick picks picked picking
    """.split()
)
PARTICLES = frozenset({"up", "down"})


def particles(words: list[str]) -> set[int]:
    """Positions of an "up" or "down" right after a verb of posture ("lie down", "get up")."""
    return {i for i in range(1, len(words))
            if words[i] in PARTICLES and words[i - 1] in POSTURE_VERBS}


# "Right" said before an adverb only stresses it ("my hand swelled right up", "sick right after
# eating", "pain right through to my back"): no right side, and the "up" or "down" after it no
# upper or lower part. Not before a part ("right upper arm", "right up my leg" says a way: a
# possessive or article follows it).
STRESSED = frozenset({"up", "down", "away", "after", "before", "through", "now", "round",
                      "around", "off", "across"})


def right_stressing(words: list[str]) -> set[int]:
    """Positions of a "right" that only stresses the adverb after it, and of that "up" or
    "down" when nothing follows it but a small word ("swelled right up")."""
    out: set[int] = set()
    for i in range(len(words) - 1):
        if words[i] == "right" and words[i + 1] in STRESSED and (i == 0 or words[i - 1] not in
                                                                  POSSESSIVES | ARTICLES):
            out.add(i)
            after = words[i + 2] if i + 2 < len(words) else None
            if words[i + 1] in PARTICLES and (after is None or (after in STOPWORDS
                                              and after not in POSSESSIVES | ARTICLES)):
                out.add(i + 1)
    return out


# A journey said as when a condition came ("malaria after a trip to Africa", "diarrhoea since
# my holiday in Mexico"): no title's "tripping" (W01) or "holiday relief care" (Z75.5).
JOURNEYS = frozenset({"trip", "trips", "holiday", "holidays", "vacation", "vacations"})
JOURNEY_TO = frozenset({"to", "in", "abroad", "overseas", "away"})


def journey(words: list[str]) -> set[int]:
    """Positions of a trip or a holiday said before where it went ("a trip to Africa")."""
    return {i for i in range(len(words) - 1)
            if words[i] in JOURNEYS and words[i + 1] in JOURNEY_TO}


def along_a_part(words: list[str]) -> set[int]:
    """Positions of a "down" said along a part, right before its possessive or article ("pain
    down my arm", "tingling down the back of my leg"): the way the pain goes, no Down
    syndrome."""
    return {i for i in range(len(words) - 1)
            if words[i] == "down" and (words[i + 1] in POSSESSIVES or words[i + 1] in ARTICLES)}


# When a condition comes, said of a state of the patient that the titles name without the
# connective ("depression while pregnant", "smoking during pregnancy", "mastitis while
# breastfeeding": "... complicating pregnancy", "... in pregnancy", "... associated with
# lactation").
WHILE = frozenset({"while", "whilst", "during", "when"})
STATES = frozenset({"pregnant", "pregnancy", "breastfeeding", "nursing", "lactating"})


def in_a_state(words: list[str]) -> set[int]:
    """Positions of a "while" or "during" right before a state of the patient ("while
    pregnant", "during pregnancy")."""
    return {i for i in range(len(words) - 1) if words[i] in WHILE and words[i + 1] in STATES}


def born_at(words: list[str]) -> set[int]:
    """Positions of a "born" right before "at" and a number ("baby born at 34 weeks"): the
    gestational age at birth, which the newborn's titles say as "gestational age 34 completed
    weeks" (P07.37), never with "born" (the birth records, Z38, say where it was)."""
    return {i for i in range(len(words) - 2)
            if words[i] == "born" and words[i + 1] == "at" and words[i + 2].isdigit()}


# Where on a part, said before "of" and the part: "the back of my knee" is the knee's, no back
# pain ("pain in the back of my knee" is M25.56 Pain in knee). The back is the one part also
# said as a place on another ("the side of my body" is a side of it, "one side" a hemiparesis's);
# a phrase ending on it before "of" is not read there either (curated_phrases.phrase_at).
RELATIVE_PLACES = frozenset({"back"})


def place_on_part(words: list[str]) -> dict[int, str]:
    """Each ``RELATIVE_PLACES`` word said right before "of" and a part ("back of my heel"):
    its position, and the place and the part as a title would say them ("back of heel")."""
    out: dict[int, str] = {}
    for i in range(len(words) - 2):
        if words[i] in RELATIVE_PLACES and words[i + 1] == "of":
            j = i + 2
            while j < len(words) - 1 and (words[j] in POSSESSIVES or words[j] in ARTICLES):
                j += 1
            if words[j] not in STOPWORDS:
                out[i] = f"{words[i]} of {words[j]}"
    return out


# How long it has lasted: "for three days", "for the past 2 weeks", "over the last few months",
# "for ages". No title says the span (R05.3 "Chronic cough" says what a long one is), and its
# number and unit only matched others: "cough for three days" led with the newborn's "P07.3",
# its days of life. Read only after "for", "past", "last" or "over", so "34 weeks pregnant",
# "3 days old" and "years ago" (a history, search/status.py) keep their words.
SPAN_STARTS = frozenset({"for", "past", "last", "over"})
SPAN_AMOUNTS = frozenset(
    """
    a an the few couple of several many some one two three four five six seven eight nine ten
    eleven twelve
    """.split()
)
SPAN_UNITS = frozenset(DAYS) | HOURS | {"ages", "while"}  # "for ages", "for a while"


def how_long(words: list[str]) -> set[int]:
    """Positions of a span said after "for", "past", "last" or "over" ("for three days", "for
    the past week"): its amount and unit, up to the unit, unless "ago" or "old" follows."""
    drop: set[int] = set()
    for i, word in enumerate(words):
        if word not in SPAN_STARTS:
            continue
        j = i + 1
        while j < len(words) and (words[j] in SPAN_AMOUNTS or words[j] in SPAN_STARTS
                                  or words[j].isdigit()):
            j += 1
        if (j < len(words) and words[j] in SPAN_UNITS
                and (j + 1 == len(words) or words[j + 1] not in ("ago", "old"))):
            drop.update(range(i, j + 1))
    return drop


# An age in numbers said of the patient ("fever in my 3 month old", "a 45 year old man with chest
# pain", "70 y/o woman", "5 yo with a sore throat"): who has it, as a person word is. The
# titles that depend on an age say it in words (infantile, juvenile, senile: search/ages.py),
# and its number and units only matched others: "my 4 year old has a fever" led with O09.6
# "Supervision of young primigravida", and the meaning model read "70 year old woman with a
# cough" as Q99.1 "46, XX true hermaphrodite". The person said after the age goes with it.
# Kept: a newborn's age in days or weeks under four weeks (the titles say "newborn under 8
# days old"), and an age said beside a pregnancy or a birth (the mother's: gestation.py).
AGE_OLD = frozenset({"old", "yo"})
_NEWBORN_DAYS = 29
_BIRTH = frozenset("""
    pregnant pregnancy preg expecting gestation gestational weeks' born birth delivered
    """.split())


def numbered_age(words: list[str]) -> set[int]:
    """Positions of an age in numbers said of the patient ("3 month old", "45 yo", "70 y/o")
    and of a person word right after it ("man", "boy")."""
    if not _BIRTH.isdisjoint(words):
        return set()
    drop: set[int] = set()
    for i in range(1, len(words)):
        word = words[i]
        if word == "yo" and words[i - 1].isdigit():
            start, days = i - 1, int(words[i - 1]) * 365
        elif word == "o" and i > 1 and words[i - 1] == "y" and words[i - 2].isdigit():
            start, days = i - 2, int(words[i - 2]) * 365
        elif word == "old" and i > 1 and words[i - 1] in DAYS and words[i - 2].isdigit():
            start, days = i - 2, int(words[i - 2]) * DAYS[words[i - 1]]
        else:
            continue
        if days < _NEWBORN_DAYS:
            continue
        end = i + 1
        if end < len(words) and (words[end] in PEOPLE or words[end] in PERSONS):
            end += 1
        drop.update(range(start, end))
    return drop


# That nothing explains it: "gaining weight for no reason", "dizzy out of nowhere", "out of the
# blue". The titles say so with "abnormal" or "unexplained" where it matters (R63.5 Abnormal
# weight gain), and the words only matched others ("reason": "Underdosing ... for other reason").
UNEXPLAINED = (("for", "no", "reason"), ("for", "no", "apparent", "reason"),
               ("for", "no", "obvious", "reason"), ("for", "no", "good", "reason"),
               ("out", "of", "nowhere"), ("out", "of", "the", "blue"))
# That it comes and goes ("fever that comes and goes", "stomach hurts on and off"): the titles'
# word for it ("intermittent") names other things (intermittent claudication), and the ICD-10-CM
# index files an intermittent fever under the fever (R50.9).
COMES_AND_GOES = (("comes", "and", "goes"), ("come", "and", "go"), ("coming", "and", "going"),
                  ("on", "and", "off"), ("off", "and", "on"))
# How much, said before a level or a feeling ("sugar a bit high", "a little bit low"): no bite.
# Not "a bit of skin", a piece.
A_BIT = (("a", "bit"), ("a", "little", "bit"), ("a", "wee", "bit"))


def a_bit(words: list[str]) -> set[int]:
    """Positions of "a bit" said of how much, not of a piece ("a bit of")."""
    drop = _phrases(words, A_BIT)
    return {i for i in drop if not any(j + 1 < len(words) and words[j + 1] == "of"
                                       for j in drop if j >= i)}


def unexplained(words: list[str]) -> set[int]:
    """Positions of a phrase saying nothing explains the condition ("for no reason")."""
    return _phrases(words, UNEXPLAINED)


def comes_and_goes(words: list[str]) -> set[int]:
    """Positions of a phrase saying the condition comes and goes ("on and off")."""
    return _phrases(words, COMES_AND_GOES)


# What a person says they do not have, after what they do: "sugar a bit high but not
# diabetic", "uric acid high but no gout", "chest pain but no shortness of breath". The words
# after "but not" name the condition ruled out, which searched would lead with it. Only a short
# tail that ends the query: the ICD-9-CM titles' "but not specified as generalized, multiple
# sites" is a title's own words.
RULING_OUT = frozenset({"not", "no", "never"})
RULED_OUT_WORDS = 3


def ruled_out(words: list[str]) -> set[int]:
    """Positions of a closing "but not ..." or "but no ..." of a few words."""
    for i in range(len(words) - 2):
        if (words[i] == "but" and words[i + 1] in RULING_OUT
                and len(words) - i - 2 <= RULED_OUT_WORDS):
            return set(range(i, len(words)))
    return set()


# That it was diagnosed: "diagnosed with lymphoma", "just been diagnosed with leukaemia",
# "diagnosed as having epilepsy". No ICD-10-CM title says "diagnosed": the word was a slot only
# rare titles matched (it took a third of "diagnosed with dementia"'s weight, and its "with" read
# the rest as a "with" clause: F03.C "Unspecified dementia, severe" led), and the condition
# after it is what is coded. A relative's diagnosis is read by search/family.py first.
DIAGNOSED = "diagnosed"
DIAGNOSED_AS = frozenset({"with", "as", "having"})


def diagnosed(words: list[str]) -> set[int]:
    """Positions of "diagnosed", a "newly" right before it and the "with", "as" or "having"
    right after it."""
    drop: set[int] = set()
    for i, word in enumerate(words):
        if word == DIAGNOSED:
            drop.add(i)
            if i and words[i - 1] == "newly":
                drop.add(i - 1)
            j = i + 1
            while j < len(words) and words[j] in DIAGNOSED_AS:
                drop.add(j)
                j += 1
    return drop


# A cancer said beside its own kind's name: "lymphoma cancer", "leukaemia cancer", "melanoma
# skin cancer". The kind is a malignant neoplasm already, and its titles never say "cancer" or
# "malignant neoplasm" (C85.9 "Non-Hodgkin lymphoma, unspecified"): searched, the word was a
# slot only other titles said ("leukemia cancer" led with C90.10 Plasma cell leukemia, whose
# shorter title scored it better, and "lymphoma cancer" with C77, lymph nodes' secondary
# malignant neoplasm).
CANCER = frozenset({"cancer", "cancers"})
MALIGNANCIES = frozenset(
    """
    lymphoma lymphomas leukemia leukaemia leukemias leukaemias myeloma melanoma melanomas
    sarcoma sarcomas carcinoma carcinomas adenocarcinoma mesothelioma glioma glioblastoma
    neuroblastoma retinoblastoma nephroblastoma hepatoblastoma osteosarcoma seminoma
    """.split()
)


NOT_A_KIND = frozenset({"not", "no", "non", "without", "except", "than", "other"})


def cancer_of_its_kind(words: list[str]) -> set[int]:
    """Positions of "cancer" said beside the name of a malignancy ("lymphoma cancer"), not one
    said as not that kind ("skin cancer that is not melanoma")."""
    if MALIGNANCIES.isdisjoint(words) or not any(
            w in MALIGNANCIES and (i == 0 or words[i - 1] not in NOT_A_KIND)
            for i, w in enumerate(words)):
        return set()
    return {i for i, word in enumerate(words) if word in CANCER}


def _phrases(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> set[int]:
    drop: set[int] = set()
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(words[i:i + n]) == phrase:
                drop.update(range(i, i + n))
    return drop


# How often it comes, before "of" and the condition: "episodes of fast heartbeat", "bouts of
# dizziness", "spells of coughing". The titles' "episode" is another thing (F30 Manic episode,
# "initial episode of care"); a dizzy spell said without "of" keeps its word.
BOUTS = frozenset({"episode", "episodes", "bout", "bouts", "spell", "spells", "bursts"})


def bouts(words: list[str]) -> set[int]:
    """Positions of a word of recurrence and its "of" before the condition ("bouts of")."""
    return {j for i in range(len(words) - 2) if words[i] in BOUTS and words[i + 1] == "of"
            for j in (i, i + 1)}


def left_in_place(words: list[str]) -> set[int]:
    """Positions of "left in place" / "left in situ": a verb saying a drain or a stent stays
    (the device word says it), not the left side."""
    return {j for i in range(len(words) - 2)
            if words[i] == "left" and words[i + 1] == "in" and words[i + 2] in ("place", "situ")
            for j in (i, i + 1, i + 2)}


# A test said as where a result was read ("blood test showed I'm anaemic", "stool test found
# blood", "iron is low on my bloods"): the finding is asked, not the test (Z01.812, Z02.83
# "Encounter for blood-alcohol and blood-drug test"). The test's word and what the specimen is
# when it is blood ("stool test found blood" keeps its stool), then a verb of finding, or
# "on" or "in" the test at the end.
TEST_NOUNS = frozenset({"test", "tests", "bloods", "results", "result", "bloodwork"})
FOUND_VERBS = frozenset({"showed", "shows", "show", "found", "finds", "says", "said", "came",
                         "come", "back"})


def result_read(words: list[str]) -> set[int]:
    """Positions of the test and its verb or place where a result was read (``TEST_NOUNS``)."""
    drop: set[int] = set()
    if TEST_NOUNS.isdisjoint(words):  # no test said (most queries): nothing to read
        return drop
    for i, w in enumerate(words):
        if w not in TEST_NOUNS:
            continue
        start = i - 1 if i and words[i - 1] == "blood" else i
        end = i + 1
        while end < len(words) - 1 and words[end] in FOUND_VERBS:
            end += 1
        if end > i + 1:
            drop.update(range(start, end))
        elif end == len(words):
            j = start - 1
            while j > 0 and words[j] in POSSESSIVES | ARTICLES:
                j -= 1
            if j > 0 and words[j] in ("on", "in"):
                drop.update(range(j, end))
    return drop


# A finding said as seen on a scan ("mass in lung on ct scan", "nodule on the chest x-ray",
# "shadow on my mri") is the finding, coded as an abnormal finding of the part (R91, R93), not the
# imaging done (ICD-10-PCS section B): the scan and where it was seen are no words to search.
# Only after a word of a finding (a scan said alone, "ct scan of chest", asks for the imaging).
IMAGING = frozenset({"ct", "cat", "scan", "scans", "xray", "xrays", "x", "ray", "rays", "mri",
                     "ultrasound", "mammogram", "imaging", "pet", "cxr", "sonogram"})
SEEN = frozenset({"mass", "masses", "nodule", "nodules", "lesion", "lesions", "shadow",
                  "shadows", "spot", "spots", "opacity", "opacities", "density", "cyst", "cysts",
                  "lump", "lumps", "growth", "abnormality", "thickening", "calcification"})


# How the titles say a finding seen on a scan: R91.8 "Other nonspecific abnormal finding of
# lung field", R93.2 "Abnormal findings on diagnostic imaging of liver and biliary tract".
SEEN_AS = (("abnormal", "finding"), ("diagnostic", "imaging"))


def seen_on_imaging(words: list[str]) -> set[int]:
    """Positions of the "on"/"in", the scan's words and the article or possessive between,
    where a finding (``SEEN``) said before them was seen (``IMAGING``); "on the chest x-ray"
    keeps its part."""
    if IMAGING.isdisjoint(words) or SEEN.isdisjoint(words):
        return set()
    drop: set[int] = set()
    first = next(i for i, w in enumerate(words) if w in SEEN)
    for k in range(first + 1, len(words) - 1):
        if words[k] not in ("on", "in"):
            continue
        j = k + 1
        while j < len(words) and words[j] in POSSESSIVES | ARTICLES:
            j += 1
        part = j if j + 1 < len(words) and words[j] not in IMAGING else None
        start = j + 1 if part is not None else j
        end = start
        while end < len(words) and words[end] in IMAGING:
            end += 1
        if end > start:
            drop.update(i for i in range(k, end) if i != part)
    return drop


# A kind of injury said of a thing, not of the body: "stepped on broken glass", "cut my hand on
# a broken bottle" describe the glass and the bottle, and read as a fracture led with S92.9
# Fracture of foot over W25 Contact with sharp glass. The word right before a noun phrase that
# names no part of the body (``incidental.body_words``: "broken left wrist" is the wrist's;
# "broken glass in my foot" the glass's) and is no place on one ("a broken corner of my tooth").
# Not "cracked": titles say it of what is not a part people hurt (K03.81 Cracked tooth, "a
# cracked molar"; O92.1 Cracked nipple).
BREAKAGE = frozenset({"broken", "shattered", "smashed"})
_THING_REACH = 3
_GOING = PARTICLES | {"out", "off", "apart", "through", "into"}  # "broken out in hives"


def broken_thing(words: list[str]) -> set[int]:
    """Positions of a breakage word (``BREAKAGE``) said right before a thing it describes."""
    parts = body_words()
    found: set[int] = set()
    for i in range(len(words) - 1):
        if words[i] not in BREAKAGE:
            continue
        phrase = []
        for w in words[i + 1:i + 1 + _THING_REACH]:
            if w in STOPWORDS or not w.isalpha():
                break
            phrase.append(w)
        end = i + 1 + len(phrase)
        if (phrase and _GOING.isdisjoint(phrase) and words[end:end + 1] != ["of"]
                and parts.isdisjoint(map(stem, phrase))):
            found.add(i)
    return found


# A word without which each reading of ``unasked`` drops nothing: a person, a question's code
# word, "left" (in place), "up"/"down", "while", "born", "right", a journey, the start of a
# span, a bout, the "and" of every comes-and-goes phrase, the "for" or "out" that starts every
# unexplained one, a filler, a word of an everyday question ("why", "normal"), the "up" of
# playing up, a breakage word. A query that says none of them (most) is not read word by word once a reading. A new reading of ``unasked`` adds its cue words here.
# ``unasked``'s readings besides ``people`` and ``unexplained`` (which take more than the
# words); each must answer nothing unless a word of ``_CUES`` is said (a test checks).
READINGS = (question, left_in_place, particles, in_a_state, born_at, right_stressing, journey,
            how_long, bouts, comes_and_goes, ruled_out, a_bit, result_read, asking, playing_up,
            broken_thing, numbered_age, course_said, diagnosed, cancer_of_its_kind,
            seen_on_imaging)
_CUES = (COURSE_CUES | PEOPLE | {"code", "codes", "icd", "icd10", "icd9", "left", "born", "right", "and",
                   "for", "out", "bit", "but", "o", DIAGNOSED} | AGE_OLD | CANCER
         | TEST_NOUNS | BREAKAGE | PARTICLES | WHILE | JOURNEYS | SPAN_STARTS | BOUTS | FILLERS
         | ASKING_WORDS | IMAGING)
assert all(p[0] in _CUES for p in UNEXPLAINED) and all("and" in p for p in COMES_AND_GOES)
assert all("bit" in p for p in A_BIT)  # ruled_out's cue: "but"


def _says_more(words: list[str], drop: set[int]) -> bool:
    return any(w not in STOPWORDS for i, w in enumerate(words) if i not in drop)


def without_unasked(text: str) -> str:
    """``text`` as words without the person, the filler and where on a part (for the
    meaning model)."""
    words = tokens(text)
    drop = unasked(words, ages=True, meaning=True)
    places = set(place_on_part(words))  # "the back of my heel": the heel's
    if places and _says_more(words, drop | places):
        drop |= places
    return " ".join(w for i, w in enumerate(words) if i not in drop) if drop else text
