"""A heading that leads a word ranking, reported as its code that says nothing more.

ICD-10-CM's categories are headings, not reported: B05 "Measles" is coded B05.9 "Measles
without complication", B27 "Infectious mononucleosis" B27.90 "Infectious mononucleosis,
unspecified without complication". Word for word the heading wins a query that names the
condition alone (its title is shorter, and a bracketed synonym, "Varicella [chickenpox]", says
a lay word its codes leave to it), so "chicken pox", "glandular fever" and "shingles" led with
a code a coder cannot use. Where a heading leads and a code below it in the pool says the
heading's words and only "unspecified" or "without complication(s)" besides, that code is put
just above it, as ``rank.order`` does for a code of the heading's very title (J18 and J18.9);
then again for that code, if it is a heading too. A query that says a complication keeps its
order. Only the first hit is read: one attribute check for most queries.
"""

from __future__ import annotations

import re
from functools import lru_cache

from medcodes.search.rank import Candidate
from medcodes.search.text import STOPWORDS, tokens

SYSTEM = "icd10cm"
LEAD = 1e-3  # how far the code is put above its heading
# What a heading's code says beyond it when it says nothing more of the condition.
SAYS_NOTHING_MORE = frozenset({"unspecified", "without", "complication", "complications"})
_BRACKETED = re.compile(r"\[[^\]]*\]")
DEPTH = 2  # a category, its unspecified subcategory, that one's uncomplicated code


@lru_cache(maxsize=20_000)
def _words(title: str) -> frozenset[str]:
    """A title's content words, without its bracketed synonyms and the words that say nothing
    more."""
    return frozenset(w for w in tokens(_BRACKETED.sub(" ", title))
                     if w not in STOPWORDS and w not in SAYS_NOTHING_MORE)


def report_default(pool: list[Candidate], query_text: str) -> None:
    """Put a leading heading's code that says nothing more above it (in place)."""
    for _ in range(DEPTH):
        if not pool:
            return
        head = pool[0]
        if head.billable or head.system != SYSTEM or len(pool) < 2:
            return
        if any(w.startswith("complic") for w in tokens(query_text)):
            return
        said = _words(head.title)
        code = next((c for c in pool[1:] if c.system == SYSTEM
                     and c.code.startswith(head.code) and c.code != head.code
                     and _words(c.title) == said), None)
        if code is None:
            return
        code.score = head.score + LEAD
        pool.remove(code)
        pool.insert(0, code)
