"""Operations inside the arteries of the brain (search/brain_arteries.py): a coil or a flow
diverter beside an aneurysm is the Restriction or Occlusion of the artery with an Intraluminal
Device, not the contraceptive coil, and a clot taken out of a brain artery (or for a stroke)
the Percutaneous Extirpation of Matter from the Intracranial Artery, on the real catalog."""

from __future__ import annotations

import pytest

from dev_lists import readings
from medcodes.catalog.reader import Catalog


def _codes(cat: Catalog, query: str, within: int) -> list[str]:
    return [h.code for h in cat.search(query, limit=within).hits]


@pytest.mark.parametrize("query", [
    "endovascular coiling of a cerebral aneurysm",
    "coil embolization of basilar tip aneurysm",  # the place on the sac no word to search
    "brain aneurysm coiled through the groin",  # nor the way in
])
def test_a_coiled_aneurysm_is_an_intraluminal_device_in_the_intracranial_artery(
        cat: Catalog, query: str) -> None:
    assert _codes(cat, query, 1)[0] in ("03VG3DZ", "03LG3DZ")


def test_a_flow_diverter_for_a_brain_aneurysm(cat: Catalog) -> None:
    assert _codes(cat, "flow diverter for a brain aneurysm", 1) == ["03VG3HZ"]


def test_a_coil_without_an_aneurysm_is_still_the_contraceptive_coil(cat: Catalog) -> None:
    assert ("intrauterine", "contraceptive", "device") in readings(cat, "coil")
    assert ("intrauterine", "contraceptive", "device") not in readings(
        cat, "coiling of brain aneurysm")
    assert _codes(cat, "coil fitted", 2)[1].startswith("0UH9")  # Insertion into Uterus


@pytest.mark.parametrize("query", [
    "mechanical thrombectomy for stroke",
    "clot pulled out of an artery in my brain",
    "mechanical thrombectomy of the middle cerebral artery",
])
def test_a_clot_taken_out_of_a_brain_artery(cat: Catalog, query: str) -> None:
    assert _codes(cat, query, 1)[0].startswith("03CG3")  # Percutaneous, Intracranial Artery


def test_a_clot_in_the_brain_said_with_no_operation_stays_a_condition(cat: Catalog) -> None:
    assert not _codes(cat, "stroke from a clot in the brain", 1)[0].startswith("03C")
