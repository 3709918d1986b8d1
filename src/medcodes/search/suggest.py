"""Typeahead: at most ten suggestions for what has been typed so far, at a fraction of the cost
of a full search.

A suggestion box asks on every keystroke, so its answer must cost well under a millisecond of
CPU (a full search costs 3-5 ms). It reuses the full search's query understanding (codes,
qualified codes, typo corrections, abbreviations, lay phrases, the last word as a prefix: all
cached per word) and its ranking features (``rank.rerank``), but reads far fewer candidates and
skips what only a results page needs:

* codes and code prefixes: one indexed key-range read, no count and no facets;
* words: FTS5 matches in concept order (general before specific), a few dozen per stage, from
  strict to loose (``_stages``), without FTS5's bm25(): the stage a candidate came from stands
  in for it, and ``POOL`` of each stage's short titles are re-ranked, most the shortest, some
  the shortest starting with the first word typed (a first stage of title-only matches was
  measured: no better, and a query more);
* the meaning (embedding) probe only when the words are lost on a phrase of two or more whole
  words (about 1 ms, one typeahead query in eight of ``bench/http.py``'s list);
* no total, no facets, no matched terms;
* a word scan read before is not read again, and a word being typed past three letters is
  named as the few index terms it begins (``_spelled_out``): FTS5 reads a longer prefix than
  its prefix index holds by merging every posting list it begins first.

Once the words look complete (``_typing``), the reading comes closer to the full search's, at
a cost paid by those queries only: relaxed stages read on until ``POOL``, the most informative
word with any other before it alone, the "NOS" code of a general word (``Engine._nos``), the
full search's readings of the phrase said whole (``Engine.read_whole_phrase``: a side, an organ
already the condition's), the family and the personal history code (``family_codes``,
``history_codes``), and the last word counted whole for the meaning probe.

While the last word is typed after others, the phrase it likely finishes is suggested as
typed whole (``_finished``: "pneumonia in my lun" as "pneumonia in my lung", J18.9, where the
letters alone led with J85.1 Abscess of lung), so the suggestions already look like the
finished phrase's and stay put from one keystroke to the next; each finished phrase is parsed
and suggested once per engine (``TypeaheadReads``), which the keystrokes of a word share.

What it gives up, measured by ``bench/suggest_quality.py``: the full search's merge of the word
and meaning lists, and the BM25 ordering that long shorthand queries (ICD-9 short titles) need.
"""

from __future__ import annotations

import contextlib
import html
import re
import sqlite3
import threading
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from functools import lru_cache
from itertools import starmap, zip_longest
from typing import TYPE_CHECKING, Any

from medcodes.codes import code_key
from medcodes.search.approach import APPROACH_WORDS
from medcodes.search.code_lookup import names_a_code
from medcodes.search.code_systems import LEGACY_SYSTEMS
from medcodes.search.drill import drill_down
from medcodes.search.embeddings import meaning_index
from medcodes.search.engine import NOS_SLOTS, WordRanking, engine_for
from medcodes.search.everyday import PEOPLE
from medcodes.search.family_codes import lead_family_code
from medcodes.search.filters import Filters, validate_options
from medcodes.search.history_codes import lead_history_code
from medcodes.search.hybrid import LOST_SCORE, SURE_SIMILARITY, meaning_suggestions
from medcodes.search.lay_meaning import warm as warm_lay_meaning
from medcodes.search.negation import weigh
from medcodes.search.porter import index_stem, learn, restemmed
from medcodes.search.probes import slot_expr
from medcodes.search.query import ParsedQuery, Slot, corrected_text, parse
from medcodes.search.rank import Candidate, rerank
from medcodes.search.slot_tests import said_stems, slot_stems
from medcodes.search.status import tense
from medcodes.search.text import STOPWORDS, derived, stem
from medcodes.search.types import QueryError, SearchResponse
from medcodes.search.vocab import loose_key, vocabulary

if TYPE_CHECKING:
    from medcodes.catalog.reader import Catalog
    from medcodes.search.engine import Engine

