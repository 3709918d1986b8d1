"""A skull fracture said with its brain injury (a coma, a LOC, a concussion, a hemorrhage)
led by the fracture's code, the intracranial injury after it.

ICD-9-CM coded the two in one (800-804: "Cl skul vlt fx-deep coma", "Opn skull/oth
fx-concuss"); ICD-10-CM codes the fracture (S02.-) and asks beside it for the intracranial
injury ("Code also any associated intracranial injury (S06.-)"). The LOC clauses, restated by
search.consciousness, matched the S06 titles whole, so the S06 codes took the first places
and the fracture came seventh to tenth, or not at all, or as another 7th character (the closed
one for "Opn skull fx-concuss"). Where the query says the skull fractured and its brain
injury, and the first page leads with another head injury's code (S06, or another S02: "Cl skl w oth
fx w/o coma" led with S02.19XK, its "oth" read as the titles' other fracture), the fracture's
code goes first: the vault's (S02.0XX-) where said (vault, frontal or parietal bone), the
base's (S02.10-, of the side said) where said, else the skull's unspecified fracture
(S02.91X-); open where said open (the 7th character B), else closed (A). A face or a facial bone said is left alone (S02.2-S02.8).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from medcodes.search.consciousness import COMA, HEAD, LOC
from medcodes.search.counted import count_new, keys
from medcodes.search.text import tokens
from medcodes.search.trimesters import billable_below, shown_as

if TYPE_CHECKING:
    import sqlite3

    from medcodes.search.types import SearchResponse

SYSTEM = "icd10cm"
SKULL = frozenset({"skull", "skl", "skul", "cranial", "cranium"})
FRACTURE = frozenset({"fx", "fxs", "fracture", "fractures", "fractured"})
# The brain injury said beside the fracture (HEAD's intracranial words, a coma or a LOC).
BRAIN = (HEAD - SKULL - {"vault", "vlt", "head"}) | COMA | LOC | frozenset(
    {"hem", "hemorrhage", "haemorrhage", "hematoma", "haematoma", "contusion", "cont",
     "laceration", "lac", "concussion"})
VAULT = frozenset({"vault", "vlt", "frontal", "parietal", "calvarium", "calvaria"})
BASE = frozenset({"base", "basilar", "basal"})
FACE = frozenset({"face", "facial", "orbit", "orbital", "malar", "maxilla", "maxillary",
                  "mandible", "nasal", "nose", "zygoma", "zygomatic", "occipital", "temporal"})
OPEN = frozenset({"open", "opn", "op"})  # ICD-9-CM: "Op skl base fx"
LEAD = 3  # a head injury's code must lead the page
HEAD_INJURIES = ("S02", "S06")
SIDES = {"right": "S02.101", "rt": "S02.101", "left": "S02.102", "lt": "S02.102"}


def skull_fracture_first(conn: sqlite3.Connection, response: SearchResponse, query: str,
                         counted: Collection[tuple[str, str]]) -> None:
    """Put the skull fracture's code first (see the module), in place; ``total`` counts it
    unless the ranking (``counted``) or the page held it."""
    low = query.lower()
    if "sk" not in low and "crani" not in low:
        return
    words = set(tokens(query))
    if (SKULL.isdisjoint(words) or FRACTURE.isdisjoint(words) or BRAIN.isdisjoint(words)
            or not FACE.isdisjoint(words)):
        return
    hits = response.hits
    if not hits or not any(h.system == SYSTEM and h.code.startswith(HEAD_INJURIES)
                           for h in hits[:LEAD]):
        return
    code = _site(words) + ("B" if not OPEN.isdisjoint(words) else "A")
    if hits[0].system == SYSTEM and hits[0].code == code:
        return
    found = billable_below(conn, code)
    if not found:
        return
    fracture = shown_as(found[0], hits[0])
    count_new(response, [fracture], {*counted, *keys(hits)})
    hits[:] = [fracture, *(h for h in hits if (h.system, h.code) != (SYSTEM, code))]
    del hits[response.limit:]


def _site(words: set[str]) -> str:
    """The fracture's code but its 7th character: the vault's, the base's (of the side said)
    or the skull's unspecified."""
    if not VAULT.isdisjoint(words):
        return "S02.0XX"
    if not BASE.isdisjoint(words):
        return next((SIDES[w] for w in sorted(words) if w in SIDES), "S02.109")
    return "S02.91X"
