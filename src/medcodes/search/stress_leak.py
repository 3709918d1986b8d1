"""Urine lost on a cough, a sneeze or a laugh, told as it happens ("I leak a bit when I cough",
"wee a little when I laugh", "wet myself if I sneeze or jump"): stress incontinence (N39.3),
the loss of urine on a rise in the belly's pressure, which is how patients describe it. The
curated rows ("leaking when coughing") read the short forms; told with "I", "a bit" and two
triggers the words fall apart, so the whole story is restated as the titles' name."""

from __future__ import annotations

import re

_LEAK = (r"(?:leak\w*|dribbl\w*|wee(?:s|d|ing)?|pee(?:s|d|ing)?|urinat\w*|urine"
         r"|wet(?:s|ting)?\s+(?:my|her|him|them)sel(?:f|ves)|wet(?:s|ting)?\s+(?:my|her|his)\s+"
         r"(?:pants|knickers|underwear))")
_WHEN = r"(?:when(?:ever)?|if|as|on|while|(?:every|each)\s+time)"
_TRIGGER = r"(?:cough\w*|sneez\w*|laugh\w*|jump\w*|lift\w*|exercis\w*|trampolin\w*|run(?:s|ning)?)"
# Another finding of the urine said with it is what the story is about ("blood in my pee when
# I run", "it burns when I pee after jogging").
_OTHER_FINDING = re.compile(
    r"\b(?:blood\w*|pain\w*|burn\w*|sting\w*|hurt\w*|sore|cloudy|smell\w*|dark|red|brown"
    r"|froth\w*|foam\w*|infection)\b", re.IGNORECASE)
_STORY = re.compile(
    rf"\b{_LEAK}\b(?:\s+\S+){{0,4}}?\s+{_WHEN}\b(?:\s+\S+){{0,3}}?\s+{_TRIGGER}\b",
    re.IGNORECASE)


def stress_leak(query: str) -> str | None:
    """``query`` told as stress incontinence when it tells urine lost on a strain, or None."""
    if _OTHER_FINDING.search(query):
        return None
    return "stress incontinence" if _STORY.search(query) else None
