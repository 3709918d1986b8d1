"""What every import loader shares: the user's file as downloaded, and strict reading of it.

A source is a plain file, a folder or a zip archive (CMS and the AMA ship zips); loaders pick
the members they need by name. Text is decoded strictly, so binary data, UTF-16 and the wrong
8-bit encoding fail with a message naming the file and line instead of importing mojibake.
The release (version, release date) comes from the file names unless the user, or the
import store's manifest, says otherwise.
"""

from __future__ import annotations

import re
import xml.parsers.expat
import zipfile
from abc import abstractmethod
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

from medcodes.model import SystemInfo
from medcodes.systems.base import Loader, LoaderError

# Control characters that never occur in a text release (tab, CR, LF and form feed do).
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}


def parse_xml(parser: Any, data: bytes | str, where: str) -> None:
    """Run an expat parser over ``data``; malformed XML is a LoaderError naming file:line."""
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise LoaderError(
            f"{where}:{exc.lineno}: not well-formed XML ({xml.parsers.expat.ErrorString(exc.code)}"
            f", column {exc.offset}): truncated or not an XML file?"
        ) from exc


def month_number(word: str) -> int | None:
    """``'JAN'``, ``'january'`` -> 1; None for anything else."""
    return _MONTHS.get(word[:3].lower()) if len(word) >= 3 else None


def line_of(data: bytes | str, offset: int) -> int:
    """The 1-based line number of ``offset`` in ``data``."""
    if isinstance(data, bytes):
        return data.count(b"\n", 0, offset) + 1
    return data.count("\n", 0, offset) + 1


class AmbiguousSource(LoaderError):
    """The folder or zip holds several candidate files (e.g. two releases): say which."""


class Source:
    """A file, a folder or a zip archive, seen as named members (relative POSIX paths)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise LoaderError(f"{self.path}: no such file or folder")
        self._zip: zipfile.ZipFile | None = None
        if self.path.is_dir():
            self.kind = "folder"
            self._members = sorted(
                p.relative_to(self.path).as_posix() for p in self.path.rglob("*") if p.is_file()
            )
        elif self._looks_zipped() and not _is_spreadsheet(self.path.name):
            self.kind = "zip"
            try:
                with zipfile.ZipFile(self.path) as zf:
                    self._members = sorted(i.filename for i in zf.infolist() if not i.is_dir())
            except (zipfile.BadZipFile, OSError) as exc:
                raise LoaderError(
                    f"{self.path}: not a readable zip archive (truncated or damaged?): {exc}"
                ) from exc
        else:
            self.kind = "file"
            self._members = [self.path.name]

    def _looks_zipped(self) -> bool:
        if self.path.suffix.lower() == ".zip":
            return True
        try:
            with self.path.open("rb") as fh:
                return fh.read(4) == b"PK\x03\x04"
        except OSError:
            return False

    @property
    def members(self) -> list[str]:
        return list(self._members)

    def find(self, pattern: str) -> list[str]:
        """Members whose file name (not folder) matches ``pattern``, case-insensitively."""
        rx = re.compile(pattern, re.IGNORECASE)
        return [m for m in self._members if rx.search(m.rsplit("/", 1)[-1])]

    def only(self, hits: list[str], what: str) -> str:
        """The one member among ``hits``; several are ambiguous (two releases in a folder)."""
        if len(hits) > 1:
            raise AmbiguousSource(
                f"{self.path}: several {what} in it ({', '.join(hits)}): import them one at a time"
            )
        return hits[0]

    def where(self, member: str) -> str:
        """How messages name a member: the file itself, or ``archive.zip[member]``."""
        if self.kind == "file":
            return str(self.path)
        if self.kind == "folder":
            return str(self.path / member)
        return f"{self.path}[{member}]"

    def local_path(self, member: str) -> Path | None:
        """The member as a file on disk (None inside a zip)."""
        if self.kind == "file":
            return self.path
        if self.kind == "folder":
            return self.path / member
        return None

    def read(self, member: str) -> bytes:
        """A member's bytes; a damaged archive member is a LoaderError, not a traceback."""
        try:
            local = self.local_path(member)
            if local is not None:
                return local.read_bytes()
            with zipfile.ZipFile(self.path) as zf:
                return zf.read(member)
        except (OSError, zipfile.BadZipFile, KeyError, EOFError) as exc:
            raise LoaderError(f"{self.where(member)}: cannot read: {exc}") from exc

    def names(self) -> list[str]:
        """The source's own name and every member's path parts: where releases are named."""
        return [self.path.name, *self._members]


def _is_spreadsheet(name: str) -> bool:
    return name.lower().endswith((".xlsx", ".xlsm"))