LIMIT = 10
SCAN = 60  # word matches read per stage, in concept order
POOL = 20  # of those, re-ranked
# A word of an escaped title: not the letters of an entity ("&amp;", "&#x27;").
_WORD = re.compile(r"(?<![&A-Za-z0-9])(?<!&#)[A-Za-z0-9]+")
_WORD_CUT = re.compile(f"({_WORD.pattern})")
SCANS_KEPT = 20_000  # word scans kept per engine (``TypeaheadReads``), then read afresh
FINISHED_KEPT = 4_000  # finished phrases' suggestions kept per engine (ten titles each)
SPELLED_TERMS = 8  # index terms a word being typed may be named as (``_spelled_out``)
_PREFIX_WORD = re.compile(r'"([a-z0-9]+)"\*')  # a word being typed, as ``slot_expr`` quotes it
CODE_SCAN = 500  # code-prefix rows read in key order before ordering them
_WORDS_SQL = (
    "SELECT c.id, c.system, c.title FROM (SELECT rowid AS id FROM search_fts"
    " WHERE search_fts MATCH ? LIMIT ?) m JOIN concepts c ON c.id = m.id"
)
# With a filter (systems) the scan reads matches of those systems only.
_WORDS_FILTERED_SQL = (
    "SELECT c.id, c.system, c.title FROM (SELECT f.rowid AS id FROM search_fts f JOIN concepts c"
    " ON c.id = f.rowid WHERE search_fts MATCH ? AND {where} LIMIT ?) m"
    " JOIN concepts c ON c.id = m.id"
)


@dataclass(slots=True)
class Suggestion:
    system: str
    code: str
    title: str
    snippet: str  # HTML-escaped title, ``<mark>`` around the words typed


@dataclass(slots=True)
class Suggestions:
    query: str
    corrected_query: str | None = None
    items: list[Suggestion] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "corrected_query": self.corrected_query,
            "items": [
                {"system": s.system, "code": s.code, "title": s.title, "snippet": s.snippet}
                for s in self.items
            ],
        }


def suggest(cat: Catalog, query: str, systems: Any = None, limit: int = LIMIT) -> Suggestions:
    """Up to ``limit`` suggestions for ``query`` as typed so far (the last word may be half
    typed). Raises QueryError for an unknown system or an over-long query, never for odd text.
    """
    if not isinstance(query, str):
        raise QueryError("query must be text")
    wanted = validate_options(cat, systems, limit, 0, "words")
    filters = Filters(wanted)
    engine = engine_for(cat)
    lexicon = engine.speller
    parsed = parse(query, lexicon)
    if parsed.system and not wanted:
        filters.systems = (parsed.system,)
        if parsed.system not in {s.id for s in cat.systems()}:
            parsed = parse(query.split(":", 1)[1], lexicon)
            filters.systems = ()
    if parsed.kind == "words" and names_a_code(engine.conn, parsed):
        parsed = parse(query, as_words=False)
        parsed.kind, parsed.key, parsed.typed = "code", code_key(parsed.text), parsed.text.upper()
    if parsed.kind == "empty":
        return Suggestions(parsed.text)
    if parsed.kind in ("code", "range"):
        items = _codes(engine, parsed, filters, limit)
        if items or parsed.kind == "range":
            return Suggestions(parsed.text, None, items)
        system = parsed.system
        parsed = parse(query, lexicon, as_words=True)
        parsed.system = system
    return _words(engine, parsed, filters, limit, lexicon)


def warm(cat: Catalog) -> None:
    """Read once, before the first keystroke asks: the index's terms (``TypeaheadReads``) and the
    curated lay phrases' vectors (``lay_meaning``), about 80 ms that the first typeahead
    queries of a worker paid, and the speller's shared tables (``spelling.Tables``, ~0.2 s
    that a worker's first misspelled word paid), the index's stems of the catalog's words
    and their prefixes (``porter.learn``), and the vocabulary's words (``_phrase_words``,
    ~10 ms)."""
    engine = engine_for(cat)
    _reads(engine)
    _phrase_words()
    engine.speller.warm()
    with contextlib.suppress(sqlite3.Error):  # a catalog without a vocabulary
        learn(w for (w,) in engine.conn.execute("SELECT word FROM vocab"))
    index = meaning_index(cat)
    if index is not None:
        warm_lay_meaning(index.model)


