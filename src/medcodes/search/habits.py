"""A substance said with how often or how much it is taken is its use.

People say what they take by how often ("weed every day", "drinks every night", "smokes
cigarettes daily") or how much ("drinks heavily"). The words of the habit are in no title
("Activity, other involving ... every day" is none either), but the titles of F10-F19 say what
the habit is: "Cannabis use, unspecified", "Alcohol abuse", "Nicotine dependence". So, beside a
substance, the habit's words read as one slot said by use, abuse or dependence, and a drink
word ("drinking", "drinks") as alcohol: the ICD-10-CM index's "Drinking (alcohol)" is
"see Use, alcohol". Only a query that says nothing but the substance, its taking and the habit
is read so: "itching every night" names no substance, and "thirsty all the time no matter how
much I drink" says a symptom, whose drink is water.

A substance said as stopped beside how it feels ("the shakes since I stopped drinking", "came
off heroin and feel terrible") is its withdrawal: F10-F19 "... with withdrawal".
"""

from __future__ import annotations

from medcodes.search.parsed import Alternative, ParsedQuery, Slot, add_reading
from medcodes.search.text import stem

# How often or how much, as words in a row. One word alone is the whole habit ("daily").
HABITS: tuple[tuple[str, ...], ...] = (
    ("every", "day"), ("every", "night"), ("every", "weekend"), ("each", "day"),
    ("each", "night"), ("on", "weekends"), ("all", "day"), ("all", "the", "time"),
    ("daily",), ("nightly",), ("regularly",), ("heavily",),
    # An amount said by the day or the week: "a bottle of wine a day", "8 pints a night".
    ("a", "day"), ("a", "night"), ("a", "week"), ("per", "day"), ("per", "night"),
    ("per", "week"), ("every", "week"), ("most", "days"), ("most", "nights"),
)
_FIRST_WORDS = frozenset(words[0] for words in HABITS)
# The words of F10-F19's titles that name what is taken (their stems); the lay terms read a
# street name as one of them ("weed": cannabis, "xanax": sedative, hypnotic or anxiolytic).
SUBSTANCES = frozenset(stem(w) for w in (
    "alcohol cannabis opioid cocaine stimulant methamphetamine sedative hypnotic anxiolytic"
    " hallucinogen inhalant nicotine tobacco cigarettes psychoactive").split())
# A drink said with a habit is alcohol ("drinks every night"); alone, it may be water
# ("Inadequate drinking-water supply").
DRINKING = frozenset({"drink", "drinks", "drinking", "drinker", "drinkers"})
ALCOHOL = ("alcohol",)
# How a substance is taken, and how much of it, said beside it: "uses cocaine", "smokes a pack",
# "two beers", "pops pills".
TAKING = frozenset(stem(w) for w in (
    "use uses using used user users take takes taking took smoke smokes smoking smoker snort"
    " snorts snorting shoot shooting inject injects injecting pop pops popping pack packs"
    " bottle bottles glass glasses can cans joint joints pint pints shot shots").split())
# Smoking said with a count ("20 a day", "a pack a day") is of cigarettes.
SMOKES = frozenset({"smoke", "smokes", "smoking", "smoker"})
PACKS = frozenset({"pack", "packs", "packet", "packets"})
CIGARETTES = ("nicotine", "dependence", "cigarettes")
# What the F10-F19 titles call a habit, and Z72.0 "Tobacco use".
USE = (("use",), ("abuse",), ("dependence",))


def _habit(raw: list[str]) -> tuple[int, int] | None:
    """The span (start, end) of the first habit said in ``raw``, or None."""
    if _FIRST_WORDS.isdisjoint(raw):  # most queries: no habit starts anywhere
        return None
    for i in range(len(raw)):
        for words in HABITS:
            if tuple(raw[i : i + len(words)]) == words:
                return i, i + len(words)
    return None


def _names_substance(slot: Slot) -> bool:
    return any(stem(t) in SUBSTANCES for alt in slot.alternatives for t in alt.tokens)


