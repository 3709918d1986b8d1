"""A part of the body said in everyday words beside a condition ICD-10-CM codes by site, read
as the region the titles name it by (``data/site_titles.tsv``).

People say "cellulitis left arm", "a clot in my calf", "a lump on my back", "melanoma on my
leg"; the titles say L03.114 Cellulitis of left upper limb, I82.4- deep veins of lower
extremity, R22.2 Localized swelling, mass and lump, trunk, C43.7- lower limb. Read as typed,
"arm" matched no cellulitis title and the query led with N73.2 (pelvic) cellulitis. The part is
read as the region only beside a word of such a condition (``CONDITIONS``), so a broken arm or a
sore back keeps its own words alone; the part's own word is read too."""

from __future__ import annotations

from functools import cache

from medcodes.search.parsed import ParsedQuery, add_reading
from medcodes.search.text import STOPWORDS, stem, tokens
from medcodes.search.vocab import read_rows

SITES_FILE = "site_titles.tsv"

# The conditions whose codes say the site, as people type them: skin infections
# and abscesses, clots and veins, lumps and swellings, fatty lumps, moles and skin cancers,
# chronic ulcers and sores. Pain and rashes are not among them: M79.6- says arm and leg, and
# no rash title says a site.
CONDITIONS = frozenset("""
    cellulitis abscess abscesses boil boils carbuncle carbuncles furuncle furuncles
    lymphangitis infection infected clot clots thrombosis dvt thrombophlebitis phlebitis
    varicose lymphedema lymphoedema lump lumps swelling swollen mass lipoma lipomas melanoma
    cancer carcinoma bcc scc mole moles nevus naevus nevi ulcer ulcers sore sores
    """.split())


@cache
def _site_titles() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The parts of ``data/site_titles.tsv`` by stem, with each of their title wordings."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for part, words in read_rows(SITES_FILE):
        out.setdefault(stem(part), []).append(
            tuple(w for w in tokens(words) if w not in STOPWORDS))
    return {part: tuple(wordings) for part, wordings in out.items()}


def part_as_site(parsed: ParsedQuery, raw: list[str]) -> None:
    """Read a part of ``data/site_titles.tsv`` as the titles' region when another word of the
    query says a condition coded by site (``CONDITIONS``)."""
    if CONDITIONS.isdisjoint(raw):
        return
    table = _site_titles()
    named = {w for w in raw if stem(w) in table}
    if not named:
        return
    for slot in parsed.slots:
        if slot.text in named:
            have = {a.tokens for a in slot.alternatives}
            for words in table[stem(slot.text)]:
                add_reading(parsed, slot, have, slot.text, words, "lay")
