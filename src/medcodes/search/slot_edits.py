"""Edits the procedure readers make to a parsed query's slots: readings taken off a slot and
the query's expansions, a device's approach dropped as it comes out, and the slots beside
marked ones."""

from __future__ import annotations

from collections.abc import Iterator

from medcodes.search.approach import APPROACH_WORDS
from medcodes.search.parsed import ParsedQuery, Slot


def drop_kind(parsed: ParsedQuery, slot: Slot, kind: str, head: str) -> None:
    """Take the ``kind`` readings of ``slot`` that begin with ``head`` off it and the query's
    expansions."""
    gone = {alt.tokens for alt in slot.alternatives if alt.kind == kind and alt.tokens[0] == head}
    slot.alternatives = [alt for alt in slot.alternatives if alt.tokens not in gone]
    parsed.expansions = [e for e in parsed.expansions
                         if not (e["kind"] == kind and tuple(e["to"].split()) in gone)]


def drop(parsed: ParsedQuery, slot: Slot, readings: tuple[tuple[str, ...], ...]) -> None:
    """Take the procedure ``readings`` off ``slot`` and the query's expansions."""
    slot.alternatives = [alt for alt in slot.alternatives
                         if alt.kind != "procedure" or alt.tokens not in readings]
    parsed.expansions = [e for e in parsed.expansions if not (
        e["kind"] == "procedure" and tuple(e["to"].split()) in readings)]


def coming_out(parsed: ParsedQuery) -> None:
    """A device taken out is read without the approach its name says it went in by (a PEG
    tube is put in through the skin and pulled out): ``approach.rank`` then orders its
    removal codes."""
    for slot in parsed.slots:
        for alt in slot.alternatives:
            if alt.kind == "device" and not APPROACH_WORDS.isdisjoint(alt.tokens):
                alt.tokens = tuple(t for t in alt.tokens if t not in APPROACH_WORDS)


def beside(parsed: ParsedQuery, marked: list[bool]
            ) -> Iterator[tuple[Slot, set[tuple[str, ...]]]]:
    """The slots beside the marked ones (none when no slot is marked), each with its readings
    so far."""
    if not any(marked):
        return
    for slot, mark in zip(parsed.slots, marked, strict=True):
        if not mark:
            yield slot, {alt.tokens for alt in slot.alternatives}


def drop_readings(parsed: ParsedQuery, slot: Slot, words: tuple[str, ...]) -> None:
    """Take the lay or procedure readings ``words`` off ``slot`` and the query's expansions."""
    slot.alternatives = [alt for alt in slot.alternatives
                         if alt.kind not in ("lay", "procedure") or alt.tokens != words]
    parsed.expansions = [e for e in parsed.expansions if not (
        e["kind"] in ("lay", "procedure") and e["from"] == slot.text
        and tuple(e["to"].split()) == words)]
