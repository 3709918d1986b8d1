"""The read API over a built catalog, opened read-only so any number of processes and
threads can share one immutable file.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medcodes.catalog import columns
from medcodes.catalog.paths import default_db_path
from medcodes.catalog.schema import SCHEMA_VERSION
from medcodes.codes import code_key, split_qualified
from medcodes.model import Concept, Link, Note, Term

if TYPE_CHECKING:
    from medcodes.search.types import SearchResponse


class CatalogError(Exception):
    """The catalog is missing, corrupt or from another medcodes; the message says what to do."""


class OlderCatalog(CatalogError):
    """The catalog was built by an older medcodes (an older schema): derived data that a
    rebuild from the same sources brings up to date."""


@dataclass(frozen=True, slots=True)
class SystemRecord:
    """A code-system release as stored in the catalog."""

    id: str
    version: str
    name: str
    release_date: str
    source: str
    licence: str
    fhir_uri: str
    origin: str
    is_default: bool
    concepts: int
    billable: int


_CONCEPT_COLS = (
    "system, version, code, title, short_title, kind, billable, parent, status, properties,"
    " notes, terms"
)


def _concept(row: sqlite3.Row | tuple[Any, ...]) -> Concept:
    (system, version, code, title, short_title, kind, billable, parent, status, props, notes,
     terms) = tuple(row)
    return Concept(
        system=system,
        code=code,
        title=title,
        kind=kind,
        billable=bool(billable),
        parent=parent,
        short_title=short_title,
        status=status,
        properties=columns.load(props),
        notes=[Note(**n) for n in columns.load(notes)],
        terms=[Term(**t) for t in columns.load(terms)],
        version=version,
    )


class _Lease:
    """A thread's SQLite connection and what is kept beside it (``extras``: the search's
    speller and its caches), handed on to the next thread that needs one when this thread ends.

    A web worker's thread pool (anyio) ends a thread idle for 10 s and starts another on the
    next burst; each new thread opened a connection (one more mapping of the catalog file: RSS
    grew by its size each time) and built a speller with empty caches, and the ended thread's
    connection stayed open until a full collection (sqlite3 connections are in reference
    cycles; a worker's frozen heap collects them every 20,000 requests, ``web.state``).
    ``bench/soak.py``: 4.1 GB RSS after 47,600 requests against 1.2 GB PSS. A thread's locals
    are dropped when it ends, and this lease (in no cycle) with them, so ``__del__`` returns
    the connection to the catalog's idle list at once."""

    __slots__ = ("closed", "conn", "extras", "idle")

    def __init__(self, conn: sqlite3.Connection, extras: dict[str, Any],
                 idle: list[tuple[sqlite3.Connection, dict[str, Any]]]) -> None:
        self.conn, self.extras, self.idle, self.closed = conn, extras, idle, False

    def __del__(self) -> None:
        if not self.closed:
            self.idle.append((self.conn, self.extras))  # atomic: no lock needed


class Catalog:
    """A read-only view of one catalog file. Cheap to share; one SQLite connection per thread
    at a time (``_Lease``: an ended thread's goes to the next new one)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._idle: list[tuple[sqlite3.Connection, dict[str, Any]]] = []  # ended threads'
        self._systems: list[SystemRecord] | None = None  # the file is immutable: read once
        self.meta = self._check()

    # -- connection ---------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        if not self.path.exists():
            raise CatalogError(
                f"no catalog at {self.path}: run `medcodes build` (or set MEDCODES_DB / --db)"
            )
        uri = f"file:{self.path.resolve().as_posix()}?mode=ro&immutable=1"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only=1")
        conn.execute("PRAGMA cache_size=-64000")
        conn.execute("PRAGMA mmap_size=536870912")
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (SQLite connections must not be shared across threads)."""
        return self._lease().conn

    def thread_extras(self) -> dict[str, Any]:
        """What this thread keeps beside its connection (and hands on with it)."""
        return self._lease().extras

    def _lease(self) -> _Lease:
        lease: _Lease | None = getattr(self._local, "lease", None)
        if lease is None or lease.closed:
            try:
                conn, extras = self._idle.pop()
            except IndexError:
                conn, extras = self._connect(), {}
            lease = self._local.lease = _Lease(conn, extras, self._idle)
        return lease

    def _check(self) -> dict[str, str]:
        try:
            meta = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise CatalogError(
                f"{self.path} is not a readable medcodes catalog ({exc}): "
                "rebuild it with `medcodes build`"
            ) from exc
        version = meta.get("schema_version")
        if version != str(SCHEMA_VERSION):
            older = version is not None and version.isdigit() and int(version) < SCHEMA_VERSION
            raise (OlderCatalog if older else CatalogError)(
                f"{self.path} was built by another medcodes (schema {version}, this one reads "
                f"{SCHEMA_VERSION}): rebuild it with `medcodes build`"
            )
        return meta

    def forked(self) -> None:
        """In a child process forked from this one: leave the parent's connections alone
        (SQLite's must not cross a fork; kept referenced, so not even closed here) and open
        this process's own as they are needed. What was loaded beside the catalog (the search
        engine, the meaning index) is kept; what a connection kept (its speller) is not."""
        self._inherited = (self._local, self._idle)
        self._local = threading.local()
        self._idle = []

    def close(self) -> None:
        """Close this thread's connection and those ended threads left."""
        lease: _Lease | None = getattr(self._local, "lease", None)
        if lease is not None and not lease.closed:
            lease.conn.close()
            lease.closed = True
        while self._idle:
            self._idle.pop()[0].close()

    # -- systems ------------------------------------------------------------------------------
    def systems(self) -> list[SystemRecord]:
        """Every code-system release in the catalog, defaults first."""
        if self._systems is not None:
            return list(self._systems)
        rows = self.conn.execute(
            "SELECT id, version, name, release_date, source, licence, fhir_uri, origin,"
            " is_default, concepts, billable FROM systems ORDER BY rowid"
        ).fetchall()
        recs = [
            SystemRecord(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8]), r[9], r[10])
            for r in rows
        ]
        self._systems = sorted(recs, key=lambda s: (not s.is_default,))
        return list(self._systems)

    def system(self, system: str, version: str | None = None) -> SystemRecord | None:
        """One release of a system: ``version`` or the default."""
        for rec in self.systems():
            if rec.id == system and (rec.version == version if version else rec.is_default):
                return rec
        return None

    def _version(self, system: str, version: str | None) -> str | None:
        rec = self.system(system, version)
        return rec.version if rec else None

    # -- concepts -----------------------------------------------------------------------------
    def get(self, system: str, code: str, version: str | None = None) -> Concept | None:
        """A concept by system and code in any usual form (``i219`` finds ``I21.9``)."""
        ver = self._version(system, version)
        if ver is None:
            return None
        row = self.conn.execute(
            f"SELECT {_CONCEPT_COLS} FROM concepts WHERE key = ? AND system = ? AND version = ?",
            (code_key(code), system, ver),
        ).fetchone()
        return _concept(row) if row else None

    def find(self, text: str) -> list[Concept]:
        """Every default-release concept a typed code names, across systems.

        ``icd10cm:I21.9`` restricts to one system; ``410.71`` may name codes in several.
        """
        system, code = split_qualified(text)
        key = code_key(code)
        if not key:
            return []
        sql = f"SELECT {_CONCEPT_COLS} FROM concepts WHERE key = ? AND is_default = 1"
        args: list[Any] = [key]
        if system:
            sql += " AND system = ?"
            args.append(system)
        rows = self.conn.execute(sql + " ORDER BY system", args).fetchall()
        found = [_concept(r) for r in rows]
        # "41.0" names ICD-9-CM procedure 41.0, not diagnosis 410: the typed dots decide.
        typed = [c for c in found if c.code == code.strip().upper()]
        return typed or found

    def children(self, system: str, code: str, version: str | None = None) -> list[Concept]:
        """Direct children in classification order."""
        ver = self._version(system, version)
        concept = self.get(system, code, ver)
        if concept is None or ver is None:
            return []
        rows = self.conn.execute(
            f"SELECT {_CONCEPT_COLS} FROM concepts WHERE system = ? AND version = ?"
            " AND parent = ? ORDER BY seq",
            (system, ver, concept.code),
        ).fetchall()
        return [_concept(r) for r in rows]

    def ancestors(self, system: str, code: str, version: str | None = None) -> list[Concept]:
        """The path from the root (chapter or section) down to the concept's parent."""
        ver = self._version(system, version)
        concept = self.get(system, code, ver)
        chain: list[Concept] = []
        while concept is not None and concept.parent is not None:
            concept = self.get(system, concept.parent, ver)
            if concept is not None:
                chain.append(concept)
        return list(reversed(chain))

    def descendants(
        self, system: str, code: str, billable_only: bool = False, limit: int = 1000,
        version: str | None = None,
    ) -> list[Concept]:
        """All concepts below ``code`` in classification order (depth-first, as tabulated)."""
        ver = self._version(system, version)
        span = self.subtree(system, code, ver)
        if span is None or ver is None:
            return []
        start, end = span
        sql = (
            f"SELECT {_CONCEPT_COLS} FROM concepts WHERE system = ? AND version = ?"
            " AND seq > ? AND seq <= ?"
        )
        if billable_only:
            sql += " AND billable = 1"
        sql += " ORDER BY seq LIMIT ?"
        rows = self.conn.execute(sql, (system, ver, start, end, limit)).fetchall()
        return [_concept(r) for r in rows]

    def subtree(self, system: str, code: str, version: str | None = None) -> tuple[int, int] | None:
        """The ``seq`` range ``(first, last]`` of everything below ``code`` (see schema)."""
        ver = self._version(system, version)
        concept = self.get(system, code, ver)
        if concept is None or ver is None:
            return None
        row = self.conn.execute(
            "SELECT seq, subtree_end FROM concepts WHERE system = ? AND version = ? AND code = ?",
            (system, ver, concept.code),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def is_descendant(self, system: str, code: str, ancestor: str) -> bool:
        """True when ``ancestor`` is ``code`` itself or above it in the hierarchy."""
        target = self.get(system, ancestor)
        if target is None or self.get(system, code) is None:
            return False
        if code_key(code) == code_key(ancestor):
            return True
        return any(a.code == target.code for a in self.ancestors(system, code))

    def inherited_notes(self, system: str, code: str) -> list[tuple[Concept, Note]]:
        """Notes that apply to ``code`` from its ancestors, nearest first.

        By the tabular's rules, excludes and 7th-character notes at a category apply to every
        code beneath it.
        """
        out: list[tuple[Concept, Note]] = []
        for ancestor in reversed(self.ancestors(system, code)):
            out.extend((ancestor, note) for note in ancestor.notes if note.kind != "inclusion")
        return out

    # -- crosswalks ---------------------------------------------------------------------------
    def crosswalk(
        self, system: str, code: str, target_system: str | None = None
    ) -> list[Link]:
        """Crosswalk links from a code to other systems (GEM rows with their flags)."""
        concept = self.get(system, code)
        if concept is None:
            return []
        sql = "SELECT * FROM links WHERE source_system = ? AND source_code = ?"
        args: list[Any] = [system, concept.code]
        if target_system:
            sql += " AND target_system = ?"
            args.append(target_system)
        rows = self.conn.execute(sql + " ORDER BY rowid", args).fetchall()
        return [
            Link(r[0], r[1], r[2], r[3], r[4], bool(r[5]), bool(r[6]), bool(r[7]), r[8], r[9],
                 r[10])
            for r in rows
        ]

    def reverse_crosswalk(self, system: str, code: str) -> list[Link]:
        """Links from other systems that point at this code."""
        concept = self.get(system, code)
        if concept is None:
            return []
        rows = self.conn.execute(
            "SELECT * FROM links WHERE target_system = ? AND target_code = ? ORDER BY rowid",
            (system, concept.code),
        ).fetchall()
        return [
            Link(r[0], r[1], r[2], r[3], r[4], bool(r[5]), bool(r[6]), bool(r[7]), r[8], r[9],
                 r[10])
            for r in rows
        ]

    # -- search -------------------------------------------------------------------------------
    def search(self, query: str, **options: Any) -> SearchResponse:
        """Search every system; see ``medcodes.search.engine.search`` for the options."""
        from medcodes.search.engine import search

        return search(self, query, **options)


def open_catalog(path: Path | str | None = None) -> Catalog:
    """Open the catalog at ``path`` (default: ``MEDCODES_DB`` or the user data folder)."""
    return Catalog(default_db_path(path))
