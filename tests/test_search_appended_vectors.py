"""An append stores its meaning vectors as a piece of their own (``embedding_segments``): the
build's vectors are not rewritten, and the loader reads exactly what a rewrite of all the
blobs would hold. Catalogs here are built from made-up code sets (no real LOINC content)."""

from __future__ import annotations

import csv
import dataclasses
import io
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from medcodes import pipeline
from medcodes.catalog.build import build_catalog
from medcodes.catalog.reader import Catalog, CatalogError
from medcodes.imports.importer import import_source
from medcodes.model import Concept, SystemInfo
from medcodes.search import static_model
from medcodes.search.embeddings import MeaningIndex, stored_vectors, write_index_blobs
from medcodes.systems.base import Loader
from medcodes.systems.loinc import check_digit

DATA = Path(__file__).parent / "data" / "imports"
LOINC = DATA / "Loinc_2.80" / "Loinc.csv"
HCPCS = DATA / "hcpcs" / "HCPC2025_OCT_ANWEB.txt"
LOADED = ("ids", "system", "billable", "offsets", "vecs", "centroids")


class Subjects(Loader):
    """1,280 made-up concepts over many subjects: enough for 20 meaning lists."""

    name = "subjects"

    @property
    def info(self) -> SystemInfo:
        return SystemInfo("subjects", "Subjects", "1", "2026-01-01", "tests", "none", "urn:s")

    def concepts(self) -> Iterator[Concept]:
        yield Concept("subjects", "S", "Subjects", kind="chapter")
        n = 0
        for subject in ("heart kidney liver lung brain skin bone eye ear stomach bowel bladder"
                        " blood nerve muscle joint tooth throat breast spine").split():
            for state in ("infection tumour injury failure pain swelling bleeding stone cyst"
                          " ulcer burn fracture disorder deformity inflammation obstruction"
                          ).split():
                for side in ("left", "right", "both sides", "unspecified"):
                    n += 1
                    yield Concept("subjects", f"S{n:04d}", f"{state} of {subject}, {side}",
                                  billable=True, parent="S")


def subjects() -> Sequence[Loader]:
    return [Subjects()]


