"""Curated articles: Markdown files with YAML front matter, one code each.

An article names its code and its sections::

    ---
    system: icd10pcs
    code: 0DTJ4ZZ
    title: Laparoscopic appendectomy
    sources: [CMS ICD-10-PCS Official Guidelines, MedlinePlus "Appendectomy"]
    author: Jane Doe
    reviewed_by: John Roe         # required when status is reviewed
    review_date: 2025-06-01       # YYYY-MM-DD, required when status is reviewed
    status: draft                 # draft | reviewed
    example: false                # true for the examples shipped with medcodes
    ---
    ## Purpose
    ...

Headings (``## Title``) name sections of the page outline (``content.outline``). Files are
checked (``check_file``) before they are imported into the content store; the build's
``index_articles`` step copies every good article into the catalog's ``articles`` table, where
search indexes the text and the code page reads it.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import yaml
from markdown_it import MarkdownIt

from medcodes.catalog.build import Reporter
from medcodes.catalog.paths import data_dir
from medcodes.catalog.reader import Catalog
from medcodes.codes import code_key
from medcodes.content.outline import outline, section_id, writable_sections
from medcodes.model import Concept

CONTENT_ENV = "MEDCODES_CONTENT_DIR"
EXAMPLES_DIR = Path(__file__).with_name("examples")

STATUSES = ("draft", "reviewed")
REQUIRED = ("system", "code", "title", "sources", "author", "status")
REQUIRED_WHEN_REVIEWED = ("reviewed_by", "review_date")
OPTIONAL = ("reviewed_by", "review_date", "example", "generated", "model", "endpoint", "date")
KNOWN_FIELDS = frozenset(REQUIRED + OPTIONAL)
DATE_FIELDS = ("review_date", "date")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")

_markdown = MarkdownIt("commonmark", {"html": False})


class ArticleError(Exception):
    """An article or content operation failed; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an article file, located for the author."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(slots=True)
class ArticleSection:
    id: str
    title: str
    text: str
    line: int


@dataclass(slots=True)
class Article:
    """A parsed article: front matter (``meta``) and the body's sections."""

    path: str
    meta: dict[str, Any]
    body: str
    sections: list[ArticleSection] = field(default_factory=list)

    @property
    def system(self) -> str:
        return str(self.meta.get("system", ""))

    @property
    def code(self) -> str:
        return str(self.meta.get("code", ""))

    @property
    def status(self) -> str:
        return str(self.meta.get("status", ""))

    @property
    def generated(self) -> bool:
        return self.meta.get("generated") is True


class CodeLookup(Protocol):
    """What the checker needs of a catalog: its systems and each code's canonical form."""

    def systems(self) -> set[str]: ...

    def canonical(self, system: str, code: str) -> str | None: ...


class CatalogLookup:
    """Codes of an open catalog (the CLI's check and import)."""

    def __init__(self, cat: Catalog) -> None:
        self.cat = cat

    def systems(self) -> set[str]:
        return {s.id for s in self.cat.systems()}

    def canonical(self, system: str, code: str) -> str | None:
        concept = self.cat.get(system, code)
        return concept.code if concept else None


