"""Harm from what was reacted to, eaten or breathed, as people tell it, read as the titles'
conditions no word of the query names:

- lips or a tongue (or a face, beside an allergy or a medicine) swelling up is angioedema
  (T78.3 "Angioneurotic edema"), a throat closing or swelling shut beside an allergy or a food
  anaphylaxis (T78.2, T78.0-);
- being ill after food gone bad is food poisoning (A05 "... foodborne intoxication");
- fumes breathed from a heater, a boiler or a fire are carbon monoxide (T58 "Toxic effect of
  carbon monoxide from ...").

Each joins the words that tell it into one slot read as the title's words, so neither a part
alone (the throat's pharyngitis) nor a word alone (the heater) leads. Gated on cue words.
"""

from __future__ import annotations

from medcodes.search.medicines import is_medicine
from medcodes.search.parsed import Alternative, ParsedQuery, Slot, add_reading
from medcodes.search.text import tokens

SWELLS = frozenset("""
    swollen swelling swelled swell swells swole puffy puffed ballooned blew closing closed
    shut tight tightening
    """.split())
CLOSING = frozenset("closing closed shut tight tightening".split())
# Parts whose sudden swelling is angioedema (a face's beside an allergy); a throat's is an
# airway closing (anaphylaxis). Not a part hurt: a lip swollen after a punch is a contusion.
ANGIOEDEMA_PARTS = frozenset("lips lip tongue".split())
FACES = frozenset({"face"})
HURT = frozenset("""
    hit punched punch cut split bit bitten fell fall fallen injury injured kicked sting stung
    bee wasp tooth teeth dental abscess infection infected
    """.split())
THROATS = frozenset({"throat", "airway", "airways"})
SWELLING_PARTS = ANGIOEDEMA_PARTS | THROATS | FACES
ALLERGIC = frozenset("allergy allergic allergies reaction anaphylaxis eating ate".split())
ANGIOEDEMA = ("angioneurotic", "edema")
ANAPHYLACTIC = ("anaphylactic",)

SICK = frozenset("""
    sick ill unwell poorly vomiting throwing puking diarrhea diarrhoea runs spewing
    """.split())
GONE_BAD = frozenset("""
    bad off dodgy spoiled spoilt rotten undercooked contaminated expired stale iffy dodgey
    """.split())
FOODS = frozenset("""
    food meal takeaway takeout restaurant chicken meat fish seafood shellfish mussels oysters
    prawns shrimp eggs egg rice sushi kebab leftovers burger eating ate eaten something
    """.split())
FOODBORNE = ("bacterial", "foodborne", "intoxication")
NOT_GONE_OFF = frozenset("my his her their our your food eating work sick".split())

FUMES = frozenset("fumes fume exhaust".split())
BURNERS = frozenset("""
    heater heaters boiler furnace stove fire fireplace generator barbecue bbq cooker oven
    chimney flue engine exhaust
    """.split())
CARBON_MONOXIDE = ("toxic", "effect", "carbon", "monoxide")


def _join(parsed: ParsedQuery, cues: frozenset[str] | set[str], reading: tuple[str, ...], kind: str,
          extra: tuple[str, ...] | None = None) -> None:
    """The slots from the first to the last holding a word of ``cues``, one slot said as
    typed or as ``reading`` (and ``extra``)."""
    at = [i for i, s in enumerate(parsed.slots) if not cues.isdisjoint(s.text.lower().split())]
    if not at:
        return
    start, end = at[0], at[-1] + 1
    readings = [reading] if extra is None else [reading, extra]
    if end - start == 1:  # one slot: its own readings kept ("car exhaust": motor vehicle)
        slot = parsed.slots[start]
        have = {a.tokens for a in slot.alternatives}
        for r in readings:
            add_reading(parsed, slot, have, slot.text, r, kind)
        return
    joined = parsed.slots[start:end]
    text = " ".join(s.text for s in joined)
    typed = tuple(t for s in joined for t in s.alternatives[0].tokens)
    parsed.slots[start:end] = [Slot(text, [Alternative(typed, "original"),
                                           *(Alternative(r, kind) for r in readings)])]
    said = {s.text for s in joined}
    parsed.expansions[:] = [e for e in parsed.expansions if e["from"] not in said]
    parsed.expansions.extend({"from": text, "to": " ".join(r), "kind": kind} for r in readings)


