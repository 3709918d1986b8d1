"""A code pasted with its description ("I10 Essential hypertension"): the code, then its words.

People copy a code and its title from a claim, a problem list or another tool. Searched as words,
the code is noise and its title finds its neighbours first; so the code a query's first word
names exactly leads, and the words after it are searched as any query is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from medcodes.search.code_lookup import codes
from medcodes.search.query import parse
from medcodes.search.types import MAX_LIMIT, Hit, SearchResponse

if TYPE_CHECKING:
    from medcodes.catalog.reader import Catalog
    from medcodes.search.engine import Engine
    from medcodes.search.filters import Filters

# A code as pasted before its description ("E11.9 Type 2 diabetes ...", "I10 hypertension"):
# ICD-10-CM and ICD-10-PCS shapes, and ICD-9-CM only with its dot or V/E prefix (a bare number
# is a dose or an age as often as a code).
_CODE_TOKEN = re.compile(
    r"(?:[a-z]\d[0-9a-z](?:\.?[0-9a-z]{1,4})?|[0-9a-z]{7}|\d{3}\.\d{1,2}|v\d{2}(?:\.\d{1,2})?"
    r"|e\d{3}(?:\.\d)?)", re.IGNORECASE)


def leading_code(engine: Engine, query: str, filters: Filters) -> list[Hit]:
    """The concepts a query's first word names exactly, when words follow it."""
    first, _, rest = query.strip().partition(" ")
    code = first.split(":", 1)[-1]
    if not rest.strip() or not _CODE_TOKEN.fullmatch(code) or not any(c.isdigit() for c in code):
        return []
    parsed = parse(first, as_words=False)
    if parsed.kind != "code":
        return []
    found = codes(engine.conn, parsed, filters, 3, 0)
    return [h for h in found.hits if h.via == "code"]


def code_then_words(
    cat: Catalog, query: str, lead: list[Hit], systems: Any, billable: bool | None,
    kind: str | None, chapter: str | None, code_range: str | None, limit: int, offset: int,
    mode: str,
) -> SearchResponse:
    """The named code first, then the search of the words after it: a code pasted with its
    description is that code, and the words find its neighbours. ``total`` counts the named
    codes and the words' hits, a named code the words also find once, whatever the page."""
    from medcodes.search.engine import search  # the words are searched as any query is

    def words_from(at: int, size: int) -> SearchResponse:
        return search(cat, rest, systems, billable, kind, chapter, code_range, size, at, mode)

    rest = query.strip().partition(" ")[2]
    named = {(h.system, h.code) for h in lead}
    deep = offset + limit + len(lead)
    start, size = (0, deep) if deep <= MAX_LIMIT else (max(0, offset - len(lead)), limit)
    words = words_from(start, size)
    if deep <= MAX_LIMIT:
        # The words' ranking from its start, without the named codes: every page is cut from
        # the same list, so pages continue each other.
        ranked = [*lead, *(h for h in words.hits if (h.system, h.code) not in named)]
        page = ranked[offset : offset + limit]
    else:  # deep pages: the named codes may show again at their word rank
        page = words.hits
    top = words.hits if start == 0 else []
    whole = start == 0 and (len(top) < size or size >= MAX_LIMIT)  # all the pages could show
    if not whole and not named <= {(h.system, h.code) for h in top}:
        # A named code may be further down the words' ranking: read it to MAX_LIMIT (pages
        # are cut from one ranking of that many, ``pages``), as a deeper page would.
        top = words_from(0, MAX_LIMIT).hits
    total = words.total + len(lead) - sum(1 for h in top if (h.system, h.code) in named)
    return replace(words, query=query.strip(), hits=page, limit=limit, offset=offset,
                   total=total)
