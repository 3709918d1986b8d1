"""What a procedure is for, said after it ("D&C for heavy periods", "colonoscopy for rectal
bleeding"), shown beside the procedure as its diagnosis code.

A coder reports both: the ICD-10-PCS code of what was done and the ICD-10-CM code of why.
The word ranking reads the operation (``procedure_purpose.what_it_is_for`` leaves the reason
unsearched where the operation and its part are said), so a search of every system led with
the procedure's codes and showed the reason's diagnosis nowhere in ten. Where the page is led
by a procedure and may show diagnoses, the reason alone is searched among the ICD-10-CM codes
(words only: one more word search, for these queries alone) and its first code is put fifth
on the page, unless the page already shows one of the reason's. A search filtered to
procedures, or one that is not led by a procedure, or whose reason is itself an operation
("epidural for caesarean section"), is left as it is. A procedure code the page had fifth or
lower moves down one ("laparotomy for appendicitis": 0DTJ0ZZ from sixth to seventh), the price
of showing the code a coder reports with it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from medcodes.search.counted import count_new, keys
from medcodes.search.text import tokens

if TYPE_CHECKING:
    from medcodes.catalog.reader import Catalog
    from medcodes.search.types import SearchResponse

FOR = "for"
DIAGNOSES = ("icd10cm",)
PROCEDURES = frozenset({"icd10pcs", "icd9pcs", "cpt", "hcpcs"})
PLACE = 4  # the reason's code goes fifth: the procedure's likeliest codes lead
SHOWN = 10  # the first page the reason must be on
MIN_REASON = 3  # letters: "for me", "for it" say no reason


def reason_of(text: str) -> str | None:
    """The words after the first "for" that has words on both sides, else None (one
    set test for a query without "for")."""
    words = tokens(text)
    if FOR not in words[1:-1]:
        return None
    at = words.index(FOR, 1)
    reason = " ".join(words[at + 1:])
    return reason if len(reason) >= MIN_REASON else None


def add_reason(cat: Catalog, query: str, response: SearchResponse, systems: tuple[str, ...],
               offset: int, limit: int, counted: Collection[tuple[str, str]] = ()) -> None:
    """Put the reason's first diagnosis code fifth on a first page led by a procedure (see
    the module), in place. ``total`` counts it unless it is one of the ranking's
    (``counted``, every page's, not only this page's hits)."""
    hits = response.hits
    if offset or limit < PLACE + 1 or len(hits) < PLACE or hits[0].system not in PROCEDURES:
        return
    if systems and not set(DIAGNOSES) & set(systems):
        return
    reason = reason_of(query)
    if reason is None:
        return
    from medcodes.search.engine import engine_for, search  # the engine calls this module
    from medcodes.search.procedure_intent import names_a_procedure
    from medcodes.search.query import parse

    # An operation said after "for" is what the first one serves, no diagnosis ("epidural for
    # caesarean section": the reason is itself a procedure).
    if names_a_procedure(parse(reason, engine_for(cat).speller).slots, reason):
        return
    found = search(cat, reason, systems=DIAGNOSES, limit=1, mode="words").hits
    if not found or found[0].system not in DIAGNOSES:
        return
    lead = found[0]
    shown = hits[:SHOWN]
    if any(h.system == lead.system and h.code[:3] == lead.code[:3] for h in shown):
        return  # the page shows the reason's category already
    lead.score = hits[PLACE - 1].score if len(hits) >= PLACE else lead.score
    count_new(response, [lead], {*counted, *keys(hits)})
    hits[:] = [*hits[:PLACE], lead, *(h for h in hits[PLACE:]
                                      if (h.system, h.code) != (lead.system, lead.code))]
    del hits[limit:]
