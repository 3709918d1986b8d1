"""A manifestation said "in other diseases" as ICD-9-CM's short titles say it ("Myelopathy in oth
dis", "Mening in oth bact dis", "Enceph/encephmye oth dis", "Ac supp OM in oth dis", "Cerebel
atax in oth dis"): ICD-10-CM's titles of a manifestation coded beside its underlying disease say
"in diseases classified elsewhere" (G99.2, G01, G05.3, H67, G32.81), and "oth dis" read as
words found the condition's other kinds instead. The clause is restated in the titles' words
for the nervous system's, the eye's and ear's and the joints' and bones' manifestations, whose
headings have such codes; elsewhere ("Psy dis w delus oth dis", "Insomnia in other dis") the
titles say "due to known physiological condition" or "due to medical condition", and the
query is left as it is."""

from __future__ import annotations

import re

from medcodes.search.text import fold

# "in oth dis", "in other diseases", "in syst dis" (said with "in": "Lacrimal syst dis NEC" is
# the system's), "oth viral dis", ICD-9-CM's last words.
_CLAUSE = re.compile(
    r"(?:(?<![a-z])in\s+(?:oth|other|syst|systemic)|(?<![a-z])(?:oth|other))\s+"
    r"(?:(viral|bact|bacterial|fungal|nonbac|nonbacterial|inf|infectious|parasitic)\s+)?"
    r"(?:dis|disease|diseases)\s*$")
_KINDS = {"bact": "bacterial", "inf": "infectious", "nonbac": "other infectious",
          "nonbacterial": "other infectious"}
# Manifestations whose titles say "in diseases classified elsewhere" (G01-G99, H00-H95,
# M00-M99), as said and as ICD-9-CM clips them.
_HEADS = re.compile(
    r"(?<![a-z])(?:mening|enceph|myel|neurop|polyneur|mononeur|myopath|myasth|atax|cerebel|"
    r"chorio|retin|iridocy|iritis|kerat|conjunct|scler|cataract|optic|otitis|om|mastoid|"
    r"arthrop|arthrit|spondylop|synov|tenosyn|osteit|myosit|neuralg|neurit|radicul|plexus|"
    r"cereb|cerb|degen|cord)")


def elsewhere_said(query: str) -> str | None:
    """The query with its "in other diseases" as the titles' "in diseases classified elsewhere"
    (see the module), else None."""
    text = fold(query)
    if "dis" not in text:  # most queries: no disease said
        return None
    found = _CLAUSE.search(text)
    if found is None:
        return None
    head = text[:found.start()]
    if not _HEADS.search(head):
        return None
    kind = found.group(1)
    said = f"{_KINDS.get(kind, kind)} " if kind else ""
    return f"{head.strip()} in {said}diseases classified elsewhere"
