"""A migraine said in shorthand ("Mgrn NOS w ntrc w st mgr", "Ch mgr wo ara w nt wo st",
"Prs ara w/inf/ntr wo st", "migraine w aura ntrc", "chronic migraine w/o aura intractable"):
G43's titles say each of its axes in full (the kind, with or without aura, a persistent aura
with or without cerebral infarction, intractable or not, with or without status migrainosus),
and the shorthand's "w", "ntr", "st" and "ara" matched none of them, so a persistent aura's
titles (saying "aura" and "with" and "without" both) led a plain migraine with aura, and an
intractable one said after "w/o aura" was read as not intractable. A query made only of a
migraine's shorthand is restated as the title of its code: a "w"/"wo" before an axis says it
present or absent, and carries over the axes slashed to it ("wo inf/ntr/st"); an axis unsaid
is the classification's default (not intractable, without status migrainosus: G43's notes,
and ICD-9-CM's "without mention of"). A migraine said in words alone, or with a word the
shorthand does not know (abdominal, ophthalmoplegic, retinal), is left as it is."""

from __future__ import annotations

import re

from medcodes.search.text import fold

MIGRAINE = frozenset("migraine migraines mgrn mgr migrne mgrne migr".split())
AURA = frozenset("aura ara aur ar".split())
INTRACTABLE = frozenset("intractable intract ntrc ntr nt ntc".split())
STATUS = frozenset("st status".split())
INFARCTION = frozenset("inf infarct infarction".split())
# Kinds, and the title's words for them.
KINDS = {"prs": "persistent", "prst": "persistent", "persistent": "persistent",
         "ch": "chronic", "chr": "chronic", "chronic": "chronic",
         "hmplg": "hemiplegic", "hemplg": "hemiplegic", "hemiplegic": "hemiplegic",
         "menst": "menstrual", "menstl": "menstrual", "menstrual": "menstrual",
         "oth": "other", "othr": "other", "other": "other",
         "nos": "unspecified", "unsp": "unspecified", "unspecified": "unspecified"}
PRESENT = frozenset("w with".split())
ABSENT = frozenset("wo without not no non".split())
# ("std" is ICD-9-CM's "so stated" of an intractable migraine.)
SMALL = frozenset("migrainosus and of cerebral std".split())
# Words only the shorthand says: without one, the query is left to the words' search.
SHORT = frozenset("""
    mgrn mgr migrne mgrne migr ara aur ar ntrc ntr nt ntc st inf prs prst ch chr hmplg
    hemplg menst menstl othr unsp w wo
    """.split())
_WORD = re.compile(r"[a-z]+|/")
# Letters every migraine word or persistent aura says.
_CUES = re.compile("mg|migr|prs|persist")


def migraine_restated(query: str) -> str | None:
    """G43's title for a migraine said in shorthand (see the module), else None."""
    text = fold(query)
    if not _CUES.search(text):  # most queries: no migraine said
        return None
    words = _WORD.findall(text.replace("w/o", " wo "))
    if MIGRAINE.isdisjoint(words) and (
            {"prs", "prst", "persistent"}.isdisjoint(words) or AURA.isdisjoint(words)):
        return None
    if SHORT.isdisjoint(words):
        return None
    said: dict[str, bool] = {}
    kind = ""
    pending: bool | None = None
    last: bool | None = None
    previous = ""
    for word in words:
        if word in PRESENT or word in ABSENT:
            pending = word in PRESENT
        elif word in MIGRAINE or word in SMALL or word == "/":
            pass
        elif word in KINDS:
            kind = kind or KINDS[word]
        else:
            axis = _axis(word)
            if axis is None:
                return None
            if pending is not None:
                last, pending = pending, None
            elif previous != "/":
                last = True
            said.setdefault(axis, bool(last))
        previous = word
    return _title(kind, said)


def _axis(word: str) -> str | None:
    """Which of G43's axes a word says."""
    for axis, forms in (("aura", AURA), ("intractable", INTRACTABLE), ("status", STATUS),
                        ("infarction", INFARCTION)):
        if word in forms:
            return axis
    return None


def _title(kind: str, said: dict[str, bool]) -> str:
    """G43's title of the kind with the axes said (the unsaid at their defaults)."""
    tail = ("intractable" if said.get("intractable") else "not intractable") + (
        ", with status migrainosus" if said.get("status") else ", without status migrainosus")
    aura = said.get("aura")
    if kind == "persistent":
        infarction = "with" if said.get("infarction") else "without"
        return f"persistent migraine aura {infarction} cerebral infarction, {tail}"
    if kind == "chronic":
        return f"chronic migraine {'with' if aura else 'without'} aura, {tail}"
    if kind in ("hemiplegic", "menstrual", "other"):
        return f"{kind} migraine, {tail}"
    if aura is None:
        return f"migraine, unspecified, {tail}"
    return f"migraine {'with' if aura else 'without'} aura, {tail}"
