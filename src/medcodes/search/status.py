"""Status and history: the person has, or had, what the query names.

"I have a pacemaker", "I'm on dialysis", "had my spleen removed", "I had breast cancer" do
not ask for the insertion, the dialysis, the splenectomy or the cancer: they say the patient
lives with a device, depends on a treatment, lacks an organ or once had a disease, which
ICD-10-CM codes as status and history (Z95.0 Presence of cardiac pacemaker, Z99.2 Dependence
on renal dialysis, Z90.81 Acquired absence of spleen, Z85.3 Personal history of malignant
neoplasm of breast). The re-rank otherwise takes their words ("presence", "history") as
context the query did not ask for (:data:`CONTEXT_WORDS`).

A query says it by how the person speaks, not by what they have: a verb of having ("I have",
"living with", "I wear", "I use", "I take", "I'm on") reads in the present; "had", "history
of", "in the past", "years ago", "as a child" in the past. Said so, the words of status and
history titles count as asked and a title saying them gains :data:`STATUS_BONUS`; and a
procedure done to the person reads as what it leaves: an organ "removed" (or resected,
amputated) is its acquired absence, a joint "replaced" an artificial one. A relative who had
it ("my mother had breast cancer", "runs in my family": :mod:`.family`) reads as the patient's
family history: "family" and "history" are asked, and "personal" is not.
"""

from __future__ import annotations

from functools import lru_cache

from medcodes.search.everyday import PEOPLE
from medcodes.search.family import FAMILY, RELATIVES, SHORT, SHORT_BEFORE_OF, framing
from medcodes.search.family import TITLE_WORDS as FAMILY_WORDS
from medcodes.search.recency import lately
from medcodes.search.text import STOPWORDS, query_tokens, stem
from medcodes.search.vocab import OUT_VERBS  # "taken out": the verb says the removal too

# The words of a title that place its condition in a context (a history, a screening, a
# sequela, a pregnancy, a newborn): a query that says none of them did not ask for it.
CONTEXT_WORDS = frozenset(
    "old history personal family screening sequela subsequent complication complications"
    " following postprocedural aftercare contact exposure suspected observation"
    " status absence presence carrier counseling remission"
    # Whose condition: codes of pregnancy and of the newborn are for those patients only.
    " maternal pregnancy pregnant puerperium puerperal childbirth obstetric gestational"
    " antepartum postpartum intrapartum neonatal newborn perinatal fetal fetus congenital".split()
)

# The words of status titles: "Presence of ...", "... status", "Dependence on ...", "Long
# term (current) use of ...".
PRESENT_WORDS = frozenset({"presence", "status", "dependence", "long", "term", "current",
                           "use"})
# And of history titles: "Personal history of ...", "Old myocardial infarction", "Acquired
# absence of ..."; a device put in in the past is present now.
PAST_WORDS = PRESENT_WORDS | {"history", "personal", "old", "acquired", "absence"}
# The word of a healed one (I25.2 Old myocardial infarction), not asked of one lately.
HEALED = frozenset({"old"})
STATUS_BONUS = 0.5  # a title that says the status or history asked for
# The words that make a title a status or history code, for the bonus ("use" or "current"
# alone do not).
STATUS_TITLE_WORDS = frozenset({"presence", "status", "dependence", "term", "history", "old",
                                "absence"})

# "I have", "he has", "living with", "I wear", "she uses", "I take": the person lives with it,
# when a person says it ("cannabis use" is the use, not a status).
HAVING = frozenset({"have", "has", "wear", "wears", "wearing", "use", "uses", "using", "take",
                    "takes", "taking"})
SUBJECTS = PEOPLE | {"i", "we", "he", "she", "they", "you", "who", "ve", "also", "still", "now",
                     "patient"}
LIVING = frozenset({"living", "live", "lives"})
# "I'm on dialysis", "he is on oxygen", "been on steroids" (not "pain on the left side").
BEING = frozenset({"m", "am", "is", "are", "been", "s"})
# "had", "history of" (and its abbreviation "hx"), "in the past", "years ago", "as a child",
# "previous", "a former smoker", "a cancer survivor" ("used to" too: see :func:`tense`).
PAST = frozenset({"had", "history", "hx", "past", "ago", "previous", "previously", "childhood",
                  "formerly", "former", "survivor", "survivors"})
