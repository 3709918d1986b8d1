"""Operations said as a verb and its particle ("taking out", "cutting off", "putting in"), the way
people describe what a surgeon does. The particle often follows the thing operated on ("taking
the womb out", "putting a dislocated shoulder back in place"); read that way, the verb would be
searched alone and the particle as a word of its own. ``particle_beside`` moves it back to its
verb, so the phrase of ``lay_terms.tsv`` ("taking out": resection, excision) reads it.
"""

from __future__ import annotations

from medcodes.search.everyday import POSSESSIVES
from medcodes.search.text import stem
from medcodes.search.vocab import Vocabulary

# The particles of the verb phrases that say an operation.
PARTICLES = frozenset({"out", "off", "up", "back", "away", "together", "inside", "in"})
# At most this many words between the verb and its particle ("joining the bones of the ankle
# together"); further away, the particle belongs to something else.
_REACH = 5
# Words that begin another part of the sentence: a particle after them is not the verb's
# ("cutting a lump from the breast out" is not how anyone talks; "lying in bed" is no verb here).
_CLAUSE = frozenset({"with", "from", "through", "into", "onto", "for", "to", "and", "or", "after",
                     "because", "when", "while", "by", "via"})


# The particles that close a verb said just before them ("follow up", "gives out", "wore off"):
# a loose lay phrase never starts at one, so "follow up for broken arm" is no "break up"
# (fragmentation) read backwards.
TRAILING = frozenset({"up", "out", "off", "away"})


def owned_particle(words: list[str], i: int, skip: frozenset[str]) -> bool:
    """Is ``words[i]`` a particle said right after a word of its own (not one of ``skip``,
    the stopwords and fillers), so that it belongs to that word's verb?"""
    return i > 0 and words[i] in TRAILING and words[i - 1] not in skip


_BY_VOCABULARY: dict[int, tuple[Vocabulary, dict[str, frozenset[str]]]] = {}


def _phrasal(vocab: Vocabulary) -> dict[str, frozenset[str]]:
    """The verbs of the lay phrases of a verb and a particle, by stem, with their particles
    (worked out once per vocabulary: a query only looks them up)."""
    known = _BY_VOCABULARY.get(id(vocab))
    if known is not None and known[0] is vocab:
        return known[1]
    out: dict[str, set[str]] = {}
    for key in vocab.lay:
        if len(key) == 2 and key[1] in PARTICLES:
            out.setdefault(stem(key[0]), set()).add(key[1])
    verbs = {verb: frozenset(ps) for verb, ps in out.items()}
    _BY_VOCABULARY[id(vocab)] = (vocab, verbs)
    return verbs


def particle_beside(raw: list[str], vocab: Vocabulary) -> list[str]:
    """``raw`` with a particle said after the thing operated on moved back beside its verb
    ("taking the womb out through the vagina" -> "taking out the womb through the vagina");
    unchanged when no lay phrase of that verb and particle exists or the particle is
    further than ``_REACH`` words or past another clause."""
    verbs = _phrasal(vocab)
    if not verbs or PARTICLES.isdisjoint(raw):
        return raw
    words = list(raw)
    for i, word in enumerate(words):
        particles = verbs.get(stem(word))
        if not particles or (i + 1 < len(words) and words[i + 1] in particles):
            continue
        for j in range(i + 2, min(i + 2 + _REACH, len(words))):
            if words[j - 1] in POSSESSIVES:
                continue  # "put my back out": the back is a noun there, no particle
            if words[j] in _CLAUSE or (words[j] in PARTICLES and words[j] not in particles):
                break
            if words[j] in particles:
                if j - 1 > i and words[j - 1].endswith(("ing", "ed")):
                    # Said right after another verb, it is that verb's: "a cyst on my back
                    # that keeps swelling up" is no "backed up" (constipation).
                    break
                words.insert(i + 1, words.pop(j))
                break
    return words
