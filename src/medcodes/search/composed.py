"""Conditions said by composition: "potassium is low", "too much calcium in my blood",
"enlarged liver", "heart beating too slow", "my bowel is blocked".

A clinical word is often built of parts a patient says in plain words: an amount (hyper-,
hypo-, -penia), a substance or an organ (kal, calc, hepat), and a place or a finding (-emia,
-uria, -megaly, -lithiasis). Rather than a curated row per condition, the plain words of each
part are listed once (``data/composed_parts.tsv``) and a run of them in the query is read as
every word its parts can make, kept only where the catalog's own word table holds it: so
"potassium is low" reads as hypokalemia, and a combination no title says is never searched.

Titles also say a finding of an organ with a word of their own ("hole in the bowel":
perforation of intestine; "kidneys not working": kidney failure). ``data/finding_words.tsv``
lists those words; a finding reads as its title word only beside a named body part, organ or
substance, so "blocked" or "low" elsewhere keeps its sense alone.

Both readings join the query as lay expansions: the words as typed stay one alternative, so a
title that says them still matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import product

from medcodes.search.everyday import FILLERS
from medcodes.search.incidental import INJURY_NATURES
from medcodes.search.parsed import Alternative, Lexicon, ParsedQuery, Slot, add_reading
from medcodes.search.text import STOPWORDS, stem, tokens
from medcodes.search.vocab import Vocabulary, read_rows

PARTS_FILE = "composed_parts.tsv"
FINDINGS_FILE = "finding_words.tsv"
INJURY_SITES_FILE = "injury_sites.tsv"
# Words said around the parts that name none: "calcium level is high", "heart beating too
# slow", "potassium came back high". Read inside a run of parts only.
AROUND = frozenset({"level", "levels", "count", "counts", "rate", "beat", "beating", "reading",
                    "readings", "too", "very", "all", "over", "way", "came", "come", "back",
                    "test", "tests", "result", "results", "showed", "shows", "bit", "slightly",
                    "mildly", "somewhat"})
# Where a level is measured when the query says no place: "low potassium" is a blood level
# (-emia); a function's word ends in "-ia" or "-a" ("tachycardia", "hypoxia"), or a stem that
# is a word's ending already takes none ("tachy-" + "pnea").
UNSAID_ENDINGS = ("emia", "ia", "a")
# An ending that says a level in the blood: the blood always holds the substance, so only an
# amount says something ("white cells in the blood" is no leukemia, "sugar in the urine" is
# glycosuria).
LEVEL_ENDINGS = frozenset({"emia"})
LINKS = ("o", "")  # "nephr-o-lithiasis", "ot-algia"
LONGEST_RUN = 6  # slots a run of parts may span
KEPT = 3  # composed words searched per run
KINDS_KEPT_APART = frozenset({"lay", "device", "family history"})


Part = tuple[str, frozenset[str]]  # ("hyper", {"substance"}): the letters, what it is said of


@dataclass(frozen=True, slots=True)
class Parts:
    """Each plain word (as a tuple of stems) and its word parts, by place in the word."""

    before: dict[tuple[str, ...], tuple[Part, ...]]  # "low" -> (("hypo", {substance, ...}),)
    stems: dict[tuple[str, ...], tuple[Part, ...]]  # "potassium" -> (("kal", {substance}),)
    after: dict[tuple[str, ...], tuple[Part, ...]]  # "blood" -> (("emia", {substance, cell}),)
    words: frozenset[str]  # every stem a plain word of the file says, to skip other queries
    longest: int
    findings: dict[tuple[str, ...], tuple[str, ...]]  # "blocked" -> ("obstruction", ...)


def _key(text: str) -> tuple[str, ...]:
    return tuple(stem(t) for t in tokens(text) if t not in STOPWORDS)


def _part(text: str) -> Part:
    letters, *kinds = text.lower().split()
    return letters.strip("-"), frozenset(kinds)


@cache
def parts() -> Parts:
    """The word parts of ``data/composed_parts.tsv`` (an "=word" row takes that word's
    parts) and the finding words of ``data/finding_words.tsv``, read once."""
    raw: dict[tuple[str, ...], list[str]] = {}
    for plain, part in read_rows(PARTS_FILE):
        key = _key(plain)
        if key and part:
            raw.setdefault(key, []).append(part.lower())
    for _ in range(3):  # "=" rows may name a word that is itself "=" another
        for key, listed in raw.items():
            resolved: list[str] = []
            for part in listed:
                same = raw.get(_key(part[1:]), []) if part.startswith("=") else [part]
                resolved += (p for p in same if p not in resolved)
            raw[key] = resolved
    before: dict[tuple[str, ...], tuple[Part, ...]] = {}
    stems: dict[tuple[str, ...], tuple[Part, ...]] = {}
    after: dict[tuple[str, ...], tuple[Part, ...]] = {}
    by_place = (before, stems, after)
    for key, listed in raw.items():
        for place, table in enumerate(by_place):
            found = tuple(_part(p) for p in listed if not p.startswith("=") and _place(p) == place)
            if found:
                table[key] = found
    findings: dict[tuple[str, ...], list[str]] = {}
    for finding, title in read_rows(FINDINGS_FILE):
        key = _key(finding)
        if key and title and title.lower() not in findings.get(key, []):
            findings.setdefault(key, []).append(title.lower())
    keys = [*raw, *findings]
    return Parts(before, stems, after, frozenset(w for k in keys for w in k),
                 max(map(len, keys), default=1), {k: tuple(v) for k, v in findings.items()})


def _place(part: str) -> int:
    """0: said before the stem ("hyper-"), 1: a stem, 2: said after it ("-emia")."""
    letters = part.split()[0]
    return 0 if letters.endswith("-") else 2 if letters.startswith("-") else 1


@dataclass(frozen=True, slots=True)
class _Unit:
    """One plain word of a run and the parts it may give."""

    before: tuple[Part, ...]
    stems: tuple[Part, ...]
    after: tuple[Part, ...]


def _units(words: list[str], table: Parts) -> list[_Unit] | None:
    """The run ``words`` (stems) as plain words of the file, longest first, with the words said
    around them skipped; None if a word is neither."""
    out: list[_Unit] = []
    i = 0
    while i < len(words):
        for n in range(min(table.longest, len(words) - i), 0, -1):
            key = tuple(words[i : i + n])
            if key in table.before or key in table.stems or key in table.after:
                out.append(_Unit(table.before.get(key, ()), table.stems.get(key, ()),
                                 table.after.get(key, ())))
                i += n
                break
        else:
            if words[i] not in _around():
                return None
            i += 1
    return out


@cache
def _around() -> frozenset[str]:
    return frozenset(stem(w) for w in AROUND | FILLERS)


def _joined(before: str, stem_: str, after: str) -> list[str]:
    """The ways a word of these parts may be spelt, likeliest first: a linking "o" between
    the stem and its ending ("nephr-o-lithiasis") or none ("ot-algia"); a vowel meeting a
    vowel drops the first ("hypo" + "ox" is "hypox-")."""
    heads = [before + stem_]
    if before and before[-1] in "aeiou" and stem_[:1] in "aeiou":
        heads.append(before[:-1] + stem_)
    return [head + link + after for head in heads for link in LINKS]


def candidates(units: list[_Unit]) -> list[list[str]]:
    """Every word the units make when each gives one part: one stem, at most one part before
    it and one after, each of a kind said of that stem; with no part after, the endings a
    level or function takes unsaid. Each word as its spellings, likeliest first (the first
    the catalog holds is the one)."""
    if not 2 <= len(units) <= 3:
        return []
    out: list[list[str]] = []
    for roles in product(("before", "stems", "after"), repeat=len(units)):
        if roles.count("stems") != 1 or roles.count("before") > 1 or roles.count("after") > 1:
            continue
        choices = [getattr(u, r) for u, r in zip(units, roles, strict=True)]
        if not all(choices):
            continue
        for picked in product(*choices):
            by_role = dict(zip(roles, picked, strict=True))
            core, kinds = by_role["stems"]
            before, before_kinds = by_role.get("before", ("", kinds))
            after, after_kinds = by_role.get("after", ("", kinds))
            if not (kinds & before_kinds and kinds & after_kinds):
                continue
            if not before and after in LEVEL_ENDINGS:
                continue
            endings = ((after,) if "after" in by_role
                       else UNSAID_ENDINGS + (("",) if before and core[-1] in "aeiou" else ()))
            out += (_joined(before, core, ending) for ending in endings)
    return out


def _plain(slot: Slot) -> bool:
    return not any(a.kind in KINDS_KEPT_APART for a in slot.alternatives)


def _slot_words(slot: Slot) -> list[str]:
    """A slot's words as stems; a word no part or run says as the speller corrected it
    ("potasium" is potassium, but "much" stays much, not "mech", and "came" not "care")."""
    typed = [stem(t) for t in tokens(slot.text) if t not in STOPWORDS]
    spelt = next((a.tokens for a in slot.alternatives if a.kind == "spelling"), None)
    if spelt is None or all(w in parts().words or w in _around() for w in typed):
        return typed
    return [stem(t) for t in spelt if t not in STOPWORDS]


def _merge(parsed: ParsedQuery, start: int, end: int, words: list[str]) -> None:
    """Slots ``start:end`` as one slot: the words as typed, or each of ``words``."""
    text = " ".join(s.text for s in parsed.slots[start:end])
    typed = tuple(t for s in parsed.slots[start:end] for t in s.alternatives[0].tokens)
    slot = Slot(text, [Alternative(typed, "original"),
                       *(Alternative((w,), "lay") for w in words)])
    parsed.slots[start:end] = [slot]
    parsed.expansions.extend({"from": text, "to": w, "kind": "lay"} for w in words)


def compose(parsed: ParsedQuery, lexicon: Lexicon | None, vocab: Vocabulary) -> None:
    """Read runs of plain word parts as the clinical words they make (where the catalog
    holds them), and findings beside an organ as their title words."""
    table = parts()
    said = [_slot_words(s) for s in parsed.slots]
    if not any(w in table.words for ws in said for w in ws):
        return
    if lexicon is not None:
        _compose_words(parsed, lexicon, table)
    _findings(parsed, vocab, table)


def _compose_words(parsed: ParsedQuery, lexicon: Lexicon, table: Parts) -> None:
    start = 0
    while start < len(parsed.slots):
        for end in range(min(len(parsed.slots), start + LONGEST_RUN), start + 1, -1):
            run = parsed.slots[start:end]
            if not all(_plain(s) for s in run):
                continue
            units = _units([w for s in run for w in _slot_words(s)], table)
            found = _known(candidates(units or []), lexicon)
            if found:
                _merge(parsed, start, end, found)
                break
        start += 1


def _known(spellings: list[list[str]], lexicon: Lexicon) -> list[str]:
    """The first spelling the catalog holds of each word (the official texts have typos of
    their own: "thrombocytpenia"), at most ``KEPT``."""
    out: list[str] = []
    for ways in spellings:
        word = next((w for w in ways if lexicon.known(w)), None)
        if word is not None and word not in out:
            out.append(word)
    return out[:KEPT]


def _names_a_part(words: list[str], vocab: Vocabulary, table: Parts) -> bool:
    """Does the query name a body part, an organ or a substance?"""
    return any(w in vocab.body_parts or (w,) in table.stems or (w,) in organs()
               or (w,) in injury_sites() for w in words) or any(
        tuple(words[i : i + n]) in table.stems for n in (2, 3) for i in range(len(words)))


def names_a_part(word: str, vocab: Vocabulary) -> bool:
    """Is the word a body part, an organ or an outer part the curated data names
    (``body_parts.tsv``, ``inflammation.tsv``, ``injury_sites.tsv``), in any number?"""
    key = stem(word)
    return key in vocab.body_parts or (key,) in organs() or (key,) in injury_sites()


@cache
def organs() -> frozenset[tuple[str, ...]]:
    """The parts of ``data/inflammation.tsv`` (the organs people name), as stem tuples."""
    return frozenset(_key(part) for part, _ in read_rows("inflammation.tsv"))


@cache
def injury_sites() -> frozenset[tuple[str, ...]]:
    """The outer body's parts people hurt (``data/injury_sites.tsv``), as stem tuples: a
    finding beside one is an injury's ("cracked rib", "smashed finger")."""
    return frozenset(_key(part) for part, _ in read_rows(INJURY_SITES_FILE))


