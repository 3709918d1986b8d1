"""medcodes: search all medical codes, and explain each one."""

from medcodes.catalog.reader import Catalog, CatalogError, open_catalog
from medcodes.model import Concept, Link, Note, SystemInfo, Term

__all__ = [
    "Catalog",
    "CatalogError",
    "Concept",
    "Link",
    "Note",
    "SystemInfo",
    "Term",
    "open_catalog",
]
__version__ = "0.1.0"
