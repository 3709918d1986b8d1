"""The site a cancer spread to, read as its secondary malignant neoplasm (C77-C79).

"breast cancer that spread to the bones", "lung cancer with brain mets", "colon cancer
metastatic to the liver", "secondary cancer in my lungs": ICD-10-CM codes the site a cancer
spread to as "Secondary malignant neoplasm of <site>" (C77-C79; the index: "Metastasis, see
Neoplasm, secondary, by site"), listed beside the primary's code, and the spread is what such
a query says beyond the primary alone. Its words alone find the primary (the lay row "breast
cancer") and leave the site to titles of no cancer ("bones": Osseous cryptococcosis). So where
a spread word says a site (after "to", "into", "in", or before "mets"), the site's words are
searched as "secondary malignant neoplasm of SITE" in ICD-10-CM, and the secondary code found
leads; the primary's own codes follow. A spread with no site said ("metastatic breast
cancer") is left as it is: its site is unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from medcodes.codes import code_key
from medcodes.search.history_codes import lead_found
from medcodes.search.parsed import ParsedQuery, Slot
from medcodes.search.query import parse
from medcodes.search.text import STOPWORDS, query_tokens, stem, tokens

if TYPE_CHECKING:
    from medcodes.search.engine import Engine, WordRanking
    from medcodes.search.filters import Filters

SYSTEM = "icd10cm"
SECONDARY = ("C77", "C78", "C79")  # the key prefixes of the secondary sites' codes
# What says a cancer went on to a site: the verbs and the nouns of a spread.
SPREAD_WORDS = frozenset({
    "spread", "spreading", "spreads", "metastatic", "metastasized", "metastasised",
    "metastasis", "metastases", "mets", "secondary", "secondaries", "gone", "moved"})
# The nouns a spread is said before ("liver mets", "bone secondaries"): the site comes first.
SPREAD_NOUNS = frozenset({"mets", "metastasis", "metastases", "secondaries"})
# Words a spread is said of that say no cancer alone ("rash spreading to my chest", "secondary
# infection in the lung"): read only beside a word read as a cancer (CANCER_READ).
ONLY_OF_CANCER = frozenset({"spread", "spreading", "spreads", "secondary", "gone", "moved"})
# The words a query's cancer is read as (its own, or its lay or abbreviation rows': "ca",
# "NSCLC", "bowel cancer" read as malignant neoplasm).
CANCER_READ = frozenset({
    "malignant", "malignancy", "cancer", "carcinoma", "melanoma", "lymphoma", "sarcoma",
    "myeloma", "leukemia", "tumor", "tumour", "neoplasm", "metastatic", "mets"})
# The nouns that end a site's words ("secondary liver cancer", "spread to the liver disease").
CANCER_WORDS = frozenset({
    "cancer", "cancers", "tumor", "tumour", "tumors", "tumours", "malignancy", "malignancies",
    "carcinoma", "neoplasm", "ca", "disease", "deposits", "lesions", "lesion", "melanoma",
    "lymphoma", "sarcoma"})
INTO = frozenset({"to", "into", "in", "within", "throughout"})
SAID_BEFORE = frozenset({"the", "my", "his", "her", "their", "its", "both", "a", "an",
                         "your", "our", "some"})
# Where the site's words end: "spread to the liver and bones", "liver mets from colon cancer".
BREAK = frozenset({"and", "with", "from", "that", "which", "who", "has", "have", "had", "is",
                   "was", "now", "also", "of", "after", "since", "but", "or", "w", "on"})
MOST_WORDS = 3  # of a site ("right upper lobe", "lymph nodes")
LOOKED_AT = 3  # the site's first codes read for a secondary one
# As sure as a title covering every word of a query (hybrid.CONFIDENT_SCORE, as
# pregnancy_codes.TITLED_SURE): the cancer, its spread and the site are all said, and the
# title says the site's secondary.
SURE = 2.9
_SECONDARY_WORDS = frozenset(stem(w) for w in (
    "secondary", "malignant", "neoplasm", "right", "left", "unspecified", "site", "sites",
    "other", "specified"))


def spread_site(words: list[str], cancer: bool) -> str | None:
    """The words of the site a cancer is said to have spread to ("bones" of "breast cancer
    that spread to the bones", "brain" of "lung cancer with brain mets"); None if no spread
    word says one. ``cancer``: whether the query says a cancer, which "spread", "gone" and
    "secondary" need."""
    for k, word in enumerate(words):
        if word not in SPREAD_WORDS or (word in ONLY_OF_CANCER and not cancer):
            continue
        to = next((j for j in range(k + 1, len(words)) if words[j] in INTO), None)
        if to is not None and all(w not in BREAK for w in words[k + 1:to]):
            site = _run(words[to + 1:])
            if site:
                return " ".join(site)
        if word in SPREAD_NOUNS:
            site = _run(words[:k][::-1])[::-1]
            if site:
                return " ".join(site)
        if word == "secondary":  # "secondary liver cancer": the site before the cancer
            ahead = words[k + 1:]
            end = next((j for j, w in enumerate(ahead) if w in CANCER_WORDS), None)
            if end:
                site = _run(ahead[:end])
                if site:
                    return " ".join(site)
    return None


def _run(words: list[str]) -> list[str]:
    """The site's words from the start of ``words``: past "the" or "my", up to a word that
    ends it or a cancer's noun, at most ``MOST_WORDS``."""
    out: list[str] = []
    for w in words:
        if not out and w in SAID_BEFORE:
            continue
        if w in BREAK or w in CANCER_WORDS or w in SPREAD_WORDS or w in INTO:
            break
        out.append(w)
        if len(out) == MOST_WORDS:
            break
    return out


# A cancer's stage or grade as people say it ("stage 4 bowel cancer", "breast cancer stage
# 3", "grade 2"): ICD-10-CM codes no stage of a malignant neoplasm (C18.9 is the colon's at
# any stage; a spread is coded by its site, above), while the stages of other conditions are
# in their titles ("Chronic kidney disease, stage 3", "Pressure ulcer ..., stage 2"). Searched,
# the stage took the cancer's place ("stage 2 lung cancer": H35.13- Retinopathy of
# prematurity, stage 2).
STAGE_WORDS = frozenset({"stage", "grade"})


def unstaged(parsed: ParsedQuery, says: Callable[[list[Slot]], bool]) -> None:
    """Leaves a stage or grade said beside a cancer unsearched, where no title says it with
    the rest of the query and some title says the rest (in place)."""
    slots = parsed.slots
    staged = [s for s in slots if s.text[:5].lower() in STAGE_WORDS
              and s.text.split()[0].lower() in STAGE_WORDS]
    if not staged or len(staged) == len(slots):
        return  # most queries; or the stage alone
    if not any(t in CANCER_READ for s in slots for a in s.alternatives for t in a.tokens):
        return
    rest = [s for s in slots if s not in staged]
    if says(slots) or not says(rest):
        return
    said = {s.text for s in staged}
    slots[:] = rest
    parsed.expansions[:] = [e for e in parsed.expansions if e["from"] not in said]


def lead_secondary_code(engine: Engine, parsed: ParsedQuery, filters: Filters,
                        ranking: WordRanking, limit: int, offset: int) -> WordRanking:
    """For a query that says where a cancer spread: ``ranking`` with the secondary malignant
    neoplasm of that site first; else as it is."""
    words = query_tokens(parsed.text)
    if (SPREAD_WORDS.isdisjoint(words) or (filters.systems and SYSTEM not in filters.systems)
            or filters.code_range or filters.chapter or filters.kind):
        return ranking
    cancer = any(t in CANCER_READ for s in parsed.slots for a in s.alternatives
                 for t in a.tokens)
    site = spread_site(words, cancer)
    if site is None:
        return ranking
    from medcodes.search.filters import Filters as EngineFilters

    alone = parse(f"secondary malignant neoplasm of {site}", engine.speller)
    own = engine.rank_words(alone, EngineFilters((SYSTEM,)), LOOKED_AT, 0)
    found = next((c for c in own.pool[:LOOKED_AT] if c.system == SYSTEM
                  and code_key(c.code)[:3] in SECONDARY), None)
    if (found is None or (filters.billable is not None and found.billable != filters.billable)
            or not _names_site(found.title, alone)):
        return ranking
    same = next((c for c in ranking.pool if c.id == found.id), found)
    return lead_found(engine, ranking, same, offset, limit, SURE)


def _names_site(title: str, alone: ParsedQuery) -> bool:
    """Does the secondary title name the site said (a word of it, or of its reading: "bones"
    is bone, "lungs" lung), not only the "unspecified site" or "other specified sites" where a
    word that names no site of the titles lands ("spine": C79.9)?"""
    said = {stem(t) for s in alone.slots for a in s.alternatives for t in a.tokens
            if t not in STOPWORDS} - _SECONDARY_WORDS
    return not said.isdisjoint(stem(w) for w in tokens(title))
