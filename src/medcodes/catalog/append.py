"""Append one new release to a built catalog instead of rebuilding every source.

An import of LOINC next to the bundled code sets rebuilt all 200,000 bundled concepts to add
its own (35 s, where the new rows alone take a few). Appending copies the catalog, adds the
release's concepts at the end of their id bands (``catalog.build.number_collected``), extends
the derived tables (search index, vocabulary, embeddings) with the new rows only (the search
rows from the records the loader read), and renames the copy over the catalog: as atomic as a
build, and a failure leaves the previous file as it was.

It applies only when the result is what a full build would make, near enough: the catalog
must hold exactly the sources a rebuild would read (``meta.sources``) and be made by this
medcodes, and the release must be a new one that changes no other concept: a first release of
a system, or an older release beside the default. Anything else raises ``CannotAppend`` before
a byte is written, and the caller rebuilds.
"""

from __future__ import annotations

import gc
import shutil
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from medcodes.catalog.build import (
    META_SOURCES,
    BuildError,
    BuildResult,
    Reporter,
    Row,
    insert_numbered,
    load_system,
    mark_defaults,
    number_collected,
    open_writer,
    replacing,
    write_meta,
)
from medcodes.catalog.schema import SCHEMA_VERSION
from medcodes.model import Concept
from medcodes.systems.base import Loader


@dataclass(frozen=True, slots=True)
class Appender:
    """Extends a derived table with the default-release concepts matching a WHERE clause, in
    two steps: ``prepare`` reads and computes on a read-only connection of its own, and
    ``write`` stores the result on the writing connection, one appender after another.

    ``own_process``: prepare in a forked process, on the other core, beside the appenders
    that prepare in this one (the two heavy steps, embedding and the search rows, are mostly
    Python and would share one core in threads). Both functions are then module-level and
    the prepared data picklable.

    ``from_records``: prepare from the release's records instead, as (id, concept) pairs in
    id order, on the writing connection before the concepts are inserted: what the loader
    read, not the rows just inserted read back and their JSON parsed again. Its data may
    be, or hold, ``Forked`` work, which runs beside the insert (a ``Forked`` itself is
    waited for before ``write``).
    """

    name: str
    prepare: Callable[[sqlite3.Connection, str, tuple[object, ...]], Any]
    write: Callable[[sqlite3.Connection, Any, Reporter], None]
    own_process: bool = False
    from_records: Callable[[sqlite3.Connection, Sequence[tuple[int, Concept]]], Any] | None = None


class CannotAppend(Exception):
    """This release cannot be appended; the message says why (a rebuild is needed)."""


class Forked:
    """``fn(*args)`` run in a forked process: the arguments are the parent's memory as it
    stands (nothing pickled but the result), so an appender can hand the release's records
    to the other core. ``result`` waits for it and raises what it raised."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        context = get_context("fork")
        self._pipe, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_send, args=(sender, fn, args), daemon=True)
        # Frozen, the parent's objects are no work for the child's cycle collector, which
        # would otherwise walk them all, copying every page it touches. A process that froze
        # its heap itself (a web worker's warm-up) keeps what it froze.
        thaw = gc.get_freeze_count() == 0
        gc.freeze()
        try:
            self._process.start()
        finally:
            if thaw:
                gc.unfreeze()
        sender.close()

    def result(self) -> Any:
        try:
            ok, value = self._pipe.recv()
        except EOFError:
            raise RuntimeError("a forked appender step ended without a result") from None
        finally:
            self.close()
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """Stop the process if it still runs (a failed append), and reap it."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._pipe.close()


