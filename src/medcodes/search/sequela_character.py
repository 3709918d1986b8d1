"""An injury's code shown with the sequela's 7th character where the query says a late effect.

ICD-9-CM coded a late effect of an injury or a poisoning in codes of its own (905-909: "Late
eff int inj abdomen"); ICD-10-CM codes the injury itself with the 7th character S, sequela
(guideline I.C.19.a). The abbreviations read "late eff" as sequela, but where the injury's words
matched better in another code's title the initial encounter's code could lead ("Late eff int
inj abdomen": S36.90XA first, S36.90XS not in ten). Where the query says a late effect or a
sequela, a chapter-19 code of another encounter among the first hits is shown as its sequela's
(the hit there takes the sequela's own place further on, if the list held it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from medcodes.search.text import tokens
from medcodes.search.trimesters import billable_below, put_in_place, shown_as

if TYPE_CHECKING:
    import sqlite3

    from medcodes.search.types import Hit

SYSTEM = "icd10cm"
LOOK = 10
SEQUELA = frozenset({"sequela", "sequelae", "sequel"})
LATE = frozenset({"late", "lt"})
EFFECT = frozenset({"eff", "effect", "effects", "effec", "ef"})
CHAPTER = ("S", "T")
_CUES = ("seq", "eff", "ef ")


def late_effect_said(query: str) -> bool:
    """Does the query say a sequela or a late effect ("Late eff", "Lt eff", "late effect of")?"""
    low = query.lower()
    if not any(cue in low for cue in _CUES):
        return False
    words = tokens(query)
    return not SEQUELA.isdisjoint(words) or any(
        w in LATE and words[i + 1:i + 2] and words[i + 1] in EFFECT
        for i, w in enumerate(words))


def sequela_shown(conn: sqlite3.Connection, hits: list[Hit], query: str) -> None:
    """Show, in place, the first hits' injury codes of another encounter as their sequela's
    code (see the module)."""
    if not late_effect_said(query):
        return
    for i in range(min(LOOK, len(hits))):
        hit = hits[i]
        if (hit.system != SYSTEM or not hit.billable or not hit.code.startswith(CHAPTER)
                or len(hit.code) != 8 or hit.code[-1] == "S"):
            continue
        said = hit.code[:-1] + "S"
        if any(h.system == SYSTEM and h.code == said for h in hits[:i]):
            continue  # shown before it already
        found = billable_below(conn, said)
        if found and found[0].code == said:
            put_in_place(hits, i, shown_as(found[0], hit))
