"""Reading the hand-written development query lists in tests/data: tab-separated rows after
``#`` comments and a header line."""

from __future__ import annotations

from pathlib import Path


def rows(name: str) -> list[list[str]]:
    text = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()
            if line.strip() and not line.startswith(("#", "query\t"))]