# A verb of having that opens the query says it of the patient, as notes are written without
# the subject ("has a pacemaker", "has had a stent").
OPENING_HAVING = frozenset({"has", "have"})
# "my leg was amputated", "her womb was removed": done to the person, so its result remains.
DONE = frozenset({"was", "were"})

# When it happened, said around a past tense: "years ago", "last year", "in 2015", "as a kid".
WHEN = frozenset({"ago", "year", "years", "month", "months", "week", "weeks", "last", "before",
                  "previously", "formerly", "past", "childhood", "kid", "child", "teenager",
                  "young", "younger"})
# "last year", said after what happened: as far back as "years ago" (not "last week": an
# infarction of last week is still acute).
LONG_PAST = frozenset({"year", "decade"})
# ... unless it says when a thing still had began, or what it caused: "mnd diagnosed last
# year", "weakness from a stroke last year" (a sequela).
STARTED = frozenset({"diagnosed", "dx", "since", "from", "after", "began", "started"})
# Words that only say the tense, left out of the search beside others ("had a stent put in").
TENSE_WORDS = frozenset({"had", "got", "ago", "previous", "previously", "formerly", "put"})

# Words that name the taking away of a body part, as typed or as the procedure words read
# them (pcs_operations.tsv: removal -> resection): what remains is its acquired absence.
REMOVAL = frozenset({"removed", "removal", "remove", "resection", "resected", "amputated",
                     "amputation", "detachment", "excised", "out", "ectomy"})
# And a part replaced: what remains is an artificial one ("Presence of artificial knee joint").
REPLACEMENT = frozenset({"replaced", "replacement", "replacements"})
# Words that say only that an operation was done ("had my gallbladder done", "gallbladder
# surgery"): a lay row reads them as the usual operation (resection of gallbladder), but the
# person named no removal, so no acquired absence is read from that row's words.
ONLY_DONE = frozenset({"done", "surgery", "surgical", "operation", "operated", "op"})
ABSENCE = ("acquired", "absence")
# Organs whose acquired absence no title names: ICD-10-CM codes it by the organ's system, as
# "other" (Z90.49 Acquired absence of other specified parts of digestive tract, Z90.79 ... of
# other genital organ(s)). Organs with an absence title of their own (spleen, kidney, stomach,
# pancreas, bladder, uterus, ovary, breast, lung, eye, larynx) are not listed.
ORGAN_SYSTEMS = {
    stem(organ): system
    for system, organs in (
        (("digestive", "tract"), "appendix gallbladder colon bowel intestine rectum esophagus "
                                  "oesophagus duodenum ileum jejunum cecum gut"),
        (("urinary", "tract"), "ureter urethra"),
        (("genital", "organ"), "testicle testis testes prostate penis tube"),
        # The index: "Absence, tonsil (acquired) Z90.89" (Acquired absence of other organs).
        (("other", "organs"), "tonsil tonsils adenoid adenoids"),
    )
    for organ in organs.split()
}

ARTIFICIAL = ("artificial",)


@lru_cache(maxsize=4096)
def tense(text: str) -> str | None:
    """``"family"``, ``"past"``, ``"present"`` or None: does the query say a relative had what
    it names, or the person had, or has, it?"""
    words = query_tokens(text)
    if framing(words).said:
        return "family"
    past = present = False
    for i, w in enumerate(words):
        before = words[i - 1] if i else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        if w in PAST or (w == "post" and before == "status") or (
                w == "last" and i > 0 and after in LONG_PAST and STARTED.isdisjoint(words)) or (
                w == "used" and after == "to" and before in SUBJECTS | {""}) or (
                w in DONE and (after in REMOVAL or after in REPLACEMENT or (
                after in OUT_VERBS and words[i + 2 : i + 3] == ["out"]))) or (
                w == "child" and before == "a" and i > 1 and words[i - 2] == "as"):
            past = True
        elif (w in HAVING and before in SUBJECTS) or (i == 0 and w in OPENING_HAVING) or (
                w in LIVING and after == "with") or (
                w == "on" and before in BEING) or (w == "got" and before in {"ve", "have"}):
            present = True
    return "past" if past else "present" if present else None


# The words ``tense`` reads a tense by (a relative's, for ``framing``): a query with none of
# them (most) says no tense, and is not read again word by word.
_TENSE_CUES = (FAMILY | SHORT | SHORT_BEFORE_OF | RELATIVES | PAST | DONE | HAVING
               | OPENING_HAVING | LIVING
               | {"post", "used", "child", "on", "got"})


