"""Operations, tests and treatments as patients and families tell them ("they took out my
appendix through a few small cuts", "wart frozen off", "got stitches on my chin", "squint
operation for my daughter"), searched across all systems as the search box does: a surgery
asked for by name, a phrasal verb of what was done, stitches as the repair of the skin, and the
everyday names of treatments (a clot buster, a nerve block, the blue lights)."""

from __future__ import annotations

import pytest

from dev_lists import floors
from medcodes.catalog.reader import Catalog
from medcodes.search.procedure_intent import asks_for_procedure, names_a_procedure
from medcodes.search.query import parse


def _pcs_within(cat: Catalog, query: str, prefix: str, within: int = 1) -> None:
    """The query's first ``within`` hits across all systems hold an ICD-10-PCS code under
    ``prefix``."""
    got = [(h.system, h.code) for h in cat.search(query, limit=within).hits]
    assert any(s == "icd10pcs" and c.startswith(prefix) for s, c in got), got


@pytest.mark.parametrize(("query", "operating"), [
    ("sinus surgery", True),
    ("squint operation for my daughter", True),
    ("keyhole op on my gallbladder", True),
    # said as the time of something else, what it is for, or a syndrome's name, no operation
    ("numbed for my op", False),
    ("pain after surgery", False),
    ("cleared for an operation", False),
    ("infection since my op", False),
    ("failed back surgery syndrome", False),
])
def test_a_surgery_asked_for_by_name_names_a_procedure(query: str, operating: bool) -> None:
    assert names_a_procedure(parse(query).slots, query) is operating


def test_names_a_procedure_is_remembered_for_the_slots_as_they_are() -> None:
    # Asked of one query by the word ranking, the re-rank, the hybrid and organ_said: the
    # answer is kept by the query and its slots, so slots changed between asks ask again.
    query = "keyhole op on my gallbladder"
    slots = parse(query).slots
    assert names_a_procedure(slots, query) and names_a_procedure(slots, query)
    assert not names_a_procedure([s for s in slots if s.text == "gallbladder"], query)


@pytest.mark.parametrize(("query", "prefix"), [
    ("got stitches on my chin", "0HQ1"),  # Repair Face Skin
    ("stitches in my arm", "0HQ"),
    ("wart frozen off", "0H5"),  # Destruction of Skin
    ("tattoo lasered off", "0H5"),
    ("fat sucked out of my belly", "0JD8"),  # Extraction of Abdomen Subcutaneous Tissue
    ("nerve block for pain", "3E0T3BZ"),  # anesthetic into peripheral nerves
    ("undescended testicle brought down", "0VS"),  # orchiopexy
    ("womb scraped", "0UDB"),  # D&C
    ("kneecap popped back into place", "0QSD"),  # Reposition Right Patella
    ("doctor turned the baby from the outside", "10S0"),  # external version
    ("ears pinned back", "090"),  # Alteration of External Ear (otoplasty)
    ("punch biopsy of a rash on my arm", "0HB"),  # Excision of Skin
    ("surgery for my hiatus hernia", "0BQT"),  # Repair Diaphragm
    ("scope of my bowel", "0DJD8"),  # a bowel scope: Inspection of Lower Intestinal Tract
    ("camera up my back passage", "0DJD8"),
    ("detached retina fixed", "08Q"),  # Repair Retina
    ("stone taken out of my salivary gland", "0CC"),  # Extirpation of Matter
    ("stye removed", "08B"),  # a growth cut out: Excision of Eyelid, not its Resection
])
def test_what_was_done_in_everyday_words_leads_with_its_pcs_code(cat: Catalog, query: str,
                                                                 prefix: str) -> None:
    _pcs_within(cat, query, prefix)


def test_a_finger_sewn_back_on_is_reattached(cat: Catalog) -> None:
    _pcs_within(cat, "finger sewn back on after the accident", "0XM", within=3)


def test_a_skin_tag_snipped_off_is_cut_away(cat: Catalog) -> None:
    _pcs_within(cat, "skin tag snipped off", "0HB", within=3)  # Excision of Skin


