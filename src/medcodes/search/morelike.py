"""More-like-this: codes of one system whose title and terms share a text's rarest words.

Used by the "similar in wording" group of a code page. The words chosen are the text's
least frequent catalog words (the ``vocab`` table), so ``Type 2 diabetes mellitus without
complications`` looks for *mellitus*, *diabetes* and *complications*, not *type*; BM25 over
the title and terms columns then ranks codes that share more, and rarer, of them first.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from medcodes.search.text import content_tokens

if TYPE_CHECKING:
    from medcodes.catalog.reader import Catalog

# Words that say where or how much rather than what: never worth matching on alone.
GENERIC = frozenset(
    "unspecified other specified site type part nos not elsewhere classified left right "
    "bilateral initial subsequent encounter sequela approach open percutaneous device "
    "qualifier no due condition".split()
)
MAX_WORDS = 4
# The most rows a loose stage may ask BM25 to score (estimated from word frequencies): a
# very common word (``fracture``: 37k rows) costs tens of milliseconds and adds little.
MAX_POSTINGS = 3_000
# The catalog's search ranking weights (title, terms, notes, article), as in search.index.
BM25 = "bm25(search_fts, 10.0, 5.0, 1.0, 1.5)"


@dataclass(frozen=True, slots=True)
class Similar:
    """A code found by wording, with its BM25 score (higher is closer)."""

    system: str
    code: str
    title: str
    kind: str
    billable: bool
    score: float


def informative_words(cat: Catalog, text: str, limit: int = MAX_WORDS) -> list[tuple[str, int]]:
    """The ``limit`` rarest catalog words of ``text`` with their frequencies, rarest first
    (words the catalog lacks, and generic words, are skipped)."""
    words = list(dict.fromkeys(
        w for w in content_tokens(text) if w not in GENERIC and w.isalpha() and len(w) >= 3
    ))
    if not words:
        return []
    try:
        rows = cat.conn.execute(
            f"SELECT word, freq FROM vocab WHERE word IN ({','.join('?' * len(words))})", words
        ).fetchall()
    except sqlite3.OperationalError:  # a catalog built without the search index
        return []
    freq = dict(rows)
    known = sorted((w for w in words if w in freq), key=lambda w: (freq[w], words.index(w)))
    return [(w, freq[w]) for w in known[:limit]]


def _stages(words: list[tuple[str, int]]) -> list[str]:
    """FTS5 queries from strictest to loosest: every word, any two words, any one word.

    BM25 costs a few microseconds per matching row, so a stage runs only when its matches,
    estimated from the words' catalog frequencies, stay within ``MAX_POSTINGS``; the
    strictest stage always runs (its matches are bounded by its rarest word).
    """
    # Tokens are [a-z]+ (see informative_words), so quoting makes any FTS5 syntax inert.
    quoted = [(f'"{w}"', n) for w, n in words]
    stages = [" AND ".join(q for q, _ in quoted)]
    if len(quoted) >= 3:
        pairs = [(f"({a} AND {b})", min(na, nb)) for i, (a, na) in enumerate(quoted)
                 for b, nb in quoted[i + 1 :]]
        kept = [p for p, n in pairs if n <= MAX_POSTINGS]
        if kept and sum(n for _, n in pairs if n <= MAX_POSTINGS) <= 2 * MAX_POSTINGS:
            stages.append(" OR ".join(kept))
    if len(quoted) >= 2:
        loose, total = [], 0
        for q, n in quoted:
            total += n
            if total > MAX_POSTINGS:
                break
            loose.append(q)
        if loose:
            stages.append(" OR ".join(loose))
    return ["{title terms} : (" + s + ")" for s in stages]


def more_like_this(
    cat: Catalog, system: str, text: str, exclude: set[str] | None = None, limit: int = 10,
    billable: bool | None = None,
) -> list[Similar]:
    """Codes of ``system`` most like ``text`` in title and terms, minus ``exclude`` codes;
    ``billable=True`` keeps only billable codes (the similar codes a coder could report).
    Codes sharing every informative word come first, then those sharing two, then one.
    """
    words = informative_words(cat, text)
    if not words:
        return []
    seen = set(exclude or ())
    where, args = "", []
    if billable is not None:
        where, args = " AND c.billable = ?", [int(billable)]
    out: list[Similar] = []
    for match in _stages(words):
        try:
            rows = cat.conn.execute(
                f"SELECT c.system, c.code, c.title, c.kind, c.billable, {BM25} AS score"
                " FROM search_fts f JOIN concepts c ON c.id = f.rowid"
                f" WHERE search_fts MATCH ? AND c.system = ? AND c.is_default = 1{where}"
                " ORDER BY score LIMIT ?",
                (match, system, *args, limit + len(seen)),
            ).fetchall()
        except sqlite3.OperationalError:
            return out
        for s, code, title, kind, is_billable, rank in rows:
            if code not in seen:
                seen.add(code)
                out.append(Similar(s, code, title, kind, bool(is_billable), round(-rank, 4)))
        if len(out) >= limit:
            break
    return out[:limit]