def _codes(engine: Engine, parsed: ParsedQuery, filters: Filters, limit: int) -> list[Suggestion]:
    """The code itself first, then the codes it begins, in the full search's order (current
    systems first, then classification order) among the first ``CODE_SCAN`` in key order."""
    where, args = filters.sql()
    if parsed.kind == "range":
        lo, hi, exact, typed = parsed.range_lo, parsed.range_hi, "", ""
    else:
        lo = hi = exact = parsed.key
        typed = parsed.typed
    rows = engine.conn.execute(
        "SELECT system, code, title FROM (SELECT c.system, c.code, c.title, c.key, c.seq"
        f" FROM concepts c WHERE c.key >= ? AND c.key < ? AND {where} ORDER BY c.key LIMIT ?)"
        " ORDER BY key = ? DESC, code = ? DESC, system IN ('icd9cm', 'icd9pcs'), system, seq"
        " LIMIT ?",
        [lo, hi + "~", *args, CODE_SCAN, exact, typed, limit],
    ).fetchall()
    return [Suggestion(s, c, t, html.escape(t)) for s, c, t in rows]


def _words(engine: Engine, parsed: ParsedQuery, filters: Filters, limit: int,
           lexicon: Any = None) -> Suggestions:
    out = Suggestions(parsed.text, corrected_text(parsed))
    slots = parsed.slots
    if not slots:
        return out
    where, args = filters.sql()
    finishable = slots[-1].prefix
    engine.completer.complete(slots)
    weights = [engine.slot_weight(s) for s in slots]
    first = slots[0].alternatives[0].tokens[0]
    # While the last word is typed, each keystroke reads the cheapest way; once the words
    # look complete (the last is the commonest catalog word its letters begin, as the full
    # search reads it) the relaxed stages are read closer to the full search.
    typing = _typing(engine, slots[-1])
    if typing and finishable and lexicon is not None:
        # The last word being typed after others: the phrase it likely finishes, suggested
        # as typed whole (the keystrokes that finish it alike share one reading).
        finished = _finished(engine, parsed, lexicon, where, args)
        if finished is not None:
            return _finished_suggestions(engine, *finished, lexicon, filters, limit, out)
    if not typing:
        # The words complete: read as the full search reads them said whole (a side, an
        # organ already the condition's: "pneumonia in my lungs" suggests J18.9).
        before = [(s.text, *(a.tokens for a in s.alternatives)) for s in slots]
        engine.read_whole_phrase(parsed, where, args)
        if [(s.text, *(a.tokens for a in s.alternatives)) for s in parsed.slots] != before:
            slots = parsed.slots
            weights = [engine.slot_weight(s) for s in slots]
            first = slots[0].alternatives[0].tokens[0]
    pool: list[Candidate] = []
    seen: set[int] = set()
    lost = False
    for match, stage, may_stop in _stages(slots, weights, typing):
        found, read = _candidates(engine, match, where, args, stage, first)
        found = [c for c in found if c.id not in seen]
        pool += found[: max(POOL - len(pool), limit)]  # the re-rank's work stays bounded
        seen = {c.id for c in pool}
        if stage == 1.0 and read >= SCAN and not typing and len(slots) <= NOS_SLOTS:
            # A general word typed whole names the code whose term is that word "NOS"
            # ("fracture": T14.8 Fracture NOS), as the full search looks for (``Engine._nos``).
            nos = engine._nos(match, where, args, seen, said_stems(slots))
            for c in nos:
                c.bm25 = stage
            pool += nos
            seen.update(c.id for c in nos)
        # A relaxed stage is read on until the pool is full, as the full search relaxes
        # until it has ``engine.MIN_POOL``: its matches say only some of the words.
        if may_stop and len(pool) >= (limit if stage == 1.0 or typing else POOL):
            break
    if pool:
        rerank(pool, slots, parsed.text, weights, headings=engine.headings())
        # "left hip fracture" suggests S72.002, as its search leads with (``drill``).
        drill_down(engine.conn, pool, slots, parsed.text, weights, filters,
                   lambda some, w, a: _candidates(engine, " AND ".join(map(slot_expr, some)),
                                                  w, a, 1.0, first)[0])
        if parsed.denied is not None:  # "pneumonia w/o effusion": as its search weighs it
            weigh(pool, parsed.denied)
        if not typing and tense(parsed.text) == "family":
            # "my dad had a heart attack": the family history code that holds the condition
            # leads, as in the full search (``family_codes``; one word ranking of the
            # condition, for these queries only).
            pool = _family_first(engine, parsed, filters, pool, slots, limit)
        elif not typing and tense(parsed.text) == "past":
            # "i had a stroke before": the personal history code that holds it, as the full
            # search leads with (``history_codes``; for these queries only). Its score is the
            # condition's, which says nothing of whether the words found the rest: lost words
            # still take turns with the meaning below.
            lost = pool[0].score < LOST_SCORE
            pool = _history_first(engine, parsed, filters, pool, slots, limit)
    marks = _Marker(slots)
    items = [(c.system, c.code, c.title) for c in pool]
    # Words not being typed: the last one too once it is a whole word ("liver mets").
    whole = sum(not s.prefix and s.likely is None for s in slots[:-1]) + (not typing)
    if (lost or not pool or pool[0].score < LOST_SCORE) and whole >= 2:
        # The words found nothing close to a phrase of two or more words ("can't breathe
        # lying flat"): its meaning leads, when sure, or takes turns with the words.
        meant = meaning_suggestions(engine.cat, parsed, filters, limit)
        if meant:
            first_meant = meant[0][0] >= SURE_SIMILARITY
            rows = [(str(r[0]), str(r[1]), str(r[2])) for _, r in meant]
            turns = zip_longest(rows, items) if first_meant else zip_longest(items, rows)
            items = list(dict.fromkeys(i for pair in turns for i in pair if i is not None))
    out.items = [Suggestion(sy, code, title, marks.snippet(title))
                 for sy, code, title in items[:limit]]
    return out


