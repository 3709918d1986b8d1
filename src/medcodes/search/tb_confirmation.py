"""Tuberculosis with how it was confirmed said after a hyphen or a comma ("TB of hip-oth test",
"Pulm TB-histo dx", "TB lung-sputum smear pos", "Pulmonary TB, culture negative"): ICD-9-CM
coded the bacteriological or histological method as a fifth digit, and charts still say it,
but ICD-10-CM has no axis for it (A15-A19 are by site alone). Read as words, "test" and
"exam" found the tuberculin test's findings (R76.1) and screening, not the site's disease; so
such a tail, when it says only the method, is dropped."""

from __future__ import annotations

import re

from medcodes.search.text import tokens

TB = frozenset("tb tbc tuberculosis tuberculous tubercular".split())
# Words that say how tuberculosis was (or was not) confirmed, and nothing else.
METHOD = frozenset("""
    test tests tested testing exam examined examination exams unkn unknown histo histology
    histological histologically histol dx diagnosed diagnosis cult culture cultures cultured
    micro microscopy microscopic smear smears sputum bact bacteriol bacteriological
    bacteriologically bacilli bacillus tubercle afb confirmed confirmation conf pos positive
    neg negative no not oth other method methods unspec unsp unspecified done found by in of
    via on and or nos
    """.split())
_TAIL = re.compile(r"^(?P<head>.*?\S)\s*[-,;]\s*(?P<tail>[^-,;]+)$")


def tb_without_method(query: str) -> str | None:
    """The query without its confirmation tail when it is tuberculosis said with one (see the
    module), else None."""
    found = _TAIL.match(query.strip())
    if not found:
        return None
    head, tail = found["head"], tokens(found["tail"])
    if not tail or TB.isdisjoint(tokens(head)) or not all(w in METHOD for w in tail):
        return None
    return head
