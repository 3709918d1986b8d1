"""Labour that starts before 37 weeks is preterm labour.

People say when labour came by the week of the pregnancy ("went into labour at 34 weeks",
"contractions at 30 weeks"), and the titles say it by the word: O60 "Preterm labor" (its note:
onset of labor before 37 completed weeks of gestation), O42.01- "Preterm premature rupture of
membranes". The week alone found the gestation codes (Z3A.34 "34 weeks gestation of
pregnancy") and the labour word long or false labour. So a week under 37 said beside labour
reads also as "preterm"; the week keeps its own reading (Z3A). Not a birth ("born at 34
weeks": the newborn's titles say the week, everyday.born_at). A baby born or come some weeks
early ("born 10 weeks early", "the baby came 6 weeks early") is a preterm newborn (P07.3-), the
words the lay row "born early" reads. And the mother's age said beside her pregnancy ("pregnant
at 42 years old") is what O09.5 and O09.6 tell apart: 35 and older an elderly, under 16 a young
primigravida or multigravida (their inclusion notes). Vomiting said past the 20th week of
a pregnancy is late vomiting (O21.2's note). A newborn gone yellow, said by its age in
days or weeks or by a word for a baby, is neonatal jaundice. Waters leaking in a pregnancy are
its membranes ruptured early (O42), and a newborn is what the titles call neonatal.
"""

from __future__ import annotations

from collections.abc import Callable

from medcodes.search.encounters import AGE_UNITS, age_days
from medcodes.search.parsed import Alternative, ParsedQuery, Slot, add_reading
from medcodes.search.text import stem
from medcodes.search.time_units import WEEKS
from medcodes.search.time_units import YEARS as TIME_YEARS

TERM = 37  # completed weeks: before it, preterm
VIABLE = 20  # before it a loss is an abortion, not a labour
LABOUR = frozenset(stem(w) for w in ("labor", "labour", "contractions", "rupture"))
PRETERM = ("preterm",)
EARLY = frozenset({"early", "premature", "prem"})
BIRTH = frozenset({"born", "birth", "delivered", "baby", "newborn"})
NEWBORN = ("preterm", "newborn")


def preterm_labour(parsed: ParsedQuery) -> None:
    """Read a week under 37 said beside labour as preterm too (in place)."""
    slots = parsed.slots
    if not any(slots[i].text.isdigit() and slots[i + 1].text.lower() in WEEKS
               for i in range(len(slots) - 1)):
        return  # no week said (most queries): the readings' stems are not looked at
    labour = any(stem(t) in LABOUR for s in slots for a in s.alternatives for t in a.tokens)
    if not labour:
        return
    for i in range(len(slots) - 1):
        text = slots[i].text
        if (text.isdigit() and VIABLE <= int(text) < TERM
                and slots[i + 1].text.lower() in WEEKS):
            have = {a.tokens for a in slots[i].alternatives}
            add_reading(parsed, slots[i], have, f"{text} {slots[i + 1].text}", PRETERM,
                        "gestation")


def weeks_early(parsed: ParsedQuery) -> None:
    """Read "N weeks early" said of a birth as a preterm newborn (in place)."""
    slots = parsed.slots
    if not any(s.text.lower() in BIRTH for s in slots):
        return
    for i in range(len(slots) - 2):
        if (slots[i].text.isdigit() and slots[i + 1].text.lower() in WEEKS
                and slots[i + 2].text.lower() in EARLY):
            said = " ".join(s.text for s in slots[i : i + 3])
            typed = tuple(t for s in slots[i : i + 3] for t in s.alternatives[0].tokens)
            slots[i : i + 3] = [Slot(said, [Alternative(typed, "original"),
                                            Alternative(NEWBORN, "gestation")])]
            parsed.expansions.append({"from": said, "to": " ".join(NEWBORN),
                                      "kind": "gestation"})
            return


PREGNANT = frozenset({"pregnant", "pregnancy", "expecting"})
# Bleeding in pregnancy is coded by the week: before 20 completed weeks O20 "Hemorrhage in
# early pregnancy" (its note), from then O46 "Antepartum hemorrhage"; the week alone found Z3A
# "N weeks gestation of pregnancy", which coders add after it. Spotting has its own code at any
# week (O26.85), and "blood" is as often its pressure or sugar.
BLEEDING = frozenset(stem(w) for w in ("bleeding", "bled", "hemorrhage", "haemorrhage"))
EARLY_BLEEDING = ("hemorrhage", "early", "pregnancy")
ANTEPARTUM_BLEEDING = ("antepartum", "hemorrhage")
ANTEPARTUM = ("antepartum",)


