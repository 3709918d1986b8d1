"""A pregnancy of a kind the query does not say, led by the code of its unspecified kind.

Multiple gestation is coded by its number of placentas and amniotic sacs (O30.01- "Twin
pregnancy, monochorionic/monoamniotic", O30.02- "Conjoined twin pregnancy"), and the index
sends a twin pregnancy of no said kind to O30.00- "Twin pregnancy, unspecified number of
placenta and unspecified number of amniotic sacs". Word for word the shorter title of a kind
won once an episode or a trimester was said ("twin pregnancy antepartum": O30.029 Conjoined
twin pregnancy). Where a chapter-15 code of a trimester leads and says a word the query does
not, the code of its category and trimester that says the lead's words but those, and only
"unspecified" clauses besides, takes its place (the two change places).
"""

from __future__ import annotations

import re
import sqlite3

from medcodes.search.text import STOPWORDS, stem, tokens
from medcodes.search.trimesters import billable_below, shown_as, trimester_of
from medcodes.search.types import Hit

SYSTEM = "icd10cm"
CHAPTER = "O"
_PREGNANCY = frozenset(map(stem, ("gestation", "pregnant", "preg")))
# What a title says beyond the kind: its trimester, a clause of "unspecified", a fetus.
_BESIDES = re.compile(r"\b(?:unspecified|first|second|third)\b[^,]*|\btrimester\b",
                      re.IGNORECASE)


def unspecified_kind_first(conn: sqlite3.Connection, hits: list[Hit], query: str) -> None:
    """Swap, in place, a leading chapter-15 code of a trimester whose title says a word the
    query does not with its category's code of that trimester saying the lead's words the
    query says, and "unspecified" clauses besides."""
    if not hits:
        return
    lead = hits[0]
    if lead.system != SYSTEM or lead.code[:1] != CHAPTER or not lead.billable:
        return
    time = trimester_of(lead)
    if time is None:
        return
    typed = {stem(w) for w in tokens(query)}
    if typed & _PREGNANCY:  # "twin gestation", "pregnant with twins": the titles' pregnancy
        typed.add(stem("pregnancy"))
    said = _words(lead.title) & typed
    if not said or said == _words(lead.title):
        return  # the lead says nothing the query does not (or nothing it does)
    default = next((h for h in billable_below(conn, lead.code[:3])
                    if h.code != lead.code and trimester_of(h) == time
                    and "unspecified" in h.title.lower() and _words(h.title) == said), None)
    if default is None:
        return
    at = next((i for i, h in enumerate(hits) if h.system == SYSTEM and h.code == default.code),
              None)
    shown = shown_as(default, lead)
    if at is None:
        hits.insert(0, shown)
    else:
        hits[0], hits[at] = hits[at], lead
        hits[0].score, lead.score = lead.score, hits[0].score


def _words(title: str) -> set[str]:
    """The stems of a title's words besides its trimester and "unspecified" clauses."""
    return {stem(w) for w in tokens(_BESIDES.sub(" ", title)) if w not in STOPWORDS}
