"""Re-ranking of word candidates: BM25 from FTS5 plus what a coder expects.

BM25 alone favours short documents that repeat a word; a coder wants the code whose *title*
says what was asked, the general (unspecified) code before rare specifics, and current
systems before retired ones. Each feature below is one of those expectations.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import attrgetter, mul
from typing import NamedTuple

from medcodes.search.code_systems import DIAGNOSIS_SYSTEMS, PROCEDURE_SYSTEMS
from medcodes.search.companions import companion_stems
from medcodes.search.concept_facts import Facts, facts
from medcodes.search.course import asked as course_asked
from medcodes.search.defaults import default_kind as kind_default_of
from medcodes.search.defaults import unsaid_kinds
from medcodes.search.incidental import (
    AFTER_CUES,
    CAUSE_AFTER_INJURY,
    CIRCUMSTANCE_PARTIAL_DROP,
    INJURY_ANY_KIND,
    INJURY_CUES,
    INJURY_NATURES,
    INJURY_UNSAID_DROP,
    INTENT_CUES,
    INTENT_UNSAID_DROP,
    injury_words,
)
from medcodes.search.procedure_intent import names_a_procedure, reports_a_procedure
from medcodes.search.query import Slot
from medcodes.search.rank_order import (
    after_current,
    condition_before_cause,
    sort_ranked,
    twin_norm,
)
from medcodes.search.slot_tests import SlotTests, slot_stems
from medcodes.search.status import STATUS_BONUS, said_in_title
from medcodes.search.status import asked as status_asked
from medcodes.search.text import STOPWORDS, derived, query_tokens, stem
from medcodes.search.title_analysis import (
    FREE_WORDS,
    KEYS_CACHE,
    LETTER,
    analyse,
    plain_forms,
    term_words,
)

SPECIFIC_WORDS = frozenset({"other", "specifi", "specified", "oth"})
WITH_WORDS = frozenset({"with", "w"})  # "w" as the CMS short titles write it
NEGATIONS = frozenset({"without", "wo", "no", "not", "non"})
EXACT_TERM = 1.5  # a term naming exactly the query (an exact title earns 2)
# What a diagnosis code loses when the query asks for a procedure (docs/searching.md: 0.6 until
# session 17; 0.8 and 1.0 measured alike on the open bench sets).
ACT_DIAGNOSIS_DROP = 0.8
# The mirror: a query that says the person has or had what it names ("s/p appendectomy",
# "I'm on dialysis") asks for the status it leaves, not the procedure codes that report doing
# it now. They drop more than a retired system's code (1.0 left "Resection of Appendix, Open
# Approach", which says every word and no other, 0.02 above Z90.49).
STATUS_PROCEDURE_DROP = 1.5
PREFIX_ONLY = 0.9  # a word being typed that a title only begins counts this much of the word
# ... less up to this much when the word the title has is a rare way to finish the letters
# typed (Slot.likely): "pneum" is the start of Pneumonia before Pneumocystosis.
PREFIX_RARE = 0.1
# In a search (not the typeahead), a whole word typed last that titles only begin: "home"
# in Homelessness, "mass" in Massive. A user who stopped there meant the word.
PREFIX_WHOLE = 0.6
# A title that says only a later sense of an ambiguous abbreviation (data/abbreviations.tsv
# lists the commonest first): "PE" is pulmonary embolism before premature ejaculation.
LATER_SENSE_DROP = 0.3
# Short-title abbreviations whose sense is a qualifier ("NEC": other) are read by the
# query's other words (query._senses_in_context), not by their order.
QUALIFIER_SENSES = frozenset({frozenset({"other"}), frozenset({stem("unspecified")})})
HEADING = 0.6  # a query word only the code's category title says counts this much of it
KIND_DEFAULT = 0.01  # the kind a condition takes when unsaid (search.defaults): a tie-break
# A title of a kind its condition is only when said ("Stress fracture" for "broken fibula"), as
# much below as a context word unsaid (search.defaults ``unsaid_kinds``).
KIND_EXCEPTION = 0.2
# A title that starts with what was asked names that thing; one that ends with it names a kind
# of it (R55 "Syncope and collapse" before R05.4 "Cough syncope" for "syncope").
LEADS = 0.05
# A title that says the words typed, and only "unspecified" besides, where a lay phrase or an
# abbreviation of the query also reads as other words: "kidney failure" is N19 "Unspecified
# kidney failure" before N18.9 "Chronic kidney disease, unspecified" of its lay reading, as
# the index has it (both say all they are asked, and the reading's longer title won on BM25).
# A code that is reported: a heading of the words typed ("Adrenogenital disorders") stays
# after its "..., unspecified" code. Not the ICD-9 titles, which follow the current ones.
TYPED_EXACT = 0.4
READINGS = frozenset({"lay", "abbreviation"})
# A title that says the course the query says in other words ("keeps coming back":
# recurrent, "for months": chronic; search.course).
COURSE_BONUS = 0.5


@dataclass(slots=True)
class Candidate:
    id: int
    system: str
    code: str
    title: str
    kind: str
    billable: bool
    chapter: str | None
    seq: int
    bm25: float  # positive: higher is better
    short_title: str = ""
    terms_json: str = "[]"
    notes_json: str = "[]"
    score: float = 0.0
    coverage: float = 0.0
    # The concept's ``Facts``, once read, in a one-item list its kept row shares with every
    # candidate made from it (``engine._compact``); None: not from a kept row.
    memo: list[Facts | None] | None = None


def _unspecified_what(raw: tuple[str, ...], asked: Callable[[str], bool]) -> int:
    """1 when the word "unspecified" qualifies was not asked for: in "Pneumonia, unspecified
    organism" the organism is what the code leaves open, not a detail the query lacks. An
    axis of place said before it ("Diverticulosis of intestine, part unspecified, without perforation
    or abscess with bleeding") is the one it qualifies, not the word after: the kept words
    skip the absent clause, and "bleeding" read as the open axis made K57.91 (with bleeding)
    lead "diverticulosis" before K57.90 (without), the Index's default."""
    if "unspecified" not in raw:
        return 0
    at = raw.index("unspecified")
    if at > 0 and raw[at - 1] in PLACE_AXES:
        return 0 if asked(raw[at - 1]) else 1
    if at == len(raw) - 1:
        return 0
    after = raw[at + 1]
    return 0 if after in FREE_WORDS or asked(after) else 1


# The axes a general code leaves open, said after "unspecified": "Pneumonia, unspecified
# organism" says pneumonia and nothing more; "Osteomyelitis of unspecified orbit" still says
# the orbit, and "Unspecified maternal hypertension" the mother.
OPEN_AXES = frozenset(
    "organism site sites degree part parts side type cause region location stage severity"
    " duration trimester laterality nature".split())


# The axes of place said before "unspecified" ("part unspecified", "site unspecified"); a
# severity or a degree said so ("mild or moderate severity, unspecified") is no place, and a
# query that says one ("mild") asked for that axis.
PLACE_AXES = frozenset("part parts site sites region location".split())


def _left_open(raw: tuple[str, ...], asked: Callable[[str], bool]) -> bool:
    """Is the one word a title says beyond the query the axis it leaves open (``OPEN_AXES``,
    after an "unspecified" that does not start the title)?"""
    if "unspecified" not in raw[1:-1]:
        return False
    after = raw[raw.index("unspecified", 1) + 1]
    return after in OPEN_AXES and not asked(after)


def system_drop(system: str, operating: bool, implied: frozenset[str]) -> float:
    """What a code of ``system`` loses for the kind of code the query asks for: a diagnosis
    when it names a procedure, a procedure when it speaks of what the person has or had."""
    if operating and system in DIAGNOSIS_SYSTEMS:
        return ACT_DIAGNOSIS_DROP
    if implied and system in PROCEDURE_SYSTEMS:
        return STATUS_PROCEDURE_DROP
    return 0.0


class Typing(NamedTuple):
    """The word being typed (the query's last, at ``slot``) and how likely each word
    it may stand for is, relative to the likeliest (``Slot.likely``)."""

    slot: int
    likely: dict[str, float]
    prefixes: tuple[str, ...]  # matched as a prefix; () when the slot lists its words
    letters: str  # the word as typed, stemmed: a title that says it says the word itself
    whole: bool = False  # a whole catalog word, searched (Slot.whole)

    def guessed(self, words: tuple[str, ...], stems: frozenset[str]) -> bool:
        """Do ``words`` say the letter or unsearchable prefix typed only by a word it stands
        for? Then they cannot say exactly what was asked ("hep c": "Congenital cirrhosis
        (of liver)" says two c-words, neither of which was typed)."""
        return (not self.prefixes and self.letters not in stems
                and any(w in self.likely for w in words))


def rerank(
    candidates: list[Candidate], slots: list[Slot], query_text: str,
    weights: list[float] | None = None, top: float | None = None,
    unsaid: dict[str, int] | None = None, headings: Mapping[tuple[str, str], str] | None = None,
    diagnoses_only: bool = False,
) -> None:
    """Score candidates in place. ``weights`` (one per slot, IDF) make a rare word's match
    count for more than a common word's; ``top`` is the BM25 that scales to 1 (the best
    candidate's, unless candidates join a pool already scored). ``unsaid`` holds, by system,
    the slots (bit ``i`` for slot ``i``) no code of that system says: its codes are scored
    on the others ("abscess" in "I&D perianal abscess": ICD-10-PCS drains the anus).
    ``headings`` holds the titles of the diagnosis categories (system, 3-character code): a
    code is read under its category's title, as the tabular list is ("Right lower quadrant
    pain" is under R10 "Abdominal and pelvic pain"). ``diagnoses_only``: the search is
    filtered to systems of diagnoses, so a procedure the words name lowers none of them (every
    candidate would drop alike, and the word ranking would look less sure than it is)."""
    if not candidates:
        return
    stems = slot_stems(slots)
    weights = weights or [1.0] * len(stems)
    total_weight = sum(weights) or 1.0
    query_stems = {t for alts in stems for toks, _ in alts for t in toks}
    # The roots of the query's whole words: a title saying "hypertensive" asks nothing more
    # of "hypertension" (text.derived).
    # A last word typed whole (the commonest word its letters begin: "diabetic") is a word too.
    whole = frozenset(i for i, s in enumerate(slots) if s.prefix and (
        s.whole or (s.likely and s.likely.get(s.text.lower()) == 1.0)))
    query_roots = frozenset(derived(toks[0]) for i, alts in enumerate(stems)
                            for toks, typing in alts if len(toks) == 1 and (not typing or i in whole))
    typed_words = query_tokens(query_text)
    query_norm = " ".join(t for t in typed_words if t not in STOPWORDS)
    # "hepatitis a", "vitamin a deficiency": an "a" after a word may be a type letter, which
    # titles keep as a word (``analyse``): asked, and a title's whole when it says it there.
    letter_norm = query_norm
    if LETTER in typed_words[1:]:
        letter_norm = " ".join(t for i, t in enumerate(typed_words)
                               if t not in STOPWORDS or (t == LETTER and i))
    default_kind = kind_default_of(query_stems)
    exceptions = unsaid_kinds(query_stems)
    # The default kind's words are asked when the query says none of them: "alcohol poisoning"
    # says T51.0X1 "Toxic effect of ethanol, accidental (unintentional)" whole; "type 1
    # diabetes" says a type, and "type 2" stays unasked.
    asked_stems = (query_stems | default_kind
                   if default_kind and query_stems.isdisjoint(default_kind) else query_stems)
    if letter_norm is not query_norm:
        asked_stems = asked_stems | {LETTER}
    course = course_asked(query_text)
    if course:
        asked_stems = asked_stems | course
    # "skin disease": L98.9 "Disorder of the skin and subcutaneous tissue" adds no more than
    # the skin's system (search.companions).
    companions = companion_stems(query_stems)
    if companions:
        asked_stems = asked_stems | companions
    lead_stems = frozenset(stem(t) for t in query_norm.split() if t not in FREE_WORDS)
    # Is the query read as other words too (a lay phrase, an abbreviation)?
    read_as = any(alt.kind in READINGS for slot in slots for alt in slot.alternatives)
    len_unspecified = len(query_norm) + len(" unspecified")  # its title with "unspecified"
    n_lead = len(lead_stems)
    if top is None:
        top = max(map(_BM25, candidates)) or 1.0
    n_slots = max(len(stems), 1)
    query_specific = bool(query_stems & SPECIFIC_WORDS)
    typed = set(typed_words)
    says_with = bool(typed & WITH_WORDS)
    negated = bool(typed & NEGATIONS)
    # "I have a pacemaker", "had polio as a child": status and history words are asked.
    implied = status_asked(query_text)
    operating = names_a_procedure(slots, query_text)
    # "had a tooth pulled": the procedure, not the history the tense would read.
    reported = reports_a_procedure(slots, query_text)
    operating = (operating or reported) and not diagnoses_only
    # Did the query ask for a title word? (cached: titles share most words)
    asked_cache = _Asked(asked_stems, query_roots, tuple(query_stems))
    asked = asked_cache.__getitem__
    # The fewest words a title that says the course adds to the query: a title that does not
    # say it, and adds as many, is no exact answer ("tonsillitis keeps coming back": J03.9
    # Acute tonsillitis beside J03.91 Acute recurrent tonsillitis); one that adds fewer still
    # is ("headaches for months": R51.9 Headache beside G44.02 Chronic cluster headache).
    course_fewest = _course_fewest(candidates, course, asked) if course else NO_COURSE

    tests = SlotTests(stems, whole)
    # Does any reading of the query say an injury (or a word the injury titles are told by)?
    no_injury = INJURY_CUES.isdisjoint(query_stems) and INJURY_CUES.isdisjoint(
        map(stem, typed_words))
    # The slots that name an injury, its kind or the part hurt (a reading of nothing else:
    # "door" read as W23's "caught crushed jammed pinched" is how), when one names its kind:
    # a part alone ("spilled hot tea on my thigh") may be hurt in any way, and S72.9 Fracture
    # of femur says the thigh. An external cause that does not say them all follows the best
    # injury code that does (incidental.CAUSE_AFTER_INJURY).
    hurt = injury_words()
    told = [[toks for toks, _ in alts if toks and hurt.issuperset(toks)] for alts in stems]
    told_words = {t for alts in told for toks in alts for t in toks}
    injury_slots = sum(1 << i for i, alts in enumerate(told) if alts) if (
        not told_words.isdisjoint(INJURY_NATURES - INJURY_ANY_KIND)
        or (not told_words.isdisjoint(INJURY_ANY_KIND) and not told_words <= INJURY_NATURES)
    ) else 0
    best: Candidate | None = None  # the best injury code that says them all
    causes: list[Candidate] = []  # the external causes that do not
    # A condition said before the mishap it came after ("back pain after a car accident"):
    # the external causes and the other codes, with the slots each says (CONDITION_BEFORE_CAUSE).
    after = not AFTER_CUES.isdisjoint(typed)
    told_causes: list[tuple[Candidate, int]] = []
    conditions: list[tuple[Candidate, int]] = []
    # Does any reading say an intent other than an accident (an assault, a self-harm, ...)?
    no_intent = INTENT_CUES.isdisjoint(query_stems) and INTENT_CUES.isdisjoint(
        map(stem, typed_words))
    # Slots of an abbreviation with several senses: (bit, its first sense's stems, the others').
    senses = [(1 << i, meant[0], meant[1:]) for i, meant in (
        (i, [frozenset(toks) for alt, (toks, _) in zip(slot.alternatives, stems[i], strict=True)
             if alt.kind == "abbreviation"]) for i, slot in enumerate(slots))
        if len(meant) > 1 and QUALIFIER_SENSES.isdisjoint(meant)]
    # The word being typed and how likely each of its completions is (one slot: the last),
    # matched as a prefix, or by the words it stands for (a letter, a prefix the index cannot
    # match: completion.Completer), unless a title says the letters themselves.
    being_typed = next(
        (Typing(i, s.likely, (stem(s.text.lower()),) if s.prefix else (), stem(s.text.lower()),
                s.whole)
         for i, s in enumerate(slots) if s.likely), None)
    # (slots the title says, slots only a term says, slots only the category title says,
    # slots only begun, how the word being typed counts, slots the system says) -> (slots covered, coverage): a query meets few
    # such patterns, so each is summed once.
    coverage_of: dict[tuple[int, int, int, int, float, int], tuple[int, float]] = {}
    full = tests.full
    # (system, category code) -> (slots its title says, of which by prefix)
    head_masks: dict[tuple[str, str], tuple[int, int]] = {}
    needed = {system: full & ~mask for system, mask in (unsaid or {}).items()}
    mask = tests.mask
    key_hits, by_stem, slow = tests.keys.intersection, tests.by_stem, tests.slow
    typed_whole = PREFIX_WHOLE if being_typed is not None and being_typed.whole else PREFIX_ONLY
    typed_bit = -1 if being_typed is None else being_typed.slot
    # ``being_typed.share`` of a title, by word (a C-level max over its words, not a list
    # built per title), when the title does not say the letters themselves.
    shares = _Shares(being_typed).__getitem__ if being_typed is not None else None
    typed_letters = "" if being_typed is None else being_typed.letters
    legacies: list[Candidate] = []  # the retired systems' codes (``after_current``)
    has_course = bool(course)
    # ``Typing.guessed`` is False of any words while the word typed is matched as a prefix.
    guessing = being_typed is not None and not being_typed.prefixes
    exact_norms = frozenset((query_norm, letter_norm))  # a title that is the query
    for c in candidates:
        # The facts its kept row holds (``Candidate.memo``), else from the ``facts`` cache,
        # whose look-up hashed and compared five strings and relinked its order: a fifth of
        # the loop, for concepts that recur from query to query.
        memo = c.memo
        if memo is None:
            fact = facts(c.title, c.short_title, c.system, c.code, c.kind)
        elif (fact := memo[0]) is None:  # type: ignore[assignment]
            fact = memo[0] = facts(c.title, c.short_title, c.system, c.code, c.kind)
        # One unpacking of the facts, not a named look-up of each field.
        (said_view, kept_view, norm, counted, context_words, f_head_unspecified, absent,
         says_unspecified, legacy, f_circumstance, f_injury, f_heading, f_diagnosis,
         kind_drop, f_intent, f_external) = fact
        # A query that says "without" or "no" reads the title's absent words as said.
        raw, title_stems, line, more, first_stem = said_view if negated else kept_view
        # "nausea with vomiting": the "with" clause is what was asked
        head_unspecified = says_unspecified if says_with else f_head_unspecified
        # ``tests.mask(title_stems, line, more)``, inline: most titles end at the set
        # intersections, without a call.
        in_title = 0
        for hit in key_hits(title_stems):
            in_title |= by_stem[hit]
        if more is not None:
            for hit in key_hits(more[0]):
                in_title |= by_stem[hit]
        typed_on = 0
        for bit, prefixes, spaced, groups in slow:
            if in_title & bit:
                continue
            if prefixes and (line.startswith(prefixes) or any(map(line.__contains__, spaced))
                             or (more is not None and (more[1].startswith(prefixes) or any(
                                 map(more[1].__contains__, spaced))))):
                in_title |= bit
                typed_on |= bit
            elif groups:
                every = title_stems if more is None else title_stems | more[0]
                if any(map(every.issuperset, groups)):
                    in_title |= bit
        sayable = needed.get(c.system, full) if needed else full
        title_says_all = (in_title & sayable) == sayable
        in_terms = 0
        t_stems = _NO_STEMS
        if not title_says_all and c.terms_json != "[]":
            # An inclusion or index term that says what the title does not counts, a little
            # less than the title ("gouty arthritis" is an inclusion term of M10 Gout).
            _, t_stems, t_line = term_words(c.terms_json)
            in_terms = mask(t_stems, t_line) & ~in_title
            typed_on |= tests.by_prefix & in_terms
        in_head = 0
        if headings and (in_title | in_terms) != full and f_heading is not None:
            # What the category's title says counts, less than a term.
            said_by_head = head_masks.get(f_heading)
            if said_by_head is None:
                heading = headings.get(f_heading)
                if heading:
                    head = analyse(heading)
                    said_by_head = (mask(head.stems, head.norm), tests.by_prefix)
                else:
                    said_by_head = _NO_HEADING
                head_masks[f_heading] = said_by_head
            in_head = said_by_head[0] & ~in_title & ~in_terms
            typed_on |= said_by_head[1] & in_head
        # A word being typed that the title finishes a rare way ("pneum": Pneumocystosis)
        # counts less.
        typed_as = typed_whole
        if (typed_bit >= 0 and (typed_on | in_title) >> typed_bit & 1
                and typed_letters not in title_stems):
            share = max(map(shares, raw), default=_UNSAID)  # type: ignore[arg-type]
            if _UNSAID < share < 1.0:
                typed_on |= 1 << typed_bit
                typed_as -= PREFIX_RARE * (1.0 - share)
        key = (in_title, in_terms, in_head, typed_on, typed_as, sayable)
        got = coverage_of.get(key)
        if got is None:
            # A word being typed that the title only begins ("mass" in "Massage") counts a
            # little less than the word itself: the word may be all the user meant.
            hits = [(1.0 if in_title >> i & 1 else 0.8 if in_terms >> i & 1
                     else HEADING if in_head >> i & 1 else 0.0)
                    * (typed_as if typed_on >> i & 1 else 1.0) for i in range(len(stems))]
            if sayable != full:  # slots this system never says count neither way
                hits = [h for i, h in enumerate(hits) if sayable >> i & 1]
                said_weights = [w for i, w in enumerate(weights) if sayable >> i & 1]
            else:
                said_weights = weights
            denominator = (sum(said_weights) or 1.0) if sayable != full else total_weight
            got = coverage_of[key] = (
                sum(1 for h in hits if h),
                sum(map(mul, said_weights, hits)) / denominator,
            )
        covered, coverage = got
        c.coverage = coverage
        incidental = covered < n_slots and f_circumstance
        harmless = no_injury and f_injury
        # Counted with C-level map/sum over the title's cached word tuples (a word met for
        # the first time worked out by ``_Asked.__missing__``): a Python loop per title word
        # was a fifth of the re-rank.
        unasked = len(counted) - sum(map(asked, counted))
        context = (len(context_words) - sum(map(query_stems.__contains__, context_words))
                   if context_words else 0)
        if implied:
            # Status and history words the query asks for by how it speaks: neither unasked
            # nor context, and a status or history code gains.
            said, is_status = said_in_title(raw, implied)
            unasked -= sum(1 for w in said if not asked(w))
            context -= sum(1 for w in context_words if w in said and w not in query_stems)
            score_status = STATUS_BONUS if is_status and not reported else 0.0
        else:
            score_status = 0.0
        extra = unasked - (_unspecified_what(raw, asked) if head_unspecified else 0)
        score = 0.6 * c.bm25 / top + 2.0 * coverage
        if covered == n_slots:
            score += 1.0
        says_course = has_course and not course.isdisjoint(title_stems)
        if not says_course and unasked >= course_fewest:
            pass  # the query says a course this title does not: no exact answer
        elif norm in exact_norms:
            score += 0.5 if legacy else 2.0
        elif (title_says_all and not absent and not legacy
              and unasked <= (head_unspecified and _left_open(raw, asked))
              and not (guessing and being_typed.guessed(raw, title_stems))):  # type: ignore[union-attr]
            # The title says what was asked and nothing more, as an expansion or correction
            # reads the query (E11 "Type 2 diabetes mellitus" for "T2DM"); what it leaves
            # unspecified is no more ("Pneumonia, unspecified organism" for "pneumonia").
            score += 2.0
        elif ((in_title | in_terms) & sayable == sayable
              and (c.terms_json != "[]" or c.notes_json != "[]")
              # A query naming an operation, and no status, asks for the procedure: a status
              # code's term for it is the status ("hip replacement": Z96.64's "Hip-joint
              # replacement" is the artificial joint there, after the 0SR9/0SRB operation).
              and not (operating and f_diagnosis) and any(
            all(map(asked, form))  # C-level, not a generator per form
            and (mask(form_stems, form_line) & sayable) == sayable
            and not (guessing and being_typed.guessed(form, form_stems))  # type: ignore[union-attr]
            for form, form_stems, form_line in plain_forms(c.terms_json, c.notes_json)
        )):
            # A term or "includes" note that names exactly what was asked: I10 for
            # "hypertension", E11 for "diabetes" (its "diabetes NOS"), as the index would.
            score += 0.5 if legacy else EXACT_TERM
        score -= 0.1 * extra
        if read_as and (norm == query_norm or (
                says_unspecified and len(norm) == len_unspecified and twin_norm(norm) == query_norm)
        ) and c.billable and not legacy:
            score += TYPED_EXACT
        if default_kind and default_kind <= title_stems:
            score += KIND_DEFAULT
        if exceptions and not exceptions.isdisjoint(title_stems):
            score -= KIND_EXCEPTION
        if says_course:
            score += COURSE_BONUS
        if n_lead and raw and (first_stem in lead_stems or raw[0] in FREE_WORDS):  # cheap
            lead = [w for w in raw if w not in FREE_WORDS][:n_lead]
            if len(lead) == n_lead and frozenset(map(stem, lead)) == lead_stems:
                score += LEADS
        # Words that turn a condition into a status, history or complication code: a query
        # that does not say them does not mean them.
        score -= 0.2 * context
        score += score_status
        if not query_specific and head_unspecified:
            # "Pneumonia, unspecified organism" for "pneumonia", as a coder would choose.
            score += 0.15
        if operating or implied:
            score -= system_drop(c.system, operating, frozenset() if reported else implied)
        if incidental:
            score -= CIRCUMSTANCE_PARTIAL_DROP
        if harmless:
            score -= INJURY_UNSAID_DROP
        if no_intent and f_intent:
            score -= INTENT_UNSAID_DROP
        if legacy:
            score -= 1.0
            legacies.append(c)
        if senses:
            for bit, first, later in senses:
                if (in_title | in_terms) & bit:
                    says = title_stems | t_stems
                    if not first <= says and any(other <= says for other in later):
                        score -= LATER_SENSE_DROP
        c.score = score - kind_drop
        if after and not f_circumstance and not f_injury:
            (told_causes if f_external else conditions).append((c, in_title | in_terms | in_head))
        if injury_slots and not f_circumstance:
            says_hurt = (in_title | in_terms | in_head) & injury_slots == injury_slots
            if says_hurt and f_injury:
                if best is None or c.score > best.score:
                    best = c
            elif not says_hurt and f_external:
                causes.append(c)
    if causes and best is not None:
        # The injury goes before the causes; they and every other code keep their places.
        top_cause = max(c.score for c in causes)
        if top_cause >= best.score:
            best.score = top_cause + CAUSE_AFTER_INJURY
    elif told_causes and conditions:
        # The "after" itself is said by neither ("back pain after a car accident").
        cue_bits = sum(1 << i for i, slot in enumerate(slots) if slot.text.lower() in AFTER_CUES)
        condition_before_cause(told_causes, conditions, full & ~cue_bits)
    after_current(candidates, legacies)
    sort_ranked(candidates)


_NO_STEMS: frozenset[str] = frozenset()
_NO_HEADING = (0, 0)  # a code whose category the catalog lacks says nothing by its heading


NO_COURSE = 1 << 30


def _course_fewest(candidates: list[Candidate], course: frozenset[str],
                   asked: Callable[[str], bool]) -> int:
    """The fewest unasked words of a candidate's title that says the ``course``."""
    fewest = NO_COURSE
    for c in candidates:
        f = facts(c.title, c.short_title, c.system, c.code, c.kind)
        if not course.isdisjoint(f.kept.stems):
            fewest = min(fewest, len(f.counted) - sum(map(asked, f.counted)))
    return fewest


_UNSAID = -math.inf  # a word that stands for no word being typed (``_Shares``)


class _Shares(dict[str, float]):
    """How likely each title word is as what the word being typed stands for (its
    ``Slot.likely``, 0.0 when unlisted, for a word that begins with the letters matched as a
    prefix; else its listed likelihood), or ``_UNSAID`` when it stands for none, worked out
    when first looked up. A title's share is the largest of its words' (a C-level max, not a
    list built per title); 1.0, no lowering, when it says the letters themselves or no word
    of it stands for them."""

    __slots__ = ("likely", "prefixes")

    def __init__(self, typing: Typing) -> None:
        super().__init__()
        self.likely, self.prefixes = typing.likely, typing.prefixes

    def __missing__(self, word: str) -> float:
        likely = self.likely
        if self.prefixes:
            got = likely.get(word, 0.0) if word.startswith(self.prefixes) else _UNSAID
        else:
            got = likely.get(word, _UNSAID)
        self[word] = got
        return got


class _Asked(dict[str, bool]):
    """Whether the query asked for each title word, worked out when first looked up: by its
    stem, its stem's root, or as the start of a word typed (``str.startswith`` takes every
    query stem at once, in C)."""

    __slots__ = ("roots", "starts", "stems")

    def __init__(self, stems: frozenset[str] | set[str], roots: frozenset[str],
                 starts: tuple[str, ...]) -> None:
        super().__init__()
        self.stems, self.roots, self.starts = stems, roots, starts

    def __missing__(self, word: str) -> bool:
        s, root = word_keys[word]
        # str.startswith(()) is False: no test of ``starts`` being empty first.
        hit = s in self.stems or root in self.roots or word.startswith(self.starts)
        self[word] = hit
        return hit


class _Keys(dict[str, tuple[str, str]]):
    """A title word's stem and that stem's root (``text.derived``), by word: one dictionary
    look-up where two cached calls were, for the words each query meets first."""

    def __missing__(self, word: str) -> tuple[str, str]:
        if len(self) >= KEYS_CACHE:
            self.clear()
        s = stem(word)
        found = self[word] = (s, derived(s))
        return found


word_keys = _Keys()


_BM25 = attrgetter("bm25")
