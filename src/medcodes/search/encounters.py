"""A visit again about an injury is its subsequent encounter.

ICD-10-CM's injury codes (S00-T88) take a 7th character for the encounter: "initial encounter"
while the injury is actively treated, "subsequent encounter" once it is healing and is seen
again (guideline I.C.19.a: cast change or removal, medication adjustment, follow-up visits).
People say that visit as a follow-up or a recheck ("follow up for broken arm", "recheck
sprained ankle"), words no injury title holds. So, beside an injury said in the query, those
words read as "subsequent encounter" (and, of a fracture, as the one that heals as expected:
"subsequent encounter for fracture with routine healing", the 7th character D; delayed healing,
nonunion and malunion are what a query would say). Without an injury ("follow up visit",
"follow-up exam") they keep their own sense: Z09's "follow-up examination".
"""

from __future__ import annotations

from itertools import islice, pairwise, product

from medcodes.search.parsed import Alternative, ParsedQuery, Slot, add_reading
from medcodes.search.text import query_tokens, stem
from medcodes.search.time_units import DAYS

# A visit again, as words in a row.
FOLLOW_UPS: tuple[tuple[str, ...], ...] = (
    ("follow", "up"), ("followup",), ("recheck",), ("rechecking",), ("re", "check"),
)
# The title words of injuries that take an encounter character (their stems), as the query's
# readings say them ("broken arm" reads as "fracture of humerus").
INJURIES = frozenset(stem(w) for w in (
    "fracture sprain strain dislocation subluxation laceration wound contusion burn"
    " concussion injury bite crushing tear").split())
FRACTURE = stem("fracture")
SUBSEQUENT = ("subsequent", "encounter")
HEALING = ("routine", "healing")


_FOLLOW_UP_STARTS = frozenset(words[0] for words in FOLLOW_UPS)


def follow_up_span(parsed: ParsedQuery) -> tuple[int, int] | None:
    """The slots (start, end) that say a follow-up, or None."""
    texts = [s.text.lower() for s in parsed.slots]
    if _FOLLOW_UP_STARTS.isdisjoint(w for t in texts for w in t.split()):
        return None  # most queries: no slot starts a follow-up
    for i in range(len(texts)):
        for words in FOLLOW_UPS:
            n = len(words)
            said = tuple(t for s in texts[i : i + n] for t in s.split())
            if said == words and len(texts[i : i + n]) == n:
                return i, i + n
            if n > 1 and texts[i] == " ".join(words):  # one slot of a phrase
                return i, i + 1
    return None


def _injury_stems(slots: list[Slot]) -> set[str]:
    return {stem(t) for s in slots for alt in s.alternatives for t in alt.tokens} & INJURIES


def subsequent_encounter(parsed: ParsedQuery) -> None:
    """Read a follow-up said beside an injury as its subsequent encounter (in place)."""
    span = follow_up_span(parsed)
    if span is None:
        return
    start, end = span
    others = parsed.slots[:start] + parsed.slots[end:]
    injuries = _injury_stems(others)
    if not injuries:
        return
    readings: list[tuple[str, ...]] = [SUBSEQUENT + HEALING] if FRACTURE in injuries else []
    readings.append(SUBSEQUENT)
    _merge(parsed, start, end, readings, "encounter")


# An old injury is its sequela (the 7th character S, guideline I.C.19.a: "complications or
# conditions that arise as a direct result of an injury"): "pain from an old ankle fracture",
# "broke my wrist years ago still hurts". Said beside an injury, "old" also reads as
# "sequela", and "years ago" (left out as the tense by status.py) adds it; without an injury
# ("old heart attack") "old" keeps its own sense (I25.2 Old myocardial infarction).
SEQUELA = ("sequela",)
OLD_CUES = frozenset({"old", "ago"})
# An old tear or laceration is a condition of its own (M23.2- Derangement of meniscus due to
# old tear or injury, N88.1 Old laceration of cervix uteri, ICD-9-CM 623.4 Old vaginal
# laceration), not the injury's sequela.
OLD_TITLED = frozenset(stem(w) for w in ("tear", "laceration"))


