"""Everyday words the titles use in a sense of their own, read in that sense only where the
words beside them say it.

"Up" and "low" are the CMS short titles' shorthand for "upper" and "lower" ("Fx up end r
humerus", "Low back pain"), a qualifier of the part named next. A patient's "up" is a verb's
particle ("throwing up blood", "blown up belly", "a tube up my bottom") and "low" a level ("low
iron"): read as the qualifier there, "blown up belly" led with R10.10 Upper abdominal pain.
So a qualifier of place mined from the short titles is read only where a title says it shortly
before the next word of the query ("up arm": upper arm; "low back": lower back).

"New" is said by the titles only in names: ICD-10-PCS's New Technology section (its 500 table
headings: "X2H New Technology, Cardiovascular System, Insertion"), New daily persistent headache
and the provisional "new diseases" block. A patient's "new pacemaker", "new rash" or "new lump"
says when, not what: the word is left unsearched unless a title says it with the next word.
"""

from __future__ import annotations

from itertools import pairwise

from medcodes.search.composed import parts
from medcodes.search.parsed import Lexicon, ParsedQuery
from medcodes.search.text import STOPWORDS, stem

# The titles' qualifiers of place that a short title writes as an everyday word ("up" upper,
# "low" lower), each of the part named after it. Coders' other shorthand for a place ("ant",
# "post", "lat", "int", "mid": "Magnet remov ant seg FB", "Lmb/lmbsac fus post/post") is no
# patient's word, and keeps its reading wherever it is said.
QUALIFIERS = frozenset({"upper", "lower"})
# A particle the short titles also write for a qualifier: said where no qualifier reads
# ("spreading up my forearm", "blown up", "woke up"), it is the verb's, and no title says it
# but in a verb of its own ("follow-up", "check-up", "pick-up"), which keeps it, as does a
# level said up ("my cholesterol is up": high, search/composed.py).
PARTICLES = {"up": "upper"}


def particle(words: list[str], lexicon: Lexicon | None, typing: bool = False) -> set[int]:
    """Positions of a ``PARTICLES`` word read neither as its qualifier before the next word
    (``qualifies``; the last word half typed if ``typing``) nor with the word before it as a
    title says them ("follow up")."""
    if lexicon is None or len(words) < 2 or PARTICLES.keys().isdisjoint(words):
        return set()
    out = set()
    for i, word in enumerate(words):
        qualifier = PARTICLES.get(word)
        if qualifier is None:
            continue
        after = words[i + 1] if i + 1 < len(words) else None
        half = typing and i + 2 == len(words)
        if (qualifies(qualifier, after, lexicon, half) or (i and lexicon.says(f"{words[i - 1]} {word}"))
                or _level_before(words[:i])):
            continue
        out.add(i)
    return out


# Said right before an "up" that is a level gone high ("psa went up", "sugar is up").
RISING = frozenset("is are was were been be went gone going goes shot shoots shooting".split())


def _level_before(words: list[str]) -> bool:
    """Is the "up" after ``words`` a level: said after a verb of rising or being ("psa went
    up"), or after a substance, a cell or a function ("my cholesterol is up", "pulse shoots
    up"; ``composed``: high)?"""
    if words and words[-1] in RISING:
        return True
    stems = parts().stems
    said = [stem(w) for w in words]
    return any(not _LEVELLED.isdisjoint(kinds) for key in [*((s,) for s in said), *pairwise(said)]
               for _, kinds in stems.get(key, ()))


_LEVELLED = frozenset({"substance", "cell", "function"})  # no organ: "lump came up on my neck"


# Words said only in a title's name, and read only where the titles say the name's next word.
NAMING_ONLY = frozenset({"new"})
# The next word's first letters a title must say after it: "new techniques", a typeahead's
# finish of "new tech", is New Technology's too.
_BEGUN = 4


def qualifies(expansion: str, after: str | None, lexicon: Lexicon, half: bool = False) -> bool:
    """Is a short title's expansion (``Speller.expansions``) read here: not a qualifier of
    place, or one a title says shortly before ``after``, the query's next word ("up arm":
    upper arm; "Fx up tibia": upper end of tibia), which is no small word ("up my bottom")?
    A next word that may be still being typed (``half``: "up ar") may begin the word a title
    says right after it (upper arm)."""
    if expansion not in QUALIFIERS:
        return True
    return (after is not None and after.isalpha() and after not in STOPWORDS
            and (lexicon.near(expansion, after)
                 or (half and lexicon.says_start(f"{expansion} {after}"))))


def naming_only(words: list[str], lexicon: Lexicon | None) -> set[int]:
    """Positions of a ``NAMING_ONLY`` word no title says with the word after it (or one
    begun as it is: ``_BEGUN``) ("new rash",
    "new pacemaker"; not "new daily persistent headache", nor "new born", which the titles
    write as one word), when the query says something else."""
    if NAMING_ONLY.isdisjoint(words) or lexicon is None or len(words) < 2:
        return set()
    out = set()
    for i, word in enumerate(words):
        if word not in NAMING_ONLY:
            continue
        after = words[i + 1] if i + 1 < len(words) else None
        if after is None or not (lexicon.says_start(f"{word} {after[:_BEGUN]}")
                                 or lexicon.joined(word, after)):
            out.add(i)
    return out



def naming_only_in_phrases(parsed: ParsedQuery, lexicon: Lexicon | None) -> None:
    """A curated phrase's slot said with a ``NAMING_ONLY`` word that no title says with the
    next one ("new knee", "new kidney") searched by its reading alone: the words as typed
    matched the New Technology headings ("got a new knee": XRRG, a meniscus implant, before
    the knee replacements), and without the word they are only the part ("new knee fitted":
    a spacer inserted into the knee). The phrase's row says what the word means there."""
    if lexicon is None:
        return
    for slot in parsed.slots:
        if len(slot.alternatives) < 2:  # a phrase: the words as typed and a reading
            continue
        said = [alt for alt in slot.alternatives
                if alt.kind == "original" and not NAMING_ONLY.isdisjoint(alt.tokens)
                and naming_only(list(alt.tokens), lexicon)]
        if said:
            slot.alternatives = [alt for alt in slot.alternatives if alt not in said]


# A fracture's kind said in a word of mood: a "depressed skull fracture" (the bone pushed in)
# is coded by its site (S02.0 Fracture of vault of skull; the index: "Fracture, skull, vault,
# depressed"), and no title says "depressed" of a fracture; searched, the word matched the
# titles of depression (F32.A led).
MOOD_KINDS = frozenset({"depressed"})
FRACTURE_WORDS = frozenset({"fracture", "fractures", "fractured", "fx", "broken", "broke"})
_KIND_REACH = 3  # "depressed fracture", "depressed skull fracture", "depressed left skull fx"


def fracture_kind(words: list[str]) -> set[int]:
    """Positions of a ``MOOD_KINDS`` word said of a fracture named within a few words after
    it ("depressed skull fracture"); not "depressed after my fracture"."""
    if MOOD_KINDS.isdisjoint(words):
        return set()
    return {i for i, word in enumerate(words) if word in MOOD_KINDS
            and not FRACTURE_WORDS.isdisjoint(words[i + 1:i + 1 + _KIND_REACH])}
