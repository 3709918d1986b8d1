"""Waters broken by a midwife or a doctor ("the midwife broke my waters", "having my waters
broken to start labour", "breaking the waters to induce"), restated as the artificial rupture of
membranes.

"My waters broke" is the membranes rupturing of themselves (O42, the lay row "waters broke");
same_words.tsv makes "broke" and "broken" one word, so a row cannot tell it from waters a person
broke. The story tells it: someone who breaks them (a midwife, a doctor, "they"), the waters had
or got broken ("having my waters broken"), "the waters" broken as an act ("breaking the
waters"), or why (to induce, to start or speed up labour). ICD-9-CM names the operation so (73.0
"Artificial rupture of membranes", 73.01 for an induction); ICD-10-PCS's is the Drainage of
Amniotic Fluid, Therapeutic, which the restated words find beside them. The rest of the query is
kept, less the one who broke them, whom no title names."""

from __future__ import annotations

import re

_BREAK = r"(?:break(?:s|ing)?|broke|broken|burst(?:ing)?|ruptur(?:e|ed|es|ing))"
_WATERS = r"(?:waters?|membranes|bag\s+of\s+waters?|forewaters)"
_WHOSE = r"(?:(?:my|her|your|their|the|mum's|wife's|partner's)\s+)?"
# The waters and their breaking, the verb first ("broke my waters") or after ("waters broken").
_BROKE_WATERS = re.compile(rf"\b{_BREAK}\s+{_WHOSE}{_WATERS}\b", re.IGNORECASE)
_WATERS_BROKEN = re.compile(
    rf"\b{_WHOSE}{_WATERS}\s+(?:(?:were|was|being|been|got|get|getting)\s+)?{_BREAK}\b",
    re.IGNORECASE)
# Who broke them: said before the verb ("the midwife broke my waters"), or after "by".
_WHO = (r"(?:midwi(?:fe|ves)|doctors?|dr|obstetrician|consultant|registrar|nurses?"
        r"|amni-?hook|hook)")
_AGENT_BEFORE = re.compile(rf"\b(?:{_WHO}|they)\b", re.IGNORECASE)
_BY = re.compile(rf"\b(?:by|with)\s+(?:the\s+|a\s+|an\s+|my\s+)?{_WHO}\b", re.IGNORECASE)
# Had or got broken: done to the mother ("having my waters broken").
_HAD = re.compile(
    rf"\b(?:had|have|having|get|getting|got|need(?:s|ed)?|going\s+to)\s+{_WHOSE}{_WATERS}\s+"
    rf"(?:\w+\s+)?{_BREAK}\b", re.IGNORECASE)
# "The waters" broken as an act, and what for: an induction, a labour started or sped up.
_ACT = re.compile(rf"\b{_BREAK}\s+(?:the|her)\s+{_WATERS}\b", re.IGNORECASE)
_WHY = re.compile(r"\b(?:induc\w*|(?:start|speed|get|move|hurry)\w*\s+(?:up\s+)?(?:my\s+|the\s+|"
                  r"her\s+)?(?:labou?r|things)|augment\w*)\b", re.IGNORECASE)
_ARM = "artificial rupture of membranes"


def waters_broken(query: str) -> str | None:
    """``query`` with waters a person broke said as the artificial rupture of membranes, or
    None."""
    first = _BROKE_WATERS.search(query)
    after = _WATERS_BROKEN.search(query)
    span = first or after
    if span is None:
        return None
    done = (_BY.search(query) or _HAD.search(query) or _ACT.search(query) or _WHY.search(query)
            or (first is not None and _AGENT_BEFORE.search(query[:first.start()])))
    if not done:
        return None
    told = f"{query[:span.start()]}{_ARM}{query[span.end():]}"
    told = _BY.sub(" ", told)
    told = re.sub(rf"\b(?:{_WHO}|they|the|had|have|having|get|getting|got|did|do)\b(?!\s+of)",
                  " ", told, flags=re.IGNORECASE)
    return " ".join(told.split()) or None
