"""A pregnancy code of no said trimester, shown with the codes of each trimester on its page.

ICD-10-CM codes most conditions of pregnancy by trimester (O22.30 "Deep phlebothrombosis in
pregnancy, unspecified trimester", O22.31 ... first trimester, ...), where ICD-9-CM, the
chart and the coder's shorthand say an episode of care or nothing ("DVT antepartum", "twin
pregnancy, delivered", "genital varices in pregnancy"). The code of unspecified trimester is
the one for words that say none (``reported``), but a coder holding the chart reports the
trimester it documents (guideline I.C.15.a.3: the trimester is assigned from the date of the
admission or encounter), so the codes of the three trimesters are choices that belong on the
first page. They end it: the other conditions the words found keep their places (a lead the
words got wrong, "stretch marks from being pregnant" at O99.719 before L90.6, pushes nothing
it found after it). And a heading that says the condition alone ("Genital varices in
pregnancy", "Papyraceous fetus") is reported as those codes: its code of unspecified
trimester takes its place. A query that says a
trimester, a week of gestation or the puerperium keeps its order (:mod:`.gestation` reads the
weeks as a trimester).
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from itertools import pairwise

from medcodes.search.episodes import EPISODES, PUERPERIUM
from medcodes.search.text import tokens
from medcodes.search.types import Hit

SYSTEM = "icd10cm"
CHAPTER = "O"  # the key prefix of chapter 15's codes
PAGE = 10  # the first page a coder reads: the trimesters' codes end it
LOOK = 5  # the hits read for a pregnancy code of no said trimester (or its heading)
_TRIMESTER = re.compile(r"\b(unspecified|first|second|third) trimester\b", re.IGNORECASE)
_ORDER = {"unspecified": 0, "first": 1, "second": 2, "third": 3}
# A trimester as coders type it: "1st trimester", "second tri".
ORDINALS = {"1st": "first", "first": "first", "2nd": "second", "second": "second",
            "3rd": "third", "third": "third"}
TRIMESTER_WORDS = frozenset({"trimester", "tri", "trim"})
# Words that say a trimester or a time of the pregnancy the codes say otherwise: a trimester
# in words, numbers or shorthand ("3rd tri", "T2"), the weeks (read as a trimester), a
# trimester's own name for the time around delivery.
_TIME_SAID = frozenset({"trimester", "trimesters", "tri", "first", "second", "third", "1st",
                        "2nd", "3rd", "t1", "t2", "t3", "week", "weeks", "wk", "wks",
                        "childbirth", "puerperium", "puerperal", "lactation", "breastfeeding"})
# Words that say the patient is pregnant or delivered: a pregnancy code the words found after
# another condition is read then ("varicose vulva, delivered": I86.3 led O22.1), not when
# nothing said a pregnancy.
_PREGNANCY_SAID = frozenset({*EPISODES, "pregnancy", "pregnant", "preg", "gestation",
                             "gravid", "deliver", "delivery", "maternal"})
_ROWS = ("SELECT code, title, kind, billable, chapter, seq FROM concepts WHERE key >= ? AND "
         "key < ? AND system = ? AND is_default = 1 AND billable = 1 ORDER BY seq")


def trimesters_after(conn: sqlite3.Connection, hits: list[Hit], query: str,
                     page: int = PAGE) -> None:
    """Put, in place, the code of unspecified trimester in place of a heading it is the
    default of, and each trimester's code at the end of the page (the hits between keep
    their places), after the first pregnancy code of unspecified trimester in the first hits;
    ``page`` is the number of hits first read (the list ranked may be longer)."""
    lead = next((i for i, h in enumerate(hits[:LOOK])
                 if h.system == SYSTEM and h.code[:1] == CHAPTER), None)
    if lead is None:  # no pregnancy code leads (most queries): the query need not be read
        return
    said = _said(query)
    if not _TIME_SAID.isdisjoint(said):
        return
    if lead and _PREGNANCY_SAID.isdisjoint(said):
        return  # the words found another condition first, and no pregnancy was said
    for i in range(lead, min(LOOK, len(hits))):
        hit = hits[i]
        if hit.system != SYSTEM or hit.code[:1] != CHAPTER:
            continue
        group = _group(conn, hit)
        if not group:
            continue
        first = hit if hit.billable else shown_as(group[0], hit)  # unspecified trimester
        put_in_place(hits, i, first)
        shown = {h.code for h in hits[:page] if h.system == SYSTEM}
        others = [shown_as(g, hit) for g in group[1:] if g.code not in shown]
        rest = [h for h in hits if h.system != SYSTEM or h.code not in {g.code for g in others}]
        at = max(hits.index(first) + 1, page - len(others))
        hits[:] = [*rest[:at], *others, *rest[at:]]
        return


def trimester_said(query: str) -> str | None:
    """The one trimester the query names ("2nd trimester", "third tri"), as the titles say
    it, or None."""
    words = tokens(query)
    named = {ORDINALS[w] for w, after in pairwise(words)
             if w in ORDINALS and after in TRIMESTER_WORDS}
    return named.pop() if len(named) == 1 else None


def in_said_trimester(conn: sqlite3.Connection, hits: list[Hit], query: str) -> None:
    """Show, in place, a pregnancy code of another trimester (or of none) in the first hits,
    or a heading of trimester codes, as its code of the trimester the query names: the
    chapter-15 code a condition's words found ("asthma in pregnancy, 2nd trimester": O99.519)
    is reported for that trimester (O99.512)."""
    said = trimester_said(query)
    if said is None:
        return
    for i in range(min(LOOK, len(hits))):
        hit = hits[i]
        if hit.system != SYSTEM or hit.code[:1] != CHAPTER:
            continue
        group = _group_of_any(conn, hit)
        code = next((g for g in group if trimester_of(g) == said), None)
        if code is None or code.code == hit.code:
            continue
        if any(h.system == SYSTEM and h.code == code.code for h in hits[:i]):
            continue  # shown before it already
        put_in_place(hits, i, shown_as(code, hit))


def trimester_of(hit: Hit) -> str | None:
    """The trimester a code's title says ("unspecified" too), or None."""
    m = _TRIMESTER.search(hit.title)
    return m.group(1).lower() if m else None


