"""When or on what a symptom comes on, as people say it, read as the title word that codes it.

ICD-10-CM says it in the title: I95.1 *Orthostatic* hypotension, R51.0 Headache with
*orthostatic* component, G47.62 *Sleep* related leg cramps, R61's *Night* sweats, R07.1 Chest
pain on *breathing*, G44.84 Primary *exertional* headache, G44.82 Headache associated with
*sexual* activity, N93.0 Post*coital* bleeding. People say it as a clause: "headache when I
stand up", "leg cramps at night", "pain when breathing in", "headache during sex". Its words
only matched other codes ("standing": the standing scooters of V00-V09; "night": night
blindness; "eating": the eating disorders; "climbing stairs": Y93 activities), and the title
that says the when-clause in its own word was not found or ranked below them.

So a when-clause (``data/timing.tsv``: a word that says when, "when", "on", "after", "at" ...,
a few small words, and a phrase) is no word to search; it is one slot of its title words
(orthostatic or postural, nocturnal or night or sleep, ...), which the engine keeps only where
some title says them with the rest of the query (``unsaid``): "cough at night" has no title of
a nocturnal cough and is the cough, "knee pain when climbing stairs" the knee pain. A symptom
that one title word says with the clause reads that word too (``dyspnea + positional``:
"short of breath lying flat" is R06.01 Orthopnea; ``pain + sexual``: dyspareunia). A clause no
title says ("after eating", "after every meal") is left unsearched, unless what was eaten
follows ("hives after eating shrimp": a reaction's). A curated lay phrase that holds the clause
("peeing at night": nocturia) is read before this, and keeps it; an injury's clause ("twisted
my ankle while running") is its activity's (``mishaps``). The meaning model reads the clause as
typed: "numb fingers at night" is carpal tunnel, "itchy at night" scabies, to it.

Gated on cue words (``cues``): a query without one pays a set test.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from typing import NamedTuple

from medcodes.search.ages import BABY, STAGE_KIND
from medcodes.search.incidental import INJURY_CUES
from medcodes.search.parsed import Alternative, ParsedQuery, Slot
from medcodes.search.text import STOPWORDS, stem
from medcodes.search.vocab import read_columns

KIND = "timing"  # the kind of the slot's readings and of its expansion
LEAD = "_"  # a phrase of timing.tsv read after a word that says when

# Small words that say no more than that the clause's act is hard ("difficulty when walking",
# "trouble when standing up"): the clause is then the condition, and is searched.
HARD = frozenset({"difficulty", "difficulties", "trouble", "problem", "problems", "unable",
                  "hard", "struggle", "struggling", "cant", "can", "t", "cannot", "issues"})
# The words that say when a clause begins ("in": only "in the night", "in bed", "in the
# morning" ..., rows of their own: "in sports" is where, not when).
LEADS = frozenset({"when", "whenever", "while", "on", "upon", "after", "during", "with", "at",
                   "if", "before", "once"})
# Small words between the lead and the phrase: "when I first stand up", "after I've eaten".
BETWEEN = frozenset({"i", "we", "you", "he", "she", "they", "it", "m", "ve", "s", "am", "is",
                     "are", "was", "were", "be", "been", "the", "a", "an", "my", "her", "his",
                     "their", "our", "your", "try", "tries", "trying", "to", "first", "ever",
                     "have", "has", "had", "do", "does", "did", "go", "goes", "too",
                     "just", "all", "any", "some", "of", "each", "every"})
REACH = 4  # at most so many small words between
# Said after the phrase and saying no more: "when I stand up quickly", "on standing too fast".
AFTER = frozenset({"up", "down", "quickly", "fast", "quick", "too"})


# Where one gets up from, said after the clause: "when I get up from a chair", "on getting
# out of bed".
FROM = frozenset({"chair", "bed", "sitting", "lying", "seat", "sofa", "couch", "toilet",
                  "squatting", "kneeling", "floor"})


def _from_where(words: tuple[str, ...], end: int) -> int:
    """The end of a clause, past where one gets up from ("from a chair", "out of bed")."""
    j = end
    if words[j:j + 2] == ("out", "of"):
        j += 2
    elif words[j:j + 1] == ("from",):
        j += 1
    else:
        return end
    while j < len(words) and words[j] in BETWEEN:
        j += 1
    return j + 1 if j < len(words) and words[j] in FROM else end


# Said before the lead and saying no more: "only when standing", "worse when upright".
# (Not "right": "pain on the right when I breathe" says a side.)
BEFORE = frozenset({"only", "just", "mostly", "mainly", "especially", "usually", "even",
                    "particularly", "worse", "worst", "straight", "soon", "shortly"})


# A query that tells an injury: "twisted my ankle while running", "fell when I stood up".
# "hurts" is how a pain is said ("it hurts when we have sex").
_INJURY = INJURY_CUES - {stem("hurt"), stem("hurts")}


class Clause(NamedTuple):
    """A when-clause of a query: the positions it spans and its title words (none: no title
    says it), and the names of a clause no title says (``~postprandial``), for its rows
    of a symptom said with it (``_together``)."""

    start: int
    end: int  # exclusive
    words: tuple[str, ...]
    named: tuple[str, ...] = ()


Row = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # phrase, title words, names
Table = dict[str, tuple[Row, ...]]
NAMED = "~"  # a title word written so is no title's: the clause's name only


@cache
def _phrases() -> tuple[Table, Table]:
    """(phrases read after a lead, phrases read as they are), each by its first word: its
    phrases, longest first, and their title words."""
    led: dict[str, list[Row]] = {}
    bare: dict[str, list[Row]] = {}
    for phrase, title in ((row[0], row[1] if len(row) > 1 else "") for row in _rows()):
        words = tuple(phrase.lower().split())
        every = tuple(w for w in title.lower().split("|") if w)
        said = tuple(w for w in every if not w.startswith(NAMED))
        named = tuple(w[len(NAMED):] for w in every if w.startswith(NAMED))
        if "+" in words:
            continue  # a symptom said with a clause (``_together``)
        table, words = (led, words[1:]) if words[:1] == (LEAD,) else (bare, words)
        table.setdefault(words[0], []).append((words, said, named))
    return ({k: tuple(sorted(v, key=lambda p: -len(p[0]))) for k, v in led.items()},
            {k: tuple(sorted(v, key=lambda p: -len(p[0]))) for k, v in bare.items()})


def _rows() -> list[tuple[str, ...]]:
    return read_columns("timing.tsv")  # a row of no title words ends in its tab


@cache
def _together() -> dict[tuple[str, str], str]:
    """(symptom stem, a clause's title word) -> the one title word that says both
    (``dyspnea + positional``: orthopnea; ``pain + sexual``: dyspareunia)."""
    out: dict[tuple[str, str], str] = {}
    for row in _rows():
        words = row[0].lower().split()
        if len(words) == 3 and words[1] == "+" and len(row) > 1 and row[1]:
            out[stem(words[0]), words[2]] = row[1].lower()
    return out


@cache
def cues() -> frozenset[str]:
    """The words without which no clause is read: the leads and the first word of each phrase
    read as it is."""
    return LEADS | set(_phrases()[1]) | {"in"}


def _match(words: tuple[str, ...], at: int, table: Table
           ) -> tuple[int, tuple[str, ...], tuple[str, ...]] | None:
    """(end, title words, names) of the longest phrase of ``table`` said from ``words[at]``."""
    for phrase, said, named in table.get(words[at], ()):
        end = at + len(phrase)
        if words[at:end] == phrase:
            return end, said, named
    return None


# "in the night", "in bed", "in the morning", "in my sleep": "in" says when only before these.
_IN_WHEN = frozenset({"night", "nights", "bed", "morning", "mornings", "sleep", "evening"})


def read(words: list[str]) -> list[Clause]:
    """The when-clauses of ``words`` (a query's tokens), in order."""
    if cues().isdisjoint(words):
        return []  # most queries
    return list(_read(tuple(words)))


@lru_cache(maxsize=4096)
def _read(words: tuple[str, ...]) -> tuple[Clause, ...]:
    heard = cues()
    led, bare = _phrases()
    found: list[Clause] = []
    i, n = 0, len(words)
    while i < n:
        w = words[i]
        got: tuple[int, tuple[str, ...], tuple[str, ...]] | None = None
        if w in LEADS or w == "in":
            j = i + 1
            while j < n and j - i <= REACH + 1:
                got = _match(words, j, led)
                if got is not None or words[j] not in BETWEEN:
                    break
                j += 1
            if got is not None and w == "in" and _IN_WHEN.isdisjoint(words[j:got[0]]):
                got = None
        if got is None and w in heard:
            got = _match(words, i, bare)
        if got is None:
            i += 1
            continue
        end, said, named = got
        while end < n and words[end] in AFTER:
            end += 1
        end = _from_where(words, end)
        if not said and end < n and words[end] not in STOPWORDS:
            i = end  # "after eating shrimp": what was eaten, which a reaction's titles say
            continue
        start = i
        while start > 1 and words[start - 1] in BEFORE:
            start -= 1
        found.append(Clause(start, end, said, named))
        i = end
    if found and not _INJURY.isdisjoint(map(stem, words)):
        return ()  # an injury's circumstances are its activity and cause (mishaps.py)
    return tuple(found)


def drop(words: list[str], clauses: list[Clause]) -> set[int]:
    """Positions of ``words`` inside its when-``clauses``, where something else is said too."""
    if not clauses:
        return set()
    out = {j for c in clauses for j in range(c.start, c.end)}
    if all(w in STOPWORDS or w in HARD for j, w in enumerate(words) if j not in out):
        return set()  # the clause is all that is asked ("at night", "difficulty when walking")
    return out


def as_title(parsed: ParsedQuery, words: list[str], clauses: list[Clause],
             phrased: set[int]) -> None:
    """Add one slot per when-clause of title words (in place), unless a curated phrase read
    its words (``phrased``: "peeing at night" is nocturia) or no title says it."""
    for clause in clauses:
        if not phrased.isdisjoint(range(clause.start, clause.end)):
            continue
        said = " ".join(words[clause.start:clause.end])
        if not clause.words:
            _said_with(parsed, said, clause.named)  # "sick after eating": nausea
            continue
        rest = {stem(t) for s in parsed.slots for a in s.alternatives for t in a.tokens}
        if not rest.isdisjoint(map(stem, clause.words)):
            continue  # the rest says it: "can't get to sleep at night"
        slot = Slot(said, [Alternative((w,), KIND) for w in clause.words])
        # A symptom said with the clause that one title word says whole ("short of breath
        # lying flat": orthopnea): a reading of both slots, so its title says them all.
        together = _together()
        for other in list(parsed.slots):
            stems = {stem(t) for a in other.alternatives for t in a.tokens}
            for word in clause.words:
                for symptom in stems:
                    both = together.get((symptom, word))
                    if both is None or any(a.tokens == (both,) for a in other.alternatives):
                        continue
                    other.alternatives.append(Alternative((both,), KIND))
                    if all(a.tokens != (both,) for a in slot.alternatives):
                        slot.alternatives.append(Alternative((both,), KIND))
                    parsed.expansions.append({"from": f"{other.text} {said}", "to": both,
                                              "kind": KIND})
        parsed.slots.append(slot)
        parsed.expansions.append({"from": said, "to": " ".join(clause.words), "kind": KIND})


def _said_with(parsed: ParsedQuery, said: str, named: tuple[str, ...]) -> None:
    """A symptom said with a clause no title says, read as the one title word that the
    symptom means said with it (``_together``: "sick" after eating is nausea, not the sick
    sinus); the clause stays unsearched (in place)."""
    together = _together()
    for other in parsed.slots:
        stems = {stem(t) for a in other.alternatives for t in a.tokens}
        for name in named:
            for symptom in stems:
                both = together.get((symptom, name))
                if both is None or any(a.tokens == (both,) for a in other.alternatives):
                    continue
                other.alternatives.append(Alternative((both,), KIND))
                parsed.expansions.append({"from": f"{other.text} {said}", "to": both,
                                          "kind": KIND})


def unsaid(parsed: ParsedQuery, says: Callable[[list[Slot]], bool]) -> None:
    """Leave out the when-clause slots (in place) where no title says them with the rest
    (``says``: does some title say all these slots?)."""
    slots = parsed.slots
    timed = [s for s in slots if s.alternatives and s.alternatives[0].kind == KIND]
    if not timed or len(timed) == len(slots) or says(slots):
        return
    rest = [s for s in slots if s not in timed]
    if all(s.alternatives[-1].kind == STAGE_KIND or s.text.lower() in BABY for s in rest):
        # The rest says only who ("toddler with a fever", "baby with fever"): the clause is
        # what is asked, in its own words.
        for slot in timed:
            typed = tuple(w for w in slot.text.lower().split()
                          if w not in LEADS and w not in BETWEEN and w not in STOPWORDS)
            if typed:
                slot.alternatives[:] = [Alternative(typed, "original")]
        said = {s.text for s in timed}
        parsed.expansions[:] = [e for e in parsed.expansions
                                if e["kind"] != KIND or e["from"] not in said]
        return
    if len(rest) > 1 and not says(rest) and sum(
            says([s for s in slots if s is not other]) for other in rest) == 1:
        # No title says the rest whole either, and one word of it is all that keeps a title
        # from saying the clause with the others ("sharp chest pain when I take a deep
        # breath": R07.1 Chest pain on breathing says all but "sharp"). Not where leaving out
        # either of two words would do ("legs feel like they have to move at night": G47.6
        # Sleep related movement disorders, or G47.62's leg cramps): no title is the clause's.
        return
    gone = {s.text for s in timed}
    parsed.slots[:] = [s for s in slots if s.text not in gone]
    parsed.expansions[:] = [e for e in parsed.expansions
                            if e["kind"] != KIND or e["from"] not in gone]


def weigh(slots: list[Slot], weights: list[float]) -> list[float]:
    """``weights`` with each when-clause slot's at half the lightest of the rest: the clause
    is the first word the relaxation leaves out, so "pain when standing" is the pain's, not
    every orthostatic title's (R80.2 Orthostatic proteinuria), while a title that says it
    with the rest still covers the whole query."""
    timed = [i for i, s in enumerate(slots) if s.alternatives and s.alternatives[0].kind == KIND]
    if not timed:
        return weights
    rest = [w for i, w in enumerate(weights) if i not in timed and w > 0]
    if not rest:
        return weights
    light = min(rest) / 2
    return [min(w, light) if i in timed else w for i, w in enumerate(weights)]
