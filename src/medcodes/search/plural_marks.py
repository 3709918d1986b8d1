"""A noun said with a parenthesized plural ("hand(s)", "toe(s)", "finger(s)"), searched without
the mark.

ICD-9-CM's titles say one or more of a part so ("Contusion of hand(s)", "Open wound of toe(s)"),
and coders copy them. Tokenized, the mark is a word "s" of its own, which the search read as the
7th character S, sequela: "Contusion of hand(s)" led with S60.229S and S60.229D, the initial
encounter eighth. The noun is kept as said (the titles that say "toe(s)" still match it).
"""

from __future__ import annotations

import re

_MARK = re.compile(r"(?<=[A-Za-z])\(s\)", re.IGNORECASE)


def without_plural_mark(query: str) -> str | None:
    """The query without its "(s)" plural marks, else None."""
    if "(s)" not in query.lower():
        return None
    told = _MARK.sub("", query)
    return told if told != query else None