def old_injury(parsed: ParsedQuery, heard: set[str]) -> None:
    """Read an injury said to be old as its sequela (in place)."""
    if OLD_CUES.isdisjoint(heard) or follow_up_span(parsed) is not None:
        return
    injuries = _injury_stems(parsed.slots)
    if not injuries or not OLD_TITLED.isdisjoint(injuries):
        return
    for slot in parsed.slots:
        if slot.text.lower() == "old":
            slot.alternatives.append(Alternative(SEQUELA, "encounter"))
            parsed.expansions.append({"from": "old", "to": "sequela", "kind": "encounter"})
            return
    if "ago" in heard:
        parsed.slots.append(Slot("ago", [Alternative(SEQUELA, "encounter")]))
        parsed.expansions.append({"from": "ago", "to": "sequela", "kind": "encounter"})


# --- Visits for a test, a shot or a check-up (session 15) ---------------------------------
# A disease or organ said with a test or a check, and no result said, is the encounter for
# screening for it (Z11-Z13; Z12 for a cancer): coders pick a screening code when nothing is
# found wrong ("hep c test", "checking my thyroid", "prostate check"). The screening titles
# name a group, not the disease ("Encounter for screening for other viral diseases"), so the
# disease also reads as its group's title words. Of organs only the prostate and the cervix:
# their check is the cancer screening (PSA, smear); a breast or a bowel checked is as often
# checked for a complaint.
SCREEN_WORDS = frozenset("screen screens screened screening screenings".split())
TESTS = frozenset("test tests testing tested check checks checked checking".split()) | SCREEN_WORDS
# A test that gave a result is the finding, not the screening ("test came back positive",
# "abnormal thyroid test", "test results"); so is a smear's cytology said ("pap smear with
# ASC-US", "atypical cells on smear", "LSIL").
RESULTS = frozenset("positive negative abnormal abnormality result results came showed shows"
                    " show elevated high low raised failed borderline reactive detected found"
                    " normal oth other confirmed atypical atypia ascus asc lsil hsil agus"
                    " dysplasia unsatisfactory".split())
# Nor is a check of what is felt or seen ("breast lump check", "check my rash"): that visit is
# for the complaint.
COMPLAINTS = frozenset("lump lumps pain painful ache aches aching bleeding discharge rash sore"
                       " swollen swelling mass itch itchy itching burning symptom symptoms"
                       .split())
SCREENED_AS: dict[str, tuple[str, ...]] = {
    stem(name): words
    for words, names in (
        (("other", "viral", "diseases"), "hepatitis"),
        (("sexual", "mode", "transmission"), "chlamydia gonorrhea gonorrhoea syphilis"
                                             " trichomoniasis std stds sti stis"),
        (("endocrine", "disorder"), "thyroid"),
        (("lipoid", "disorders"), "cholesterol lipid lipids"),
        (("blood",), "anemia anaemia"),
        (("exposure", "contaminants"), "lead"),
        (("eye", "disorders"), "glaucoma"),
        (("malignant", "neoplasm", "prostate"), "prostate"),
        (("malignant", "neoplasm", "cervix"), "cervix cervical"),
        # An aortic aneurysm is screened for by ultrasound (Z13.6), a bone's density for
        # osteoporosis (Z13.820: "dexa scan to check my bones").
        (("cardiovascular", "disorders"), "aneurysm"),
        (("osteoporosis",), "densitometry"),
    )
    for name in names.split()
}
# Diseases a screening title names itself ("Encounter for screening for diabetes mellitus").
SCREENED_BY_NAME = frozenset(stem(w) for w in (
    "hiv tuberculosis tb covid diabetes depression autism osteoporosis hpv malignant neoplasm"
    " cancer").split())
SCREENING = ("screening",)
# An organ said with the word "screening" itself is its cancer's screening: no complaint is
# screened for ("lung screening ct", "bowel screening"), while "checking my breast" may be.
SCREENED_ORGANS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("lung", "lungs"), ("malignant", "neoplasm", "respiratory", "organs")),
    **dict.fromkeys(("colon", "bowel", "bowels", "colorectal"), ("malignant", "neoplasm", "colon")),
    **dict.fromkeys(("breast", "breasts"), ("malignant", "neoplasm", "breast")),
}
# A screening test the query names by its own name ("ppd", "tb test", "pap smear", "mantoux",
# read by the lay and abbreviation rows as the titles' words) is its disease's screening when
# no result is said: a tuberculin test placed or read is Z11.7 "testing for latent tuberculosis
# infection" (Z11.1 before 2024), a smear the cervix's screening; R76.11 "Nonspecific reaction
# to tuberculin skin test" is what a positive one is. The test's reading word (stem) and the
# screening titles' words for it.
SCREENING_TESTS: dict[str, tuple[tuple[str, ...], ...]] = {
    stem("tuberculin"): (("testing", "latent", "tuberculosis"),
                         ("screening", "respiratory", "tuberculosis")),
    stem("quantiferon"): (("testing", "latent", "tuberculosis"),),
    stem("mantoux"): (("testing", "latent", "tuberculosis"),),
    stem("smear"): (("screening", "malignant", "neoplasm", "cervix"),),
}


