"""The ICD-10-CM Alphabetic Index: the way coders search, as terms of the codes it leads to.

``icd10cm_index_<year>.xml`` (and the external-cause index) is ``ICD10CM.index › letter ›
mainTerm``; a mainTerm or a nested ``term`` (``level="N"``) has a ``title`` (with
nonessential modifiers in ``<nemod>``), and a ``code``, a ``see`` or a ``seeAlso``. The
neoplasm and drug tables (``icd10cm_neoplasm_<year>.xml``, ``icd10cm_drug_<year>.xml``) have
the same shape with one ``<cell col="N">`` per table column, named by ``indexHeading``.

Every path from a main term down to an entry with a code becomes ``Term("index", ...)`` of
that code: "Infarct, myocardium, acute, ST elevation (STEMI), anterior". A ``see`` or ``see
also`` whose target path leads to a code becomes ``Term("see", "Attack, heart → see
Infarct, myocardium")`` of that code. This loader adds no system: it enriches ICD-10-CM's
default release through ``Loader.terms`` (codes the index names that the catalog lacks,
e.g. of another fiscal year, are skipped by the build).
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Iterator
from dataclasses import dataclass, field

from medcodes.model import Concept, SystemInfo, Term
from medcodes.systems.base import LoaderError
from medcodes.systems.sources import ImportLoader, parse_xml, year_in

SYSTEM = "icd10cm"
ROOT_TAG = "ICD10CM.index"
# A code as the index prints it: "I21.01", "S72.0-" (see the tabular for the rest), "M1A.-",
# "QA0.0" (FY2026 has letters in the second place).
CODE = re.compile(r"([A-Z][0-9A-Z]{2})(?:\.([0-9A-Z]{0,4}))?-?")
_FILES = r"^icd10cm_(index|eindex|neoplasm|drug)_?\d{0,4}\.xml$"
_ORDER = {"index": 0, "eindex": 1, "neoplasm": 2, "drug": 3}


@dataclass(slots=True)
class _Node:
    tag: str
    line: int
    attrs: dict[str, str]
    parts: list[str | _Node] = field(default_factory=list)

    def text(self, skip: tuple[str, ...] = ()) -> str:
        out: list[str] = []
        for p in self.parts:
            if isinstance(p, str):
                out.append(p)
            elif p.tag not in skip:
                out.append(" " + p.text(skip) + " ")
        return " ".join("".join(out).split())

    def children(self, tag: str | None = None) -> Iterator[_Node]:
        for p in self.parts:
            if isinstance(p, _Node) and (tag is None or p.tag == tag):
                yield p

    def first(self, tag: str) -> _Node | None:
        return next(self.children(tag), None)


def parse(data: bytes, where: str) -> _Node:
    """A light tree that keeps each element's line number, for messages that name it."""
    parser = xml.parsers.expat.ParserCreate()
    root = _Node("#document", 0, {})
    stack = [root]

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = _Node(tag, parser.CurrentLineNumber, attrs)
        stack[-1].parts.append(node)
        stack.append(node)

    def end(_tag: str) -> None:
        stack.pop()

    def chars(text: str) -> None:
        stack[-1].parts.append(text)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parse_xml(parser, data, where)
    top = root.first(ROOT_TAG)
    if top is None:
        found = next(root.children(), None)
        raise LoaderError(
            f"{where}:{found.line if found else 1}: root element is "
            f"<{found.tag if found else '?'}>, not <{ROOT_TAG}>"
        )
    return top


@dataclass(slots=True)
class _Ref:
    path: str
    target: str
    kind: str  # "see" or "see also"