def put_in_place(hits: list[Hit], i: int, code: Hit) -> None:
    """Show ``code`` at ``i``; the hit there takes the code's own place further on, if it was
    there (the list keeps its length: a rung of ``pages`` is cut from it)."""
    if code is hits[i]:
        return
    at = next((j for j, h in enumerate(hits) if j != i and h.system == SYSTEM
               and h.code == code.code), None)
    if at is not None:
        hits[at] = hits[i]
    hits[i] = code


def _group_of_any(conn: sqlite3.Connection, hit: Hit) -> tuple[Hit, ...]:
    """The trimester codes the hit is one of (whichever trimester it says), or a heading's."""
    if not hit.billable:
        return _heading_group(conn, hit.code)
    if not _TRIMESTER.search(hit.title):
        return ()
    return _trimester_group(conn, hit.code[:3], _TRIMESTER.sub("#", hit.title.lower()))


def _said(query: str) -> set[str]:
    """The query's words, and the time of an episode word it says ("postpart": puerperium)."""
    words = set(tokens(query))
    if any(EPISODES.get(w) == PUERPERIUM for w in words):
        words.add("puerperium")
    return words


def _group(conn: sqlite3.Connection, hit: Hit) -> tuple[Hit, ...]:
    """The codes of each trimester the hit stands for: the trimester codes of its own title
    when it says "unspecified trimester", those of the first title below a heading that
    differs only by its trimester; none for a code of a said trimester or of no trimester."""
    if hit.billable:
        if not re.search(r"\bunspecified trimester\b", hit.title, re.IGNORECASE):
            return ()
        return _trimester_group(conn, hit.code[:3], _TRIMESTER.sub("#", hit.title.lower()))
    return _heading_group(conn, hit.code)


@lru_cache(maxsize=1_024)
def billable_below(conn: sqlite3.Connection, prefix: str) -> tuple[Hit, ...]:
    """The billable ICD-10-CM codes below a code (by key prefix), in tabular order."""
    key = prefix.replace(".", "").upper()
    return tuple(Hit(system=SYSTEM, code=str(code), title=str(title), kind=str(kind),
                     billable=bool(billable), score=0.0, chapter=chapter)
                 for code, title, kind, billable, chapter, _ in
                 conn.execute(_ROWS, (key, key + "~", SYSTEM)))


def _trimester_group(conn: sqlite3.Connection, category: str, said: str) -> tuple[Hit, ...]:
    """The codes of the category whose title is ``said`` (its trimester as "#") with one
    trimester, unspecified first: all four, or none."""
    found = [h for h in billable_below(conn, category)
             if _TRIMESTER.sub("#", h.title.lower()) == said and _TRIMESTER.search(h.title)]
    return _ordered(found)


def _heading_group(conn: sqlite3.Connection, heading: str) -> tuple[Hit, ...]:
    """The first codes below a heading (tabular order) that differ only by their trimester."""
    below = billable_below(conn, heading)
    first = next((h for h in below if _TRIMESTER.search(h.title)), None)
    if first is None:
        return ()
    said = _TRIMESTER.sub("#", first.title.lower())
    return _ordered([h for h in below if _TRIMESTER.sub("#", h.title.lower()) == said])


def _ordered(found: list[Hit]) -> tuple[Hit, ...]:
    """Trimester codes with unspecified first, then first to third; none unless all four
    are there (a title saying "#" once, each trimester once)."""
    by: dict[int, Hit] = {}
    for h in found:
        m = _TRIMESTER.search(h.title)
        if m is not None:
            by.setdefault(_ORDER[m.group(1).lower()], h)
    return tuple(by[k] for k in sorted(by)) if len(by) == len(_ORDER) else ()


def shown_as(code: Hit, place: Hit) -> Hit:
    """A code as a hit of the page, scored and found as the hit whose place it takes."""
    return Hit(system=code.system, code=code.code, title=code.title, billable=code.billable,
               kind=code.kind, score=place.score, chapter=code.chapter, via=place.via)
