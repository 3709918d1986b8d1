"""The search entry point every front end calls: code lookups, prefixes, ranges and words."""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice, starmap
from operator import attrgetter, itemgetter
from sys import intern
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from medcodes.codes import code_key
from medcodes.search import approach
from medcodes.search import unsaid as unsaid_words
from medcodes.search.ages import BABY, STAGE_KIND, STAGES, young_kind_only
from medcodes.search.babies import BABY_NAMED, baby_aside
from medcodes.search.birth_weights import weight_band_first
from medcodes.search.bm25 import Bm25, rows_saying
from medcodes.search.bm25 import parse as parse_match
from medcodes.search.code_also import code_also
from medcodes.search.code_lookup import codes, names_a_code
from medcodes.search.code_systems import DIAGNOSIS_SYSTEMS, LEGACY_SYSTEMS, PROCEDURE_SYSTEMS
from medcodes.search.comorbid import each_first
from medcodes.search.completion import Completer
from medcodes.search.counted import PoolKeys, count_new, keys, unchanged
from medcodes.search.disease_groups import Lookup, contact_group, screened_group
from medcodes.search.dislocation_injury import injury_dislocation_first
from medcodes.search.drill import codes_below, drill_down
from medcodes.search.family_codes import lead_family_code
from medcodes.search.filters import Filters, parse_range, validate_options
from medcodes.search.fire_defaults import uncontrolled_default
from medcodes.search.gestation import week_as_trimester
from medcodes.search.history_codes import lead_history_code
from medcodes.search.hypertensive import combination_first
from medcodes.search.incidental import injury_said_whole, injury_told
from medcodes.search.index import WEIGHTS
from medcodes.search.integral import diagnosis_first
from medcodes.search.intents import intent_default
from medcodes.search.lesions import lesion_mask
from medcodes.search.manifestations import manifested
from medcodes.search.morphology import affixes_for
from medcodes.search.nec_nos import nec_or_nos
from medcodes.search.negation import weigh
from medcodes.search.obstructed_labor import care_before_obstruction
from medcodes.search.organ_general import general_word
from medcodes.search.organ_said import organ_said
from medcodes.search.page_headings import codes_before_headings
from medcodes.search.pages import from_top, page_of, rung
from medcodes.search.pasted import code_then_words, leading_code
from medcodes.search.pcs import Children, follow_nodes
from medcodes.search.pregnancy_codes import lead_pregnancy_code
from medcodes.search.pregnancy_kinds import unspecified_kind_first
from medcodes.search.probes import COUNT_CAP, IndexProbes, slot_expr
from medcodes.search.procedure_intent import asks_for_procedure
from medcodes.search.query import ParsedQuery, Slot, asked_text, corrected_text, parse
from medcodes.search.rank import Candidate, rerank
from medcodes.search.reasons import FOR, add_reason
from medcodes.search.reported import report_default
from medcodes.search.restated import restated
from medcodes.search.secondary_sites import lead_secondary_code, unstaged
from medcodes.search.sequela_character import sequela_shown
from medcodes.search.sides import coded_sides, one_side, part_beside_side
from medcodes.search.skull_fracture_first import skull_fracture_first
from medcodes.search.slot_tests import names_as_nos, said_stems, slot_stems
from medcodes.search.snippets import _facets, _says, _term_texts, highlight
from medcodes.search.spelling import Speller
from medcodes.search.spelling import Tables as SpellingTables
from medcodes.search.text import derived, tokens
from medcodes.search.timing import unsaid as when_unsaid
from medcodes.search.timing import weigh as when_weighed
from medcodes.search.transport_defaults import heading_codes, transport_default
from medcodes.search.trimesters import in_said_trimester, trimesters_after
from medcodes.search.types import Hit, QueryError, SearchResponse

if TYPE_CHECKING:
    from medcodes.catalog.reader import Catalog
    from medcodes.search.suggest import TypeaheadReads

POOL = 120  # word candidates re-ranked per query
SCAN = 600  # matches scored by BM25 per query, in general-to-specific order
GENERAL = 24  # the most general matches, re-ranked whatever their BM25
VOCAB_TOTAL = 200_000  # about the number of indexed concepts: scales word frequencies to IDF
MIN_POOL = 30  # fewer candidates than this, whatever the page: relax the query
YOUNG_TITLES = 30  # titles read to tell a child's own code from a kind (ages.young_kind_only)
NOS_SLOTS = 3  # queries of up to this many words also look for the codes that are their "NOS"
MAX_RELAX = 3  # prefix/range listings longer than this skip sorting and facets
# Concept rows of candidates kept: about 0.5 KB each with their repeated values shared
# (_compact). 120,000 of the catalog's 212,000 (60,000 until session 16) keep the general codes
# new queries read again (``Engine.concept_rows``).
ROW_CACHE = 120_000





