"""A disease screened for, or contacted, that no Z title names is read as its group's.

ICD-10-CM's screening codes (Z11, Z13) name groups, as the chapters and blocks of the
classification do: "screening for gout" or "for rheumatoid arthritis" is Z13.828 "Encounter
for screening for other musculoskeletal disorder", "for ischemic heart disease" Z13.6 "...
for cardiovascular disorders", "for smallpox" Z11.59 "... for other viral diseases" (the index:
"Screening, disease or disorder, cardiovascular Z13.6"). ``encounters.screening_visit`` reads
the diseases a word table names; any other disease said beside a screening word is looked up
in the catalog: the ICD-10-CM categories whose rows its words find, the commonest block of
them, and that block's screening group's title words read as another way of saying the
disease (the disease's words merged into one slot, so the screening title that says neither
is still found by the group's). So is a communicable disease said with a contact or an
exposure, as the group of its Z20 code (``contact_group``).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice, product

from medcodes.search.encounters import (
    _NOT_SCREENING,
    SCREEN_WORDS,
    SCREENED_BY_NAME,
    SCREENING,
    TESTS,
)
from medcodes.search.parsed import Alternative, ParsedQuery, Slot
from medcodes.search.text import stem

# The blocks of ICD-10-CM (first and last category) and the title words of their screening
# code, the first block that holds a category winning (a narrower one listed before the
# chapter it is in).
Groups = tuple[tuple[str, str, tuple[str, ...]], ...]
SCREENED: Groups = (
    ("A00", "A09", ("intestinal", "infectious", "diseases")),
    ("A15", "A19", ("respiratory", "tuberculosis")),
    ("A50", "A64", ("sexual", "mode", "transmission")),
    ("A20", "A49", ("other", "bacterial", "diseases")),
    ("A65", "A79", ("other", "infectious", "parasitic", "diseases")),
    ("B20", "B20", ("human", "immunodeficiency", "virus")),
    ("A80", "B34", ("other", "viral", "diseases")),
    ("B35", "B49", ("other", "infectious", "parasitic", "diseases")),
    ("B50", "B89", ("protozoal", "diseases", "helminthiases")),
    ("D50", "D89", ("blood", "forming", "organs")),
    ("E08", "E13", ("diabetes", "mellitus")),
    ("E40", "E64", ("nutritional", "disorder")),
    ("E78", "E78", ("lipoid", "disorders")),
    ("E65", "E88", ("other", "metabolic", "disorders")),
    ("E00", "E35", ("other", "suspected", "endocrine", "disorder")),
    ("F01", "F99", ("other", "mental", "health", "behavioral", "disorders")),
    ("G00", "G99", ("other", "nervous", "system", "disorders")),
    ("H00", "H95", ("eye", "ear", "disorders")),
    ("I00", "I99", ("cardiovascular", "disorders")),
    ("J00", "J99", ("respiratory", "disorder")),
    ("K00", "K95", ("other", "digestive", "system", "disorders")),
    ("M80", "M81", ("osteoporosis",)),
    ("M00", "M99", ("other", "musculoskeletal", "disorder")),
    ("Q00", "Q99", ("genetic", "chromosomal", "anomalies")),
)
# The general words of a disease's name, left out when no title says them with the rest.
GENERAL = frozenset({"disease", "diseases", "disorder", "disorders"})
SEEN = 200  # the catalog rows read for a disease's categories
MAX_JOINED = 12  # the ways of saying the disease's slots kept, joined
_SCREENING_STEMS = frozenset(stem(w) for w in SCREEN_WORDS)


def group_of(category: str, groups: Groups = SCREENED) -> tuple[str, ...] | None:
    """The title words of the code of an ICD-10-CM category's block in ``groups``, if any."""
    return next((words for first, last, words in groups if first <= category <= last), None)


def categories(conn: sqlite3.Connection, match: str) -> Counter[str]:
    """How many ICD-10-CM rows (of the first ``SEEN``) ``match`` finds in each category, of
    the diseases' chapters (A00-Q99): Z codes name screenings and histories, not the disease;
    a pregnancy's and a newborn's (O, P) are screened antenatally (Z36) or as a newborn's."""
    sql = ("SELECT c.code FROM search_fts f JOIN concepts c ON c.id = f.rowid"
           " WHERE search_fts MATCH ? AND c.is_default = 1 AND c.system = 'icd10cm'"
           f" AND c.code < 'R' AND substr(c.code, 1, 1) NOT IN ('O', 'P') LIMIT {SEEN}")
    try:
        return Counter(row[0][:3] for row in conn.execute(sql, [match]))
    except sqlite3.OperationalError:
        return Counter()


def titled(conn: sqlite3.Connection, match: str, category: str) -> bool:
    """Does a row of the ICD-10-CM category ``category`` say ``match`` (Z20.3 "... rabies")?"""
    sql = ("SELECT 1 FROM search_fts f JOIN concepts c ON c.id = f.rowid"
           " WHERE search_fts MATCH ? AND c.is_default = 1 AND c.system = 'icd10cm'"
           " AND c.code GLOB ? LIMIT 1")
    try:
        return conn.execute(sql, [match, f"{category}*"]).fetchone() is not None
    except sqlite3.OperationalError:
        return False


@dataclass(frozen=True)
class Lookup:
    """The catalog as the readers ask it of slots (``expr`` says a slot as a MATCH term):
    the categories their words find, and whether a row of a category says them."""

    conn: sqlite3.Connection
    expr: Callable[[Slot], str]

    def found(self, slots: list[Slot]) -> Counter[str]:
        return categories(self.conn, " AND ".join(map(self.expr, slots)))

    def titled(self, slots: list[Slot], category: str) -> bool:
        return titled(self.conn, " AND ".join(map(self.expr, slots)), category)


