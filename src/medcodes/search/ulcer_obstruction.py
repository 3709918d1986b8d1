"""A peptic ulcer said with an obstruction ("Chr stomach ulc NOS-obst", "duodenal ulcer with
obstruction", "Ac marginal ulc NOS-obst"): ICD-9-CM coded an ulcer's obstruction; ICD-10-CM's
K25-K28 have no axis for it (only hemorrhage and perforation), so a coder reports the ulcer
without hemorrhage or perforation (and the obstruction, K31.1 or K31.5, beside it). Read as
words, "obstruction" found K31.5 "Obstruction of duodenum" and the skin's chronic ulcers. Such
a query is restated as the titles say the ulcer, a marginal (anastomotic, stomal) ulcer as
gastrojejunal; a hemorrhage or a perforation said with it is kept."""

from __future__ import annotations

from medcodes.search.text import tokens

ULCER = frozenset("ulcer ulcers ulc ulceration".split())
SITES = {"gastric": "gastric", "stomach": "gastric", "duodenal": "duodenal",
         "duoden": "duodenal", "duodenum": "duodenal", "peptic": "peptic",
         "gastrojejunal": "gastrojejunal", "marginal": "gastrojejunal",
         "anastomotic": "gastrojejunal", "stomal": "gastrojejunal", "jejunal": "gastrojejunal"}
OBSTRUCTION = frozenset("obst obstr obstruction obstructed obstructing obstructive".split())
ACUTE = frozenset("acute ac".split())
CHRONIC = frozenset("chronic chr".split())
HEMORRHAGE = frozenset("hemorrhage haemorrhage hemorr hem hmrhg bleeding bleed".split())
PERFORATION = frozenset("perforation perforated perf".split())


def ulcer_without_obstruction(query: str) -> str | None:
    """The K25-K28 titles' words for a peptic ulcer said with an obstruction (see the module),
    else None."""
    words = tokens(query)
    sites = {SITES[w] for w in words if w in SITES}
    if (ULCER.isdisjoint(words) or OBSTRUCTION.isdisjoint(words) or len(sites) != 1
            or len(words) > 10):
        return None
    course = ("acute" if not ACUTE.isdisjoint(words)
              else "chronic" if not CHRONIC.isdisjoint(words) else "")
    hemorrhage = not HEMORRHAGE.isdisjoint(words)
    perforation = not PERFORATION.isdisjoint(words)
    said = ("with hemorrhage and perforation" if hemorrhage and perforation
            else "with hemorrhage" if hemorrhage else "with perforation" if perforation
            else "without hemorrhage or perforation")
    return " ".join(w for w in (course, sites.pop(), "ulcer", said) if w)
