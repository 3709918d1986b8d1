"""The one small interface every code-system source implements.

A loader reads one source format and yields records; it knows nothing of SQL, search or HTTP.
Bundled loaders take no path; importers (HCPCS, CPT, LOINC, ...) take the user's file and say
whether they can read it with ``can_read``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path

from medcodes.model import Concept, Link, SystemInfo, Term


class LoaderError(Exception):
    """A source file is malformed: the message names the file, line and problem."""


class Loader(ABC):
    """Reads one source and yields concepts and crosswalk links.

    ``info`` is None for a loader that only contributes links (the GEMs).
    """

    #: Short name used in progress output and the registry.
    name: str = ""

    @property
    @abstractmethod
    def info(self) -> SystemInfo | None: ...

    @abstractmethod
    def concepts(self) -> Iterator[Concept]: ...

    def links(self) -> Iterator[Link]:
        return iter(())

    def terms(self) -> Iterator[tuple[str, str, Term]]:
        """Terms this source adds to *other* sources' concepts, as ``(system, code, term)``.

        The build appends them to each system's default release after every loader ran and
        before the search index is built (the ICD-10-CM index enriches the tabular's codes).
        """
        return iter(())

    def fingerprint(self) -> str:
        """Names this source and release, for the catalog's record of what it was built from
        (``catalog.build.sources_stamp``)."""
        info = self.info
        return f"{type(self).__name__}|{self.name}|{info.id if info else ''}|" + (
            info.version if info else "")

    def estimated_total(self) -> int | None:
        """A rough count of concepts, for the progress bar; None when unknown."""
        return None

    @classmethod
    def can_read(cls, path: Path) -> bool:
        """True when ``path`` looks like this loader's format (used by imports)."""
        return False
