"""Property tests: any string searches without an exception; every code is found by its own code."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medcodes.catalog.reader import Catalog
from medcodes.search.types import MAX_QUERY_LENGTH, QueryError

HOSTILE = st.one_of(
    st.text(max_size=200),
    st.sampled_from(['"', "AND", "NEAR(", "*", "^", ":", "OR NOT", "a:b", "'); DROP TABLE concepts;--",
                     "\x00", "\u202e", "🫀 heart", "col:title", "-", "--", "((", "NEAR(a b, 3)"]),
    st.lists(st.sampled_from(["heart", '"', "*", "AND", "(", "I21", ":", "^", "-", " "]), max_size=8)
    .map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=HOSTILE)
def test_any_string_searches_without_exception(cat: Catalog, query: str) -> None:
    try:
        r = cat.search(query, limit=5)
    except QueryError:
        assert len(query) > MAX_QUERY_LENGTH
        return
    assert r.total >= len(r.hits)


def test_long_and_control_inputs(cat: Catalog) -> None:
    for q in ["", "   ", "\t\n", "\x00\x01\x02", "." * 400, "a" * MAX_QUERY_LENGTH]:
        cat.search(q)


def test_every_sampled_code_is_found_first_by_its_own_code(cat: Catalog) -> None:
    rows = cat.conn.execute("SELECT system, code FROM concepts WHERE is_default = 1").fetchall()
    sample = random.Random(7).sample(rows, 3000)
    for system, code in sample:
        qualified = cat.search(f"{system}:{code}", limit=1).hits
        assert (qualified[0].system, qualified[0].code) == (system, code)
        plain = cat.search(code, limit=5).hits
        exact = [(h.system, h.code) for h in plain if h.code == code]
        assert (system, code) in exact, (system, code, plain)
        assert plain[0].code == code
