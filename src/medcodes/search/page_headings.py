"""A heading on the first page, past the lead, put after the code a coder reports for it.

ICD-10-CM's headings are not reported when they have billable codes below them (a code is
reported to its highest number of characters), yet word for word a heading often ranks above
its own code: its title is shorter and says the same words ("Other schizophrenia" F20.8 above
F20.89 "Other schizophrenia", I13.1 above I13.10 "..., with stage 1 through stage 4 chronic
kidney disease, or unspecified chronic kidney disease", S06.6X above S06.6X0A "... without loss
of consciousness, initial encounter"), so the reported code came several places lower, or off
the page behind headings of its siblings. ``reported.report_default`` swaps a *leading* heading
with its code that says nothing more; this does the same for each heading after the lead on the
first page whose such code is further down the ranking (``reported.reported_at``): the two
change places and scores, and every other code keeps its place. The heading stays on the page,
which shows the category the code is of. Nothing is read from the catalog: a heading whose code
is not ranked keeps its place. A query that says a complication, or a word a code below the
heading says beyond the defaults, chose that code: the heading keeps its order, as at the lead.
"""

from __future__ import annotations

from medcodes.search.reported import (
    DEPTH,
    SYSTEM,
    C,
    heading_words,
    reported_at,
    says_complication,
    sibling_said,
    typed_words,
)

PAGE = 10  # the places after the lead whose headings are read (one page)


def codes_before_headings(pool: list[C], query_text: str, page: int = PAGE) -> None:
    """Swap, in place, each heading in ``pool[1:page]`` with the first code further down
    that says nothing more than it (places and scores); the lead is ``report_default``'s."""
    heads = [i for i in range(1, min(page, len(pool)))
             if not pool[i].billable and pool[i].system == SYSTEM]
    if not heads:
        return  # no heading past the lead
    typed: list[str] | None = None  # read at the first heading with a code below it
    for i in heads:
        for _ in range(DEPTH):  # a heading's code may be a heading too: S06.6X, S06.6X0A
            head = pool[i]
            if head.billable or head.system != SYSTEM:
                break  # a code swapped into this place
            if not any(c.code.startswith(head.code) for c in pool[i + 1:]):
                break  # most headings on a page: none of their codes below them
            if typed is None:
                if says_complication(query_text):
                    return
                typed = typed_words(query_text)
            said = heading_words(head.title)
            at = reported_at(pool, i, said, typed)
            if at is None or sibling_said(pool, head, typed):
                break
            code = pool[at]
            pool[i], pool[at] = code, head
            head.score, code.score = code.score, head.score
