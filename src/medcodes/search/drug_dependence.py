"""A substance's dependence or abuse said with its course ("Alcoh dep NEC/NOS-contin", "Drug
depend NOS-episodic", "cannabis abuse continuous") or with drugs in general ("drug dependence",
"drug abuse", "polysubstance dependence"): ICD-9-CM coded the course
(continuous, episodic) as a fifth digit, ICD-10-CM keeps only remission, so a coder drops the
rest; and the index sends a drug dependence or abuse of no named substance to "other
psychoactive substance" (F19.20, F19.10); "drug addiction", a row of the lay vocabulary
(lay_terms.tsv), is left to it. Read as words, "NEC" found necrotizing
enterocolitis, "episodic" a manic episode, and "drug abuse" its counselling (Z71.51). Such a
query, made only of the substance, the disorder, its course and small words, is restated as
F10-F19's titles say it; a remission said is kept."""

from __future__ import annotations

from medcodes.search.text import tokens

DISORDERS = {**dict.fromkeys("dep depend dependence dependent dependency addiction addicted "
                             "addict".split(), "dependence"),
             **dict.fromkeys(("abuse",), "abuse")}
# Drugs in general: the index's "other psychoactive substance".
GENERAL = frozenset("drug drugs polysubstance polydrug substance substances".split())
SUBSTANCES = frozenset("""
    alcohol alcoh alc etoh opioid opioids opiate opiates heroin morphine cannabis marijuana
    cocaine amphetamine amphetamines stimulant stimulants sedative sedatives hypnotic anxiolytic
    benzodiazepine benzodiazepines barbiturate barbiturates hallucinogen hallucinogens
    inhalant inhalants nicotine tobacco methamphetamine meth
    """.split())
ADDICTION = frozenset("addiction addicted addict".split())
SHORT = {"alcoh": "alcohol", "alc": "alcohol", "etoh": "alcohol"}
COURSE = frozenset("""
    contin continuous cont episodic epis unspec unsp unspecified nos nec uncomplicated
    """.split())
REMISSION = frozenset("remiss remission remis".split())
SMALL = frozenset("in of the and on".split())


def substance_disorder(query: str) -> str | None:
    """F10-F19's title words for a substance's dependence or abuse said with its course or of
    drugs in general (see the module), else None."""
    words = tokens(query)
    disorders = {DISORDERS[w] for w in words if w in DISORDERS}
    if len(disorders) != 1 or len(words) > 8:
        return None
    named = [w for w in words if w in SUBSTANCES]
    general = not GENERAL.isdisjoint(words)
    if named == [] and not general:
        return None
    if any(w not in DISORDERS and w not in SUBSTANCES and w not in GENERAL and w not in COURSE
           and w not in REMISSION and w not in SMALL for w in words):
        return None
    remission = " in remission" if not REMISSION.isdisjoint(words) else ""
    disorder = disorders.pop()
    if named:
        if COURSE.isdisjoint(words) and not remission:
            return None
        said = dict.fromkeys(SHORT.get(w, w) for w in named)
        return f"{' '.join(said)} {disorder}{remission}"
    if not ADDICTION.isdisjoint(words):  # the lay vocabulary's row ("drug addiction") reads it
        return None
    # "drug" kept: the other systems' titles say it (ICD-9-CM 304.9 "Unspecified drug
    # dependence"), ICD-10-CM's the rest.
    return f"drug {disorder} other psychoactive substance{remission}"