def decode(data: bytes, where: str, encodings: tuple[str, ...] = ("utf-8", "cp1252")) -> str:
    """Bytes to text, trying ``encodings`` in turn; binary data and UTF-16 are errors.

    A NUL byte means a binary file or UTF-16 text (what Excel calls "Unicode text"); we say so
    rather than guess. Other control characters mean binary data.
    """
    nul = data.find(b"\x00")
    if nul >= 0:
        raise LoaderError(
            f"{where}:{line_of(data, nul)}: NUL byte: a binary file or UTF-16 text, "
            f"not a text file in {' or '.join(_label(e) for e in encodings)}"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    error: UnicodeDecodeError | None = None
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError as exc:
            error = error or exc
    else:
        assert error is not None
        bad = data[error.start : error.start + 1].hex().upper()
        raise LoaderError(
            f"{where}:{line_of(data, error.start)}: byte 0x{bad} is not valid "
            f"{' or '.join(_label(e) for e in encodings)}: wrong encoding?"
        )
    control = _BINARY.search(text)
    if control:
        raise LoaderError(
            f"{where}:{line_of(text, control.start())}: control character "
            f"{control.group()!r}: binary data, not a text file"
        )
    return text


def _label(encoding: str) -> str:
    return {"utf-8": "UTF-8", "cp1252": "Windows-1252", "latin-1": "Latin-1"}.get(
        encoding, encoding
    )


def check_xml(data: bytes, where: str, root_tag: str) -> None:
    """Well-formed XML whose root is ``root_tag``, or a LoaderError naming the line."""
    parser = xml.parsers.expat.ParserCreate()
    roots: list[tuple[str, int]] = []

    def start(tag: str, _attrs: dict[str, str]) -> None:
        if not roots:
            roots.append((tag, parser.CurrentLineNumber))

    parser.StartElementHandler = start
    parse_xml(parser, data, where)
    if roots and roots[0][0] != root_tag:
        raise LoaderError(f"{where}:{roots[0][1]}: root element is <{roots[0][0]}>, not <{root_tag}>")


def lines(text: str) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` without line endings (CRLF or LF)."""
    for n, line in enumerate(text.split("\n"), 1):
        yield n, line.rstrip("\r")


class ImportLoader(Loader):
    """A loader for a file the user downloaded and imports with ``medcodes import KIND PATH``.

    ``version`` and ``release_date`` override what the file names say: the import store
    passes its manifest's values, so a stored release is always rebuilt under the same name.
    """

    #: The ``medcodes import`` kind, e.g. ``"hcpcs"``.
    kind: ClassVar[str] = ""
    #: The system whose concepts it yields (or, for an enrichment, adds terms to).
    system: ClassVar[str] = ""
    #: One line for ``medcodes import --help``: what to pass.
    accepts: ClassVar[str] = ""

    def __init__(
        self, path: Path | str, version: str | None = None, release_date: str | None = None
    ) -> None:
        self.path = Path(path)
        self._version = version
        self._release_date = release_date
        self.name = self.kind
        #: The digest the imports store recorded for this release (None outside the store).
        self.stored_sha: str | None = None

    def fingerprint(self) -> str:
        """Kind, release and content digest: a changed file is a different source."""
        return f"import|{self.kind}|{self.release()[0]}|{self.stored_sha}"

    @cached_property
    def source(self) -> Source:
        return Source(self.path)

    def release(self) -> tuple[str, str]:
        """``(version, release date)``: given, else read from the file names."""
        if self._version:
            date = self._release_date
            if date is None:
                detected = self.detect_release()
                date = detected[1] if detected and detected[0] == self._version else ""
            return self._version, date
        detected = self.detect_release()
        if detected is None:
            raise LoaderError(
                f"{self.path}: cannot tell which release this is from its file names; "
                "say it with --version"
            )
        return detected[0], self._release_date if self._release_date is not None else detected[1]

    def imported_info(
        self, system: str, name: str, source: str, licence: str, fhir_uri: str
    ) -> SystemInfo:
        """The SystemInfo of this release: what every import kind fills the same way."""
        version, released = self.release()
        return SystemInfo(id=system, name=name, version=version, release_date=released,
                          source=source, licence=licence, fhir_uri=fhir_uri, origin="imported")

    @abstractmethod
    def detect_release(self) -> tuple[str, str] | None:
        """``(version, release date)`` from the file names, or None when they do not say."""

    @abstractmethod
    def used_members(self) -> list[str]:
        """The members this loader reads: the import store keeps exactly these."""

    @classmethod
    def can_read(cls, path: Path) -> bool:
        """True when ``path`` holds this kind's files (checks names and the first bytes)."""
        try:
            return cls(path).sniff()
        except (LoaderError, OSError, ValueError):
            return False

    @abstractmethod
    def sniff(self) -> bool:
        """Cheap format check used by ``can_read``; may raise LoaderError."""


def check_fields(where: str, line: int, fields: list[str], expected: int) -> None:
    """A delimited row must have as many fields as the header."""
    if len(fields) < expected:
        raise LoaderError(
            f"{where}:{line}: {len(fields)} columns, expected {expected} "
            "(truncated or misquoted row?)"
        )
    if len(fields) > expected:
        raise LoaderError(f"{where}:{line}: {len(fields)} columns, expected {expected}")


def year_in(names: list[str]) -> int | None:
    """The first plausible release year (1990-2099) in any of ``names``."""
    for name in names:
        m = re.search(r"(?<!\d)(19[9]\d|20\d\d)(?!\d)", name)
        if m:
            return int(m.group(1))
    return None
