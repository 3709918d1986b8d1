"""The chapter-15 code of a condition a pregnant patient has, by the classification's notes.

ICD-10-CM codes a pregnant patient's condition in chapter 15 (Official Guidelines I.C.15.a.1:
chapter 15 codes have sequencing priority), under titles that name a group, not the condition:
"depression while pregnant" is O99.34- "Other mental disorders complicating pregnancy, ...",
"asthma in pregnancy" O99.51- "Diseases of the respiratory system complicating pregnancy", and
neither says the condition's words, so the words found F32 and J45 first. Each of those codes
(O98-O9A) says what it holds in its inclusion note, "Conditions in F01-F09, F20-F52 and
F54-F99", as the history codes do (:mod:`.family_codes`). So for a query that says pregnancy
and a condition, the condition is looked up alone, and the pregnancy code whose note holds its
own first code leads (its code for pregnancy, not childbirth or the puerperium). A chapter-15
title the words found that says the condition itself ("bladder infection while pregnant":
O23) is kept. Where the words found no such title first (the week's Z3A led "ankles really
puffy at 30 weeks pregnant"), or found one saying more than the condition (O21.2 "Late vomiting
of pregnancy" at 12 weeks), the condition is searched in chapter 15 alone, and its first title
that says the condition and nothing but the pregnancy leads (O12.0 "Gestational edema").
A symptom with no such title (a headache, leg cramps) is O26.89's, an abnormal glucose
O99.81's (``UNNOTED``), and a chapter-15 title found by the week or the pregnancy alone, saying
none of the condition's words (O21.2 by the "20 weeks" of its note), yields to them.
"""

from __future__ import annotations

import json
import re
import sqlite3
from copy import copy
from functools import lru_cache
from typing import TYPE_CHECKING

from medcodes.codes import code_key
from medcodes.search.drill import codes_below
from medcodes.search.episodes import PREGNANCY, TIMES, episode, episode_said, titled_times
from medcodes.search.family_codes import (
    SYSTEM,
    Holder,
    candidate_by_id,
    condition_holder,
    condition_ranking,
    read_holders,
)
from medcodes.search.history_codes import ON_PAGE, WHOLE, lead_found
from medcodes.search.parsed import Alternative, ParsedQuery, Slot
from medcodes.search.rank import Candidate
from medcodes.search.reported import report_default
from medcodes.search.status import tense
from medcodes.search.text import STOPWORDS, stem, tokens
from medcodes.search.time_units import WEEKS as WEEK_WORDS
from medcodes.search.trimesters import ORDINALS, TRIMESTER_WORDS

if TYPE_CHECKING:
    from medcodes.search.engine import Engine, WordRanking
    from medcodes.search.filters import Filters

# The words that say the patient is pregnant, and the words that only place the condition in
# the pregnancy ("while pregnant", "at 8 weeks pregnant", "during pregnancy").
PREGNANT = frozenset({"pregnant", "pregnancy"})
# A trimester said ("2nd trimester") places the condition in the pregnancy, as the weeks do;
# its code is the holder's of that trimester (``trimesters.in_said_trimester``).
TRIMESTER_SAID = frozenset(ORDINALS) | TRIMESTER_WORDS
SAID_WITH = frozenset({"while", "during", "when", "whilst", "weeks", "week", "wks", "wk", "along"})
CHAPTER = "O"  # the key prefix of chapter 15's codes
HOLDERS = ("O98", "O9B")  # O98-O9A: the codes of other conditions complicating pregnancy
# Titles of a holder's codes for the other times the condition complicates: at delivery and
# after it.
NOT_PREGNANCY = frozenset({"childbirth", "puerperium"})
# How sure the condition's own first code must be: a title (or a term) saying what was asked
# and no more scores 4.4 and up (rank.rerank's bonus over full coverage); one that only says
# the word among others ("bleeding": K20.91 Esophagitis, unspecified with bleeding, 3.64;
# "contractions": N26 Unspecified contracted kidney) is no reading of the condition.
OWN_SURE = 4.0
# Chapter-15 codes with no note of what they hold, and what the index gives them: an abnormal
# glucose (R73) is O99.81 "Abnormal glucose complicating pregnancy"; any other symptom
# (R00-R99) with no chapter-15 title of its own, O26.89 "Other specified pregnancy related
# conditions" (a headache, leg cramps, back pain in a pregnancy; AHA Coding Clinic). (code,
# held ranges, wide: after any narrower note).
UNNOTED = (("O99.81", (("R73", "R73"),), False), ("O26.89", (("R00", "R99"),), True))
LEAD_FILLER = frozenset({"unspecified", "other"})  # words a title may start with
WEEKS = "Z3A"  # weeks of gestation: reported with the obstetric condition, after it
_SPAN = re.compile(r"\b([A-Z][0-9][0-9A-Z.]*)-([A-Z][0-9][0-9A-Z.]*)\b")