def _of_taking(slot: Slot) -> bool:
    """Does the slot say the substance, a drink, how it is taken or how much?"""
    text = slot.text.lower()
    return (text in DRINKING or text.isdigit() or stem(text) in TAKING
            or _names_substance(slot))


# Control of the taking said lost ("I drink every day and can't stop", "can't stop using",
# "unable to cut down"): a mark of dependence (F10-F19 "... dependence"), not of the
# withdrawal that stopping brings. The word of stopping right after "can't", "cannot",
# "cant" or "unable to".
UNABLE = frozenset({"cannot", "cant", "unable"})
CONTROL = frozenset({"stop", "quit", "control", "cut"})
DEPENDENCE = ("dependence",)


def control_lost(raw: list[str]) -> set[int]:
    """Positions of a word of stopping said as not possible ("can't stop": the "stop")."""
    if CONTROL.isdisjoint(raw):  # most queries
        return set()
    out: set[int] = set()
    for i, word in enumerate(raw):
        if word not in CONTROL or i == 0:
            continue
        before = raw[i - 1]
        if (before in UNABLE or (before == "t" and i > 1 and raw[i - 2] == "can")
                or (before == "to" and i > 1 and raw[i - 2] == "unable")):
            out.add(i)
    return out


def lost_control(parsed: ParsedQuery, raw: list[str]) -> None:
    """A substance said with control of it lost, and nothing else but its taking and a
    habit, as its dependence: the stopping's slot reads "dependence" (in place)."""
    lost = {raw[i] for i in control_lost(raw)}
    if not lost:
        return
    control = [s for s in parsed.slots if s.text.lower() in lost]
    unable = [s for s in parsed.slots if s.text.lower() in UNABLE]  # "unable", "cannot"
    rest = [s for s in parsed.slots if s not in control and s not in unable]
    drinks = [s for s in rest if s.text.lower() in DRINKING]
    if (not control or not rest
            or not all(_of_taking(s) or s.alternatives[0].tokens in USE for s in rest)
            or not (drinks or any(map(_names_substance, rest)))):
        return
    for slot in drinks:
        add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text, ALCOHOL,
                    "lay")
    parsed.slots = [s for s in parsed.slots if s not in unable]
    for slot in control:
        slot.alternatives = [Alternative(DEPENDENCE, "lay")]
        parsed.expansions[:] = [e for e in parsed.expansions if e["from"] != slot.text]
        parsed.expansions.append({"from": slot.text, "to": DEPENDENCE[0], "kind": "lay"})


def habitual_use(parsed: ParsedQuery, raw: list[str]) -> None:
    """Read a habit beside a substance as its use: the habit's own slots (its words that were
    not filler) become one slot said by use, abuse or dependence, and a drink word also says
    alcohol. Control of it said lost ("and can't stop") may be said beside it."""
    span = _habit(raw)
    if span is None:
        return
    said = raw[span[0] : span[1]]
    words = set(said) | {raw[i] for i in control_lost(raw)}
    rest = [s for s in parsed.slots if s.text.lower() not in words]
    drinks = [s for s in rest if s.text.lower() in DRINKING]
    if not all(map(_of_taking, rest)) or not (drinks or any(map(_names_substance, rest))):
        return
    for slot in drinks:
        add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text, ALCOHOL,
                    "lay")
    if any(s.text.isdigit() or s.text.lower() in PACKS for s in rest):
        # A count of what is smoked ("smokes 20 a day", "a pack a day") is of cigarettes:
        # F17.21- Nicotine dependence, cigarettes.
        for slot in rest:
            if slot.text.lower() in SMOKES:
                add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                            CIGARETTES, "lay")
    parsed.slots = [s for s in parsed.slots if s.text.lower() not in set(said)]
    text = " ".join(said)
    parsed.slots.append(Slot(text, [Alternative(u, "lay") for u in USE]))
    parsed.expansions.append({"from": text, "to": " ".join(u[0] for u in USE), "kind": "lay"})


