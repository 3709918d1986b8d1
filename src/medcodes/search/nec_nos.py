"""A code said "NEC" is its category's "other" code; said "NOS", its "unspecified" one
(ICD-10-CM conventions I.A.9: "not elsewhere classified" sends to the "other" or "other
specified" code, "not otherwise specified" is "unspecified").

Read as words, "NEC" is "other", which counts little, and the code a coder reports for "NOS"
leads: "Hemorrhagic cond NEC" found D69.9 "Hemorrhagic condition, unspecified", which says
every word, before D69.8 "Other specified hemorrhagic conditions"; "Carrier NEC" found Z22.338
"Carrier of other streptococcus", "Hx of malignancy NEC" Z85.028 "... of other malignant
neoplasm of stomach": the shortest titles saying "other" deep in the category.

One reading for every chapter, on the first ICD-10-CM hit of the first few (``LOOKED``):

* NEC, the lead "X, unspecified" or "Unspecified X" (or, first of the page, a three-character heading whose ".9"
  is): its twin, the category's "other" code that says X's words and no more (D64.9 -> D64.89,
  I73.9 -> I73.89); a billable hit of the next few may be read so when the first is not
  (K23 "... in diseases classified elsewhere" may stay before it).
* NEC, the first a code that is not the category's residual: the residual, the shallowest
  billable "other" code under the category's ".8" that says the query's words as well as the
  lead (ties: the fewest words beyond the query, then the tabular order); with none, a lead
  not saying "other" gives way to its own subcategory's "other" code at an 8 or a 9 (Y93.B9
  beside Y93.B1, W18.49 beside W18.41). The 7th character (encounter) is kept.
* NOS, the lead an "Other ... X" code: the category's "X, unspecified" code saying X's words and
  perhaps fewer (B37.89 -> B37.9).

What differs by chapter is data: which chapters' categories keep the residual as their ".8"
subcategory (``RESIDUAL_CHAPTERS``, W00-Z99: elsewhere ".8" is often a site or a kind, and the
twin says the "other" code), and a neoplasm's "specified site NEC", the Neoplasm Table's
"overlapping sites of" or "of other specified" sites (C15.8, D35.7), in ``_OTHER``. Transport
accidents (V00-V99) are left to ``transport_defaults``, where "other" is no word said.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Literal

from medcodes.search.parsed import ParsedQuery
from medcodes.search.reported import C, Coded
from medcodes.search.text import STOPWORDS, stem, tokens
from medcodes.search.transport_defaults import asked_words, placed_as_lead

SYSTEM = "icd10cm"
LOOKED = 3  # the first hits looked at for the lead
RESIDUAL_CHAPTERS = ("W", "X", "Y", "Z")  # categories whose ".8" is their residual "other"
SAME = 6  # two stems that begin alike this far say one word ("prosthesis", "prosthetic")
Cue = Literal["nec", "nos"]

# "Other ..." codes, and a neoplasm's site NEC: "of other specified" sites (D35.7) or the
# overlapping sites' code (C15.8 for "Mal neo esophagus NEC").
_OTHER = re.compile(r"^other\b|\bof (?:other specified|overlapping sites of)\b", re.IGNORECASE)
_UNSPECIFIED = re.compile(r",\s*unspecified$", re.IGNORECASE)
# "Unspecified X", as the eye's and many other chapters' titles say it (H26.9 Unspecified
# cataract beside H26.8 Other specified cataract); not an injury's ("Unspecified injury of"
# says its kind, and an ICD-9 injury title's NEC its site: "Inj abdominal vessel NEC" is
# S35.8X9A's "other blood vessels"), nor in the residual chapters, whose NEC is the residual.
_UNSPECIFIED_FIRST = re.compile(r"^unspecified\b", re.IGNORECASE)
KIND_FIRST_CHAPTERS = ("S", "T", *RESIDUAL_CHAPTERS)
# "Other forms of acute ischemic heart disease" (I24.89) is I24.9's other.
_QUALIFIERS = frozenset(map(stem, ("other", "specified", "unspecified", "forms", "types",
                                    "overlapping", "sites")))
_OTHER_WORDS = frozenset({stem("other"), stem("specified")})


def said(text: str) -> Cue | None:
    """"nec" or "nos" when the query says one ("NEC", "not elsewhere classified", "NOS"); none
    when it says both, as ICD-9-CM's "NEC/NOS" titles do (778.5 Edema of newborn NEC/NOS is
    P83.30, the unspecified code, and 'other' too)."""
    low = text.lower()
    if "nec" not in low and "nos" not in low and "elsewhere" not in low:
        return None  # most queries: no cue word
    words = tokens(text)
    nec = "nec" in words or " not elsewhere classified " in f" {' '.join(words)} "
    nos = "nos" in words
    return None if nec == nos else "nec" if nec else "nos"


def nec_or_nos(pool: list[C], parsed: ParsedQuery, below: Callable[[str], Sequence[C]]) -> None:
    """Put, in place, the lead's "other" code first for a query saying NEC, or its
    "unspecified" twin for one saying NOS (see the module); ``below`` gives a heading's codes
    in the tabular order."""
    cue = said(parsed.text)
    if cue is None:
        return
    ours = [i for i, c in enumerate(pool[:LOOKED]) if c.system == SYSTEM]
    asked = asked_words(parsed) if cue == "nec" else frozenset()
    at, found = next(((i, t) for n, i in enumerate(ours) if (t := (
        _other(pool[i], n == 0, asked, below) if cue == "nec" else
        _unspecified_twin(pool[i], below) if n == 0 else None)) is not None), (0, None))
    if found is None or any(c.system == SYSTEM and c.code == found.code for c in pool[:at]):
        return
    placed = placed_as_lead(pool, found, pool[at])
    rest = [c for c in pool if c is not placed]
    pool[:] = [*rest[:at], placed, *rest[at:]]


def _other(lead: C, first: bool, asked: frozenset[str],
           below: Callable[[str], Sequence[C]]) -> C | None:
    """The "other" code the lead gives way to for NEC: its twin, else (first, in the residual
    chapters) its category's residual."""
    twin = _other_twin(lead, first, below)
    if twin is not None or not first or not lead.code.startswith(RESIDUAL_CHAPTERS):
        return twin
    return _residual_code(lead, asked, below)


