"""A complaint told with the diagnosis it turned out to be ("chest pain turned out to be
reflux", "the lump was actually a cyst", "what we thought was flu ended up being pneumonia"):
the diagnosis is what is coded. The ICD-10-CM guidelines code a sign or symptom only when no
related diagnosis is confirmed, so the words before the turn are the story, not the code, and
the query is searched as the words after it.

The part of the body the complaint was told of stays when the diagnosis names none ("a lump
in my breast turned out to be cancer" is breast cancer, C50.919). A turn to nothing ("turned
out to be nothing", "was actually fine") leaves the query as it is.
"""

from __future__ import annotations

import re

from medcodes.search.incidental import body_words
from medcodes.search.text import stem, tokens

# The turn, then what it turned out to be (not "was really": "the pain was really bad" is no
# turn).
_TURN = re.compile(
    r"\b(?:turn(?:ed|s)?\s+out\s+(?:to\s+be|it\s+was)|end(?:ed|s)?\s+up\s+being"
    r"|prov(?:ed|es)\s+to\s+be|(?:was|is|were)\s+(?:actually|in\s+fact)"
    r"|(?:was|were)\s+diagnosed\s+as)\s+(?P<then>.+)$",
    re.IGNORECASE)
_LEADING = re.compile(r"^(?:(?:just|only|simply|a|an|the|some|my|his|her|their)\s+)+",
                      re.IGNORECASE)
_NOTHING = frozenset("nothing fine normal ok okay benign harmless".split())


def diagnosed_as(query: str) -> str | None:
    """What ``query``'s complaint turned out to be, or None when it tells no such turn."""
    turn = _TURN.search(query)
    if turn is None:
        return None
    then = _LEADING.sub("", turn.group("then")).strip(" .,;:!?")
    words = then.lower().split()
    if not words or words[0] in _NOTHING:
        return None
    parts = body_words()
    if not any(stem(w) in parts for w in tokens(then)):
        site = [w for w in tokens(query[:turn.start()]) if stem(w) in parts]
        then = " ".join([then, *site])
    return then
