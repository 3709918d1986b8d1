"""The curated data files the query side reads: abbreviations, lay terms, spelling variants,
numerals, and the ICD-10-PCS procedure words, joint bones and devices
(``medcodes/data/*.tsv``). Each maps a user's words to the words of official titles; none maps
a query to a code.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from medcodes.search.index import deletes
from medcodes.search.spelling import damerau
from medcodes.search.text import STOPWORDS, possessive, stem, tokens

# Words a phrase is said with or without, beside the stopwords: the possessive leftover
# ("child's"; the "t" of "can't" is a word of the phrase), and "when"/"while" ("it hurts when
# I pee" is the row "hurts to pee", "leaking when I sneeze" the row "leaking when sneezing"),
# and "during" ("bleeding during pregnancy" is the row "bleeding in pregnancy"), and "that",
# the relative pronoun the stopwords' "which" and "who" are ("a machine that cleans my blood"
# is the row "blood cleaned by machine").
LOOSE_SKIP = frozenset({"s", "when", "while", "during", "put", "that"})  # "had a stent put in"
# An organ's removal said as a verb: "gallbladder removal", "gallbladder removed", "had my
# gallbladder taken out" and "remove the gallbladder" are one loose phrase.
REMOVED = "remov"  # the stem of "removed", "remove", "removing"
OUT_VERBS = frozenset({"taken", "took", "take", "pulled", "pull", "cut"})
# Pain said as a verb, a noun or an adjective is one word beside what hurts: "hurts to swallow"
# is "pain when swallowing" and "painful swallowing", "my tummy aches" is "tummy ache". "Sore"
# is not one of them ("cold sore", "bed sore"), nor "burning" ("burning feet").
# A negation said with "n't" is "not" in a phrase: "baby isn't moving" is the row "baby not
# moving", "doesn't close" is "not closing". Not "can't", whose rows keep its "t" ("can't pee"
# says a person unable, not a thing absent).
NOT = "not"
NOT_CONTRACTED = frozenset({"isn", "aren", "wasn", "weren", "doesn", "didn", "don", "hasn",
                            "haven", "hadn", "won"})
PAIN = "pain"
PAIN_STEMS = frozenset({"hurt", "pain", "painful", "ache", "ach", "achy"})
# And a medicine by its form: "blood pressure tablets", "pills for the blood pressure", "meds
# for my thyroid" and "blood pressure medication" say one thing.
MEDICINE = "medicine"
MEDICINE_STEMS = frozenset({"tablet", "pill", "med", "medication", "medicin"})
# Nursery and regional words for one thing (data/same_words.tsv): "blood in my poo" is
# "blood in stool", "wee a lot" is "pee a lot", "belly ache" is "tummy ache", "itchy bottom"
# is "itchy bum".
SAME_WORDS_FILE = "same_words.tsv"
# Medicines by their generic and brand names -> the drug class the titles say (the ICD-10-CM
# Table of Drugs and Chemicals), read as lay phrases: "rash from amoxicillin" is penicillins.
DRUG_NAMES_FILE = "drug_names.tsv"
# A row of it whose class says the long-term use ("long term use of hormonal contraceptives",
# "other long term drug therapy") is read only where the query says the medicine is taken ("on
# birth control pills"), not wherever it is named ("starting birth control pills"); one that
# says the allergy status ("allergy status to analgesic agent") only beside an allergy.
FRAMES = {"use": "long term ", "allergy": "allergy status "}


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Phrase (as a token tuple) -> list of replacement phrases, per kind."""

    abbreviations: dict[tuple[str, ...], list[str]]
    lay: dict[tuple[str, ...], list[str]]
    variants: dict[str, str]
    longest_phrase: int
    # Lay phrases by their stemmed content words, so "ringing in my ears" finds the row
    # "ringing in the ears" and "the room is spinning" the row "room spinning".
    lay_loose: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    longest_loose: int = 0
    # The words of multi-word phrases by each one-letter deletion of them, to read a typo
    # as a phrase word when the phrase then matches ("hart attack": heart attack).
    phrase_deletes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Body-part nouns and their adjectives, both ways, by the stem of either ("lungs" ->
    # pulmonary, "renal" -> kidney): lay queries name organs, diagnosis titles qualify them.
    body_parts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Multi-word phrases by all their words but the last, to complete a phrase while its last
    # word is being typed ("heart att" -> heart attack).
    by_head: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # Procedure words by key (a word beginning) -> the ICD-10-PCS wordings they stand for
    # ("remov" -> resection, extirpation; "lap" -> percutaneous endoscopic).
    procedure: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # Joint words -> the ICD-10-PCS bones a fracture beside them is of ("hip" -> upper femur).
    joint_bones: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # Devices by their everyday names -> the ICD-10-PCS device and body part words ("chest
    # tube" -> drainage device pleural cavity); and by their loose keys, as lay phrases are.
    devices: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    devices_loose: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    # Body parts -> the part of the ICD-10-PCS device tables they are in ("colon" -> lower
    # intestinal tract), read beside removing, changing or revising a device.
    device_parts: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    # Regions and collections -> the ICD-10-PCS body cavity drained or inspected there
    # ("belly" -> peritoneal cavity), by the stems of their words.
    cavities: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # Lesions of the skin -> the ICD-10-PCS part an operation on them is of ("wart" -> skin).
    lesion_sites: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = field(
        default_factory=dict)
    # Loose keys of lay phrases said only in their order (rows written in quotes: "popped
    # back"), by the orders they may be said in (``in_order``); a key any unquoted row has
    # is said in any order.
    lay_order: dict[tuple[str, ...], frozenset[tuple[str, ...]]] = field(default_factory=dict)
    # The procedure keys sorted, and each key's place in ``procedure``: a word's keys are
    # found by bisection, not by reading all of them (three times per query).
    _procedure_sorted: tuple[str, ...] = field(init=False, default=())
    _procedure_place: dict[str, int] = field(init=False, default_factory=dict)
    # The one-word lay rows by each one-letter deletion of them (``lay_word_neighbour``).
    _lay_word_deletes: dict[str, tuple[str, ...]] = field(init=False, default_factory=dict)
    # The everyday words of the lay rows of more than one word ("shaving" of "shaving rash"):
    # words people say, which the speller must not make other words (``everyday_word``).
    _lay_phrase_words: frozenset[str] = field(init=False, default=frozenset())
    # ``phrase_neighbours`` already found, by word.
    _neighbours: dict[str, list[str]] = field(init=False, default_factory=dict, compare=False)
    # ``_procedure_keys`` already found, by word (most words have none).
    _keys_of: dict[str, tuple[str, ...]] = field(init=False, default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_lay_word_deletes", _lay_word_deletes(self.lay))
        object.__setattr__(self, "_lay_phrase_words", frozenset(
            w for key in self.lay if len(key) > 1 for w in key
            if len(w) >= LAY_TYPO_MIN and w.isalpha()))
        object.__setattr__(self, "_procedure_sorted", tuple(sorted(self.procedure)))
        object.__setattr__(self, "_procedure_place", {k: i for i, k in enumerate(self.procedure)})

    def _procedure_keys(self, word: str) -> tuple[str, ...]:
        """The keys ``procedure_terms`` may read for ``word``, in ``procedure``'s order: the
        word itself, its beginnings of 4 letters or more, and the keys it begins (remembered:
        asked of every one-word reading of every query, and words recur)."""
        keys = self._keys_of.get(word)
        if keys is None:
            keys = tuple(self._find_procedure_keys(word))
            if len(self._keys_of) > 50_000:
                self._keys_of.clear()
            self._keys_of[word] = keys
        return keys

    def _find_procedure_keys(self, word: str) -> list[str]:
        place = self._procedure_place
        found = {word[:n] for n in range(4, len(word) + 1)} | {word}
        if len(word) >= 4:
            keys = self._procedure_sorted
            i = bisect_left(keys, word)
            while i < len(keys) and keys[i].startswith(word):
                found.add(keys[i])
                i += 1
        return sorted((k for k in found if k in place), key=place.__getitem__)

    def procedure_terms(self, word: str, completes: Callable[[str, str], bool] | None = None
                        ) -> list[tuple[str, ...]]:
        """The PCS wordings of a procedure word: rows whose key the word starts with, or (a
        truncation of 4 letters or more) that start with the word; a key shorter than 4
        letters only as the whole word. ``completes(word, key)``, if given, says whether a
        truncation stands for the key's word ("repl" is replacement, not replantation)."""
        out: list[tuple[str, ...]] = []
        for key in self._procedure_keys(word):
            terms = self.procedure[key]
            if word == key or (len(key) >= 4 and word.startswith(key)) or (
                len(word) >= 4 and key.startswith(word)
                and (completes is None or completes(word, key))
            ):
                out += (t for t in terms if t not in out)
        return out

    def completions(self, head: tuple[str, ...], prefix: str) -> list[tuple[str, ...]]:
        """Curated phrases of ``head`` plus a last word starting with ``prefix`` (and longer
        than it), shortest first."""
        return sorted((p for p in self.by_head.get(head, ())
                       if p[-1].startswith(prefix) and p[-1] != prefix),
                      key=lambda p: (len(p[-1]), p))

    def everyday_word(self, word: str) -> bool:
        """Is ``word`` a word of a lay row of more than one word (one the catalog may lack)?"""
        return word in self._lay_phrase_words

    def lay_word_neighbour(self, word: str) -> str | None:
        """The one-word lay row one edit from ``word`` with its first letter, when only one
        is ("exausted": exhausted, "nausious": nauseous): people misspell the everyday words
        the catalog never says, so the speller, which reads the catalog's words, has none."""
        found = {c for d in deletes(word, 1) for c in self._lay_word_deletes.get(d, ())}
        near = [c for c in found if c != word and c[0] == word[0] and damerau(word, c) == 1]
        return near[0] if len(near) == 1 else None

    def phrase_neighbours(self, word: str) -> list[str]:
        """Phrase words one edit from ``word`` (same first letter first; cached: asked of
        every longer word of every query, and words recur). Read, never changed."""
        near = self._neighbours.get(word)
        if near is None:
            found = {c for d in deletes(word, 1) for c in self.phrase_deletes.get(d, ())}
            near = sorted((c for c in found if c != word and damerau(word, c) == 1),
                          key=lambda c: (c[0] != word[0], c))
            if len(self._neighbours) > 50_000:
                self._neighbours.clear()
            self._neighbours[word] = near
        return near


# Lay rows of one word this long or longer are read through a typo (``lay_word_neighbour``):
# a shorter word one edit away is as likely another word.
LAY_TYPO_MIN = 5


def _lay_word_deletes(lay: dict[tuple[str, ...], list[str]]) -> dict[str, tuple[str, ...]]:
    return _by_deletes({key[0] for key in lay if len(key) == 1 and len(key[0]) >= LAY_TYPO_MIN
                        and key[0].isalpha()})


def _rows(name: str) -> list[tuple[str, str]]:
    return [(row[0], row[1]) for row in read_columns(name)]


def read_columns(name: str) -> list[tuple[str, ...]]:
    """The rows of a curated file of two or more columns, each column stripped (a third
    column, where a file has one, is optional: a row without it has two)."""
    try:
        text = resources.files("medcodes").joinpath("data", name).read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return []
    rows: list[tuple[str, ...]] = []
    header = True
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if header:  # the first line that is not a comment names the columns
            header = False
            continue
        if len(parts) >= 2:
            rows.append(tuple(p.strip() for p in parts))
    return rows


read_rows = _rows  # for the curated files other modules read (``search.defaults``)


def _frame(drug_class: str) -> str | None:
    """The frame a row of ``drug_names.tsv`` is read in only (``FRAMES``), or None."""
    said = drug_class.lower()
    return next((frame for frame, marker in FRAMES.items() if marker in said), None)


def drug_classes(frame: str | None = None) -> list[tuple[str, str]]:
    """The rows of ``drug_names.tsv`` read as lay phrases, or those read only in ``frame``
    (``FRAMES``, ``search.medicines``)."""
    return [(drug, cls) for drug, cls in _rows(DRUG_NAMES_FILE) if _frame(cls) == frame]


@lru_cache(maxsize=1)
def sign_phrases() -> frozenset[tuple[str, ...]]:
    """The lay phrases of ``signs.tsv``: descriptions of a condition (what is seen and felt),
    which its clinical words name, where a row of ``lay_terms.tsv`` may name a part or a word."""
    return frozenset(_phrases(_rows("signs.tsv")))


def _phrases(rows: list[tuple[str, str]]) -> dict[tuple[str, ...], list[str]]:
    out: dict[tuple[str, ...], list[str]] = {}
    for key, value in rows:
        # No possessive "s", as in a query (text.query_tokens): "Crohn's disease" is the words
        # crohn disease, which its title says (title_analysis.analyse).
        toks = tuple(tokens(possessive(key)))
        value = possessive(value)
        if toks and value and value not in out.get(toks, []):
            out.setdefault(toks, []).append(value)
    return out


def _phrase_deletes(*tables: dict[tuple[str, ...], list[str]]) -> dict[str, tuple[str, ...]]:
    return _by_deletes({w for table in tables for key in table if len(key) > 1 for w in key
                        if len(w) >= 4})


def _by_deletes(words: set[str]) -> dict[str, tuple[str, ...]]:
    """Words by each one-letter deletion of them, to find the words one edit from a typo."""
    out: dict[str, set[str]] = {}
    for word in words:
        for d in deletes(word, 1):
            out.setdefault(d, set()).add(word)
    return {d: tuple(sorted(ws)) for d, ws in out.items()}


def _inflamed(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Lay phrases for an inflamed body part: "inflamed PART", "inflammation of PART", "PART
    inflammation" and a part said to flare up ("my tonsils keep flaring up", "gums flared up")
    all say its -itis word."""
    return [(phrase, itis) for part, itis in rows
            for phrase in (f"inflamed {part}", f"inflammation of {part}", f"{part} inflammation",
                           f"{part} flaring up")]


def _equivalences(rows: list[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """Each row both ways, keyed by stem; never transitive (spine is spinal and vertebral,
    but spinal is not vertebral)."""
    out: dict[str, list[str]] = {}
    for a, b in rows:
        for key, other in ((a, b), (b, a)):
            bucket = out.setdefault(stem(key.lower()), [])
            if other.lower() not in bucket:
                bucket.append(other.lower())
    return {k: tuple(v) for k, v in out.items()}


# A part replaced is its replacement ("right hip replaced" is the row "hip replacement"; the
# status reading of the past still makes either an artificial joint). The participle only:
# the coders' "replace" of the ICD-9 short titles ("Rev knee replace-patella") is their own
# truncation, not a lay phrase's word. The stemmer makes "caring" "car": a carer's "caring for
# my sick mum" is no "car sick".
PARTICIPLES = {"replaced": "replacement", "caring": "care"}


def loose_key(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """A phrase as its stemmed content words, in sorted order: how people vary a phrase without
    changing it (articles, possessives, plurals, "-ing", and word order: "ears ringing" is
    "ringing in the ears", "peeing blood" is "blood in pee"; "removal", "removed" and
    "taken out" are one word, and so are "hurts", "painful" and "ache", and "tablets", "pills"
    and "medication")."""
    return _loose_key(tuple(words))


@lru_cache(maxsize=100_000)
def _loose_key(words: tuple[str, ...]) -> tuple[str, ...]:
    """``loose_key`` (cached: every query asks it of each of its words and word runs, and
    words recur from query to query)."""
    return tuple(sorted(loose_words(words)))


@lru_cache(maxsize=100_000)
def loose_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """``loose_key`` in the order the words were said: what a phrase said only in its order
    (``Vocabulary.lay_order``) is compared with."""
    out: list[str] = []
    for i, w in enumerate(words):
        if w in STOPWORDS or w in LOOSE_SKIP:
            continue
        if w == "out" and i and words[i - 1] in OUT_VERBS:
            continue  # "taken out" was read as one word
        if w == "t" and i and words[i - 1] in NOT_CONTRACTED:
            continue  # "isn't" was read as "not"
        if w in NOT_CONTRACTED and tuple(words[i + 1 : i + 2]) == ("t",):
            out.append(NOT)
            continue
        if w in OUT_VERBS and tuple(words[i + 1 : i + 2]) == ("out",):
            out.append(REMOVED)
        else:
            out.append(stem(PARTICIPLES.get(w, w)))
    if len(out) > 1:
        # Of an organ only: "removal" alone is ICD-10-PCS's removal of a device, not the lay
        # word "removed" (resection).
        out = [REMOVED if w == "removal" else PAIN if w in PAIN_STEMS
               else MEDICINE if w in MEDICINE_STEMS else same_word(w) for w in out]
    return tuple(out)


@cache
def _same_words() -> dict[str, str]:
    """Word stem -> the stem of the word it says inside a phrase (data/same_words.tsv)."""
    return {stem(w.lower()): stem(same.lower()) for w, same in _rows(SAME_WORDS_FILE)
            if w.strip() and same.strip()}


def same_word(word_stem: str) -> str:
    """The stem of the word ``word_stem`` says inside a lay phrase ("poop" -> "stool")."""
    return _same_words().get(word_stem, word_stem)


# An operation named by what it mends or frees ("carpal tunnel release", "hernia repair") is
# what people call that surgery ("carpal tunnel surgery", "hernia operation": same_words.tsv
# makes an operation and an op surgery): the row is also read so. Not a removal or a
# replacement ("knee surgery" is no knee replacement), nor a fusion ("back surgery").
_SURGERY_OF = frozenset({stem("release"), stem("repair")})
_SURGERY = stem("surgery")


def _loose(table: dict[tuple[str, ...], list[str]], surgery: bool = False
           ) -> dict[tuple[str, ...], list[str]]:
    out: dict[tuple[str, ...], list[str]] = {}
    aliases: dict[tuple[str, ...], list[str]] = {}
    for key, values in table.items():
        loose = loose_key(key)
        if not loose or (len(loose) < 2 < len(key) + 1):  # "on insulin" is not "insulin"
            continue
        bucket = out.setdefault(loose, [])
        bucket.extend(v for v in values if v not in bucket)
        if surgery and len(key) > 1 and stem(key[-1]) in _SURGERY_OF:
            alias = loose_key((*key[:-1], "surgery"))
            kept = aliases.setdefault(alias, [])
            kept.extend(v for v in values if v not in kept)
    for alias, values in aliases.items():
        out.setdefault(alias, values)  # a row of its own says that surgery first
    return out


@cache
def vocabulary() -> Vocabulary:
    """Load (once per process) the curated files shipped in the package."""
    abbreviations = _phrases(_rows("abbreviations.tsv"))
    # Conditions described by their signs read as lay phrases (the file says why it is apart).
    lay_rows = _rows("lay_terms.tsv") + _rows("signs.tsv")
    lay = _phrases([(key.strip('"'), value) for key, value in lay_rows] + drug_classes()
                   + _inflamed(_rows("inflammation.tsv")))
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
    devices = _phrases(_rows("pcs_devices.tsv"))
    longest = max((len(k) for k in [*abbreviations, *lay, *devices]), default=1)
    longest = max(longest, max((len(k.split()) for k in variants), default=1))
    lay_loose = _loose(lay, surgery=True)
    devices_loose = _loose(devices)
    longest_loose = max((len(k) for k in [*lay_loose, *devices_loose]), default=1)
    by_head: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for phrase in [*lay, *abbreviations, *devices]:
        if len(phrase) > 1:
            by_head.setdefault(phrase[:-1], []).append(phrase)
    procedure: dict[str, list[tuple[str, ...]]] = {}
    for key, wording in _rows("pcs_operations.tsv"):
        words = tuple(t for t in tokens(wording) if t not in STOPWORDS)
        if key and words and words not in procedure.get(key.lower(), []):
            procedure.setdefault(key.lower(), []).append(words)
    joint_bones: dict[str, list[tuple[str, ...]]] = {}
    for joint, bone in _rows("pcs_joint_bones.tsv"):
        joint_bones.setdefault(joint.lower(), []).append(tuple(tokens(bone)))
    return Vocabulary(abbreviations, lay, variants, longest, lay_loose, longest_loose,
                      _phrase_deletes(lay, abbreviations, devices),
                      _equivalences(_rows("body_parts.tsv")),
                      {h: tuple(ps) for h, ps in by_head.items()},
                      {k: tuple(v) for k, v in procedure.items()},
                      {k: tuple(v) for k, v in joint_bones.items()}, devices, devices_loose,
                      {tuple(tokens(part)): tuple(tokens(whole))
                       for part, whole in _rows("pcs_device_parts.tsv")},
                      _by_stems(_rows("pcs_cavities.tsv")),
                      _by_stems(_rows("pcs_lesion_sites.tsv")), _in_order(lay_rows))


def _in_order(rows: list[tuple[str, str]]) -> dict[tuple[str, ...], frozenset[tuple[str, ...]]]:
    """The loose keys of the lay rows written in quotes, by the orders their words are said
    in: a verb and its particle keeps its order ("popped back" is no "my back popped", "set
    back" no "back was set"), where the words of most phrases may come in any order ("ears
    ringing" is "ringing in the ears"). A key an unquoted row also has stays free."""
    ordered: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    free: set[tuple[str, ...]] = set()
    for key, _ in rows:
        toks = tuple(tokens(possessive(key.strip('"'))))
        if len(toks) < 2:
            continue
        if key.startswith('"') and key.endswith('"'):
            ordered.setdefault(loose_key(toks), set()).add(loose_words(toks))
        else:
            free.add(loose_key(toks))
    return {k: frozenset(v) for k, v in ordered.items() if k not in free}


@cache
def everyday_words() -> frozenset[str]:
    """The one-word lay rows (medicines' names too) and the words of ``same_words.tsv``: what
    people type, which titles may never say ("pimples", "numbness", "ibuprofen"); the speller
    corrects a misspelling to them as to the catalog's words. Not every word of a longer lay
    phrase: read alone, "paralyzed" or "spinning" finds nothing, and a phrase's word is read
    through its typo where the phrase then matches (``curated_phrases.phrase_typos``)."""
    words = {key[0] for key in vocabulary().lay if len(key) == 1}
    words.update(w for pair in _rows(SAME_WORDS_FILE) for side in pair
                 for w in tokens(side.lower()))
    return frozenset(words)


def _by_stems(rows: list[tuple[str, str]]) -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Rows of two phrases (``pcs_cavities.tsv``, ``pcs_lesion_sites.tsv``) by the stems of the
    first one's words."""
    out: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for part, cavity in rows:
        out.setdefault(tuple(map(stem, tokens(part))), []).append(tuple(tokens(cavity)))
    return {k: tuple(v) for k, v in out.items()}