def lead_pregnancy_code(engine: Engine, parsed: ParsedQuery, filters: Filters,
                        ranking: WordRanking, limit: int, offset: int) -> WordRanking:
    """``ranking`` with the obstetric condition before the weeks of gestation
    (``_after_weeks``), or, for a query saying pregnancy and a condition no chapter-15 title
    found first, the O98-O9A code holding the condition first; else as it is."""
    if ((filters.systems and SYSTEM not in filters.systems)
            or filters.code_range or filters.chapter or filters.kind):
        return ranking
    pool = ranking.pool
    weeks = _after_weeks(engine.conn, pool)
    # The week says the pregnancy when the words read it so: a weeks-of-gestation code or a
    # chapter-15 title leads ("morning sickness at 10 weeks").
    by_week = bool(pool) and pool[0].system == SYSTEM and (
        pool[0].code.startswith(WEEKS) or (pool[0].code.startswith(CHAPTER) and any(
            a.text.isdigit() and b.text.lower() in WEEK_WORDS
            for a, b in zip(ranking.slots, ranking.slots[1:], strict=False))))
    if not by_week and not any(s.text.lower() in PREGNANT | GESTATIONAL or episode(s)
                               for s in ranking.slots):
        return ranking  # not said, or inside a phrase of its own ("can't get pregnant")
    # The episode of care a chart says ("Asthma-antepart", "Anemia-delivered") says the
    # pregnancy, and the time whose code is reported (:mod:`.episodes`).
    time = episode_said(ranking.slots)
    condition = [s for s in ranking.slots
                 if not ({s.text.lower()} & (PREGNANT | SAID_WITH | TRIMESTER_SAID)
                         or s.text.isdigit() or (time is not None and episode(s)))]
    if not condition or tense(parsed.text):
        # Nothing but the pregnancy; or a history, a status or a relative's ("history of
        # pregnancy loss").
        return ranking if weeks is None else lead_found(engine, ranking, weeks, offset, limit)
    said = {stem(t) for s in condition for a in s.alternatives for t in a.tokens}
    if (time is not None and pool and pool[0].system == SYSTEM
            and time in titled_times(pool[0].title) and _names(pool[0].title, said)):
        return ranking  # its title says the condition at that time (F53.0 "Postpartum depression")
    if weeks is not None and _unsaid(f"{weeks.title} {weeks.terms_json}", said):
        # Found by the week alone, which its note says ("back pain at 20 weeks pregnant":
        # O21.2 "Late vomiting of pregnancy", "... after 20 completed weeks of gestation"):
        # the week only says how far the pregnancy is.
        weeks = None
    led = weeks or (pool[0] if pool and pool[0].system == SYSTEM
                    and pool[0].code.startswith(CHAPTER) else None)
    if led is not None and _says_only(led.title, said):
        # A chapter-15 title saying the condition leads, or follows the weeks: as sure as one
        # found by chapter 15's search.
        return lead_found(engine, ranking, led, offset, limit, TITLED_SURE)
    alone = ParsedQuery(text=" ".join(s.text for s in condition), kind="words",
                        slots=list(condition), expansions=parsed.expansions,
                        corrections=parsed.corrections)
    # Not over a procedure ("laparoscopic removal of ectopic pregnancy") nor over a title of
    # another chapter that says the pregnancy itself (P01.5 "Newborn affected by multiple
    # pregnancy").
    titled = None if pool and (pool[0].system != SYSTEM or (
        not pool[0].code.startswith((CHAPTER, WEEKS))
        and not PREGNANT.isdisjoint(tokens(pool[0].title)))) else _titled_in_pregnancy(
        engine, alone, said, filters.billable, parsed.text, time)
    if titled is not None:
        if led is not None and weeks is None and _slots_said(led.title, ranking.slots) > (
                _slots_said(titled.title, ranking.slots)):
            # The words' own chapter-15 title says in its title all the bare one does, and
            # more (O42.91 "Preterm premature rupture of membranes, ..." for waters broken at
            # 32 weeks, over O42; O24.414 "Gestational diabetes ..., insulin controlled" on
            # insulin, over O24.91): it keeps its place. O21.2 "Late vomiting of pregnancy",
            # found by its note's weeks, says no more than O21.9; O20.9 "Hemorrhage in early
            # pregnancy" does not say the lost baby O03 does.
            return ranking
        return lead_found(engine, ranking, next((c for c in pool if c.id == titled.id), titled),
                          offset, limit, TITLED_SURE)
    if weeks is not None:
        # Its title says the condition, and more ("so tired at 11 weeks pregnant": O26.81-
        # "Pregnancy related exhaustion and fatigue"): as sure as a title the chapter's search
        # found.
        return lead_found(engine, ranking, weeks, offset, limit,
                          0.0 if _unsaid(weeks.title, said) else TITLED_SURE)
    if (led is not None and not _unsaid(led.title, said)) or (time is None and not any(
            s.text.lower() in PREGNANT for s in ranking.slots)):
        # A chapter-15 title of the condition leads; or a week alone says no pregnancy to hold
        # a condition of another chapter. One saying none of the condition's words was found
        # by the pregnancy or its week alone (O21.2 "Late vomiting of pregnancy", whose note
        # says "after 20 completed weeks", for "back pain at 20 weeks pregnant"; O00.90
        # "Unspecified ectopic pregnancy" for "migraines during pregnancy"): the condition's
        # holder is looked for.
        return ranking
    own = condition_ranking(engine, alone)
    _, holder, sure = condition_holder(engine, alone, pregnancy_holders(engine.conn),
                                       own_only=True, ranking=own)
    if holder is None or (sure < OWN_SURE and (not _headed(own, said) or (
            pool and pool[0].system != SYSTEM))):
        # Unsure, or less sure than a procedure's title found first ("laparoscopic removal
        # of ectopic pregnancy": Q53.00 "Ectopic testis" is no reading of it).
        return ranking
    found = _in_pregnancy(engine.conn, holder, pool, filters.billable, time or PREGNANCY)
    if found is None or (pool and pool[0] is found):
        return ranking
    return lead_found(engine, ranking, found, offset, limit, sure)


