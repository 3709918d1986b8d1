"""A burn's limb, chemical, degree and missing site said as coders and clinicians say them, read
as the burn titles say them (session 27, search/burn_sites.py); the queries of
tests/data/injury27_dev.tsv that say a burn are its development rows."""

from __future__ import annotations

import pytest

from dev_lists import rank_of
from medcodes.catalog.reader import Catalog
from medcodes.search.burn_sites import burn_restated


def test_the_restatements() -> None:
    assert burn_restated("1st deg burn arm-mult") == "first degree burn upper limb mult"
    assert burn_restated("burn of both legs") == "burn of both lower limb"
    assert burn_restated("chemical burn of eyelid") == "corrosion of eyelid"
    assert burn_restated("3rd brn w loss-trunk NOS") == "3rd burn trunk nos"
    assert burn_restated("Deep 3 deg burn thumb") == "third degree burn thumb"
    assert burn_restated("burn NOS") == "burn of unspecified body region"
    # The parts of a limb the titles name, and a restated query, are left as they are.
    for query in ("burn of upper arm", "second degree burn lower leg", "burn of forearm",
                  "burn of unspecified body region", "corrosion of eyelid", "arm pain",
                  "first degree burn of upper limb"):
        assert burn_restated(query) is None, query


@pytest.mark.parametrize(("query", "expected"), [
    ("second degree burn of multiple sites of arm", "icd10cm:T22.299A"),
    ("1st degree burn multiple sites of left leg", "icd10cm:T24.192A"),
    ("3rd degree burn of trunk with loss of tissue", "icd10cm:T21.30XA"),
    ("chemical burn to hand", "icd10cm:T23.4"),
    ("acid burn on forearm", "icd10cm:T22.41"),
    ("burn NOS", "icd10cm:T30.0"),
    ("Burn NOS leg-multiple", "icd10cm:T24.099A"),
])
def test_the_burn_leads_with_its_code(cat: Catalog, query: str, expected: str) -> None:
    assert rank_of(cat, query, expected) == 0
