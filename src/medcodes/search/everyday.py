"""Words of everyday speech that say who has a condition or how the person feels about it,
not what the condition is.

Patients, parents and carers type "my wife gets migraines", "my son still wets the bed", "I
keep getting headaches", "really bad cough". The person ("wife", "son", "mum") and the filler
("keep", "really", "bad", "feel like") are not the condition, but the titles hold them in other
senses: "Perpetrator of maltreatment, wife", "Child abuse", "Need for immunization", and the
meaning model reads "mum" and "wife" as pregnancy. So both retrievers leave them out, as long
as the query says something else; a curated lay phrase that contains one ("bad breath",
"feel sick") is read before this, and keeps it.
"""

from __future__ import annotations

from medcodes.search.text import STOPWORDS, tokens

# Who has it: dropped after a possessive ("my son", "our little girl"), not alone ("child
# abuse", "son of a diabetic mother" are what a coder means by those words).
POSSESSIVES = frozenset({"my", "our", "his", "her", "your", "their"})
PEOPLE = frozenset(
    """
    mom mum mother mommy mummy ma dad father daddy pa parent parents husband wife spouse partner
    boyfriend girlfriend son sons daughter daughters child children kid kids boy girl grandma
    grandmother grandpa grandfather granny nan nana gran grandad granddad grandson
    granddaughter brother sister aunt uncle niece nephew friend teenager teen
    """.split()
)
# Between the possessive and the person: "my little boy", "my elderly mother", "my 3 year old".
PERSON_MODIFIERS = frozenset({"little", "older", "younger", "elderly", "old", "teenage", "year",
                              "years", "month", "months", "baby"})
# How it is said, not what: "I keep getting", "really bad", "feel like", "need to".
FILLERS = frozenset(
    """
    really very so keep keeps kept keeping getting gets need needs feel feels feeling like bad
    badly always lot lots constantly still just quite pretty awful terrible
    """.split()
)


def unasked(words: list[str]) -> set[int]:
    """Positions of ``words`` (a query's tokens) that name the person or are filler, when the
    query has a content word besides them; else none."""
    drop: set[int] = set()
    for i, word in enumerate(words):
        if word in FILLERS:
            drop.add(i)
        elif word in PEOPLE and i > 0:
            j = i - 1
            while j > 0 and (words[j] in PERSON_MODIFIERS or words[j].isdigit()):
                j -= 1
            if words[j] in POSSESSIVES:
                drop.update(range(j + 1, i + 1))
    kept = [w for i, w in enumerate(words) if i not in drop and w not in STOPWORDS]
    return drop if kept else set()


def without_unasked(text: str) -> str:
    """``text`` as words without the person and the filler (for the meaning model)."""
    words = tokens(text)
    drop = unasked(words)
    return " ".join(w for i, w in enumerate(words) if i not in drop) if drop else text
