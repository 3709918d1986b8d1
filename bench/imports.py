"""Time ``medcodes import`` on large generated files: 10,000 HCPCS records, 100,000 LOINC rows.

Both files are made up (random words in the official layouts: the HCPCS fixed-width ANWEB
record, and Loinc.csv with its 40 quoted columns) and written to a temporary folder. For each
the benchmark times:

* ``parse``: the loader alone (every record read, checked and turned into concepts);
* ``import``: the whole ``medcodes import`` path: full validation, copy into the imports
  store, and the atomic catalog update (search index and embeddings included), on a small
  base system or (``--bundled``) next to the bundled code sets. Each import runs twice:
  appended to the catalog (what ``medcodes import`` does for a new system) and, as the
  baseline in the same run, with a full rebuild (``medcodes import --rebuild``).

With ``--onto CATALOG`` each file is appended instead to a copy of a built catalog (the
bundled one, say, without building it again), and the reader's meaning index is then loaded
from the result in a fresh process: append seconds by step, load seconds and the loader's
memory (peak RSS growth). Run it once per tree (``PYTHONPATH``) for an A/B in the same hour.

Target: each import <= 10 s on the 2-core machine.

Usage::

    python bench/imports.py            # both
    python bench/imports.py --rows-hcpcs 2000 --rows-loinc 20000
    python bench/imports.py --bundled  # next to the bundled code sets: a user's import
    python bench/imports.py --onto /tmp/catalog.sqlite  # appended to a copy of it
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from medcodes.catalog.build import Reporter, build_catalog
from medcodes.imports.importer import import_source
from medcodes.model import Concept, SystemInfo
from medcodes.pipeline import default_indexers
from medcodes.systems.base import Loader
from medcodes.systems.hcpcs import LAYOUT, SECTIONS, HCPCSLoader
from medcodes.systems.loinc import LOINCLoader, check_digit
from medcodes.systems.registry import builtin_loaders

TARGET_SECONDS = 10.0
WORDS = (
    "wombat kangaroo unicorn dragon phoenix griffin pouch horn feather scale tail paw "
    "splint liner cushion sleeve brace strap pad dressing catheter pump monitor sensor "
    "injection infusion tablet powder gel spray test panel screen assay culture count "
    "level ratio index density pressure volume mass rate serum plasma urine breath nest "
    "left right upper lower anterior posterior acute chronic simple complex each per"
).split()
LOINC_HEADER = (
    "LOINC_NUM,COMPONENT,PROPERTY,TIME_ASPCT,SYSTEM,SCALE_TYP,METHOD_TYP,CLASS,"
    "VersionLastChanged,CHNG_TYPE,DefinitionDescription,STATUS,CONSUMER_NAME,CLASSTYPE,"
    "FORMULA,EXMPL_ANSWERS,SURVEY_QUEST_TEXT,SURVEY_QUEST_SRC,UNITSREQUIRED,RELATEDNAMES2,"
    "SHORTNAME,ORDER_OBS,HL7_FIELD_SUBFIELD_ID,EXTERNAL_COPYRIGHT_NOTICE,EXAMPLE_UNITS,"
    "LONG_COMMON_NAME,EXAMPLE_UCUM_UNITS,STATUS_REASON,STATUS_TEXT,CHANGE_REASON_PUBLIC,"
    "COMMON_TEST_RANK,COMMON_ORDER_RANK,HL7_ATTACHMENT_STRUCTURE,EXTERNAL_COPYRIGHT_LINK,"
    "PanelType,AskAtOrderEntry,AssociatedObservations,VersionFirstReleased,"
    "ValidHL7AttachmentRequest,DisplayName"
).split(",")


def phrase(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def hcpcs_file(folder: Path, rows: int, rng: random.Random) -> Path:
    """``rows`` procedure records (about one in six continued on a RECID 4 line)."""
    out: list[str] = []
    letters = sorted(SECTIONS)
    codes = sorted({f"{rng.choice(letters)}{rng.randrange(10_000):04d}" for _ in range(rows * 2)})
    for code in codes[:rows]:
        fields = {
            "HCPC": code, "SEQNUM": "00100", "RECID": "3",
            "LONG DESCRIPTION": phrase(rng, 10).capitalize()[:80],
            "SHORT DESCRIPTION": phrase(rng, 3)[:28], "PRICE1": "37", "COV": "C",
            "BETOS": "D1F", "TOS1": "P", "ADD_DT": "20200101", "ACT_EFF_DT": "20260101",
            "ACTION_CD": "N",
        }
        line = [" "] * 320
        for name, a, b in LAYOUT:
            line[a - 1 : b] = fields.get(name, "").ljust(b - a + 1)[: b - a + 1]
        out.append("".join(line))
        if rng.random() < 0.15:
            out.append(f"{code}002004{phrase(rng, 5)}".ljust(91))
    path = folder / "HCPC2026_JAN_ANWEB.txt"
    path.write_bytes(("\r\n".join(out) + "\r\n").encode("ascii"))
    return path


def loinc_file(folder: Path, rows: int, rng: random.Random) -> Path:
    path = folder / "Loinc_2.80" / "Loinc.csv"
    path.parent.mkdir()
    classes = ["CHEM", "HEM/BC", "MICRO", "SERO", "DRUG/TOX", "PANEL.CHEM", "RAD", "CLIN"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        w.writerow(LOINC_HEADER)
        for i in range(rows):
            num = str(10_000 + i)
            row = dict.fromkeys(LOINC_HEADER, "")
            component = phrase(rng, 3).capitalize()
            row.update(
                LOINC_NUM=f"{num}-{check_digit(num)}", COMPONENT=component,
                PROPERTY=rng.choice(["MCnc", "SCnc", "ACnc", "Num", "Prid"]),
                TIME_ASPCT=rng.choice(["Pt", "24H"]),
                SYSTEM=rng.choice(["Ser/Plas", "Bld", "Urine", "Nest"]),
                SCALE_TYP=rng.choice(["Qn", "Ord", "Nom"]), CLASS=rng.choice(classes),
                VersionLastChanged="2.80", STATUS=rng.choice(["ACTIVE"] * 8 + ["DEPRECATED"]),
                CONSUMER_NAME=phrase(rng, 4), CLASSTYPE="1",
                RELATEDNAMES2="; ".join(phrase(rng, 2) for _ in range(5)),
                SHORTNAME=phrase(rng, 3), LONG_COMMON_NAME=f"{component} in {phrase(rng, 2)}",
                VersionFirstReleased="2.80",
            )
            w.writerow([row[h] for h in LOINC_HEADER])
    return path


class SmallBase(Loader):
    """One made-up system of 1,000 codes: the base the import rebuilds next to."""

    name = "base"

    @property
    def info(self) -> SystemInfo:
        return SystemInfo("base", "Base", "1", "2026-01-01", "bench", "none", "urn:base")

    def concepts(self) -> Iterator[Concept]:
        yield Concept("base", "B", "Base chapter", kind="chapter")
        for i in range(1000):
            yield Concept("base", f"B{i:04d}", f"Base concept {i}", billable=True, parent="B")


def small_base() -> Sequence[Loader]:
    return [SmallBase()]


def parsed(cls: Callable[[Path], Loader], path: Path) -> tuple[float, int]:
    """(parse wall s, concepts): the loader alone."""
    started = time.perf_counter()
    n = sum(1 for _ in cls(path).concepts())  # the loader (and the rows it cached) then goes
    parse = time.perf_counter() - started
    gc.collect()
    return parse, n


def timed(
    kind: str, path: Path, folder: Path, base: Callable[[], Sequence[Loader]], append: bool
) -> tuple[float, float, str]:
    """(import wall s, import CPU s, how the catalog took it). CPU time (of this process: an
    append embeds in a forked process beside it, not counted) shows the cost when other
    work shares the machine's two cores."""
    how = "append" if append else "rebuild"
    db = folder / f"{kind}-{how}.sqlite"
    build_catalog(db, base(), default_indexers())
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    # Each import on the base alone (its own store), not on top of the other kind's.
    report = import_source(kind, path, db, base=base, root=folder / f"store-{kind}-{how}",
                           append=append)
    total, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert report.status == "imported"
    db.unlink()
    return total, cpu, report.mode


