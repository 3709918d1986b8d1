"""An intracranial injury's loss of consciousness said as a coma, a grade or a duration, and the
part of the brain said otherwise, restated as the S06 titles say them.

ICD-10-CM codes the loss of consciousness of a concussion, a contusion or a traumatic
hemorrhage in the sixth character of S06, by its duration: "without loss of consciousness",
"with loss of consciousness of 30 minutes or less", "... of 31 minutes to 59 minutes", "... of 1
hour to 5 hours 59 minutes", "... of 6 hours to 24 hours", "... greater than 24 hours with (or
without) return to pre-existing conscious level", "... of unspecified duration". Coders and
clinicians say it otherwise: as a coma graded the ICD-9 way ("subarachnoid hem-no coma",
"cortex contusion, deep coma", "brief coma": under an hour; "moderate": 1 to 24 hours;
"prolonged": over 24 hours with a return; "deep": without one) or as a LOC and its duration
("SDH with LOC 20 minutes", "LOC >24 hrs", "1 hour loss of consciousness"). The coma found
R40.2 Coma and the nontraumatic I60 hemorrhages, a duration only its bare number. And the part
of the brain a contusion or a laceration is of is said as the cortex, the brain or cerebral
("cerebral contusion"), where the titles say cerebrum (S06.3- "Contusion and laceration of
cerebrum"), a cerebellar one as the cerebellum's (S06.37-), and an extradural hemorrhage with
its LOC as the epidural one (S06.4-).

Read only beside an intracranial injury or a skull fracture (``HEAD``): a coma or a LOC said
alone, or of a faint, is left to its own titles.
"""

from __future__ import annotations

import re

from medcodes.search.text import query_tokens

# Words that say the injury is intracranial, or of the skull (shorthand included).
HEAD = frozenset("""
    skull skl skul vault vlt brain cerebral cerebrum cerebr cerebe cerebellar cerebellum cerebell
    cortex cortical brainstem subarachnoid subarach subdural subdur extradural extadural epidural
    intracranial intracerebral concussion concussed concuss head tbi sdh sah edh ich dai axonal
    """.split())
COMA = frozenset({"coma", "com", "comatose"})
LOC = frozenset({"loc", "consciousness", "unconscious"})
ABSENT = frozenset({"no", "without", "wo", "denies", "nil"})

# The S06 titles' clauses, by the grade or the duration said.
WITHOUT = "without loss of consciousness"
UNSPECIFIED = "with loss of consciousness of unspecified duration"
BRACKETS = (  # (up to this many minutes, the clause)
    (30.0, "with loss of consciousness of 30 minutes or less"),
    (59.99, "with loss of consciousness of 31 minutes to 59 minutes"),
    (359.99, "with loss of consciousness of 1 hour to 5 hours 59 minutes"),
    (1440.0, "with loss of consciousness of 6 hours to 24 hours"),
)
RETURN = "with loss of consciousness greater than 24 hours with return to pre-existing conscious level"
# (said by the x6 titles' last words: "without return" reads as a denial of the x5 titles')
NO_RETURN = "with loss of consciousness greater than 24 hours with patient surviving"
# A coma's or a LOC's grade (ICD-9-CM's: brief under an hour, moderate 1-24 hours, prolonged
# over 24 hours with a return to the conscious level before, deep without one).
GRADES = {
    "brief": BRACKETS[0][1], "brf": BRACKETS[0][1], "short": BRACKETS[0][1],
    "mod": BRACKETS[2][1], "moderate": BRACKETS[2][1],
    "prolonged": RETURN, "proln": RETURN, "prol": RETURN, "prolong": RETURN, "long": RETURN,
    "deep": NO_RETURN,
}
UNITS = {"min": 1.0, "mins": 1.0, "minute": 1.0, "minutes": 1.0, "m": 1.0,
         "hr": 60.0, "hrs": 60.0, "hour": 60.0, "hours": 60.0, "h": 60.0,
         "day": 1440.0, "days": 1440.0}
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "twenty": 20, "thirty": 30,
           "forty": 40, "an": 1, "a": 1}
# Words between a LOC and its duration ("LOC of about 20 min", "LOC lasting 2 hours").
BETWEEN = frozenset({"of", "for", "lasting", "about", "approx", "approximately", "around",
                     "x", "which", "lasted"})
LESS = frozenset({"less", "under", "lt", "below"})
MORE = frozenset({"more", "greater", "over", "gt", "above", "longer"})
UNKNOWN = frozenset({"unknown", "unspecified", "unsure", "uncertain", "nos", "unk"})
# The part of the brain a contusion or a laceration is said of, as the titles name it.
CONTUSION = frozenset({"contusion", "contusions", "contus", "cont", "bruise", "bruising",
                       "laceration", "lacerations", "lacerat", "lac"})
