"""An operation or a scope said by what it is for or where it looks, read as the one it names.

People name an operation by its reason ("open operation for cholecystitis", "laparotomy for
appendicitis") and a scope by the complaint or the organ ("scope for reflux", "tube with a
camera down my throat into my stomach", "camera into my womb"). Searched as said, the reason
drew its diagnoses and the organ's other inspections (the larynx's and the trachea's for a
scope, a gallbladder's biopsy for its inflammation). A coder reads them as the usual operation:
an inflamed organ's removal (cholecystectomy, appendectomy, salpingectomy) with the approach
said ("open", "keyhole"), and the scope of the tract the complaint belongs to (an upper GI
endoscopy for reflux, heartburn, an ulcer or trouble swallowing; a colonoscopy for blood in the
stool; a bronchoscopy for a cough; a cystoscopy for the urine; a hysteroscopy for periods).
``read`` rewrites the query's words so (``data/operated_for.tsv``); the reason after "for" stays
for ``reasons`` to show its diagnosis. Gated on the cue words: other queries pay one set test.
"""

from __future__ import annotations

from functools import cache

from medcodes.search.vocab import read_columns

FILE = "operated_for.tsv"
KIND = "operated for"
# Plain words for an operation, and the approaches said with one (kept: "open", "keyhole").
OPERATIONS = frozenset({"operation", "operations", "surgery", "surgeries", "op", "ops",
                        "operated", "procedure"})
APPROACHES = frozenset({"open", "keyhole", "laparoscopic", "laparotomy", "laparoscopy"})
# What goes with the operation word and the reason once the operation is named.
_OP_FILLER = frozenset({"for", "to", "treat", "treating", "because", "of", "my", "the", "a", "an",
                        "acute", "chronic", "recurrent", "recurring", "bad", "severe", "her",
                        "his", "had", "have", "having", "need", "needs"})
# A look inside with a camera, and the words that say how it goes in or what it is for.
SCOPES = frozenset({"scope", "scopes", "scoped", "camera", "endoscopy", "endoscope"})
_SCOPE_FILLER = frozenset({"tube", "test", "look", "looking", "at", "check", "down", "into",
                           "up", "through", "in", "inside", "my", "the", "a", "an", "with",
                           "to", "put", "passed", "of", "her", "his", "had", "have", "having",
                           "need", "needs", "and", "box"})  # "voice box": the larynx
# The words that begin the reason ("scope for reflux", "because food gets stuck").
_REASON = frozenset({"for", "because", "due"})
_ROUTE = "route"  # a way in ("down my throat"): its scope only when no other word says one


@cache
def _table() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """The inflammation -> operation rows and the word -> (scope, role) rows."""
    ops: dict[str, str] = {}
    scopes: dict[str, tuple[str, str]] = {}
    for row in read_columns(FILE):
        kind, said, reading = row[0], row[1].lower(), row[2].lower()
        if kind == "op":
            ops[said] = reading
        elif kind == "scope":
            scopes[said] = (reading, row[3].lower() if len(row) > 3 else "")
    return ops, scopes


@cache
def _cues() -> frozenset[str]:
    """The words one of which a query must say for ``read`` to look further."""
    return OPERATIONS | APPROACHES | SCOPES


def read(words: list[str]) -> tuple[list[str], dict[str, str] | None]:
    """``words`` rewritten as the operation or the scope they name, with the expansion to show,
    or ``words`` and None when they name none."""
    if _cues().isdisjoint(words):
        return words, None  # most queries
    ops, scopes = _table()
    if not OPERATIONS.isdisjoint(words) or not APPROACHES.isdisjoint(words):
        itis = [i for i, w in enumerate(words) if w in ops]
        # Only an operation named by no more than its reason: "drainage for appendicitis" and
        # "laparotomy and washout for appendicitis" say their own.
        if itis and all(w in ops or w in OPERATIONS or w in APPROACHES or w in _OP_FILLER
                        for w in words):
            return _operation(words, itis[-1], ops[words[itis[-1]]])
    if not SCOPES.isdisjoint(words):
        return _scope(words, scopes)
    return words, None


def _operation(words: list[str], at: int, named: str) -> tuple[list[str], dict[str, str]]:
    """The reason's organ operated on: its -itis word as the operation, the plain words for an
    operation and the reason's qualifiers gone, the approach kept."""
    out = [named if i == at else w for i, w in enumerate(words)
           if i == at or (w not in OPERATIONS and w not in _OP_FILLER)]
    return out, {"from": " ".join(words), "to": named, "kind": KIND}


def _scope(words: list[str], scopes: dict[str, tuple[str, str]]) -> tuple[list[str],
                                                                          dict[str, str] | None]:
    """The scope the query's words say (the last complaint or organ said, a way in only when
    nothing else says one), with the other words said before its reason."""
    found = [(i, scopes[w]) for i, w in enumerate(words) if w in scopes]
    said = [s for s in found if s[1][1] != _ROUTE] or found
    if not said:
        return words, None
    scope = said[-1][1][0]
    # The reason goes with the words that say the scope: it is the scope's, which
    # ``reasons`` shows as its diagnosis beside it (searched, "heartburn" read as a disease of
    # the oesophagus drew that organ's other endoscopic operations).
    reason = next((i for i, w in enumerate(words) if w in _REASON), len(words))
    if not all(w in scopes or w in SCOPES or w in _SCOPE_FILLER for w in words[:reason]):
        return words, None  # a scope said as the way something is done ("polyp taken ...")
    kept = [w for i, w in enumerate(words[:reason])
            if w not in scopes and w not in SCOPES and w not in _SCOPE_FILLER]
    return [*scope.split(), *kept], {"from": " ".join(words), "to": scope, "kind": KIND}
