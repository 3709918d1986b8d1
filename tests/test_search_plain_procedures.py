"""Procedures described in plain words ("taking out part of the lung", "cutting off the leg above
the knee", "camera into the knee"), searched across all systems as the web's search box does:
a verb and its particle read as the ICD-10-PCS root operation, how much of a part is taken out,
a camera alone as an Inspection, and diagnosis codes giving way to the procedure asked for."""

from __future__ import annotations

import pytest

from dev_lists import ranks
from medcodes.catalog.reader import Catalog
from medcodes.search.engine import engine_for
from medcodes.search.lay_verbs import particle_beside
from medcodes.search.procedure_intent import names_a_procedure
from medcodes.search.query import parse
from medcodes.search.text import query_tokens
from medcodes.search.vocab import vocabulary


@pytest.mark.parametrize(("query", "read"), [
    ("taking the womb out through the vagina", "taking out the womb through the vagina"),
    ("putting a dislocated shoulder back in place", "putting back a dislocated shoulder in place"),
    ("cutting off the leg", "cutting off the leg"),  # already beside its verb
    # further than five words, or past another clause: the particle is not the verb's
    ("taking the top of the left upper lobe out", "taking the top of the left upper lobe out"),
    ("cut my finger with a knife and it swelled up", "cut my finger with a knife and it swelled up"),
    # said right after another verb, the particle is that verb's: no "backed up" (constipation)
    ("cyst on my back that keeps swelling up", "cyst on my back that keeps swelling up"),
])
def test_a_particle_after_the_thing_goes_back_to_its_verb(query: str, read: str) -> None:
    assert " ".join(particle_beside(query_tokens(query), vocabulary())) == read


def _readings(query: str) -> dict[str, set[str]]:
    return {slot.text: {" ".join(alt.tokens) for alt in slot.alternatives}
            for slot in parse(query).slots}


@pytest.mark.parametrize(("query", "verb", "operation"), [
    ("cutting off a toe", "cutting off", "detachment"),
    ("taking the womb out", "taking out", "resection"),
    ("looking inside the bladder", "looking inside", "inspection"),
    ("breaking up a kidney stone", "breaking up", "fragmentation"),
    ("joining the bones of the ankle together", "joining together", "fusion"),
    ("freeing the trapped nerve", "freeing", "release"),
    ("fusing the bones", "fusing", "fusion"),
])
def test_a_lay_verb_reads_as_its_root_operation(query: str, verb: str, operation: str) -> None:
    assert operation in _readings(query)[verb]


def test_part_of_keeps_excision_and_the_whole_resection() -> None:
    part = _readings("removing part of the bowel")
    assert "excision" in part["removing"] and "resection" not in part["removing"]
    assert "part" not in part
    whole = _readings("taking out the whole lung")
    assert "resection" in whole["taking out"] and "excision" not in whole["taking out"]
    both = _readings("removing the bladder")  # unsaid: both stay
    assert {"resection", "excision"} <= both["removing"]
    # a growth cut out of a part is an Excision of the part, and tissue, not matter
    growth = _readings("cutting out fibroids from the womb")["cutting out"]
    assert "excision" in growth and "resection" not in growth
    assert _readings("removing an ovarian cyst")["removing"] & {"resection", "extirpation"} == set()


@pytest.mark.parametrize(("query", "slot", "site"), [
    ("draining fluid from the belly", "fluid from the belly", "peritoneal cavity"),
    ("looking inside the belly with a camera", "belly", "peritoneal cavity"),
    ("drainage of ascites", "ascites", "peritoneal cavity"),
    ("draining fluid from the knee", "fluid from the knee", "knee joint"),  # an effusion of it
    ("burning off a wart", "wart", "skin"),
    ("stitching up a cut", "cut", "skin"),
    ("wart removal", "wart", "skin"),
])
def test_a_region_or_a_lesion_reads_as_the_part_pcs_names(query: str, slot: str,
                                                          site: str) -> None:
    assert site in _readings(query)[slot]


@pytest.mark.parametrize(("query", "slot", "site"), [
    ("belly pain", "belly pain", "peritoneal cavity"),  # no operation: its own readings
    ("wart on my hand", "wart", "skin"),
    ("draining a drain", "draining", "drainage device"),  # a verb of draining is no drain
    # not what an operation is done to: the approach ("through small cuts")
    ("removal of the gallbladder through small cuts", "cuts", "skin"),
])
def test_without_an_operation_the_part_keeps_its_own_readings(query: str, slot: str,
                                                              site: str) -> None:
    assert site not in _readings(query).get(slot, set())


def test_a_camera_alone_is_an_inspection() -> None:
    # ("camera into the knee" is now the lay row "knee scope": a scope is a camera in a phrase)
    assert "inspection endoscopic" in _readings("camera into the shoulder")["camera"]
    # beside another operation it stays that operation's approach
    assert "inspection endoscopic" not in _readings("removing a polyp with a camera")["camera"]


@pytest.mark.parametrize(("query", "operating"), [
    ("removing the womb", True),
    ("stretching the gullet", True),
    ("draining fluid from the knee", True),
    ("my ear is draining", False),  # the "-ing" after what it is of says what that does
    ("ear draining pus", False),
    ("had my womb removed", False),  # what remains: the status
    # a surgical word's parts or its lay reading say the operation
    ("total knee arthroplasty", True),
    ("knee arthroscopy with meniscectomy", True),
    ("spondylolysis of the lumbar spine", False),  # "-lysis" frees, but names a condition
    ("pacemaker battery low", False),  # a device alone is no operation
])
def test_an_operation_said_first_by_its_ing_names_a_procedure(cat: Catalog, query: str,
                                                               operating: bool) -> None:
    parsed = parse(query, engine_for(cat).speller)
    assert names_a_procedure(parsed.slots, parsed.text) is operating


@pytest.mark.parametrize(("query", "prefix"), [
    ("taking the womb out through the vagina", "0UT9"),
    ("camera into the knee", "0SJ"),
    ("cutting off the leg above the knee", "0Y6"),
    ("removing part of the bowel", "0DB"),
])
def test_plain_words_find_the_pcs_code_across_all_systems(cat: Catalog, query: str,
                                                          prefix: str) -> None:
    got = [(h.system, h.code) for h in cat.search(query, limit=3).hits]
    assert any(s == "icd10pcs" and c.startswith(prefix) for s, c in got), got


def test_the_plain_procedure_dev_list_keeps_its_floors(cat: Catalog) -> None:
    # 75 procedures described in plain words, written before the fixes they test, searched
    # across all systems. main before: 26 first, 37 in the first ten; after: 60 and 67. The
    # floors leave room for the meaning model's changes.
    data = ranks(cat, "pcs_dev_plain.tsv")
    first = sum(r == 0 for _, r in data)
    tenth = sum(r is not None for _, r in data)
    missed = [q for q, r in data if r is None]
    assert tenth / len(data) >= 0.85, missed
    assert first / len(data) >= 0.76, (first, missed)


@pytest.mark.parametrize(("query", "code"), [
    ("camera into the bladder", "0TJB8ZZ"),  # a lumen: through its opening
    ("looking inside the windpipe with a camera", "0BJ18ZZ"),
    ("camera into the knee", "0SJC4ZZ"),  # a joint: through a puncture
])
def test_a_scope_alone_goes_in_by_the_way_the_part_is_reached(cat: Catalog, query: str,
                                                            code: str) -> None:
    got = [h.code for h in cat.search(query, systems=["icd10pcs"], limit=2).hits]
    assert got[0] == code, got