def _words(slot: Slot) -> set[str]:
    return {stem(t) for alt in slot.alternatives for t in alt.tokens}


def _named_test(parsed: ParsedQuery) -> set[int]:
    """Read a screening test said by its name, and no result, as its disease's screening (in
    place, ``SCREENING_TESTS``); the ids of the slots so read."""
    read = set()
    for slot in parsed.slots:
        named = next((SCREENING_TESTS[w] for alt in list(slot.alternatives)
                      for w in map(stem, alt.tokens) if w in SCREENING_TESTS), ())
        if not named:
            continue
        have = {alt.tokens for alt in slot.alternatives}
        for words in named:
            add_reading(parsed, slot, have, slot.text, words, "screening")
            read.add(id(slot))
    return read


_NOT_SCREENING = RESULTS | COMPLAINTS  # a result or a complaint said: no screening


def screening_visit(parsed: ParsedQuery) -> None:
    """Read a disease said with a test or a check, and no result, as the encounter for
    screening for it (in place): the test word reads as "screening", the disease also as
    its screening group's title words; a screening test said by its name, as its disease's
    screening."""
    said = {w for s in parsed.slots for w in s.text.lower().split()}
    if not _NOT_SCREENING.isdisjoint(said):
        return
    named_tests = _named_test(parsed)
    if not said & TESTS:
        return
    # A disease by its name, or by the head word of a phrase a row reads it as ("aaa":
    # abdominal aortic aneurysm); an organ, only beside the word "screening".
    organs = SCREENED_ORGANS if said & SCREEN_WORDS else {}
    targets = [(s, next((SCREENED_AS[stem(a.tokens[-1])] for a in s.alternatives
                         if a.tokens and stem(a.tokens[-1]) in SCREENED_AS),
                        next((organs[w] for w in s.text.lower().split() if w in organs), None)))
               for s in parsed.slots]
    named = any(_words(s) & SCREENED_BY_NAME for s in parsed.slots)
    if not named and not any(words for _, words in targets):
        return
    for slot, words in targets:
        have = {alt.tokens for alt in slot.alternatives}
        if words:
            add_reading(parsed, slot, have, slot.text, words, "screening")
    for slot in parsed.slots:
        # A test read by its name already says what it screens for ("pap test").
        if set(slot.text.lower().split()) & TESTS and id(slot) not in named_tests:
            add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                        SCREENING, "screening")


# A vaccine named by its disease ("measles jab", "hep b vaccine", "vaccine for shingles") is the
# encounter for immunization (Z23): ICD-10-CM names no vaccine, and the disease is not had.
VACCINES = frozenset("vaccine vaccines vaccination vaccinations vaccinated shot shots jab jabs"
                     " booster boosters immunisation immunization immunizations immunised"
                     " immunized inoculation toxoid toxoids".split())
# The words of the diseases vaccines are named by.
VACCINE_DISEASES = frozenset((
    "flu influenza measles mumps rubella mmr mmrv chickenpox chicken pox varicella shingles"
    " zoster hepatitis hep a b polio tetanus diphtheria pertussis whooping cough tdap dtap td"
    " hpv pneumonia pneumococcal pneumovax prevnar meningitis meningococcal rotavirus rsv covid"
    " typhoid yellow fever rabies cholera japanese encephalitis bcg hib smallpox mpox"
    " monkeypox").split())
# Vaccines said by their own names, not a disease's: each is a vaccine whatever is said beside
# it ("mmr before kindergarten", "tdap at 28 weeks pregnant", "shingrix shot").
VACCINE_NAMES = frozenset((
    "mmr mmrv tdap dtap hib ipv bcg prevnar pneumovax gardasil shingrix zostavax varivax"
    " rotateq rotarix boostrix adacel pediarix pentacel vaxelis kinrix quadracel engerix"
    " heplisav twinrix havrix vaqta recombivax menactra menveo menquadfi bexsero trumenba"
    " penbraya fluzone flumist flublok fluad arexvy abrysvo").split())
