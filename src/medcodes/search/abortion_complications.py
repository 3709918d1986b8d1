"""An abortion said with its complication, its completeness or its kind, as coders and ICD-9-CM's
short titles shorten them ("Spon ab w pelv damag-inc", "Illeg ab w met dis-unsp", "Leg abor w
pelv inf-unsp", "Attempted abort uncompl", "SAB incomplete w renal failure", "TAB complicated by
metabolic disorder"). ICD-10-CM files the complication first and the abortion after it ("Renal
failure following incomplete spontaneous abortion", O03-O07), and never says 'ab', 'pelv
damag', 'met dis' or 'uncompl'; read as words, 'inc' was 'including', 'leg' a leg and 'met dis'
found displaced fractures. Such a query, made only of those things and small words, is restated
in the titles' words, and what it leaves unsaid takes the index's default: an abortion not said
induced or attempted is spontaneous (Abortion (complete) (spontaneous) O03.9), one not said
incomplete is 'complete or unspecified', a complication said NEC is the 'other complications'
code and one said NOS or bare the 'unspecified complication' code. An induced abortion said
uncomplicated is left alone (the encounter for its termination, Z33.2), and so is anything
else said beside it (threatened, missed, habitual, a history, counselling). The restatement
never says 'and' (comorbid.py searches a query's halves joined by it)."""

from __future__ import annotations

import re

from medcodes.search.text import tokens

SPONTANEOUS, INDUCED, FAILED = "spontaneous", "induced", "failed"
KINDS: dict[str, str] = {
    **dict.fromkeys("spon spont spontaneous miscarriage miscarried miscarry sab".split(),
                    SPONTANEOUS),
    **dict.fromkeys("leg legal legally illeg illegal illegally induced elective therapeutic "
                    "tab eab medical".split(), INDUCED),
    **dict.fromkeys("attempted attem attemp attempt failed".split(), FAILED),
}
# A query with none of these answers at once (most queries; tokenizing costs more).
_CUE = re.compile(r"\b(?:ab\b|abor|miscarr|sab\b|tab\b|eab\b|termination)")
# Words that say an abortion; 'ab' only beside its kind or 'NOS' ('Ab NOS w ...').
ABORTION = frozenset("abortion abort abor aborted abortions termination miscarriage "
                     "miscarried miscarry sab tab eab".split())
INCOMPLETE = frozenset("inc incompl incomplete".split())
COMPLETE = frozenset("comp complete completed".split())

# Each complication's words and the titles' words for it (O03.0-O03.38's order).
INFECTION, UTI, SEPSIS = "genital tract pelvic infection", "urinary tract infection", "sepsis"
HEMORRHAGE = "delayed or excessive hemorrhage"
DAMAGE, RENAL, METABOLIC = "damage to pelvic organs", "renal failure", "metabolic disorder"
SHOCK, EMBOLISM, ARREST = "shock", "embolism", "cardiac arrest"
VENOUS = "other venous complications"
COMPLICATIONS: dict[str, str] = {
    **dict.fromkeys("inf infect infection infected endometritis salpingitis parametritis "
                    "pid".split(), INFECTION),
    **dict.fromkeys("uti urinary urin".split(), UTI),
    **dict.fromkeys("sepsis septic septicemia septicaemia".split(), SEPSIS),
    **dict.fromkeys("hemorr hemorrhage haemorrhage hem hmrhg bleeding bleed "
                    "afibrinogenemia".split(), HEMORRHAGE),
    **dict.fromkeys("damag damage perforation perforated".split(), DAMAGE),
    **dict.fromkeys("ren renal kidney aki oliguria anuria".split(), RENAL),
    **dict.fromkeys("metab metabolic met electrolyte".split(), METABOLIC),
    "shock": SHOCK,
    **dict.fromkeys("embol embolism emb embolus".split(), EMBOLISM),
    **dict.fromkeys("cardiac arrest".split(), ARREST),
    "venous": VENOUS,
}
COMPLICATION = frozenset("compl complic complication complications complicated cmp".split())
OTHER = frozenset("nec oth other".split())
UNCOMPLICATED = frozenset("uncompl uncomplicated".split())
NEGATION = frozenset("without wo no".split())
# Words that add nothing past the kind, completeness and complication.
FILLER = frozenset("""
    w with following after and by of the to due nos unsp unspec unspecified pel pelv pelvic organ organs
    org tissue tissues genital tract delayed or excessive heavy acute fail failure dis disorder
    disturbance imbalance pregnancy ab o
    """.split())


def abortion_complication(query: str) -> str | None:
    """The O03-O07 titles' words for an abortion said with its complication, completeness or
    kind in shorthand (see the module), else None."""
    if _CUE.search(query.lower()) is None:
        return None
    words = tokens(query)
    said = set(words)
    if said.isdisjoint(ABORTION) and not ("ab" in said and (
            "nos" in said or not said.isdisjoint(KINDS))):
        return None
    known = ABORTION | KINDS.keys() | INCOMPLETE | COMPLETE | COMPLICATIONS.keys() | (
        COMPLICATION | OTHER | UNCOMPLICATED | NEGATION | FILLER)
    if len(words) > 12 or not said <= known:
        return None
    kinds = {KINDS[w] for w in words if w in KINDS}
    if len(kinds) > 1:
        kinds.discard(INDUCED)  # a failed attempted termination is induced and failed
    if len(kinds) > 1:
        return None
    # Unsaid, the index's default: spontaneous, or induced for a termination.
    kind = kinds.pop() if kinds else INDUCED if "termination" in said else SPONTANEOUS
    found = {COMPLICATIONS[w] for w in words if w in COMPLICATIONS}
    if UTI in found:
        found.discard(INFECTION)
    if len(found) > 1:
        return None
    uncomplicated = not said.isdisjoint(UNCOMPLICATED) or (
        not said.isdisjoint(NEGATION) and not said.isdisjoint(COMPLICATION))
    complicated = not said.isdisjoint(COMPLICATION) and not uncomplicated
    incomplete = not said.isdisjoint(INCOMPLETE)
    if not (found or complicated or uncomplicated or incomplete or not said.isdisjoint(COMPLETE)):
        return None  # an abortion said alone, or with its kind only, is read as typed
    if found and uncomplicated:
        return None
    if kind == INDUCED and uncomplicated:
        return None
    abortion = {SPONTANEOUS: ("incomplete" if incomplete else "complete or unspecified")
                + " spontaneous abortion",
                INDUCED: "induced termination of pregnancy",
                FAILED: "failed attempted termination of pregnancy"}[kind]
    if found:
        return f"{found.pop()} following {abortion}"
    if complicated:
        other = not said.isdisjoint(OTHER)
        return f"{abortion} with {'other' if other else 'unspecified'} complications"
    return f"{abortion} without complication"
