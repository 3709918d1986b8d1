"""Does a query name a procedure, or report one that was done?

Read by the re-rank (``rank.rerank``): a query that names an operation only a procedure is
("rotator cuff repair", "mole removed", "removing the womb") lets diagnosis codes give way, and
one that reports in the past an operation that leaves nothing to live with ("had a tooth
pulled") asks for the procedure rather than a history code. Also read by the hybrid fusion and
the history codes.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from medcodes.search.administration import ADMINISTRATION
from medcodes.search.composed import parts
from medcodes.search.lay_operations import OSTOMY
from medcodes.search.lesions import operated
from medcodes.search.openings import opened
from medcodes.search.procedure_devices import DEVICE_WORDS
from medcodes.search.procedure_reading import ROOT_OPERATIONS, tells_an_injury
from medcodes.search.query import Alternative, Slot
from medcodes.search.status import CONTEXT_WORDS
from medcodes.search.status import asked as status_asked
from medcodes.search.text import STOPWORDS, query_tokens, stem, tokens

# Root operations a query says only of a procedure, in its own words ("rotator cuff repair")
# or through a procedure's abbreviation (CABG: bypass coronary artery): diagnosis codes drop
# rank.ACT_DIAGNOSIS_DROP, unless the query speaks of a status, history, complication or encounter.
# Left out: the root operations that also name findings (occlusion, dilation, detachment,
# change, drainage, fusion, supplement, bypass, ...), and a word's reading as an operation
# ("stitches" may be the sutures, not the repair).
# "incision" is no root operation, but only an operation is one (an incision of a finding is
# "incisional"): "incision and drainage" (I&D) names a procedure. Nor is a "biopsy" (an
# Excision or a Drainage, diagnostic), which no ICD-10-CM title says.
PROCEDURE_ACTS = frozenset(
    "repair replacement resection excision removal insertion transplantation reposition release"
    " extraction destruction extirpation fragmentation reattachment revision incision biopsy"
    " biopsies".split())
# A phrase the lay terms read as a procedure ("blood transfusion": transfusion of red blood
# cells; "carpal tunnel release": release median nerve) names one when its reading starts with
# one of these: the procedure acts, the Administration section's transfusion, and the
# measurement a heart catheterization is. One lay word alone may be a device ("pacemaker":
# insertion of pacemaker) or a drug ("chemo"): not read so.
# A verb phrase says the other root operations too ("cutting off": detachment, "looking
# inside": inspection, "joining together": fusion).
# A treatment a lay phrase names in the words of the other PCS sections counts too: a substance
# put in ("cortisone injection": introduction of anti-inflammatory), an electroconvulsive
# therapy ("shock therapy for depression" asks for GZB, not F32.9), a newborn's phototherapy
# ("under the blue lights"), a packing ("nose packed"). Not a beam of radiation: "radiation
# treatment" is also Z51.0's encounter for it.
LAY_ACTS = PROCEDURE_ACTS | {"transfusion", "measurement", "inspection", "detachment", "fusion",
                             "dilation", "occlusion", "fragmentation", "introduction",
                             "electroconvulsive", "phototherapy", "packing"}
# An operation said by its verb's "-ing" first ("removing the womb", "stretching the gullet",
# "draining fluid from the belly") describes doing it; the same word after what it is of says
# what that does ("ear draining").
GERUND_ACTS = LAY_ACTS | {"drainage"}
# The operations a surgical word's parts say ("arthroplasty": replacement of joint,
# "meniscectomy": excision of meniscus, "colonoscopy": inspection of colon): a word built so
# names a procedure. Not a Release ("spondylolysis" is a condition, though "-lysis" frees),
# nor a stoma's Bypass or device ("colostomy" is also what a person lives with).
# The endings only an operation's name has ("meniscectomy", "septoplasty", "arthroscopy"): its
# lay reading is that operation, where another lay word alone may be a device ("pacemaker").
SURGICAL_SUFFIXES = ("ectomy", "otomy", "plasty", "scopy", "desis", "pexy", "rrhaphy",
                     "tripsy", "centesis")
WORD_PART_ACTS = frozenset({"resection", "excision", "repair", "replacement", "supplement",
                            "inspection", "fusion", "reposition", "drainage", "division"})
# "Drainage" also names a finding ("ear drainage"), but not beside what a needle or a cut lets
# out: a drainage of an abscess, an effusion or a hematoma is the procedure.
DRAINAGE = "drainage"
# ... nor beside a participle read as one ("abscess on my thigh lanced", "cyst drained").
_DRAINING = frozenset({DRAINAGE})
DRAINED = frozenset(
    "abscess abscesses effusion effusions hematoma hematomas haematoma seroma pseudocyst cyst"
    " cysts empyema collection ascites".split())


def _names_a_procedure(alt: Alternative, said: str = "") -> bool:
    """Does this reading of a query word say an operation only a procedure is (``PROCEDURE_ACTS``
    as typed, any root operation a procedure's abbreviation expands to, ``LAY_ACTS`` that a
    lay phrase or a surgical word ``said`` reads as, or ``WORD_PART_ACTS`` a surgical word's
    parts say)?"""
    if not alt.tokens:
        return False
    if alt.kind == ADMINISTRATION:
        return alt.tokens[0] == "introduction"
    if alt.kind == "original":
        return alt.tokens[0] in PROCEDURE_ACTS
    if alt.kind == "lay":
        return (" " in said.strip() or said.endswith(SURGICAL_SUFFIXES)) and (
            alt.tokens[0] in LAY_ACTS) and not _finding_said(said, alt.tokens[0])
    if alt.kind == "word parts":
        return alt.tokens[0] in WORD_PART_ACTS and "device" not in alt.tokens
    return alt.kind == "abbreviation" and (alt.tokens[0] in ROOT_OPERATIONS
                                           or alt.tokens[0] in PROCEDURE_ACTS)


def _finding_said(said: str, act: str) -> bool:
    """Do the user's own words say a finding (``data/finding_words.tsv``) that the titles say
    with the lay reading's act ("blocked heart artery": occlusion of coronary artery, as
    I25.82 Chronic total occlusion of coronary artery says it)? Then the reading names the
    finding, not the operation: the user's words asked for none ("tubes tied" did)."""
    if act in PROCEDURE_ACTS:
        return False
    findings = parts().findings
    said_stems = tuple(stem(w) for w in tokens(said) if w not in STOPWORDS)
    return any(act in findings.get(said_stems[i:j], ())
               for i in range(len(said_stems)) for j in range(i + 1, len(said_stems) + 1))


