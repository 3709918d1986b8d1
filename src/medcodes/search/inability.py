"""Not being able to do a thing, said in other words than "can't": "unable to pee", "not been
able to poo for a week", "haven't been able to sleep", "couldn't breathe", "could not hear".

The curated phrases say it one way ("can't pee" is retention of urine, "can't poop"
constipation, "can't sleep" insomnia: some sixty rows of ``data/lay_terms.tsv`` and
``data/signs.tsv``), and read word by word the other ways find the opposite (a "not ... pee"
is incontinence). ``reading`` gives the query's words with the inability said as "can t", the
words of the row, in the same places, and the places of the words it stands for that the
"can t" does not fill ("not been"), which are then no words to search.
"""

from __future__ import annotations

# Cheap gate: a query without one of these words has no inability to read.
_CUES = frozenset({"unable", "able", "couldn", "could", "can", "struggling", "struggle",
                   "struggled", "struggles"})
# Struggling to do a thing is, in the lay rows' words, not being able to ("struggling to poo",
# "struggling to get pregnant", "struggling to breathe").
_STRUGGLE = frozenset({"struggling", "struggle", "struggled", "struggles"})
# Said before "able to" they deny it ("not been able to", "haven't been able to", "never able").
_DENIALS = frozenset({"not", "never", "t", "no", "longer", "been", "haven", "hasn", "wasn",
                      "weren", "isn", "aren", "m", "i", "is", "am", "are", "was", "be"})
_NEGATING = frozenset({"not", "never", "t"})


def split_cannot(raw: list[str]) -> list[str]:
    """``raw`` with "cannot" as "can", "t", as "can't" is typed; not in "cannot exclude", which
    the titles say (R87.611 "Atypical squamous cells cannot exclude high grade ...")."""
    if "cannot" not in raw:
        return raw
    out: list[str] = []
    for j, word in enumerate(raw):
        if word == "cannot" and raw[j + 1:j + 2] != ["exclude"]:
            out += ["can", "t"]
        else:
            out.append(word)
    return out


def reading(raw: list[str]) -> tuple[list[str], set[int], set[int]] | None:
    """``raw`` with each inability said as "can t", the places rewritten, and the places of
    the denial words the "can t" stands for; None when the query says none."""
    if _CUES.isdisjoint(raw):
        return None
    words = list(raw)
    rewritten: set[int] = set()
    dropped: set[int] = set()
    for j in range(len(raw) - 1):
        word, after = raw[j], raw[j + 1]
        if word == "able" and after == "to":
            before = j - 1
            while before >= 0 and raw[before] in _DENIALS and j - before <= 4:
                before -= 1
            said = range(before + 1, j)
            if not any(raw[k] in _NEGATING for k in said):
                continue
            dropped.update(said)
        elif not ((word in ("unable", *_STRUGGLE) and after == "to")
                  or (word in ("couldn", "could", "can") and after == "not")
                  or (word in ("couldn", "could") and after == "t")):
            continue
        words[j], words[j + 1] = "can", "t"
        rewritten.update((j, j + 1))
    if not rewritten:
        return None
    for k in dropped:
        words[k] = ""
    return words, rewritten | dropped, dropped
