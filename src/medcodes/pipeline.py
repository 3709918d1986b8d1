"""The default build: every bundled loader, every imported source, then the derived indexes."""

from __future__ import annotations

from pathlib import Path

from medcodes.catalog.append import Appender
from medcodes.catalog.build import BuildResult, Indexer, Reporter, build_catalog
from medcodes.systems.base import Loader
from medcodes.systems.registry import builtin_loaders


def default_loaders() -> list[Loader]:
    """Bundled sources first, then the user's imports re-applied (they survive a rebuild)."""
    loaders = builtin_loaders()
    try:
        from medcodes.imports.store import imported_loaders
    except ImportError:
        return loaders
    return loaders + imported_loaders()


def default_indexers() -> list[tuple[str, Indexer]]:
    """Derived tables written into the same atomic build."""
    from medcodes.content.articles import index_articles

    # Articles first: the search index reads their text from the ``articles`` table.
    indexers: list[tuple[str, Indexer]] = [("articles", index_articles)]
    try:
        from medcodes.search.index import build_search_index
    except ImportError:
        return indexers
    indexers.append(("search index", build_search_index))
    from medcodes.search.embeddings import build_embedding_index

    indexers.append(("embeddings", build_embedding_index))
    return indexers


def default_appenders() -> list[Appender]:
    """What an import appending one release extends: the same derived tables, new rows only
    (articles name codes of the bundled systems and stay as the build made them). The
    embedding is prepared in a process of its own, beside the insert and the search rows."""
    from medcodes.search.embeddings import embeddings_of, prepare_embeddings, write_embeddings
    from medcodes.search.index import prepare_search_rows, search_rows_of, write_search_rows

    return [
        Appender("search index", prepare_search_rows, write_search_rows,
                 from_records=search_rows_of),
        Appender("embeddings", prepare_embeddings, write_embeddings, own_process=True,
                 from_records=embeddings_of),
    ]


def build(path: Path, reporter: Reporter | None = None) -> BuildResult:
    """Build the full catalog at ``path``."""
    return build_catalog(path, default_loaders(), default_indexers(), reporter)
