"""A streptococcus named by a group or species ICD-10-CM has no code of its own ("Strep group G",
"Streptococcus group c", "group C strep pharyngitis", "viridans strep bacteremia"): the
classification names group A, group B and pneumoniae, and files every other streptococcus as
"other streptococcus" (B95.4 as the cause of a disease classified elsewhere, A40.8 sepsis, J15.4
pneumonia, Z22.338 carrier); read as words, "group" found group A's and group B's codes, which
the query rules out. Such a query is restated with "other streptococcus" for the group, or
"other streptococcal" when a disease is said with it ("Other streptococcal sepsis")."""

from __future__ import annotations

import re

_STREP = r"(?:strep|streptococc(?:us|al|i)|streptococcus)"
_GROUP = r"(?:group|grp|gp)\.?\s*[cfgh]\b"
_SPECIES = (r"(?:viridans|anginosus|milleri|mitis|sanguinis|sanguis|mutans|salivarius"
            r"|dysgalactiae|equi|equisimilis|constellatus|intermedius)")
_NAMED = re.compile(
    rf"\b(?:{_GROUP}\s+{_STREP}|{_STREP}\s+{_GROUP}|{_SPECIES}\s+{_STREP}|{_STREP}\s+{_SPECIES}"
    rf"|{_GROUP}\s+{_STREP}\s+{_SPECIES})\b",
    re.IGNORECASE)


# Words that say nothing past the organism.
BARE = frozenset("infection infections infect inf nos unspecified unsp positive pos".split())


def other_streptococcus(query: str) -> str | None:
    """The query with its streptococcus said as the titles' "other streptococcus" when it
    names a group or species without a code of its own (see the module), else None."""
    found = _NAMED.search(query)
    if not found:
        return None
    rest = f"{query[:found.start()]} {query[found.end():]}".split()
    # Said with a disease, the titles' adjective ("Other streptococcal sepsis", A40.8).
    alone = all(w.lower().strip(".,") in BARE for w in rest)
    name = "other streptococcus" if alone else "other streptococcal"
    return " ".join(f"{query[:found.start()]} {name} {query[found.end():]}".split())