def _stages(slots: list[Slot], weights: list[float], typing: bool = False
            ) -> Iterator[tuple[str, float, bool]]:
    """FTS5 queries from strict to loose: (match, the score that stands in for BM25 in the
    re-rank, whether the next stage may be skipped once ``limit`` were found). FTS5's bm25()
    reads each word's whole posting list and every matched row's size (most of a full search's
    SQL time); the re-rank's title coverage does the rest.

    Every word; then, as the full search relaxes, without the least informative words (unknown
    to the catalog first, else the most common); then the most informative word alone together
    with any word: read in concept order, "any word" alone is mostly general codes that share
    a common word, where BM25 would have put the rare word's matches first. Once the words
    are complete (not ``typing``) and three or more, the most informative word with any of
    the others comes before it alone ("cellulitis right arm": the cellulitis codes that say
    a side or the arm, not the first cellulitis codes by id).
    """
    exprs = [slot_expr(s) for s in slots]  # each slot's FTS5 expression, made once
    yield " AND ".join(exprs), 1.0, True
    if len(slots) < 2:
        return
    kept = sorted(range(len(slots)), key=lambda i: -weights[i])
    informative = [i for i in kept if weights[i] > 0]
    kept = informative if len(informative) < len(kept) else kept[:-1]
    if kept:
        yield " AND ".join(exprs[i] for i in sorted(kept)), 0.5, True
    if len(kept) > 1:
        if len(slots) > 2 and not typing:
            others = " OR ".join(e for i, e in enumerate(exprs) if i != kept[0])
            yield f"{exprs[kept[0]]} AND ({others})", 0.35, False
        yield exprs[kept[0]], 0.25, False
    yield " OR ".join(exprs), 0.0, True


FINISHING = 4  # completions of a word being typed tried, the likeliest first


