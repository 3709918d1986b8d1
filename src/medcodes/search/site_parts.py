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
from medcodes.search.procedure_reading import ROOT_OPERATIONS
from medcodes.search.text import STOPWORDS, stem, tokens
from medcodes.search.vocab import read_rows

SITES_FILE = "site_titles.tsv"

# Abscesses, boils and carbuncles have titles of their own for a hand or a foot (L02.51-,
# L02.61-); cellulitis and lymphangitis of one are the limb's (the index: "Cellulitis, hand - see
# Cellulitis, upper limb"; L03.11-, L03.12- exclude only the fingers and toes), so the limb is
# read for a hand or a foot only when none of the former is said.
_OWN_SITE_INFECTIONS = frozenset("""
    abscess abscesses boil boils carbuncle carbuncles furuncle furuncles
    """.split())
_LIMB_INFECTIONS = frozenset({"cellulitis", "lymphangitis"})
# The skin infections, whose titles name the trunk's parts themselves (L03.312 Cellulitis of
# back, L02.211 Cutaneous abscess of abdominal wall): the trunk there is only the unspecified
# code, and its rarer word would put it first.
SKIN_INFECTIONS = _OWN_SITE_INFECTIONS | _LIMB_INFECTIONS | {"infection", "infected"}
_TRUNK = ("trunk",)
# The conditions whose codes say the site, as people type them: skin infections and
# abscesses, clots and veins, lumps and swellings, fatty lumps, moles and skin cancers, chronic
# ulcers and sores (not "sore", mostly said of a pain). Pain and rashes are not among them:
# M79.6- says arm and leg, and no rash title says a site.
CONDITIONS = SKIN_INFECTIONS | frozenset("""
    clot clots thrombosis dvt thrombophlebitis phlebitis
    varicose lymphedema lymphoedema lump lumps swelling swollen mass lipoma lipomas melanoma
    cancer carcinoma bcc scc sarcoma mole moles nevus naevus nevi ulcer ulcers sores
    """.split())
_HAND_FOOT = {"hand": ("upper", "limb"), "foot": ("lower", "limb")}
# A sore or a wound said not to heal, or an open or weeping sore, is a chronic ulcer (L97.-,
# L98.4-), not the pain "sore" mostly says; "sore" is then a condition coded by site.
_SORES = frozenset({"sore", "sores", "wound", "wounds"})
_UNHEALED = frozenset({"heal", "heals", "healing", "healed", "nonhealing", "unhealed"})
_OPEN = frozenset({"open", "weeping", "oozing"})
_ULCER = ("chronic", "ulcer")
# A chronic ulcer's own titles name these parts (L97.1- thigh, L97.2- calf, L98.42- back,
# L98.43- abdomen): beside an ulcer alone they are not read as the region too, which led with
# another condition's ulcer (I83.012 "Varicose veins of right lower extremity with ulcer of
# calf" over L97.21 for "ulcer on my right calf").
_ULCER_WORDS = frozenset({"ulcer", "ulcers"})
_ULCER_PARTS = frozenset({"calf", "thigh", "back", "abdomen"})
# A lipoma's titles name a limb as an arm or a leg (D17.21 "... of right arm", D17.23 "... of
# right leg"), not as the other titles' upper or lower limb: beside one, a part of a limb reads
# as that word too ("fatty lump on right thigh": D17.23).
_LIPOMAS = frozenset({"lipoma", "lipomas", "fatty"})
_LIMB_AS = {("upper", "limb"): ("arm",), ("lower", "limb"): ("leg",)}
# A clot beside a part is the titles' embolism and thrombosis of the part's veins; no lay row
# says "clot" alone (it is a blood clot's, a clot buster's word), and the words between ("clot
# in left arm vein") broke the lay phrases.
_CLOTS = frozenset({"clot", "clots"})
_THROMBOSIS = ("embolism", "thrombosis")
# The kind of the readings: the part again in the titles' words, which the meaning model is
# not given (hybrid.meaning_text: "upper limb" pulled "clot deep in my thigh vein" towards the
# upper extremity's clots).
SITE_KIND = "site"


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
    query says a condition coded by site (``CONDITIONS``); a sore that will not heal as a
    chronic ulcer, a clot beside a part as a thrombosis, a hand or a foot beside cellulitis as
    the limb."""
    said = set(raw)
    ulcer = not _SORES.isdisjoint(said) and (
        not _UNHEALED.isdisjoint(said) or (not _OPEN.isdisjoint(said) and "wound" not in said))
    if CONDITIONS.isdisjoint(said) and not ulcer:
        return
    table = _site_titles()
    limb = not _LIMB_INFECTIONS.isdisjoint(said) and _OWN_SITE_INFECTIONS.isdisjoint(said)
    placed = any(stem(w) in table for w in raw)
    if not placed and not ulcer and not (limb and not said.isdisjoint(_HAND_FOOT)):
        return
    if any(not ROOT_OPERATIONS.isdisjoint(a.tokens) for s in parsed.slots
           for a in s.alternatives):
        return  # an operation on the part ("abscess on my thigh lanced": PCS's upper leg)
    infected = not SKIN_INFECTIONS.isdisjoint(raw)
    ulcer_alone = (ulcer or not _ULCER_WORDS.isdisjoint(said)) and CONDITIONS.isdisjoint(
        said - _ULCER_WORDS - _SORES)
    for slot in parsed.slots:
        words = slot.text.split()
        have = {a.tokens for a in slot.alternatives}
        if ulcer and slot.text in _SORES:
            add_reading(parsed, slot, have, slot.text, _ULCER, SITE_KIND)
        elif placed and slot.text in _CLOTS:
            add_reading(parsed, slot, have, slot.text, _THROMBOSIS, SITE_KIND)
        elif limb and slot.text in _HAND_FOOT:
            add_reading(parsed, slot, have, slot.text, _HAND_FOOT[slot.text], SITE_KIND)
        part = stem(words[-1])
        if part not in table or len(words) > 2 or not CONDITIONS.isdisjoint(words) or (
                ulcer_alone and part in _ULCER_PARTS):
            continue  # a phrase of a condition ("swelling in my legs") is read as its own
        if len(words) > 1:  # a lay phrase of the part ("lower back": the titles' back)
            add_reading(parsed, slot, have, slot.text, (words[-1],), SITE_KIND)
        for wording in table[part]:
            if wording == _TRUNK and infected:
                continue
            add_reading(parsed, slot, have, slot.text, wording, SITE_KIND)
            if wording in _LIMB_AS and not _LIPOMAS.isdisjoint(said) and part != stem(
                    _LIMB_AS[wording][0]):
                add_reading(parsed, slot, have, slot.text, _LIMB_AS[wording], SITE_KIND)
