"""A liveborn infant said with how it was delivered as ICD-9-CM and birth records say it
("Liveborn NOS-hosp w/o cs", "Twin-mate sb-hosp w cs", "single liveborn born in hospital,
vaginal", "newborn twin, C-section"): ICD-10-CM's Z38 codes a birth in hospital by the delivery,
"delivered vaginally" or "delivered by cesarean", where ICD-9-CM said "without (w/o) cesarean
section" or "with (w) cs"; read as words, "w/o cs" and "w cs" said the same, and "hosp"
found the headings "born in hospital". A twin's mate (ICD-9-CM's "mate sb", "mate lb") is no
axis of the infant's own code. A liveborn unsaid to be one of several is single (the index:
Newborn, singleton), and one born in hospital, the delivery unsaid, is delivered vaginally
(the index: Newborn, born in hospital Z38.00). So the delivery is restated as the titles say
it, the hospital and the mate left out."""

from __future__ import annotations

import re

from medcodes.search.text import tokens

# The infant as birth records name it; not "baby", which says the mother's delivery as often
# ("my baby was born by c-section", "caesarean for a breech baby": the operation).
INFANT = frozenset("""liveborn newborn newborns infant neonate singleton""".split())
# A twin or a triplet is the infant when said born (ICD-9-CM's "Twin-mate sb-hosp w cs").
BORN = frozenset({"born", "hosp", "hospital"})
HOSPITAL = frozenset({"hosp", "hospital"})
OUTSIDE = frozenset({"outside", "out", "home", "before", "en", "route", "transit"})
# The mother's delivery (O codes), not the infant's birth.
MOTHER = frozenset("""pregnancy pregnant gestation mother maternal labor labour antepartum
    trimester weeks wks delivery""".split())
SEVERAL = frozenset("""twin twins triplet triplets quadruplet quintuplet multiple""".split())
_CS = r"(?:c\s*/\s*s|cs|c\s*-?\s*section|csection|cesarean|caesarean|cesarian|caesarian)"
_DELIVERED = r"(?:deliver(?:ed|y)\s+)?"
_VAGINAL = re.compile(rf"\b{_DELIVERED}(?:(?:w\s*/\s*o|without|no|not\s+by)\s+{_CS}\b|"
                      r"n?s?vd\b|vaginal(?:ly)?\b(?:\s+deliver(?:y|ed))?)", re.IGNORECASE)
_CESAREAN = re.compile(rf"\b{_DELIVERED}(?:(?:w|with|by|via)\s*/?\s*)?{_CS}\b"
                       r"(?:\s+deliver(?:y|ed))?", re.IGNORECASE)
# Said beside the delivery, not of the infant's code: the hospital, a twin's mate.
_AWAY = re.compile(r"\b(?:(?:born\s+)?in\s+(?:the\s+)?(?:hosp|hospital)|hosp|hospital|"
                   r"mate\s+(?:sb|lb|stillborn|liveborn|nos)|mate)\b", re.IGNORECASE)
_CUES = ("born", "newborn", "infant", "neonate", "twin", "triplet", "quadruplet",
         "quintuplet", "singleton", "single")


def liveborn_delivered(query: str) -> str | None:
    """The query with a liveborn's delivery said as Z38's titles say it (see the module),
    else None."""
    low = query.lower()
    if not any(c in low for c in _CUES):
        return None  # most queries: no infant said
    said = set(tokens(query))
    infant = (not INFANT.isdisjoint(said) or "live born" in low
              or (not SEVERAL.isdisjoint(said) and not BORN.isdisjoint(said)))
    if not infant:
        return None
    if not MOTHER.isdisjoint(said):
        return None
    vaginal = _VAGINAL.search(query)
    cesarean = None if vaginal else _CESAREAN.search(query)
    found = vaginal or cesarean
    if found is None:
        # Born in hospital, the delivery unsaid: the index's default, vaginally (Newborn, born
        # in hospital Z38.00; by cesarean Z38.01); born outside it is Z38.1's own.
        if not infant or HOSPITAL.isdisjoint(said) or not OUTSIDE.isdisjoint(said):
            return None
        text = f"{query} delivered vaginally"
    else:
        delivery = "delivered vaginally" if vaginal else "delivered by cesarean"
        text = f"{query[:found.start()]} {delivery} {query[found.end():]}"
    text = _AWAY.sub(" ", text)
    words = tokens(text)
    if SEVERAL.isdisjoint(words) and "single" not in words:
        words = ["single", *words]
    return " ".join(w for w in words if w not in ("nos", "unspecified", "unsp"))
