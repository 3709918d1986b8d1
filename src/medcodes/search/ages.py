"""An age or a stage of life said of the patient, read as the titles say it, or as no word.

People say who the patient is by an age ("my baby", "a toddler", "teenager with scoliosis",
"elderly man", "old lady"); the titles that depend on it say it in their own words: "infantile"
and "infancy" (L20.83 Infantile eczema, L70.4 Infantile acne), "childhood" and "juvenile" (F80.81
Childhood onset fluency disorder, M08 Juvenile arthritis), "adolescent" (M41.12 Adolescent
idiopathic scoliosis), "senile" and "age-related" (H25 Age-related cataract, M81.0 Age-related
osteoporosis, D69.2's senile purpura), and an elderly
person's abuse or neglect is the titles' "adult" (T74.0-, T74.1-, R62.7 Adult failure to
thrive). So an age word also reads as its titles' words, while some title of the rest says
them (``engine.leave_aside``); where none does, those words go (a child's "childhood" and
"juvenile" only drew titles that merely say them), and old age, said aside, goes too
("elderly man with high blood pressure": its word only matched O09.5 "Supervision of elderly
primigravida"), with a person noun said after it. A baby is read by its lay rows (newborn,
infant), a newborn as "neonatal" in ``gestation.newborn_as_neonatal``; "old" says too much else
(an old injury, "old timers"); an age said as when something began ("since I was a
teenager") or in a pregnancy or a birth is not the patient's.
"""

from __future__ import annotations

import re

from medcodes.search.parsed import Alternative, ParsedQuery, Slot, add_reading
from medcodes.search.text import STOPWORDS, stem, tokens
from medcodes.search.vocab import loose_key

# The kind of the readings added here (not gestation's "age": a mother's age as elderly or young).
STAGE_KIND = "life stage"
# A stage of life as people say it -> the words the titles say it in.
INFANCY = (("infantile",), ("infancy",), ("infant",), ("newborn",))
CHILDHOOD = (("childhood",), ("child",), ("juvenile",))
ADOLESCENCE = (("adolescent",), ("juvenile",))
OLD_AGE = (("senile",), ("age", "related"), ("adult",))
STAGES: dict[str, tuple[tuple[str, ...], ...]] = {
    **dict.fromkeys(("infant", "infants"), INFANCY),  # "baby": its lay rows (newborn, infant)
    **dict.fromkeys(("child", "children", "kid", "kids", "toddler", "toddlers", "pediatric",
                     "paediatric", "childhood"), CHILDHOOD),
    **dict.fromkeys(("teen", "teens", "teenager", "teenagers", "teenage", "teenaged",
                     "adolescent", "adolescents", "adolescence"), ADOLESCENCE),
    **dict.fromkeys(("elderly", "older", "elder", "elders", "aged", "geriatric",
                     "senior", "seniors", "pensioner"), OLD_AGE),
}
# Not "old": an old injury or scar, "old timers" (Alzheimer's), ICD-9's pre-existing; but "old"
# before a person ("old dad", "my old mum") is old age.
OLD_WORD = "old"
# A person said after the age ("old lady", "elderly man", "teenage girl"): as much aside.
PERSONS = frozenset(
    """
    man men woman women lady ladies gentleman gent person people patient patients boy boys
    girl girls guy folk folks adult adults parent parents mother father relative relatives
    mothers fathers mum mums mom moms mam ma dad dads pa grandmother grandfather grandma
    grandpa granny grandad granddad nan nana gran husband wife aunt auntie uncle neighbour
    neighbor
    """.split()
)
# A pregnancy or a birth: its baby or children are not the patient ("ultrasound of the baby in
# the womb", "stop having children"), and its "elderly" or "old" the mother's (gestation.py).
BIRTH = frozenset(
    """
    womb pregnant pregnancy preg expecting delivered delivery deliver birth born labor labour
    having have had cesarean caesarean antenatal prenatal
    """.split()
)
# "since I was a teenager", "as a child": when it began, not who the patient is now.
_ONSET = frozenset({"since", "was", "were", "as", "when"})
# "3 years old", "a year older": an age in numbers (encounters.age_days), not old age.
_NUMBERED = frozenset({"year", "years", "yr", "yrs", "month", "months", "week", "weeks", "day",
                       "days"})