# A bare "shots" or "vaccines" said of a child's age or of school is the child's immunizations
# ("2 month shots", "4 month vaccines", "kindergarten shots").
SCHOOLING = frozenset("school kindergarten preschool daycare college".split())
# What may be said beside a vaccine word to name the vaccine: a disease or a vaccine's name.
NAMING_A_VACCINE = VACCINE_DISEASES | VACCINE_NAMES
# A vaccine's harm or its lack is not the visit for one ("reaction to the flu shot", "fever
# after the vaccine", "never got his shots": T88.1, R50.83, Z28).
NOT_GIVEN = frozenset("reaction reactions allergic allergy side effect effects poisoning"
                      " overdose adverse never not no missed refused declined unvaccinated"
                      " without".split())
# Nor is the giving said as a procedure ("administration of polio vaccine"): that is the
# procedure's code (ICD-10-PCS, ICD-9-CM 99.3-99.5).
GIVING = frozenset({"administration", "administra", "administer", "administered",
                    "introduction"})
LINKS = frozenset({"for", "against", "the", "a"})
IMMUNIZATION = ("encounter", "immunization")
MAX_JOINED = 12  # the ways of saying a disease and its vaccine kept, joined


def _disease_span(texts: list[str], at: int, named_after: bool = False) -> tuple[int, int]:
    """The slots (start, end) beside the vaccine word ``at`` that name its disease: before it
    ("measles jab"), else after it and a "for" or "against" ("vaccine for shingles"); after a
    "for" or "against" the query typed (``named_after``), whatever follows names it ("vaccine
    for plague", "vaccination against tularemia"): no vaccine is for anything else."""
    start = at
    while start > 0 and set(texts[start - 1].split()) <= NAMING_A_VACCINE:
        start -= 1
    if start < at:
        return start, at + 1
    end = at + 1
    while end < len(texts) and set(texts[end].split()) <= LINKS:
        end += 1
    first = end
    while end < len(texts) and (named_after or set(texts[end].split()) <= NAMING_A_VACCINE):
        end += 1
    return (at, end) if end > first else (at, at)


# A vaccine word shortened or misspelled ("vaccin for smallpox", "vacc", "vacnation", read by
# the speller as "vaccination"): the slot's readings say it. "Vaccinia" is a disease.
VACCINE_STARTS = ("vaccin", "inocul", "immuniz", "immunis")
NOT_A_VACCINE = frozenset({"vaccinia"})
# A vaccine said needed, with no disease ("need for other specified vaccination").
NEED = frozenset({"need", "needs", "needed", "nd"})


def _vaccine_word(slot: Slot) -> bool:
    """Does the slot say a vaccine word, as typed, shortened, or as a reading?"""
    words = slot.text.lower().split()
    return bool(set(words) & VACCINES) or any(
        w.startswith(VACCINE_STARTS) and w not in NOT_A_VACCINE for w in words) or any(
        len(a.tokens) == 1 and a.tokens[0] in VACCINES for a in slot.alternatives)


def _named_after(text: str) -> bool:
    """Does the query say a vaccine word and then "for" or "against" ("vaccin for plague")?"""
    words = query_tokens(text)
    return any(w.startswith(VACCINE_STARTS) or w in VACCINES for w, link in pairwise(words)
               if link in AFTER_A_VACCINE)


AFTER_A_VACCINE = frozenset({"for", "against"})


_NOT_A_VISIT = NOT_GIVEN | GIVING  # a vaccine not given, or given as a procedure


def immunization_visit(parsed: ParsedQuery) -> None:
    """Read a vaccine named by its disease as the encounter for immunization (in place): the
    disease and the vaccine word become one slot, said as typed (each way) or as "encounter
    immunization"."""
    texts = [s.text.lower() for s in parsed.slots]
    said = {w for t in texts for w in t.split()}
    if not _NOT_A_VISIT.isdisjoint(said):
        _not_given(parsed, texts, said)
        return
    at = next((i for i, s in enumerate(parsed.slots) if _vaccine_word(s)), None)
    if at is None:
        if not _injected_vaccine(parsed, texts):
            _named_vaccine(parsed, texts)
        return
    need = next((i for i, t in enumerate(texts[:at]) if set(t.split()) & NEED), None)
    if need is not None:
        # "Need for vaccination against ..." (ICD-9-CM's V03-V06 "Need for prophylactic
        # vaccination"): all from the need on is the visit, whatever the disease's shorthand.
        _merge(parsed, need, len(texts), [IMMUNIZATION], "immunization")
        return
    start, end = _disease_span(texts, at, _named_after(parsed.text))
    # A row read the vaccine word as the encounter ("flu shot", "booster"): the disease named
    # beside it is still joined to it ("tdap booster"), else its own words were left unread.
    if any(a.tokens == IMMUNIZATION for a in parsed.slots[at].alternatives) and end - start < 2:
        return
    if end - start < 2:
        _childs_shots(parsed, texts, at)
        return
    # The vaccine word alone is kept too: a system that names no disease's vaccine (ICD-10-PCS
    # "Introduction of Serum, Toxoid and Vaccine") still finds it.
    alone = [a.tokens for a in parsed.slots[at].alternatives if a.tokens != IMMUNIZATION]
    _merge(parsed, start, end, [*alone, IMMUNIZATION], "immunization", keep=True)



