"""A finding said to be absent beside the condition a query names: "chest pain, no shortness of
breath", "pneumonia w/o effusion", "COPD not in exacerbation", "palpitations, denies chest pain",
"sore throat, strep negative", "fracture of lateral malleolus, not displaced", "hit my head but
didn't pass out".

Searched as words, the absent finding is one more word to match, and the titles that say it
positively match it best ("Shortness of breath", "Pleural effusion", "... with (acute)
exacerbation"): the finding took the lead from the condition. ICD-10-CM says an absence in its
own titles ("... without complications", "..., uncomplicated", "Nondisplaced fracture of ...",
"... without loss of consciousness", "not intractable", "Asymptomatic ..."), and where it says
none the condition's own code is what a coder reports.

So the query is read as its condition alone (``read``: the words, the meaning model and every
reading see only it) with the findings said absent beside it (``ParsedQuery.denied``), and the
word ranking then weighs each candidate by what its title says of them (``weigh``): a title
that says a finding absent gains, one that says it present loses, and one that says an absence
of complications in general gains a little. A cue a curated phrase reads as a condition ("no
appetite", "not gaining weight", "non-Hodgkin"), a query with nothing else to search ("denies
chest pain") and a qualifier ("not elsewhere classified") are left as they were, and so
are an idiom ("for no reason", "no longer"), a normal function said missing ("baby born without a
heartbeat", "no feeling in my toes": the lack is the finding) and how a procedure was done ("set
back in place without surgery", "CT without contrast"). ``negated_spans`` shows what is read.

CMS short titles deny in shorthand the catalog may not read ("Hmplg mgr wo ntrc wo st"). Several
denied findings no title reads still say absences, so a title saying as many gains
(``UNREAD_ABSENT``); and where most of the condition's words no title says at all ("Mal hy ht/kd
I-IV w/o hf"), the engine looks for the titles saying the finding alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from medcodes.search.code_systems import LEGACY_SYSTEMS
from medcodes.search.everyday import FILLERS, PEOPLE, TEST_NOUNS
from medcodes.search.parsed import Denied
from medcodes.search.rank_order import sort_ranked
from medcodes.search.text import STOPWORDS, query_tokens, stem, tokens
from medcodes.search.title_analysis import analyse, qualifiers, term_words

if TYPE_CHECKING:
    from medcodes.search.parsed import Slot
    from medcodes.search.rank import Candidate

# The words that say what follows is absent (query tokens: "w/o" is "without", "didn't" is
# "didn" and "t"); the one gate: a query with none of them pays one set intersection.
CUES = frozenset({"no", "not", "without", "wo", "denies", "denied", "deny", "denying",
                  "negative", "neg", "t"})
# The auxiliaries whose "n't" says a finding absent ("didn't pass out", "doesn't radiate");
# not "can't", "couldn't" or "won't": what one cannot do is the complaint ("can't sleep").
SAYING_NOT = frozenset({"didn", "doesn", "don", "isn", "wasn", "aren", "weren", "hasn",
                        "haven", "hadn"})
# What ends the words a cue denies: a new clause, besides punctuation and another cue.
_ENDS = frozenset({"but", "with", "w", "though", "although", "however", "except", "then", "while",
                   "because", "since", "after", "when"})
# The axes the condition's codes are told apart by, said after a denied finding ("without
# coma type 2", "no displacement left side"): the condition's, not the finding's.
_AXES = frozenset({"type", "stage", "grade", "class", "left", "right", "bilateral", "both",
                   "initial", "subsequent", "sequela", "acute", "chronic", "trimester"})
# What joins several findings denied at once ("no fever or chills", "without obstruction or
# gangrene"): each is weighed alone.
_JOINS = frozenset({"or", "and", "nor"})
# "not elsewhere classified", "not otherwise specified": a title's qualifier, no absence.
_QUALIFIERS = frozenset({"elsewhere", "otherwise", "specified", "classified", "applicable"})
# "no matter how much I sleep", "no longer smoking", "no idea why", "for no reason": no
# finding denied.
_IDIOMS = frozenset({"reason", "longer", "more", "matter", "one", "idea", "doubt", "known",
                     "obvious", "apparent", "cause"})
# Words after a denied finding that say when, not what ("not having an attack right now").
_WHEN = frozenset({"now", "currently", "anymore", "today", "tonight", "presently", "moment",
                   "yet", "at", "all", "any", "the", "present"})
# Test words around a result said negative ("covid test negative", "rapid strep negative").
_TESTS = TEST_NOUNS | {"swab", "screen", "culture", "rapid", "pcr", "scan", "xray", "ray", "x"}
# Said before a cue, the joint of the denial to the condition ("chest pain but no fever",
# "headache with no fever", "hit my head but didn't pass out"): dropped with it.
_LEADING = frozenset({"but", "and", "with", "yet", "though", "although", "also"})
# What a part or a device fails to do, denied, is the complaint, not a finding ruled out
# ("wound not healing", "dentures don't fit", "testicle didn't come down", "epilepsy isn't under
# control"); and an operation or cut
# denied says how a procedure was done ("set back in place without surgery"), which the
# procedure reading reads from the cue itself.
_COMPLAINTS = frozenset("""
    fit fits fitting work works working heal heals healing healed close closes closing grow
    grows growing stop stops stopping move moves moving improve improving improved go going
    come comes coming came descend descended drop dropped
    surgery surgical operation operating incision incisions cut cutting cuts opening open
    stitches anesthetic anaesthetic anesthesia anaesthesia under control controlled op contrast
    dye biopsy device general
