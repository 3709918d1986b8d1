"""A general word for what is wrong, said beside an organ, read as the titles' "disease" and
"disorder": "heart trouble", "kidney issue", "lung condition", "bladder trouble".

The titles of an organ's general code say "disease" or "disorder" (I51.9 "Heart disease,
unspecified", N28.9 "Disorder of kidney and ureter, unspecified", J98.4 "Other disorders of
lung"); people say "trouble", "issue", "condition". "Problems" has its lay rows (disease,
disorder) everywhere; these words do not, for alone they mean more than a disorder ("trouble
breathing" is a difficulty, "condition" is in titles of states and of things: "lung
condition" matched J67.7 "Air conditioner and humidifier lung", "heart trouble" R01.1 "Cardiac
murmur", by a word of the title the query did not mean). So only beside a word naming a body
part (``sides.other_parts``), and only where the general word is a slot of its own (a curated
phrase such as "trouble breathing" has read it already). "Disorder" beside a part reads
"disease" too ("cardiac disorder": I51.9 "Heart disease, unspecified", not I45.9 "Conduction
disorder"; "hepatic disorder": K76.9), unless the query copies a title in the
classification's shorthand ("Retinal disorders NEC" asks for 362.89's words). One set intersection for a query without such a word.
"""

from __future__ import annotations

import re

from medcodes.search.parsed import Alternative, ParsedQuery
from medcodes.search.sides import other_parts
from medcodes.search.text import stem, tokens

# What people call a thing wrong with an organ, with no lay row of their own (stems).
GENERAL = frozenset(stem(w) for w in ("trouble", "troubles", "issue", "issues", "condition",
                                      "conditions", "problem", "disorder"))
# The titles' general words for what is wrong with an organ.
TITLE_WORDS = ("disease", "disorder")
LAY_KIND = "lay"
# The classification's shorthand, typed by a coder copying a title ("Retinal disorders NEC").
TITLE_SHORTHAND = frozenset({"nec", "nos"})


def general_word(parsed: ParsedQuery) -> None:
    """Adds "disease" and "disorder" (those it is not) to a general word's slot said beside a
    body part (see the module)."""
    if len(parsed.slots) < 2:
        return
    if any(s.text.lower() in TITLE_SHORTHAND for s in parsed.slots):
        return  # a title copied as the classification says it: its words are its own
    general = [s for s in parsed.slots
               if " " not in s.text and stem(s.text.lower()) in GENERAL
               and len(s.alternatives) == 1]
    if not general:
        return
    parts = other_parts()
    if not any(" " not in s.text and stem(s.text.lower()) in parts for s in parsed.slots):
        return
    for slot in general:
        new = [w for w in TITLE_WORDS if stem(w) != stem(slot.text.lower())]
        slot.alternatives.extend(Alternative((w,), LAY_KIND) for w in new)
        parsed.expansions.extend({"from": slot.text, "to": w, "kind": LAY_KIND} for w in new)


# A problem list's heading and its entry: "liver disease - cirrhosis", "arrhythmia - a flutter".
_DASHED = re.compile(r"^\s*([^\d\-–—:]+?)\s+[-–—:]+\s+(\S.*)$")
# Heading words: a class of conditions, not one ("disease", "problems", "arrhythmia").
HEADING_WORDS = GENERAL | frozenset(stem(w) for w in (
    "disease", "diseases", "disorders", "problems", "arrhythmia", "arrhythmias", "dysrhythmia",
    "dysrhythmias"))


def problem_heading(query: str) -> str | None:
    """The entry of a problem-list line whose heading is general ("liver disease - cirrhosis"
    -> "cirrhosis"), else None. The heading (an organ, or a word for a class of conditions)
    says less than the entry after it, and read with it, its words led elsewhere ("liver
    disease" to K71.7 toxic liver disease). A heading that is a condition of its own ("diabetes
    - type 1") is left to be read whole: the entry is a kind of it."""
    found = _DASHED.match(query)
    if not found:
        return None
    head = [stem(w) for w in tokens(found.group(1))]
    if not head or not tokens(found.group(2)):
        return None
    if head[-1] in HEADING_WORDS or (len(head) == 1 and head[0] in other_parts()):
        return found.group(2).strip()
    return None