def _finished(engine: Engine, parsed: ParsedQuery, lexicon: Any, where: str, args: list[Any]
              ) -> tuple[str, ParsedQuery | None] | None:
    """The query with its last word, still being typed after other words, finished as the
    likeliest word its letters begin (a phrase typed whole ends in a space); None when the
    last word is a letter, or none of the ``FINISHING`` likeliest is said beside the words
    before.

    The likeliest: a word of a phrase the vocabulary reads the letters in ("back pa": back
    pain); of two letters, the words the titles saying the others say most ("chest pa":
    pain); then the catalog's words by the code groups that say them. Said beside: with every
    other word in some title ("pneumonia in my lun": lung; "hernia in my gro": groin, not
    group or growth; "cellulitis of left le": leg, not lesion), else, for the likeliest
    that is not, with the word before it ("recurrent urinary tract inf": no title says
    recurrent with infection of the urinary tract). Each phrase tried is parsed once per
    engine (``TypeaheadReads.finishes``): the keystrokes of a word try the same ones; a word
    no title says with the others as already read, and no reading of the vocabulary holds,
    is passed over without parsing its phrase (``_unsaid``: a parse costs ~0.4 ms)."""
    slots = parsed.slots
    last = slots[-1]
    text = parsed.text
    typed = text.rsplit(None, 1)[-1].lower()
    if len(typed) < 2 or not typed.isalpha() or not text.lower().endswith(typed):
        return None
    before = [t for s in slots[:-1] for t in s.alternatives[0].tokens]
    before += last.alternatives[0].tokens[:-1]
    if not before:
        return None
    said = set(map(stem, before))
    phrased = [t for a in last.alternatives if len(a.tokens) > 1 for t in a.tokens
               if t.startswith(typed) and t != typed]
    completions = sorted(engine.completer._completions(typed), key=lambda wg: -wg[1])
    # Two letters begin hundreds of words: those the most general titles saying the other
    # words say most come first ("chest pa": pain, where the catalog says part in more
    # groups; ``Completer._words_beside``, as for one letter, read once for its keystrokes).
    others = slots[:-1] if len(typed) == 2 and len(last.alternatives[0].tokens) == 1 else []
    near = [w for w in engine.completer._words_beside(others, typed[0])
            if w.startswith(typed)] if others else []
    words = [*phrased, *near, *(w for w, groups in completions if groups)]
    finishes = _reads(engine).finishes
    tried: dict[str, tuple[str, str, ParsedQuery | None]] = {}
    prior = [*map(slot_expr, slots[:-1]), *(f'"{t}"' for t in last.alternatives[0].tokens[:-1])]
    roots: set[str] = set()
    inflected = 0  # words passed over as another's inflection, counted as tried
    for word in words:
        root = stem(word)
        if root in said or word in STOPWORDS:
            continue
        if len(tried) + inflected == FINISHING:
            break
        if root in roots:
            # "fractures" after "fracture": FTS5 reads both as one stem, so the phrase is
            # found or not alike, and is not parsed again.
            inflected += 1
            continue
        roots.add(root)
        phrase = text[: len(text) - len(typed)] + word + " "
        finished = None
        if phrase in finishes:
            matches = finishes[phrase]
        elif (len(words) > 1 and not lexicon.decompose(word)
              and _unsaid(engine, prior, word, word in phrased, where, args)):
            # No title says the word with the words before as read, nor beside the last of
            # them, no curated table holds it and it is no compound of word parts (-ectomy,
            # -scopy): parsing the phrase would read no more.
            inflected += 1
            continue
        else:
            finished = parse(phrase, lexicon)
            matches = None
            if finished.kind == "words" and finished.slots:
                matches = (" AND ".join(map(slot_expr, finished.slots)),
                           " AND ".join(map(slot_expr, _beside(finished.slots))))
            if len(finishes) > SCANS_KEPT:
                finishes.clear()
            finishes[phrase] = matches
        if matches is None:
            continue
        tried[phrase] = (*matches, finished)
        if engine.probes.matches_any(matches[1] if word in phrased else matches[0], where, args):
            return phrase, finished
    for phrase, (_, beside, finished) in tried.items():
        if engine.probes.matches_any(beside, where, args):
            return phrase, finished
    # The letters begin one word only ("bronchitis in my ches"): it is the word being typed,
    # whether or not a title says it beside the rest (an organ the condition is already of).
    if len(tried) == 1 and len(words) == 1:
        phrase, (*_, finished) = next(iter(tried.items()))
        return phrase, finished
    return None


