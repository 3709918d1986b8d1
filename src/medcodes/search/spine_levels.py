"""Spinal levels read as the ICD-10-PCS body parts they name.

Surgeons and coders name a spinal operation by its levels ("L4-L5 fusion", "ACDF C5-C6",
"kyphoplasty L1"); ICD-10-PCS titles never say a level, only the region and how many joints:
"Lumbar Vertebral Joint", "Lumbar Vertebral Joints, 2 or more", "Lumbosacral Joint", "Lumbar
Vertebral Disc", "Lumbar Vertebra". So a span of levels reads as the joints between them (and,
one joint apart, the disc there), a level alone as its vertebra. The levels' own words are
kept (ICD-10-CM titles say "L4-L5"), the span one slot: one place on the spine.
"""

from __future__ import annotations

import re

from medcodes.search.parsed import Alternative, ParsedQuery, Slot, add_reading

_LEVEL = re.compile(r"([ctls])(\d{1,2})")
# Region letter -> (its word in the titles, how many vertebrae it has).
_REGIONS = {"c": ("cervical", 7), "t": ("thoracic", 12), "l": ("lumbar", 5), "s": ("sacral", 1)}
_START = {"c": 0, "t": 7, "l": 19, "s": 24}  # position on the spine of each region's first level
_VERTEBRA = {"c": ("cervical", "vertebra"), "t": ("thoracic", "vertebra"),
             "l": ("lumbar", "vertebra"), "s": ("sacrum",)}
# The joint between two levels by the regions of its upper and lower level: its title words,
# and its disc's.
_JOINTS = {
    "cc": (("cervical", "vertebral", "joint"), ("cervical", "vertebral", "disc")),
    "ct": (("cervicothoracic", "vertebral", "joint"), ("cervicothoracic", "vertebral", "disc")),
    "tt": (("thoracic", "vertebral", "joint"), ("thoracic", "vertebral", "disc")),
    "tl": (("thoracolumbar", "vertebral", "joint"), ("thoracolumbar", "vertebral", "disc")),
    "ll": (("lumbar", "vertebral", "joint"), ("lumbar", "vertebral", "disc")),
    "ls": (("lumbosacral", "joint"), ("lumbosacral", "disc")),
}
# Several joints of one region: the body parts ICD-10-PCS fuses them as (the fewest joints each
# takes, its words but the small ones: "2 or more" is said "2 more").
_SEVERAL = {
    "cc": ((2, ("2", "more", "cervical", "vertebral", "joints")),),
    "tt": ((2, ("2", "7", "thoracic", "vertebral", "joints")),
           (8, ("8", "more", "thoracic", "vertebral", "joints"))),
    "ll": ((2, ("2", "more", "lumbar", "vertebral", "joints")),),
}


# How many levels an operation spans, as surgeons say it ("two level", "2-level", "multilevel",
# "single level"): ICD-10-PCS counts the joints, one for a single level, "2 or more" (the
# thoracic spine's "2 to 7") for more.
_COUNTS = {"one": 1, "single": 1, "1": 1, "two": 2, "2": 2, "three": 3, "3": 3, "four": 4,
           "4": 4, "five": 5, "5": 5, "multi": 2, "multiple": 2}
_LEVEL_WORDS = frozenset({"level", "levels"})
_SEVERAL_JOINTS = (("2", "more"), ("2", "7"))


def _count(words: list[str], i: int) -> int | None:
    """The number of levels said by ``words[i]`` and the level word after it, or None."""
    if words[i] == "multilevel":
        return -1
    if i + 1 < len(words) and words[i + 1] in _LEVEL_WORDS and words[i] in _COUNTS:
        return 0 if words[i] in ("multi", "multiple") else _COUNTS[words[i]]
    return None


def _may_say_level(text: str) -> bool:
    """Can a slot of ``text`` begin a level or a count of levels (``_count``, ``_level``): a
    digit, "multilevel", or the level word a count comes before?"""
    return text == "multilevel" or text in _LEVEL_WORDS or _DIGIT.search(text) is not None


_DIGIT = re.compile(r"\d")  # a digit, as ``_LEVEL`` reads one


def _level(text: str, region: str | None = None) -> tuple[str, int] | None:
    """(region letter, number) of a level ("l4"), or of a bare number after one ("L4-5")."""
    match = _LEVEL.fullmatch(text)
    if match:
        region, number = match[1], int(match[2])
    elif region is not None and text.isdigit():
        number = int(text)
    else:
        return None
    return (region, number) if region and 1 <= number <= _REGIONS[region][1] else None


def _position(level: tuple[str, int]) -> int:
    return _START[level[0]] + level[1] - 1


def _region_at(position: int) -> str:
    return next(r for r in "sltc" if position >= _START[r])


