"""A body mass index said as a number ("bmi 41", "obese with a bmi of 52") as the Z68 title
whose range holds it.

The adult Z68 titles say each value from 20 to 39 ("Body mass index [BMI] 32.0-32.9, adult"),
so "bmi 32" finds its code by its own number; below and above they say a range ("19.9 or
less", "40.0-44.9", "70 or greater"), which the number typed is not a word of. The number's
slot also reads the range's words.
"""

from __future__ import annotations

from medcodes.search.parsed import Alternative, ParsedQuery

# The ranges of ICD-10-CM's adult Z68 titles that do not say each value, and their words.
_RANGES = ((0, 19, ("19", "less")), (40, 44, ("40", "44")), (45, 49, ("45", "49")),
           (50, 59, ("50", "59")), (60, 69, ("60", "69")), (70, 999, ("70", "greater")))
_CUES = frozenset({"bmi", "mass"})


def bmi_range(parsed: ParsedQuery, heard: set[str]) -> None:
    """Give the number said after a BMI the words of its Z68 title's range."""
    if _CUES.isdisjoint(heard) or ("bmi" not in heard and "index" not in heard):
        return
    said = False
    for slot in parsed.slots:
        text = slot.text
        if text == "bmi" or text.endswith("index"):
            said = True
        elif said and text.isdigit() and len(text) <= 3:
            value = int(text)
            words = next((w for lo, hi, w in _RANGES if lo <= value <= hi), None)
            if words is not None:
                slot.alternatives.append(Alternative(words, "variant"))
                parsed.expansions.append({"from": text, "to": " ".join(words),
                                          "kind": "variant"})
            return