class ConnectionLookup:
    """Codes of a catalog being built (the build's ``index_articles`` step)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._systems: set[str] | None = None

    def systems(self) -> set[str]:
        if self._systems is None:  # asked once per article: read the table once
            self._systems = {r[0] for r in self.conn.execute("SELECT id FROM systems")}
        return self._systems

    def canonical(self, system: str, code: str) -> str | None:
        row = self.conn.execute(
            "SELECT code FROM concepts WHERE key = ? AND system = ? AND is_default = 1",
            (code_key(code), system),
        ).fetchone()
        return str(row[0]) if row else None


# -- parsing ------------------------------------------------------------------------------

class _Loader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text, so a bad date is reported rather than raised."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """``(front matter, body, line of the body's first line)`` or None when there is none."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    return None


def parse_sections(system: str, body: str, first_line: int = 1) -> tuple[
    list[ArticleSection], list[tuple[int, str]]
]:
    """The ``## Heading`` sections of a body, and (line, message) problems found on the way.

    Text under an unknown or repeated heading is skipped (the heading is the problem, once).
    """
    known = writable_sections(system)
    found: list[ArticleSection] = []
    problems: list[tuple[int, str]] = []
    current: ArticleSection | None = None
    skipping = False
    buf: list[str] = []
    in_fence = False

    def close() -> None:
        if current is None:
            return
        current.text = "".join(buf).strip()
        if current.text:
            found.append(current)
        else:
            problems.append((current.line, f"section {current.title!r} is empty"))

    for offset, line in enumerate(body.splitlines(keepends=True)):
        lineno = first_line + offset
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line.rstrip("\r\n"))
        level = len(match.group(1)) if match else 0
        if level == 2 and match:
            close()
            current, skipping, buf = None, False, []
            heading = match.group(2)
            sid = section_id(system, heading)
            if sid is None:
                problems.append((lineno, f"unknown section {heading!r}; an article for "
                                         f"{system} may use: {', '.join(known.values())}"))
                skipping = True
            elif any(s.id == sid for s in found):
                problems.append((lineno, f"section {heading!r} appears twice"))
                skipping = True
            else:
                current = ArticleSection(sid, known[sid], "", lineno)
        elif current is not None:
            buf.append(line)
        elif skipping or (level == 1 and not found):
            continue  # under a bad heading, or a "# Title" line before the first section
        elif line.strip():
            problems.append((lineno, "text before the first '## Section' heading"))
    close()
    return found, problems


def _field_line(front: str, name: str) -> int:
    """The 1-based file line of a front-matter key (the opening ``---`` is line 1)."""
    for i, line in enumerate(front.splitlines(), start=2):
        if re.match(rf"{re.escape(name)}\s*:", line):
            return i
    return 1


def parse_article(text: str, path: str, lookup: CodeLookup | None = None) -> tuple[
    Article | None, list[Problem]
]:
    """Parse and check one article's text. Returns the article (None when unreadable) and
    every problem found; an article is good only when the list is empty.
    """
    problems: list[Problem] = []

    def problem(line: int, message: str) -> None:
        problems.append(Problem(path, line, message))

    split = split_front_matter(text)
    if split is None:
        problem(1, "no front matter: the file must start with a '---' line and close it with "
                   "another '---'")
        return None, problems
    front, body, body_line = split
    try:
        meta = yaml.load(front, Loader=_Loader)  # _Loader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem(line, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}")
        return None, problems
    if not isinstance(meta, dict):
        problem(1, "front matter must be a mapping of fields (system: ..., code: ...)")
        return None, problems
    meta = {str(k): v for k, v in meta.items()}

    for name in meta:
        if name not in KNOWN_FIELDS:
            problem(_field_line(front, name),
                    f"unknown field {name!r}; known fields: {', '.join(sorted(KNOWN_FIELDS))}")
    for name in REQUIRED:
        if _blank(meta.get(name)):
            problem(_field_line(front, name) if name in meta else 1, f"missing field {name!r}")
    status = meta.get("status")
    if not _blank(status) and status not in STATUSES:
        problem(_field_line(front, "status"),
                f"bad status {status!r}: must be one of {', '.join(STATUSES)}")
    if status == "reviewed":
        for name in REQUIRED_WHEN_REVIEWED:
            if _blank(meta.get(name)):
                problem(_field_line(front, name) if name in meta else 1,
                        f"missing field {name!r} (required when status is reviewed)")
    for name in DATE_FIELDS:
        value = meta.get(name)
        if not _blank(value) and not _valid_date(value):
            problem(_field_line(front, name), f"bad date {name}: {value!r} is not YYYY-MM-DD")
    sources = meta.get("sources")
    if not _blank(sources) and not (
        isinstance(sources, list) and sources and all(isinstance(s, str) and s.strip()
                                                      for s in sources)
    ):
        problem(_field_line(front, "sources"), "sources must be a list of texts, one per source")
    for name in ("example", "generated"):
        if name in meta and not isinstance(meta[name], bool):
            problem(_field_line(front, name), f"{name} must be true or false")
    for name in ("title", "author", "reviewed_by", "model", "endpoint"):
        if name in meta and meta[name] is not None and not isinstance(meta[name], str):
            problem(_field_line(front, name), f"{name} must be text")

    system = meta.get("system")
    code = meta.get("code")
    if lookup is not None and isinstance(system, str) and system and not _blank(code):
        if system not in lookup.systems():
            problem(_field_line(front, "system"),
                    f"unknown system {system!r}; the catalog has "
                    f"{', '.join(sorted(lookup.systems()))}")
        else:
            canonical = lookup.canonical(system, str(code))
            if canonical is None:
                problem(_field_line(front, "code"), f"unknown code {code!r} in {system}")
            else:
                meta["code"] = canonical
    article = Article(path=path, meta=meta, body=body)
    if isinstance(system, str) and system:
        found, body_problems = parse_sections(system, body, body_line)
        article.sections = found
        for line, message in body_problems:
            problem(line, message)
        if not found and not body_problems:
            problem(body_line, "no sections: write at least one '## Section' heading with text")
    return article, sorted(problems, key=lambda p: p.line)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