def swelling_up(parsed: ParsedQuery, words: set[str]) -> None:
    """Lips, a face or a tongue swelling up as angioedema; a throat closing or swelling beside
    an allergy or food as anaphylaxis (and angioedema)."""
    parts = words & SWELLING_PARTS
    if not parts or words.isdisjoint(SWELLS) or not words.isdisjoint(HURT):
        return
    if parts & THROATS and (words & CLOSING or words & ALLERGIC):
        # A food said is T78.0- "Anaphylactic reaction due to <food>", else T78.2 "shock".
        said = ANAPHYLACTIC + (("reaction",) if words & FOODS else ("shock",))
        _join(parsed, parts | SWELLS | (ALLERGIC - {"eating", "ate"}), said,
              "allergic reaction", ANGIOEDEMA)
    elif parts & ANGIOEDEMA_PARTS or (parts & FACES and (
            words & ALLERGIC or any(map(is_medicine, parsed.slots)))):
        _join(parsed, parts | SWELLS | (ALLERGIC - {"eating", "ate"}), ANGIOEDEMA,
              "allergic reaction")


def bad_food(parsed: ParsedQuery, words: set[str]) -> None:
    """Ill after food gone bad as bacterial foodborne intoxication."""
    if words.isdisjoint(GONE_BAD) or words.isdisjoint(FOODS) or words.isdisjoint(SICK):
        return
    said = tokens(parsed.text)
    # "off" says food gone bad ("the chicken was off"), not "off my food" (no appetite).
    bad = words & GONE_BAD - {"off"} or any(
        w == "off" and (i + 1 == len(said) or said[i + 1] not in NOT_GONE_OFF)
        for i, w in enumerate(said))
    if not bad:
        return
    _join(parsed, SICK | GONE_BAD | FOODS, FOODBORNE, "food poisoning")


def burner_fumes(parsed: ParsedQuery, words: set[str]) -> None:
    """Fumes from something that burns fuel as carbon monoxide."""
    if words.isdisjoint(FUMES) or words.isdisjoint(BURNERS) or "monoxide" in words:
        return
    _join(parsed, FUMES | BURNERS, CARBON_MONOXIDE, "fumes")


# Anaphylaxis beside a food is T78.0- "Anaphylactic reaction due to <food>" (the index:
# "Anaphylactic reaction, due to food, peanuts ..."), not T78.2 "Anaphylactic shock,
# unspecified", which the word "anaphylaxis" alone is: the food said as its title's words.
ANAPHYLAXIS = frozenset({"anaphylaxis", "anaphylactic", "anaphylactoid", "anaphylaxia"})
FOOD_TITLES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys("peanut peanuts groundnut groundnuts".split(), ("peanuts",)),
    **dict.fromkeys("""
        nut nuts cashew cashews almond almonds walnut walnuts hazelnut hazelnuts pistachio
        pistachios pecan pecans brazil macadamia sesame seeds seed
        """.split(), ("tree", "nuts", "seeds")),
    **dict.fromkeys("""
        shellfish prawn prawns shrimp shrimps crab crabs lobster lobsters crayfish langoustine
        """.split(), ("shellfish", "crustaceans")),
    **dict.fromkeys("fish salmon tuna cod haddock mackerel".split(), ("other", "fish")),
    **dict.fromkeys("milk dairy cheese yoghurt yogurt".split(), ("milk", "dairy", "products")),
    **dict.fromkeys("egg eggs".split(), ("eggs",)),
    **dict.fromkeys("fruit fruits vegetable vegetables kiwi banana strawberries".split(),
                    ("fruits", "vegetables")),
    **dict.fromkeys("food foods".split(), ("food",)),
}
FOOD_REACTION = ("anaphylactic", "reaction")
# The eating and the shock are in T78.0-'s includes ("anaphylactic shock due to food").
EATEN = frozenset({"eating", "ate", "eaten", "eat", "having", "had", "shock"})


def food_anaphylaxis(parsed: ParsedQuery, words: set[str]) -> None:
    """Anaphylaxis beside a food as the food's anaphylactic reaction (T78.0-)."""
    if words.isdisjoint(ANAPHYLAXIS) or words.isdisjoint(FOOD_TITLES):
        return
    foods = [s for s in parsed.slots if s.text.lower() in FOOD_TITLES]
    shocks = [s for s in parsed.slots if not ANAPHYLAXIS.isdisjoint(s.text.lower().split())]
    if not foods or not shocks:
        return
    for slot in shocks:
        add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                    FOOD_REACTION, "food anaphylaxis")
    for slot in foods:
        add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                    FOOD_TITLES[slot.text.lower()], "food anaphylaxis")
    parsed.slots = [s for s in parsed.slots if s.text.lower() not in EATEN]


def harm_told(parsed: ParsedQuery, words: set[str]) -> None:
    """The readings above, each gated on its cue words (``words``: the query's words)."""
    if len(parsed.slots) < 2:
        return
    swelling_up(parsed, words)
    food_anaphylaxis(parsed, words)
    bad_food(parsed, words)
    burner_fumes(parsed, words)
