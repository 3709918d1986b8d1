"""External causes in the shorthand coders write them: "acc" an accident, "MV" a motor vehicle,
"coll" a collision, "n-traf" nontraffic; ICD-9-CM's "late effect" ("late eff") is ICD-10-CM's
sequela, its "undetermined circumstances" ("undet circ") the undetermined intent."""

from __future__ import annotations

import pytest

from medcodes.catalog.reader import Catalog


@pytest.mark.parametrize(("query", "code"), [
    ("traffic acc, pedestrian", "V09.3XXA"),
    ("MV coll with pedestrian, pedestrian injured", "V0"),
    ("late eff of transport acc", "V99.XXXS"),
    ("late effect of fall from ladder", "W11.XXXS"),
    ("undet circ fall from height", "Y30.XXXA"),
    ("fall from a high place, undetermined circumstances", "Y30.XXXA"),
    ("mv n-traf acc, pedestrian", "V09.0"),
])
def test_the_shorthand_reads_as_the_titles(cat: Catalog, query: str, code: str) -> None:
    hits = cat.search(query, systems=["icd10cm"], limit=3).hits
    assert hits[0].code.startswith(code), [h.code for h in hits]


def test_the_shorthand_leaves_other_senses(cat: Catalog) -> None:
    assert cat.search("acc esotropia", systems=["icd10cm"], limit=1).hits[0].code.startswith("H50")