# A harm said beside a vaccine ("arm swollen after my flu jab", "bad reaction to a tetanus
# shot", "fever after her jabs") is a complication of the immunization, not the visit for one:
# T88.1 "Other complications following immunization", T80.52 "Anaphylactic reaction due to
# vaccination", R50.83 "Postvaccination fever". The harm, the vaccine and the words between
# are one slot read as those titles, so neither the harm alone (edema) nor the vaccine alone
# (Z23) leads.
HARMS = frozenset("""
    reaction reactions reacted swollen swelling swelled swell sore soreness fever fevers
    temperature rash rashes lump lumpy red redness hot itchy itching allergic allergy
    anaphylaxis anaphylactic ill sick unwell poorly faint fainted dizzy achy aching hurts
    hurting painful pain side effects effect
    """.split())
FEVERS = frozenset({"fever", "fevers", "temperature"})
ANAPHYLAXIS = frozenset({"anaphylaxis", "anaphylactic"})
ALLERGY_WORDS = frozenset({"allergic", "allergy"})
AFTER_IMMUNIZATION = ("other", "complications", "following", "immunization")
ANAPHYLACTIC = ("anaphylactic", "reaction", "vaccination")
POSTVACCINATION = ("postvaccination", "fever")
# Where a vaccine goes in, said before or after the harm ("arm swollen after ...", "reaction to
# the vaccine, sore arm"), is read into it.
INJECTION_SITES = frozenset("arm arms upper shoulder thigh leg legs bum buttock".split())


def vaccine_harm(parsed: ParsedQuery, words: set[str]) -> None:
    """A vaccine word beside a harm word (``HARMS``; the "fever" of "yellow fever" names a
    vaccine) reads as the complication following immunization, not the encounter for one
    (``words``: the query's words)."""
    if VACCINES.isdisjoint(words) or HARMS.isdisjoint(words):
        return
    texts = [s.text.lower().split() for s in parsed.slots]
    at = next((i for i, t in enumerate(texts) if not VACCINES.isdisjoint(t)), None)
    if at is None:
        return
    harmed = [i for i, t in enumerate(texts)
              if any(w in HARMS and not (w in FEVERS and "yellow" in t) for w in t)]
    if not harmed:
        return
    said = {w for i in harmed for w in texts[i]}
    if said & HARMS <= ALLERGY_WORDS:  # "allergic to vaccines": Z88.7, the allergy status
        return
    readings: list[tuple[str, ...]] = ([ANAPHYLACTIC] if said & ANAPHYLAXIS else
                                       [POSTVACCINATION, AFTER_IMMUNIZATION]
                                       if said & FEVERS else [AFTER_IMMUNIZATION])
    start = min(harmed[0], at)
    while start and set(texts[start - 1]) <= INJECTION_SITES:
        start -= 1
    end = max(harmed[-1], at) + 1
    while end < len(texts) and set(texts[end]) <= INJECTION_SITES:
        end += 1
    _merge(parsed, start, end, readings, "immunization harm")


# An injection is a vaccine's when a vaccine is named just before it ("shingrix injection",
# "hepatitis b injection", "tetanus injection"): then it is no injection's complication (T81.5-
# "... following injection or immunization"). Only named before it, by a word that names
# nothing else: "injection for pneumonia" is an antibiotic's, "vitamin b injection" no vaccine.
INJECTIONS = frozenset({"injection", "injections", "injected"})
NAMES_NOTHING_ELSE = NAMING_A_VACCINE - frozenset("a b cough fever yellow chicken pox".split())
INTRODUCED = ("introduction", "vaccine")  # 3E0 "Introduction of Serum, Toxoid and Vaccine"