class ICD10CMIndexLoader(ImportLoader):
    """Index paths and cross-references as extra terms of ICD-10-CM codes."""

    kind = "icd10cm-index"
    system = SYSTEM
    accepts = (
        "icd10cm_index_<year>.xml, or the CMS zip/folder with it and the neoplasm and "
        "drug tables"
    )

    def _files(self) -> list[str]:
        if self.source.kind == "file":
            return self.source.members
        hits = self.source.find(_FILES)
        if not any(_role(m) == "index" for m in hits):
            raise LoaderError(f"{self.path}: no icd10cm_index_<year>.xml in it")
        for role in _ORDER:
            self.source.only([m for m in hits if _role(m) == role] or [""], f"{role} files")
        return sorted(hits, key=lambda m: _ORDER[_role(m)])

    def used_members(self) -> list[str]:
        return self._files()

    def sniff(self) -> bool:
        head = self.source.read(self._files()[0])[:500].decode("utf-8", "replace")
        return f"<{ROOT_TAG}" in head

    def detect_release(self) -> tuple[str, str] | None:
        """``icd10cm_index_2026.xml`` -> FY2026 (in effect from October 1, 2025)."""
        year = year_in([m.rsplit("/", 1)[-1] for m in self._files()] + self.source.names())
        if year is None:
            head = self.source.read(self._files()[0])[:1000].decode("utf-8", "replace")
            m = re.search(r"<version>\s*(\d{4})\s*</version>", head)
            year = int(m.group(1)) if m else None
        return (f"FY{year}", f"{year - 1}-10-01") if year else None

    @property
    def info(self) -> SystemInfo | None:
        return None

    def concepts(self) -> Iterator[Concept]:
        return iter(())

    def estimated_total(self) -> int:
        return 0

    def terms(self) -> Iterator[tuple[str, str, Term]]:
        paths: dict[str, str] = {}  # normalised path -> code, for resolving cross-references
        refs: list[_Ref] = []
        for member in self._files():
            where = self.source.where(member)
            top = parse(self.source.read(member), where)
            heads = {
                h.attrs.get("col", ""): h.text()
                for heading in top.children("indexHeading")
                for h in heading.children("head")
            }
            letters = list(top.children("letter"))
            if not letters:
                raise LoaderError(f"{where}:{top.line}: no <letter> elements: an empty index")
            for letter in letters:
                for main in letter.children("mainTerm"):
                    yield from _entry(main, [], [], heads, where, paths, refs)
        for ref in refs:
            code = paths.get(_norm(ref.target))
            if code:
                yield SYSTEM, code, Term("see", f"{ref.path} → {ref.kind} {ref.target}")


def _role(member: str) -> str:
    m = re.search(r"icd10cm_(index|eindex|neoplasm|drug)", member, re.IGNORECASE)
    return m.group(1).lower() if m else "index"


def _norm(text: str) -> str:
    """Path text for matching a cross-reference: no nonessential modifiers, case or spacing."""
    text = re.sub(r"\([^)]*\)", " ", text)
    return ", ".join(p for p in (" ".join(s.split()).lower() for s in text.split(",")) if p)


def _code(node: _Node, where: str) -> str | None:
    """The undotted-or-dotted code of a ``code``/``cell`` element; '-' alone means none."""
    raw = node.text().strip()
    if raw in ("", "-", "--"):
        return None
    m = CODE.fullmatch(raw)
    if not m:
        raise LoaderError(f"{where}:{node.line}: {raw!r} is not an ICD-10-CM code")
    head, tail = m.group(1), m.group(2) or ""
    return f"{head}.{tail}" if tail else head


def _entry(
    node: _Node,
    path: list[str],
    keys: list[str],
    heads: dict[str, str],
    where: str,
    paths: dict[str, str],
    refs: list[_Ref],
) -> Iterator[tuple[str, str, Term]]:
    title_node = node.first("title")
    title = title_node.text() if title_node is not None else ""
    if not title:
        raise LoaderError(f"{where}:{node.line}: <{node.tag}> without a <title>")
    bare = title_node.text(skip=("nemod",)) if title_node is not None else title
    here = [*path, title]
    text = ", ".join(here)
    # A main term "Abdomen, abdominal" is also reached as "Abdomen" by cross-references.
    if not keys:
        parts = [p for p in (_norm(bare), *(_norm(s) for s in bare.split(","))) if p]
        here_keys = list(dict.fromkeys(parts))
    else:
        here_keys = [f"{k}, {_norm(bare)}" for k in keys]
    for code_node in node.children("code"):
        code = _code(code_node, where)
        if code:
            for key in here_keys:
                paths.setdefault(key, code)
            yield SYSTEM, code, Term("index", text)
    # Table rows (neoplasms, drugs): one code per column, the column heading completes the
    # path ("Neoplasm, neoplastic, lung, malignant primary").
    for cell in node.children("cell"):
        code = _code(cell, where)
        if code:
            heading = heads.get(cell.attrs.get("col", ""), "")
            yield SYSTEM, code, Term("index", f"{text}, {heading.lower()}" if heading else text)
    for tag, kind in (("see", "see"), ("seeAlso", "see also")):
        for ref in node.children(tag):
            target = ref.text(skip=("tab",))
            if target:
                refs.append(_Ref(text, target, kind))
    for child in node.children("term"):
        yield from _entry(child, here, here_keys, heads, where, paths, refs)