BLEED = frozenset({"hem", "hemorrhage", "haemorrhage", "hemorrh", "bleed"})
CEREBRUM = frozenset({"cortex", "cortical", "cerebral", "cerebr", "brain", "intracerebral"})
CEREBELLUM = frozenset({"cerebe", "cerebellar", "cerebell"})
# An extradural hemorrhage is S06.4's "Epidural hemorrhage" (its inclusion term only, which the
# LOC clauses' codes do not repeat).
EXTRADURAL = frozenset({"extradural", "extadural"})
# "1.5 hours": said in minutes, which the words read whole.
_DECIMAL_HOURS = re.compile(r"\b(\d+\.\d+)\s*(?:h|hr|hrs|hours?)\b")
# The clauses as their words from "consciousness" on: a query that says one already is read as
# it is (and a restated query, searched again, restated no further, even with words before
# "consciousness" read away by another restatement).
CLAUSES = ("without loss of", *(" ".join(query_tokens(clause.split(" loss of ", 1)[1]))
                                for clause in (UNSPECIFIED, RETURN, NO_RETURN,
                                               *(clause for _, clause in BRACKETS))))


def _minutes(words: list[str], i: int) -> tuple[int, float] | None:
    """(end, minutes) of a duration said from ``words[i]`` ("20 min", "about 2 hrs", "less
    than 30 minutes", "an hour"); a comparison moves it just past its bound."""
    j, shift = i, 0.0
    while j < len(words) and words[j] in BETWEEN:
        j += 1
    if j < len(words) and words[j] in LESS | MORE:
        shift = -0.01 if words[j] in LESS else 0.01
        j += 1 + (j + 1 < len(words) and words[j + 1] == "than")
    if j + 1 >= len(words):
        return None
    word = words[j]
    amount = float(word) if word.isdigit() else NUMBERS.get(word)
    unit = UNITS.get(words[j + 1])
    if amount is None or unit is None:
        return None
    return j + 2, amount * unit + shift


def _clause(minutes: float) -> str:
    for bound, clause in BRACKETS:
        if minutes <= bound:
            return clause
    return RETURN


def _said_after(words: list[str], i: int) -> tuple[int, str] | None:
    """(end, clause) of what follows a coma or a LOC at ``words[i]``: a duration, an unknown
    one, or nothing said (unspecified)."""
    read = _minutes(words, i + 1)
    if read is not None:
        return read[0], _clause(read[1])
    j = i + 1
    while j < len(words) and words[j] in BETWEEN | {"duration", "length", "time"}:
        j += 1
    if j < len(words) and words[j] in UNKNOWN:
        end = j + 1
        while end < len(words) and words[end] in {"duration", "length", "time"}:
            end += 1
        return end, UNSPECIFIED
    return None


def consciousness_said(query: str) -> str | None:
    """The query with its coma or LOC said as the S06 titles' clause and the brain's part as
    theirs (see the module), else None."""
    if HEAD.isdisjoint(query_tokens(query)):  # most queries: one tokenizing
        return None
    lowered = _DECIMAL_HOURS.sub(lambda m: f"{round(float(m.group(1)) * 60)} minutes",
                                 query.lower().replace(">", " more than ")
                                 .replace("<", " less than "))
    words = query_tokens(lowered)
    clauses_said = any(clause in " ".join(words) for clause in CLAUSES)
    if HEAD.isdisjoint(words) or (COMA.isdisjoint(words) and LOC.isdisjoint(words)
                                  and CONTUSION.isdisjoint(words)):
        return None
    out: list[str] = []
    said = False
    loc_said = not (COMA.isdisjoint(words) and LOC.isdisjoint(words))
    i = 0
    n = len(words)
    while i < n:
        w = words[i]
        loc_here = w in LOC or (w == "loss" and words[i + 1:i + 3] == ["of", "consciousness"])
        if (w in COMA or loc_here) and not clauses_said:
            start = i
            end = i + (3 if w == "loss" else 1)
            clause: str | None = None
            before = out[-1] if out else ""
            if before in ABSENT:
                out.pop()
                clause = WITHOUT
            elif before in GRADES:
                out.pop()
                clause = GRADES[before]
            else:
                after = _said_after(words, end - 1)
                if after is not None:
                    end, clause = after
                elif words[end:end + 1] == ["nos"]:
                    end, clause = end + 1, UNSPECIFIED
                elif w in COMA and (w != "com" or start > 0):
                    clause = UNSPECIFIED
            if clause is None:
                out.extend(words[start:end])
            else:
                if out and out[-1] in ("with", "w"):
                    out.pop()
                out.append(clause)
                said = True
            i = end
            continue
        if not clauses_said and _minutes(words, i) is not None and any(x in LOC for x in words[i + 2:i + 6]):
            # "1 hour loss of consciousness", "20 min LOC": the duration said first
            end, minutes = _minutes(words, i)  # type: ignore[misc]
            j = end
            while j < n and words[j] not in LOC and words[j] != "loss":
                j += 1
            j += 3 if j < n and words[j] == "loss" else 1
            if out and out[-1] in ("with", "w"):
                out.pop()
            out.append(_clause(minutes))
            said = True
            i = j
            continue
        near = words[max(0, i - 1):i] + words[i + 1:i + 2]
        if w in CEREBRUM and (not CONTUSION.isdisjoint(near)
                              or (loc_said and not BLEED.isdisjoint(near))):
            out.append("cerebrum")
            said = True
        elif w in EXTRADURAL and loc_said:
            out.append("epidural")
            said = True
        elif w in CEREBELLUM and not (CONTUSION | BLEED).isdisjoint(near):
            out.append("cerebellum")
            said = True
        else:
            out.append(w)
        i += 1
    return " ".join(out) if said else None
