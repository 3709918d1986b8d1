"""A finding said absent: "sore throat, no fever", "waters broke at 32 weeks, no contractions",
"chest pain without shortness of breath", "denies nausea".

A clinician's note and a patient alike name what is not there beside what is; a coder codes
only what is. The words after a negation, to the end of its clause, are not searched (nor read
by the meaning model), so that "no contractions" does not pull N26 "Unspecified contracted
kidney" and "no fever" R50.9 ahead of the sore throat. They stay when a title says them absent
beside the rest of the query ("chills but no fever": R68.83 "Chills (without fever)"; "migraine
without aura", "diabetes without complications"), where the re-rank reads a "without" clause
already; when a curated phrase took the negation ("no appetite", "no periods": the lack is the
finding); when it says a normal function missing ("no heartbeat", "no energy"), which is the
finding; and when nothing is said before it ("no transport to appointments").
"""

from __future__ import annotations

import re
import sqlite3

from medcodes.search.parsed import ParsedQuery, Slot
from medcodes.search.text import STOPWORDS, tokens

# The words that say what follows is absent.
CUES = frozenset({"no", "without", "denies", "denied", "nil"})
# Said after "no" as an idiom, not a finding: "for no reason", "no longer", "no matter how".
IDIOMS = frozenset({"reason", "longer", "more", "matter", "one", "idea", "doubt", "known",
                    "obvious", "apparent", "cause"})
# A normal function said missing is the finding itself ("baby born without a heartbeat",
# "no feeling in my toes", "no energy"); a curated lay row takes most, these are the words.
FUNCTIONS = frozenset("""
    heartbeat heart pulse periods period appetite energy feeling feelings sensation movement
    movements moving breathing urine pee wee bowel bowels sleep voice memory interest
    strength milk smell taste vision sight hearing sex drive desire warning insurance
    transport friends food money home help support
    """.split())
# How a procedure was done, said absent ("set back in place without surgery", "CT without
# contrast"): a method, which the procedure's titles say (closed, no device), not a finding.
METHODS = frozenset("""
    surgery operation op opening cutting cut incision anaesthetic anesthetic stitches contrast
    dye biopsy device general
    """.split())
# The clause ends at a mark, a conjunction or a word placing what was said.
BOUNDARY = frozenset({"and", "but", "with", "yet", "though", "although", "however", "at", "in",
                      "on", "since", "for", "after", "before", "during", "when", "while",
                      "from", "to", "as", "because", "so", "then", "now", "today", "which"})
FILLER = frozenset({"any", "a", "the", "or", "nor", "of", "signs", "sign"})
MAX_WORDS = 4  # a finding of a few words: "shortness of breath", "blood in it"
_TOKEN = re.compile(r"[a-z0-9]+|[,;.:!?]")


def negated_spans(text: str) -> list[tuple[str, frozenset[str]]]:
    """Each negation of ``text`` that says a finding absent: (its words as typed, cue
    first; the finding's words)."""
    raw = _TOKEN.findall(text.lower().replace("w/o", "without"))
    spans = []
    for k, word in enumerate(raw):
        if word not in CUES or k + 1 >= len(raw) or raw[k + 1] in IDIOMS:
            continue
        if k and raw[k - 1] == "for":
            continue
        said: list[str] = []
        j = k + 1
        while j < len(raw) and raw[j].isalnum() and raw[j] not in BOUNDARY and raw[j] not in CUES:
            said.append(raw[j])
            j += 1
        if not any(w.isalpha() and w not in STOPWORDS and w not in CUES | BOUNDARY
                   for w in (*raw[:k], *raw[j:])):
            continue  # nothing else is said ("no transport to appointments" aside)
        finding = [w for w in said if w not in FILLER]
        if not finding or len(finding) > MAX_WORDS or not (FUNCTIONS | METHODS).isdisjoint(finding):
            continue
        spans.append((" ".join(raw[k:j]), frozenset(finding)))
    return spans


def drop_negated(conn: sqlite3.Connection, parsed: ParsedQuery) -> None:
    """Leave out of ``parsed`` the slots of each finding said absent (``negated_spans``),
    unless a title says it absent beside the rest of the query; gated on the cue words."""
    if parsed.kind != "words" or CUES.isdisjoint(parsed.text.lower().split()):
        return
    for span, finding in negated_spans(parsed.text):
        cue = span.split()[0]
        words = [frozenset(tokens(s.text)) for s in parsed.slots]
        if any(cue in w and len(w) > 1 for w in words):
            continue  # a curated phrase took the negation ("no appetite")
        gone = [s for s, w in zip(parsed.slots, words, strict=True)
                if w and w <= finding | {cue}]
        kept = [s for s in parsed.slots if not any(s is g for g in gone)]
        if not any(frozenset(tokens(s.text)) & finding for s in gone) or not [
                s for s in kept if s.text.lower() not in CUES]:
            continue
        if _said_absent(conn, gone, kept, cue):
            continue
        texts = {s.text for s in gone}
        parsed.slots = kept
        parsed.expansions = [e for e in parsed.expansions if e["from"] not in texts]
        parsed.negated = (*parsed.negated, span)


def _said_absent(conn: sqlite3.Connection, gone: list[Slot], kept: list[Slot], cue: str
                 ) -> bool:
    """Does a title say the finding absent ("without X") beside a word of the rest?"""
    absent = {a.tokens[0] for s in gone for a in s.alternatives
              if a.tokens and a.tokens[0] != cue and a.tokens[0].isalnum()}
    rest = {t for s in kept for a in s.alternatives for t in a.tokens
            if t.isalnum() and t not in STOPWORDS and t not in CUES}
    if not absent or not rest:
        return False
    without = " OR ".join(f'"without {t}"' for t in sorted(absent))
    beside = " OR ".join(f'"{t}"' for t in sorted(rest))
    match = f"title : (({without}) AND ({beside}))"
    try:
        return conn.execute("SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT 1",
                            (match,)).fetchone() is not None
    except sqlite3.OperationalError:
        return False
