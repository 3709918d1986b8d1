"""The episode of obstetric care a chart's shorthand says after a condition.

Coders wrote the episode of care after the condition ("Anemia-delivered", "Asthma-antepart",
"Mastitis-postpartum"; ICD-9-CM's fifth digits 1-4 of 640-679 said it so). ICD-10-CM says the
same times in words of its own: a condition complicating pregnancy, childbirth or the
puerperium (O98-O9A's codes end in those words). So each episode word is read as the pregnancy
state and the time it names, and the chapter-15 holder's code for that time is the one found.
"""

from __future__ import annotations

from medcodes.search.parsed import Slot
from medcodes.search.text import tokens

PREGNANCY, CHILDBIRTH, PUERPERIUM = "pregnancy", "childbirth", "puerperium"
TIMES = frozenset({PREGNANCY, CHILDBIRTH, PUERPERIUM})  # as ICD-10-CM's titles name them
# Episode words (and the chart's clipped spellings) and the time each names in ICD-10-CM's
# titles. "Delivered" alone is the episode of care at delivery: the condition in childbirth.
# "Puerperal" is not one: it names conditions of their own ("puerperal sepsis": O85).
EPISODES: dict[str, str] = {
    # ICD-9-CM's short titles cut the episode where 24 characters end ("Contrac pelv
    # NOS-antepar", "Inj pelv org NEC-postpar", "Oth ob surg compl-postpa", "Retrovert
    # uterus-deliver").
    **dict.fromkeys(("antepartum", "antepart", "antepar", "antenatal", "prenatal"),
                    PREGNANCY),
    **dict.fromkeys(("delivered", "deliv", "deliver", "intrapartum"), CHILDBIRTH),
    **dict.fromkeys(("postpartum", "postpart", "postpar", "postpa", "puerperium",
                     "postnatal"), PUERPERIUM),
}


def episode(slot: Slot) -> str | None:
    """The time of obstetric care the slot says (its text or one of its readings), or None."""
    said = [slot.text.lower(), *(t for a in slot.alternatives for t in a.tokens)]
    return next((EPISODES[w] for w in said if w in EPISODES), None)


def episode_said(slots: list[Slot]) -> str | None:
    """The one time the query's slots say, or None when none or more than one is said (a
    pregnancy "delivered with postpartum complication" names no single time)."""
    times = {t for t in map(episode, slots) if t is not None}
    return times.pop() if len(times) == 1 else None


def titled_times(title: str) -> set[str]:
    """The times a title names in episode words ("Postpartum depression": the puerperium)."""
    words = set(tokens(title))
    return {EPISODES[w] for w in words if w in EPISODES} | (TIMES & words)
