"""The personal history code of a condition the person had, by the classification's notes.

"history of colon cancer", "hx of DVT", "had TB as a child" ask for the patient's personal
history, and ICD-10-CM codes it under Z85-Z87 with titles that name a group, not the
condition: colon cancer is Z85.038 "Personal history of other malignant neoplasm of large
intestine", a clot in a leg Z86.718 "... of other venous thrombosis and embolism". The title
words ("history") then match every personal history title alike, and "Personal history of
adult abuse" led "history of colon cancer". As for a relative's (:mod:`.family_codes`), each
history code's inclusion note says what it holds ("Conditions classifiable to C18"), so for a
query read in the past (:func:`.status.tense`), the condition is looked up alone and the
narrowest personal history code holding its code leads; under a note that holds a whole
chapter (Z86.7, I00-I99), the code of that group whose title names the condition, or else
the group's "other" code, where ICD-10-CM puts what it does not name.

What the words already found is kept: a status or history title of its own that says the
condition ("I had a heart attack": I25.2 Old myocardial infarction, the index's own entry;
"had a liver transplant": Z94.4), and a recent event ("I had a fall yesterday").
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING

from medcodes.codes import code_key
from medcodes.search.family import RECENT
from medcodes.search.family_codes import (
    SYSTEM,
    as_candidate,
    candidate_by_id,
    condition_holder,
    condition_ranking,
    holders,
)
from medcodes.search.habits import SUBSTANCES
from medcodes.search.incidental import injury
from medcodes.search.parsed import ParsedQuery
from medcodes.search.procedure_intent import reports_a_procedure
from medcodes.search.query import Slot, parse
from medcodes.search.rank import Candidate
from medcodes.search.recency import lately
from medcodes.search.status import CONTEXT_WORDS, PAST_WORDS, tense
from medcodes.search.text import STOPWORDS, query_tokens, stem, tokens
from medcodes.search.vocab import vocabulary

if TYPE_CHECKING:
    from medcodes.search.engine import Engine, WordRanking
    from medcodes.search.filters import Filters
    from medcodes.search.types import Hit

PERSONAL_TITLE = "Personal history of"
HISTORY_CODES = "Z8"  # the key prefix of Z85-Z87, where the personal history titles are
# The slots that only say the history: "history of", "hx", "h/o", "personal history".
SAID_HISTORY = frozenset({"history", "hx", "hist", "personal", "h o", "h/o", "pmh", "phx"})
# "last night", "last week", "two days ago": lately.
LATELY = frozenset({"night", "week", "weekend", "evening", "morning"})
LATELY_UNITS = frozenset({"day", "days", "hour", "hours", "night", "nights"})
# Title words that name no condition: "other diseases", "(corrected) conditions".
GENERIC = frozenset({"other", "disease", "diseases", "condition", "conditions", "disorder",
                     "disorders", "unspecified", "specified", "corrected", "healed"})
_PARTS = re.compile(r",\s*(?:and\s+)?|\s+and\s+")  # the conditions a title names together
ROOT = 6  # letters of a stem compared (see _root)
_CONTEXT = frozenset(stem(w)[:ROOT] for w in CONTEXT_WORDS)  # "gestational", "newborn"
TRAUMA = frozenset(stem(w)[:ROOT] for w in ("traumatic", "trauma", "injury", "physical"))
ON_PAGE = 10  # a history title this high up is one the person would have seen
WHOLE = 0.999  # the coverage of a title that says every slot of the query
# How status and history titles open ("Presence of", "Dependence on", "Personal history of",
# "History of falling", "Old myocardial infarction", "Acquired absence of", "Long term
# (current) use of") or end ("Colostomy status"); "Nicotine dependence" is a condition.
STATUS_OPENINGS = frozenset({"presence", "dependence", "personal", "history", "old",
                             "acquired", "long", "status"})
# A substance's abuse or dependence the person had ("h/o etoh abuse", "history of opioid
# dependence") has no personal history code: ICD-10-CM codes it "in remission" (F10-F19 "...,
# in remission"; Coding Clinic 2Q 2018), and "history" alone led Z81.1 Family history of
# alcohol abuse and Z91.41 Personal history of adult abuse.
# Not nicotine's: Z87.891 Personal history of nicotine dependence is its own.
HABIT_WORDS = frozenset({"abuse", "dependence", "addiction", "dependency"})
REMITTING = SUBSTANCES - {stem(w) for w in ("nicotine", "tobacco", "cigarettes")}
REMISSION = "remission"


def lead_history_code(engine: Engine, parsed: ParsedQuery, filters: Filters,
                      ranking: WordRanking, limit: int, offset: int) -> WordRanking:
    """For a query read in the past: ``ranking`` with the personal history code that holds
    the condition first (a title's group when no narrower note holds it); else as it is."""
    if (tense(parsed.text) != "past" or (filters.systems and SYSTEM not in filters.systems)
            or filters.code_range or filters.chapter or filters.kind
            or _recent(query_tokens(parsed.text))):
        return ranking
    if reports_a_procedure(ranking.slots, parsed.text):
        return ranking  # "had a tooth pulled": a procedure that left no history to code
    pool = ranking.pool
    condition = [s for s in ranking.slots if s.text.lower() not in SAID_HISTORY]
    remitted = _in_remission(engine, condition)
    if remitted is not None:
        return lead_found(engine, ranking, remitted, offset, limit, remitted.score)
    if any(w in _device_words() for s in condition for w in tokens(s.text)):
        return ranking  # "cad s/p stent": the past is the stent's (Z95.5), not the disease's
    says = bool(pool) and _title_saying(pool[0], condition)
    if not condition or (says and not pool[0].title.startswith(PERSONAL_TITLE)):
        return ranking  # a status or history title of its own says it (I25.2, Z95.1)
    if not says and pool:
        # A history title below that says all the query, as the condition's own code does
        # ("used to smoke": Z87.891 Personal history of nicotine dependence, under F17.20).
        whole = next((c for c in pool[1:ON_PAGE] if c.coverage >= WHOLE
                      and _title_saying(c, condition)), None)
        if whole is not None:
            return lead_found(engine, ranking, whole, offset, limit)
    alone = ParsedQuery(text=" ".join(s.text for s in condition), kind="words",
                        slots=list(condition), expansions=parsed.expansions,
                        corrections=parsed.corrections)
    own = condition_ranking(engine, alone)
    _, holder, sure = condition_holder(engine, alone, holders(engine.conn, PERSONAL_TITLE),
                                       own_only=True, ranking=own)
    if holder is None and not says and _injured(own.response.hits):
        # An injury no note holds: the personal history title of a healed injury that names
        # it ("history of broken wrist": Z87.81 Personal history of (healed) traumatic
        # fracture, not Z91.419 "... adult abuse", which only says "history").
        healed = _in_group(engine.conn, condition, HISTORY_CODES, pool, TRAUMA)
        if healed is not None and (filters.billable is None or healed.billable == filters.billable):
            return lead_found(engine, ranking, healed, offset, limit, sure)
    if holder is None or (says and holder.width()[1]):
        # No note holds it, or a title says the condition and the note only a span of
        # codes ("h/o TIA": Z86.73 says it; Z86.6 holds G00-G99).
        return ranking
    group = code_key(holder.code)
    said = _stems(condition)
    found: Candidate | None = next(
        (c for c in pool if c.system == SYSTEM and code_key(c.code).startswith(group)
         and c.title.startswith(PERSONAL_TITLE) and (c.billable or code_key(c.code) != group)
         and (code_key(c.code) == group or _names(c.title, said))), None)
    if found is None:
        found = _in_group(engine.conn, condition, group, pool)
    if found is None or (filters.billable is not None and found.billable != filters.billable):
        found = as_candidate(engine.conn, holder, pool, filters.billable)
    if found is None or (pool and pool[0] is found):
        return ranking
    return lead_found(engine, ranking, found, offset, limit, sure)


def _in_remission(engine: Engine, condition: list[Slot]) -> Candidate | None:
    """The "in remission" code of a substance's abuse or dependence said in the past (see
    ``HABIT_WORDS``), searched as the condition with "remission"; None for anything else."""
    said = [t for s in condition for a in s.alternatives for t in a.tokens]
    if (HABIT_WORDS.isdisjoint(said) or REMISSION in said
            or not any(stem(t) in REMITTING for t in said)
            or not REMITTING.issuperset(stem(t) for t in said if stem(t) in SUBSTANCES)):
        return None
    text = " ".join([*(s.text for s in condition), REMISSION])
    found = condition_ranking(engine, parse(f"{text} ", engine.speller))
    first = found.pool[0] if found.pool else None
    if first is None or REMISSION not in first.title.lower():
        return None
    return first


def lead_found(engine: Engine, ranking: WordRanking, found: Candidate, offset: int, limit: int,
               sure: float = 0.0) -> WordRanking:
    """``ranking`` with ``found`` first: the query asks for the history (or, from
    :mod:`.pregnancy_codes`, the condition in pregnancy), not the condition alone; as sure as
    the condition's own code (``sure``), so the hybrid merge keeps it."""
    pool = ranking.pool
    if found in pool:
        pool.remove(found)
    if pool:
        found.coverage = max(found.coverage, pool[0].coverage)
    found.score = max(found.score, pool[0].score if pool else 0.0, sure)
    pool.insert(0, found)
    ranking.response.hits = engine.hits(ranking, offset, offset + limit)
    return ranking


@cache
def _device_words() -> frozenset[str]:
    """Nouns of what is put in or done ("stent", "pacemaker", "graft", "transplant"): beside
    them, a past tense ("s/p", "had") says a status or a procedure, not a past disease."""
    devices = {_device_noun(key) for key in vocabulary().devices} - {"body"}  # a foreign body
    return frozenset(devices | {"graft", "transplant", "replacement", "bypass", "prosthesis"})


_PLACED = frozenset({"in", "into", "on", "through", "to"})


def _device_noun(key: tuple[str, ...]) -> str:
    """The noun of a device row's phrase: its last word, or the last before the place it is
    put ("cannula in arm": cannula, not arm, which read "had a broken arm as a kid" as a
    device's past and kept Z87.81 from leading it)."""
    at = next((i for i, w in enumerate(key) if w in _PLACED and i), len(key))
    return key[at - 1]


def _recent(words: list[str]) -> bool:
    """Does the query say it happened lately ("yesterday", "just", "last week", "a few days
    ago", "two weeks ago": ``recency.lately``)? Then it is the episode, not a history."""
    return lately(words) or not RECENT.isdisjoint(words) or any(
        (w == "last" and after in LATELY) or (w in LATELY_UNITS and after == "ago")
        for w, after in pairwise(words))


def _title_saying(first: Candidate, condition: list[Slot]) -> bool:
    """Is the ranking's first an ICD-10-CM status or history title that says a word of the
    condition (I25.2 Old myocardial infarction for "I had a heart attack", Z95.1 for "s/p
    coronary bypass", Z86.73 for "h/o TIA"; not Z91.419 "Personal history of adult abuse",
    which says only "history", for "history of colon cancer")?"""
    if first.system != SYSTEM:
        return False
    words = tokens(first.title)
    if not words or (words[0] not in STATUS_OPENINGS and words[-1] != "status"):
        return False
    return not _stems(condition).isdisjoint(map(_root, words))


def _stems(condition: list[Slot]) -> set[str]:
    """The stems of the condition's content words, as typed and as read."""
    return {_root(t) for s in condition for a in s.alternatives for t in a.tokens
            if t not in STOPWORDS and t not in PAST_WORDS}


def _root(word: str) -> str:
    """A word's stem to six letters, so a Latin plural meets its singular ("calculi",
    "calculus") as the ranking's own matching does; "transfusion" and "transient" stay
    apart."""
    return stem(word)[:ROOT]


def _names(title: str, said: set[str]) -> bool:
    """Does a personal history title name the condition whose roots are ``said``: as many
    of its own words said as not (leaving out "other", "diseases"), and no word of whose
    condition it is that the query did not say (:data:`.status.CONTEXT_WORDS`)? "hx of DVT"
    is Z86.718 "... other venous thrombosis and embolism", "hx of stomach ulcer" Z87.11
    "... peptic ulcer disease"; "hx of DM2" is neither Z86.32 "... gestational diabetes"
    nor Z86.31 "... diabetic foot ulcer"."""
    for part in _PARTS.split(title[len(PERSONAL_TITLE):]):  # "TIA, and cerebral infarction"
        own = {_root(w) for w in tokens(part) if w not in STOPWORDS and w not in GENERIC}
        named = len(own & said)
        if named and named >= len(own) - named and own.isdisjoint(_CONTEXT - said):
            return True
    return False


def _injured(hits: list[Hit]) -> bool:
    """Is the condition's own first ICD-10-CM code (its words searched alone) an injury
    (S00-T34)?"""
    return bool(hits) and injury(hits[0].system, hits[0].code)


def _in_group(conn: sqlite3.Connection, condition: list[Slot], group: str,
              pool: list[Candidate], implied: frozenset[str] = frozenset()) -> Candidate | None:
    """The personal history code under ``group`` (a note holding a whole chapter: Z86.7
    holds I00-I99) whose title says most of the condition's words (a billable code before
    its heading on a tie; "hx of DVT": Z86.718 ... venous thrombosis and embolism); when no
    title there says one, the group's own "other" code, where ICD-10-CM puts what it does
    not name (Z86.79 "Personal history of other diseases of the circulatory system" for
    "history of hypertension"); None when there is neither. ``implied``: roots the condition
    says without words (an injury is traumatic)."""
    explicit = _stems(condition)
    said = explicit | implied
    rows = conn.execute(
        "SELECT id, key, title, billable, seq FROM concepts WHERE system = ?"
        " AND is_default = 1 AND key >= ? AND key < ? ORDER BY seq",
        (SYSTEM, group, group + "~")).fetchall()
    heading = next((set(map(_root, tokens(r[2]))) for r in rows if r[1] == group), set())
    best: tuple[int, int, bool, int] | None = None
    row_id = other = None
    for id_, key, title, billable, seq in rows:
        if key == group or not title.startswith(PERSONAL_TITLE):
            continue
        stems = set(map(_root, tokens(title)))
        own = set(map(_root, tokens(title[len(PERSONAL_TITLE):])))
        score = (len(own & explicit), len(own & said), bool(billable), -seq)
        if score[1] and _names(title, said) and (best is None or score > best):
            best, row_id = score, id_
        if other is None and billable and heading and "other" in stems and heading <= stems:
            other = id_
    found = row_id if row_id is not None else other
    if found is None:
        return None
    in_pool = next((c for c in pool if c.id == found), None)
    return in_pool if in_pool is not None else candidate_by_id(conn, found)