def _injected_vaccine(parsed: ParsedQuery, texts: list[str]) -> bool:
    """Read an injection word after a vaccine's name (``INJECTIONS``) as the encounter for
    immunization or the vaccine's Introduction (ICD-10-PCS), the name and the injection one
    slot, said as typed too. Whether one was read."""
    at = next((i for i, t in enumerate(texts) if t in INJECTIONS), None)
    if at is None or at == 0:
        return False
    start = at
    while start > 0 and set(texts[start - 1].split()) <= NAMING_A_VACCINE:
        start -= 1
    named = {w for t in texts[start:at] for w in t.split()}
    if start == at or not named & NAMES_NOTHING_ELSE:
        return False
    parsed.slots[at].alternatives[:] = parsed.slots[at].alternatives[:1]
    _merge(parsed, start, at + 1, [IMMUNIZATION, INTRODUCED], "immunization")
    return True


# A vaccine refused or missed is why it was not given (Z28.2- "Immunization not carried out
# because of patient refusal", Z28.3 "Underimmunization status"), not the encounter for one.
REFUSED = frozenset("refused refuse refuses refusing declined decline declines declining"
                    .split())
MISSED = frozenset("missed missing behind".split())
REFUSAL = ("immunization", "not", "carried", "out", "refusal")
UNDERIMMUNIZED = ("underimmunization", "status")


def _not_given(parsed: ParsedQuery, texts: list[str], said: set[str]) -> None:
    """A vaccine word refused or missed (``REFUSED``, ``MISSED``), the disease named beside it
    and the word just before that, one slot, also read as the titles of the vaccine not
    given."""
    reading = REFUSAL if said & REFUSED else UNDERIMMUNIZED if said & MISSED else None
    at = next((i for i, t in enumerate(texts) if set(t.split()) & VACCINES), None)
    if reading is None or at is None or said & (GIVING | {"reaction", "reactions"}):
        return
    start, end = _disease_span(texts, at)
    if start and set(texts[start - 1].split()) & (REFUSED | MISSED):
        start -= 1  # "refused the flu vaccine", "missed her jabs": the refusal is said too
    _merge(parsed, start, max(end, at + 1), [reading], "immunization", keep=True)


def _named_vaccine(parsed: ParsedQuery, texts: list[str]) -> None:
    """A vaccine said by its own name and no vaccine word also reads as the encounter for
    immunization (``VACCINE_NAMES``)."""
    for slot, text in zip(parsed.slots, texts, strict=True):
        if set(text.split()) & VACCINE_NAMES:
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        IMMUNIZATION, "immunization")


def _childs_shots(parsed: ParsedQuery, texts: list[str], at: int) -> None:
    """A vaccine word naming no disease, said only beside a child's age, a word for a child or
    school, reads as the encounter for immunization; those words are read into it."""
    others = [i for i in range(len(texts)) if i != at]
    words = query_tokens(parsed.text)
    if not others or (age_days(words) is None and not set(words) & (CHILDREN | SCHOOLING)):
        return
    if not all(w.isdigit() or w in AGE_UNITS or w in CHILDREN | SCHOOLING | ROUTINE
               or w in {"old", "her", "his", "their"} for i in others for w in texts[i].split()):
        return
    slot = parsed.slots[at]
    parsed.slots[:] = [slot]
    _merge(parsed, 0, 1, [IMMUNIZATION], "immunization", keep=True)


def _merge(parsed: ParsedQuery, start: int, end: int, readings: list[tuple[str, ...]],
           kind: str, keep: bool = False) -> None:
    """Slots ``start:end`` as one, said as typed or as each of ``readings``; their other
    readings are dropped ("up" of "follow up" is no longer "upper") unless ``keep``."""
    text = " ".join(s.text for s in parsed.slots[start:end])
    typed = tuple(t for s in parsed.slots[start:end] for t in s.alternatives[0].tokens)
    merged = {s.text for s in parsed.slots[start:end]}
    said = [Alternative(typed, "original")]
    if keep:  # each way of saying the slots, joined ("polio vaccine": poliomyelitis vaccine)
        said = [Alternative(tuple(t for a in alts for t in a.tokens), alts[-1].kind)
                for alts in islice(product(*(s.alternatives for s in parsed.slots[start:end])),
                                   MAX_JOINED)]
    parsed.slots[start:end] = [Slot(text, [*said, *(Alternative(r, kind) for r in readings)])]
    parsed.expansions[:] = [e for e in parsed.expansions if e["from"] not in merged]
    parsed.expansions.extend({"from": text, "to": " ".join(r), "kind": kind} for r in readings)


