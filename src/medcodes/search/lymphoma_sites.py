"""A lymphoma said with the nodes or organ it is in, as a chart or an ICD-9-CM title
abbreviates them ("Hodgkins dis NOS pelvic", "Reticulosarcoma abdom", "Burkitt's tumor
inguin", "Ndlr lym unsp xtrndl org"): the fifth character of C81-C85 is the site, and their
titles say it in a fixed way ("intrapelvic lymph nodes", "lymph nodes of inguinal region and
lower limb", "extranodal solid organ sites"); read as words, "pelvic" found pelvic
inflammatory disease and "abdom" abdominal pain. Such a query's site is restated in the
titles' words, and the old names the index sends elsewhere with it (reticulosarcoma: diffuse
large B-cell lymphoma; nodular lymphoma: follicular lymphoma; Hodgkin's granuloma,
paragranuloma and sarcoma: other Hodgkin lymphoma). The restatement never says "and": a query
joining two conditions by it is searched as its halves (comorbid.py), each restated again."""

from __future__ import annotations

import re

from medcodes.search.text import tokens

# Words that say a lymphoma ("lymph" only when no lymph node is said).
LYMPHOMA = frozenset("""
    lymphoma lymphomas lym lymp lymphosarcoma lymphosarc reticulosarcoma hodgkin hodgkins
    burkitt burkitts nhl dlbcl
    """.split())
# Words that say a neoplasm of the nodes themselves ("Mal neo lymph-inguin/leg"): "lymph" there
# is the nodes, not a lymphoma.
NEOPLASM = frozenset("neo neopl neoplasm malignant malig mal secondary sec metastatic "
                     "metastasis carcinoma ca cancer".split())
NODE_WORDS = frozenset("node nodes nodal gland glands lymphadenopathy adenopathy".split())
SITES = {
    **dict.fromkeys("abdom abdominal abd intraabdominal".split(),
                    "intra-abdominal lymph nodes"),
    **dict.fromkeys("pelvic pelvis intrapelvic".split(), "intrapelvic lymph nodes"),
    **dict.fromkeys("head neck face cervical".split(),
                    "lymph nodes of head face neck"),
    **dict.fromkeys("thorax thoracic intrathor intrathoracic mediastinum".split(),
                    "intrathoracic lymph nodes"),
    **dict.fromkeys("axilla axillary axill".split(), "lymph nodes of axilla upper limb"),
    **dict.fromkeys("inguin inguinal groin".split(),
                    "lymph nodes of inguinal region lower limb"),
    **dict.fromkeys("mult multiple".split(), "lymph nodes of multiple sites"),
    **dict.fromkeys(("spleen",), "spleen"),
    **dict.fromkeys("xtrndl extranodal".split(), "extranodal solid organ sites"),
}
# Words of a lymphoma's own name that say a site ("splenic marginal zone lymphoma", "primary
# mediastinal large B-cell", "extranodal NK/T-cell lymphoma, nasal type", MALT lymphoma): the
# name is the type, not the fifth character's site.
NAMED_TYPES = frozenset("marginal malt nk nasal mediastinal splenic cutaneous".split())
# Site words that belong with the one before them ("head and neck", "xtrndl org").
ALONG = frozenset("and face neck org organ organs solid sites site region limb upper lower "
                  "of".split())
OLD_NAMES = ((re.compile(r"\breticulosarcoma\b"), "diffuse large B-cell lymphoma"),
             (re.compile(r"\b(?:nodular|ndlr) (?:lym|lymp|lymph|lymphoma)\b(?! predominant)"),
              "follicular lymphoma"),
             # The index's Hodgkin granuloma, paragranuloma and sarcoma: other Hodgkin lymphoma
             # (C81.7-); Hodgkin's disease: the titles' "Hodgkin lymphoma" (else the nodes'
             # long name leads to their secondary neoplasm, C77).
             (re.compile(r"\bhodgkins?\s+(?:granulom\w*|paragran\w*|sarcoma)\b"),
              "other hodgkin lymphoma"),
             (re.compile(r"\bhodgkins?\b(?! lymphoma)"), "hodgkin lymphoma"))


def lymphoma_site(query: str) -> str | None:
    """The query with its lymphoma's site said as C81-C85's titles say it (see the module),
    else None."""
    words = tokens(query)
    if (len(words) > 9 or not NAMED_TYPES.isdisjoint(words)
            or ("lymph" in words and not NODE_WORDS.isdisjoint(words))):
        return None
    if LYMPHOMA.isdisjoint(words) and ("lymph" not in words
                                       or not NEOPLASM.isdisjoint(words)):
        return None
    sites = [SITES[w] for w in words if w in SITES]
    if len(set(sites)) != 1:
        return None
    out: list[str] = []
    placed = False
    for w in words:
        if w in SITES or (placed and w in ALONG and out and out[-1] == sites[0]):
            if not placed:
                out.append(sites[0])
                placed = True
            continue
        if w in NODE_WORDS or (w == "lymph" and not NODE_WORDS.isdisjoint(words)):
            continue
        out.append("lymphoma" if w in ("lym", "lymp", "lymph") else w)
    told = " ".join(out)
    if told == " ".join(words):
        return None
    for old, new in OLD_NAMES:
        told = old.sub(new, told)
    return told