def span_readings(upper: tuple[str, int], lower: tuple[str, int]) -> list[tuple[str, ...]]:
    """The ICD-10-PCS words for the joints from one level to another (either order): each
    kind of joint crossed, several of one region as PCS counts them, the disc when they
    are one joint apart, and the vertebrae of each region."""
    top, bottom = sorted((_position(upper), _position(lower)))
    crossed: dict[str, int] = {}
    for p in range(top, bottom):
        kind = _region_at(p) + _region_at(p + 1)
        crossed[kind] = crossed.get(kind, 0) + 1
    out: list[tuple[str, ...]] = []
    for kind, count in crossed.items():
        several = [words for least, words in _SEVERAL.get(kind, ()) if count >= least]
        out.append(several[-1] if several else _JOINTS[kind][0])
    if bottom - top == 1:
        out.append(_JOINTS[next(iter(crossed))][1])
    for region in dict.fromkeys(_region_at(p) for p in (top, bottom)):
        out.append(_VERTEBRA[region])
    return out


def spine_levels(parsed: ParsedQuery) -> None:
    """Two levels side by side ("L4-L5", "L4-5", "L5-S1") become one slot that also reads as
    the joints between them; a level alone ("L1", "T12") also reads as its vertebra."""
    texts = [slot.text for slot in parsed.slots]
    if not any(_may_say_level(t) for t in texts):
        _region_said(parsed)  # most queries: no level nor count of levels said
        return
    slots: list[Slot] = []
    i = 0
    while i < len(parsed.slots):
        slot = parsed.slots[i]
        count = _count(texts, i)
        if count is not None:
            # One level is no more than the joint said; several are "2 or more" joints.
            taken = 1 if count < 0 else 2
            if count == 1:
                i += taken
                continue
            several = Slot(text=" ".join(texts[i:i + taken]),
                           alternatives=[Alternative(tuple(texts[i:i + taken]), "original")])
            for joints in _SEVERAL_JOINTS:
                add_reading(parsed, several, {alt.tokens for alt in several.alternatives},
                            several.text, joints, "body part")
            slots.append(several)
            i += taken
            continue
        upper = _level(slot.text)
        if upper is None:
            slots.append(slot)
            i += 1
            continue
        nxt = parsed.slots[i + 1] if i + 1 < len(parsed.slots) else None
        lower = _level(nxt.text, upper[0]) if nxt is not None else None
        if lower is not None and lower != upper and nxt is not None:
            span = Slot(text=f"{slot.text} {nxt.text}",
                        alternatives=[Alternative((slot.text, nxt.text), "original")])
            have = {alt.tokens for alt in span.alternatives}
            for words in span_readings(upper, lower):
                add_reading(parsed, span, have, span.text, words, "body part")
            slots.append(span)
            i += 2
            continue
        add_reading(parsed, slot, {alt.tokens for alt in slot.alternatives}, slot.text,
                    _VERTEBRA[upper[0]], "body part")
        slots.append(slot)
        i += 1
    parsed.slots = slots
    _region_said(parsed)


# The words of a spinal region in the titles, and the nouns a part of it ends with.
_REGION_WORDS = frozenset({"cervical", "cervicothoracic", "thoracic", "thoracolumbar", "lumbar",
                           "lumbosacral", "sacrum"})
_PART_NOUNS = frozenset({"vertebra", "disc", "joint", "joints"})


def _region_said(parsed: ParsedQuery) -> None:
    """A level says the region: a reading of another word that assumes one ("discectomy":
    Excision of Lumbar Vertebral Disc) also reads with the part the level names instead
    ("C6-C7 discectomy": Excision of Cervical Vertebral Disc)."""
    named: dict[str, list[tuple[str, ...]]] = {}  # noun -> the levels' parts ending with it
    for slot in parsed.slots:
        for alt in slot.alternatives:
            if alt.kind == "body part" and alt.tokens[0] in _REGION_WORDS | {"2", "8"}:
                named.setdefault(alt.tokens[-1], []).append(alt.tokens)
    if not named:
        return
    for slot in parsed.slots:
        have = {alt.tokens for alt in slot.alternatives}
        for alt in list(slot.alternatives):
            if alt.kind not in ("lay", "abbreviation", "procedure"):
                continue
            for start, word in enumerate(alt.tokens):
                end = next((j for j in range(start, len(alt.tokens))
                            if alt.tokens[j] in _PART_NOUNS), None)
                if word not in _REGION_WORDS or end is None:
                    continue
                for part in named.get(alt.tokens[end], ()):
                    if part != alt.tokens[start:end + 1]:
                        words = (*alt.tokens[:start], *part, *alt.tokens[end + 1:])
                        add_reading(parsed, slot, have, " ".join(alt.tokens), words, "body part")