def _cue(slots: list[Slot], says: Callable[[Slot], bool]) -> int | None:
    """The first slot that ``says`` the cue (a screening, a contact), when others are said."""
    if len(slots) < 2:  # a word alone (most typeahead): no cue to read
        return None
    return next((i for i, s in enumerate(slots) if says(s)), None)


def _screens(slot: Slot) -> bool:
    """Does the slot say a screening, typed or in shorthand ("scrn")? A test or a check
    ("check for meningitis") may be a procedure's purpose, not a visit for screening."""
    words = slot.text.lower().split()
    return any(stem(w) in _SCREENING_STEMS for w in words) or (
        TESTS.isdisjoint(words) and any(a.tokens == SCREENING for a in slot.alternatives))


def screened_group(parsed: ParsedQuery, lookup: Lookup) -> None:
    """Read a disease said beside a screening word, and named by no screening title nor the
    word table, as its group's screening (in place)."""
    slots = parsed.slots
    at = _cue(slots, _screens)
    if at is None:
        return
    said = {w for s in slots for w in s.text.lower().split()}
    if not _NOT_SCREENING.isdisjoint(said):
        return
    disease = [s for i, s in enumerate(slots) if i != at]
    read = {stem(t) for s in disease for a in s.alternatives for t in a.tokens}
    if any(a.kind == "screening" for s in disease for a in s.alternatives) \
            or read & SCREENED_BY_NAME:
        return  # the word table or a screening title names it
    read_as_group(parsed, at, SCREENED, "screening", lookup)


def read_as_group(parsed: ParsedQuery, at: int, groups: Groups, kind: str,
                  lookup: Lookup) -> None:
    """Merge the slots but the cue ``at`` (a disease) into one, also read as the title words
    of the group (``groups``) whose blocks hold most of the categories its words find."""
    slots = parsed.slots
    disease = [s for i, s in enumerate(slots) if i != at]
    counts = lookup.found(disease)
    named = [s for s in disease if not any(a.tokens[-1:] and a.tokens[-1] in GENERAL
                                           for a in s.alternatives)]
    if not counts and named and len(named) < len(disease):
        counts = lookup.found(named)  # "venereal disease": no title says both words
    held: Counter[tuple[str, ...]] = Counter()
    for category, n in counts.items():
        words = group_of(category, groups)
        if words is not None:
            held[words] += n
    if not held:
        return
    words, n = held.most_common(1)[0]
    if 2 * n <= sum(counts.values()):
        return  # no group holds most of what the words find
    text = " ".join(s.text for s in disease)
    joined = [Alternative(tuple(t for a in alts for t in a.tokens), alts[-1].kind)
              for alts in islice(product(*(s.alternatives for s in disease)), MAX_JOINED)]
    merged = Slot(text, [*joined, Alternative(words, kind)])
    first = min(i for i in range(len(slots)) if i != at)
    parsed.slots[:] = [*(s for s in slots[:first] if s is slots[at]), merged,
                       *(s for s in slots[first:] if s is slots[at])]
    parsed.expansions.append({"from": text, "to": " ".join(words), "kind": kind})


# Contact with or exposure to a communicable disease (Z20) names its group as the screening
# titles do: "exposure to measles" is Z20.828 "Contact with and (suspected) exposure to other
# viral communicable diseases", "to pertussis" Z20.818 "... other bacterial communicable
# diseases". A disease a Z20 title names itself (rabies, rubella, tuberculosis, varicella,
# anthrax) is found by its own words; one outside A00-B99 and influenza ("contact dermatitis",
# "contact with a dog") is no communicable disease.
CONTACTED: Groups = (
    ("A00", "A09", ("other", "intestinal", "infectious", "diseases")),
    ("A15", "A19", ("tuberculosis",)),
    ("A50", "A64", ("sexual", "mode", "transmission")),
    ("A20", "A49", ("other", "bacterial", "communicable", "diseases")),
    ("B15", "B19", ("viral", "hepatitis")),
    ("B20", "B20", ("human", "immunodeficiency", "virus")),
    ("A80", "B34", ("other", "viral", "communicable", "diseases")),
    ("J09", "J11", ("other", "viral", "communicable", "diseases")),  # influenza
    ("B85", "B89", ("pediculosis", "acariasis", "infestations")),
    ("A65", "B83", ("other", "communicable", "diseases")),
)
CONTACT_WORDS = frozenset({"contact", "contacts", "exposure", "exposures", "exposed", "exp"})
CONTACT_TITLES = "Z20"
LINKS = frozenset({"to", "with", "and", "of"})  # "exposed to", "contact with"


def _contacts(slot: Slot) -> bool:
    words = set(slot.text.lower().split())
    return bool(words & CONTACT_WORDS) and words <= CONTACT_WORDS | LINKS


def contact_group(parsed: ParsedQuery, lookup: Lookup) -> None:
    """Read a communicable disease said beside a contact or exposure word, and named by no
    Z20 title, as its group's contact (in place)."""
    slots = parsed.slots
    at = _cue(slots, _contacts)
    if at is None:
        return
    disease = [s for i, s in enumerate(slots) if i != at]
    if lookup.titled(disease, CONTACT_TITLES):
        return
    read_as_group(parsed, at, CONTACTED, "contact", lookup)
