"""An intracranial injury or a skull fracture said NEC, searched without the NEC.

ICD-9-CM's "NEC" beside a brain's laceration, contusion or hemorrhage and beside a skull
fracture names the site or the kind ("Brain laceration NEC", 851.8 "Other and unspecified
cerebral laceration and contusion"; "Cl skull fx NEC", 803 "Other and unqualified skull
fractures"), which ICD-10-CM codes as the unspecified part (S06.33- "cerebrum, unspecified",
S02.91- "Unspecified fracture of skull"). Read as "other" (the reading of NEC), it found the
sixth character "... with death due to other cause prior to regaining consciousness"
(S06.338A) and S06.8A's blast injury "not elsewhere classified". Read only beside an
intracranial injury or the skull (consciousness.HEAD), not a head injury, whose NEC is S09.8's
other specified injury.
"""

from __future__ import annotations

from medcodes.search.consciousness import HEAD
from medcodes.search.text import query_tokens

NEC = frozenset({"nec"})
INSIDE = HEAD - {"head"}


def intracranial_without_nec(query: str) -> str | None:
    """The query without its NEC beside an intracranial injury or the skull, else None."""
    if "nec" not in query.lower():
        return None
    words = query_tokens(query)
    if NEC.isdisjoint(words) or INSIDE.isdisjoint(words):
        return None
    return " ".join(w for w in words if w not in NEC)
