"""ICD-10-PCS approaches: whether a query says one, and which a code is read by when it does not.

Codes of one ICD-10-PCS row often differ only in the approach (the fifth character), and a
query rarely says it. The classification's order lists Open first, which is how a coder reads
most operations with no approach said ("appendectomy"). Not all: a procedure inside a lumen
that opens to the outside (the urethra, the esophagus, the bladder, a bronchus, the cervix) is
done through that opening unless an incision is said ("dilation of urethra", "removal of
foreign body from esophagus", "Foley catheter": Via Natural or Artificial Opening), and a
biopsy is taken by a scope there or by a needle elsewhere, rarely open; a catheter or a stent
goes into a vessel, and a drain into a cavity, through the skin; a tube is pulled out. Which body parts have
such a lumen is read from the catalog, not listed: those that ICD-10-PCS lets be dilated
through a natural opening.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from medcodes.search.text import STOPWORDS, stem, tokens

# The words of the approach names ("Via Natural or Artificial Opening Endoscopic").
APPROACH_WORDS = frozenset(
    t for t in tokens("open percutaneous endoscopic via natural artificial opening external"
                      " approach assistance") if t not in STOPWORDS)
# The stems a query says an approach by ("approach", "via" and "assistance" alone say none).
_SAID_BY = frozenset(stem(t) for t in APPROACH_WORDS - {"approach", "via", "assistance"})

# Root operations that work inside the lumen (the fourth character's operation, third
# character of the code): Dilation, Drainage, Extirpation, Extraction, Fragmentation,
# Insertion, Removal. Those that need to see the tissue or the matter (Extirpation,
# Fragmentation, and a biopsy) go through a scope (approach 8), the others through the opening
# itself (7): a catheter, a tube, a dilator or a curette goes in without one.
_IN_LUMEN = frozenset("79CDFHP")
_BY_SIGHT = frozenset("CF")
NATURAL, NATURAL_SCOPE, PERCUTANEOUS = "7", "8", "3"
DIAGNOSTIC = "X"  # the qualifier of a biopsy (Excision, Drainage or Extraction)
# Elsewhere a needle goes through the skin: a biopsy; a vessel widened or given a device (the
# heart and great vessels, arteries and veins: a catheter, a stent, a lead is put in over a
# wire); a drain left in a cavity, an abscess or a solid organ (a chest tube, a nephrostomy).
_VESSELS = frozenset("23456")
_OVER_A_WIRE = frozenset("7H")  # Dilation, Insertion
DRAINAGE, DRAINAGE_DEVICE = "9", "0"
# A device that can be pulled out (ICD-10-PCS has an External Removal only for those) is: a
# Foley catheter, a chest tube, an IUD by its strings.
REMOVAL, EXTERNAL = "P", "X"
# A stent (an Intraluminal Device) in a lumen is placed and taken out through a scope, seeing
# where it goes (colonoscopy, bronchoscopy, cystoscopy, ERCP): Via Natural or Artificial
# Opening Endoscopic before the opening alone, and before pulling it out.
STENT = "D"


# Cutting in: an incision, a "-tomy" (cystotomy) or a "-stomy" (gastrostomy) is no natural
# opening ("-ectomy" takes out, however it gets there).
_CUTTING_IN = re.compile(r"^incis|(?<!ec)tomy$|tomies$")


def says_approach(words: Iterable[str]) -> bool:
    """Does a query (the stems of all its readings) name an approach?"""
    return not _SAID_BY.isdisjoint(words)


# A scope said with no other approach word ("camera", "scope", "endoscopic"): which of the two
# endoscopic approaches depends on the part.
_SCOPE_ONLY = frozenset({stem("endoscopic")})
PERCUTANEOUS_SCOPE = "4"


def says_scope_only(words: Iterable[str]) -> bool:
    """Does a query (the stems of all its readings) name an endoscopic approach and no other
    approach word?"""
    return _SAID_BY.intersection(words) == _SCOPE_ONLY


def scope_rank(code: str, lumen_parts: frozenset[str]) -> int:
    """How ``code`` is preferred among codes differing only in approach, when the query says a
    scope and nothing else of the way in: a lumen reached from outside through its opening
    ("camera into the bladder": Via Natural or Artificial Opening Endoscopic before
    Percutaneous Endoscopic). Elsewhere the words decide, then the classification's order
    (a region such as the "Gastrointestinal Tract" is no lumen of the list, yet a scope
    reaches it through the mouth)."""
    if (len(code) != 7 or code[0] != "0" or code[4] not in (NATURAL_SCOPE, PERCUTANEOUS_SCOPE)
            or code[1] + code[3] not in lumen_parts):
        return 2
    return 0 if code[4] == NATURAL_SCOPE else 1


def cuts_in(words: Iterable[str]) -> bool:
    """Does a query (the words or stems of all its readings) say a cut, which rules out a
    natural opening (not a needle: a thoracostomy tube is a percutaneous drain)?"""
    return any(_CUTTING_IN.search(w) for w in words)


# Words of a body part's name that say where, not what ("Ureter, Right", "Upper Intestinal
# Tract"), and how much of a lumen's head word another part's name must start with to be
# named after it ("trach": tracheobronchial; "intes": intestinal).
_WHERE_WORDS = frozenset({"right", "left", "bilateral", "upper", "lower", "and", "of", "or"})
_PART_WORD = 5
_DEVICE_TABLES = frozenset("2HPW")  # Change, Insertion, Removal, Revision


def lumens(conn: sqlite3.Connection) -> frozenset[str]:
    """The ICD-10-PCS body parts, as body system + body part characters ("TD": urethra),
    that may be dilated via a natural or artificial opening: the lumens reached from outside.

    The device tables (Insertion, Removal, Revision) combine body parts the other tables keep
    apart: a stent is removed from the "Ureter" (both sides), an IUD from the "Uterus and
    Cervix", a colonic stent from the "Lower Intestinal Tract", a tracheal one from the
    "Tracheobronchial Tree". Such a part of a device table is a lumen too when a word of its
    name starts with the head word of a lumen's name in the same body system ("Kidney Pelvis"
    is a pelvis, not a kidney), cut to five letters."""
    rows = conn.execute(
        "SELECT DISTINCT substr(code, 2, 1) || substr(code, 4, 1) FROM concepts"
        " WHERE system = 'icd10pcs' AND code GLOB '0?7?[78]*'")
    found = {r[0] for r in rows}
    names = conn.execute(
        "SELECT DISTINCT substr(code, 2, 1) || substr(code, 4, 1), substr(code, 3, 1),"
        " json_extract(properties, '$.axes[3].name') FROM concepts"
        " WHERE system = 'icd10pcs' AND kind = 'body_part' AND code GLOB '0???'")
    words: dict[str, set[str]] = {}
    combined: dict[str, set[str]] = {}
    for part, operation, name in names:
        said = [t for t in tokens(name or "") if t not in _WHERE_WORDS]
        if part in found and said:  # its head word: "Kidney Pelvis" is a pelvis
            words.setdefault(part[0], set()).add(said[-1][:_PART_WORD])
        elif operation in _DEVICE_TABLES:
            combined.setdefault(part, set()).update(said)
    for part, named in combined.items():
        lumen_words = words.get(part[0], set())
        if any(w.startswith(lw) for w in named for lw in lumen_words):
            found.add(part)
    return frozenset(found)


def rank(code: str, lumen_parts: frozenset[str]) -> int:
    """How ``code`` is preferred among codes differing only in approach, when the query says
    none: 0 first, 1 next, 2 in the classification's order."""
    if len(code) != 7 or code[0] != "0":
        return 2
    approach, diagnostic = code[4], code[6] == DIAGNOSTIC
    if code[5] == STENT and code[2] in _IN_LUMEN and code[1] + code[3] in lumen_parts:
        # a stent is put in, and taken out, under sight: through a scope
        return 0 if approach == NATURAL_SCOPE else 1 if approach == NATURAL else 2
    if code[5] == STENT and code[1] in _VESSELS and code[2] == REMOVAL:
        # a stent or a filter in a vessel comes out over a wire, as it went in
        return 0 if approach == PERCUTANEOUS else 2
    if code[2] == REMOVAL and approach == EXTERNAL:
        return 0  # a catheter, a tube, a drain or an IUD is pulled out
    if code[1] + code[3] in lumen_parts and (code[2] in _IN_LUMEN or diagnostic):
        natural = approach in (NATURAL, NATURAL_SCOPE)
        if code[2] == REMOVAL:  # not pulled: through the opening, after the External code
            return 1 if natural else 2
        first = NATURAL_SCOPE if diagnostic or code[2] in _BY_SIGHT else NATURAL
        return 0 if approach == first else 1 if natural else 2
    if diagnostic or (code[1] in _VESSELS and code[2] in _OVER_A_WIRE) or (
            code[2] == DRAINAGE and code[5] == DRAINAGE_DEVICE):
        return 0 if approach == PERCUTANEOUS else 2
    return 2
