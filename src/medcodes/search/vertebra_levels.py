"""A vertebra's fracture said by its level ("C4 fx", "L1 compression fracture", "T12 burst
fracture"), restated as the ICD-10-CM titles name the vertebra.

The fracture titles name a vertebra in words, "Fracture of fourth cervical vertebra" (S12.3),
"... first lumbar vertebra" (S32.01), "... third thoracic vertebra" (S22.03), and from T5 down
as a pair, "Fracture of T5-T6 vertebra" (S22.05) to "T11-T12" (S22.08). A level said as its
letter and number (search.spine_levels reads it as the region's vertebra, the ICD-10-PCS body
part) found the region's unspecified fracture, and every level's fracture after it in code
order, "C4" the first and second cervical vertebrae's first.

Read only in a fracture (``FRACTURE``) said at one level: a span ("C5-C6") is a joint, its
dislocation or its disc, and is left to search.spine_levels.
"""

from __future__ import annotations

import re

from medcodes.search.text import query_tokens

FRACTURE = frozenset({"fx", "fxs", "fracture", "fractures", "fractured", "broken", "broke"})
_LEVEL = re.compile(r"([ctl])(\d{1,2})")
_COUNT = {"c": 7, "t": 12, "l": 5}
_REGION = {"c": "cervical", "t": "thoracic", "l": "lumbar"}
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh")
# The vertebra's own word after its level ("L3 vertebra"), which the restatement says.
VERTEBRA = frozenset({"vertebra", "vertebrae", "vertebral", "vert"})


def _level(word: str) -> tuple[str, int] | None:
    match = _LEVEL.fullmatch(word)
    if match is None:
        return None
    region, number = match.group(1), int(match.group(2))
    return (region, number) if 1 <= number <= _COUNT[region] else None


def _named(region: str, number: int) -> list[str]:
    """The titles' name of a vertebra: its ordinal and region, or from T5 its pair."""
    if region == "t" and number >= 5:
        low = number if number % 2 else number - 1
        return [f"t{low}", f"t{low + 1}", "vertebra"]
    return [ORDINALS[number - 1], _REGION[region], "vertebra"]


def vertebra_level(query: str) -> str | None:
    """The query with its one vertebral level named as the fracture titles name it (see the
    module), else None."""
    words = query_tokens(query)
    if FRACTURE.isdisjoint(words):
        return None
    levels = [(i, lv) for i, w in enumerate(words) if (lv := _level(w)) is not None]
    if len(levels) != 1:
        return None
    i, (region, number) = levels[0]
    after = i + 1 + (i + 1 < len(words) and words[i + 1] in VERTEBRA)
    return " ".join([*words[:i], *_named(region, number), *words[after:]])