def search(
    cat: Catalog,
    query: str,
    systems: Any = None,
    billable: bool | None = None,
    kind: str | None = None,
    chapter: str | None = None,
    code_range: str | None = None,
    limit: int = 20,
    offset: int = 0,
    mode: str = "hybrid",
) -> SearchResponse:
    """Search the catalog.

    ``systems`` limits to system ids; ``billable=True`` returns only billable codes;
    ``code_range`` (``"E08-E13"``) and ``chapter`` (a chapter's code) narrow further.
    Raises QueryError (a user error, never a crash) for invalid options or an over-long query.
    """
    if not isinstance(query, str):
        raise QueryError("query must be text")
    wanted = validate_options(cat, systems, limit, offset, mode)
    told = restated(query)
    if told is not None:  # said as no title says it: searched as the titles would, once
        return replace(search(cat, told, systems, billable, kind, chapter, code_range, limit,
                              offset, mode), query=query)
    whole = from_top(lambda n: _ranked(cat, query, wanted, systems, billable, kind, chapter,
                                       code_range, n, 0, mode), rung(offset, limit))
    return page_of(whole, offset, limit)


def _ranked(cat: Catalog, query: str, wanted: tuple[str, ...], systems: Any,
            billable: bool | None, kind: str | None, chapter: str | None,
            code_range: str | None, limit: int, offset: int, mode: str) -> SearchResponse:
    """``search``'s page at ``offset`` of a query as typed or restated, ranked from the top
    when ``offset`` is 0 (``pages``)."""
    filters = Filters(wanted, billable, kind, chapter, parse_range(code_range))
    engine = engine_for(cat)
    parsed = parse(query, engine.speller)
    lead = leading_code(engine, query, filters) if parsed.kind == "words" else []
    if lead:
        return code_then_words(cat, query, lead, systems, billable, kind, chapter, code_range,
                               limit, offset, mode)
    if parsed.system and not wanted:
        filters.systems = (parsed.system,)
        if parsed.system not in {s.id for s in cat.systems()}:
            parsed = parse(query.split(":", 1)[1], engine.speller)
            filters.systems = ()
    if parsed.kind == "words" and names_a_code(cat.conn, parsed):
        parsed = parse(query, as_words=False)
        parsed.kind, parsed.key, parsed.typed = "code", code_key(parsed.text), parsed.text.upper()
    if parsed.kind == "empty":
        return SearchResponse(query=parsed.text, interpreted_as="empty", total=0, hits=[],
                              limit=limit, offset=offset)
    if parsed.kind in ("code", "range"):
        response = codes(cat.conn, parsed, filters, limit, offset)
        if response.total or parsed.kind == "range":
            return response
        system = parsed.system
        parsed = parse(query, engine.speller, as_words=True)
        parsed.system = system
    ranking = engine.rank_words(parsed, filters, limit, offset)
    ranked, counted = ranking, list(ranking.pool)  # what the total counts (``counted``)
    parsed, ranking = lead_family_code(engine, parsed, filters, ranking, limit, offset)
    if ranking is not ranked:  # the relative's own, ranked anew: its total counts its pool
        counted = list(ranking.pool)
    ranking = lead_history_code(engine, parsed, filters, ranking, limit, offset)
    ranking = lead_pregnancy_code(engine, parsed, filters, ranking, limit, offset)
    ranking = lead_secondary_code(engine, parsed, filters, ranking, limit, offset)
    if not unchanged(counted, ranking.pool):  # a lead put in a code (the pool is as it was
        count_new(ranking.response, ranking.pool, keys(counted))  # for most queries)
    pool_keys = PoolKeys(ranking.pool)
    if mode == "words":
        response = ranking.response
    else:
        from medcodes.search.hybrid import apply_mode

        response = apply_mode(cat, parsed, filters, ranking, mode, limit, offset)
    if not offset:
        # The total counts the word ranking's pool (and the hybrid's merged list); a code these
        # stages put on the page from the catalog (a trimester's, a weight band's) is one more
        # ("teen pregnancy": O09.61x's trimesters, three hits past a words total of 131). A
        # code only the meaning list held further down than the page is then counted twice:
        # a total a hit or two high, where one too low left shown hits uncounted. The meaning
        # mode's total is its list's, which the word pool does not tell from the page's.
        shown = keys(response.hits) if mode != "meaning" else None
        codes_before_headings(response.hits, parsed.text)  # "Schizophrenia NEC": F20.89, F20.8
        intent_default(cat.conn, response.hits, parsed.text)
        care_before_obstruction(response.hits, parsed.text)
        unspecified_kind_first(cat.conn, response.hits, parsed.text)
        trimesters_after(cat.conn, response.hits, parsed.text)
        in_said_trimester(cat.conn, response.hits, parsed.text)
        weight_band_first(cat.conn, response.hits, parsed.text)
        sequela_shown(cat.conn, response.hits, query)
        if shown is not None:
            added = keys(response.hits) - shown  # a page's keys; the pool's read only if any
            response.total += sum(1 for key in added if key not in pool_keys)
        if filters.billable is not False and not (filters.kind or filters.chapter
                                                  or filters.code_range):
            code_also(cat.conn, response, parsed.text, pool_keys)
            skull_fracture_first(cat.conn, response, query, pool_keys)
            injury_dislocation_first(cat.conn, response, query, pool_keys)
    if FOR in query and filters.billable is None and not (
            filters.kind or filters.chapter or filters.code_range):
        # "D&C for heavy periods": the reason's diagnosis beside the procedure
        add_reason(cat, query, response, filters.systems, offset, limit, pool_keys)
    return each_first(query, response, lambda half: search(
        cat, half, systems, billable, kind, chapter, code_range, 1, 0, mode), pool_keys)


