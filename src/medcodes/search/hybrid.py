"""Meaning-based retrieval fused with word ranking. Until a catalog carries an embedding index,
``meaning`` and ``hybrid`` answer with the word ranking alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from medcodes.search.types import SearchResponse

if TYPE_CHECKING:
    from medcodes.catalog.reader import Catalog
    from medcodes.search.engine import Filters
    from medcodes.search.query import ParsedQuery


def apply_mode(
    cat: Catalog, parsed: ParsedQuery, filters: Filters, words: SearchResponse, mode: str,
    limit: int, offset: int,
) -> SearchResponse:
    """Return the response for ``mode``; words alone when the catalog has no embeddings."""
    return words