def bleeding_by_week(parsed: ParsedQuery) -> None:
    """Read bleeding said in pregnancy with its week as O20's or O46's haemorrhage, by the
    week (in place); the week keeps its own reading (Z3A), the bleeding its others."""
    slots = parsed.slots
    said = [s.text.lower().split() for s in slots]
    if PREGNANT.isdisjoint(w for ws in said for w in ws) or not any(
            stem(w) in BLEEDING for ws in said for w in ws):
        return
    week = next((int(slots[i].text) for i in range(len(slots) - 1)
                 if slots[i].text.isdigit() and slots[i + 1].text.lower() in WEEKS), None)
    if week is None or week > TERM + 5:
        return
    early = week < VIABLE
    for slot, words in zip(slots, said, strict=True):
        if any(stem(w) in BLEEDING for w in words):
            if not early:  # a lay row's "hemorrhage in early pregnancy" the week denies
                slot.alternatives[:] = [a for a in slot.alternatives
                                        if a.kind != "lay" or "early" not in a.tokens]
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        EARLY_BLEEDING if early else ANTEPARTUM_BLEEDING, "gestation")
        elif not early and (not PREGNANT.isdisjoint(words) or words == [str(week)]):
            # Pregnant, or the week, past 20 weeks is what O46's "antepartum" says.
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        ANTEPARTUM, "gestation")


# Vomiting that starts after 20 completed weeks is O21.2 "Late vomiting of pregnancy" (its
# note); the titles of the vomiting before it say no week (O21.0, O21.9).
VOMITING = frozenset(stem(w) for w in ("vomiting", "vomit", "vomited"))
LATE_VOMITING = ("late", "vomiting")


def vomiting_by_week(parsed: ParsedQuery) -> None:
    """Read vomiting said in pregnancy past its 20th week as late vomiting too (in place)."""
    slots = parsed.slots
    said = [s.text.lower() for s in slots]
    if PREGNANT.isdisjoint(said):
        return
    week = next((int(slots[i].text) for i in range(len(slots) - 1)
                 if slots[i].text.isdigit() and said[i + 1] in WEEKS), None)
    if week is None or not VIABLE < week <= TERM + 5:
        return
    for slot in slots:
        if any(stem(t) in VOMITING for a in slot.alternatives for t in a.tokens):
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        LATE_VOMITING, "gestation")


YEARS = TIME_YEARS | {"yo"}  # "a 38 yo"
ELDERLY, YOUNG = 35, 16  # the ages of O09.5's and O09.6's notes


def mother_age(parsed: ParsedQuery) -> None:
    """Read an age said beside a pregnancy as elderly or young, where O09.5 / O09.6 say so
    (in place)."""
    slots = parsed.slots
    if not any(s.text.lower() in PREGNANT for s in slots):
        return
    for i in range(len(slots) - 1):
        text = slots[i].text
        if text.isdigit() and slots[i + 1].text.lower() in YEARS:
            age = int(text)
            said = ("elderly",) if age >= ELDERLY else ("young",) if age < YOUNG else None
            if said is not None:
                have = {a.tokens for a in slots[i].alternatives}
                add_reading(parsed, slots[i], have, f"{text} {slots[i + 1].text}", said, "age")


# A baby gone yellow in its first weeks ("my 3 day old is looking yellow", "newborn turning
# yellow") is P59 Neonatal jaundice; the titles say "neonatal", never the age. Said of a baby
# by an age under 29 days, or by a word for a newborn without an age.
YELLOW = frozenset({"yellow", "yellowish", "jaundice", "jaundiced"})
NEWBORNS = frozenset({"newborn", "newborns", "neonate", "baby", "babies", "infant"})
NEONATAL_JAUNDICE = ("neonatal", "jaundice")
NEONATE = 29  # days: a newborn's first four weeks


def newborn_jaundice(parsed: ParsedQuery) -> None:
    """Read yellow skin said of a newborn as neonatal jaundice (in place): by an age under 29
    days said in days or weeks, or a word for a baby and no age."""
    words = [w for s in parsed.slots for w in s.text.lower().split()]
    days = age_days(words)
    # Not yellow fever, nor an older child's age ("my 2 year old").
    if (not set(words) & YELLOW or "fever" in words
            or (days is None and not set(words) & NEWBORNS)
            or (days is not None and days >= NEONATE)):
        return
    yellow = [s for s in parsed.slots if set(s.text.lower().split()) & YELLOW]
    for slot in yellow:
        add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                    NEONATAL_JAUNDICE, "newborn")
    # The baby and its age are said by "neonatal" now: they go, so that P59 "Neonatal
    # jaundice, unspecified" says all that is asked ("newborn baby jaundice").
    said_by_it = NEWBORNS | set(AGE_UNITS) | {"old"}
    gone = {s.text for s in parsed.slots if s not in yellow and all(
        w.isdigit() or w in said_by_it for w in s.text.lower().split())}
    parsed.slots[:] = [s for s in parsed.slots if s.text not in gone]
    parsed.expansions[:] = [e for e in parsed.expansions if e["from"] not in gone]


# Waters leaking in a pregnancy ("leaking fluid at 30 weeks pregnant", "my waters are
# leaking") are the membranes ruptured before labour: O42 "Premature rupture of membranes".
# The titles say "leak" only of other fluids (G96.0 "Cerebrospinal fluid leak"), which the
# words found. Said of a pregnancy: a pregnancy word, its week, or the waters themselves.
LEAKING = frozenset({"leak", "leaking", "leaked", "leaks", "leakage", "trickling", "gushing"})
WATERS = frozenset({"waters", "amniotic"})
RUPTURED_MEMBRANES = ("premature", "rupture", "membranes")