# A child's check-up ("checkup for my 5 year old", "2 month checkup", "baby's 6 week check")
# is Z00.12- Encounter for routine child health examination, a newborn's (under 29 days)
# Z00.11- Newborn health examination; not the adult's general examination (Z00.0-).
# The words of a check-up: "checkup", "check up", "physical" say one; "check", "exam" and
# "visit" only beside an age or "well", "yearly", "routine" ("6 week check", "well child exam").
CHECK_WORDS = frozenset({"checkup", "checkups", "check", "up", "physical", "exam",
                         "examination", "visit"})
STRONG_CHECKS = frozenset({"checkup", "checkups", "up", "physical"})
ROUTINE = frozenset({"well", "wellness", "yearly", "annual", "routine"})
CHILDREN = frozenset("baby babies infant toddler toddlers kid kids child children son sons"
                     " daughter daughters teenager teen boy girl grandson granddaughter"
                     " newborn".split())
AGE_UNITS = DAYS  # an age's unit, in days
CHILD_EXAM = ("routine", "child", "health", "examination")
NEWBORN_EXAM = ("newborn", "health", "examination")
# The newborn's titles by age: "... for newborn under 8 days old", "... 8 to 28 days old".
FIRST_WEEK = ("health", "examination", "newborn", "under", "8", "days")
LATER_WEEKS = ("health", "examination", "newborn", "8", "28", "days")


def age_days(words: list[str]) -> int | None:
    """The age a query says in days ("5 year old", "2 month", "6 week"), or None."""
    for i, w in enumerate(words[:-1]):
        if w.isdigit() and words[i + 1] in AGE_UNITS:
            return int(w) * AGE_UNITS[words[i + 1]]
    return None


def child_checkup(parsed: ParsedQuery) -> None:
    """Read a check-up said of a child (by an age under 18 or a word for a child) as the
    routine child health examination, of a newborn as the newborn's (in place); the words
    saying the age and the routine are read into it."""
    words = query_tokens(parsed.text)
    days = age_days(words)
    if (days is None and not set(words) & CHILDREN) or (days is not None and days >= 18 * 365):
        return
    plain = days is not None or bool(set(words) & ROUTINE)
    texts = [s.text.lower().split() for s in parsed.slots]
    # An "up" said alone is a check-up only after "check" ("shoved a bead up his nose").
    at = next((i for i, t in enumerate(texts) if set(t) <= CHECK_WORDS | ROUTINE | CHILDREN
               and set(t) & CHECK_WORDS and (plain or set(t) & STRONG_CHECKS)
               and (t != ["up"] or (i > 0 and texts[i - 1][-1:] == ["check"]))), None)
    if at is None:
        return
    folded = {i for i, t in enumerate(texts) if i != at and all(
        w.isdigit() or w in AGE_UNITS or w == "old" or w in ROUTINE or w in CHILDREN
        for w in t)}
    # A complaint said is the visit's reason ("check my 3 year old's rash"); a bare "check"
    # beside anything else is no check-up.
    if set(words) & COMPLAINTS or (not set(texts[at]) & STRONG_CHECKS
                                   and len(texts) - len(folded) > 1):
        return
    reading: tuple[str, ...] = CHILD_EXAM
    if "newborn" in words and days is None:
        reading = NEWBORN_EXAM
    elif days is not None and days < 29:
        reading = FIRST_WEEK if days < 8 else LATER_WEEKS
    slot = parsed.slots[at]
    parsed.slots[:] = [s for i, s in enumerate(parsed.slots) if i not in folded]
    at = parsed.slots.index(slot)
    _merge(parsed, at, at + 1, [reading], "child check-up")


# An examination asked for by a third party ("physical for my new job", "cdl physical", "sports
# physical for football", "clearance for surgery") is Z02 Encounter for administrative
# examination, or before an operation Z01.81 Encounter for preprocedural examinations: the
# purpose, not a complaint, is the visit's reason. The exam words, and each purpose's words as
# the title words of its examination.
EXAMS = frozenset("physical physicals exam exams examination clearance form forms paperwork"
                  " checkup evaluation assessment workup check".split())
