"""The course of a condition as people say it, read as the title word that codes it.

ICD-10-CM says a condition's course in its titles: J03.91 Acute *recurrent* tonsillitis, F33
Major depressive disorder, *recurrent*, R05.3 *Chronic* cough, J44.1 ... with (acute)
*exacerbation*, H91.2 *Sudden* idiopathic hearing loss, F32.2 ... *severe* ... People say it
otherwise: "tonsillitis keeps coming back", "depressed again", "cough for months", "back pain
for years", "long-term", "ongoing", "flare up of my COPD", "hearing went suddenly", "really
bad depression". Their words only matched other codes ("coming back": the back's; "long
term": Z79 Long term (current) use of ...), and the course title, which says a word the query
did not, was ranked below the plain one.

So a course phrase is no word to search (``drop``, read with everyday.unasked's fillers), and
its title word is asked (``asked``): among the codes the rest of the query finds, one that
says the course is not a word short and gains ``rank.COURSE_BONUS``; where none says it
(there is no recurrent urinary tract infection), nothing is pulled in. Gated on cue words
(``CUES``): a query without one pays a set test.
"""

from __future__ import annotations

from functools import lru_cache

from medcodes.search.medicines import names_a_medicine
from medcodes.search.text import query_tokens, stem
from medcodes.search.time_units import DAYS

RECURRENT = frozenset({stem("recurrent"), stem("repeated")})
CHRONIC = frozenset({stem("chronic")})
ACUTE = frozenset({stem("acute"), stem("sudden")})
EXACERBATION = frozenset({stem("exacerbation")})
SEVERE = frozenset({stem("severe")})
SINGLE = frozenset({stem("single")})

# "again", "over and over", "recurring": it comes back.
AGAIN = frozenset({"again", "recurring", "reoccurring", "reoccurs", "recurs", "recur"})
# A verb of coming back before "back" ("keeps coming back", "came back", "it's back").
RETURN_VERBS = frozenset({"coming", "came", "comes", "come", "keeps", "keep", "kept"})
# What may follow "coming back" when it says the condition returned: the end of the query, or
# when ("came back after repair", "back again", "back every winter"); not "acid coming back
# up" (reflux) nor "coming back pain".
BACK_THEN = frozenset({"", "after", "again", "since", "every", "each", "and", "now", "once",
                       "twice", "this", "last", "worse", "in"})
# "every few months", "every year": it comes back at times.
EVERY = frozenset({"every", "each"})
# Months or years apart: "a period every two weeks" is how often, not a return, and "every
# spring" is seasonal (J30.2), which the titles say.
RECUR_DAYS = 30
# How long it has lasted, long enough to be chronic (R05.3 Chronic cough: over eight weeks).
SPAN_STARTS = frozenset({"for", "past", "last", "over"})
AMOUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "several": 3, "few": 3, "couple": 2, "many": 6, "some": 3, "eight": 8,
                "seven": 7, "nine": 9, "ten": 10, "twelve": 12}
CHRONIC_DAYS = 60
ONGOING = frozenset({"ongoing", "longstanding", "lifelong", "longterm"})
# "long-term", "long standing" ("long term use of": a medicine's status, status.py, keeps it).
LONG_AFTER = frozenset({"term", "standing", "lasting"})
MEDICINE_AFTER = frozenset({"use", "user", "users", "therapy", "treatment", "medication",
                            "medications", "meds", "drug", "drugs", "care"})
TAKING = frozenset({"taking", "take", "takes", "took", "use", "using", "prescribed"})
# "came on suddenly", "all of a sudden".
SUDDENLY = frozenset({"suddenly", "abruptly"})
# "flare up of my COPD", "gout flare", "eczema flaring": an exacerbation where a title says one.
FLARE = frozenset({"flare", "flares", "flared", "flaring", "flareup", "flareups", "exacerbated"})
# "really bad depression", "terrible asthma": severe, where a title grades it.
SEVERE_WORDS = frozenset({"terrible", "awful", "horrible", "horrendous", "excruciating"})
# "first episode of depression", "first time": a single episode.
FIRST_AFTER = frozenset({"episode", "time", "ever"})

JOINING = frozenset({"that", "which", "it", "they", "and"})
BETWEEN = frozenset({"keeps", "keep", "kept", "is", "has", "have", "always", "just"})

CUES = (AGAIN | RETURN_VERBS | EVERY | SPAN_STARTS | ONGOING | {"long", "sudden", "bad",
        "first", "row"} | SUDDENLY | FLARE | SEVERE_WORDS)