def _doing(slot: Slot) -> bool:
    """Is the slot a verb's "-ing" that reads as an operation ("removing": resection,
    "stitching": repair), said first in the query (``GERUND_ACTS``)? The caller checks it is
    the first word typed, not the first left after a dropped one ("fluid draining from my
    ear", "pus draining" say what drains)."""
    return (slot.text.endswith("ing") and " " not in slot.text
            and any(alt.kind in ("lay", "procedure") and alt.tokens[0] in GERUND_ACTS
                    for alt in slot.alternatives))


# The operations a participle after what it was done to names: those only a procedure is, and
# breaking up and cutting off ("stones blasted", "leg amputated"); not those that also name a
# finding ("nose blocked": occlusion, "pupils dilated", "vertebrae fused", "feel drained").
DONE_ACTS = PROCEDURE_ACTS | {"fragmentation", "detachment"}


def _done(slots: list[Slot], i: int, acts: frozenset[str] = DONE_ACTS) -> bool:
    """Is slot ``i`` a past participle that reads as an operation ("removed": resection,
    "pulled": extraction, "stripped": extraction), said after what it was done to ("mole
    removed", "wisdom teeth pulled", "varicose veins stripped")? The passive voice of doing
    it, as a bill or a patient says it; said first ("pulled muscle") it describes a finding,
    and so it does said before "away" ("retina pulled away": a detachment; the caller checks).
    "Out" and "off" read as an operation only by ``lay_operations.organ_out``/``organ_off``."""
    slot = slots[i]
    return (i > 0 and (slot.text.endswith("ed") or slot.text in ("out", "off"))
            and " " not in slot.text
            and any(s.text not in STOPWORDS for s in slots[:i])
            and any((alt.kind in ("lay", "procedure") and alt.tokens[0] in acts)
                    or (alt.kind == "original" and alt.tokens[0].startswith(_ACT_BEGINNINGS))
                    for alt in slot.alternatives))


# How the participles of the operations only a procedure is begin ("repaired", "replaced",
# "excised", "transplanted"): ``PROCEDURE_ACTS`` as verbs.
_ACT_BEGINNINGS = ("repair", "replac", "resect", "excis", "remov", "insert", "transplant",
                   "reposition", "releas", "extract", "destroy", "extirpat", "fragment",
                   "reattach", "revis")


# The words that ask for an operation itself ("sinus surgery", "squint operation", "numbed for
# my op"), unless said as the time something else happened ("pain after surgery", "cleared for
# an operation", "since my op") or as the name of a syndrome ("failed back surgery syndrome").
SURGERY_WORDS = frozenset({"surgery", "surgeries", "operation", "operations", "op"})
_WHEN = frozenset({"after", "since", "following", "post", "before", "pre", "from", "during",
                   "for", "prior", "previous", "recent", "until", "ready", "failed"})
_WHOSE = frozenset({"my", "the", "a", "an", "his", "her", "their", "our", "your", "this", "that"})


def surgery_asked(words: list[str]) -> bool:
    """Does the query ask for an operation by a word of ``SURGERY_WORDS`` that no word of time
    (``_WHEN``) is said just before (past a "my" or a "the")?"""
    if "syndrome" in words:
        return False
    for i, word in enumerate(words):
        if word not in SURGERY_WORDS:
            continue
        j = i - 1
        while j >= 0 and words[j] in _WHOSE:
            j -= 1
        if j < 0 or words[j] not in _WHEN:
            return True
    return False