def _send(sender: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        out: tuple[bool, Any] = (True, fn(*args))
    except BaseException as exc:  # the parent raises it
        out = (False, exc)
    try:
        sender.send(out)
    except Exception as exc:  # an exception that cannot be pickled
        sender.send((False, RuntimeError(f"{type(out[1]).__name__}: {out[1]} ({exc})")))
    sender.close()


def append_catalog(
    path: Path,
    loader: Loader,
    built_from: str | None,
    sources: str | None,
    appenders: Sequence[Appender],
    reporter: Reporter | None = None,
) -> BuildResult:
    """Add ``loader``'s release to the catalog at ``path``.

    ``built_from`` is the sources stamp the catalog must carry (what a rebuild without this
    release would read), ``sources`` the stamp it carries afterwards.
    """
    reporter = reporter or Reporter()
    started = time.perf_counter()
    info = loader.info
    if info is None:
        raise CannotAppend(f"{loader.name} has no system of its own")
    if built_from is None or sources is None:
        raise CannotAppend("a source cannot describe itself")
    becomes_default = _check(path, info.id, info.version, info.release_date, built_from)
    step = "copy"
    result = BuildResult(path=path)
    try:
        with replacing(path, "appending") as tmp:
            shutil.copyfile(path, tmp)
            conn = open_writer(tmp)
            early: dict[str, Any] = {}
            try:
                step = loader.name
                last_seq = conn.execute("SELECT coalesce(max(seq), 0) FROM concepts").fetchone()[0]
                loaded: list[tuple[Concept, Row]] = []
                summary, _ = load_system(conn, loader, 0, reporter, loaded)
                result.systems.append(summary)
                ids, rows = number_collected(conn, [row for _, row in loaded], last_seq)
                if becomes_default:
                    # Prepared before the concepts are written: they may begin work in a
                    # process of their own that runs beside the insert. Committed first: a
                    # fork copies SQLite's record of the locks this process holds, and a
                    # connection the child opens would trust it and read unlocked.
                    conn.commit()
                    records = sorted(zip(ids, (c for c, _ in loaded), strict=True),
                                     key=lambda r: r[0])
                    for a in appenders:
                        if a.from_records is not None:
                            step = a.name
                            early[a.name] = a.from_records(conn, records)
                    step = loader.name
                del loaded
                insert_numbered(conn, rows)
                del rows
                mark_defaults(conn, info.id)
                conn.commit()  # the appenders' own connections read the new concepts
                if becomes_default:
                    steps = ["indexing"]
                    try:
                        _extend(tmp, conn, appenders, (info.id, info.version), early,
                                reporter, steps)
                    finally:
                        step = steps[-1]
                write_meta(conn, sources)
                conn.commit()
            finally:
                for data in early.values():
                    if isinstance(data, Forked):
                        data.close()
                conn.close()
    except (KeyboardInterrupt, SystemExit, CannotAppend):
        raise  # an appender may refuse: the caller rebuilds
    except BaseException as exc:
        raise BuildError(f"adding {info.id} {info.version} failed while {step}: {exc}") from exc
    result.seconds = time.perf_counter() - started
    result.size_bytes = path.stat().st_size
    return result


def _extend(
    tmp: Path, conn: sqlite3.Connection, appenders: Sequence[Appender],
    release: tuple[str, str], early: dict[str, Any], reporter: Reporter, steps: list[str],
) -> None:
    """Prepare the appenders (those in their own process first, so they run beside the
    others), then write each in order; ``steps`` records each begun, for a failure's
    message. ``early``: what those with ``from_records`` prepared already, by name."""
    where = "system = ? AND version = ?"
    apart = [a for a in appenders if a.own_process and a.name not in early]
    with ProcessPoolExecutor(len(apart) or 1, mp_context=get_context("fork")) as pool:
        futures = {a.name: pool.submit(_prepare, a.prepare, tmp, where, release) for a in apart}
        for a in appenders:
            steps.append(a.name)
            reporter.start(a.name, None)
            if a.name in early:
                data = early[a.name]
                if isinstance(data, Forked):
                    data = data.result()
            elif a.own_process:
                data = futures[a.name].result()
            else:
                data = _prepare(a.prepare, tmp, where, release)
            a.write(conn, data, reporter)
            reporter.finish(a.name)


def _prepare(
    prepare: Callable[[sqlite3.Connection, str, tuple[object, ...]], Any], tmp: Path,
    where: str, args: tuple[object, ...],
) -> Any:
    reader = sqlite3.connect(f"file:{tmp}?mode=ro", uri=True, timeout=600)
    try:
        return prepare(reader, where, args)
    finally:
        reader.close()


def _check(path: Path, system: str, version: str, released: str, built_from: str) -> bool:
    """Raise CannotAppend unless the release can be appended; True when it becomes its
    system's default release (and so is searched)."""
    from medcodes import __version__

    if not path.is_file():
        raise CannotAppend("there is no catalog yet")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise CannotAppend(f"the catalog cannot be opened: {exc}") from exc
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("schema_version") != str(SCHEMA_VERSION):
            raise CannotAppend("the catalog has another schema version")
        if meta.get("medcodes_version") != __version__:
            raise CannotAppend("the catalog was built by another medcodes version")
        if meta.get(META_SOURCES) != built_from:
            raise CannotAppend("the catalog was not built from the current sources")
        releases = conn.execute(
            "SELECT version, release_date FROM systems WHERE id = ?", (system,)
        ).fetchall()
    except sqlite3.Error as exc:
        raise CannotAppend(f"the catalog cannot be read: {exc}") from exc
    finally:
        conn.close()
    if any(v == version for v, _ in releases):
        raise CannotAppend(f"{system} {version} is in the catalog already")
    newest = max(((d, v) for v, d in releases), default=None)
    if newest is not None and (released, version) > newest:
        raise CannotAppend(f"{system} {version} becomes the default release")
    return newest is None
