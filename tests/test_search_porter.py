"""search/porter.py: the index's own stemmer, asked of SQLite, for prefixes it would change."""

from __future__ import annotations

from medcodes.search import porter
from medcodes.search.porter import _index_stem, index_stem, learn


def test_the_index_stem_is_sqlites_porter() -> None:
    assert index_stem("cholecys") == "choleci"  # why "cholecys*" missed cholecystitis
    assert index_stem("sinusitis") == "sinus"  # why "sinusi*" missed it
    assert index_stem("fractures") == "fractur"
    assert index_stem("pneum") == "pneum"


def test_learnt_stems_are_the_ones_asked_one_by_one() -> None:
    """``learn`` stems the catalog's words and their prefixes at once, for a worker's warm-up:
    what ``index_stem`` answers from them is what SQLite answers word by word."""
    words = ["cholecystitis", "sinusitis", "fractures", "pneumonia", "x", "Capital", "ménière"]
    expected = {w[:n]: _index_stem(w[:n]) for w in words[:4] for n in range(2, len(w) + 1)}
    learn(words)
    assert all(porter._KNOWN[text] == stem for text, stem in expected.items())
    assert "capital" not in porter._KNOWN and "x" not in porter._KNOWN  # not [a-z0-9]{2,}
    assert index_stem("cholecys") == "choleci" and index_stem("zzq") == _index_stem("zzq")
    assert learn(words) == 0  # learnt once