LABS = frozenset("labs lab bloodwork bloods".split())
# A heart's tracing or review before an operation is Z01.810 Encounter for preprocedural
# cardiovascular examination ("ekg before my operation", "cardiac clearance for surgery").
# The heart named alone is no exam ("heart valve op"): only beside an exam word, or said by
# its test.
HEART_TESTS = frozenset("ekg ecg electrocardiogram echo echocardiogram".split())
HEART_EXAMS = HEART_TESTS | frozenset({"cardiac", "heart", "cardiology"})
PURPOSES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys("job jobs work employment employer hire hiring hired".split(),
                    ("pre", "employment", "examination")),
    **dict.fromkeys("school college university kindergarten preschool daycare".split(),
                    ("examination", "admission", "educational", "institution")),
    **dict.fromkeys("sport sports football soccer basketball baseball softball hockey"
                    " athletics athletic wrestling volleyball lacrosse cheerleading".split(),
                    ("examination", "participation", "sport")),
    **dict.fromkeys("driving driver drivers license licence cdl dot trucking trucker".split(),
                    ("examination", "driving", "license")),
    **dict.fromkeys("insurance".split(), ("examination", "insurance", "purposes")),
    **dict.fromkeys("military army navy enlistment enlisting recruitment".split(),
                    ("examination", "recruitment", "armed", "forces")),
    **dict.fromkeys("camp immigration".split(), ("administrative", "examination")),
    **dict.fromkeys("surgery surgical operation op procedure preop preoperative".split(),
                    ("preprocedural", "examination")),
}
PREPROCEDURAL_LABS = ("preprocedural", "laboratory", "examination")
PREPROCEDURAL_HEART = ("preprocedural", "cardiovascular", "examination")
# Words said beside a purpose that add nothing to it ("my new job", "surgery next week").
PURPOSE_FILLER = frozenset("for before my his her the a an new next upcoming this week month"
                           " summer year pre high".split())
# A physical that is a treatment, or an injury or complaint said, is no administrative exam.
NOT_AN_EXAM = frozenset("therapy therapist therapies activity activities abuse after post"
                        " injury injured hurt".split())


# The sets administrative_exam reads every query's words against, made once.
_NO_EXAM = COMPLAINTS | NOT_AN_EXAM
_EXAM_OR_LABS = EXAMS | LABS
_EXAM_SLOT = EXAMS | LABS | HEART_EXAMS | set(PURPOSES) | PURPOSE_FILLER


def administrative_exam(parsed: ParsedQuery) -> None:
    """Read an examination said with the purpose a third party asks it for (a job, school, a
    sport, driving, an operation; ``PURPOSES``) as that administrative or preprocedural
    examination (in place): the exam and the purpose become one slot, said as typed or as the
    examination's title words; labs before an operation are the preprocedural laboratory
    examination."""
    words = set(query_tokens(parsed.text))
    if not _NO_EXAM.isdisjoint(words):
        return
    texts = [s.text.lower().split() for s in parsed.slots]
    at = next((i for i, t in enumerate(texts) if not _EXAM_OR_LABS.isdisjoint(t)
               and _EXAM_SLOT.issuperset(t)), None)
    if at is None and words & HEART_TESTS:
        at = next((i for i, t in enumerate(texts) if set(t) & HEART_TESTS
                   and _EXAM_SLOT.issuperset(t)), None)
    if at is None:
        return
    folded = {i for i, t in enumerate(texts) if i != at and set(t) & set(PURPOSES)
              and set(t) <= set(PURPOSES) | PURPOSE_FILLER}
    purposes = [PURPOSES[w] for i in sorted(folded | {at}) for w in texts[i] if w in PURPOSES]
    if not purposes:
        return
    readings = list(dict.fromkeys(purposes))
    if PURPOSES["sport"] in readings:  # "high school sports physical": the sport's
        readings = [r for r in readings if r != PURPOSES["school"]]
    if set(texts[at]) & LABS:
        if readings != [PURPOSES["surgery"]]:
            return
        readings = [PREPROCEDURAL_LABS]
    elif words & HEART_EXAMS:
        if readings != [PURPOSES["surgery"]]:
            return
        readings = [PREPROCEDURAL_HEART]
        folded |= {i for i, t in enumerate(texts) if i != at and set(t) <= HEART_EXAMS | EXAMS}
    folded |= {i for i, t in enumerate(texts) if i != at and set(t) <= PURPOSE_FILLER}
    if PURPOSES["surgery"] in readings and "before" in texts[at]:
        # The operation an exam is before is not the exam's reason ("preoperative evaluation
        # before hip replacement": Z01.818, the replacement coded when it is done).
        folded |= set(range(at + 1, len(texts)))
    start = min(folded | {at})
    end = max(folded | {at}) + 1
    if any(i not in folded | {at} for i in range(start, end)):  # purpose and exam apart
        slot = parsed.slots[at]
        parsed.slots[:] = [s for i, s in enumerate(parsed.slots) if i not in folded]
        at = parsed.slots.index(slot)
        start, end = at, at + 1
    _merge(parsed, start, end, readings, "administrative exam")
