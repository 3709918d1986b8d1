"""A code pasted with its description ("I10 Essential hypertension"): the code, then its words.

People copy a code and its title from a claim, a problem list or another tool. Searched as words,
the code is noise and its title finds its neighbours first; so the code a query's first word
names exactly leads, and the words after it are searched as any query is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from medcodes.search.query import parse
from medcodes.search.types import MAX_LIMIT, Hit, SearchResponse

if TYPE_CHECKING:
    from medcodes.catalog.reader import Catalog
    from medcodes.search.engine import Engine, Filters

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
    found = engine.codes(parsed, filters, 3, 0)
    return [h for h in found.hits if h.via == "code"]


def code_then_words(
    cat: Catalog, query: str, lead: list[Hit], systems: Any, billable: bool | None,
    kind: str | None, chapter: str | None, code_range: str | None, limit: int, offset: int,
    mode: str,
) -> SearchResponse:
    """The named code first, then the search of the words after it: a code pasted with its
    description is that code, and the words find its neighbours."""
    from medcodes.search.engine import search  # the words are searched as any query is

    rest = query.strip().partition(" ")[2]
    named = {(h.system, h.code) for h in lead}
    deep = offset + limit + len(lead)
    if deep <= MAX_LIMIT:
        # The words' ranking from its start, without the named codes: every page is cut from
        # the same list, so pages continue each other.
        words = search(cat, rest, systems, billable, kind, chapter, code_range, deep, 0, mode)
        ranked = [*lead, *(h for h in words.hits if (h.system, h.code) not in named)]
        page = ranked[offset : offset + limit]
        total = words.total + sum(1 for h in words.hits if (h.system, h.code) not in named) \
            - len(words.hits) + len(lead)
    else:  # deep pages: the named codes may show again at their word rank
        words = search(cat, rest, systems, billable, kind, chapter, code_range, limit,
                       max(0, offset - len(lead)), mode)
        page, total = words.hits, words.total + len(lead)
    return replace(words, query=query.strip(), hits=page, limit=limit, offset=offset,
                   total=total)
