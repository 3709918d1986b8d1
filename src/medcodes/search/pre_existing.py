"""High blood pressure said to be of long standing ("chronic hypertension", "pre-existing high
blood pressure"): outside a pregnancy it is the essential hypertension (I10), within one the
pre-existing hypertension complicating it (O10).

"Chronic" is in no hypertension title but in those of the veins (I87.3 "Chronic venous
hypertension"), so "chronic hypertension" led with I87.309; "pre-existing" is only in the
pregnancy titles, so "pre-existing high blood pressure" led with O11.9. Obstetric language says
"chronic hypertension" for what the O10 titles call "pre-existing".
"""

from __future__ import annotations

import re

from medcodes.search.text import stem, tokens

_HYPERTENSION = r"(?:hypertension|htn|high\s+blood\s+pressure|high\s+bp|hbp)"
_LONG_STANDING = re.compile(
    r"\b(?:chronic|pre-?\s?existing|long-?\s?standing)\s+(" + _HYPERTENSION + r")\b",
    re.IGNORECASE)
# A pregnancy said (stems): the O10 titles' reading.
PREGNANCY = frozenset(stem(w) for w in """
    pregnant pregnancy pregnancies gestation gestational antenatal prenatal antepartum
    trimester childbirth puerperium postpartum obstetric
    """.split())


def pre_existing(query: str) -> str | None:
    """``query`` with long-standing hypertension said as the titles say it, or None."""
    if not _LONG_STANDING.search(query):
        return None
    if PREGNANCY.isdisjoint(stem(w) for w in tokens(query)):
        return _LONG_STANDING.sub(r"\1", query)
    return _LONG_STANDING.sub(r"pre-existing \1", query)
