"""The speller as people misspell: by sound ("sorisis", "faringitis", "stroak"), with letters
dropped or doubled ("hemroids", "hemmoroids"), and the everyday words no title says
("pimpels", "numbess"); English words and everyday words typed right are left as they are."""

from __future__ import annotations

import pytest

from dev_lists import floors, rank_of
from medcodes.catalog.reader import Catalog
from medcodes.search.engine import engine_for
from medcodes.search.hybrid import noun_kinds
from medcodes.search.query import parse
from medcodes.search.spelling import Speller, _english, plural_bases, sound


@pytest.mark.parametrize(("typed", "word"), [
    ("faringitis", "pharyngitis"), ("excema", "eczema"), ("skitsophrenia", "schizophrenia"),
    ("infecshun", "infection"), ("haemorrhoids", "hemorrhoids"), ("flem", "phlegm"),
    ("stroak", "stroke"), ("diarhoea", "diarrhea"), ("chrones", "crohns"),
])
def test_spellings_of_one_sound_sound_alike(typed: str, word: str) -> None:
    assert sound(typed) == sound(word)


@pytest.mark.parametrize(("typed", "word"), [("except", "eczema"), ("streak", "stroke"),
                                             ("laryngitis", "pharyngitis")])
def test_other_words_sound_apart(typed: str, word: str) -> None:
    assert sound(typed) != sound(word)


def _speller(cat: Catalog) -> Speller:
    return engine_for(cat).speller


@pytest.mark.parametrize(("typed", "word"), [
    # Heard as typed, it wins over a word as near in letters or nearer:
    ("excema", "eczema"),  # not except, as many edits and commoner
    ("stroak", "stroke"),  # not streak, one letter away
    ("sorisis", "psoriasis"),  # not siriasis, with its first letter
    ("concusion", "concussion"),  # not contusion, commoner
    # ... unless that word is far commoner: "artheritis" sounds like arteritis (13 times in
    # the catalog), but means arthritis (1,108).
    ("artheritis", "arthritis"),
    # Heard as typed, or but for a vowel, it is found beyond a typo's two edits:
    ("faringitis", "pharyngitis"), ("hemmoroids", "hemorrhoids"),
    ("skitsophrenia", "schizophrenia"), ("infecshun", "infection"),
    # ... only a word in its own right: "hemrrhoid", a short title's shorthand, sounds as
    # "hemroids" does.
    ("hemroids", "hemorrhoids"),
])
def test_a_misspelling_is_read_as_the_word_it_sounds_like(
    cat: Catalog, typed: str, word: str
) -> None:
    assert _speller(cat).correct(typed, False) == word


@pytest.mark.parametrize(("query", "word", "expected"), [
    ("numbess in fingers", "numbness", "icd10cm:R20"),  # not "numbers"
    ("pimpels on my face", "pimples", "icd10cm:L70"),  # not "pipes"
    ("dehidrated", "dehydrated", "icd10cm:E86"),
    ("flem in my throat", "phlegm", "icd10cm:R09.3"),
])
def test_a_misspelled_everyday_word_is_read_as_it(
    cat: Catalog, query: str, word: str, expected: str
) -> None:
    r = cat.search(query, limit=10)
    assert any(c["to"] == word for c in r.corrections), r.corrections
    assert rank_of(cat, query, expected) == 0


@pytest.mark.parametrize("word", ["drink", "books", "dummy"])
def test_an_english_word_is_not_read_as_an_everyday_word(cat: Catalog, word: str) -> None:
    # "drunk", "boobs" and "tummy" are one-word lay rows one letter away.
    assert _speller(cat).correct(word, False) not in _speller(cat).everyday()


def test_an_everyday_word_outranks_a_catalog_word_only_rarer_or_farther_in_sound(
    cat: Catalog
) -> None:
    speller = _speller(cat)
    assert speller.correct("numbess", False) == "numbness"  # "numbers": 6 times, as near
    assert speller.correct("flem", False) == "phlegm"  # "fem": 416 times, a sound further


@pytest.mark.parametrize("word", ["sneeze", "tingle", "spike"])
def test_a_word_the_catalog_says_inflected_is_no_slip(cat: Catalog, word: str) -> None:
    # The catalog says sneezing, tingling and spikes: "sneeze" is no "sense", "tingle" no
    # "single", "spike" no "spine".
    assert _speller(cat).correct(word, False) is None


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.90, 0.96), ("hybrid", 0.91, 0.97)])
def test_misspelled_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # Measured (of 142) words 130 first and 138 in ten, hybrid 131 and 139; main before this
    # work: words 117 and 125, hybrid 118 and 127.
    floors(cat, "misspelled_dev.tsv", at1, at10, mode=mode)


def test_every_threads_speller_shares_the_tables_the_warm_up_built(cat: Catalog) -> None:
    """A server warms up on one thread and answers on another: the second thread's first
    misspelled word must not build the sound and everyday tables again (~0.2 s)."""
    import threading

    from medcodes.search.suggest import warm

    warm(cat)
    tables = engine_for(cat).spelling_tables
    assert tables.sounds is not None and tables.skeletons is not None
    assert tables.everyday is not None and tables.everyday_deletes is not None
    built = (tables.sounds, tables.skeletons, tables.everyday_deletes)
    seen: list[object] = []

    def other_thread() -> None:
        speller = _speller(cat)
        seen.append(speller.correct("sorisis", False))
        seen.append(speller._tables)

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert seen == ["psoriasis", tables]
    assert (tables.sounds, tables.skeletons, tables.everyday_deletes) == built
    assert tables.sounds is built[0] and tables.skeletons is built[1]