""".split())
# A normal function said missing is the finding itself ("baby born without a heartbeat", "no
# feeling in my toes", "no energy", "no transport"); a curated lay row takes most, these are
# the words (the first of the finding, or it and the next written as one: "heart beat"); not
# "heart" alone ("without heart failure" is a finding).
FUNCTIONS = frozenset("""
    heartbeat pulse periods period appetite energy feeling feelings sensation movement
    movements breathing urine pee wee bowel bowels sleep voice memory interest strength milk
    smell taste vision sight hearing sex drive desire warning insurance transport friends food
    money home help support
""".split())
MAX_WORDS = 4  # a finding of a few words ("shortness of breath"); more is no finding
# A lay word for a finding that titles say in their own word when they say it absent
# ("no bleeding": "without hemorrhage"; "didn't pass out": "without loss of consciousness").
TITLE_WORDS = {
    "bleeding": ("hemorrhage",), "bleed": ("hemorrhage",), "bleeds": ("hemorrhage",),
    "hemorrhage": ("bleeding",),
    "blood": ("hemorrhage",), "pass out": ("loss of consciousness",),
    "passed out": ("loss of consciousness",), "black out": ("loss of consciousness",),
    "blacked out": ("loss of consciousness",), "knocked out": ("loss of consciousness",),
    "lose consciousness": ("loss of consciousness",),
    "lost consciousness": ("loss of consciousness",), "fever": ("febrile",),
    "spread": ("metastasis",), "blocked": ("obstruction",), "blockage": ("obstruction",),
    "burst": ("perforation", "rupture"), "ruptured": ("rupture",), "infected": ("infection",),
    "attack": ("exacerbation",), "flare": ("exacerbation",), "flare up": ("exacerbation",),
}
# Words that deny a finding by themselves ("asthma, uncomplicated", "UTI, afebrile").
SELF_DENYING = {"uncomplicated": "complications", "afebrile": "fever", "painless": "pain"}
_CLAUSE_MARKS = re.compile(r"[,;:()\[\]]|\.(?=\s|$)")
# The words of time a main condition alone may not be ("no period for 4 months").
_NOT_CONTENT = STOPWORDS | PEOPLE | FILLERS | frozenset(
    "for since ago days day weeks week months month years year hours hour".split())


def _words(text: str) -> list[tuple[str, int]]:
    """The query's tokens (a contraction without its apostrophe split as ``query`` splits it),
    each with the number of its clause (commas, semicolons and brackets end one; -1 for a
    word a hyphen joins to another, as the short titles' "Pois-no-narc" is no denial)."""
    out: list[tuple[str, int]] = []
    for clause, piece in enumerate(_CLAUSE_MARKS.split(text)):
        for chunk in piece.split():
            said = query_tokens(chunk)
            joined = "-" in chunk and len(said) > 1
            for word in said:
                if word.endswith("nt") and word[:-1] in SAYING_NOT:  # "didnt"
                    out += [(word[:-1], clause), ("t", clause)]
                else:
                    out.append((word, -1 if joined and word in CUES else clause))
    return out


def _is_cue(words: list[tuple[str, int]], i: int, consumed: set[str],
            says: Callable[[str], bool]) -> bool:
    word, clause = words[i]
    if clause < 0:
        return False
    if word in SELF_DENYING:
        return word not in consumed
    if word not in CUES or word in consumed:
        return False
    after = words[i + 1][0] if i + 1 < len(words) and words[i + 1][1] == words[i][1] else ""
    before = words[i - 1][0] if i and words[i - 1][1] == words[i][1] else ""
    if word in ("not", "t") and (before in ("can", "could") or "able" in (
            w for w, c in words[i + 1:i + 3] if c == clause)):
        return False  # "could not breathe", "haven't been able to pee": search.inability's
    if word == "t":
        return before in SAYING_NOT
    if word == "without" and before == "or" and i > 1 and words[i - 2][0] == "with":
        return False  # "with or without": neither said
    if word in ("no", "not") and (after in _QUALIFIERS or after in _IDIOMS or after.isdigit()
                                  or before == "for"):
        return False
    if word in ("negative", "neg") and after != "for":
        # "strep negative" (ending its clause): the result of what was tested; "Rh negative",
        # "gram negative", "estrogen receptor negative" are names the titles say, and "a
        # negative covid test" may be one asked for.
        return (bool(before) and (not after or after in _LEADING or after in _ENDS)
                and not says(f"{before} negative"))
    return True


def _scope(words: list[tuple[str, int]], i: int, cues: set[int]) -> tuple[list[int], list[int]]:
    """(positions the cue at ``i`` denies, positions dropped with it besides them)."""
    word, clause = words[i]
    dropped = [i]
    k = i - 1
    if word == "t":  # "didn't": its auxiliary
        dropped.append(k)
        k -= 1
    while k >= 0 and words[k][1] == clause and words[k][0] in _LEADING:
        dropped.append(k)
        k -= 1
    if word in SELF_DENYING:
        return [], dropped
    if word in ("negative", "neg") and (i + 1 >= len(words) or words[i + 1][0] != "for"):
        said: list[int] = []
        j = i - 1
        while j >= 0 and words[j][1] == clause and j not in cues and len(said) < 2:
            if words[j][0] in _TESTS:
                dropped.append(j)
            elif words[j][0] in _ENDS or words[j][0] in _JOINS:
                break
            else:
                said.insert(0, j)
            j -= 1
        return said, dropped
    j = i + 1
    if word in ("negative", "neg", "denies", "denied", "deny", "denying") and j < len(words) \
            and words[j][0] in ("for", "any"):
        dropped.append(j)
        j += 1
    said = []
    while (j < len(words) and words[j][1] == clause and j not in cues
           and words[j][0] not in _ENDS and words[j][0] not in _AXES
           and not words[j][0].isdigit()):
        said.append(j)
        j += 1
    # "right now", "at the moment": when, not what.
    while said and (words[said[-1]][0] in _WHEN or (
            words[said[-1]][0] == "right" and len(said) > 1)):
        dropped.append(said.pop())
    return said, dropped


def read(text: str, slots: list[Slot], says: Callable[[str], bool]
         ) -> tuple[str, bool, list[str]] | None:
    """The query ``text`` (parsed into ``slots``) as (its condition's words, whether the
    query's last word is among them, the text of each finding said absent), or None when it
    says no absence to read: no cue, every cue a curated phrase's word ("no appetite"), or no
    condition besides what is denied ("denies chest pain", "not taking my tablets"). ``says``
    tells whether the titles say a phrase ("Rh negative")."""
    words = _words(text)
    if CUES.isdisjoint(w for w, _ in words) and SELF_DENYING.keys().isdisjoint(
            w for w, _ in words):
        return None
    # A cue a curated phrase took ("no appetite", "baby not moving") is that phrase's word,
    # not a denial.
    consumed = {w for s in slots if " " in s.text for w in tokens(s.text)} & (
        CUES | SELF_DENYING.keys())
    found = _denials(words, consumed, says)
    if found is None:
        return None
    main, last, findings, _ = found
    return main, last, findings


def negated_spans(text: str) -> list[tuple[str, frozenset[str]]]:
    """Each negation ``read`` finds in ``text`` (no curated phrase taking a cue): its words as
    typed, cue first, and the finding's words."""
    found = _denials(_words(text), set(), _never)
    return [] if found is None else found[3]


def _never(_: str) -> bool:
    return False


def _denials(words: list[tuple[str, int]], consumed: set[str], says: Callable[[str], bool]
             ) -> tuple[str, bool, list[str], list[tuple[str, frozenset[str]]]] | None:
    """``read`` of the query's ``words``, with each negation's span (``negated_spans``)."""
    cues = {i for i in range(len(words)) if _is_cue(words, i, consumed, says)}
    if not cues:
        return None
    denied: set[int] = set()
    findings: list[str] = []
    spans: list[tuple[str, frozenset[str]]] = []
    for i in sorted(cues):
        said, dropped = _scope(words, i, cues)
        while said and words[said[0]][0] in STOPWORDS:
            dropped.append(said.pop(0))
        if said and (words[said[0]][0] in _COMPLAINTS or words[said[0]][0] in FUNCTIONS or "".join(
                w for w, _ in words[said[0]:said[0] + 2]) in FUNCTIONS):
            continue  # "not healing", "without surgery", "don't fit", "no heartbeat"
        parts: list[list[int]] = [[]]
        for j in said:
            if words[j][0] in _JOINS:
                parts.append([])
            else:
                parts[-1].append(j)
        if any(sum(words[k][0] not in STOPWORDS for k in part) > MAX_WORDS for part in parts):
            continue
        denied.update(dropped)
        if words[i][0] in SELF_DENYING:
            findings.append(SELF_DENYING[words[i][0]])
        denied.update(j for j in said if words[j][0] in _JOINS)
        for part in parts:
            if any(words[k][0] not in STOPWORDS for k in part):
                findings.append(" ".join(words[k][0] for k in part))
                denied.update(part)
        at = [i, *said, *(k for k in dropped if k <= i and words[k][0] not in _LEADING)]
        spans.append((" ".join(w for w, _ in words[min(at):max(at) + 1]), frozenset(
            words[k][0] for k in said
            if words[k][0] not in STOPWORDS and words[k][0] not in _JOINS)))
    main = [w for j, (w, _) in enumerate(words) if j not in denied]
    if not findings or not any(not w.isdigit() and len(w) > 1 and w not in _NOT_CONTENT
                               for w in main):
        return None
    return " ".join(main), len(words) - 1 not in denied, findings, spans


def denial(said: str, findings: Iterable[tuple[str, list[Slot]]]) -> Denied:
    """The ``Denied`` of a query ``said`` whose absent findings (their words, and the slots
    they were parsed into) are ``findings``: each finding's slots, and for each slot the stems
    of its every reading; a finding the titles say in a word of their own ("pass out":
    loss of consciousness) is one slot read both ways."""
    kept = [(text, slots) for text, slots in findings if slots]
    stems = tuple(_finding(text, slots) for text, slots in kept)
    return Denied(said, [s for _, slots in kept for s in slots], stems)


def _finding(text: str, slots: list[Slot]) -> tuple[tuple[frozenset[str], ...], ...]:
    words = " ".join(tokens(text))
    if len(slots) > 1 and words in TITLE_WORDS:
        return ((frozenset(stem(t) for t in tokens(text) if t not in STOPWORDS),
                 *(frozenset(stem(t) for t in tokens(w) if t not in STOPWORDS)
                   for w in TITLE_WORDS[words])),)
    return tuple(_readings(slot) for slot in slots)


def _readings(slot: Slot) -> tuple[frozenset[str], ...]:
    """The stems of each reading of a denied finding's ``slot``, its titles' words too."""
    said = [alt.tokens for alt in slot.alternatives]
    said += [tuple(tokens(w)) for words in [tuple(tokens(slot.text)), *said]
             for w in TITLE_WORDS.get(" ".join(words), ())]
    return tuple(frozenset(stem(t) for t in words if t not in STOPWORDS) for words in said)


# Single title words that say an absence, and what is absent ("Asymptomatic varicose veins").
_ABSENT_WORDS = {"uncomplicated": ("complicated", "complication"),
                 "asymptomatic": ("symptomatic", "symptom"),
                 "painless": ("pain", "painful"), "afebrile": ("febrile", "fever")}
# A title's absence of complications in general ("..., uncomplicated", "... without
# complications"): what a query denying some complication it does not name wants next.
GENERAL = frozenset({stem("complicated"), stem("complication")})
# A title's "not", "no" and "without" clause, to its end: "without loss of consciousness"
# (``title_analysis.qualifiers`` ends a "without" clause at "of": "without foreign body of left hand").
_NOT_CLAUSE = re.compile(r"\b(not|no|without)\s+([a-z ]+?)(?=,|;|\(|\[|\bwith\b|\bwithout\b|\bin\b|$)")


@lru_cache(maxsize=20_000)
def absences(title: str) -> tuple[frozenset[str], frozenset[str]]:
    """(the stems a title says absent, the stems it says present): its "without" clauses and
    "non-" words (``title_analysis.qualifiers``), its "not ..." and "no ..." clauses ("not intractable",
    "not specified as recurrent"), words such as "nondisplaced", "uncomplicated" and
    "asymptomatic"; present, every other word."""
    _, _, absent = qualifiers(title)
    said = set(absent)  # not present
    beyond: set[str] = set()  # absent too, and maybe present: "without loss of consciousness"
    low = title.lower()
    if "not " in low or "no " in low or "without " in low:
        for m in _NOT_CLAUSE.finditer(low):
            words = {stem(w) for w in tokens(m.group(2))
                     if w not in STOPWORDS and w not in _QUALIFIERS}
            (beyond if m.group(1) == "without" else said).update(words)
    for word in tokens(low):
        if word.startswith("non") and len(word) > 6 and word not in ("nonunion",):
            said.add(stem(word[3:]))
        elif word in _ABSENT_WORDS:
            said.update(map(stem, _ABSENT_WORDS[word]))
    title_stems = analyse(title).stems
    if not said and not beyond:
        return frozenset(), title_stems
    return frozenset(said | beyond), frozenset(s for s in title_stems if s not in said)


def _among(stems: frozenset[str], said: frozenset[str]) -> bool:
    """Are all ``stems`` (a reading of a slot) among ``said``, a stem or its longer form
    ("complic", "symptom" in "symptomat")?"""
    return bool(stems) and all(
        s in said or (len(s) >= 4 and any(t.startswith(s) or (len(t) >= 4 and s.startswith(t))
                                          for t in said))
        for s in stems)


# What a title that says a finding absent gains (each finding: "migraine no aura not
# intractable" wants the title saying both before the unspecified one saying one), what one that
# names one present loses, and what one that says complications absent in general gains.
SAID_ABSENT = 2.5
SAID_PRESENT = 1.5
GENERAL_ABSENT = 1.5
LEGACY_SHARE = 0.4
# What a title saying as many absences as the findings no candidate reads gains, when they are
# several (shorthand: "Hmplg mgr wo ntrc wo st").
UNREAD_ABSENT = 1.0
_ABSENCE = re.compile(r"\b(?:without|no|not(?! elsewhere| otherwise)|non-?[a-z]{4,}|"
                      + "|".join(_ABSENT_WORDS) + r")\b")


@lru_cache(maxsize=20_000)
def _absence_count(title: str) -> int:
    """How many absences a title says ("Hemiplegic migraine, not intractable, without status
    migrainosus": two)."""
    return len(_ABSENCE.findall(title.lower()))


def weigh(pool: list[Candidate], denied: Denied) -> None:
    """Re-score (in place) and re-sort ``pool`` by what each title says of the findings
    ``denied``: absent, present, or complications absent in general."""
    said: list[list[int]] = []  # per candidate, each finding: 1 absent, -1 present, 0 neither
    for c in pool:
        absent, present = absences(c.title)
        said.append([
            1 if absent and all(any(_among(alt, absent) for alt in slot) for slot in finding)
            # Named in the title, or in a term of a title that says nothing absent (K40.3's
            # "incarcerated").
            else -1 if all(any(alt and alt <= present for alt in slot) for slot in finding) or (
                c.terms_json != "[]" and not absent and all(
                    any(alt and alt <= term_words(c.terms_json)[1] for alt in slot)
                    for slot in finding))
            else 0 for finding in denied.stems])
    # Findings no candidate says either way (shorthand the catalog cannot read).
    unread = sum(1 for i in range(len(denied.stems)) if not any(s[i] for s in said))
    for c, says in zip(pool, said, strict=True):
        # A retired code saying the absence gains less: the current code a coder reports
        # ("Bacteriuria") stays before ICD-9-CM's "Asymptomatic bacteriuria in pregnancy".
        share = SAID_ABSENT * (LEGACY_SHARE if c.system in LEGACY_SYSTEMS else 1.0)
        gain = share * says.count(1) - (SAID_PRESENT if -1 in says else 0.0)
        if gain == 0.0 and not GENERAL.isdisjoint(absences(c.title)[0]):
            gain = GENERAL_ABSENT
        if unread > 1 and -1 not in says and _absence_count(c.title) >= unread:
            # Denied findings no title reads are still absences said: a title saying as many
            # is closer than one saying fewer (one alone tells nothing: "covid negative").
            gain += UNREAD_ABSENT
        c.score += gain
    sort_ranked(pool)