# The words a chapter-15 title says of the pregnancy itself, not of the condition: a title
# saying the condition and only these ("Gestational edema", "Vomiting of pregnancy,
# unspecified", "Infections of bladder in pregnancy, unspecified trimester") is the condition in
# pregnancy; one saying more ("Spinal and epidural anesthesia induced headache during
# pregnancy", "Infection of bladder following delivery") is another thing or another time.
OF_PREGNANCY = frozenset(stem(w) for w in (
    "pregnancy", "pregnant", "gestational", "gestation", "complicating", "maternal", "care",
    "trimester", "first", "second", "third", "unspecified", "antepartum", "antenatal",
    "during", "in", "of", "for", "and", "the", "nos"))
GESTATIONAL = frozenset({"gestational", "antenatal", "antepartum", "prenatal"})
TITLES_LOOKED_AT = 10  # of the condition's chapter-15 ranking
TITLED_COVERAGE = 0.33  # how much of the condition such a title says, at least (a third)
# As sure as a title covering every word of a query (hybrid.CONFIDENT_SCORE): the pregnancy and
# the condition are both said, and the title says nothing else.
TITLED_SURE = 2.9
_BRACKETS = re.compile(r"\[[^\]]*\]|\bwithout\b.*$")


def _titled_in_pregnancy(engine: Engine, alone: ParsedQuery, said: set[str],
                         billable: bool | None, query_text: str,
                         time: str | None = None) -> Candidate | None:
    """The first chapter-15 code, of the condition's words searched there alone, whose title
    says the condition and nothing but the pregnancy (a bracketed synonym and a "without"
    clause aside: O13 "Gestational [pregnancy-induced] hypertension without significant
    proteinuria"), and no other time than the one a chart's episode says ("Anemia-delivered"
    is not O99.01- "Anemia complicating pregnancy"); None when none does."""
    from medcodes.search.engine import _frozen
    from medcodes.search.filters import Filters as EngineFilters

    # A lay reading's last word is its condition ("feet swollen": localized edema), which a
    # chapter-15 title says without the qualifier the other chapters need ("Gestational edema").
    headed = ParsedQuery(text=alone.text, kind="words", slots=[Slot(s.text, [
        *s.alternatives, *(Alternative(a.tokens[-1:], a.kind) for a in s.alternatives
                           if a.kind == "lay" and len(a.tokens) > 1)]) for s in alone.slots],
        expansions=alone.expansions, corrections=alone.corrections)
    filters = EngineFilters((SYSTEM,), billable, code_range=(CHAPTER + "00", "O9A~"))
    ranking = engine.rank_words(headed, filters, TITLES_LOOKED_AT, 0)
    pool = ranking.pool[:TITLES_LOOKED_AT]
    at = next((i for i, c in enumerate(pool)
               if c.coverage >= TITLED_COVERAGE and _says_only(c.title, said)
               and _at_time(c.title, time)), None)
    if at is None:
        return None
    head = pool[at]
    if head.billable:
        return head
    # A heading is reported as its code that says nothing more of the whole query
    # (``reported``: O23.4 as O23.40 "..., unspecified trimester"), which its trimester kept
    # from saying only the condition.
    where = _frozen(filters.sql())
    trial = [copy(head), *(copy(c) for c in pool if c is not head)]
    report_default(trial, query_text, lambda h: codes_below(engine.conn, h.id, *where))
    lead = trial[0]
    return lead if lead.billable and lead.code.startswith(head.code) else head