# A substance said as stopped ("since I stopped drinking", "came off heroin", "went cold turkey
# off opiates", "giving up smoking") beside how the person feels is its withdrawal: F10-F19's
# "... with withdrawal" (the ICD-10-CM index: "Withdrawal state - see Use/Abuse/Dependence, by
# substance, with withdrawal"). The stopping and the feeling are one slot read as "withdrawal";
# a drink word also says alcohol, a smoking word nicotine.
STOPPING = frozenset("""
    stopped stopping stop stops quit quitting quitted gave giving give cut cutting came coming
    come comes off turkey
    """.split())
# Not "detox": a detoxification is a service given (HZ2ZZZZ "Detoxification Services for
# Substance Abuse Treatment"), not the withdrawal it treats.
# Words that say the stopping: "came off", "gave up", "cut out", "cold turkey".
STOPPING_SAID = STOPPING | frozenset({"up", "out", "down", "cold"})
# How a withdrawal feels, and when: said beside the stopping, they are the withdrawal.
FEELS = frozenset("""
    shakes shaky shaking shake tremor tremors trembling sweats sweating sweaty sick ill unwell
    terrible awful rough dreadful poorly rattling clucking anxious anxiety irritable agitated
    restless craving cravings insomnia sleep cant can t vomiting nauseous nausea headache
    headaches symptoms withdrawals withdrawal withdrawing feel feeling felt got getting get
    having since after now and then went going when ever because from
    """.split())
SMOKING = frozenset({"smoking", "smokes", "smoke", "cigarettes", "cigs", "fags", "vaping",
                     "vape", "tobacco", "nicotine"})
NICOTINE = ("nicotine",)
WITHDRAWAL = ("withdrawal",)
# A benzodiazepine stopped is F13's "Sedative, hypnotic or anxiolytic ... with withdrawal".
SEDATIVE = ("sedative", "hypnotic", "anxiolytic")
# Hallucinations beside it are the titles' "with perceptual disturbance" (F1x.x32).
SEEING = frozenset({"hallucinations", "hallucination", "hallucinating"})
PERCEPTUAL = ("perceptual", "disturbance")
_STOPPED_SUBSTANCES = SUBSTANCES | {stem("benzodiazepines"), stem("opiates")}


def _stopped_substance(slot: Slot) -> bool:
    text = slot.text.lower()
    return (text in DRINKING or text in SMOKING
            or any(stem(t) in _STOPPED_SUBSTANCES for alt in slot.alternatives
                   for t in alt.tokens))


def stopped_taking(parsed: ParsedQuery, words: set[str]) -> None:
    """A substance said as stopped, beside words of how it feels, as its withdrawal: the
    stopping and the feeling one slot read as "withdrawal" (``words``: the query's words)."""
    if STOPPING.isdisjoint(words) or len(parsed.slots) < 2:
        return
    if any(a.tokens == DEPENDENCE for s in parsed.slots for a in s.alternatives):
        return  # "can't stop": control lost (``lost_control``), no stopping
    substances = [s for s in parsed.slots if _stopped_substance(s)]
    seeing = [s for s in parsed.slots if s not in substances
              and any(not SEEING.isdisjoint(a.tokens) for a in s.alternatives)]
    rest = [s for s in parsed.slots if s not in substances and s not in seeing]
    said = {t for s in rest for t in s.text.lower().split()}
    if (not substances or not rest or said.isdisjoint(STOPPING)
            or not said <= STOPPING_SAID | FEELS):
        return
    for slot in substances:
        text = slot.text.lower()
        benzodiazepine = any("benzodiazepines" in a.tokens for a in slot.alternatives)
        extra = (ALCOHOL if text in DRINKING else NICOTINE if text in SMOKING
                 else SEDATIVE if benzodiazepine else None)
        if extra:
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text, extra,
                        "withdrawal")
    for slot in seeing:
        add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text, PERCEPTUAL,
                    "withdrawal")
    text = " ".join(s.text for s in rest)
    first = parsed.slots.index(rest[0])
    parsed.slots = [s for s in parsed.slots if s not in rest]
    parsed.slots.insert(first, Slot(text, [Alternative(WITHDRAWAL, "withdrawal")]))
    parsed.expansions[:] = [e for e in parsed.expansions if e["from"] not in {s.text for s in rest}]
    parsed.expansions.append({"from": text, "to": "withdrawal", "kind": "withdrawal"})
