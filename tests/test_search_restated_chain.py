"""Restatements applied one after another (search/restated.py): the search of a restated query
restates it again, so ``restated`` returns the text none changes, and a query whose
restatements would undo each other (a third degree burn's "with loss" read away from a LOC's
"with loss of consciousness") is searched as typed or as its fixed point, never in a loop."""

from __future__ import annotations

import random

import pytest

from medcodes.catalog.reader import Catalog
from medcodes.search.restated import restated

WORDS = """
    skull head loc coma com loss of consciousness no with w brief mod deep prol nos 20 30 min hrs
    hour an a less than more > < 1.5 24 burn brn arm leg 3 deg chemical acid third fx radius ulna
    rad tib fibula wound tongue ear drum compl cut on c4 t7 l1 fracture elbow dislocation disloc
    unknown duration for cerebral contusion brain hem body tissue my
    """.split()


# Session 28's: a limb segment beside a joint's word, a migraine's shorthand, "in oth dis".
WORDS28 = """
    arthritis arthrit viral mycotic hemarthrosis jt joint nos nec l/leg up/arm forearm pelvis
    shlder mult multiple joints pathol dislocat septic staph mgrn mgr w wo ntrc st ara aura prs
    inf ch migraine in oth dis other syst mening enceph myelopathy and with
    """.split()


@pytest.mark.parametrize(("seed", "words", "times"), [(27, WORDS, 5000), (28, WORDS28, 3000)])
def test_a_restated_query_is_restated_no_further(seed: int, words: list[str],
                                                 times: int) -> None:
    rng = random.Random(seed)
    for _ in range(times):
        query = " ".join(rng.choice(words) for _ in range(rng.randint(1, 8)))
        told = restated(query)
        assert told is None or restated(told) is None, (query, told)


def test_a_burn_beside_a_coma_is_searched(cat: Catalog) -> None:
    # Each restatement alone would undo the other's words; the search ends.
    assert cat.search("third degree burn with head injury and coma", limit=5).hits
    assert cat.search("for third com brain than burn", limit=5) is not None
