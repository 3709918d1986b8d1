"""The catalog's JSON columns (properties, notes, terms), written and read with orjson.

Every build writes three JSON values per concept and every search re-reads the terms of its
candidates; the standard library's encoder made up about a tenth of a 100,000-row import.
orjson writes the same compact UTF-8 text (no ASCII escaping, no spaces) five times faster.
"""

from __future__ import annotations

from typing import Any

import orjson


def dump(value: Any) -> str:
    """Compact JSON text, non-ASCII kept as is."""
    return orjson.dumps(value).decode()


def load(text: str | bytes) -> Any:
    return orjson.loads(text)


def dump_bytes(value: Any) -> bytes:
    """For an HTTP body: the bytes, not a str to encode again."""
    return orjson.dumps(value)