def _billable(below: Callable[[str], Sequence[C]], code: str) -> list[C]:
    return [h for h in below(code) if h.billable and h.system == SYSTEM]


def _other_twin(lead: C, first: bool, below: Callable[[str], Sequence[C]]) -> C | None:
    """The "Other [specified] X" code of the lead's category when the lead is "X, unspecified"
    (or, ``first`` of the hits, a three-character heading whose ".9" is)."""
    unspecified: C | None = lead
    if not lead.billable:
        if len(lead.code) != 3 or not first:
            return None
        unspecified = next((h for h in _billable(below, lead.code)
                            if h.code == f"{lead.code}.9"), None)
    if unspecified is None or not _unspecified(unspecified):
        return None
    same = _words(unspecified.title)
    return next((h for h in _billable(below, unspecified.code[:3])
                 if _OTHER.search(h.title) and _words(h.title) == same), None)


def _unspecified(code: Coded) -> bool:
    """Does the code's title say it is the unspecified one ("X, unspecified", "Unspecified X")?"""
    return bool(_UNSPECIFIED.search(code.title) or (
        _UNSPECIFIED_FIRST.match(code.title) and not code.code.startswith(KIND_FIRST_CHAPTERS)))


def _unspecified_twin(lead: C, below: Callable[[str], Sequence[C]]) -> C | None:
    """The "X, unspecified" code of the lead's category when the lead is a billable "Other
    ... X" code saying X's words and perhaps more."""
    if not lead.billable or not _OTHER.search(lead.title):
        return None
    more = _words(lead.title)
    twins = [h for h in _billable(below, lead.code[:3])
             if _unspecified(h) and _words(h.title) <= more]
    return max(twins, key=lambda h: len(_words(h.title)), default=None)


def _residual_code(lead: C, asked: frozenset[str],
                   below: Callable[[str], Sequence[C]]) -> C | None:
    """The category's residual "other" code saying the query as well as the lead does, else
    the lead's own subcategory's "other" code (see the module)."""
    if _residual(lead.code) and lead.billable:
        return None
    told = _says(lead.title, asked)
    encounter = lead.code[7:]
    others = [h for h in _billable(below, lead.code[:3])
              if h.code[7:] == encounter and "other" in h.title.lower()
              and _says(h.title, asked) >= told]
    codes = [h for h in others if _residual(h.code)]
    if not codes and "other" not in lead.title.lower():
        # No residual of the category says the query: the lead's own subcategory's
        # ("Muscle strength exer NEC": Y93.B9 beside Y93.B1).
        parent = _core(lead.code)[:-1]
        codes = [h for h in others if _core(h.code)[:-1] == parent
                 and _core(h.code)[-1:] in ("8", "9")]
    best = min(codes, key=lambda h: (len(_core(h.code)),
                                     len(_stems(h.title) - asked - _OTHER_WORDS)), default=None)
    return None if best is None or best.code == lead.code else best


def _core(code: str) -> str:
    """The code without its 7th character and placeholders ("W18.49XA": "W18.49")."""
    return code[:7].rstrip("X") if len(code) == 8 else code


def _residual(code: str) -> bool:
    """Is the code in its category's ".8" subcategory (the "other" of the category)?"""
    core = _core(code)
    return len(core) > 4 and core[3] == "." and core[4] == "8"


def _stems(title: str) -> set[str]:
    return {stem(w) for w in tokens(title) if w not in STOPWORDS}


def _says(title: str, asked: frozenset[str]) -> int:
    """How many of the query's words the title says (a word begun alike counts)."""
    words = _stems(title) - _OTHER_WORDS
    return sum(1 for a in asked - _OTHER_WORDS
               if any(w == a or (len(a) >= SAME and w[:SAME] == a[:SAME]) for w in words))


def _words(title: str) -> frozenset[str]:
    """A title's word stems but its stopwords and its "other", "specified", "unspecified"."""
    return frozenset(s for s in _stems(title) if s not in _QUALIFIERS)
