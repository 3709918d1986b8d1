"""A Z-factor or external-cause query said "NEC" leads with its category's residual code.

"NEC" (not elsewhere classified) asks for the classification's "other" code, and in
ICD-10-CM that is the residual subcategory a category keeps at its ".8" ("Other ...", "Other
specified ..."; ".9" is the unspecified one): Z22.8 Carrier of other infectious diseases, Z44.8
Encounter for fitting and adjustment of other external prosthetic devices, Z85.89 Personal
history of malignant neoplasm of other organs and systems, Y92.89 Other specified places. Read
as words, "NEC" is "other", which every "other <kind>" code deep in the category says as well,
and the shorter of those leads: "Carrier NEC" led with Z22.338 Carrier of other streptococcus,
"Hx of malignancy NEC" with Z85.028 Personal history of other malignant neoplasm of stomach,
"Accident in place NEC" with Y92.239 Unspecified place in hospital.

So when the leading ICD-10-CM code of W00-Z99 is not the residual, the shallowest billable code
under the category's ".8" whose title says "other", and says the query's words as well as the
lead does, is put first (ties: the fewest words beyond the query, then the tabular order); with
none, a lead that does not say "other" gives way to its own subcategory's "other" code at an 8
or a 9 (Y93.B9 Activity, other involving muscle strengthening exercises, beside Y93.B1; W18.49
Other slipping, tripping and stumbling without falling, beside W18.41).
Transport accidents (V00-V99) are left to ``transport_defaults``, where "other" is no word said.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from medcodes.search.parsed import ParsedQuery
from medcodes.search.reported import C
from medcodes.search.text import STOPWORDS, stem, tokens
from medcodes.search.transport_defaults import asked_words, placed_as_lead

SYSTEM = "icd10cm"
NEC = "nec"
OTHER = frozenset({stem("other"), stem("specified")})
CHAPTERS = ("W", "X", "Y", "Z")
LOOKED = 3  # the first hits looked at for the leading ICD-10-CM code
SAME = 6  # two stems that begin alike this far say one word ("prosthesis", "prosthetic")


def _core(code: str) -> str:
    """The code without its 7th character and placeholders ("W18.49XA": "W18.49")."""
    return code[:7].rstrip("X") if len(code) == 8 else code


def _residual(code: str) -> bool:
    """Is the code in its category's ".8" subcategory (the "other" of the category)?"""
    core = _core(code)
    return len(core) > 4 and core[3] == "." and core[4] == "8"


def _words(title: str) -> set[str]:
    return {stem(w) for w in tokens(title) if w not in STOPWORDS}


def _says(title: str, asked: frozenset[str]) -> int:
    """How many of the query's words the title says (a word begun alike counts)."""
    words = _words(title) - OTHER
    return sum(1 for a in asked - OTHER
               if any(w == a or (len(a) >= SAME and w[:SAME] == a[:SAME]) for w in words))


def nec_residual(pool: list[C], parsed: ParsedQuery,
                 below: Callable[[str], Sequence[C]]) -> None:
    """Put the category's residual "other" code first when the query says NEC and a code of
    W00-Z99 that is not the residual leads (in place; ``below`` gives a heading's codes)."""
    if NEC not in parsed.text.lower() or NEC not in tokens(parsed.text):
        return  # most queries: no NEC said
    at = next((i for i, c in enumerate(pool[:LOOKED]) if c.system == SYSTEM), None)
    if at is None or not pool[at].code.startswith(CHAPTERS):
        return
    lead = pool[at]
    if _residual(lead.code) and lead.billable:
        return
    asked = asked_words(parsed)
    told = _says(lead.title, asked)
    encounter = lead.code[7:]
    others = [c for c in below(lead.code[:3])
              if c.billable and c.system == SYSTEM and c.code[7:] == encounter
              and "other" in c.title.lower() and _says(c.title, asked) >= told]
    codes = [c for c in others if _residual(c.code)]
    if not codes and "other" not in lead.title.lower():
        # No residual of the category says the query: the lead's own subcategory's
        # ("Muscle strength exer NEC": Y93.B9 beside Y93.B1).
        parent = _core(lead.code)[:-1]
        codes = [c for c in others if _core(c.code)[:-1] == parent
                 and _core(c.code)[-1:] in ("8", "9")]
    if not codes:
        return
    best = min(codes, key=lambda c: (len(_core(c.code)), len(_words(c.title) - asked - OTHER)))
    if best.code == lead.code:
        return
    found = placed_as_lead(pool, best, lead)
    rest = [c for c in pool if c is not found]
    pool[:] = [*rest[:at], found, *rest[at:]]
