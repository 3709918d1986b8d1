"""The atomic build: write every source into a temporary file beside the catalog, then rename.

A reader never sees a half-built file: the rename is atomic on POSIX, and a failure or an
interrupt removes the temporary file and leaves the previous catalog byte-identical.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from medcodes.catalog import columns
from medcodes.catalog.schema import CONCEPTS_DDL, DDL, INDEXES, SCHEMA_VERSION
from medcodes.codes import code_key
from medcodes.model import Concept, Link
from medcodes.systems.base import Loader

BATCH = 5000
META_SOURCES = "sources"


class BuildError(Exception):
    """A build failed; the previous catalog (if any) is untouched."""


@dataclass(slots=True)
class SystemSummary:
    """One row of the summary table printed after a build."""

    system: str
    version: str
    concepts: int = 0
    billable: int = 0
    links: int = 0
    seconds: float = 0.0


class Reporter:
    """Progress callbacks; the CLI subclasses this with a rich progress bar. No-op by default."""

    def start(self, name: str, total: int | None) -> None:
        """A step begins (a loader or an indexer)."""

    def advance(self, n: int) -> None:
        """``n`` more records of the current step are done."""

    def finish(self, name: str) -> None:
        """The current step ended."""


# An indexer adds derived tables (search index, vocabulary, embeddings) to the new file.
Indexer = Callable[[sqlite3.Connection, Reporter], None]


@dataclass(slots=True)
class BuildResult:
    path: Path
    systems: list[SystemSummary] = field(default_factory=list)
    seconds: float = 0.0
    size_bytes: int = 0


def build_catalog(
    path: Path,
    loaders: Sequence[Loader],
    indexers: Sequence[tuple[str, Indexer]] = (),
    reporter: Reporter | None = None,
) -> BuildResult:
    """Build a catalog at ``path`` from ``loaders``, atomically."""
    reporter = reporter or Reporter()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    result = BuildResult(path=path)
    step = "setup"
    try:
        with replacing(path, "building") as tmp:
            conn = open_writer(tmp, DDL)
            try:
                seq = 0
                for loader in loaders:
                    step = loader.name or type(loader).__name__
                    summary, seq = load_system(conn, loader, seq, reporter)
                    result.systems.append(summary)
                step = "indexes"
                _reorder(conn)
                conn.executescript(INDEXES)
                mark_defaults(conn)
                step = "extra terms"
                apply_terms(conn, loaders, reporter)
                for name, indexer in indexers:
                    step = name
                    indexer(conn, reporter)
                step = "finish"
                write_meta(conn, sources_stamp(loaders))
                conn.commit()
                conn.execute("ANALYZE")
                conn.commit()
            finally:
                conn.close()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        raise BuildError(f"build failed while loading {step}: {exc}") from exc
    result.seconds = time.perf_counter() - started
    result.size_bytes = path.stat().st_size
    return result


@contextmanager
def replacing(path: Path, label: str) -> Iterator[Path]:
    """A private file beside ``path``, renamed over it when the block succeeds and deleted
    when it fails: a reader sees the old file or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{label}")
    tmp.unlink(missing_ok=True)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def open_writer(path: Path, ddl: str = "") -> sqlite3.Connection:
    """A connection for one bulk write into a private file (no journal: a failure deletes
    the file), with ``ddl`` run and the ``temp.loaded`` table loaders fill; ``copy_loaded``
    moves it into ``concepts`` in search order."""
    # A long timeout: an import's appenders read the same file beside this connection.
    conn = sqlite3.connect(path, timeout=600)
    conn.executescript(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY;"
        "PRAGMA cache_size=-200000;" + ddl
    )
    conn.execute(CONCEPTS_DDL.replace("CREATE TABLE concepts", "CREATE TEMP TABLE loaded"))
    return conn