def _unsaid(engine: Engine, prior: list[str], word: str, beside_only: bool, where: str,
            args: list[Any]) -> bool:
    """Is ``word`` said in no title with the FTS5 expressions ``prior`` of the words before it
    (unless ``beside_only``), nor with the last of them, and in no curated phrase (which
    would read the words around it anew)? Two cached existence reads instead of a parse."""
    if word in _phrase_words() or not _phrase_words().isdisjoint(loose_key((word,))):
        return False
    quoted = f'"{word}"'
    beside = " AND ".join([*prior[-1:], quoted])
    every = beside if beside_only else " AND ".join([*prior, quoted])
    return not (engine.probes.matches_any(every, where, args)
                or engine.probes.matches_any(beside, where, args))


@lru_cache(maxsize=1)
def _phrase_words() -> frozenset[str]:
    """Every word (and loose stem) a curated table of the vocabulary reads: its lay,
    abbreviation and device phrases, procedure words, body parts, ...; and the people
    (``everyday.PEOPLE``) and approach words (``approach.APPROACH_WORDS``) the
    readings of a query look for."""
    vocab = vocabulary()
    words = set(PEOPLE) | set(APPROACH_WORDS)
    for table in (getattr(vocab, f.name) for f in fields(vocab)):
        if isinstance(table, dict):
            for key in table:
                words.update((key,) if isinstance(key, str) else key)
    return frozenset(w for w in words if isinstance(w, str))


def _finished_suggestions(engine: Engine, phrase: str, read: ParsedQuery | None, lexicon: Any,
                          filters: Filters, limit: int, out: Suggestions) -> Suggestions:
    """``out`` (the query as typed) with the suggestions of ``phrase`` typed whole, kept per
    engine (``TypeaheadReads.finished``): the keystrokes that finish it alike ask again.
    ``read``: the phrase as ``_finished`` parsed it, not parsed again (None: parse it)."""
    where, args = filters.sql()
    kept = _reads(engine).finished
    key = (phrase, limit, where, *args)
    items = kept.get(key)
    if items is None:
        if read is None:
            read = parse(phrase, lexicon)
        items = tuple(_words(engine, read, filters, limit).items)
        if len(kept) > FINISHED_KEPT:
            kept.clear()
        kept[key] = items
    out.items = [Suggestion(s.system, s.code, s.title, s.snippet) for s in items]
    return out


def _beside(slots: list[Slot]) -> list[Slot]:
    """The last slot and the word before it: the slot alone where it is a phrase."""
    return slots[-1:] if len(slots[-1].alternatives[0].tokens) > 1 else slots[-2:]


def _typing(engine: Engine, last: Slot) -> bool:
    """Is the last word still being typed: not yet itself the catalog word likeliest of those
    its letters begin ("arm", "aureus" are done; "fo", "canc", "pregnan", "endosc" are not;
    a single letter always is)?"""
    word = last.alternatives[0].tokens[-1]
    if last.likely:
        return last.likely.get(word) != 1.0
    if not last.prefix:
        return False
    said = engine.completer._completions(word)  # most said first (cached per prefix)
    return not (said and said[0][0] == word)