def _valid_date(value: Any) -> bool:
    if not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
        return False
    try:
        date.fromisoformat(value.strip())
    except ValueError:
        return False
    return True


def check_file(path: Path, lookup: CodeLookup | None) -> tuple[Article | None, list[Problem]]:
    """Read and check one article file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(str(path), 1, "not UTF-8 text")]
    except OSError as exc:
        return None, [Problem(str(path), 1, f"cannot read: {exc.strerror or exc}")]
    return parse_article(text, str(path), lookup)


def article_files(folder: Path) -> list[Path]:
    """Every ``*.md`` under ``folder``, sorted (a README.md is not an article)."""
    if folder.is_file():
        return [folder]
    return sorted(
        p for p in folder.rglob("*.md") if p.is_file() and p.name.lower() != "readme.md"
    )


def check_folder(folder: Path, lookup: CodeLookup | None) -> tuple[list[Article], list[Problem]]:
    """Check every article under ``folder``; returns the good articles and all problems.

    Two files for the same code with the same status are reported too: the page could show
    only one of them.
    """
    if not folder.exists():
        return [], [Problem(str(folder), 0, "no such file or folder")]
    files = article_files(folder)
    if not files:
        return [], [Problem(str(folder), 0, "no article files (*.md) here")]
    good: list[Article] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str, str], str] = {}
    for path in files:
        article, found = check_file(path, lookup)
        problems += found
        if article is None or found:
            continue
        key = (article.system, article.code, article.status)
        if key in seen:
            problems.append(Problem(str(path), 1, f"{article.system} {article.code} already has "
                                                  f"a {article.status} article: {seen[key]}"))
            continue
        seen[key] = str(path)
        good.append(article)
    return good, problems


# -- the content store and the build step -------------------------------------------------

def content_dir() -> Path:
    """Where imported articles and generated drafts live (``MEDCODES_CONTENT_DIR`` wins)."""
    env = os.environ.get(CONTENT_ENV)
    return Path(env).expanduser() if env else data_dir() / "content"


def source_folders() -> list[tuple[str, Path]]:
    """The folders a build reads articles from: the bundled examples, then the store."""
    return [("example", EXAMPLES_DIR), ("store", content_dir())]


def import_articles(articles: Iterable[Article], store: Path | None = None) -> list[Path]:
    """Copy checked articles into the store, each written atomically; returns the new paths."""
    store = store or content_dir()
    store.mkdir(parents=True, exist_ok=True)
    written = []
    for article in articles:
        source = Path(article.path)
        target = store / source.name
        write_atomic(target, source.read_text(encoding="utf-8"))
        written.append(target)
    return written


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and a rename: never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


ARTICLES_DDL = """
CREATE TABLE articles (
    system TEXT NOT NULL,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    meta_json TEXT NOT NULL
);
CREATE INDEX articles_code ON articles (system, code);
"""


def _good_articles(lookup: CodeLookup) -> Iterator[tuple[str, Article]]:
    """Every article that passes the check, with its origin; bad files are skipped (the
    import refuses them, so only a hand-edited store file can be bad here)."""
    for origin, folder in source_folders():
        if not folder.is_dir():
            continue
        for path in article_files(folder):
            article, problems = check_file(path, lookup)
            if article is not None and not problems:
                yield origin, article


def index_articles(conn: sqlite3.Connection, reporter: Reporter) -> None:
    """Build step: the ``articles`` table, from the bundled examples and the content store."""
    reporter.start("articles", None)
    conn.executescript(ARTICLES_DDL)
    rows = []
    for origin, article in _good_articles(ConnectionLookup(conn)):
        meta = dict(article.meta, origin=origin, file=Path(article.path).name)
        rows.append((article.system, article.code, str(meta.get("title") or ""), article.body,
                     article.status, json.dumps(meta, ensure_ascii=False)))
    conn.executemany("INSERT INTO articles VALUES (?,?,?,?,?,?)", rows)
    reporter.advance(len(rows))
    reporter.finish("articles")


# -- reading for the code page ------------------------------------------------------------

def articles_for(cat: Catalog, c: Concept) -> list[Article]:
    """The catalog's articles for ``c``, best first: reviewed before draft, human-written
    before machine-generated, the user's store before the bundled examples."""
    try:
        rows = cat.conn.execute(
            "SELECT body, meta_json FROM articles WHERE system = ? AND code = ?",
            (c.system, c.code),
        ).fetchall()
    except sqlite3.OperationalError:  # a catalog built without the articles step
        return []
    out = []
    for body, meta_json in rows:
        meta = json.loads(meta_json)
        article = Article(path=str(meta.get("file", "")), meta=meta, body=body)
        article.sections, _ = parse_sections(c.system, body)
        out.append(article)
    out.sort(key=lambda a: (a.status != "reviewed", a.generated, a.meta.get("origin") != "store",
                            str(a.meta.get("review_date") or a.meta.get("date") or "")))
    return out