def load_system(
    conn: sqlite3.Connection, loader: Loader, seq: int, reporter: Reporter,
    collect: list[tuple[Concept, Row]] | None = None,
) -> tuple[SystemSummary, int]:
    """Read ``loader``'s concepts into ``temp.loaded`` (``copy_loaded`` numbers them), or into
    ``collect`` with their records (an append numbers and inserts them at once,
    ``number_collected``), and its links and system row into the catalog."""
    started = time.perf_counter()
    info = loader.info
    version = info.version if info else ""
    summary = SystemSummary(system=info.id if info else loader.name, version=version)
    reporter.start(loader.name or summary.system, loader.estimated_total())
    # code -> (depth, chapter) of concepts seen so far: parents come before children.
    placed: dict[str, tuple[int, str | None]] = {}
    rows: list[Row] = []
    for concept in loader.concepts():
        if info is None:
            raise BuildError(f"{loader.name} yields concepts but has no system info")
        seq += 1
        row = _row(concept, info.id, version, seq, placed)
        summary.concepts += 1
        summary.billable += concept.billable
        if collect is not None:
            collect.append((concept, row))
            continue
        rows.append(row)
        if len(rows) >= BATCH:
            _insert_concepts(conn, rows)
            reporter.advance(len(rows))
            rows.clear()
    if rows:
        _insert_concepts(conn, rows)
        reporter.advance(len(rows))
    summary.links = insert_links(conn, loader.links())
    if info is not None:
        conn.execute(
            "INSERT OR REPLACE INTO systems (id, version, name, release_date, source, licence,"
            " fhir_uri, origin, concepts, billable, load_seconds)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                info.id, info.version, info.name, info.release_date, info.source, info.licence,
                info.fhir_uri, info.origin, summary.concepts, summary.billable,
                time.perf_counter() - started,
            ),
        )
    summary.seconds = time.perf_counter() - started
    reporter.finish(loader.name or summary.system)
    return summary, seq


# A concept as ``temp.loaded`` takes it: system, version, code, key, title, short_title, kind,
# billable, parent, depth, chapter, status, seq, properties, notes, terms.
Row = tuple[Any, ...]
LOADED_COLUMNS = ("system, version, code, key, title, short_title, kind, billable, parent, depth,"
                  " chapter, status, seq, properties, notes, terms")


def _row(
    c: Concept, system: str, version: str, seq: int, placed: dict[str, tuple[int, str | None]]
) -> Row:
    if c.system != system:
        raise BuildError(f"concept {c.code} says system {c.system!r}, loader says {system!r}")
    chapter: str | None
    if c.parent is None:
        depth, chapter = 0, c.code
    else:
        if c.parent not in placed:
            raise BuildError(f"{system} {c.code}: parent {c.parent} not loaded before it")
        pdepth, chapter = placed[c.parent]
        depth = pdepth + 1
    placed[c.code] = (depth, chapter)
    return (
        system, version, c.code, code_key(c.code), c.title, c.short_title, c.kind,
        int(c.billable), c.parent, depth, chapter, c.status, seq,
        columns.dump(c.properties),
        # Notes and terms are (kind, text) pairs; dataclasses.asdict would deep-copy each one
        # and cost seconds on a large import.
        columns.dump([{"kind": n.kind, "text": n.text} for n in c.notes]),
        columns.dump([{"kind": t.kind, "text": t.text} for t in c.terms]),
    )


