"""Enlarged lymph nodes said at a named site ("swollen glands in my neck", "lymphadenopathy
neck", "swollen lymph node in armpit"): nodes at one site are localized (R59.0 "Localized
enlarged lymph nodes"); read as words the site found no title of R59, so the unspecified R59.9
led, or with "lymphadenopathy" tuberculous and generalized ones. Such a query, made only of
the enlarged nodes, a site and small words, is restated as localized enlarged lymph nodes. A
site is no reason when the query says they are everywhere ("all over", "generalized").
"""

from __future__ import annotations

from medcodes.search.text import tokens

# Words that say a lymph node, and those that say it is enlarged.
NODES = frozenset("lymph node nodes gland glands lymphadenopathy adenopathy".split())
ENLARGED = frozenset("swollen swelling enlarged enlargement big large up lymphadenopathy "
                     "adenopathy palpable".split())
# Where nodes are felt.
SITES = frozenset("""
    neck cervical armpit armpits axilla axillary underarm groin inguinal jaw submandibular
    submental collarbone supraclavicular ear ears auricular occipital throat chin
    """.split())
SMALL = frozenset("""
    in my the of on under behind a both left right l r side sides and at one
    """.split())
EVERYWHERE = frozenset("all generalized generalised everywhere widespread diffuse".split())


def localized_nodes(query: str) -> str | None:
    """``localized enlarged lymph nodes`` when the query is enlarged nodes at a named site
    (see the module), else None."""
    words = tokens(query)
    if (NODES.isdisjoint(words) or ENLARGED.isdisjoint(words) or SITES.isdisjoint(words)
            or not EVERYWHERE.isdisjoint(words)):
        return None
    if any(w not in NODES and w not in ENLARGED and w not in SITES and w not in SMALL
           for w in words):
        return None
    if "lymph" not in words and "lymphadenopathy" not in words and "adenopathy" not in words \
            and not {"gland", "glands"} & set(words):
        return None
    return "localized enlarged lymph nodes"