def _at_time(title: str, time: str | None) -> bool:
    """Does ``title`` name ``time`` among the times it names, or none (any time will do)?"""
    times = TIMES & set(tokens(title))
    return time is None or not times or time in times


def _slots_said(title: str, slots: list[Slot]) -> frozenset[int]:
    """Which of the query's ``slots`` ``title`` says in one of their ways."""
    words = {stem(w) for w in tokens(title)}
    return frozenset(i for i, s in enumerate(slots) if any(
        a.tokens and all(stem(t) in words for t in a.tokens) for a in s.alternatives))


def _names(title: str, said: set[str]) -> bool:
    """Does ``title`` say one of the condition's words, or a longer form of one ("depressed",
    stem "depress", in "depression")?"""
    return any(w.startswith(s) for w in map(stem, tokens(title)) for s in said if len(s) > 4)


def _unsaid(title: str, said: set[str]) -> bool:
    """Does ``title`` say none of the condition's words (stems ``said``)?"""
    return said.isdisjoint(stem(w) for w in tokens(title))


def _says_only(title: str, said: set[str]) -> bool:
    """Does ``title`` say some of the condition's words (stems ``said``) and, beside them,
    only the pregnancy?"""
    words = {stem(w) for w in tokens(_BRACKETS.sub(" ", title))}
    return words - OF_PREGNANCY <= said and not words.isdisjoint(said)


def _after_weeks(conn: sqlite3.Connection, pool: list[Candidate]) -> Candidate | None:
    """When a weeks-of-gestation code (Z3A) leads and the query says more than its weeks
    ("spotting at 8 weeks pregnant": Z3A.08 said "8 weeks ... pregnancy", not the spotting),
    the first code of the page its note says to code first (the obstetric condition,
    O09-O60, O80-O82, O94-O9A); else None."""
    if not pool or pool[0].system != SYSTEM or not pool[0].code.startswith(WEEKS) or (
            pool[0].coverage >= WHOLE):
        return None
    first = _code_first(conn)
    return next((c for c in pool[1:ON_PAGE]
                 if c.system == SYSTEM and first.holds(code_key(c.code))), None)