# Old age said as the curated phrases say it ("age related hearing loss": presbycusis).
_AGE_RELATED = ("age", "related")
_REST_MOST = 3  # slots of the rest read with old age as one phrase


def age_as_title(parsed: ParsedQuery, heard: set[str],
                 lay: dict[tuple[str, ...], list[str]] | None = None) -> None:
    """Read a word for a stage of life as the titles' words for it, and mark it (and a person
    said right after it) ``aside`` (in place). Old age beside a condition that a curated
    phrase says "age related" (``lay``, by loose key: "hearing loss in the elderly" is "age
    related hearing loss", presbycusis, whose title says no age) reads the condition as that
    phrase too."""
    if not heard.isdisjoint(BIRTH):
        return  # a pregnancy's
    if lay and "age" in heard and not heard.isdisjoint(_BY_AGE):
        _age_clause(parsed, lay)
    if heard.isdisjoint(STAGES) and OLD_WORD not in heard:
        return  # no age said (most queries)
    slots = parsed.slots
    if len(slots) < 2:
        return  # the age alone ("juvenile", "elderly") is what is asked
    old = False
    for i, slot in enumerate(slots):
        word = slot.text.lower()
        readings = STAGES.get(word)
        if (word == OLD_WORD and i + 1 < len(slots)
                and slots[i + 1].text.lower() in PERSONS):
            readings = OLD_AGE  # "old dad fell over": the father's old age
        before = {s.text.lower() for s in slots[max(0, i - 3):i]}
        if (readings is None or not before.isdisjoint(_NUMBERED | _ONSET)
                or (i + 1 < len(slots) and slots[i + 1].text.lower() == "age")):
            continue  # "7 years old"; "since I was a teenager"; "old age" is R54's words
        have = {a.tokens for a in slot.alternatives}
        for words in readings:
            add_reading(parsed, slot, have, slot.text, words, STAGE_KIND)
        if readings is OLD_AGE:
            # Only old age is left aside: titles say "elderly" of a pregnancy (O09.5), while a
            # child's, a teenager's and an infant's words are of their own titles ("Failure
            # to thrive (child)"), which the meaning side finds when the words do not.
            slot.aside = True
            if i + 1 < len(slots) and slots[i + 1].text.lower() in PERSONS:
                slots[i + 1].aside = True
            old = True
    if not old:
        return
    # A person said after old age says who, never what: no search of its word, which only
    # matched other titles' ("neglect of an elderly person": Z91.412 *Personal* history of
    # adult neglect), while the query says something more.
    kept = [s for j, s in enumerate(slots)
            if not (s.aside and s.text.lower() in PERSONS and j > 0
                    and (slots[j - 1].text.lower() in STAGES
                         or slots[j - 1].text.lower() == OLD_WORD))]
    if len(kept) < len(slots) and any(not s.aside for s in kept):
        slots[:] = kept
    if lay:
        _age_related(parsed, lay)


def _age_related(parsed: ParsedQuery, lay: dict[tuple[str, ...], list[str]]) -> None:
    """The slots said beside old age (one run of them) made one slot, read also as the
    curated phrase that says them "age related", when there is one (in place)."""
    slots = parsed.slots
    rest = [j for j, s in enumerate(slots) if not s.aside]
    if not rest or len(rest) > _REST_MOST or rest[-1] - rest[0] + 1 != len(rest):
        return
    said = tuple(t for j in rest for t in slots[j].alternatives[0].tokens)
    found = lay.get(loose_key((*_AGE_RELATED, *said)))
    if not found:
        return
    text = " ".join(slots[j].text for j in rest)
    merged = Slot(text, [Alternative(said, "original")])
    for expansion in found:
        words = tuple(t for t in tokens(expansion) if t not in STOPWORDS)
        if words and words != said:
            merged.alternatives.append(Alternative(words, "lay"))
            parsed.expansions.append({"from": text, "to": expansion, "kind": "lay"})
    if len(merged.alternatives) == 1:
        return
    # The age reads as the phrase too, as a symptom and its clause do (``timing``): a title
    # that says it says the age, which the plain condition's ("Unspecified hearing loss")
    # does not.
    for slot in slots:
        if slot.aside and any(a.kind == STAGE_KIND for a in slot.alternatives):
            have = {a.tokens for a in slot.alternatives}
            for alt in merged.alternatives[1:]:
                add_reading(parsed, slot, have, slot.text, alt.tokens, STAGE_KIND)
    slots[rest[0]:rest[-1] + 1] = [merged]


