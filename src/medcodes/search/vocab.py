"""The curated data files the query side reads: abbreviations, lay terms, spelling variants and
numerals (``medcodes/data/*.tsv``). Each maps a user's words to the words of official titles;
none maps a query to a code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from medcodes.search.text import tokens


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Phrase (as a token tuple) -> list of replacement phrases, per kind."""

    abbreviations: dict[tuple[str, ...], list[str]]
    lay: dict[tuple[str, ...], list[str]]
    variants: dict[str, str]
    longest_phrase: int


def _rows(name: str) -> list[tuple[str, str]]:
    try:
        text = resources.files("medcodes").joinpath("data", name).read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return []
    rows: list[tuple[str, str]] = []
    for i, line in enumerate(text.splitlines()):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2 or (i == 0 and parts[0].strip().lower() in {"abbr", "lay", "variant"}):
            continue
        rows.append((parts[0].strip(), parts[1].strip()))
    return rows


def _phrases(rows: list[tuple[str, str]]) -> dict[tuple[str, ...], list[str]]:
    out: dict[tuple[str, ...], list[str]] = {}
    for key, value in rows:
        toks = tuple(tokens(key))
        if toks and value and value not in out.get(toks, []):
            out.setdefault(toks, []).append(value)
    return out


@cache
def vocabulary() -> Vocabulary:
    """Load (once per process) the curated files shipped in the package."""
    abbreviations = _phrases(_rows("abbreviations.tsv"))
    lay = _phrases(_rows("lay_terms.tsv"))
    variants: dict[str, str] = {}
    numerals = _rows("numerals.tsv")
    # Spelling variants map one way (to the titles' US spelling); numerals are equivalences,
    # since ICD-10-CM writes "type 2" where ICD-9-CM writes "type II".
    pairs = _rows("spelling_variants.tsv") + numerals + [(v, k) for k, v in numerals]
    for key, value in pairs:
        k = " ".join(tokens(key))
        v = " ".join(tokens(value))
        if k and v and k != v:
            variants.setdefault(k, v)
    longest = max((len(k) for k in [*abbreviations, *lay]), default=1)
    longest = max(longest, max((len(k.split()) for k in variants), default=1))
    return Vocabulary(abbreviations, lay, variants, longest)
