"""A pelvic organ's condition said of a pregnancy ("fibroid uterus antepartum", "Uterine
tumor-antepartum", "retroverted uterus in pregnancy", "Abnorm vagina-delivered"): ICD-10-CM
files it as maternal care for the abnormality (O34, the index's 'Pregnancy, complicated by,
tumor, uterus O34.1-; retroversion, uterus O34.53-; abnormal, vagina O34.6-'), and those titles
never say fibroid, retroverted or the episode; read as words the organ's own codes led (D25.9,
N85.4) or the episode's (O46 Antepartum hemorrhage). Such a query, made only of the organ, its
condition, the pregnancy and its time, is restated in O34's words, the pregnancy and time words
kept for the trimester readings (:mod:`.trimesters`). A scar, an incompetent cervix or a
malformation said otherwise is left to the words, which find them."""

from __future__ import annotations

import re

from medcodes.search.text import tokens

UTERUS = frozenset("uterus uterine womb uteri".split())
# The organ's condition, the organ it needs said beside it (or None) and O34's words for it.
CONDITIONS: tuple[tuple[frozenset[str], frozenset[str] | None, str], ...] = (
    (frozenset("fibroid fibroids leiomyoma leiomyomas myoma fibromyoma".split()), None,
     "benign tumor of corpus uteri"),
    (frozenset("tumor tumour tumors neoplasm".split()), UTERUS, "benign tumor of corpus uteri"),
    (frozenset("retrovert retroverted retroversion retroflexed retroflexion".split()), None,
     "retroversion of gravid uterus"),
    (frozenset("incarcerated incarceration".split()), UTERUS, "incarceration of gravid uterus"),
    (frozenset("prolapse prolapsed".split()), UTERUS, "prolapse of gravid uterus"),
    (frozenset("abnorm abnormal abnormality".split()), frozenset("vagina vaginal".split()),
     "abnormality of vagina"),
    (frozenset("abnorm abnormal abnormality".split()),
     frozenset("vulva vulvar perineum perineal".split()), "abnormality of vulva perineum"),
    (frozenset("abnorm abnormal abnormality".split()), UTERUS,
     "other abnormalities of gravid uterus"),
)
ORGANS = UTERUS | frozenset("vagina vaginal vulva vulvar perineum perineal".split())
# Words that say the pregnancy's time (kept in the restatement), and the pregnancy itself.
TIME = frozenset("""
    antepartum antepart antepar antenatal prenatal delivered deliv deliver trimester tri 1st
    2nd 3rd first second third
    """.split())
# An ordinal alone says no pregnancy ('fibroid uterus, 2nd opinion').
PREGNANCY = (TIME - frozenset("1st 2nd 3rd first second third".split())) | frozenset(
    "pregnancy pregnant preg gravid gestation".split())
FILLER = frozenset("in of the with w during nos unsp unspec unspecified complicating "
                   "maternal care for".split())


# A query saying no pregnancy or none of the conditions' stems answers at once (most queries;
# tokenizing costs more).
_CUE = re.compile(r"fibro|myom|tumo|neoplasm|retro[vf]|incarcerat|prolaps|abnorm")
_PREGNANT = re.compile(r"preg|gravid|gestat|ante|natal|deliv|tri")


def gravid_organ(query: str) -> str | None:
    """O34's words for a pelvic organ's condition said of a pregnancy (see the module), else
    None."""
    low = query.lower()
    if _PREGNANT.search(low) is None or _CUE.search(low) is None:
        return None
    words = tokens(query)
    said = set(words)
    if said.isdisjoint(PREGNANCY) or len(words) > 10:
        return None
    found = [title for kind, organ, title in CONDITIONS
             if not said.isdisjoint(kind) and (organ is None or not said.isdisjoint(organ))]
    if len(found) != 1:
        return None
    known = ORGANS | TIME | PREGNANCY | FILLER | frozenset().union(*(k for k, _, _ in CONDITIONS))
    if not said <= known:
        return None
    time = " ".join(w for w in words if w in TIME)
    return f"maternal care for {found[0]} {time}".strip()
