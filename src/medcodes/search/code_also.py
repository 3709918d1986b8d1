"""The second code ICD-10-CM asks beside an injury ("Code also"), shown second when the query
says what it codes.

ICD-9-CM said two things in one injury code that ICD-10-CM codes apart:
- an internal organ's injury "with open wound into cavity" (860-869: "Spleen laceration-open",
  "GI injury NOS-open"): ICD-10-CM codes the organ's injury (S26-S27, S36-S37) and asks for
  the wound ("Code also any associated open wound": S21.- for the thorax, S31.- for the
  abdomen and the pelvis);
- an open wound "with tendon involvement" (880-884, 890-894: "Opn wound wrist w tendon"):
  the wound (S41-S91) and the tendon's laceration at its level (S46-S96: "Code also any
  associated open wound" under each).
The words found the first code and not the second, which was not in the first ten. Where the
query says the cue (open or penetrating; a tendon) and the first page leads with such a code
and shows no reportable code of the second's group, the second's unspecified code is put second: the
thorax's front wall with penetration (S21.309A), the peritoneal cavity (S31.609A) for the
abdomen's organs and the retroperitoneum (S31.001A) for the urinary and pelvic organs; the
unspecified muscle and tendon's laceration at the wound's level. A search filtered to a kind,
a chapter, a range or to other systems is left alone (the engine's call).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, NamedTuple

from medcodes.search.counted import count_new, keys
from medcodes.search.text import tokens
from medcodes.search.trimesters import billable_below, shown_as

if TYPE_CHECKING:
    import sqlite3

    from medcodes.search.types import SearchResponse

SYSTEM = "icd10cm"
LEAD = 3  # the first code must be among the first hits
PAGE = 10


class Also(NamedTuple):
    """A cue's words (and the letters a query without them lacks), and by the first code's
    category the second code and the prefix of its group (one of which on the page is enough)."""

    words: frozenset[str]
    letters: tuple[str, ...]
    second: dict[str, tuple[str, str]]


ALSO = (
    Also(frozenset({"open", "opn", "penetrating", "penetration"}), ("open", "opn", "penetrat"),
         {"S26": ("S21.309A", "S21"), "S27": ("S21.309A", "S21"),
          "S36": ("S31.609A", "S31.6"), "S37": ("S31.001A", "S31.0")}),
    Also(frozenset({"tendon", "tendons", "tend", "tendinous"}), ("tend",),
         {"S01": ("S09.12XA", "S09.1"), "S11": ("S16.2XXA", "S16"),
          "S41": ("S46.929A", "S46"), "S51": ("S56.929A", "S56"), "S61": ("S66.929A", "S66"),
          "S71": ("S76.929A", "S76"), "S81": ("S86.929A", "S86"),
          "S91": ("S96.929A", "S96")}),
)


def code_also(conn: sqlite3.Connection, response: SearchResponse, query: str,
              counted: Collection[tuple[str, str]]) -> None:
    """Put the second code after the first one (see the module), in place; ``total`` counts
    it unless the ranking (``counted``) or the page held it."""
    low = query.lower()
    cued = [a for a in ALSO if any(cue in low for cue in a.letters)]
    if not cued:
        return
    said = set(tokens(query))
    hits = response.hits
    at = next((i for i, h in enumerate(hits[:LEAD]) if h.system == SYSTEM), None)
    if at is None:
        return
    for also in cued:
        if also.words.isdisjoint(said) or hits[at].code[:3] not in also.second:
            continue
        code, group = also.second[hits[at].code[:3]]
        if any(h.system == SYSTEM and h.billable and h.code.startswith(group)
               for h in hits[:PAGE]):
            return
        found = billable_below(conn, code)
        if not found:
            return
        second = shown_as(found[0], hits[at])
        count_new(response, [second], {*counted, *keys(hits)})
        rest = [h for h in hits[at + 1:] if (h.system, h.code) != (SYSTEM, second.code)]
        hits[:] = [*hits[:at + 1], second, *rest]
        del hits[response.limit:]
        return
