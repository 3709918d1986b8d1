"""Typo correction against the catalog's own vocabulary (symmetric-delete lookup, then true
Damerau-Levenshtein distance), so a correction is always a word some title contains.
"""

from __future__ import annotations

import json
import re
import sqlite3
from bisect import bisect_left
from functools import lru_cache
from math import log10
from typing import NamedTuple

from medcodes.search.index import deletes, max_edits
from medcodes.search.morphology import Affixes, condition_nouns, decompose, opposed
from medcodes.search.static_model import MODEL_DIR
from medcodes.search.text import stem


def damerau(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions, transpositions.
    (One row at a time with the neighbours in locals: the speller asks it of every candidate of
    every word new to the process.)"""
    if a == b:
        return 0
    width = len(b)
    if not a or not width:
        return len(a) or width
    prev2: list[int] = []
    prev = list(range(width + 1))
    before_a = ""  # a[i - 2], "" on the first row: no transposition there
    for i, ca in enumerate(a, 1):
        cur = [i] * (width + 1)
        left, diag, before_b = i, prev[0], ""
        for j, cb in enumerate(b, 1):
            up = prev[j]
            d = diag if ca == cb else diag + 1
            if up + 1 < d:
                d = up + 1
            if left + 1 < d:
                d = left + 1
            if ca == before_b and before_a == cb and prev2[j - 2] + 1 < d:
                d = prev2[j - 2] + 1
            cur[j] = left = d
            diag, before_b = up, cb
        prev2, prev = prev, cur
        before_a = ca
    return prev[width]


def _inflection_bases(word: str) -> set[str]:
    """Words ``word`` may inflect ("fractured" -> "fracture"): porter stemming in the index
    already matches those, so they are not typos."""
    bases = {stem(word)}
    for suffix, repl in (("s", ""), ("es", ""), ("d", ""), ("ed", ""), ("ing", ""), ("ing", "e"),
                         ("ies", "y"), ("ied", "y"), ("ly", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            bases.add(word[: -len(suffix)] + repl)
    return bases


def _inflections_of_e(word: str) -> tuple[str, ...]:
    """The inflections of a word ending in a silent "e" ("sneeze": sneezing, sneezed,
    sneezes): a word the catalog says so is a word, not a slip."""
    return (word[:-1] + "ing", word + "d", word + "s")


def _english(word: str) -> bool:
    """An everyday English word, or one spelt as its right inflection: the meaning model's
    vocabulary holds "thin", "crust" and "lump" but not "thinning", "crusty" or "lumpy", which
    are no more slips for "tanning", "crush" or "lamp" than the words they inflect. Only the
    forms a plain ending cannot be mistaken in (a doubled consonant, an adjective's "-y"), so
    "runing" is still the slip it is."""
    words = english_words()
    if word in words:
        return True
    bases = plural_bases(word)  # "walnuts", "strawberries", "patches": a noun's plural
    for suffix in ("ing", "ed"):
        base = word[: -len(suffix)]
        if (word.endswith(suffix) and len(base) >= 4 and base[-1] == base[-2]
                and base[-1] not in "aeiouls"):
            bases.add(base[:-1])  # "thinning" is thin, "chapped" chap
    if word.endswith("y") and len(word) >= 5:  # crusty, lumpy, scaly
        bases |= {word[:-1], word[:-1] + "e"}
    return any(len(b) >= 3 and b in words for b in bases)


def plural_bases(word: str) -> set[str]:
    """The singulars a regular plural (or a verb's "-s" form) may be of: "walnuts" walnut,
    "patches" patch, "strawberries" strawberry, "loaves" loaf. Only endings a plural is made
    with, so a misspelled word rarely has one ("sprians" has no English base)."""
    if len(word) < 4 or not word.endswith("s") or word.endswith("ss"):
        return set()
    bases = {word[:-1]}
    if word.endswith("es"):
        bases.add(word[:-2])  # patches, boxes
        if word.endswith("ies"):
            bases.add(word[:-3] + "y")
        elif word.endswith("ves"):
            bases |= {word[:-3] + "f", word[:-3] + "fe"}
    return {b for b in bases if len(b) >= 3}


def _skeleton(word: str) -> str:
    """The first letter, then the consonants with each run of one letter once ("hemiplegia" ->
    "hmplg"): a contraction's skeleton begins its word's."""
    return word[0] + _undoubled("".join(c for c in word[1:] if c not in _DROPPED))


def _contracts(word: str, cand: str, i: int = 1, j: int = 1) -> bool:
    """Does ``cand`` begin with ``word``'s letters from ``i`` on, matched from ``cand[j]``,
    with only vowels left out between them and a consonant standing for a run of itself?"""
    if i == len(word):
        return True
    c = word[i]
    for k in range(j, len(cand)):
        if cand[k] == c:
            if c in _DROPPED:
                if _contracts(word, cand, i + 1, k + 1):
                    return True
            else:
                end = k + 1
                while end < len(cand) and cand[end] == c:
                    end += 1
                return any(_contracts(word, cand, i + 1, e) for e in range(end, k, -1))
        if cand[k] not in _DROPPED:
            return False
    return False


def _undoubled(word: str) -> str:
    """The word with runs of one letter collapsed ("concussion" -> "concusion")."""
    return re.sub(r"(.)\1+", r"\1", word)


# Spellings of one sound, each rewritten to one spelling, in this order: people type what they
# hear ("sorisis", "faringitis", "infecshun", "flem"), and British forms ("haemorrhoids",
# "oesophagus") are the US ones with a letter more. "X" stands for the sound "sh".
_SOUNDS = tuple((re.compile(pattern), to) for pattern, to in (
    (r"^ps", "s"), (r"^pn", "n"), (r"^[kg]n", "n"), (r"^wr", "r"), (r"^wh", "w"),
    (r"ph", "f"), (r"sch", "sk"), (r"(?:ss|s|t|c)i[ao]n$", "Xn"), (r"sh[aiou]n$", "Xn"),
    (r"sh", "X"), (r"ch", "k"), (r"ck", "k"), (r"t(?=[sz][aeiouy])", ""),
    (r"c(?=[eiy])", "s"), (r"c", "k"), (r"x", "ks"), (r"q", "k"), (r"z", "s"),
    (r"dg(?=[eiy])", "j"), (r"g(?=[eiy])", "j"), (r"y", "i"),
    (r"[ao]e", "e"), (r"oa", "o"), (r"gm$", "m"), (r"(?<=.)h", ""),
    (r"(?<=..[^aeiou])e(?=s?$)", ""), (r"(.)\1+", r"\1"),
))


@lru_cache(maxsize=65536)
def sound(word: str) -> str:
    """How a word sounds, roughly: one spelling per sound ("pharyngitis" and "faringitis"
    -> "farinjitis", "eczema" and "excema" -> "eksema", "hemorrhoids" -> "hemoroids"), a
    silent "e" (and a plural's, "chrones" -> "krons" as "crohns") and doubled letters left
    out."""
    for pattern, to in _SOUNDS:
        word = pattern.sub(to, word)
    return word


def _consonants(heard: str) -> str:
    """A sound's first letter and its consonants ("hemroids", "hemoroids" -> "hmrds"): vowels
    are what people drop or mishear most."""
    return heard[:1] + "".join(c for c in heard[1:] if c not in "aeiou")


RARE = 5  # a catalog word seen this often or less may be the sources' own typo
COMMONER = 100  # ... when a word one edit away is this many times more frequent
TRUNCATED = 20  # a known word is also a truncation when a word it begins is this much commoner
CHOICES = 4  # corrections weighed against the query's other words
TOGETHER_CAP = 20  # co-occurrences counted per choice: enough to tell use from chance
CONTRACTED = 8  # catalog words a contraction may stand for, weighed against the query's words
CONTRACTION_MAX = 1000  # a catalog word seen more often than this is not read as a contraction
CONTRACTION_RATIO = 1  # ... and stands for words at least this much commoner than itself
SENSES = 3  # readings of a catalog word as a contraction, chosen among by the query's words
# Letters a coder drops when contracting a word ("hmiplg" is hemiplegia, "uncntrld"
# uncontrolled): the vowels, and "y" when it is one.
_DROPPED = "aeiouy"
# An English word the catalog lacks is read as a typo only of a word one edit away that the
# catalog uses this often: "prostrate" is prostate (490 times), "getting" is not "betting"
# (twice) nor "fitting" (two edits).
ENGLISH_TARGET = 50
# The vocabulary id below which an English word is one of the commonest (about the first 3,000
# words after the 1,996 special tokens and characters): "came" 2234, "turns" 4332, "bowl" 4605.
COMMON_ENGLISH = 5000
# A word of the curated everyday vocabulary (lay terms, the words they stand for) that no title
# says counts as this often: people type "pimples" and "numbness" more than most title words.
EVERYDAY_FREQ = ENGLISH_TARGET
# A word that sounds as typed but is more edits away than a typo may be is taken when it is the
# one word of its stem that sounds so near, and a sound one edit apart only for a typed word
# this long: "faringitis" is pharyngitis (3 edits, the same sound), "hemroids" hemorrhoids (3,
# a vowel left out).
HEARD_MIN = 6
# A word one edit of sound from what was typed wins over one heard as typed when it is this many
# times commoner: "artheritis" sounds like arteritis (13 times), yet is arthritis (1,108).
SOUND_WORTH = 30


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Everyday English words: the whole-word entries of the meaning model's WordPiece
    vocabulary (about 21,000, chosen by frequency in English books and Wikipedia), and the
    everyday nouns it lacks that people name in queries (``everyday_nouns``: "cashew",
    "prawn", "fidget")."""
    return frozenset(_english_ids()) | frozenset(everyday_nouns())


@lru_cache(maxsize=1)
def everyday_nouns() -> dict[str, str]:
    """Each noun of ``data/everyday_nouns.tsv`` (foods, small things swallowed or pushed up a
    nose) and its kind, a word of the meaning model's vocabulary ("cashew": nut)."""
    from medcodes.search.vocab import read_columns  # vocab imports this module

    return {row[0].lower(): row[1].lower() for row in read_columns(EVERYDAY_NOUNS_FILE)}


EVERYDAY_NOUNS_FILE = "everyday_nouns.tsv"


@lru_cache(maxsize=1)
def _english_ids() -> dict[str, int]:
    """The everyday English words by their id in the WordPiece vocabulary, which after its
    special tokens and characters lists words about as often as English uses them ("the" 1996,
    "came" 2234, "prostrate" not at all)."""
    path = MODEL_DIR / "tokenizer.json"
    try:
        vocab = json.loads(path.read_text(encoding="utf-8"))["model"]["vocab"]
    except (OSError, ValueError, KeyError):
        return {}
    return {w: int(i) for w, i in vocab.items() if len(w) >= 3 and w.isalpha()}


def in_model_vocabulary(word: str) -> bool:
    """Is ``word`` one whole token of the meaning model's vocabulary?"""
    return word in _english_ids()


def common_english(word: str) -> bool:
    """One of the few thousand commonest English words ("came", "turns", "keep", "fell"):
    typed on purpose far more often than as a slip."""
    return _english_ids().get(word, COMMON_ENGLISH) < COMMON_ENGLISH


def _english_slip(word: str, cand: str) -> bool:
    """Whether an English word may be a slip for ``cand``, one edit away. A typo keeps the
    first letter ("turns" is no "burns", "keep" no "deep", "yearly" no "early"), and one of the
    commonest words is mistyped only in a vowel, the consonants heard in order ("fell" may be
    fall, "bowl" bowel), never in a consonant ("came" is no "care", "think" no "thick"), by a
    letter left out ("could" is no "cold", "many" no "man") nor by two letters swapped
    ("there" is no "three")."""
    if not cand or cand[0] != word[0]:
        return False
    if not common_english(word):
        return True
    swapped = len(cand) == len(word) and sum(a != b for a, b in zip(cand, word, strict=True)) == 2
    return (len(cand) >= len(word) and not swapped
            and _consonants(sound(cand)) == _consonants(sound(word)))


# Times the catalog must write two typed words as one word to read them so: once could be a
# typo of the official texts.
JOINED_MIN = 2
# Prefixes the titles write as a word of their own ("Pre-eclampsia", "Post-traumatic",
# "Non-Hodgkin", "Anti-inflammatory"), longest first; the two parts must each occur this often.
SPLIT_PREFIXES = ("intra", "anti", "post", "non", "pre", "sub")
SPLIT_MIN = 10
SPLIT_WHOLE = 5  # at most this often written whole ("posttraumatic" 3 times, in ICD-9-CM)


class _Choice(NamedTuple):
    """A correction, ordered best first by its fields in turn: fewer edits or, for a word
    heard as typed, fewer edits of its sound ("stroak" is stroke, not streak, though streak is
    one letter away; "excema" eczema, not except); the first sound as typed (typos rarely
    change it); a doubled letter typed once ("concusion": concussion, not contusion); then the
    nearer sound unless the farther word is ``SOUND_WORTH`` times commoner ("artheritis" is
    arthritis, though it sounds like arteritis). An English word typed for another is weighed
    by its letters only (``apart`` 0, the first letter as typed), as before sounds were."""

    tier: int
    first: bool
    doubled: bool
    score: float
    word: str
    apart: int
    dist: int


_ByKey = dict[str, list[str]]  # words by a key of theirs (a sound, its consonants)


class Tables:
    """The tables every thread's speller of one catalog reads alike, built by whichever asks
    first: the curated everyday words, their forms and deletes, every word by its sound
    (``_sounding``) and by its consonants (``_skeletons``). Built per speller, a server's
    request thread paid ~0.2 s for them on its first misspelled word although the warm-up
    thread had built its own."""

    def __init__(self) -> None:
        self.everyday: dict[str, int] | None = None
        self.everyday_deletes: dict[str, tuple[str, ...]] | None = None
        self.forms: frozenset[str] | None = None
        # Words by sound, by the consonants of their sound, and every word's frequency: one
        # value, so a thread never sees one table without the others.
        self.sounds: tuple[_ByKey, _ByKey, dict[str, int]] | None = None
        self.skeletons: list[tuple[str, int, str]] | None = None  # see Speller._skeletons
        # The vocab table in memory: each word's frequency, and the words sorted with their
        # frequencies in that order (``Speller._vocab``).
        self.vocab: tuple[dict[str, int], list[str], list[int]] | None = None
        # The abbrev table in memory, each short word's (long, n) (``Speller.expansions``).
        self.abbrev: dict[str, tuple[str, int | None]] | None = None


class Speller:
    """Corrects words the catalog does not contain; leaves known words and prefixes alone."""

    def __init__(self, conn: sqlite3.Connection, affixes: Affixes | None = None,
                 tables: Tables | None = None) -> None:
        self.conn = conn
        self.affixes = affixes
        self._tables = tables if tables is not None else Tables()  # read when first needed
        self.correct = lru_cache(maxsize=20000)(self._correct)
        self.choices = lru_cache(maxsize=20000)(self._choices)
        self.together = lru_cache(maxsize=20000)(self._together)
        self.most_started = lru_cache(maxsize=50000)(self._most_started)
        # Asked of every known word of every query: two lookups each, so remembered.
        self.common_neighbour = lru_cache(maxsize=20000)(self._common_neighbour)
        # Asked for every word and half-typed word of every query, and of every keystroke.
        self.known = lru_cache(maxsize=50000)(self._known)
        self.known_prefix = lru_cache(maxsize=50000)(self._known_prefix)
        self.truncation = lru_cache(maxsize=50000)(self._truncation)
        self.contractions = lru_cache(maxsize=20000)(self._contractions)
        self.contracted = lru_cache(maxsize=20000)(self._contracted)
        self.titled = lru_cache(maxsize=50000)(self._titled)
        self.joined = lru_cache(maxsize=20000)(self._joined)
        self.split = lru_cache(maxsize=20000)(self._split)
        self.says = lru_cache(maxsize=20000)(self._says)
        self.says_start = lru_cache(maxsize=20000)(self._says_start)
        self.near = lru_cache(maxsize=20000)(self._says_near)
        self._expansions: dict[str, tuple[str, ...]] = {}
        self._own_words: set[str] = set()

    def expansions(self, word: str) -> tuple[str, ...]:
        """The mined CMS expansion of a short-title abbreviation ("unsp" -> unspecified)."""
        cached = self._expansions.get(word)
        if cached is None:
            row = self._abbrev().get(word)
            cached = (row[0],) if row else ()
            if row and self._title_groups(word) > int(row[1] or 0):
                self._own_words.add(word)
            self._expansions[word] = cached
        return cached

    def _abbrev(self) -> dict[str, tuple[str, int | None]]:
        """The abbrev table (about 1,300 rows), read once per catalog: ``expansions`` is asked
        of every word new to the process; none for a catalog without the table."""
        t = self._tables
        if t.abbrev is None:
            try:
                rows = self.conn.execute("SELECT short, long, n FROM abbrev").fetchall()
            except sqlite3.OperationalError:
                rows = []
            t.abbrev = {short: (long, n) for short, long, n in rows}
        return t.abbrev

    def own_word(self, word: str) -> bool:
        """Is a short title's abbreviation (``expansions``) mostly a word of its own: do more
        code groups' full titles say it than short titles teach it ("cyst", in 68 groups'
        titles, taught as "cystic" 11 times; "disloc", "low" and "cor" are shorthand)? Its
        expansion is then read by meaning only: matched by words, "cyst" as cystic finds the
        cystic duct's codes."""
        self.expansions(word)
        return word in self._own_words

    def _title_groups(self, word: str) -> int:
        try:
            row = self.conn.execute(
                "SELECT groups FROM vocab_groups WHERE word = ?", (word,)).fetchone()
        except sqlite3.OperationalError:  # a catalog built before vocab_groups
            return 0
        return int(row[0]) if row else 0

    def decompose(self, word: str, compound: bool = False) -> list[tuple[str, ...]]:
        """Title words a procedure word is built from (see ``morphology``)."""
        return decompose(word, self.affixes, compound) if self.affixes else []

    def _vocab(self) -> tuple[dict[str, int], list[str], list[int]]:
        """The vocab table (about 20,000 words, 2 MB), read once per catalog: every word new to
        the process is asked whether it is a word, a prefix of one, how often it is said, ...
        each an SQL statement of its own before; the skeleton and sound tables are built from
        it too, in the same order (the table's key, ``word``). Compared as SQLite compares text
        (code points: UTF-8's byte order)."""
        t = self._tables
        if t.vocab is None:
            rows = sorted((str(w), int(f)) for w, f in
                          self.conn.execute("SELECT word, freq FROM vocab"))
            t.vocab = dict(rows), [w for w, _ in rows], [f for _, f in rows]
        return t.vocab

    def _vocab_freq(self, word: str) -> int | None:
        """The vocab table's frequency of ``word``, None if it has no such row."""
        return self._vocab()[0].get(word)

    def _started(self, prefix: str) -> tuple[int, int]:
        """Where the words from ``prefix`` up to (not with) ``prefix + "{"`` lie in the sorted
        words: those that start with it, as the SQL range was."""
        words = self._vocab()[1]
        return bisect_left(words, prefix), bisect_left(words, prefix + "{")

    def _known(self, word: str) -> bool:
        return word in self._vocab()[0]

    def _joined(self, first: str, second: str) -> str | None:
        """The one word two typed words make when the catalog writes them together ("post
        partum": postpartum, "club foot": clubfoot, "bed sore": bedsore), or None."""
        word = first + second
        return word if self._freq(word) >= JOINED_MIN else None

    def _says(self, phrase: str) -> bool:
        """Whether a title or an inclusion term says ``phrase``, its words in that order
        ("back of hand": T23.06 Burn of unspecified degree of back of hand)."""
        return self._title_match('{title terms} : "' + phrase.replace('"', " ") + '"')

    def _says_start(self, phrase: str) -> bool:
        """Whether a title or an inclusion term says ``phrase`` with its last word only begun
        ("new tech": New Technology)."""
        return self._title_match('{title terms} : "' + phrase.replace('"', " ") + '" *')

    def _title_match(self, expression: str) -> bool:
        """Whether an FTS5 ``expression`` matches any row (False on a catalog without the
        index)."""
        try:
            row = self.conn.execute(
                "SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT 1", (expression,),
            ).fetchone()
        except sqlite3.OperationalError:
            return False
        return row is not None

    def _says_near(self, first: str, second: str) -> bool:
        """Whether a title or an inclusion term says ``second`` within two words after
        ``first`` ("upper" before "tibia": "upper end of tibia")."""
        return self._title_match('{title terms} : NEAR("' + first.replace('"', " ") + '" "'
                                 + second.replace('"', " ") + '", 2)')

    def _split(self, word: str) -> tuple[str, str] | None:
        """A word typed whole that the catalog writes with a hyphen after its prefix
        ("preeclampsia": Pre-eclampsia, "posttraumatic": Post-traumatic), as those two
        words; None when the catalog writes the word whole (nonunion) or has no such parts."""
        first = next((p for p in SPLIT_PREFIXES if word.startswith(p)), None)
        if first is None or len(word) - len(first) < 4 or self._freq(word) > SPLIT_WHOLE:
            return None
        rest = word[len(first):]
        if self._freq(rest) < SPLIT_MIN and not self.known(word):
            # The rest misspelled ("preclampsia": pre-eclampsia, whose "e" the prefix took),
            # which the whole word's nearest correction misses ("eclampsia", without the pre).
            rest = self._correct(rest, False) or rest
        if self._freq(first) < SPLIT_MIN or self._freq(rest) < SPLIT_MIN:
            return None
        return first, rest

    def _freq(self, word: str) -> int:
        return self._vocab()[0].get(word, 0)

    def _known_prefix(self, prefix: str) -> bool:
        start, end = self._started(prefix)
        return start < end

    def _common_neighbour(self, word: str) -> str | None:
        """For a word the catalog holds only a few times, a word one edit away that it holds
        far more often: the official texts have their own typos ("kidny" 4 times, "kidney"
        2,047), and a user who types the rare one almost always means the common one."""
        freq = self._vocab_freq(word)
        if freq is None or freq > RARE or len(word) < 5 or self.titled(word):
            # A word two full titles say is a word in its own right: "croup" (J05, J05.0) is
            # no slip for "group".
            return None
        dels = list(deletes(word, 1))
        marks = ",".join("?" * len(dels))
        rows = self.conn.execute(
            f"SELECT DISTINCT s.word, v.freq FROM spell s JOIN vocab v ON v.word = s.word"
            f" WHERE s.del IN ({marks}) AND v.freq >= ?",
            [*dels, freq * COMMONER],
        ).fetchall()
        found = [(freq, cand) for cand, freq in rows
                 if cand != word and damerau(word, cand) == 1
                 and stem(cand) != stem(word) and word not in _inflection_bases(cand)
                 and not opposed(word, cand)
                 and (word not in english_words() or _english_slip(word, cand))]
        return max(found)[1] if found else None

    def _truncation(self, word: str) -> bool:
        """Is this catalog word also a coder's truncation of a far commoner word it begins?
        The short titles hold "repl", "endosc" and "revis" as words, yet they stand for
        replacement, endoscopic and revision, which the full titles say."""
        if len(word) < 4:
            return False
        freq = self._vocab_freq(word)
        return freq is not None and freq * TRUNCATED <= self.most_started(word)

    def _most_started(self, prefix: str) -> int:
        """The frequency of the most frequent catalog word that starts with ``prefix``."""
        start, end = self._started(prefix)
        return max(self._vocab()[2][start:end], default=0)

    def _contractions(self, word: str) -> tuple[tuple[str, int], ...]:
        """Catalog words ``word`` contracts, with their frequencies, commonest first: the
        word's letters in order with only vowels left out between them (and a doubled letter
        typed once), the rest of the catalog word free ("hmiplg": hemiplegia, "dvc": device,
        "malfrm": malformation, "dvrtclo": diverticulosis, not diverticulitis), or a
        truncation ("menin"). CMS short descriptions are written so (ICD-9, HCPCS), and coders
        copy them. Only words some title says: not the short titles' own shorthand ("chronc").
        Not for an English word: "cat" does not stand for cataract."""
        if len(word) < 3 or not word.isalpha() or word in english_words():
            return ()
        # Only vowels may be left out, so the word's consonants begin the candidate's: the
        # sorted skeletons give the few candidates to test, without a scan.
        key = _skeleton(word)
        entries = self._skeletons()
        at = bisect_left(entries, (key,))
        pool: list[tuple[int, str]] = []
        while at < len(entries) and entries[at][0].startswith(key):
            _, neg_freq, cand = entries[at]
            if len(cand) > len(word):
                pool.append((neg_freq, cand))
            at += 1
        if not pool:
            return ()
        found: list[tuple[str, int]] = []
        for neg_freq, cand in sorted(pool):
            if _contracts(word, cand) and self.titled(cand):
                found.append((cand, -neg_freq))
                if len(found) == CONTRACTED:
                    break
        return tuple(found)

    def _skeletons(self) -> list[tuple[str, int, str]]:
        """(skeleton, -frequency, word) for every catalog word, sorted (read once: a few ten
        thousand words)."""
        t = self._tables
        if t.skeletons is None:
            t.skeletons = sorted(
                (_skeleton(word), -freq, word)
                for word, freq in self._vocab()[0].items()
                if word.isalpha())
        return t.skeletons

    def _contracted(self, word: str) -> tuple[str, ...]:
        """What a catalog word no full title says also stands for: up to three full words it
        contracts or truncates, at least as common, one per stem ("fetl", in ICD-9's short
        titles, is fetal; "vlt" vault). Only words up to ``CONTRACTION_MAX`` times are asked:
        a common one is itself."""
        said = self._vocab_freq(word)
        if said is None or said > CONTRACTION_MAX or self.titled(word):
            return ()
        out: dict[str, str] = {}
        own = stem(word)  # a word of the same stem is matched already ("incis": incision)
        for cand, freq in self.contractions(word):
            if freq >= said * CONTRACTION_RATIO and stem(cand) != own:
                out.setdefault(stem(cand), cand)
        return tuple(out.values())[:SENSES]

    def _titled(self, word: str) -> bool:
        """Do two full titles or more say ``word`` (stemmed)? Titles are not abbreviated, so
        such a word is a word in its own right ("stoma", "suture"), whatever it resembles; a
        word only short titles say is a coder's shorthand."""
        try:
            rows = self.conn.execute(
                "SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT 2",
                (f'title : "{word}"',),
            ).fetchall()
        except sqlite3.OperationalError:  # a catalog without the index
            return True
        return len(rows) > 1  # once may be a title's own slip ("nondominant sde")

    def _contraction_words(self, word: str) -> tuple[str, ...]:
        return tuple(cand for cand, _ in self.contractions(word))

    def _correct(self, word: str, is_prefix: bool) -> str | None:
        choices = self.choices(word, is_prefix)
        return choices[0] if choices else None

    def _choices(self, word: str, is_prefix: bool) -> tuple[str, ...]:
        """The corrections of ``word`` nearest in letters and sound (``_Choice``), best first
        (at most ``CHOICES``)."""
        if self.known(word) or any(self.known(w) and (_english(word) or self.titled(w))
                                   for w in _inflection_bases(word)):
            # An inflection of a word; of a short title's shorthand only when an English word
            # ("chrones" is no plural of "chron", chronic, but Crohn's heard; "bald" stays).
            return ()
        if word.endswith("e") and any(self.known(f) for f in _inflections_of_e(word)):
            return ()  # "sneeze", which the catalog says as sneezing, is no slip for "sense"
        if is_prefix and self.known_prefix(word) and self.most_started(word) > RARE:
            # A half-typed word that starts a word the catalog uses: "fract" is fracture on
            # the way, and the speller's "tract" (or "break" for "brea") would only add noise;
            # "cancr", which starts only the rare "cancrum", still becomes cancer.
            return ()
        nouns = tuple(n for n in condition_nouns(word) if self.known(n))
        if nouns:  # a condition said by its adjective: "hypopituitary" is hypopituitarism
            return nouns[:CHOICES]
        if len(word) < 4:  # one edit from too many words to guess: only a contraction
            return () if self.known_prefix(word) else self._contraction_words(word)
        limit, floor = max_edits(word), 0
        english = _english(word)
        if english and self.known(word + "s"):
            return ()  # an English word the titles say in the plural: "year" (years), no "tear"
        if english:  # a real word mistyped is one slip from a common one
            limit, floor = 1, ENGLISH_TARGET
        dels = list(deletes(word, limit))
        marks = ",".join("?" * len(dels))
        rows = self.conn.execute(
            f"SELECT DISTINCT s.word, v.freq FROM spell s JOIN vocab v ON v.word = s.word"
            f" WHERE s.del IN ({marks})",
            dels,
        ).fetchall()
        rows += self.conn.execute(
            f"SELECT word, freq FROM vocab WHERE word IN ({marks})", dels
        ).fetchall()
        heard = sound(word)
        # A name's possessive typed without its apostrophe and misspelled ("chrones" for
        # Crohn's, "parkinsens"): the titles' word is the name, which the "s" is not heard in.
        owned = sound(word[:-1]) if word.endswith("s") and len(word) > HEARD_MIN else None
        if not english and word not in self.everyday_forms():
            # An English word is a slip only for a catalog word one edit away, and an everyday
            # word not for another everyday word nor one heard alike.
            rows += self._everyday_near(word, dels)
            rows += self._sounding(heard)
            if owned is not None:
                rows += self._sounding(owned)
        near: dict[str, _Choice] = {}
        far: dict[str, _Choice] = {}
        for cand, freq in rows:
            if cand == word or freq < floor or cand in near or cand in far or opposed(
                    word, cand):  # hyperthyroid is no slip for hypothyroid
                continue
            dist = damerau(word, cand)
            if english:  # a real word typed for another: by letters, as it is spelt
                if dist <= limit and _english_slip(word, cand):
                    near[cand] = _Choice(dist, cand[0] != word[0],
                                         _undoubled(cand) != _undoubled(word),
                                         -log10(freq + 1), cand, 0, dist)
                continue
            heard_as = sound(cand)
            apart = damerau(heard, heard_as)
            if (owned is not None and not heard_as.endswith("s")
                    and damerau(owned, heard_as) < apart and self.says(f"{cand} s")):
                apart = damerau(owned, heard_as)  # a name the titles say as a possessive
            if dist > limit and (apart > (0 if len(word) < HEARD_MIN else 1)
                                 or not (cand in self.everyday() or self.titled(cand))):
                continue  # beyond a typo's edits, only a word in its own right, heard so
            (far if dist > limit else near)[cand] = _Choice(
                min(dist, apart + 1), heard_as[:1] != heard[:1],
                _undoubled(cand) != _undoubled(word),
                apart - log10(freq + 1) / log10(SOUND_WORTH), cand, apart, dist)
        closest = min((c.apart for c in far.values()), default=0)
        if len({stem(c.word) for c in far.values() if c.apart == closest}) == 1:
            near.update(far)  # beyond a typo's edits only the one word that sounds so
        # An everyday word does not take the place of a catalog word as near in letters and
        # sound that is used as often as everyday words are counted: "numbess" is numbness,
        # not "numbers" (6 times), and "flem" phlegm, heard so, not "fem".
        everyday = self.everyday()
        common = [c for c in near.values() if c.word not in everyday
                  and self._freq(c.word) >= EVERYDAY_FREQ]
        ranked = sorted(near.values(), key=lambda c: (c.tier, c.word in everyday and any(
            o.tier == c.tier and o.apart <= c.apart for o in common), c))
        tied = [c for c in ranked if c[:3] == ranked[0][:3] and c.apart == ranked[0].apart]
        if len(tied) > 1 and not self.titled(tied[0].word):
            # A typo is of a word, before a coder's shorthand as far from it: "athsma" is
            # asthma, not the short titles' "athscl" (atherosclerosis), though that is commoner.
            words = sorted(tied, key=lambda c: not (c.word in self.everyday()
                                                    or self.titled(c.word)))
            ranked = [*words, *(c for c in ranked if c not in tied)]
        # A coder's contraction ("uncntrld"), when no word is near enough for a typo or the
        # near one is far rarer: "cngstv" is congestive, not the short titles' "dgstv".
        # Weighed against the catalog word nearest by letters alone, the commonest of those
        # with the first letter as typed: an everyday word or one heard alike does not hide a
        # contraction ("cirrho" is cirrhosis, not cipro; "hemorrh" hemorrhage, not "hemor").
        by_letters = min(((c.dist, c.word[0] != word[0], c.doubled, -self._freq(c.word))
                          for c in ranked if c.word not in self.everyday()), default=None)
        commonest = -by_letters[3] if by_letters else 0
        short = tuple(cand for cand, freq in self.contractions(word)
                      if freq >= commonest * TRUNCATED)
        # The query's other words choose among those as near (``correct_in_context``).
        return (*short, *(c.word for c in ranked if c.tier == ranked[0].tier))[:CHOICES]

    def everyday(self) -> dict[str, int]:
        """The curated everyday words no title says (``vocab.everyday_words``), each counted
        ``EVERYDAY_FREQ`` times: a misspelled "pimples" or "numbness" is corrected to them, not
        to a title word as far."""
        t = self._tables
        if t.everyday is None:
            from medcodes.search.vocab import everyday_words  # vocab imports this module
            t.everyday = {w: EVERYDAY_FREQ for w in everyday_words()
                          if len(w) >= 4 and w.isalpha() and not self.known(w)}
        return t.everyday

    def warm(self) -> None:
        """Build the shared tables now (a worker's warm-up), not on a first misspelled word."""
        self.everyday_forms()
        self._everyday_deletes()
        self._sound_tables()
        self._skeletons()

    def everyday_forms(self) -> frozenset[str]:
        """The everyday words and the words they inflect ("sneezing": sneeze): words as
        people type them, never corrected to another everyday word nor to one heard alike."""
        t = self._tables
        if t.forms is None:
            t.forms = frozenset(f for w in self.everyday()
                                for f in (w, *_inflection_bases(w)) if len(f) >= 4)
        return t.forms

    def _everyday_near(self, word: str, dels: list[str]) -> list[tuple[str, int]]:
        """Everyday words sharing a deletion with ``word`` (their edits checked by the
        caller)."""
        table = self._everyday_deletes()
        everyday = self.everyday()
        found = {w for d in dels for w in table.get(d, ())}
        return [(w, everyday[w]) for w in found]

    def _everyday_deletes(self) -> dict[str, tuple[str, ...]]:
        """The everyday words by each of their deletions (shared, built once)."""
        t = self._tables
        if t.everyday_deletes is None:
            table: dict[str, set[str]] = {}
            for w in self.everyday():
                for d in deletes(w, max_edits(w)):
                    table.setdefault(d, set()).add(w)
            t.everyday_deletes = {d: tuple(ws) for d, ws in table.items()}
        return t.everyday_deletes

    def _sounding(self, heard: str) -> list[tuple[str, int]]:
        """Catalog and everyday words that sound as ``heard`` or differ only in its vowels
        (``sound``, ``_consonants``), with their frequencies."""
        by_sound, by_consonants, freqs = self._sound_tables()
        found = set(by_sound.get(heard, ()))
        skeleton = _consonants(heard)
        if len(skeleton) >= 3:
            found.update(by_consonants.get(skeleton, ()))
        return [(w, freqs[w]) for w in found]

    def _sound_tables(self) -> tuple[_ByKey, _ByKey, dict[str, int]]:
        """Catalog and everyday words by how they sound and by their consonants, and their
        frequencies (shared, built once)."""
        t = self._tables
        if t.sounds is None:
            freqs = {w: f for w, f in self._vocab()[0].items() if len(w) >= 4 and w.isalpha()}
            freqs.update(self.everyday())
            by_sound: dict[str, list[str]] = {}
            by_consonants: dict[str, list[str]] = {}
            for w in freqs:
                s = sound(w)
                by_sound.setdefault(s, []).append(w)
                by_consonants.setdefault(_consonants(s), []).append(w)
            t.sounds = by_sound, by_consonants, freqs
        return t.sounds

    def correct_in_context(self, word: str, is_prefix: bool, context: tuple[str, ...]
                           ) -> str | None:
        """The correction of ``word`` that the catalog's texts use beside the query's other
        words: "hart failure" is heart failure, though "harm" is the more frequent word one
        edit from "hart". Without context, or when no choice occurs beside it, the plain
        correction."""
        choices = self.choices(word, is_prefix)
        if len(choices) < 2 or not context:
            return choices[0] if choices else None
        together = [self.together(c, context) for c in choices]
        best = max(range(len(choices)), key=lambda i: (together[i], -i))
        return choices[best]

    def _together(self, word: str, context: tuple[str, ...]) -> int:
        """How many indexed concepts (up to ``TOGETHER_CAP``) say ``word`` and a context word."""
        either = " OR ".join(f'"{w}"' for w in context)
        # A sense's words, each: they are said with small words between ("resection of").
        said = " AND ".join(f'"{w}"' for w in word.split())
        try:
            row = self.conn.execute(
                "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT ?)",
                (f'{said} AND ({either})', TOGETHER_CAP),
            ).fetchone()
        except sqlite3.OperationalError:  # a catalog without the index
            return 0
        return int(row[0])
