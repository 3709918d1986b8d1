"""Operations named in everyday or eponymous words (lay_terms.tsv): a release by the condition it
frees (de Quervain's, Dupuytren's) as the Release of the tendon or the fascia it cuts, and a
man "getting snipped" as his vasectomy, on the real catalog."""

from __future__ import annotations

import pytest

from medcodes.catalog.reader import Catalog
from medcodes.search.engine import search


@pytest.mark.parametrize(("query", "prefixes"), [
    ("de Quervain's release", ("0LN5", "0LN6")),  # Lower Arm and Wrist Tendon
    ("de quervain release left", ("0LN6",)),
    ("Dupuytren's release", ("0JNJ", "0JNK")),  # Hand Subcutaneous Tissue and Fascia
    ("dupuytrens contracture release right", ("0JNJ",)),
    ("Dupuytren's fasciectomy", ("0JBJ", "0JBK")),  # cut out: Excision
])
def test_release_named_by_its_condition(cat: Catalog, query: str,
                                        prefixes: tuple[str, ...]) -> None:
    hits = search(cat, query, limit=3).hits
    assert hits[0].code.startswith(prefixes), [h.code for h in hits]


@pytest.mark.parametrize(("query", "prefix"), [
    ("dupuytren's contracture", "M72.0"),  # the condition alone stays the condition
    ("de quervain's tenosynovitis", "M65.4"),
])
def test_the_condition_alone_is_its_diagnosis(cat: Catalog, query: str, prefix: str) -> None:
    assert search(cat, query, limit=1).hits[0].code.startswith(prefix)


@pytest.mark.parametrize("query", ["getting snipped", "got snipped so no more kids"])
def test_a_man_getting_snipped_is_a_vasectomy(cat: Catalog, query: str) -> None:
    hits = search(cat, query, limit=3).hits
    assert hits[0].code.startswith("0VLQ"), [h.code for h in hits]  # not Excision of Prostate


def test_a_thing_snipped_off_is_still_cut_away(cat: Catalog) -> None:
    assert search(cat, "skin tag snipped off", limit=1).hits[0].code.startswith("0HB")