@pytest.mark.parametrize(("query", "word", "to"), [
    ("my skin turns red in the sun", "turns", None),  # not "burns"
    ("pregnancy test came back positive", "came", None),  # not "care"
    ("keep getting bladder infections", "keep", None),  # not "deep"
    ("i think i broke my toe", "think", None),  # not "thick"
    ("yearly checkup", "yearly", None),  # not "early"
    ("hearing voices that aren't there", "there", None),  # not "three"
    ("fell off a ladder", "fell", "fall"),
    ("irritable bowl syndrome", "bowl", "bowel"),
    ("lumber puncture", "lumber", "lumbar"),
    ("basel cell carcinoma", "basel", "basal"),
])
def test_an_english_word_is_a_slip_only_in_a_vowel_and_for_a_rarer_word(
    cat: Catalog, query: str, word: str, to: str | None
) -> None:
    # A typo keeps the first letter, and one of the commonest English words is mistyped only
    # in a vowel: "turns" is no "burns", "came" no "care", but "fell" may be fall.
    fixes = {c["from"]: c["to"] for c in cat.search(query, limit=3).corrections}
    assert fixes.get(word) == to, fixes


@pytest.mark.parametrize(("query", "fixed", "expected"), [
    ("chrones disease", "crohn", "icd10cm:K50"),  # a possessive name, not "chronic"
    ("preclampsia", "pre eclampsia", "icd10cm:O14"),  # not the whole word's eclampsia
])
def test_a_name_s_possessive_and_a_prefixed_word_are_heard(
        cat: Catalog, query: str, fixed: str, expected: str) -> None:
    r = cat.search(query, limit=10)
    assert any(c["to"] == fixed for c in r.corrections), r.corrections
    assert rank_of(cat, query, expected) == 0


@pytest.mark.parametrize(("typed", "word"), [("hydrocephalis", "hydrocephalus"),
                                             ("bald", None), ("year", None)])
def test_a_plural_is_no_possessive_and_an_english_word_no_shorthand(
        cat: Catalog, typed: str, word: str | None) -> None:
    # "hydrocephaly" sounds as "hydrocephalis" without its s, but no title says it with one;
    # "bald" is no slip for "bld", and "year" (the titles say years) none for "tear".
    assert _speller(cat).correct(typed, False) == word


@pytest.mark.parametrize("query", ["tweaked my hamstring", "sore hamstrings"])
def test_a_body_part_the_data_names_is_no_slip(cat: Catalog, query: str) -> None:
    # No full title says "hamstring" (S76.3 is the thigh's posterior muscle group), and it was
    # "corrected" to "astring", ICD-9's short word for astringents (T49.2 led).
    assert not cat.search(query, limit=3).corrections
    assert rank_of(cat, "tweaked my hamstring", "icd10cm:S76.3") == 0


@pytest.mark.parametrize("word", [
    "walnuts", "prawns", "prawn", "cashew", "cashews", "mussels", "raisins", "hazelnuts",
    "strawberries", "fidgets", "growths", "pouches",
])
def test_plurals_and_everyday_nouns_are_english_words(cat: Catalog, word: str) -> None:
    # A noun's plural, and the foods and small things people name that the meaning model's
    # vocabulary lacks (data/everyday_nouns.tsv), are words: "walnuts" was corrected to
    # malnutrition, "prawns" to transverse, "cashew" to cases.
    assert _english(word)
    assert _speller(cat).correct(word, False) is None


@pytest.mark.parametrize(("typed", "word"), [("sprians", "sprains"), ("pnuemonias", "pneumonias")])
def test_a_misspelled_plural_is_still_corrected(cat: Catalog, typed: str, word: str) -> None:
    assert not _english(typed)
    assert _speller(cat).correct(typed, False) == word


def test_plural_bases() -> None:
    assert plural_bases("walnuts") >= {"walnut"}
    assert plural_bases("strawberries") >= {"strawberry"}
    assert plural_bases("patches") >= {"patch"}
    assert plural_bases("loaves") >= {"loaf"}
    assert plural_bases("abscess") == set()


def test_everyday_noun_read_by_its_kind_where_the_model_has_it_in_pieces() -> None:
    # "prawn" is "pr" and "awn" to the WordPiece vocabulary: the meaning text adds seafood.
    assert noun_kinds("swelled up after eating prawns") == ["seafood"]
    assert noun_kinds("allergic to peanuts") == []  # a word the model has whole


def test_a_short_title_abbreviation_that_is_a_word_is_read_by_meaning_only(cat: Catalog) -> None:
    # "cyst" is taught as "cystic" by a few short titles but said in 68 code groups' titles:
    # searched as cystic it found the cystic duct ("drew fluid out of the ganglion cyst").
    # The meaning side still reads it ("bakers cyst behind my knee" needs it there).
    lexicon = _speller(cat)
    assert lexicon.own_word("cyst")
    assert not lexicon.own_word("disloc") and not lexicon.own_word("cor")
    parsed = parse("ganglion cyst on my wrist", lexicon=lexicon)
    cyst = next(s for s in parsed.slots if s.text == "cyst")
    assert all(a.kind != "abbreviation" for a in cyst.alternatives)
    assert {"from": "cyst", "to": "cystic", "kind": "abbreviation"} in parsed.expansions


@pytest.mark.parametrize(("mode", "at1", "at10"), [("words", 0.68, 0.80), ("hybrid", 0.64, 0.89)])
def test_spelling_dev_floors(cat: Catalog, mode: str, at1: float, at10: float) -> None:
    # tests/data/spelling_dev.tsv, 57 queries written before any search. Measured (of 57) words
    # 39 first and 46 in ten, hybrid 37 and 51 (before own words' expansions were read by
    # meaning only: words 38 and 45, hybrid 37 and 50); base 78758ab: words 38 and 45, hybrid
    # 37 and 48.
    floors(cat, "spelling_dev.tsv", at1, at10, mode=mode)
