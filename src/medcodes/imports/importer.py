"""``medcodes import``: validate the whole file, store it, add it to the catalog, atomically.

Order matters for the guarantee "anything fails, nothing changes":

1. the loader reads every record first; any problem is an ``ImportFailed`` naming the file,
   line and problem, and nothing has been written;
2. the source goes into the store in one rename (``store.add``);
3. the release is appended to a copy of the catalog (``catalog.append``: a new system, or an
   older release beside the default) or, when appending cannot give what a rebuild would, the
   catalog is rebuilt into a temporary file (``build_catalog``); either is renamed over the
   old one. If that fails, the new store entry is removed again (and a release it replaced is
   put back), so the store and the catalog are as they were.

The base loaders are injectable so tests and benchmarks rebuild against a small base instead
of the full bundled catalog; by default they are the bundled ones, as ``medcodes build`` uses.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from medcodes.catalog.append import CannotAppend, append_catalog
from medcodes.catalog.build import (
    BuildError,
    BuildResult,
    Indexer,
    Reporter,
    build_catalog,
    sources_stamp,
)
from medcodes.imports import store
from medcodes.imports.kinds import KINDS, kinds_that_read
from medcodes.model import Concept, SystemInfo, Term
from medcodes.systems.base import Loader, LoaderError
from medcodes.systems.sources import AmbiguousSource, ImportLoader

BaseLoaders = Callable[[], Sequence[Loader]]


class ImportFailed(Exception):
    """The import did not happen; the message says why (file, line, problem)."""


@dataclass(slots=True)
class Validation:
    """What a full read of the source found, and the records read (the rebuild reuses them
    instead of parsing the file a second time)."""

    kind: str
    system: str
    version: str
    release_date: str
    concepts: int = 0
    terms: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    billable: int = 0
    records: list[Concept] = field(default_factory=list, repr=False)
    extra_terms: list[tuple[str, str, Term]] = field(default_factory=list, repr=False)

    def counts(self) -> dict[str, int]:
        out = {"concepts": self.concepts, "billable": self.billable, "terms": self.terms}
        out.update({f"kind:{k}": n for k, n in sorted(self.by_kind.items())})
        out.update({f"status:{k}": n for k, n in sorted(self.by_status.items())})
        return out


@dataclass(slots=True)
class ImportReport:
    """The outcome: ``imported``, ``replaced`` (same version, new content) or ``unchanged``."""

    status: str
    release: store.StoredRelease
    validation: Validation | None = None
    build: BuildResult | None = None
    #: "appended" when the release was added to the catalog as it stood, "rebuilt" when the
    #: whole catalog was built again (and ``why_rebuilt`` says why).
    mode: str = ""
    why_rebuilt: str = ""


@contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while a release's records are held in memory.

    Validation keeps every record for the rebuild; with the collector on, each of its passes
    walks all of them (100,000 LOINC rows: 18 s instead of 9). The records hold no reference
    cycles, so nothing is left for the collector to find afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def validate(loader: ImportLoader) -> Validation:
    """Read every record; raise LoaderError on the first problem."""
    info = loader.info
    version, released = loader.release()
    v = Validation(loader.kind, loader.system, version, released)
    where = str(loader.path)
    if info is not None and info.id != loader.system:
        raise LoaderError(f"{where}: yields system {info.id!r}, expected {loader.system!r}")
    placed: set[str] = set()
    for c in loader.concepts():
        if c.system != loader.system:
            raise LoaderError(f"{where}: {c.code} is of system {c.system!r}")
        if c.code in placed:
            raise LoaderError(f"{where}: duplicate code {c.code}")
        if c.parent is not None and c.parent not in placed:
            raise LoaderError(f"{where}: {c.code} comes before its parent {c.parent}")
        placed.add(c.code)
        v.records.append(c)
        v.concepts += 1
        v.billable += c.billable
        v.by_kind[c.kind] += 1
        v.by_status[c.status] += 1
    for system, code, term in loader.terms():
        if system != loader.system:
            raise LoaderError(f"{where}: a term for system {system!r}, expected {loader.system!r}")
        v.extra_terms.append((system, code, term))
        v.terms += 1
    if not v.concepts and not v.terms:
        raise LoaderError(f"{where}: nothing to import (no codes, no terms)")
    return v


def check(
    kind: str, path: Path, version: str | None = None, release_date: str | None = None
) -> tuple[ImportLoader, Validation]:
    """The loader for ``path`` and its full validation; ImportFailed says what is wrong."""
    cls = KINDS.get(kind)
    if cls is None:
        raise ImportFailed(f"unknown kind {kind!r}; choose from {', '.join(KINDS)}")
    path = Path(path)
    if not path.exists():
        raise ImportFailed(f"{path}: no such file or folder")
    loader = cls(path, version=version, release_date=release_date)
    recognised = cls.can_read(path)
    try:
        return loader, validate(loader)
    except LoaderError as exc:
        if not recognised and not isinstance(exc, AmbiguousSource):
            others = kinds_that_read(path, exclude=kind)
            if others:
                raise ImportFailed(
                    f"{_first_line(path)}: this is not a {kind} source ({cls.accepts}); it "
                    f"looks like {others[0]}: run `medcodes import {others[0]} {path}`"
                ) from exc
        raise ImportFailed(str(exc)) from exc
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        # A loader bug on odd input must still be a message, never a traceback.
        raise ImportFailed(f"{path}: cannot read it as {kind}: {type(exc).__name__}: {exc}") from exc


def _first_line(path: Path) -> str:
    return f"{path}:1" if path.is_file() else str(path)


class _Replay(Loader):
    """A stored release rebuilt from the records its validation already read."""

    def __init__(self, stored: ImportLoader, validation: Validation) -> None:
        self.stored = stored
        self.validation = validation
        self.name = stored.name

    @property
    def info(self) -> SystemInfo | None:
        return self.stored.info

    def concepts(self) -> Iterator[Concept]:
        return iter(self.validation.records)

    def estimated_total(self) -> int:
        return self.validation.concepts

    def fingerprint(self) -> str:
        return self.stored.fingerprint()


class _ReplayWithTerms(_Replay):
    def terms(self) -> Iterator[tuple[str, str, Term]]:
        return iter(self.validation.extra_terms)


def _loaders(
    base: BaseLoaders | None, root: Path | None,
    fresh: tuple[store.StoredRelease, Validation] | None,
) -> tuple[list[Loader], Loader | None]:
    """Every loader of a rebuild, and among them the one replaying ``fresh``."""
    from medcodes.systems.registry import builtin_loaders

    imported: list[Loader] = store.imported_loaders(root)
    replayed: Loader | None = None
    if fresh is not None:
        release, validation = fresh
        entry = release.folder / release.manifest.entry
        replay = _ReplayWithTerms if validation.extra_terms else _Replay
        for i, ld in enumerate(imported):
            if isinstance(ld, ImportLoader) and ld.path == entry:
                replayed = imported[i] = replay(ld, validation)
    return [*(base or builtin_loaders)(), *imported], replayed


def rebuild(
    db: Path,
    base: BaseLoaders | None = None,
    indexers: Sequence[tuple[str, Indexer]] | None = None,
    reporter: Reporter | None = None,
    root: Path | None = None,
    fresh: tuple[store.StoredRelease, Validation] | None = None,
) -> BuildResult:
    """Build ``db`` from the base loaders plus every stored release (what ``medcodes build``
    does, with the base swappable). ``fresh`` is a release just validated: its records are
    replayed rather than read again."""
    from medcodes.pipeline import default_indexers

    loaders, _ = _loaders(base, root, fresh)
    return build_catalog(
        db, loaders, default_indexers() if indexers is None else indexers, reporter
    )


def add_to_catalog(
    db: Path,
    fresh: tuple[store.StoredRelease, Validation],
    base: BaseLoaders | None = None,
    indexers: Sequence[tuple[str, Indexer]] | None = None,
    reporter: Reporter | None = None,
    root: Path | None = None,
    append: bool = True,
) -> tuple[BuildResult, str]:
    """Append the fresh release to ``db`` when that gives what a rebuild would (see
    ``catalog.append``), else rebuild; returns the result and why it rebuilt ("" if not)."""
    from medcodes.pipeline import default_appenders, default_indexers

    loaders, replayed = _loaders(base, root, fresh)
    if not append:
        why = "asked to rebuild"
    elif indexers is not None:
        why = "custom indexers"
    elif fresh[1].extra_terms:
        why = "it adds terms to another system's codes"
    elif replayed is None:
        why = "the release is not in the imports store"
    else:
        others = [ld for ld in loaders if ld is not replayed]
        try:
            result = append_catalog(db, replayed, sources_stamp(others), sources_stamp(loaders),
                                    default_appenders(), reporter)
            return result, ""
        except CannotAppend as exc:
            why = str(exc)
    result = build_catalog(
        db, loaders, default_indexers() if indexers is None else indexers, reporter
    )
    return result, why


def import_source(
    kind: str,
    path: Path,
    db: Path,
    *,
    version: str | None = None,
    release_date: str | None = None,
    base: BaseLoaders | None = None,
    indexers: Sequence[tuple[str, Indexer]] | None = None,
    reporter: Reporter | None = None,
    root: Path | None = None,
    append: bool = True,
) -> ImportReport:
    """Validate ``path`` as ``kind``, store it and add it to ``db`` (appended when it can be,
    else rebuilt; ``append=False`` always rebuilds); see the module docstring."""
    with _bulk():
        return _import(kind, Path(path), db, version, release_date, base, indexers, reporter,
                       root, append)


def _import(
    kind: str,
    path: Path,
    db: Path,
    version: str | None,
    release_date: str | None,
    base: BaseLoaders | None,
    indexers: Sequence[tuple[str, Indexer]] | None,
    reporter: Reporter | None,
    root: Path | None,
    append: bool,
) -> ImportReport:
    loader, validation = check(kind, path, version, release_date)
    sha = store.source_sha256(loader)
    same = store.find_sha(kind, sha, root)
    if same is not None and (version is None or same.version == validation.version):
        return ImportReport("unchanged", same, validation)
    previous = store.find(kind, validation.version, root)
    manifest = store.Manifest(
        kind=kind,
        version=validation.version,
        release_date=validation.release_date,
        sha256=sha,
        original_name=path.name,
        imported_at=datetime.now(UTC).isoformat(timespec="seconds"),
        entry="",
        counts=validation.counts(),
    )
    hidden = store.set_aside(previous) if previous is not None else None
    try:
        release = store.add(loader, manifest, root)
    except (OSError, ValueError, LoaderError) as exc:
        if hidden is not None and previous is not None:
            store.restore(hidden, previous.folder)
        raise ImportFailed(f"cannot write the imports store: {exc}") from exc
    try:
        result, why = add_to_catalog(db, (release, validation), base, indexers, reporter, root,
                                     append)
    except BaseException as exc:  # an interrupt must not leave a release the catalog lacks
        store.delete(release.folder)
        if hidden is not None and previous is not None:
            store.restore(hidden, previous.folder)
        if not isinstance(exc, BuildError):
            raise
        raise ImportFailed(
            f"{exc}\nNothing was imported; the catalog and the imports store are unchanged."
        ) from exc
    if hidden is not None:
        store.delete(hidden)
    return ImportReport("replaced" if previous else "imported", release, validation, result,
                        "rebuilt" if why else "appended", why)


def remove_release(
    kind: str,
    version: str,
    db: Path,
    *,
    base: BaseLoaders | None = None,
    indexers: Sequence[tuple[str, Indexer]] | None = None,
    reporter: Reporter | None = None,
    root: Path | None = None,
) -> tuple[store.StoredRelease, BuildResult]:
    """Drop a stored release and rebuild; if the rebuild fails the release is put back."""
    release = store.find(kind, version, root)
    if release is None:
        stored = [r.version for r in store.releases(root) if r.kind == kind]
        raise ImportFailed(
            f"no {kind} release {version!r} is imported"
            + (f"; stored: {', '.join(stored)}" if stored else "")
        )
    hidden = store.set_aside(release)
    try:
        result = rebuild(db, base, indexers, reporter, root)
    except BaseException as exc:
        store.restore(hidden, release.folder)
        if not isinstance(exc, BuildError):
            raise
        raise ImportFailed(f"{exc}\nNothing was removed; the catalog is unchanged.") from exc
    store.delete(hidden)
    return release, result
