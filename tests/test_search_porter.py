"""search/porter.py: the index's own stemmer, asked of SQLite, for prefixes it would change."""

from __future__ import annotations

from medcodes.search.porter import index_stem


def test_the_index_stem_is_sqlites_porter() -> None:
    assert index_stem("cholecys") == "choleci"  # why "cholecys*" missed cholecystitis
    assert index_stem("sinusitis") == "sinus"  # why "sinusi*" missed it
    assert index_stem("fractures") == "fractur"
    assert index_stem("pneum") == "pneum"