@pytest.mark.parametrize(("query", "kept", "gone"), [
    # the reason after "for" goes when the words before it say the operation and its part
    ("breast removed for cancer", "breast removed", "cancer"),
    ("hip replacement for arthritis", "hip replacement", "arthritis"),
    # and when the reason names a part only inside a condition (search/reason_sites.py): the
    # ureter is where the stent goes, the kidney stone why
    ("stent in my ureter for a kidney stone", "stent", "kidney stone"),
    # kept when the reason says an operation or a part of its own, or nothing before it does
    ("craniotomy for evacuation of subdural hematoma", "evacuation", ""),
    ("stent graft for my aortic aneurysm", "aneurysm", ""),
    ("surgery for carpal tunnel", "surgery for carpal tunnel", ""),
])
def test_what_an_operation_is_for_is_not_searched(query: str, kept: str, gone: str) -> None:
    said = {slot.text for slot in parse(query).slots}
    assert kept in said, said
    assert not gone or gone not in said, said


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.24, 0.41), ("hybrid", 0.31, 0.56)])
def test_operations_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # Measured (of 129) words 34 first and 57 in ten, hybrid 44 and 76; main before this work:
    # words 23 and 40, hybrid 30 and 57.
    floors(cat, "operations_dev.tsv", at1, at10, mode=mode)


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.38, 0.48), ("hybrid", 0.42, 0.67)])
def test_operations_dev2_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # Measured (of 87) words 35 first and 44 in ten, hybrid 39 and 61; main before this work:
    # words 25 and 33, hybrid 29 and 51.
    floors(cat, "operations_dev2.tsv", at1, at10, mode=mode)


def test_an_operation_reported_in_the_past_asks_for_procedures_in_the_meaning_list_too(
        cat: Catalog) -> None:
    # "had" reads as the past, so the query names no procedure, but it reports one that left
    # nothing to live with: the hybrid's meaning list searches the procedure systems too, and
    # the condition (K62.3 Rectal prolapse) no longer leads.
    query = "had a prolapse repair"
    slots = parse(query).slots
    assert not names_a_procedure(slots, query) and asks_for_procedure(slots, query)
    assert asks_for_procedure(parse("hernia op").slots, "hernia op")
    assert not asks_for_procedure(parse("had a prolapse").slots, "had a prolapse")
    first = cat.search(query, limit=1).hits[0]
    assert first.system in ("icd10pcs", "icd9pcs"), first


@pytest.mark.parametrize(("query", "out"), [
    ("spleen out after the crash", True),
    ("getting my ovaries out", True),
    ("kidney out", True),
    # a verb of its own before the organ, or "out of", is no operation
    ("cried my heart out", False),
    ("eye out of its socket", False),
])
def test_an_organ_said_with_out_reads_as_taken_out(query: str, out: bool) -> None:
    read = any(alt.tokens == ("resection",) and alt.kind == "procedure"
               for slot in parse(query).slots if slot.text == "out" for alt in slot.alternatives)
    assert read is out


def test_an_organ_said_with_out_leads_with_its_resection(cat: Catalog) -> None:
    _pcs_within(cat, "spleen out after the crash", "07TP")  # Resection of Spleen


@pytest.mark.parametrize(("query", "prefix"), [
    ("pacemaker fitted last month", "0JH6"),  # Insertion of Pacemaker into Chest
    ("stent put in my bile duct", "0F79"),  # Dilation of Common Bile Duct
])
def test_a_device_fitted_or_put_in_is_the_insertion(cat: Catalog, query: str,
                                                   prefix: str) -> None:
    _pcs_within(cat, query, prefix)


def test_a_device_the_person_has_fitted_is_still_its_status(cat: Catalog) -> None:
    # "fitted" alone says the fitting; "I have" and "had" still say the device lives on.
    for query in ("I have a pacemaker fitted", "had a pacemaker fitted"):
        assert cat.search(query, limit=1).hits[0].code == "Z95.0", query


def test_a_stent_fitted_is_a_dilation_with_it() -> None:
    fitted = next(s for s in parse("stent fitted in my heart").slots if s.text == "fitted")
    assert ("dilation",) in {alt.tokens for alt in fitted.alternatives}