def _compact(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A concept row (``Engine.concept_rows``) as a ``Candidate``'s fields, in their order
    (a BM25 of 0.0), so a candidate is made from it in one C-level call (``starmap``): the
    per-field copy of a row was a twentieth of a word search. It holds one shared copy of
    the values many rows repeat (system, kind, chapter, an empty terms or notes list):
    SQLite returns a new string for each, a third of a cached row's memory. Its last field is
    the ``Candidate.memo`` its candidates share: the re-rank's ``Facts`` of it, read once."""
    cid, system, code, title, kind, billable, chapter, seq, short, terms, notes = row
    return (cid, intern(system), code, title, intern(kind), bool(billable),
            chapter if chapter is None else intern(chapter), seq, 0.0, short or "",
            _EMPTY if terms == _EMPTY else terms, _EMPTY if notes == _EMPTY else notes,
            0.0, 0.0, [None])


_EMPTY = intern("[]")


@dataclass(slots=True)
class WordRanking:
    """The word ranking of a query: the requested page, and every candidate it was cut from
    (best first), which the hybrid merge reads deeper and tests membership against."""

    response: SearchResponse
    pool: list[Candidate]
    slots: list[Slot]

    def ids(self) -> frozenset[int]:
        return frozenset(map(_ID, self.pool))


class Engine:
    """Per-catalog search state: the speller's caches and prepared SQL."""

    def __init__(self, cat: Catalog) -> None:
        self.cat = cat
        self.probes = IndexProbes(cat)  # yes/no and how-many questions put to the index
        self._lumens: frozenset[str] | None = None
        self._procedure_systems: tuple[str, ...] | None = None
        self._rows: dict[int, tuple[Any, ...]] = {}  # see concept_rows
        self.pcs_children = Children()  # the rows under PCS tables and rows, kept once read
        self.completer = Completer(cat, slot_expr)  # the word being typed (search.completion)
        self.spelling_tables = SpellingTables()  # shared by every thread's speller
        self.typeahead_reads: TypeaheadReads | None = None  # made by search.suggest._reads

    @property
    def conn(self) -> sqlite3.Connection:
        return self.cat.conn

    @property
    def lumens(self) -> frozenset[str]:
        """The ICD-10-PCS body parts reached through a natural opening (read once)."""
        if self._lumens is None:
            self._lumens = approach.lumens(self.conn)
        return self._lumens

    @property
    def speller(self) -> Speller:
        extras = self.cat.thread_extras()  # this thread's, handed on with its connection
        sp: Speller | None = extras.get("speller")
        if sp is None:
            sp = Speller(self.conn, affixes_for(self.cat.path), self.spelling_tables)
            extras["speller"] = sp
        return sp

    @property
    def bm25(self) -> Bm25 | None:
        return self.probes.bm25

    # -- words --------------------------------------------------------------------------------
    def hits(self, ranking: WordRanking, start: int, stop: int) -> list[Hit]:
        """Hits ``start:stop`` of a word ranking, built without searching again."""
        return self._hits(ranking.pool[start:stop], ranking.slots)

    def hits_of(self, candidates: list[Candidate], slots: list[Slot]) -> list[Hit]:
        """Hits of some candidates of a word ranking (the hybrid's learned order picks them)."""
        return self._hits(candidates, slots)

    def read_whole_phrase(self, parsed: ParsedQuery, where: str, args: list[Any]) -> None:
        """The readings of the query said whole, which scan the index for what its words say
        together: a pair or a side as the titles code it (``sides``) and an organ already
        the condition's left unsearched (``organ_said``). The typeahead reads them too once
        the last word is complete."""
        def says(some: list[Slot]) -> bool:
            return self.probes.matches_any(" AND ".join(map(slot_expr, some)), where, args)

        general_word(parsed)  # "heart trouble": disease, disorder
        coded_sides(parsed, says, lambda some, parts: self.probes.mostly_naming_none(
            " AND ".join(map(slot_expr, some)), parts, where, args))
        one_side(parsed, says)
        part_beside_side(parsed, says, lambda: asks_for_procedure(parsed.slots, parsed.text))
        unstaged(parsed, says)
        organ_said(parsed, lambda some, parts: self.probes.chapters(
            " AND ".join(map(slot_expr, some)), parts), self.probes.across())
        when_unsaid(parsed, says)  # "cough at night": no title of a nocturnal cough
        manifested(parsed, says)  # "flu with a fever": J11.1's respiratory manifestations
        week_as_trimester(parsed, says)  # "uti in pregnancy 20 wks": second trimester
        groups = Lookup(self.conn, slot_expr)
        screened_group(parsed, groups)  # "screening for gout": Z13.828
        contact_group(parsed, groups)  # "exposure to measles": Z20.828

    def rank_words(self, parsed: ParsedQuery, filters: Filters, limit: int, offset: int
                   ) -> WordRanking:
        slots = parsed.slots
        response = SearchResponse(
            query=parsed.denied.said if parsed.denied else parsed.text,
            interpreted_as="words", total=0, hits=[], limit=limit,
            offset=offset, corrections=parsed.corrections, expansions=parsed.expansions,
            corrected_query=corrected_text(parsed),
        )
        if not slots:
            return WordRanking(response, [], slots)
        where, args = filters.sql()
        self.read_whole_phrase(parsed, where, args)
        self.leave_aside(parsed, where, args)
        slots = parsed.slots
        self.completer.complete(slots)
        for slot in slots:  # a last word typed whole: the commonest or only word so begun
            word = slot.text.lower()
            if slot.prefix and (slot.likely.get(word) == 1.0 if slot.likely else (
                    len(word) > 3 and self.speller.known(word))):
                slot.whole = True
        weights = when_weighed(slots, [self.slot_weight(s) for s in slots])
        strict = " AND ".join(slot_expr(s) for s in slots)
        pool, matched = self._scan(strict, where, args, POOL)
        seen = {c.id for c in pool}
        if len(slots) <= NOS_SLOTS and matched > POOL:  # fewer: every match is in the pool
            # A general word names the code whose inclusion term is that word "NOS"
            # (T14.8 "Fracture NOS", T30.0 "Burn NOS"): among tens of thousands of matches
            # it is neither early by id nor high by BM25, so it is looked for.
            pool += self._nos(strict, where, args, seen, said_stems(slots))
            seen = {c.id for c in pool}
        # Too few matches for every word: drop the least informative words one at a time
        # (words the catalog lacks first, then the most common), so "TB of hip-oth test"
        # still finds tuberculosis of hip. As many whatever the page asked for: the candidates,
        # and so ``total``, are the query's, and every page is cut from them (``pages``).
        wanted = MIN_POOL
        relax_weights = weights
        if len(pool) < wanted and filters.systems and len(slots) > 1:
            # A word the searched systems never say ("NEC" in ICD-10-PCS) is dropped first.
            relax_weights = [w if w == 0 or self.probes.matches_any(slot_expr(s), where, args) else 0.0
                             for s, w in zip(slots, weights, strict=True)]
        kept = sorted(range(len(slots)), key=lambda i: -relax_weights[i])
        kept = [i for i in kept if relax_weights[i] > 0] or kept
        tries = 0
        while len(pool) < wanted and len(kept) > 1 and tries < MAX_RELAX:
            if len(kept) == len(slots) and all(w > 0 for w in relax_weights):
                kept = kept[:-1]
            match = " AND ".join(slot_expr(slots[i]) for i in sorted(kept))
            pool += self._candidates(match, where, args, POOL, seen)
            seen = {c.id for c in pool}
            kept = kept[:-1]
            tries += 1
        if len(pool) < wanted and len(slots) > 2:
            # An injury's kind and part, past what it happened on ("burned my forearm on the
            # oven": the rare "oven" kept and "burned" dropped found no burn of a forearm).
            told = injury_told(slots, tokens(parsed.text))
            if len(told) > 1:
                match = " AND ".join(slot_expr(slots[i]) for i in told)
                pool += self._candidates(match, where, args, POOL, seen)
                seen = {c.id for c in pool}
        if matched < wanted and len(slots) > 1:
            # An injury said whole in one slot beside how it happened ("fell and broke his
            # hip"): the relaxation kept the mishap's many codes (W19) and never the injury's.
            whole = injury_said_whole(slots)
            if whole:
                match = " AND ".join(slot_expr(slots[i]) for i in whole)
                pool += self._candidates(match, where, args, POOL, seen)
                seen = {c.id for c in pool}
        if len(pool) < wanted and len(slots) > 1:
            relaxed = " OR ".join(slot_expr(s) for s in slots)
            pool += self._candidates(relaxed, where, args, POOL, seen)
        denied = parsed.denied
        if denied is not None:
            # A title that says a denied finding absent names its words ("without effusion"):
            # looked for with the condition's words, the least telling dropped while few match.
            # A word the searched systems never say goes first ("postphlbtc" in ICD-10-CM).
            main = sorted(range(len(slots)), key=lambda i: -relax_weights[i])
            beside = 0
            for _ in range(MAX_RELAX):
                found = self._candidates(
                    " AND ".join(map(slot_expr, [*(slots[i] for i in sorted(main)),
                                                 *denied.slots])),
                    where, args, POOL, {c.id for c in pool})
                pool += found
                beside += len(found)
                if len(found) >= MIN_POOL // 3 or len(main) < 2:
                    break
                main.pop()
            if not matched and not beside and 2 * sum(
                    not self.probes.matches_any(slot_expr(s), where, args) for s in slots) > len(slots):
                # No title says the condition's words, nor some beside the finding, and most
                # of them no title says at all (shorthand the catalog cannot read: "Mal hy
                # ht/kd I-IV w/o hf"): the titles that say the finding are what the query told.
                pool += self._candidates(" AND ".join(map(slot_expr, denied.slots)),
                                         where, args, POOL, {c.id for c in pool})
        # Slots a system never says ("abscess" in ICD-10-PCS) do not count against its codes.
        unsaid: dict[str, int] = {}
        if filters.systems and relax_weights is not weights:
            unsaid = unsaid_words.in_filtered(filters.systems, weights, relax_weights)
        elif not filters.systems and len(slots) > 1 and asks_for_procedure(slots, parsed.text):
            unsaid = unsaid_words.in_procedure_systems(
                self.procedure_systems, [slot_expr(s) for s in slots], weights, where, args,
                self.probes.matches_any, lambda m, w, a, seen: self._candidates(m, w, a, POOL, seen),
                pool, lesion_mask(slots, tokens(parsed.text)))
        # A medicine taken for the condition said is no word of the ranking's either.
        rerank(pool, slots, asked_text(parsed) if parsed.treatment else parsed.text, weights,
               unsaid=unsaid, headings=self.headings(),
               diagnoses_only=bool(filters.systems) and DIAGNOSIS_SYSTEMS.issuperset(
                   filters.systems))
        follow_nodes(self.conn, pool, slots, parsed.text, weights, filters,
                     lambda node_where, node_args: self._candidates(strict, node_where,
                                                                    node_args, GENERAL),
                     self.lumens, unsaid, self.pcs_children)
        drill_down(self.conn, pool, slots, parsed.text, weights, filters,
                   lambda some, w, a: self._candidates(" AND ".join(map(slot_expr, some)), w, a,
                                                       POOL))
        if denied is not None:
            weigh(pool, denied)  # a title saying a denied finding absent before one naming it
        diagnosis_first(pool, parsed, self.conn)
        combination_first(pool, parsed)  # "htn ckd stage 3": I12.9 (guideline I.C.9.a)
        report_default(pool, parsed.text, lambda head: codes_below(
            self.conn, head.id, *_frozen(filters.sql())))
        transport_default(pool, parsed, lambda code: heading_codes(  # "cyclist hit by car"
            self.conn, code, *_frozen(filters.sql())))
        uncontrolled_default(pool, parsed, lambda code: heading_codes(  # "fire in building"
            self.conn, code, *_frozen(filters.sql())))
        nec_or_nos(pool, parsed, lambda code: heading_codes(  # "anemia NEC": D64.89
            self.conn, code, *_frozen(filters.sql())))
        total = len(pool)
        if total >= POOL:
            # Fewer strict matches than SCAN were all scanned: that is their count.
            total = max(total, matched if matched < SCAN else self.probes.count(strict, where, args))
            response.total_exact = total < COUNT_CAP
        page = pool[offset : offset + limit]
        response.total = total
        response.hits = self._hits(page, slots)
        response.facets = _facets(pool)
        return WordRanking(response, pool, slots)

    def _nos(self, match: str, where: str, args: list[Any], seen: Collection[int],
             stems: list[list[tuple[tuple[str, ...], bool]]]) -> list[Candidate]:
        """The codes a "NOS" term of which says exactly the query (``slot_tests.names_as_nos``),
        among the first ``GENERAL`` matches of ``match`` and "nos" by id, general codes
        first, with no BM25: FTS5 counts every match of a word to weigh it (2-3 ms for
        "fracture"), and the term's exactness is what ranks them (``rank.EXACT_TERM``)."""
        filtered = where != "c.is_default = 1"
        sql = ("SELECT f.rowid FROM search_fts f JOIN concepts c ON c.id = f.rowid"
               f" WHERE search_fts MATCH ? AND {where} LIMIT ?" if filtered else
               "SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT ?")
        nos = f'{match} AND "nos"'
        found_ids = None if filtered or self.bm25 is None else self.bm25.first_rows(
            self.conn, nos, GENERAL)
        try:
            if found_ids is None:
                found_ids = [i for (i,) in self.conn.execute(
                    sql, [nos, *(args if filtered else []), GENERAL])]
        except sqlite3.OperationalError:
            return []
        ids = [i for i in found_ids if i not in seen]
        if not ids:
            return []
        found = list(starmap(Candidate, self.concept_rows(ids)))
        return [c for c in found if names_as_nos(c, stems)]

    def concept_rows(self, ids: list[int]) -> list[tuple[Any, ...]]:
        """The candidates' concept rows (``_compact``: a ``Candidate``'s fields), in id order
        (as SQLite reads an IN list), kept once read: a word search reads 100-200 of them,
        0.3 ms from SQLite, and general codes recur from query to query, new queries' too.
        Kept up to ``ROW_CACHE`` rows, then the older half is dropped."""
        cache = self._rows
        wanted = sorted(set(ids))
        got = list(map(cache.get, wanted))  # C-level: most rows are kept
        if None not in got:
            return cast("list[tuple[Any, ...]]", got)
        found = {i: row for i, row in zip(wanted, got, strict=True) if row is not None}
        missing = [i for i, row in zip(wanted, got, strict=True) if row is None]
        rows = self.conn.execute(
            "SELECT id, system, code, title, kind, billable, chapter, seq, short_title,"
            " terms, notes FROM concepts WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(missing),),
        ).fetchall()
        if len(cache) + len(rows) > ROW_CACHE:
            # The older half goes, in the order read. Clearing all of 60,000 made new queries
            # read some 35-40 rows each from SQLite, their general codes again; with 120,000
            # and half kept, 10 and fewer after the first 2,000 (about 30 MB more at most).
            for i in list(islice(cache, len(cache) // 2)):
                cache.pop(i, None)
        for r in map(_compact, rows):
            found[r[0]] = cache[r[0]] = r
        return [found[i] for i in sorted(found)]

    @property
    def cached_rows(self) -> dict[int, tuple[Any, ...]]:
        """The concept rows kept by ``concept_rows``, by id (read, never written, by others)."""
        return self._rows

    @property
    def procedure_systems(self) -> tuple[str, ...]:
        """The current code systems of procedures in the catalog (``code_systems.PROCEDURE_SYSTEMS``,
        not retired; read once)."""
        if self._procedure_systems is None:
            self._procedure_systems = tuple(
                s.id for s in self.cat.systems()
                if s.is_default and s.id in PROCEDURE_SYSTEMS and s.id not in LEGACY_SYSTEMS)
        return self._procedure_systems

    def _candidates(self, match: str, where: str, args: list[Any], n: int,
                    seen: Collection[int] = ()) -> list[Candidate]:
        return self._scan(match, where, args, n, seen)[0]

    def _scan(self, match: str, where: str, args: list[Any], n: int, seen: Collection[int] = ()
              ) -> tuple[list[Candidate], int]:
        """The best ``n`` of the first ``SCAN`` matches by BM25, and the first ``GENERAL``,
        but those ``seen`` already (a relaxed query finds the stricter one's matches again:
        their rows are not read twice); and how many matches were scanned (all of them when
        fewer than ``SCAN``).

        Concept ids run from general to specific (see catalog.build._reorder), so stopping
        after ``SCAN`` matches keeps latency flat for very common words while keeping the
        concepts a general query wants.
        """
        # The best ``n`` by score, plus the first ``GENERAL`` matches whatever their score
        # (BM25 puts I10 "Essential (primary) hypertension" 133rd of 269 for "hypertension",
        # behind near-ties; the id order has it 8th), then their concept rows: joining all
        # ``SCAN`` matches to ``concepts`` read 600 rows (terms included) to keep 200. One
        # FTS statement, since each computing bm25() reads every match of every word; the
        # picking is done here: one SQL statement that materialised the scan, sorted it
        # twice, grouped it and sorted the join cost as much again as the FTS5 scan for a
        # common word (0.3 of 0.4 ms for "headache"). Codes whose curated article matches
        # join with the lowest score (no bm25: see index.py).
        filtered = where != "c.is_default = 1"
        given = args if filtered else []
        try:
            score, matched = self._picked(match, filtered, where, given, n)
            articles = self._articles(match, filtered, where, given)
        except sqlite3.OperationalError:
            return [], 0
        if not score and not articles:
            return [], 0
        for (i,) in articles:
            score[i] = min(score.get(i, 0.0), 0.0)
        ids = [i for i in score if i not in seen]
        if not ids:
            return [], matched
        found = list(starmap(Candidate, self.concept_rows(ids)))
        for c in found:
            c.bm25 = -score[c.id]
        if articles:
            # A code its article found, past the first matches, scores as a code of the same
            # title that the words found (J18.9 as J18, "Pneumonia, unspecified organism", for
            # "pneum*"), not as matching nothing; FTS5's own BM25 of it would count every
            # match of the words again (0.5 ms a query).
            by_title: dict[str, float] = {}
            for c in found:
                if c.bm25 > by_title.get(c.title, 0.0):
                    by_title[c.title] = c.bm25
            for c in found:
                if c.bm25 == 0.0 and c.title in by_title:
                    c.bm25 = by_title[c.title]
                    score[c.id] = -c.bm25
        # Best first, as SQL's ORDER BY s (bm25 is -score: a stable sort on it reversed keeps
        # ties in id order, as the ascending one on score did, without a lambda per row).
        found.sort(key=_BM25, reverse=True)
        return found, matched

    def _articles(self, match: str, filtered: bool, where: str, given: list[Any]
                  ) -> list[tuple[int]]:
        """The rowids of the first ``GENERAL`` codes whose curated article ``match`` finds,
        in rowid order; unfiltered, from the article index held in memory
        (``index.ArticleTerms``: a handful of articles), where FTS5 was asked on half of all
        searches (each typing prefix that may begin an article's word)."""
        probes = self.probes
        if not probes.has_articles or not probes.articles_may_match(match):
            return []
        terms = probes.article_terms
        expr = parse_match(match)
        if not filtered and terms is not None and expr is not None:
            return [(i,) for i in sorted(rows_saying(expr, terms.rows, terms.starts))[:GENERAL]]
        return self.conn.execute(self._article_sql(filtered, where),
                                 [match, *given, GENERAL]).fetchall()

    def _picked(self, match: str, filtered: bool, where: str, given: list[Any], n: int
                ) -> tuple[dict[int, float], int]:
        """The scores (FTS5's bm25(), lower is better) of the best ``n`` of the first ``SCAN``
        matches and of the first ``GENERAL`` (by id), by rowid; and how many were scanned.
        Unfiltered, the postings find and score them as arrays (``Bm25.first_arrays``) and
        numpy picks the few kept: a Python tuple per match and a sort of them by a key took
        a tenth of a scan."""
        scorer = self.bm25
        if scorer is not None and not filtered:
            # Which rows match, from the postings too (the same rows, in the same order).
            arrays = scorer.first_arrays(self.conn, match, SCAN)
            if arrays is not None:
                ids, scores = arrays
                if len(ids) > max(n, GENERAL):
                    # A stable sort, as sorted() was: ties keep the earlier match.
                    keep = np.zeros(len(ids), bool)
                    keep[:GENERAL] = True
                    keep[np.argsort(scores, kind="stable")[:n]] = True
                    ids, scores = ids[keep], scores[keep]
                return dict(zip(ids.tolist(), scores.tolist(), strict=True)), len(arrays[0])
        scan = self._scored(match, filtered, where, given)
        # FTS5 yields matches in id order, but a filter's join may not: the first GENERAL
        # by id are taken as such. Ties in score keep the earlier match (both are stable).
        # sorted()[:k] is what heapq.nsmallest is documented to equal, ties included, and
        # runs in C: nsmallest's Python loop took 3-4 times as long over 600 matches.
        score = dict(scan[:GENERAL] if not filtered else sorted(scan)[:GENERAL])
        score.update(sorted(scan, key=_second)[:n])
        return score, len(scan)

    def _scored(self, match: str, filtered: bool, where: str, given: list[Any]
                ) -> list[tuple[int, float]]:
        """The first ``SCAN`` matches in id order, each with its bm25(), where the postings
        do not find them (``_picked``): FTS5 finds them under a filter (its join with the
        concepts) and the postings score them (``search.bm25``: the same scores, without
        FTS5 counting every match of each word again); FTS5 scores them itself in a catalog
        without postings."""
        scorer = self.bm25
        if scorer is not None:
            ids = [i for (i,) in self.conn.execute(self._scan_sql(filtered, where, False),
                                                    [match, *given, SCAN])]
            scores = scorer.scores(self.conn, match, ids)
            if scores is not None:
                return list(zip(ids, scores, strict=True))
        return self.conn.execute(self._scan_sql(filtered, where, True),
                                 [match, *given, SCAN]).fetchall()

    @staticmethod
    @lru_cache(maxsize=64)
    def _scan_sql(filtered: bool, where: str, scored: bool = True) -> str:
        weights = ", ".join(str(x) for x in WEIGHTS)
        score = f", bm25(search_fts, {weights})" if scored else ""
        if not filtered:
            return f"SELECT rowid{score} FROM search_fts WHERE search_fts MATCH ? LIMIT ?"
        return (f"SELECT f.rowid{score} FROM search_fts f JOIN concepts c ON c.id = f.rowid"
                f" WHERE search_fts MATCH ? AND {where} LIMIT ?")

    @staticmethod
    @lru_cache(maxsize=64)
    def _article_sql(filtered: bool, where: str) -> str:
        if not filtered:
            return "SELECT rowid FROM article_fts WHERE article_fts MATCH ? LIMIT ?"
        return ("SELECT a.rowid FROM article_fts a JOIN concepts c ON c.id = a.rowid"
                f" WHERE article_fts MATCH ? AND {where} LIMIT ?")

    def leave_aside(self, parsed: ParsedQuery, where: str, args: list[Any]) -> None:
        """Where no title of the rest says the age (``ages.age_as_title``): its titles' words
        go (a child's "childhood" and "juvenile" only drew titles that merely say them:
        "toddler swallowed a coin"), and old age said aside goes too when some title says the
        rest whole: first the person ("elderly man"), then the age (in place). Else the
        relaxation weighs them as any word ("child being hurt at home": whose abuse)."""
        slots = parsed.slots
        if len(slots) > 1 and any(s.text.lower() in BABY for s in slots):
            baby_aside(parsed, lambda baby, other: self.probes.matches_any(
                f"{slot_expr(baby)} AND {slot_expr(other)}", where, args),
                lambda rest: [c.title for c in self._candidates(
                    " AND ".join(map(slot_expr, rest)), where, args, BABY_NAMED)])
            slots = parsed.slots
        aged = [s for s in slots if s.alternatives[-1].kind == STAGE_KIND]
        if not aged:
            return  # most queries
        strict = " AND ".join(map(slot_expr, slots))
        if self.probes.matches_any(strict, where, args):
            if any(s.aside for s in aged) or not young_kind_only(
                    slots, [c.title for c in self._candidates(strict, where, args, YOUNG_TITLES)]):
                return  # the titles say the age
            slots = []  # only a kind of the rest says a child's stage: its words go
        rest = [s for s in slots if not s.aside]
        if rest and len(rest) < len(slots) and self.probes.matches_any(
                " AND ".join(map(slot_expr, rest)), where, args):
            # Old age said aside, and some title says the rest whole: the person goes, then
            # the age.
            kept = [s for s in slots if not s.aside or s.text.lower() in STAGES]
            if len(kept) < len(slots) and self.probes.matches_any(
                    " AND ".join(map(slot_expr, kept)), where, args):
                slots = kept
            else:
                slots = rest
            gone = {s.text for s in parsed.slots} - {s.text for s in slots}
            parsed.slots[:] = slots
            parsed.expansions[:] = [e for e in parsed.expansions if e["from"] not in gone]
            if slots is kept:
                return
        for slot in aged:
            slot.alternatives[:] = [a for a in slot.alternatives if a.kind != STAGE_KIND]
        said = {s.text for s in aged}
        parsed.expansions[:] = [e for e in parsed.expansions
                                if e["kind"] != STAGE_KIND or e["from"] not in said]

    def slot_weight(self, slot: Slot) -> float:
        """Inverse document frequency of a slot (its most common alternative); 0 when no
        alternative can match anything in the catalog."""
        best = 0
        for alt in slot.alternatives:
            if slot.prefix or alt.kind == "prefix":
                # A word being typed weighs as a prefix, or as the word it already is when
                # that is more common ("cyst on my back": back, not background).
                freq = max(200 if self.speller.known_prefix(alt.tokens[0]) else 0,
                           self._freq(alt.tokens[0]))
            else:
                freq = min((self._freq(t) for t in alt.tokens), default=0)
            best = max(best, freq)
        return 0.0 if best == 0 else math.log(1 + VOCAB_TOTAL / best)

    def _freq(self, word: str) -> int:
        cache: dict[str, int] = self.__dict__.setdefault("_freqs", {})
        if word not in cache:
            if word.isdigit():
                cache[word] = 1000
            else:
                # The vocab table's row, from the speller's copy of it in memory (read once
                # per catalog): an SQL statement for each word new to the process before.
                found = self.speller._vocab_freq(word)
                cache[word] = 0 if found is None else found
        return cache[word]

    def headings(self) -> dict[tuple[str, str], str]:
        """The titles of the diagnosis categories, by (system, code) (read once)."""
        found: dict[tuple[str, str], str] | None = self.__dict__.get("_headings")
        if found is None:
            found = self.__dict__["_headings"] = {
                (system, code): title for system, code, title in self.conn.execute(
                    "SELECT system, code, title FROM concepts WHERE kind = 'category'"
                    " AND system IN ('icd10cm', 'icd9cm') AND is_default = 1")}
        return found

    def _hits(self, page: list[Candidate], slots: list[Slot]) -> list[Hit]:
        stems = {t for alts in slot_stems(slots) for toks, _ in alts for t in toks}
        roots = frozenset(map(derived, stems))  # "Hypertensive" for "htn" (hypertension)
        prefixes = tuple({alt.tokens[0] for s in slots if s.prefix for alt in s.alternatives})
        # A word being typed begins a word of a term where the term's words joined by spaces
        # say it after a space (``snippets._words_of``): one substring search, not a call per word.
        starts = tuple(f" {p}" for p in prefixes) if all(map(_TOKEN.fullmatch, prefixes)) \
            else None
        hits = []
        for c in page:
            matched = ["title"] if c.coverage > 0 else []
            # The first three that match (``_says`` is pure): a code with dozens of index
            # terms tested every one to keep three.
            terms = list(islice((t for t in _term_texts(c) if _says(t, stems, prefixes, starts)),
                                3))
            if terms:
                matched.append("terms")
            if not matched:
                matched.append("notes")
            hits.append(
                Hit(
                    system=c.system, code=c.code, title=c.title, billable=c.billable,
                    kind=c.kind, score=round(c.score, 4), chapter=c.chapter, matched=matched,
                    terms=terms, snippet=highlight(c.title, stems, prefixes, roots), via="words",
                )
            )
        return hits


_second = itemgetter(1)
_BM25 = attrgetter("bm25")


def _frozen(sql: tuple[str, list[Any]]) -> tuple[str, tuple[Any, ...]]:
    """A where clause and its args as a cache key."""
    return sql[0], tuple(sql[1])


_TOKEN = re.compile(r"[a-z0-9]+")  # what ``text.tokens`` makes
_ID = attrgetter("id")


def engine_for(cat: Catalog) -> Engine:
    eng: Engine | None = getattr(cat, "_engine", None)
    if eng is None:
        eng = Engine(cat)
        cat._engine = eng  # type: ignore[attr-defined]
    return eng
