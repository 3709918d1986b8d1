"""The kind a classification takes when the query leaves it unsaid (``data/kind_defaults.tsv``).

"Diabetic neuropathy" matches the type 1, type 2 and "other specified" diabetes codes equally
word for word, and their order was chance; the ICD-10-CM guidelines say that diabetes of no
stated type is type 2, so its codes come first. A tie-break only (``rank.KIND_DEFAULT``): a
query that says another type matches that type's titles by a wider margin.
"""

from __future__ import annotations

from functools import lru_cache

from medcodes.search.text import stem, tokens
from medcodes.search.vocab import read_rows

NOT = "not"  # a default of "not KIND": that kind is the exception, coded only when said


@lru_cache(maxsize=1)
def kind_defaults() -> tuple[tuple[str, frozenset[str]], ...]:
    """(stem of the condition's word, stems of its default kind's words), per row."""
    out = []
    for condition, default in read_rows("kind_defaults.tsv"):
        words = tokens(condition)
        kind = frozenset(stem(t) for t in tokens(default))
        if len(words) == 1 and kind and tokens(default)[0] != NOT:
            out.append((stem(words[0]), kind))
    return tuple(out)


@lru_cache(maxsize=1)
def kind_exceptions() -> dict[str, frozenset[str]]:
    """Stem of the condition's word -> stems of the kinds it is not unless said ("not" rows)."""
    out: dict[str, frozenset[str]] = {}
    for condition, default in read_rows("kind_defaults.tsv"):
        words, kind = tokens(condition), tokens(default)
        if len(words) == 1 and len(kind) > 1 and kind[0] == NOT:
            key = stem(words[0])
            out[key] = out.get(key, frozenset()) | {stem(t) for t in kind[1:]}
    return out


def unsaid_kinds(query_stems: set[str] | frozenset[str]) -> frozenset[str]:
    """The stems of the exceptional kinds of a condition the query names but whose kind it
    leaves unsaid ("broken fibula": stress, pathological), or nothing (most queries)."""
    for condition, kinds in kind_exceptions().items():
        if condition in query_stems:
            return kinds - query_stems
    return frozenset()


def default_kind(query_stems: set[str] | frozenset[str]) -> frozenset[str]:
    """The stems a title must say to be the default kind of a condition the query names
    ("diabetic" names diabetes: its stem begins with the condition's), or nothing."""
    for condition, kind in kind_defaults():
        if any(s.startswith(condition) for s in query_stems):
            return kind
    return frozenset()