def _span_days(words: list[str], i: int) -> tuple[int, int] | None:
    """(end, days) of a span said from ``words[i]`` ("for 3 months", "for ages")."""
    j, amount = i + 1, 1
    while j < len(words) and (words[j] in AMOUNT_WORDS or words[j] in ("the", "of", "past",
                                                                        "last")
                              or words[j].isdigit()):
        if words[j].isdigit():
            amount = int(words[j])
        elif words[j] in AMOUNT_WORDS and words[j] not in ("a", "an"):
            amount = AMOUNT_WORDS[words[j]]
        j += 1
    if j >= len(words) or (j + 1 < len(words) and words[j + 1] in ("ago", "old")):
        return None
    if words[j] == "ages" or (words[j] == "long" and words[j + 1:j + 2] == ["time"]):
        return j + (words[j] == "long"), 365
    days = DAYS.get(words[j])
    if days is None:
        return None
    if j == i + 1:  # "for months", "for years": more than one
        amount = 3
    return j, amount * days


def _taken(words: list[str]) -> bool:
    """Is a medicine said, or taken ("on steroids long term"): its long-term use (Z79)?"""
    return (words[0] == "on" or not TAKING.isdisjoint(words)) or names_a_medicine(words)


@lru_cache(maxsize=4096)
def _read(text: str) -> tuple[frozenset[int], frozenset[str]]:
    words = query_tokens(text)
    return read(words)


def read(words: list[str]) -> tuple[frozenset[int], frozenset[str]]:
    """(positions that only say the course, the title stems that say it) of ``words``."""
    if CUES.isdisjoint(words):
        return frozenset(), frozenset()
    drop: set[int] = set()
    asked: set[str] = set()
    n = len(words)
    for i, w in enumerate(words):
        after = words[i + 1] if i + 1 < n else ""
        if w in AGAIN and i:
            drop.add(i)
            asked |= RECURRENT
        elif w in RETURN_VERBS and after == "back" and (
                words[i + 2] if i + 2 < n else "") in BACK_THEN:
            # "keeps coming back", "came back after repair"
            drop.update((i, i + 1))
            asked |= RECURRENT
        elif w in ("keeps", "keep", "kept") and after.endswith("ing") and after != "back":
            asked |= RECURRENT  # "keeps getting ear infections", "keeps falling"
        elif w in EVERY and i + 1 < n:
            j = i + 1
            while j < n and (words[j] in AMOUNT_WORDS or words[j].isdigit()):
                j += 1
            if j < n and DAYS.get(words[j], 0) >= RECUR_DAYS:
                drop.update(range(i, j + 1))
                asked |= RECURRENT
        elif w == "row" and i >= 2 and words[i - 2:i] == ["in", "a"]:
            drop.update((i - 2, i - 1, i))  # "three miscarriages in a row"
            asked |= RECURRENT
        elif w in SPAN_STARTS:
            span = _span_days(words, i)
            if span is not None and span[1] >= CHRONIC_DAYS:
                drop.update(range(i, span[0] + 1))
                asked |= CHRONIC
        elif w in ONGOING:
            drop.add(i)
            asked |= CHRONIC
        elif w == "long" and after in LONG_AFTER and (
                i + 2 >= n or words[i + 2] not in MEDICINE_AFTER) and not _taken(words):
            drop.update((i, i + 1))
            asked |= CHRONIC
        elif w in SUDDENLY:
            drop.add(i)
            asked |= ACUTE
        elif w == "sudden" and i >= 3 and words[i - 3:i] == ["all", "of", "a"]:
            # "all of a sudden"; "sudden" alone is a title word (H91.2 Sudden idiopathic
            # hearing loss), searched as typed, and no more ("sudden attacks of fear")
            drop.update((i - 3, i - 2, i - 1, i))
            asked |= ACUTE
        elif w in FLARE:
            drop.add(i)
            if after == "up":
                drop.add(i + 1)
            asked |= EXACERBATION
        elif w in SEVERE_WORDS or (w == "bad" and i and words[i - 1] in ("really", "very",
                                                                          "so", "real")):
            asked |= SEVERE  # a filler already (everyday.FILLERS)
        elif w == "first" and after in FIRST_AFTER:
            drop.update((i, i + 1))
            asked |= SINGLE
    # "bronchitis that keeps coming back", "it came back": the word that joins the course to
    # the condition says no more than the course.
    for i in sorted(drop):
        j = i - 1
        while j > 0 and words[j] in BETWEEN:
            j -= 1
        if j > 0 and words[j] in JOINING:
            drop.add(j)
    return frozenset(drop), frozenset(asked)


def drop(words: list[str]) -> set[int]:
    """Positions of ``words`` that only say the course (``read``)."""
    return set(read(words)[0])


def asked(text: str) -> frozenset[str]:
    """The title stems that say the course the query says, or nothing."""
    return _read(text)[1]