@pytest.mark.parametrize(("query", "operating"), [
    ("abscess on my thigh lanced", True),
    ("abscess on my tooth drained", True),
    ("cyst drained", True),
    ("I feel drained", False),
    ("ear drained", False),
])
def test_what_a_needle_or_cut_lets_out_drained_names_a_procedure(query: str,
                                                                 operating: bool) -> None:
    assert names_a_procedure(parse(query).slots, query) is operating


@pytest.mark.parametrize(("query", "prefix"), [
    ("hole in my eardrum patched", "09Q"),  # Repair Tympanic Membrane, not H72.9
    ("keyhole surgery to look for endometriosis", "0U"),  # not N80.9
])
def test_a_named_operation_leads_over_the_condition_it_mends(cat: Catalog, query: str,
                                                             prefix: str) -> None:
    _pcs_within(cat, query, prefix)


def test_a_search_in_diagnoses_only_is_not_lowered_by_a_procedure_reading(cat: Catalog) -> None:
    # "bal" reads as BAL (bronchoalveolar lavage), a procedure; searched in ICD-10-CM alone,
    # every code would drop alike and the word ranking look less sure than it is.
    got = cat.search("Mixed acid-base bal dis", limit=1, systems=["icd10cm"]).hits
    assert got[0].code == "E87.4", got


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.39, 0.6), ("hybrid", 0.45, 0.7)])
def test_operations_dev3_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # Measured (of 61) words 27 first and 39 in ten, hybrid 29 and 46; main before this work:
    # words 22 and 34, hybrid 25 and 41.
    floors(cat, "operations_dev3.tsv", at1, at10, mode=mode)



@pytest.mark.parametrize(("query", "prefix", "within"), [
    ("had my bunion done", "0QB", 1),  # Excision of Metatarsal: the row "bunion surgery"
    ("had my carpal tunnel done", "01N5", 1),  # Release Median Nerve
    ("cataracts done in both eyes", "08D", 1),  # Extraction of Lens
    ("squint op", "08S", 3),  # Reposition Extraocular Muscle: the row "squint surgery"
    ("reflux surgery", "0DV4", 1),  # Restriction of Esophagogastric Junction (fundoplication)
    ("varicose vein op", "06D", 1),  # Extraction of Saphenous Vein (stripping)
])
def test_an_operation_named_by_the_condition_it_treats(cat: Catalog, query: str, prefix: str,
                                                      within: int) -> None:
    # same_words.tsv: an op, an operation and a thing "done" are surgery inside a lay phrase.
    _pcs_within(cat, query, prefix, within)


@pytest.mark.parametrize("query", ["had my hair done", "blood tests done"])
def test_done_reads_as_surgery_only_inside_a_lay_phrase(query: str) -> None:
    assert not [e for e in parse(query).expansions if e["kind"] == "lay"]


@pytest.mark.parametrize(("query", "prefix"), [
    ("replacing the cloudy lens in my left eye", "08RK"),  # cataract -> Lens
    ("surgery to release the trapped nerve in my wrist", "01N5"),  # carpal tunnel -> Median Nerve
    ("tight foreskin removed", "0VT"),  # phimosis -> Prepuce
    ("hydrocephalus shunt", "0016"),  # Bypass Cerebral Ventricle
    ("squint corrected", "08Q"),  # "corrected" mends as "fixed" does: Repair Extraocular Muscle
])
def test_a_condition_beside_its_operation_reads_as_the_part_operated_on(cat: Catalog, query: str,
                                                                        prefix: str) -> None:
    _pcs_within(cat, query, prefix)


def test_a_hammer_toe_straightened_is_no_repair_of_its_joint() -> None:
    # a hammer toe is straightened by a fusion or an excision (77.56), never 0SQ Repair
    slots = parse("hammer toe straightened").slots
    assert ("repair",) not in {alt.tokens for s in slots for alt in s.alternatives}


def test_joining_the_bones_is_a_fusion(cat: Catalog) -> None:
    _pcs_within(cat, "joining the bones of my lower back", "0SG", 3)  # Fusion Lumbar Vertebral


def test_that_is_said_or_not_in_a_lay_phrase() -> None:
    from medcodes.search.vocab import loose_key
    assert loose_key("machine that cleans my blood".split()) == loose_key(
        "blood cleaned by machine".split())


