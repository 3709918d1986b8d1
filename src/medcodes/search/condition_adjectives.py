"""A condition said as its adjective at the head of a query ("hypertensive on lisinopril",
"hypothyroid, takes levothyroxine", "epileptic on keppra"): the adjective is the condition
itself, so it is restated as the condition's noun before the rest is read.

Titles use the adjective to qualify a more particular condition ("Hypertensive crisis",
"Hypertensive retinopathy"), so read as a title word the bare adjective led to those
(I16.9 for "hypertensive on lisinopril", ICD-9 244.0 "Postsurgical hypothyroidism" for
"hypothyroid on synthroid") instead of the condition's own code. Only an adjective that ends
the query, or is followed by a comma or by a word that cannot be the noun it qualifies (a use
cue, "with", "since", how well it is controlled), is restated: "hypertensive heart disease" and
"diabetic neuropathy" name the particular condition and are left as they are.
"""

from __future__ import annotations

import re

from medcodes.search.medicines import USE_CUES
from medcodes.search.said_of_person import NOUNS

# Adjectives of a condition beyond those said of a person (said_of_person.NOUNS).
MORE_NOUNS = {
    "hypothyroid": "hypothyroidism", "hyperthyroid": "hyperthyroidism",
    "hypokalemic": "hypokalemia", "hyperkalemic": "hyperkalemia",
    "hyponatremic": "hyponatremia", "hypernatremic": "hypernatremia",
    "hyperlipidemic": "hyperlipidemia", "hypercalcemic": "hypercalcemia",
    "hypocalcemic": "hypocalcemia", "hypomagnesemic": "hypomagnesemia",
}
ADJECTIVES = {**NOUNS, **MORE_NOUNS}
# Words after the adjective that say it is the condition, not a qualifier of the next noun.
AFTER = USE_CUES | frozenset("""
    with since for well poorly controlled uncontrolled
    """.split())
_HEAD = re.compile(r"\s*([a-z]+)\s*(,)?\s*([a-z]*)", re.IGNORECASE)


def condition_adjective(query: str) -> str | None:
    """The query with its leading condition adjective said as the condition's noun (see the
    module), else None."""
    m = _HEAD.match(query)
    if not m:
        return None
    word, comma, following = m.group(1).lower(), m.group(2), m.group(3).lower()
    noun = ADJECTIVES.get(word)
    if noun is None or not (comma or not following or following in AFTER):
        return None
    return noun + query[m.end(1):]
