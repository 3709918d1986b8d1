"""The family history code of a relative's condition, by the classification's own notes.

A family history title names a group of conditions, not the one the person says: "my father
died of a heart attack" is Z82.4 "Family history of ischemic heart disease and other diseases
of the circulatory system", "colon cancer runs in my family" Z80.0 "... of malignant neoplasm
of digestive organs", and neither title says the words. ICD-10-CM says which conditions each
one holds, in its inclusion note "Conditions classifiable to C15-C26". So for a query read as
family history (:mod:`.family`), the condition is looked up on its own (the word ranking of
its words in ICD-10-CM), and the family history code whose note holds that condition's code
leads, or the first family history code below it when the words found one ("ovarian cancer":
Z80.41 under Z80.4).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from medcodes.codes import code_key
from medcodes.search.family import TITLE_WORDS, VERBS, framing
from medcodes.search.parsed import ParsedQuery
from medcodes.search.query import parse
from medcodes.search.rank import Candidate
from medcodes.search.status import tense
from medcodes.search.text import content_tokens, query_tokens, stem, tokens

if TYPE_CHECKING:
    from medcodes.search.engine import Engine, WordRanking
    from medcodes.search.filters import Filters

SYSTEM = "icd10cm"
FAMILY_TITLE = "Family history of"
# The slots that say the family history itself, when typed: "family history of", "family hx".
SAID_FAMILY = frozenset({"family", "history", "hx", "hist", "fhx", "fh"})
CONDITIONS_LOOKED_AT = 3  # the condition's first codes, in its own word ranking
OWN_COVERAGE = 0.5  # how much of the condition its own first code says, at least
# "Conditions classifiable to C15-C26"; Z86.32 says "Personal history of conditions
# classifiable to O24.4-"; the chapter-15 codes of a condition in pregnancy say "Conditions in
# F01-F09, F20-F52 and F54-F99" (O99.34).
_NOTE = re.compile(r"^(?:Personal history of )?Conditions (?:classifiable (elsewhere in|to)|in)"
                   r" (.+)$", re.IGNORECASE)
# The parts of a note's list: "A80-B09, B25-B34", "F20-F52 and F54-F99", "T74.11 or T76.11".
_PARTS = re.compile(r"[,;]|\s+(?:and|or)\s+")
_RANGE = re.compile(r"^([A-Z0-9.]+?)(?:\.?-)?(?:-([A-Z0-9.]+))?$")


class Holder(NamedTuple):
    """A family history code and the code ranges its note holds."""

    id: int
    code: str
    ranges: tuple[tuple[str, str], ...]  # (low, high) undotted prefixes, inclusive
    elsewhere: bool  # "classifiable elsewhere in": what the more specific codes do not hold
    # "S00-T88, except traumatic fractures": the stems of what the range leaves out.
    excepted: frozenset[str] = frozenset()

    def holds(self, key: str) -> bool:
        return any(key[: len(lo)] >= lo and key[: len(hi)] <= hi for lo, hi in self.ranges)

    def holds_titled(self, key: str, title: str) -> bool:
        """Holds the code ``key`` of that ``title``, unless the title says what the note
        leaves out (a fracture is not Z87.82's "other physical injury")."""
        return self.holds(key) and (not self.excepted
                                    or self.excepted.isdisjoint(map(stem, tokens(title))))

    def width(self) -> tuple[bool, bool, int]:
        """Narrower first: a note of its own range before "elsewhere", one category before a
        span, a deeper code before its parent."""
        return (self.elsewhere, any(lo != hi for lo, hi in self.ranges), -len(self.code))


@lru_cache(maxsize=8)
def holders(conn: sqlite3.Connection, title: str = FAMILY_TITLE) -> tuple[Holder, ...]:
    """The history codes whose title starts with ``title`` (the family's, or the personal
    history's) with a "Conditions classifiable to" note (read once)."""
    return read_holders(conn.execute(
        "SELECT id, code, terms FROM concepts WHERE system = ? AND is_default = 1"
        " AND title LIKE ? ORDER BY seq", (SYSTEM, title + "%")))


def read_holders(rows: Iterable[tuple[int, str, str | None]]) -> tuple[Holder, ...]:
    """The codes of ``rows`` (id, code, terms JSON) whose inclusion note lists the code
    ranges they hold, as holders."""
    out = []
    for id_, code, terms in rows:
        for term in json.loads(terms or "[]"):
            note = _NOTE.match(str(term.get("text", "")).strip())
            if not note:
                continue
            ranges = []
            excepted: frozenset[str] = frozenset()
            for part in _PARTS.split(note.group(2)):
                if part.strip().startswith("except "):
                    # "S00-T88, except traumatic fractures" (Z87.82); "..., except T74 and
                    # T76" (O9A.2): what follows is left out, not held.
                    excepted = frozenset(map(stem, content_tokens(part.strip()[7:])))
                    break
                # "Q00-Q89 that have been repaired or corrected": the range, then its words.
                found = _RANGE.match(part.strip().split(" ")[0])
                if found:
                    lo = code_key(found.group(1))
                    ranges.append((lo, code_key(found.group(2)) if found.group(2) else lo))
            if ranges:
                out.append(Holder(id_, code, tuple(ranges), note.group(1) not in ("to", None),
                                  excepted))
    return tuple(out)


def lead_family_code(engine: Engine, parsed: ParsedQuery, filters: Filters,
                     ranking: WordRanking, limit: int, offset: int
                     ) -> tuple[ParsedQuery, WordRanking]:
    """For a query read as family history: ``ranking`` with the family history code that
    holds the condition (or the first family history code of its group) first; or, when no
    family history code holds what the relative had (a fall, a fever, COVID-19: events and
    findings a family history is not coded for), the ranking of the condition alone, the
    relative's own code, read without the relative. Otherwise ``ranking`` as it is; with the
    query as read for what follows (the meaning search)."""
    if (tense(parsed.text) != "family" or (filters.systems and SYSTEM not in filters.systems)
            or filters.code_range or filters.chapter or filters.kind):
        return parsed, ranking
    condition = [s for s in ranking.slots
                 if not any(a.tokens == TITLE_WORDS for a in s.alternatives)
                 and s.text.lower() not in SAID_FAMILY]
    if not condition or len(condition) == len(ranking.slots):
        return parsed, ranking
    alone = ParsedQuery(text=" ".join(s.text for s in condition), kind="words",
                        slots=list(condition), expansions=parsed.expansions,
                        corrections=parsed.corrections)
    found_any, holder, sure = condition_holder(engine, alone, holders(engine.conn))
    if holder is None:
        if not found_any or SAID_FAMILY.intersection(s.text.lower() for s in ranking.slots):
            return parsed, ranking  # nothing found, or "family history" typed: as asked
        # The relative's own: the query as read without the relative ("had a fall").
        words = query_tokens(parsed.text)
        drop = framing(words).drop
        own_parsed = parse(" ".join(w for i, w in enumerate(words)
                                    if i not in drop or w in VERBS), engine.speller)
        own = engine.rank_words(own_parsed, filters, limit, offset)
        own.response.query = parsed.text
        return own_parsed, own
    pool = ranking.pool
    first = next((c for c in pool if c.system == SYSTEM and c.title.startswith(FAMILY_TITLE)),
                 None)
    if first is not None and code_key(first.code).startswith(code_key(holder.code)):
        found: Candidate | None = first  # a code of that group already ("breast": Z80.3)
    else:
        found = as_candidate(engine.conn, holder, pool, filters.billable)
    if found is None or (pool and pool[0] is found):
        return parsed, ranking
    if found in pool:
        pool.remove(found)
    if pool:  # it leads: the query asks for the family history, not the condition
        found.coverage = max(found.coverage, pool[0].coverage)
    # As sure as the reading of the condition it holds: its title never says the condition's
    # words ("seizure" for Z82.0), and scored by them it looked lost to the hybrid merge,
    # whose meaning list then led with ICD-9 family history codes.
    found.score = max(found.score, pool[0].score if pool else 0.0, sure)
    pool.insert(0, found)
    ranking.response.hits = engine.hits(ranking, offset, offset + limit)
    return parsed, ranking


def condition_ranking(engine: Engine, alone: ParsedQuery) -> WordRanking:
    """The condition's words alone, searched in ICD-10-CM: the first codes ``condition_holder``
    reads."""
    from medcodes.search.filters import Filters as EngineFilters

    return engine.rank_words(alone, EngineFilters((SYSTEM,)), CONDITIONS_LOOKED_AT * 2, 0)


def condition_holder(engine: Engine, alone: ParsedQuery, every: tuple[Holder, ...],
                     own_only: bool = False, ranking: WordRanking | None = None
                     ) -> tuple[bool, Holder | None, float]:
    """Whether the condition's words alone find anything in ICD-10-CM, the narrowest
    history code of ``every`` whose note holds one of the first codes they find (None if
    none does; a status or history code is no condition), and the score of the code it
    holds. With ``own_only``, only the condition's own first code counts: none when it says
    under half the words ("GI malignancy NOS" is no gastrointestinal anthrax), or is of
    chapter Z, a factor, not a condition ("tobacco use" is Z72.0, not the toxic effect of
    tobacco below it). ``ranking``: ``condition_ranking``, when the caller has it already."""
    if ranking is None:
        ranking = condition_ranking(engine, alone)
    hits = ranking.response.hits
    if own_only and hits and (hits[0].code.startswith("Z") or next(
            (c.coverage for c in ranking.pool if c.code == hits[0].code), 0.0) < OWN_COVERAGE):
        return True, None, 0.0
    looked_at = 1 if own_only else CONDITIONS_LOOKED_AT
    for hit in [h for h in hits if not h.code.startswith("Z")][:looked_at]:
        key = code_key(hit.code)
        held = [h for h in every if h.holds_titled(key, hit.title)]
        if held:
            return True, min(held, key=Holder.width), hit.score
    return bool(hits), None, 0.0


def as_candidate(conn: sqlite3.Connection, holder: Holder, pool: list[Candidate],
               billable: bool | None) -> Candidate | None:
    """The holder as a candidate (from the pool if there); a billable child saying the same
    title stands for a category that is not billable (Z82.49 for Z82.4)."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM concepts WHERE system = ? AND is_default = 1"
        " AND (id = ? OR parent = ?) ORDER BY seq", (SYSTEM, holder.id, holder.code)).fetchall()
    own = next((r for r in rows if r[0] == holder.id), None)
    if own is None:
        return None
    same = next((r for r in rows if r[0] != holder.id and r[3] == own[3] and r[5]), None)
    row = same if same is not None and not own[5] else own
    if billable is not None and bool(row[5]) != billable:
        return None
    in_pool = next((c for c in pool if c.id == row[0]), None)
    if in_pool is not None:
        return in_pool
    return _as_candidate_row(row)


_COLUMNS = ("id, system, code, title, kind, billable, chapter, seq, short_title, terms, notes,"
            " parent")


def candidate_by_id(conn: sqlite3.Connection, id_: int) -> Candidate | None:
    """The concept ``id_`` as a candidate of no word score (it is placed, not matched)."""
    row = conn.execute(f"SELECT {_COLUMNS} FROM concepts WHERE id = ?", (id_,)).fetchone()
    return None if row is None else _as_candidate_row(row)


def _as_candidate_row(row: tuple[Any, ...]) -> Candidate:
    return Candidate(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6], row[7], 0.0,
                     row[8] or "", row[9], row[10])
