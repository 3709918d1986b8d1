"""A catalog as a long-running server holds it: pinned to the file it opened, and every query
bounded by the time budget of the request it serves.

Pinning. ``Catalog`` opens one SQLite connection per thread, lazily, from the path. When a
rebuild renames a new file over the path, a thread that connects afterwards would read the
*new* file while older threads read the old one: one server, two catalogs. ``ServedCatalog``
remembers which file (device, inode) it opened; a thread that finds another file (or none) at
the path shares the first connection instead, so the server keeps answering from the file it
opened until it is told to reload (SIGHUP or a restart). ``file_status`` says what happened
to the path, for ``/readyz``.

Time budget. Each connection gets a SQLite progress handler that aborts the running statement
once the current request's deadline (a context variable, set by the web layer per request and
carried into worker threads) has passed. The request then ends quickly with a 503 instead of
holding a worker.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from medcodes.catalog.reader import Catalog, CatalogError

PROGRESS_STEPS = 1_000  # SQLite VM steps between deadline checks; no measurable cost


class BudgetExceeded(Exception):
    """The request ran past its time budget; its (possibly partial) answer must not be used."""


@dataclass(slots=True)
class Budget:
    """One request's deadline; ``tripped`` records that a statement was aborted for it."""

    seconds: float
    deadline: float
    tripped: bool = False


_BUDGET: ContextVar[Budget | None] = ContextVar("medcodes_time_budget", default=None)


@contextmanager
def time_budget(seconds: float) -> Iterator[Budget]:
    """Bound every catalog query run in this context (and threads it starts) to ``seconds``."""
    budget = Budget(seconds, time.monotonic() + seconds)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def budget_tripped() -> bool:
    """True when a query of the current request was aborted for running over its budget."""
    budget = _BUDGET.get()
    return budget is not None and budget.tripped


def _over_budget() -> int:
    """SQLite progress handler: non-zero aborts the statement ("interrupted")."""
    budget = _BUDGET.get()
    if budget is not None and time.monotonic() > budget.deadline:
        budget.tripped = True
        return 1
    return 0


def failure_message(exc: Exception) -> str:
    """What to tell a client when a catalog query failed (``BudgetExceeded`` or a
    ``sqlite3.Error``): over budget, or an unreadable file."""
    budget = _BUDGET.get()
    if budget is not None and (budget.tripped or isinstance(exc, BudgetExceeded)):
        return budget_message(budget.seconds)
    if isinstance(exc, BudgetExceeded):
        return budget_message(0)
    return f"the catalog could not be read ({exc}); the server needs a rebuilt catalog"


def budget_message(seconds: float) -> str:
    return f"the request took longer than its time budget of {seconds:g} s; try a narrower query"


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """Which file a path names, and its size and modification time."""

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)

    def same_file(self, other: FileIdentity | None) -> bool:
        return other is not None and (self.device, self.inode) == (other.device, other.inode)


class ServedCatalog(Catalog):
    """A read-only catalog pinned to the file it opened (see the module docstring)."""

    def __init__(self, path: Path | str) -> None:
        self._first: sqlite3.Connection | None = None
        self.identity: FileIdentity | None = None
        super().__init__(path)

    def _connect(self) -> sqlite3.Connection:
        if self._first is not None and not self._first_file_at_path():
            return self._first  # the path names another file now: keep reading ours
        before = FileIdentity.of(self.path)
        conn = super()._connect()
        after = FileIdentity.of(self.path)
        if before is None or after is None or not before.same_file(after):
            conn.close()  # renamed over while connecting: we cannot tell which file we got
            if self._first is not None:
                return self._first
            raise CatalogError(f"{self.path} was replaced while it was being opened; try again")
        conn.set_progress_handler(_over_budget, PROGRESS_STEPS)
        if self._first is None:
            self._first, self.identity = conn, after
        return conn

    def _first_file_at_path(self) -> bool:
        return self.identity is not None and self.identity.same_file(FileIdentity.of(self.path))

    def file_status(self) -> str:
        """``current``: the path names the open file, unchanged. ``replaced``: another file is
        there now (a rebuild; reload to serve it). ``missing``: the path is gone (the open file
        is still served). ``modified``: the open file was written in place, so reads of it may
        return garbage."""
        now = FileIdentity.of(self.path)
        if now is None:
            return "missing"
        if self.identity is None or not self.identity.same_file(now):
            return "replaced"
        if (now.size, now.mtime_ns) != (self.identity.size, self.identity.mtime_ns):
            return "modified"
        return "current"

    def close(self) -> None:
        super().close()
        if self._first is not None:
            self._first.close()
            self._first = None


def release_budget() -> None:
    """Lift the current request's deadline (it stays ``tripped``) so the error page that
    reports the overrun can still read the catalog."""
    budget = _BUDGET.get()
    if budget is not None:
        budget.deadline = float("inf")
