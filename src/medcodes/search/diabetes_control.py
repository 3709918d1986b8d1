"""Diabetes said by its abbreviation with how badly it is controlled ("dm2 uncontrolled",
"t2dm poorly controlled", "dm ii uncontrolled"): the index reads uncontrolled diabetes as
diabetes with hyperglycemia ("Diabetes, uncontrolled - meaning hyperglycemia"), and the lay
table already says so of "uncontrolled diabetes" in words; after an abbreviation the phrase is
never formed, so E11.8 and the bare E10/E13 categories led. Such a query, made only of the
abbreviation, a type and the control words, is restated as the type's diabetes with
hyperglycemia. ICD-9-CM's short titles clip the control words ("DMI wo cmp uncntrld") and say
"without complication" beside them, which is no complication to code (E10.65 alone); their "nt
st uncntrld" (not stated as uncontrolled) is no control said.
"""

from __future__ import annotations

from functools import cache

from medcodes.search.text import query_tokens
from medcodes.search.vocab import vocabulary

# Words that say the diabetes is not under control (all of one group must be said).
UNCONTROLLED = (("uncontrolled",), ("poorly", "controlled"), ("badly", "controlled"),
                ("not", "controlled"), ("out", "of", "control"), ("not", "under", "control"),
                ("uncntrld",), ("uncntrl",), ("uncntr",), ("uncontrld",))
# "Not stated as uncontrolled" ("nt st uncntrld"): the control words deny no control.
NOT_STATED = (("nt", "st"), ("not", "stated"))
# "Without complication(s)" ("wo cmp"; "w/o" is read as "without"): nothing more to code.
NO_COMPLICATION = frozenset("without wo no cmp comp complication complications".split())
# A type said beside a bare "dm": the type's number.
TYPES = {"1": "1", "i": "1", "2": "2", "ii": "2"}
OTHER = frozenset("type diabetes mellitus with".split())


@cache
def _diabetes_abbreviations() -> dict[str, str]:
    """Each one-word abbreviation whose only reading is a diabetes mellitus, and that
    reading ("dm2": "type 2 diabetes mellitus")."""
    out: dict[str, str] = {}
    for key, values in vocabulary().abbreviations.items():
        if len(key) == 1 and len(values) == 1 and values[0].endswith("diabetes mellitus"):
            out[key[0]] = values[0]
    return out


def uncontrolled_diabetes(query: str) -> str | None:
    """The query restated as its type's diabetes with hyperglycemia (see the module), else
    None."""
    words = query_tokens(query)
    said = _diabetes_abbreviations()
    named = [said[w] for w in words if w in said]
    if len(named) != 1:  # most queries: no control words need looking for
        return None
    control = next((g for g in UNCONTROLLED if _has_run(words, g)), None)
    if control is None or any(_has_run(words, g) for g in NOT_STATED):
        return None
    rest = [w for w in words if w not in said and w not in control and w not in OTHER
            and w not in NO_COMPLICATION]
    if any(w not in TYPES for w in rest) or len(rest) > 1:
        return None
    diabetes = named[0]
    if rest and not diabetes.startswith("type"):
        diabetes = f"type {TYPES[rest[0]]} {diabetes}"
    return f"{diabetes} with hyperglycemia"


def _has_run(words: list[str], run: tuple[str, ...]) -> bool:
    """Are ``run``'s words said one after another in ``words``?"""
    n = len(run)
    return any(tuple(words[i:i + n]) == run for i in range(len(words) - n + 1))
