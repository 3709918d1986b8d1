"""The part ICD-10-CM names beside an organ when it names the organ's system, counted as asked
where the query names the organ (``data/organ_companions.tsv``).

The classification's general code of an organ says its companion too: L98.9 "Disorder of the
skin and subcutaneous tissue, unspecified", H57.9 "Unspecified disorder of eye and adnexa",
D75.9 "Disease of blood and blood-forming organs, unspecified". Read word for word, "skin
disease" found two words in L98.9 it did not ask for, and L90.9 "Atrophic disorder of skin,
unspecified" (one) led; the user who names the organ names its system, and the companion is no
more than that. Only where the query names the organ with a general word for what is wrong
with it (``GENERAL``: a disease, a disorder, a problem, an infection, a lesion), which is what
the system's general codes say; a query of a particular thing ("elbowed in the eye") does not
make "Accidental puncture and laceration of eye and adnexa" say less than it does. Only the
asked words change (``rank.rerank``): a title must still say what the query says to match it.
Two set intersections for a query that names no such organ.
"""

from __future__ import annotations

from functools import cache

from medcodes.search.text import stem, tokens
from medcodes.search.vocab import read_rows

# What people call a thing wrong with an organ when they say no more (stems).
GENERAL = frozenset(stem(w) for w in (
    "disease", "disorder", "problem", "condition", "infection", "lesion", "issue", "trouble"))


@cache
def _companions() -> dict[str, frozenset[str]]:
    """Each organ word's stem and the stems of its companion's words."""
    out: dict[str, set[str]] = {}
    for organ, companion in read_rows("organ_companions.tsv"):
        out.setdefault(stem(organ.lower()), set()).update(stem(w) for w in tokens(companion))
    return {k: frozenset(v) for k, v in out.items()}


@cache
def _organs() -> frozenset[str]:
    return frozenset(_companions())


def companion_stems(query_stems: set[str] | frozenset[str]) -> frozenset[str]:
    """The stems of the companions of the organs the query names beside a general word for
    what is wrong (nothing for most queries)."""
    said = _organs().intersection(query_stems)
    if not said or GENERAL.isdisjoint(query_stems):
        return frozenset()
    table = _companions()
    return frozenset().union(*(table[s] for s in said))