def test_a_boob_is_a_breast_not_a_bomb(cat: Catalog) -> None:
    got = cat.search("lump in my boob", limit=1).hits
    assert got[0].code.startswith("N63"), got


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.40, 0.50), ("hybrid", 0.51, 0.70)])
def test_operations_dev4_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # Measured (of 79) words 33 first and 41 in ten, hybrid 42 and 57 (ops18: 29/37, 38/51;
    # ops18b read parts taken off, fluid taken and no more children); the base (a131e91):
    # words 22 and 27, hybrid 25 and 39.
    floors(cat, "operations_dev4.tsv", at1, at10, mode=mode)


@pytest.mark.parametrize(("query", "prefix"), [
    ("hole made in my windpipe so he can breathe", "0B11"),  # Bypass Trachea to Cutaneous
    ("opening made in my bowel for a bag", "0D1"),  # Bypass Intestine to Cutaneous
])
def test_a_hole_made_in_an_organ_is_its_ostomy(cat: Catalog, query: str, prefix: str) -> None:
    _pcs_within(cat, query, prefix)


@pytest.mark.parametrize("query", ["hole in my eardrum", "cut my hand making dinner",
                                   "cut my finger opening a can"])
def test_a_hole_or_a_cut_found_is_no_ostomy(query: str) -> None:
    slots = parse(query).slots
    assert ("bypass", "cutaneous") not in {alt.tokens for s in slots for alt in s.alternatives}


@pytest.mark.parametrize(("query", "prefix"), [
    ("had a breast taken off", "0HT"),  # Resection of Breast
    ("both breasts off", "0HTV"),  # Resection of Bilateral Breast
    ("surgeon took his toe off", "0Y6"),  # Detachment, of a limb only
])
def test_a_part_taken_off_is_its_removal(cat: Catalog, query: str, prefix: str) -> None:
    _pcs_within(cat, query, prefix, within=10)


@pytest.mark.parametrize("query", ["taken off warfarin before surgery",
                                   "came off the ventilator", "fell off a ladder"])
def test_off_without_a_part_is_no_removal(query: str) -> None:
    readings = {alt.tokens for s in parse(query).slots for alt in s.alternatives}
    assert not readings & {("resection",), ("detachment",)}, readings


@pytest.mark.parametrize(("query", "prefix"), [
    ("fluid taken from my spine", "009U"),  # Drainage of Spinal Canal, a spinal tap
    ("fluid drawn from my hip joint", "0S9"),  # Drainage of Hip Joint
])
def test_a_fluid_taken_is_a_drainage(cat: Catalog, query: str, prefix: str) -> None:
    _pcs_within(cat, query, prefix, within=3)


def test_fluid_kept_is_no_drainage() -> None:
    readings = {alt.tokens for s in parse("fluid retention in my legs").slots
                for alt in s.alternatives}
    assert ("drainage",) not in readings


def test_the_forearm_is_the_pcs_lower_arm(cat: Catalog) -> None:
    _pcs_within(cat, "skin graft on my forearm", "0HR", within=10)  # Lower Arm Skin (D/E)


@pytest.mark.parametrize(("query", "prefix"), [
    ("operation so I can't have any more babies", "0UL7"),  # tubes tied
    ("the snip so he can't have more children", "0VL"),  # a man's: vasectomy
])
def test_no_more_children_is_a_sterilisation(cat: Catalog, query: str, prefix: str) -> None:
    _pcs_within(cat, query, prefix, within=3)


def test_cannot_get_pregnant_alone_is_infertility() -> None:
    readings = {alt.tokens for s in parse("I can't get pregnant").slots for alt in s.alternatives}
    assert ("occlusion", "bilateral", "fallopian", "tubes") not in readings


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.42, 0.55), ("hybrid", 0.46, 0.68)])
def test_operations_dev5_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # Measured (of 59) words 26 first and 34 in ten, hybrid 28 and 41; on ops18 (its parent)
    # words 16 and 21, hybrid 17 and 30; the base (a131e91) words 13 and 16, hybrid 15 and 27.
    floors(cat, "operations_dev5.tsv", at1, at10, mode=mode)