def provenance(article: Article) -> dict[str, Any]:
    """Who wrote and reviewed an article, when, from what: shown beside its sections."""
    m = article.meta
    return {
        "title": m.get("title"),
        "author": m.get("author"),
        "reviewed_by": m.get("reviewed_by"),
        "review_date": m.get("review_date"),
        "status": article.status,
        "sources": list(m.get("sources") or []),
        "example": m.get("example") is True,
        "generated": article.generated,
        "model": m.get("model"),
        "date": m.get("date"),
        "file": m.get("file"),
    }


def source_label(article: Article) -> str:
    """The line a reader sees under an article's section: where the text came from."""
    m = article.meta
    reviewed = article.status == "reviewed"
    if article.generated:
        head = f"Machine-generated ({m.get('model') or 'unknown model'}"
        head += f", {m['date']})" if m.get("date") else ")"
        if not reviewed:
            return head + ": machine-generated draft, not reviewed"
    elif m.get("example") is True:
        head = "Example article by " + str(m.get("author")).replace(" (example)", "")
    else:
        head = f"Curated article by {m.get('author')}"
    if reviewed:
        return f"{head}, reviewed by {m.get('reviewed_by')} on {m.get('review_date')}"
    return f"{head}: draft, not reviewed"


def article_sections(cat: Catalog, c: Concept) -> dict[str, dict[str, Any]]:
    """Section id -> section dict written by the best article that has that section."""
    out: dict[str, dict[str, Any]] = {}
    titles = dict(outline(c.system))
    for article in articles_for(cat, c):
        info = provenance(article)
        label = source_label(article)
        for sec in article.sections:
            if sec.id in out or sec.id not in titles:
                continue
            out[sec.id] = {
                "id": sec.id,
                "title": titles[sec.id],
                "text": sec.text,
                "html": _markdown.render(sec.text),
                "source": "draft" if article.generated and article.status != "reviewed"
                else "article",
                "source_label": label,
                "article": info,
            }
    return out
