"""Restatements applied one after another (search/restated.py): the search of a restated query
restates it again, so ``restated`` returns the text none changes, and a query whose
restatements would undo each other (a third degree burn's "with loss" read away from a LOC's
"with loss of consciousness") is searched as typed or as its fixed point, never in a loop."""

from __future__ import annotations

import random

from medcodes.catalog.reader import Catalog
from medcodes.search.restated import restated

WORDS = """
    skull head loc coma com loss of consciousness no with w brief mod deep prol nos 20 30 min hrs
    hour an a less than more > < 1.5 24 burn brn arm leg 3 deg chemical acid third fx radius ulna
    rad tib fibula wound tongue ear drum compl cut on c4 t7 l1 fracture elbow dislocation disloc
    unknown duration for cerebral contusion brain hem body tissue my
    """.split()


def test_a_restated_query_is_restated_no_further() -> None:
    rng = random.Random(27)
    for _ in range(5000):
        query = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8)))
        told = restated(query)
        assert told is None or restated(told) is None, (query, told)


def test_a_burn_beside_a_coma_is_searched(cat: Catalog) -> None:
    # Each restatement alone would undo the other's words; the search ends.
    assert cat.search("third degree burn with head injury and coma", limit=5).hits
    assert cat.search("for third com brain than burn", limit=5) is not None
