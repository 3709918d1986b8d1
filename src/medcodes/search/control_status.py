"""A condition said with how well it is controlled ("hypertensive, well controlled",
"asthma - well controlled", "htn, controlled"): a problem list's status, which no title says;
read as words, "controlled" found the titles that say its opposite ("uncontrolled",
ICD-9's "not stated as uncontrolled") and "Other hypertension" I1A led. Such a query is
restated as the condition alone. Uncontrolled is no such status: it is a diabetes's
hyperglycemia (diabetes_control), and is left as it is; so is "stable", which names a kind of
some conditions ("stable angina").
"""

from __future__ import annotations

import re

_STATUS = re.compile(
    r"^\s*(.*?\w.*?)[\s,;:-]+(?:(?:well|good|adequately|currently)\s+)?"
    r"(?:controlled|under\s+control)\s*\.?\s*$", re.IGNORECASE)

# Said before the status, it denies it ("isn't under control", "not well controlled").
_DENIED = re.compile(r"\b(?:not|never|no|poorly|badly)\b|n[’']?t\b", re.IGNORECASE)


def without_status(query: str) -> str | None:
    """The condition without its controlled status (see the module), else None."""
    if "control" not in query.lower():  # the status's word, which _STATUS needs
        return None
    m = _STATUS.match(query)
    if not m or _DENIED.search(m.group(1)):
        return None
    return m.group(1)