# The injuries a blow may do beyond a bruise ("banged", "stubbed", "whacked" read as a
# contusion only when the words say no other): a fracture, a cut, a sprain, a dislocation.
_OTHER_INJURY = INJURY_NATURES - frozenset(stem(w) for w in """
    injury injuries injured injure hurt hurts bruise bruised bruising contusion
    """.split())


def _findings(parsed: ParsedQuery, vocab: Vocabulary, table: Parts) -> None:
    """A finding said beside a named part reads as its title word too."""
    i = 0
    while i < len(parsed.slots):
        for n in (2, 1):
            run = parsed.slots[i : i + n]
            if len(run) < n or not all(_plain(s) for s in run):
                continue
            key = tuple(w for s in run for w in _slot_words(s))
            titles = table.findings.get(key)
            if not titles:
                continue
            others = [w for j, s in enumerate(parsed.slots) if not i <= j < i + n
                      for w in _slot_words(s)]
            if not _names_a_part(others, vocab, table):
                continue
            if titles == ("contusion",) and not _OTHER_INJURY.isdisjoint(map(stem, others)):
                break  # "stubbed and broke my toe": the blow tells how; the fracture is coded
            if n == 1:
                have = {a.tokens for a in run[0].alternatives}
                for title in titles:
                    add_reading(parsed, run[0], have, run[0].text, (title,), "lay")
            else:
                _merge(parsed, i, i + n, list(titles))
            break
        i += 1
