"""Units of time as people write them, in days: one table for the readings that measure time.

A span ("for three weeks", :mod:`.everyday`), a child's age ("my 2 month old",
:mod:`.encounters`) and a pregnancy's weeks or a mother's years (:mod:`.gestation`) are said
with the same words; each reading takes the units it needs from here, so "wks" or "yrs" is
understood by all of them or by none.
"""

from __future__ import annotations

DAYS: dict[str, int] = {
    "day": 1, "days": 1,
    "week": 7, "weeks": 7, "wk": 7, "wks": 7,
    "month": 30, "months": 30,
    "year": 365, "years": 365, "yr": 365, "yrs": 365,
}
HOURS = frozenset({"hour", "hours", "hr", "hrs"})
WEEKS = frozenset(unit for unit, days in DAYS.items() if days == 7)
YEARS = frozenset(unit for unit, days in DAYS.items() if days == 365)