# names_a_procedure's answers by query and slots: the word ranking, the re-rank and the
# hybrid each ask it of one query (organ_said too), 10-40 us each.
_NAMED: dict[tuple[str, tuple[Any, ...]], bool] = {}
_NAMED_KEPT = 4096


def names_a_procedure(slots: list[Slot], query_text: str) -> bool:
    """Does the query name an operation only a procedure is, or ask for one by name ("sinus
    surgery"), or a hole made in an organ (``lay_operations.hole_made``), and speak of no
    status, history, complication or encounter, nor tell an injury (``tells_an_injury``: "the
    dog bit me when I broke up a fight")? Then diagnosis codes give way
    (``rank.ACT_DIAGNOSIS_DROP``). Remembered for the slots as they are."""
    key = (query_text, tuple((s.text, tuple((a.tokens, a.kind) for a in s.alternatives))
                             for s in slots))
    named = _NAMED.get(key)
    if named is None:
        if len(_NAMED) >= _NAMED_KEPT:
            _NAMED.clear()
        named = _NAMED[key] = _names(slots, query_text)
    return named


def _names(slots: list[Slot], query_text: str) -> bool:
    """``names_a_procedure``, worked out."""
    words = query_tokens(query_text)
    typed = set(words)
    said = [w for w in words if w not in STOPWORDS]
    parted = {w for w, after in pairwise(words) if after == "away"}
    return (not status_asked(query_text) and typed.isdisjoint(CONTEXT_WORDS)
            and typed.isdisjoint(REJECTION) and not tells_an_injury(words)
            and "encounter" not in typed
            and (any(_names_a_procedure(a, s.text) for s in slots
                     for a in s.alternatives)
                 or ((DRAINAGE in typed or any(_done(slots, i, _DRAINING)
                                               for i in range(1, len(slots))))
                     and not DRAINED.isdisjoint(typed))
                 or (len(slots) > 1 and said[:1] == [slots[0].text] and _doing(slots[0]))
                 or any(alt.tokens == OSTOMY for s in slots for alt in s.alternatives)
                 or operated(slots, words)
                 or opened(slots)
                 or any(_done(slots, i) for i in range(1, len(slots))
                        if slots[i].text not in parted)
                 or (len(slots) > 1 and surgery_asked(words))))


# What only a graft or a transplant does, said of it: its complication (T86 "Kidney
# transplant rejection"), not the operation ("my body is rejecting my new kidney").
REJECTION = frozenset({"reject", "rejects", "rejected", "rejecting", "rejection"})


# The operations that leave the person nothing to live with that ICD-10-CM has a status for
# (no organ gone, no device, graft or joint in, no tube tied or vessel widened): a tooth pulled,
# a knee looked into, a stone broken up, a boil drained, a hernia mended, a mole cut out; and a
# substance put in by a needle or a drip (Administration's Introduction: "had an epidural",
# "had a cortisone shot") or a blood transfusion (a drug taken for long is a present status,
# "I'm on", not a past one).
LEAVES_NOTHING = frozenset({"extraction", "inspection", "fragmentation", "drainage", "destruction",
                            "release", "repair", "reposition", "extirpation", "division",
                            "excision", "introduction", "transfusion"})


def reports_a_procedure(slots: list[Slot], query_text: str) -> bool:
    """Does a query in the past ("had a tooth pulled", "had my hernia fixed") report an
    operation that leaves no status (``LEAVES_NOTHING``)? Then it asks for the procedure, not
    a history code: ICD-10-CM has none for what was done and left nothing (the status
    reading's "Personal history of other diseases of the digestive system" names no tooth
    pulled). An organ taken out, a part replaced (``status.result_reading``) or a device named
    keep the status reading."""
    if "history" not in status_asked(query_text):
        return False
    said = [(s, a) for s in slots for a in s.alternatives]
    if any(a.kind == "status" or (a.kind in _DEVICE_KINDS and not DEVICE_WORDS.isdisjoint(
            a.tokens)) for _, a in said):
        return False
    return any(a.tokens and a.tokens[0] in LEAVES_NOTHING
               and (_names_a_procedure(a, s.text) or a.kind == "procedure") for s, a in said)


_DEVICE_KINDS = ("procedure", "device", "lay")


def asks_for_procedure(slots: list[Slot], query_text: str) -> bool:
    """Does the query ask for procedure codes: it names an operation (``names_a_procedure``),
    or reports in the past one that left nothing to live with (``reports_a_procedure``: "had
    a prolapse repair")? The re-rank, the word ranking's unsaid words and the hybrid's meaning
    list ask it alike, so that the meaning list does not bring back the condition ("had a
    prolapse repair": K62.3 Rectal prolapse) the word ranking let give way."""
    return names_a_procedure(slots, query_text) or reports_a_procedure(slots, query_text)