class _Marker:
    """``engine.highlight`` for a handful of titles: the same ``<mark>`` around matched words,
    but each distinct word judged once and the title escaped in one call."""

    def __init__(self, slots: list[Slot]) -> None:
        self.stems = {t for alts in slot_stems(slots) for toks, _ in alts for t in toks}
        self.roots = frozenset(map(derived, self.stems))
        self.prefixes = tuple({alt.tokens[0] for s in slots if s.prefix for alt in s.alternatives})
        self.seen: dict[str, bool] = {}

    def _marked(self, word: str) -> bool:
        hit = self.seen.get(word)
        if hit is None:
            low = word.lower()
            hit = (stem(low) in self.stems or derived(stem(low)) in self.roots
                   or low.startswith(self.prefixes))
            self.seen[word] = hit
        return hit

    def snippet(self, title: str) -> str:
        pieces = _pieces(title)
        if len(pieces) == 1:
            return pieces[0]
        marked = list(pieces)
        for k in range(1, len(marked), 2):
            if self._marked(marked[k]):
                marked[k] = f"<mark>{marked[k]}</mark>"
        return "".join(marked)


@lru_cache(maxsize=50_000)
def _pieces(title: str) -> tuple[str, ...]:
    """The HTML-escaped title cut at its words: the text between them at even places, the
    words at odd ones (cached: the same titles are suggested again and again). Escaping first
    is safe: escaping adds only entities, which ``_WORD`` skips."""
    return tuple(_WORD_CUT.split(html.escape(title)))


def _family_first(engine: Engine, parsed: ParsedQuery, filters: Filters,
                  pool: list[Candidate], slots: list[Slot], limit: int) -> list[Candidate]:
    """``pool`` led by the family history code ``family_codes.lead_family_code`` finds (or
    the ranking of the relative's own condition, which it then gives)."""
    response = SearchResponse(query=parsed.text, interpreted_as="words", total=len(pool),
                              hits=[], limit=limit, offset=0)
    _, ranking = lead_family_code(engine, parsed, filters, WordRanking(response, pool, slots),
                                  limit, 0)
    return ranking.pool


def _history_first(engine: Engine, parsed: ParsedQuery, filters: Filters,
                   pool: list[Candidate], slots: list[Slot], limit: int) -> list[Candidate]:
    """``pool`` led by the personal history code ``history_codes.lead_history_code`` finds."""
    response = SearchResponse(query=parsed.text, interpreted_as="words", total=len(pool),
                              hits=[], limit=limit, offset=0)
    return lead_history_code(engine, parsed, filters, WordRanking(response, pool, slots),
                             limit, 0).pool


def _candidates(
    engine: Engine, match: str, where: str, args: list[Any], weight: float, first: str
) -> tuple[list[Candidate], int]:
    """``POOL`` of the first ``SCAN`` matches in concept order (general before specific):
    current systems first; then, taken in turn, the shortest titles (the fewest words not
    typed) and the shortest that start with ``first``, the first word typed ("sepsi":
    "Sepsis, unspecified organism", longer than "Anthrax sepsis"), two of one to one of the
    other."""
    reads = _reads(engine)
    scans = reads.scans
    key = (match, where, *args)
    chosen = scans.get(key) or scans.get((*key, first))
    if chosen is None:
        chosen = _choose(engine, _spelled_out(reads, match), where, args, first)
        if len(scans) > SCANS_KEPT:
            scans.clear()
        # Which first word was typed matters only when there were more than ``POOL``.
        scans[key if chosen[1] <= POOL else (*key, first)] = chosen
    ids, read = chosen
    # The chosen few read in full (a title's terms and notes are most of a row's bytes), as
    # the search keeps them.
    full = {r[0]: r for r in engine.concept_rows(list(ids))}
    found = list(starmap(Candidate, filter(None, map(full.get, ids))))
    for c in found:
        c.bm25 = weight
    return found, read