# Old age said as what a condition came with or of ("deaf from old age", "long-sighted with
# age", "hard of hearing due to age"): the curated phrase's "age related" too (presbycusis,
# presbyopia), whose titles say no age. The joining word is a stopword, so only heard.
_BY_AGE = frozenset({"with", "from", "due", "because", "through"})
_OLD = frozenset({"old", "older"})


def _age_clause(parsed: ParsedQuery, lay: dict[tuple[str, ...], list[str]]) -> None:
    """Read "age" ("old age") said after a condition as old age aside, where a curated phrase
    says the condition "age related" (then ``_age_related`` reads the condition as it)."""
    slots = parsed.slots
    at = next((i for i, s in enumerate(slots) if s.text.lower() == "age"), None)
    if at is None or at + 1 < len(slots) or at == 0:
        return  # "age related ...", "old age" alone (R54): as before
    start = at - 1 if slots[at - 1].text.lower() in _OLD else at
    if start and slots[start - 1].text.lower() in _BY_AGE:
        start -= 1  # "due to age": "due" is no stopword
    rest = slots[:start]
    if not rest or len(rest) > _REST_MOST or any(s.aside for s in rest):
        return
    said = tuple(t for s in rest for t in s.alternatives[0].tokens)
    if not lay.get(loose_key((*_AGE_RELATED, *said))):
        return  # "pain with age": no phrase says it, the words as they were
    text = " ".join(s.text for s in slots[start:])
    clause = Slot(text, [Alternative(tuple(s.text.lower() for s in slots[start:]), "original")])
    clause.alternatives += [Alternative(words, STAGE_KIND) for words in OLD_AGE]
    clause.aside = True
    slots[start:] = [clause]
    _age_related(parsed, lay)


# Words a title may say beside a child's stage and the rest and still be the rest's own code in
# a child (M41.12 Adolescent *idiopathic* scoliosis, F80.81 Childhood *onset* fluency disorder).
_PLAIN = frozenset(stem(w) for w in """
    unspecified idiopathic onset site sites type nos and other initial encounter
    """.split())
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_YOUNG = frozenset(w for words in (*INFANCY, *CHILDHOOD, *ADOLESCENCE) for w in words)


def young_kind_only(slots: list[Slot], titles: list[str]) -> bool:
    """Do the titles that say a child's stage with the rest (``titles``) all name a kind of
    the rest, never the rest itself said of a child? "child with leukemia" found C93.3
    Juvenile *myelomonocytic* leukemia, a rare kind, where M08 Juvenile arthritis is a child's
    arthritis: the stage's words then go, as where no title says them. Old age is not asked."""
    said = {stem(t) for s in slots for a in s.alternatives for t in a.tokens} | _PLAIN
    rest = [[{stem(t) for t in a.tokens} for a in s.alternatives] for s in slots
            if s.alternatives[-1].kind != STAGE_KIND]
    young = False
    for title in titles:
        words = [t for t in tokens(_PARENTHESES.sub(" ", title)) if t not in STOPWORDS]
        if _YOUNG.isdisjoint(words):
            continue
        young = True
        stems = {stem(w) for w in words}
        if stems <= said or not all(any(a <= stems for a in alts) for alts in rest):
            return False  # the rest's own code in a child; or said by its terms, not judged
    return young


# A baby, said as whose condition it is; "babys" (the possessive typed without its
# apostrophe, "babys head flat") says whose part. Read by ``hybrid.meaning_text``.
BABY = frozenset({"baby", "babies", "babys"})
BABY_POSSESSIVE = frozenset({"babys"})