class StepClock(Reporter):
    """Wall seconds of each step of an append, by name (a step's own process included)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._started: dict[str, float] = {}

    def start(self, name: str, total: int | None) -> None:
        self._started.setdefault(name, time.perf_counter())

    def finish(self, name: str) -> None:
        began = self._started.pop(name, None)
        if began is not None:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - began


# Peak from VmHWM (this process image's own; ru_maxrss would carry the parent's over exec).
LOAD_SCRIPT = """
import sqlite3, sys, time
from medcodes.search import embeddings, static_model
def mb(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
model = static_model.load()
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
before = mb("VmRSS")
started = time.perf_counter()
index = embeddings.MeaningIndex(conn, model)
seconds = time.perf_counter() - started
print(f"{seconds:.3f} {mb('VmRSS') - before:.1f} {mb('VmHWM') - before:.1f} {len(index.ids)}")
"""


def reader_load(db: Path) -> tuple[float, float, float, int]:
    """(load s, RSS held after it MB, peak RSS above the start MB, vectors) of the meaning
    index, in a fresh process."""
    out = subprocess.run([sys.executable, "-c", LOAD_SCRIPT, str(db)], check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1]), float(out[2]), int(out[3])


def onto(kind: str, path: Path, folder: Path, catalog: Path) -> tuple[float, float, StepClock]:
    """Append ``path`` to a copy of ``catalog`` (its sources: the bundled loaders): (wall s,
    CPU s, step clock); the copy is left at ``folder/<kind>-onto.sqlite``."""
    db = folder / f"{kind}-onto.sqlite"
    shutil.copyfile(catalog, db)
    gc.collect()
    clock = StepClock()
    started, cpu = time.perf_counter(), time.process_time()
    report = import_source(kind, path, db, base=builtin_loaders, reporter=clock,
                           root=folder / f"store-{kind}-onto", append=True)
    total, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert report.status == "imported" and report.mode == "appended", report.mode
    return total, cpu, clock


def main_onto(cases: list[tuple[str, Path, int]], folder: Path, catalog: Path) -> bool:
    ok = True
    load, held, peak, n = reader_load(catalog)
    print(f"{'(none)':<6} {'':>8} {'':>9} {'':>7} {load:>7.3f} {held:>7.1f} {peak:>7.1f}"
          f" {n:>9,}")
    for kind, path, rows in cases:
        total, cpu, clock = onto(kind, path, folder, catalog)
        ok &= total <= TARGET_SECONDS
        db = folder / f"{kind}-onto.sqlite"
        load, held, peak, n = reader_load(db)
        steps = " ".join(f"{k}={v:.2f}" for k, v in clock.seconds.items())
        print(f"{kind:<6} {rows:>8,} {total:>9.2f} {cpu:>7.2f} {load:>7.3f} {held:>7.1f}"
              f" {peak:>7.1f} {n:>9,}  {steps}")
        db.unlink()
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows-hcpcs", type=int, default=10_000)
    ap.add_argument("--rows-loinc", type=int, default=100_000)
    ap.add_argument("--bundled", action="store_true",
                    help="rebuild next to the bundled code sets (what a user's import costs)"
                    " instead of the small base")
    ap.add_argument("--no-baseline", action="store_true",
                    help="skip the full-rebuild import timed beside each append")
    ap.add_argument("--onto", type=Path, metavar="CATALOG",
                    help="append to a copy of this built catalog (made from the bundled"
                    " sources) and time the reader's load of the result; no rebuilds")
    args = ap.parse_args(argv)
    rng = random.Random(2026)
    ok = True
    with tempfile.TemporaryDirectory(prefix="medcodes-bench-") as tmp:
        folder = Path(tmp)
        cases = [
            ("hcpcs", hcpcs_file(folder, args.rows_hcpcs, rng), args.rows_hcpcs, HCPCSLoader),
            ("loinc", loinc_file(folder, args.rows_loinc, rng), args.rows_loinc, LOINCLoader),
        ]
        if args.onto is not None:
            print(f"{'kind':<6} {'rows':>8} {'append s':>9} {'cpu s':>7} {'load s':>7}"
                  f" {'held MB':>7} {'peak MB':>7} {'vectors':>9}  steps (wall s)")
            ok = main_onto([c[:3] for c in cases], folder, args.onto)
            print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
            return 0 if ok else 1
        base = builtin_loaders if args.bundled else small_base
        print(f"{'kind':<6} {'rows':>8} {'concepts':>9} {'parse s':>8} {'import s':>9}"
              f" {'cpu s':>6} {'mode':<8} target")
        for kind, path, rows, cls in cases:
            parse, n = parsed(cls, path)
            modes = [True] if args.no_baseline else [True, False]
            for append in modes:
                total, cpu, mode = timed(kind, path, folder, base, append)
                verdict = "ok" if total <= TARGET_SECONDS else "SLOW"
                if append:
                    ok &= total <= TARGET_SECONDS
                else:
                    verdict = "(baseline: --rebuild)"
                print(f"{kind:<6} {rows:>8,} {n:>9,} {parse:>8.2f} {total:>9.2f} {cpu:>6.2f}"
                      f" {mode:<8} <= {TARGET_SECONDS:.0f} s {verdict}")
        print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