def crowded_loinc(path: Path, n: int) -> Path:
    """A Loinc.csv (the fixture's layout) of ``n`` made-up tests of two analytes: they crowd
    into a few meaning lists, which the append then splits (moving stored rows)."""
    rows = list(csv.reader(io.StringIO(LOINC.read_text(encoding="utf-8"))))
    header, template = rows[0], rows[1]
    at = {name: i for i, name in enumerate(header)}
    out = io.StringIO()
    w = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(header)
    for i in range(n):
        number = str(80000 + i)
        row = list(template)
        for name in ("CONSUMER_NAME", "RELATEDNAMES2", "SHORTNAME", "DisplayName"):
            row[at[name]] = ""
        analyte = ("glucose", "sodium")[i % 2]
        specimen = ("serum plasma urine saliva sweat stool marrow cord fluid tissue capillary"
                    " venous arterial dialysate").split()[i // 2 % 14]
        method = "mass concentration presence ratio rate".split()[i // 28 % 5]
        row[at["LOINC_NUM"]] = f"{number}-{check_digit(number)}"
        row[at["COMPONENT"]] = analyte
        row[at["LONG_COMMON_NAME"]] = f"{analyte} [{method}] in {specimen}"
        w.writerow(row)
    path.parent.mkdir(parents=True)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def blobs(db: Path) -> dict[str, bytes]:
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT name, data FROM embedding_blobs").fetchall())
    finally:
        conn.close()


def loaded(db: Path) -> MeaningIndex:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return MeaningIndex(conn, static_model.load())
    finally:
        conn.close()


@pytest.fixture
def appended(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A catalog of ``Subjects`` with HCPCS and then 2,500 crowded LOINC tests appended, and
    its blobs as the build wrote them."""
    db = tmp_path / "catalog.sqlite"
    build_catalog(db, subjects(), pipeline.default_indexers())
    built = blobs(db)
    for kind, path in (("hcpcs", HCPCS),
                       ("loinc", crowded_loinc(tmp_path / "Loinc_2.81" / "Loinc.csv", 2500))):
        report = import_source(kind, path, db, base=subjects, root=tmp_path / "store")
        assert report.mode == "appended", report.why_rebuilt
    return db, built


def test_an_append_writes_its_own_vectors_and_leaves_the_builds(
    appended: tuple[Path, dict[str, bytes]]
) -> None:
    db, built = appended
    now = blobs(db)
    assert now["q8"] == built["q8"] and now["scales"] == built["scales"]
    assert {"1:q8", "1:scales", "1:place", "2:q8", "2:scales", "2:place", "place"} <= set(now)
    dims = static_model.load().dims
    conn = sqlite3.connect(db)
    n_lists, n_rows = (conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                       for t in ("embedding_lists", "embeddings"))
    conn.close()
    assert n_lists > 20, "the crowded lists were split, moving rows the build stored"
    assert len(now["2:q8"]) == dims * (n_rows - len(built["scales"]) // 4 - len(now["1:scales"])
                                       // 4), "the second append stored its own vectors only"


def test_appended_pieces_load_as_a_rewrite_of_all_vectors_would(
    appended: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    """Bit for bit, the arrays the loader builds from the pieces are those it reads from the
    same rows and vectors written as one piece (what an append wrote before)."""
    db, _ = appended
    whole = tmp_path / "whole.sqlite"
    shutil.copyfile(db, whole)
    conn = sqlite3.connect(whole)
    dims = static_model.load().dims
    write_index_blobs(conn, dims, stored_vectors(conn, dims))
    conn.commit()
    conn.close()
    assert not any(":" in name for name in blobs(whole)) and "place" not in blobs(whole)
    pieces, rewritten = loaded(db), loaded(whole)
    assert pieces.systems == rewritten.systems and len(pieces.ids) > 3700
    for name in LOADED:
        a, b = getattr(pieces, name), getattr(rewritten, name)
        assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes(), name
    for title in ("glucose [ratio] in saliva", "sodium [rate] in marrow"):
        hits = Catalog(db).search(title, mode="meaning").hits
        assert hits and hits[0].title == title


def test_a_piece_that_does_not_fit_its_rows_is_refused(
    appended: tuple[Path, dict[str, bytes]]
) -> None:
    db, _ = appended
    conn = sqlite3.connect(db)
    conn.execute("UPDATE embedding_blobs SET data = substr(data, 1, 400) WHERE name = '2:place'")
    conn.commit()
    conn.close()
    with pytest.raises(CatalogError):
        loaded(db)


def test_vectors_embedded_from_the_records_equal_those_read_back_from_the_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The append embeds its release from the loader's records in a forked process started
    before the insert; the tables it writes are those an embedding of the inserted rows
    writes, lists split for the crowding included."""
    source = crowded_loinc(tmp_path / "Loinc_2.81" / "Loinc.csv", 2500)
    tables = []
    for how in ("records", "rows"):
        if how == "rows":
            from_rows = [dataclasses.replace(a, from_records=None) if a.own_process else a
                         for a in pipeline.default_appenders()]
            monkeypatch.setattr(pipeline, "default_appenders", lambda rows=from_rows: rows)
        db = tmp_path / f"{how}.sqlite"
        build_catalog(db, subjects(), pipeline.default_indexers())
        report = import_source("loinc", source, db, base=subjects, root=tmp_path / how)
        assert report.mode == "appended", report.why_rebuilt
        conn = sqlite3.connect(db)
        try:
            tables.append([conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
                           for table in ("embeddings", "embedding_lists", "embedding_blobs")])
        finally:
            conn.close()
    assert len(tables[0][1]) > 20  # the crowded lists were split
    assert tables[0] == tables[1]
