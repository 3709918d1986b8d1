"""How lately a thing happened, said as a short time ago ("3 days ago", "two weeks ago", "a
couple of weeks ago", "yesterday", "last week"). ICD-10-CM counts an infarction as acute for
four weeks from its onset (guideline I.C.9.e.1: I21; I25.2 Old myocardial infarction is one
healed, or past four weeks), so a past tense said so lately is no "old" one: "had a heart attack
two weeks ago" is I21, as "last week" already was (``status.LONG_PAST``)."""

from __future__ import annotations

# The weeks an infarction stays acute.
ACUTE_WEEKS = 4
# Units that, before "ago", are always within those weeks.
SHORT_UNITS = frozenset({"minute", "minutes", "hour", "hours", "night", "nights", "day", "days"})
WEEK_UNITS = frozenset({"week", "weeks", "wk", "wks"})
COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "couple": 2, "three": 3, "few": 3, "four": 4}
# Said alone, or after "last": today's or this week's.
LATELY = frozenset({"yesterday", "today", "tonight"})
LAST = frozenset({"week", "night", "weekend"})


def _weeks(words: list[str], j: int) -> int | None:
    """The count said before a week unit that ends at ``words[j]`` ("two", "4", "a couple
    of")."""
    if j >= 0 and words[j] == "of":
        j -= 1
    if j < 0:
        return None
    word = words[j]
    return int(word) if word.isdigit() else COUNTS.get(word)


def lately(words: list[str]) -> bool:
    """Do the query's ``words`` say it happened within the last four weeks?"""
    for i, word in enumerate(words):
        if word in LATELY or (word == "last" and words[i + 1:i + 2] != []
                              and words[i + 1] in LAST):
            return True
        if word != "ago" or i == 0:
            continue
        unit = words[i - 1]
        if unit in SHORT_UNITS:
            return True
        if unit in WEEK_UNITS:
            count = _weeks(words, i - 2)
            if count is not None and count <= ACUTE_WEEKS:
                return True
    return False
