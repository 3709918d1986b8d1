"""The imports store: each imported release's source files and a manifest, kept so that every
catalog build (``medcodes build`` included) re-applies it.

Layout: ``<store>/<kind>/<release-id>/<source files>`` plus ``manifest.json`` (kind, version,
release date, sha256 of what the user gave, original name, files, imported_at, counts). The
store is ``$MEDCODES_IMPORTS_DIR`` or ``<data dir>/imports``. A release appears in one
rename, so a reader never sees half of it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from medcodes.catalog.paths import data_dir
from medcodes.systems.base import Loader
from medcodes.systems.sources import ImportLoader

ENV_VAR = "MEDCODES_IMPORTS_DIR"
MANIFEST = "manifest.json"


def store_dir() -> Path:
    """``$MEDCODES_IMPORTS_DIR``, else ``imports`` in the user data folder."""
    env = os.environ.get(ENV_VAR)
    return Path(env).expanduser() if env else data_dir() / "imports"


def release_id(version: str) -> str:
    """A folder name for a version: ``'2026-01'`` stays, anything unsafe becomes ``_``."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", version).strip(".") or "_"


@dataclass(frozen=True, slots=True)
class Manifest:
    """What the store knows of one imported release."""

    kind: str
    version: str
    release_date: str
    sha256: str
    original_name: str
    imported_at: str
    #: Relative path handed to the loader when rebuilding: a file name, or "." for a folder.
    entry: str
    files: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Manifest:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True, slots=True)
class StoredRelease:
    """One release in the store."""

    folder: Path
    manifest: Manifest

    @property
    def kind(self) -> str:
        return self.manifest.kind

    @property
    def version(self) -> str:
        return self.manifest.version

    def loader(self) -> ImportLoader:
        """The loader that rebuilds this release, named as the manifest says."""
        from medcodes.imports.kinds import KINDS

        m = self.manifest
        loader = KINDS[m.kind](self.folder / m.entry, version=m.version,
                               release_date=m.release_date)
        loader.stored_sha = m.sha256
        return loader


def releases(root: Path | None = None) -> list[StoredRelease]:
    """Every readable release, by kind then release date and version."""
    root = root or store_dir()
    out: list[StoredRelease] = []
    for manifest_path in sorted(root.glob(f"*/*/{MANIFEST}")):
        folder = manifest_path.parent
        if folder.name.startswith("."):
            continue  # a release being written or replaced
        try:
            out.append(StoredRelease(folder, Manifest.read(manifest_path)))
        except (OSError, ValueError, TypeError, KeyError):
            continue  # listed by ``problems``; never breaks a build
    return sorted(out, key=lambda r: (r.kind, r.manifest.release_date, r.version))


def problems(root: Path | None = None) -> list[str]:
    """Store folders that are not readable releases (shown by ``medcodes imports list``)."""
    root = root or store_dir()
    out: list[str] = []
    if not root.is_dir():
        return out
    from medcodes.imports.kinds import KINDS

    for folder in sorted(p for p in root.glob("*/*") if p.is_dir()):
        if folder.name.startswith("."):
            continue
        manifest = folder / MANIFEST
        try:
            m = Manifest.read(manifest)
        except FileNotFoundError:
            out.append(f"{folder}: no {MANIFEST}")
            continue
        except (OSError, ValueError, TypeError, KeyError) as exc:
            out.append(f"{folder}: unreadable {MANIFEST} ({exc})")
            continue
        if m.kind not in KINDS:
            out.append(f"{folder}: unknown kind {m.kind!r}")
        elif not (folder / m.entry).exists():
            out.append(f"{folder}: its source {m.entry} is missing")
    return out


def find(kind: str, version: str, root: Path | None = None) -> StoredRelease | None:
    return next((r for r in releases(root) if r.kind == kind and r.version == version), None)


def find_sha(kind: str, sha256: str, root: Path | None = None) -> StoredRelease | None:
    return next((r for r in releases(root) if r.kind == kind and r.manifest.sha256 == sha256), None)


def source_sha256(loader: ImportLoader) -> str:
    """The digest of what the user gave: the file or zip as is, or a folder's used files."""
    h = hashlib.sha256()
    if loader.source.kind == "folder":
        for member in sorted(loader.used_members()):
            h.update(member.encode() + b"\0")
            h.update(loader.source.read(member))
    else:
        with loader.source.path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def add(loader: ImportLoader, manifest: Manifest, root: Path | None = None) -> StoredRelease:
    """Copy the loader's files into the store under a fresh release folder, atomically.

    The caller has checked that no release of this kind and version is stored.
    """
    root = root or store_dir()
    kind_dir = root / manifest.kind
    kind_dir.mkdir(parents=True, exist_ok=True)
    final = kind_dir / release_id(manifest.version)
    if final.exists():
        raise FileExistsError(f"{final} already exists")
    tmp = kind_dir / f".{final.name}.{os.getpid()}.writing"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir()
        members = loader.used_members()
        for member in members:
            target = tmp / member
            if not target.resolve().is_relative_to(tmp.resolve()):
                raise ValueError(f"unsafe member name {member!r}")
            target.parent.mkdir(parents=True, exist_ok=True)
            local = loader.source.local_path(member)
            if local is not None:
                shutil.copyfile(local, target)
            else:
                target.write_bytes(loader.source.read(member))
        entry = members[0] if loader.source.kind == "file" else "."
        manifest = Manifest(**{**asdict(manifest), "entry": entry, "files": members})
        (tmp / MANIFEST).write_text(
            json.dumps(asdict(manifest), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return StoredRelease(final, manifest)


def set_aside(release: StoredRelease) -> Path:
    """Move a release out of the way (hidden) so it can be restored or dropped later."""
    hidden = release.folder.with_name(f".{release.folder.name}.{os.getpid()}.old")
    shutil.rmtree(hidden, ignore_errors=True)
    os.replace(release.folder, hidden)
    return hidden


def restore(hidden: Path, folder: Path) -> None:
    """Undo ``set_aside``."""
    os.replace(hidden, folder)


def delete(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def imported_loaders(root: Path | None = None) -> list[Loader]:
    """One loader per stored release, for the build: code systems first, then enrichments
    (only the newest release of each enrichment kind, so index years do not stack)."""
    from medcodes.imports.kinds import ENRICHMENTS, KINDS

    stored = [
        r for r in releases(root) if r.kind in KINDS and (r.folder / r.manifest.entry).exists()
    ]
    systems = [r.loader() for r in stored if r.kind not in ENRICHMENTS]
    newest: dict[str, StoredRelease] = {}
    for r in stored:
        if r.kind in ENRICHMENTS:
            newest[r.kind] = r  # ``releases`` sorts oldest first
    return [*systems, *(r.loader() for r in newest.values())]
