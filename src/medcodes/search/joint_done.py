"""A hip or a knee "done" ("getting my knee done", "having her hip done", "waiting for my knees
to be done"), restated as the joint replaced.

On a waiting list and in a family's words, a hip or a knee done is its replacement: the one
operation those joints are put down for. Only "done" says so: same_words.tsv makes "done"
surgery inside a lay phrase, and a knee's surgery is not always its replacement
(tests/test_search_lay_procedures.py), so no lay row can say it; "knee surgery", "knee op" and
"operation on my hip" keep their own reading. A joint done beside another procedure's word ("knee
scope done", "hip injection done", "knee drained") is that procedure, and is left as said. The
participle "replaced" is the lay row's "replacement" (vocab.PARTICIPLES); said in the past
("dad had his knee done") it reads, as "had my hip replaced" does, as the artificial joint's
status."""

from __future__ import annotations

import re

# A joint, then at most two small words of a tense or a passive ("knee to be done", "hips being
# done", "knee was done"), then "done".
_DONE = re.compile(
    r"\b(hips?|knees?)((?:\s+(?:to|be|being|been|was|were|is|are|getting|got))*)\s+done\b",
    re.IGNORECASE)
# Words of another procedure on a joint, or of surgery said already: the query says what was done.
_OTHER = re.compile(
    r"\b(?:scop\w*|keyhole|arthroscop\w*|inject\w*|jabs?|shots?|x\s*-?\s*rays?|xrays?|scans?"
    r"|mri|ct|ultrasound|drain\w*|aspirat\w*|cartilage|ligaments?|acl|menisc\w*|cortisone"
    r"|steroids?|resurfac\w*|wash\w*|tendons?|fluid|surgery|surgical|op|operation|biopsy"
    r"|physio\w*|manipulat\w*|clean\w*|revision|redone|re-done|again|pinned|plated|fixed"
    r"|reset|set|cast|plaster)\b",
    re.IGNORECASE)


def joint_done(query: str) -> str | None:
    """``query`` with a hip or a knee "done" said as replaced, or None."""
    if "done" not in query.lower() or _OTHER.search(query):
        return None
    told = _DONE.sub(lambda m: f"{m.group(1)}{m.group(2)} replaced", query)
    return told if told != query else None