def cue_positions(words: list[str]) -> set[int]:
    """Positions of ``words`` that only say the tense (the verb of having, "had", "years
    ago"), when the query has one: they are how the person speaks, not what the code says,
    and left in they would each have to match a title."""
    if _TENSE_CUES.isdisjoint(words) or tense(" ".join(words)) is None:
        return set()
    drop = {i for i, w in enumerate(words) if _cue(words, i, w)}
    return drop if any(w not in STOPWORDS for i, w in enumerate(words) if i not in drop) else set()


def _cue(words: list[str], i: int, w: str) -> bool:
    """Does word ``i`` (``w``) only say the tense?"""
    before = words[i - 1] if i else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    return (w in HAVING or w in DONE or w in TENSE_WORDS or w == "fitted"
            or (w == "used" and after == "to")
            or (w == "when" and after in SUBJECTS)  # "when I was young"
            # "status post" (s/p) says the past; "history of" a replacement, its result
            # ("history of knee replacement": Presence of artificial knee joint).
            or (w == "status" and after == "post") or (w == "post" and before == "status")
            or (w in ("history", "hx") and not REPLACEMENT.isdisjoint(words))
            or (w in LIVING and after == "with")
            or (w in WHEN and i > 0 and (w != "past" or before == "the"))
            or (w.isdigit() and len(w) == 4 and before == "in")
            or (w.isdigit() and after in WHEN))


def asked(text: str) -> frozenset[str]:
    """The status or history title words the query asks for by how it speaks (empty when it
    does not)."""
    said = tense(text)
    if said == "family":
        return frozenset(FAMILY_WORDS)
    if said == "past":
        # Said lately ("two weeks ago"), it is not yet the "old" of a healed one (recency).
        return PAST_WORDS - HEALED if lately(query_tokens(text)) else PAST_WORDS
    return PRESENT_WORDS if said == "present" else frozenset()


def said_in_title(raw: tuple[str, ...], implied: frozenset[str]) -> tuple[list[str], bool]:
    """A title's words (``raw``) that are status or history words the query asks for
    (``implied``), and whether the title is a status or history code for it. "Status" before
    a Latin word ("status asthmaticus", "status epilepticus") is a severity, not a status.
    Asked for a family history, only a family history title is one ("Personal history of"
    says "history" too)."""
    said = []
    for i, w in enumerate(raw):
        if w in implied and not (w == "status" and i + 1 < len(raw)
                                 and raw[i + 1].endswith(("icus", "osus"))):
            said.append(w)
    if "family" in implied and "family" not in said:
        return said, False
    return said, not STATUS_TITLE_WORDS.isdisjoint(said)


def result_reading(alternative: tuple[str, ...], said: str | None) -> tuple[str, ...] | None:
    """What a procedure done to the person leaves, as another reading of its words, by the
    query's tense ``said``: in the past, "removed" (or "resection uterus") is an acquired
    absence (of uterus); in the past or present, "replaced" is an artificial part ("I have a
    hip replacement"); and "missing" is an absence whenever said. None for other words."""
    for i, w in enumerate(alternative):
        if w == "missing":  # "missing a finger": its absence, acquired or congenital
            return (*alternative[:i], "absence", *alternative[i + 1:])
        if w in REMOVAL and said == "past":
            before = alternative[:i - 1] if w == "out" and i and alternative[i - 1] in OUT_VERBS \
                else alternative[:i]
            return _by_system((*before, *ABSENCE, *alternative[i + 1:]))
        if w in REPLACEMENT and said is not None:
            return (*alternative[:i], *ARTIFICIAL, *alternative[i + 1:])
    return None


def _by_system(words: tuple[str, ...]) -> tuple[str, ...]:
    """An absence reading with an organ no absence title names read as its system's
    ("acquired absence gallbladder" -> "acquired absence digestive tract")."""
    for i, w in enumerate(words):
        system = ORGAN_SYSTEMS.get(stem(w))
        if system:
            return (*words[:i], *system, *words[i + 1:])
    return words


def organ_system(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """The system words of a one-organ reading ("colon", "testicles") that no absence title
    names, for a query that says the organ was taken away; else None."""
    return ORGAN_SYSTEMS.get(stem(words[0])) if len(words) == 1 else None