@lru_cache(maxsize=4)
def _code_first(conn: sqlite3.Connection) -> Holder:
    """The Z3A category with the code ranges of its "Code first" note (read once)."""
    row = conn.execute("SELECT id, notes FROM concepts WHERE system = ? AND is_default = 1"
                       " AND code = ?", (SYSTEM, WEEKS)).fetchone()
    notes = json.loads(row[1] or "[]") if row else []
    return Holder(row[0] if row else 0, WEEKS, tuple(
        (code_key(lo), code_key(hi)) for note in notes if note.get("kind") == "code_first"
        for lo, hi in _SPAN.findall(str(note.get("text", "")))), elsewhere=False)


@lru_cache(maxsize=4)
def pregnancy_holders(conn: sqlite3.Connection) -> tuple[Holder, ...]:
    """The O98-O9A codes whose inclusion note lists the conditions they hold, and the
    symptoms' codes of ``UNNOTED`` (read once)."""
    noted = read_holders(conn.execute(
        "SELECT id, code, terms FROM concepts WHERE system = ? AND is_default = 1"
        " AND key >= ? AND key < ? ORDER BY seq", (SYSTEM, *HOLDERS)))
    unnoted = []
    for code, ranges, wide in UNNOTED:
        row = conn.execute("SELECT id FROM concepts WHERE system = ? AND is_default = 1"
                           " AND code = ?", (SYSTEM, code)).fetchone()
        if row is not None:
            unnoted.append(Holder(row[0], code, ranges, wide))
    return (*noted, *unnoted)


def _headed(own: WordRanking, said: set[str]) -> bool:
    """Does the condition's own first code's title start with one of its words ("Unspecified"
    and "Other" aside)? A code found surely though scored under OWN_SURE for the words its
    title adds ("carpal tunnel": G56.00 "Carpal tunnel syndrome, unspecified upper limb") or
    for a lay reading ("leg cramps": R25.2 "Cramp and spasm"); not one saying the word only
    as its qualifier ("bleeding": K20.91 "Esophagitis, unspecified with bleeding"; "tube":
    H69.9 "Unspecified Eustachian tube disorder")."""
    hits = own.response.hits
    first = next((w for w in tokens(hits[0].title) if w not in LEAD_FILLER), "") if hits else ""
    return stem(first) in said


def _in_pregnancy(conn: sqlite3.Connection, holder: Holder, pool: list[Candidate],
                  billable: bool | None, time: str = PREGNANCY) -> Candidate | None:
    """The holder's code for the condition at ``time``: of the holder and the codes under
    it whose title says every word of the holder's (not O99.21 "Obesity complicating ..."
    under O99.2 "Endocrine, nutritional and metabolic diseases ..."), one for that time
    (pregnancy, childbirth or the puerperium) rather than the others, the shortest (O99.51
    under O99.5), the unspecified trimester among codes of one length (O99.340 under O99.34); a billable one
    when only those are asked for."""
    group = code_key(holder.code)
    rows = conn.execute(
        "SELECT id, title, billable, seq, key FROM concepts WHERE system = ?"
        " AND is_default = 1 AND key >= ? AND key < ? ORDER BY seq",
        (SYSTEM, group, group + "~")).fetchall()
    own = next((set(_words(r[1])) - TIMES for r in rows if r[4] == group), set())
    best: tuple[bool, int, bool, int] | None = None
    found = None
    for id_, title, is_billable, seq, key in rows:
        words = set(_words(title))
        if not own <= words or (billable is not None and bool(is_billable) != billable):
            continue
        times = TIMES & set(tokens(title))
        rank = (times != {time} and not (time == PREGNANCY and "pregnancy" in words
                                          and not times & NOT_PREGNANCY),
                len(key), "unspecified" not in words, seq)
        if best is None or rank < best:
            best, found = rank, id_
    if found is None or (best is not None and best[0] and time != PREGNANCY):
        # None, or none for the time said: O26.89 "Other specified pregnancy related
        # conditions" holds a symptom in pregnancy, not after delivery.
        return None
    in_pool = next((c for c in pool if c.id == found), None)
    return in_pool if in_pool is not None else candidate_by_id(conn, found)


def _words(title: str) -> list[str]:
    """A holder title's words that say its group: not "other", nor the times the condition
    complicates beside pregnancy."""
    return [w for w in tokens(title)
            if w not in STOPWORDS and w not in NOT_PREGNANCY and w != "other"]
