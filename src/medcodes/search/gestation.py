"""Labour that starts before 37 weeks is preterm labour.

People say when labour came by the week of the pregnancy ("went into labour at 34 weeks",
"contractions at 30 weeks"), and the titles say it by the word: O60 "Preterm labor" (its note:
onset of labor before 37 completed weeks of gestation), O42.01- "Preterm premature rupture of
membranes". The week alone found the gestation codes (Z3A.34 "34 weeks gestation of
pregnancy") and the labour word long or false labour. So a week under 37 said beside labour
reads also as "preterm"; the week keeps its own reading (Z3A). Not a birth ("born at 34
weeks": the newborn's titles say the week, everyday.born_at).
"""

from __future__ import annotations

from medcodes.search.parsed import ParsedQuery, add_reading
from medcodes.search.text import stem

WEEKS = frozenset({"weeks", "week", "wks", "wk"})
TERM = 37  # completed weeks: before it, preterm
VIABLE = 20  # before it a loss is an abortion, not a labour
LABOUR = frozenset(stem(w) for w in ("labor", "labour", "contractions", "rupture"))
PRETERM = ("preterm",)


def preterm_labour(parsed: ParsedQuery) -> None:
    """Read a week under 37 said beside labour as preterm too (in place)."""
    slots = parsed.slots
    labour = any(stem(t) in LABOUR for s in slots for a in s.alternatives for t in a.tokens)
    if not labour:
        return
    for i in range(len(slots) - 1):
        text = slots[i].text
        if (text.isdigit() and VIABLE <= int(text) < TERM
                and slots[i + 1].text.lower() in WEEKS):
            have = {a.tokens for a in slots[i].alternatives}
            add_reading(parsed, slots[i], have, f"{text} {slots[i + 1].text}", PRETERM,
                        "gestation")