def _insert_concepts(conn: sqlite3.Connection, rows: list[Row]) -> None:
    try:
        conn.executemany(
            f"INSERT INTO loaded ({LOADED_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
    except sqlite3.IntegrityError as exc:
        raise BuildError(f"duplicate code in a batch near {rows[0][2]}: {exc}") from exc


def insert_links(conn: sqlite3.Connection, links: Iterable[Link]) -> int:
    n = 0
    batch: list[tuple[object, ...]] = []
    for link in links:
        batch.append(
            (
                link.source_system, link.source_code, link.target_system, link.target_code,
                link.flags, int(link.approximate), int(link.no_map), int(link.combination),
                link.scenario, link.choice_list, link.source,
            )
        )
        if len(batch) >= BATCH:
            n += _flush_links(conn, batch)
    return n + _flush_links(conn, batch)


def _flush_links(conn: sqlite3.Connection, batch: list[tuple[object, ...]]) -> int:
    conn.executemany("INSERT INTO links VALUES (?,?,?,?,?,?,?,?,?,?,?)", batch)
    n = len(batch)
    batch.clear()
    return n


# Concept ids come in bands: current systems before the ICD-9 legacy systems, then by depth,
# so an id says "how general" without a dense numbering. An import appends its concepts at the
# end of each band (catalog.append) and lands where a full build would put it, near enough.
LEGACY_SYSTEMS = ("icd9cm", "icd9pcs")
BAND = 1 << 24  # ids per depth
LEGACY = 1 << 32  # offset of the legacy systems' bands


def band_start(legacy: bool, depth: int) -> int:
    """The first id of a band."""
    return legacy * LEGACY + min(depth, 255) * BAND + 1


def _reorder(conn: sqlite3.Connection) -> None:
    """Number concept ids from general to specific (current systems first, then shallow
    before deep, short titles before long), in bands (``band_start``).

    The search index uses ids as its row order, so a query matching tens of thousands of
    rows can stop after the first thousand and still hold the general concepts a user
    expects first. ``seq`` keeps the classification's own order for display.
    """
    copy_loaded(conn)


def copy_loaded(conn: sqlite3.Connection, last_seq: int = 0) -> None:
    """Move ``temp.loaded`` into ``concepts``: each row at the end of its id band, numbered
    depth-first after ``last_seq`` (the last ``seq`` already used, when appending)."""
    numbering = _depth_first(
        conn.execute("SELECT rowid, system, version, code, parent FROM temp.loaded ORDER BY seq"),
        last_seq)
    legacy = ", ".join(f"'{s}'" for s in LEGACY_SYSTEMS)
    order = conn.execute(
        f"SELECT rowid, system IN ({legacy}), depth, length(title) FROM temp.loaded"
    ).fetchall()
    mapping = [(rowid, nid, *numbering[rowid]) for rowid, nid in _ids(conn, order, numbering)]
    conn.execute("CREATE TEMP TABLE idmap (old INTEGER PRIMARY KEY, new INTEGER NOT NULL,"
                 " seq INTEGER NOT NULL, subtree_end INTEGER NOT NULL)")
    conn.executemany("INSERT INTO temp.idmap VALUES (?, ?, ?, ?)", mapping)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(concepts)") if r[1] != "id"]
    values = ", ".join(f"m.{c}" if c in ("seq", "subtree_end") else f"l.{c}" for c in cols)
    conn.execute(
        f"INSERT INTO concepts (id, {', '.join(cols)}) SELECT m.new, {values}"
        " FROM temp.loaded l JOIN temp.idmap m ON m.old = l.rowid ORDER BY m.new"
    )
    conn.execute("DROP TABLE temp.idmap")
    conn.execute("DROP TABLE temp.loaded")


def number_collected(conn: sqlite3.Connection, rows: Sequence[Row], last_seq: int
                     ) -> tuple[list[int], list[Row]]:
    """``copy_loaded`` for rows ``load_system`` collected (``rows[i]`` is what ``temp.loaded``
    would hold at rowid ``i + 1``), numbered here instead of written to ``temp.loaded`` and
    read back (a 100,000-row import: 0.5 s less): each row's id, and the rows as ``concepts``
    takes them, in id order, for ``insert_numbered``."""
    numbering = _depth_first(((i, r[0], r[1], r[2], r[8]) for i, r in enumerate(rows, 1)),
                             last_seq)
    legacy = frozenset(LEGACY_SYSTEMS)
    # SQLite's length() counts a text's characters up to its first NUL.
    order = [(i, int(r[0] in legacy), r[9], len(r[4].partition("\0")[0]))
             for i, r in enumerate(rows, 1)]
    ids = [0] * len(rows)
    out: list[Row] = []
    for rowid, nid in _ids(conn, order, numbering):
        r = rows[rowid - 1]
        ids[rowid - 1] = nid
        out.append((nid, *r[:12], *numbering[rowid], *r[13:]))
    return ids, out


def insert_numbered(conn: sqlite3.Connection, rows: Sequence[Row]) -> None:
    """Insert ``number_collected``'s rows into ``concepts``."""
    try:
        conn.executemany(
            f"INSERT INTO concepts (id, {LOADED_COLUMNS.replace('seq,', 'seq, subtree_end,')})"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    except sqlite3.IntegrityError as exc:
        raise BuildError(f"duplicate code near {rows[0][3]}: {exc}") from exc


def _ids(
    conn: sqlite3.Connection, order: list[tuple[int, int, int, int]],
    numbering: dict[int, tuple[int, int]],
) -> Iterator[tuple[int, int]]:
    """(rowid, id) of each loaded row (rowid, legacy, depth, title length), in id order:
    sorted by band, then title length, then the depth-first ``seq``; each band's ids follow
    the last the catalog holds."""
    order.sort(key=lambda r: (r[1], r[2], r[3], numbering[r[0]][0]))
    next_id: dict[tuple[int, int], int] = {}
    for rowid, is_legacy, depth, _ in order:
        band = (is_legacy, depth)
        nid = next_id.get(band)
        if nid is None:
            lo = band_start(bool(is_legacy), depth)
            last = conn.execute(
                "SELECT max(id) FROM concepts WHERE id >= ? AND id < ?", (lo, lo + BAND - 1)
            ).fetchone()[0]
            nid = lo if last is None else last + 1
        yield rowid, nid
        next_id[band] = nid + 1


def _depth_first(
    rows: Iterable[tuple[int, str, str, str, str | None]], start: int
) -> dict[int, tuple[int, int]]:
    """``seq`` numbered depth-first (children in load order) and each subtree's last ``seq``,
    by rowid of ``temp.loaded``, from its rows (rowid, system, version, code, parent) in load
    order: "everything below X" is then one indexed range scan, whatever order a loader
    yielded its concepts in."""
    children: dict[tuple[str, str, str | None], list[tuple[int, str]]] = {}
    for rowid, system, version, code, parent in rows:
        children.setdefault((system, version, parent), []).append((rowid, code))
    out: dict[int, tuple[int, int]] = {}
    counter = start
    roots = [(s, v) for (s, v, parent) in children if parent is None]
    for system, version in roots:
        # Iterative depth-first walk: (rowid, code, entered) frames.
        stack: list[tuple[int, str, bool]] = [
            (rowid, code, False) for rowid, code in reversed(children[(system, version, None)])
        ]
        first: dict[int, int] = {}
        while stack:
            rowid, code, entered = stack.pop()
            if entered:
                out[rowid] = (first[rowid], counter)
                continue
            counter += 1
            first[rowid] = counter
            stack.append((rowid, code, True))
            for child in reversed(children.get((system, version, code), [])):
                stack.append((child[0], child[1], False))
    return out


def mark_defaults(conn: sqlite3.Connection, system: str | None = None) -> None:
    """The newest release of each system (by release date, then version) is the default.
    ``system``: only that system's concepts can have changed (an append)."""
    conn.execute(
        "UPDATE systems SET is_default = (version = (SELECT s2.version FROM systems s2"
        " WHERE s2.id = systems.id ORDER BY s2.release_date DESC, s2.version DESC LIMIT 1))"
    )
    conn.execute(
        "UPDATE concepts SET is_default = 0 WHERE"
        + (" system = ? AND" if system else "")
        + " EXISTS (SELECT 1 FROM systems s WHERE s.id = concepts.system"
        " AND s.version = concepts.version AND s.is_default = 0)",
        (system,) if system else (),
    )


def apply_terms(conn: sqlite3.Connection, loaders: Sequence[Loader], reporter: Reporter) -> None:
    """Append the terms loaders add to other systems' concepts (``Loader.terms``, e.g. the
    ICD-10-CM index) to each system's default release, before the search index reads them.

    A term naming a code the default release lacks is skipped; a text the concept already
    has (title or term) is not repeated.
    """
    enrichers = [ld for ld in loaders if type(ld).terms is not Loader.terms]
    if not enrichers:
        return
    extra: dict[tuple[str, str], list[dict[str, str]]] = {}
    for loader in enrichers:
        reporter.start(f"{loader.name} terms", None)
        for system, code, term in loader.terms():
            extra.setdefault((system, code_key(code)), []).append(
                {"kind": term.kind, "text": term.text}
            )
        reporter.finish(f"{loader.name} terms")
    if not extra:
        return
    systems = sorted({system for system, _ in extra})
    rows = conn.execute(
        "SELECT id, system, key, title, terms FROM concepts WHERE is_default = 1"
        f" AND system IN ({','.join('?' * len(systems))})",
        systems,
    ).fetchall()
    updates: list[tuple[str, int]] = []
    for cid, system, key, title, terms_json in rows:
        add = extra.get((system, key))
        if not add:
            continue
        terms = columns.load(terms_json)
        seen = {title.casefold(), *(t["text"].casefold() for t in terms)}
        for item in add:
            if item["text"].casefold() not in seen:
                seen.add(item["text"].casefold())
                terms.append(item)
        updates.append((columns.dump(terms), cid))
    conn.executemany("UPDATE concepts SET terms = ? WHERE id = ?", updates)


def sources_stamp(loaders: Sequence[Loader]) -> str | None:
    """What a catalog was built from, as sorted loader fingerprints (JSON): an import may
    append to a catalog only when the catalog holds exactly the sources a rebuild would read.
    None when a loader cannot say (that catalog is always rebuilt)."""
    try:
        return columns.dump(sorted(ld.fingerprint() for ld in loaders))
    except Exception:  # a loader that cannot describe itself only costs a rebuild
        return None


def write_meta(conn: sqlite3.Connection, sources: str | None) -> None:
    from medcodes import __version__

    meta = {
        "schema_version": str(SCHEMA_VERSION),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "medcodes_version": __version__,
    }
    if sources is not None:
        meta[META_SOURCES] = sources
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