def leaking_waters(parsed: ParsedQuery, heard: set[str]) -> None:
    """Read a leak said in a pregnancy as premature rupture of the membranes (in place)."""
    if heard.isdisjoint(LEAKING):
        return  # no leak said (most queries)
    slots = parsed.slots
    said = [s.text.lower() for s in slots]
    if heard.isdisjoint(PREGNANT | WATERS) and not any(
            said[i].isdigit() and said[i + 1] in WEEKS for i in range(len(said) - 1)):
        return
    for slot in slots:
        if not LEAKING.isdisjoint(slot.text.lower().split()):
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        RUPTURED_MEMBRANES, "gestation")


# The titles say a newborn's condition as "neonatal" (P39.1 "Neonatal conjunctivitis", P70.4
# "Other neonatal hypoglycemia") or "of newborn"; a query says the newborn. Only the words for
# a newborn, not "baby", which is also a toddler's word and the titles' "baby" of a birth.
# A newborn's routine screening then also meets P09's "Abnormal findings on neonatal
# screening", whose titles say every word of "newborn hearing screening" (its encounter code,
# Z13.5 or Z01.1, was eighth and is tenth): the visit's reading (encounters.screening_visit)
# is what such a query lacks.
NEWBORN_WORDS = frozenset({"newborn", "newborns", "neonate", "neonates", "newborn's"})
NEONATAL = ("neonatal",)


def newborn_as_neonatal(parsed: ParsedQuery, heard: set[str]) -> None:
    """Read a word for a newborn as "neonatal" too (in place); a baby said beside it is the
    newborn ("a newborn baby")."""
    if heard.isdisjoint(NEWBORN_WORDS):
        return
    for slot in parsed.slots:
        if slot.text.lower() in NEWBORN_WORDS | {"baby"}:
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        NEONATAL, "newborn")


# A pregnancy's week said beside a condition of it ("uti in pregnancy 20 wks", "pregnant 30
# weeks with heartburn") is what the chapter-15 titles code by the trimester: O23.42
# "Unspecified infection of urinary tract in pregnancy, second trimester". The weeks of their
# definition (ICD-10-CM guideline I.C.15.a.3): the first trimester less than 14 weeks 0 days,
# the second 14 weeks 0 days to less than 28 weeks 0 days, the third from 28 weeks. The week
# alone found only Z3A "N weeks gestation of pregnancy" and the "unspecified trimester" code;
# the week and its unit are read as one slot, as typed (Z3A keeps it) or as its trimester.
SECOND_FROM, THIRD_FROM = 14, 28
LAST_WEEK = 42
TRIMESTER_KIND = "trimester"
_PREGNANT_SAID = PREGNANT | {"preg"}
_NOT_THE_MOTHERS = BIRTH | {"born", "premature", "prem", "preemie", "premie", "gestational"}


def trimester(week: int) -> tuple[str, str]:
    """The trimester a completed week of pregnancy is in, as the titles say it."""
    return ("first" if week < SECOND_FROM else "second" if week < THIRD_FROM else "third",
            "trimester")


def week_as_trimester(parsed: ParsedQuery, says: Callable[[list[Slot]], bool]) -> None:
    """Read a pregnancy's week said beside a condition as its trimester too, the number and
    its unit one slot (in place), where some title says the trimester with the rest
    (``says``: does some title say all these slots?); elsewhere the chapter-15 reading of the
    condition (``pregnancy_codes``) is what the week goes with. Not a birth's week (the
    newborn's titles say the week), nor a pregnancy said with its week alone ("20 weeks
    pregnant": Z3A)."""
    slots = parsed.slots
    at = next((i for i in range(len(slots) - 1) if slots[i].text.isdigit()
               and 0 < int(slots[i].text) <= LAST_WEEK
               and slots[i + 1].text.lower() in WEEKS), None)
    if at is None:
        return  # no week said (most queries)
    said = {w for s in slots for w in s.text.lower().split()}
    if said.isdisjoint(_PREGNANT_SAID) or not said.isdisjoint(_NOT_THE_MOTHERS) or any(
            a.kind == "gestation" for s in slots[at:at + 2] for a in s.alternatives):
        return  # no pregnancy, or a birth's; or read already (preterm labour, bleeding)
    rest = [s for j, s in enumerate(slots) if j not in (at, at + 1)]
    if all(s.text.lower() in _PREGNANT_SAID for s in rest):
        return  # the week of the pregnancy, no condition said
    text = f"{slots[at].text} {slots[at + 1].text}"
    words = trimester(int(slots[at].text))
    if not says([*rest, Slot(text, [Alternative(words, TRIMESTER_KIND)])]):
        return  # no title says the trimester with the rest ("back pain at 20 weeks pregnant")
    slots[at:at + 2] = [Slot(text, [Alternative((slots[at].text, "weeks"), "original"),
                                    Alternative(words, TRIMESTER_KIND)])]
    parsed.expansions.append({"from": text, "to": " ".join(words), "kind": TRIMESTER_KIND})
