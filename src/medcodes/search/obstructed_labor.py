"""Maternal care for a presentation or a disproportion before the obstructed labor it may cause.

ICD-10-CM codes a breech, a face presentation or a contracted pelvis twice: as the mother's
care for it (O32-O34 "Maternal care for breech presentation") and as the labor it obstructed
(O64-O66 "Obstructed labor due to breech presentation"). The index sends the condition to the
first and "causing obstructed labor" to the second ("Presentation, fetal, breech O32.1-;
causing obstructed labor O64.1-"), so a coder reports obstructed labor only when the chart
says the labor was obstructed. Word for word the two titles tie, and "Obstructed labor due
to ..." led "breech presentation" and "contracted pelvis". On the first page, where the query
says no labor, obstruction or dystocia, the maternal care codes take the places the two
groups hold, first, its reportable codes before their headings; the other hits keep theirs.
"""

from __future__ import annotations

from medcodes.search.text import stem, tokens
from medcodes.search.types import Hit

SYSTEM = "icd10cm"
PAGE = 10  # the hits read
OBSTRUCTED = "obstructed labor"  # how O64-O66's titles begin
CARE = "maternal care for"  # how O30-O48's titles of the mother's care begin
# Words that say the labor itself: its obstruction, a dystocia, a failed or arrested labor.
LABOR_SAID = frozenset(map(stem, ("labor", "labour", "obstructed", "obstruction",
                                  "obstructing", "dystocia", "arrest", "arrested", "intrapartum",
                                  "failed")))


def care_before_obstruction(hits: list[Hit], query: str) -> None:
    """Reorder, in place, the first page's maternal care and obstructed labor hits: the care
    ones first (codes before headings), in the places the two groups held."""
    page = hits[:PAGE]
    obstructed = [i for i, h in enumerate(page) if _begins(h, OBSTRUCTED)]
    if not obstructed or not LABOR_SAID.isdisjoint(stem(w) for w in tokens(query)):
        return
    care = [i for i, h in enumerate(page) if _begins(h, CARE)]
    if not care or min(care) < min(obstructed):
        return
    places = sorted(obstructed + care)
    cared = sorted((page[i] for i in care), key=lambda h: not h.billable)
    scores = [page[i].score for i in places]
    for place, score, hit in zip(places, scores, [*cared, *(page[i] for i in obstructed)],
                                 strict=True):
        hit.score = score
        hits[place] = hit


def _begins(hit: Hit, words: str) -> bool:
    """Is the hit a chapter-15 code whose title begins with ``words``?"""
    return (hit.system == SYSTEM and hit.code[:1] == "O"
            and hit.title.lower().startswith(words))
