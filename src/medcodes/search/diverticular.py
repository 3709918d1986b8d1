"""Diverticular disease said of a part and with its complications ("sigmoid diverticulitis",
"Dvrtclo colon w hmrhg", "diverticulosis of colon with bleeding", "diverticulitis of small
bowel with abscess"): ICD-10-CM's K57 titles say "large intestine" or "small intestine",
"with bleeding" or "without bleeding", "with perforation and abscess" or "without perforation
or abscess", never the colon, the sigmoid or a hemorrhage; read as words, the colon found
K55's angiodysplasia of colon and the hemorrhage K92.2. Such a query, made only of those
things and small words, is restated in the titles' words, and what it leaves unsaid takes the
classification's default (no bleeding; no perforation or abscess). Said alone
("diverticulitis") it is left as it is: the part unspecified code leads it already. The
restatement never says "and" (a query joining two conditions by it is searched as its halves,
comorbid.py, each restated again)."""

from __future__ import annotations

from medcodes.search.text import tokens

KINDS = {"diverticulosis": "diverticulosis", "dvrtclo": "diverticulosis",
         "diverticula": "diverticulosis", "diverticular": "diverticulosis",
         "diverticulitis": "diverticulitis", "dvrtcli": "diverticulitis"}
CONTRACTED = frozenset(("dvrtclo", "dvrtcli"))
LARGE = frozenset("""
    colon colonic sigmoid rectosigmoid cecum caecum cecal caecal ascending descending
    transverse large lg lrg
    """.split())
SMALL_PART = frozenset("small sm ileum ileal jejunum jejunal".split())
BLEEDING = frozenset("""
    bleeding bleed bleeds bled hemorrhage haemorrhage hemorrhagic hmrhg hemorr hem bloody
    """.split())
PERFORATION = frozenset("""
    perforation perforated perf perforating abscess abscesses peritonitis
    """.split())
# Words that add nothing past the kind, part and complications.
FILLER = frozenset("""
    of the with w wo without and in disease dis bowel intestine intestinal intest int acute
    chronic nos unspecified unsp
    """.split())


def diverticular(query: str) -> str | None:
    """The K57 titles' words for a diverticular disease said with its part or complications
    (see the module), else None."""
    words = tokens(query)
    kinds = {KINDS[w] for w in words if w in KINDS}
    # A contraction is kept as typed: the search reads it, and says how (its expansion).
    said = next(w if w in CONTRACTED else KINDS[w] for w in words if w in KINDS) if kinds else ""
    if len(kinds) != 1 or len(words) > 10:
        return None
    large = not LARGE.isdisjoint(words)
    small = not SMALL_PART.isdisjoint(words)
    bleeding = not BLEEDING.isdisjoint(words)
    perforation = not PERFORATION.isdisjoint(words)
    if not (large or small or bleeding or perforation):
        return None
    known = LARGE | SMALL_PART | BLEEDING | PERFORATION | FILLER
    if any(w not in KINDS and w not in known for w in words):
        return None
    if {"without", "wo"} & set(words):  # "without bleeding": which one it denies is unsure
        return None
    part = ("both small large intestine" if large and small
            else "large intestine" if large else "small intestine" if small
            else "intestine, part unspecified")
    return " ".join((said, "of", part,
                     "with perforation abscess" if perforation
                     else "without perforation or abscess",
                     "with bleeding" if bleeding else "without bleeding"))