def _choose(engine: Engine, match: str, where: str, args: list[Any], first: str
            ) -> tuple[tuple[int, ...], int]:
    """The ids ``_candidates`` reads in full, in their order, and how many matches it read."""
    if where == "c.is_default = 1":  # the index holds only default releases
        sql, params = _WORDS_SQL, [match, SCAN]
    else:
        sql, params = _WORDS_FILTERED_SQL.format(where=where), [match, *args, SCAN]
    try:
        rows = engine.conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        return (), 0
    # By (retired system, title length, id) without a key call per row: the ids are unique.
    shortest = [r for *_, r in sorted([(r[1] in LEGACY_SYSTEMS, len(r[2]), r[0], r)
                                       for r in rows])]
    if len(rows) > POOL:
        n = len(first)
        leading = [r for r in shortest if r[2][:n].lower() == first]
        shortest = list(dict.fromkeys(
            r for three in zip_longest(shortest[::2], shortest[1::2], leading) for r in three
            if r is not None))
        # Current systems first, each part in its order (as a stable sort by the system).
        shortest = ([r for r in shortest if r[1] not in LEGACY_SYSTEMS]
                    + [r for r in shortest if r[1] in LEGACY_SYSTEMS])
    return tuple(r[0] for r in shortest[:POOL]), len(rows)


class TypeaheadReads:
    """What an engine's typeahead keeps between queries: the word scans already chosen, by
    FTS5 query (and filter, and first word when it mattered): a scan recurs from query to
    query ("heart a", "heart at" and "heart att" relax to the same "heart"), and a fifth of
    the typeahead's scans are ones read before; and the index's terms (``_spelled_out``)."""

    def __init__(self, engine: Engine) -> None:
        self.scans: dict[tuple[Any, ...], tuple[tuple[int, ...], int]] = {}
        # The index's terms, sorted, when its postings are those of the index (bm25's check).
        self.terms: list[str] | None = None
        self.restemmed: frozenset[str] = frozenset()
        if engine.bm25 is not None:
            self.terms = [r[0] for r in engine.conn.execute(
                "SELECT term FROM search_postings ORDER BY term")]
            self.restemmed = restemmed(self.terms)
        self.spelled: dict[str, str] = {}
        # Phrases a word being typed was finished as (``_finished``): their FTS5 matches,
        # every word and the last beside the one before (None: not words); and the
        # suggestions of the one chosen, by limit and filter.
        self.finishes: dict[str, tuple[str, str] | None] = {}
        self.finished: dict[tuple[Any, ...], tuple[Suggestion, ...]] = {}


_lock = threading.Lock()


def _reads(engine: Engine) -> TypeaheadReads:
    """The engine's typeahead reads, made by the first thread that asks (the terms are read
    once per catalog, as the speller's tables are)."""
    reads = engine.typeahead_reads
    if reads is None:
        with _lock:
            reads = engine.typeahead_reads
            if reads is None:
                reads = engine.typeahead_reads = TypeaheadReads(engine)
    return reads


def _spelled_out(reads: TypeaheadReads, match: str) -> str:
    """``match`` with each word being typed (an FTS5 prefix) past three letters named as the
    index terms it begins, when they are at most ``SPELLED_TERMS``: the same rows. The index
    holds prefixes of two and three letters only (``search_fts``: prefix='2 3'); for a longer
    one FTS5 merges the whole posting list of every term it begins before the first row
    comes ("fract"*: every fracture code, 0.8 ms of a 1 ms query), where terms named one by
    one ("fraction" OR "fractur") are read as far as ``SCAN`` rows (0.05 ms). A term FTS5
    would stem again as a query word ("hypertens") could not be named: its prefix stays."""
    terms = reads.terms
    if terms is None or '"*' not in match:
        return match

    def spell(found: re.Match[str]) -> str:
        typed = found[0]
        out = reads.spelled.get(typed)
        if out is None:
            start = index_stem(found[1])  # FTS5 stems the prefix as it does a word
            at = bisect_left(terms, start)
            begun = terms[at : at + SPELLED_TERMS + 1]
            begun = [t for t in begun if t.startswith(start)]
            out = typed
            if (len(start) > 3 and 0 < len(begun) <= SPELLED_TERMS
                    and reads.restemmed.isdisjoint(begun)):
                out = "(" + " OR ".join(f'"{t}"' for t in begun) + ")"
            if len(reads.spelled) > SCANS_KEPT:
                reads.spelled.clear()
            reads.spelled[typed] = out
        return out

    return _PREFIX_WORD.sub(spell, match)
