"""`medcodes show`, `systems` and `search` on the real catalog, through the real CLI."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from medcodes.catalog.reader import Catalog
from medcodes.catalog.schema import SCHEMA_VERSION
from medcodes.cli.main import cli


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("form", ["I21.9", "i219", "I219", " I21.9 ", "icd10cm:I21.9"])
def test_show_accepts_any_usual_form(catalog_path: Path, form: str) -> None:
    code, out, _ = run("show", form, "--json", "--db", str(catalog_path))
    assert code == 0
    rec = json.loads(out)
    assert (rec["system"], rec["code"]) == ("icd10cm", "I21.9")
    assert rec["billable"] is True
    assert [p["code"] for p in rec["path"]][-1] == "I21"


def test_show_prints_path_notes_children_and_crosswalk(catalog_path: Path) -> None:
    code, out, _ = run("show", "I21", "--db", str(catalog_path))
    assert code == 0
    assert "Acute myocardial infarction" in out and "I00-I99" in out
    assert "I21.9" in out and "not billable" in out
    code, out, _ = run("show", "icd9cm:410.71", "--db", str(catalog_path))
    assert code == 0 and "I21.4" in out


def test_show_pcs_code_lists_axes(catalog_path: Path) -> None:
    _, out, _ = run("show", "0DTJ4ZZ", "--json", "--db", str(catalog_path))
    rec = json.loads(out)
    names = [a["name"] for a in rec["axes"]]
    assert names[:5] == [
        "Medical and Surgical", "Gastrointestinal System", "Resection", "Appendix",
        "Percutaneous Endoscopic",
    ]


def test_seventh_character_codes_inherit_the_table(cat: Catalog) -> None:
    c = cat.get("icd10cm", "S52.521A")
    assert c is not None and c.billable and c.parent == "S52.521"
    assert c.title.endswith("initial encounter for closed fracture")


def test_unknown_code_is_exit_1_without_traceback(catalog_path: Path) -> None:
    code, _, err = run("show", "ZZZ.99", "--db", str(catalog_path))
    assert code == 1
    assert "no code" in err and "Traceback" not in err


def test_ambiguous_code_lists_candidates(catalog_path: Path) -> None:
    code, _, err = run("show", "V01.0", "--db", str(catalog_path))
    assert code == 1
    assert "icd10cm:V01.0" in err and "icd9cm:V01.0" in err


def test_missing_catalog_path_with_bad_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database")
    code, _, err = run("show", "I21.9", "--db", str(bad))
    assert code == 1 and "rebuild" in err and "Traceback" not in err


def _with_schema(source: Path, target: Path, version: str) -> Path:
    shutil.copyfile(source, target)
    with sqlite3.connect(target) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
    conn.close()
    return target


def test_a_catalog_an_older_medcodes_built_is_rebuilt_on_open(
    catalog_path: Path, tmp_path: Path
) -> None:
    stale = _with_schema(catalog_path, tmp_path / "old.sqlite", str(SCHEMA_VERSION - 1))
    code, out, err = run("systems", "--db", str(stale), "--json")
    assert code == 0, err
    assert "built by an older medcodes; rebuilding" in " ".join(err.split())
    assert {s["id"] for s in json.loads(out)} >= {"icd10cm", "icd10pcs", "icd9cm", "icd9pcs"}
    assert Catalog(stale).meta["schema_version"] == str(SCHEMA_VERSION)


def test_a_catalog_a_newer_medcodes_built_is_left_alone(catalog_path: Path, tmp_path: Path) -> None:
    newer = _with_schema(catalog_path, tmp_path / "new.sqlite", str(SCHEMA_VERSION + 1))
    before = newer.read_bytes()
    code, _, err = run("systems", "--db", str(newer))
    assert code == 1 and "another medcodes" in err and "Traceback" not in err
    assert newer.read_bytes() == before


def test_systems_lists_versions_and_counts(catalog_path: Path) -> None:
    _, out, _ = run("systems", "--json", "--db", str(catalog_path))
    systems = {s["id"]: s for s in json.loads(out)}
    assert systems["icd10pcs"]["billable"] == 78_603
    assert systems["icd9cm"]["billable"] == 14_567
    assert systems["icd9pcs"]["billable"] == 3_882
    assert systems["icd10cm"]["billable"] >= 74_719
    assert all(s["licence"] and s["source"] and s["release_date"] for s in systems.values())


def test_search_batch_jsonl_keeps_input_order(catalog_path: Path) -> None:
    queries = ["I21.9", "heart attack", "", "pnuemonia", '"NEAR(', "x" * 600]
    code, out, _ = run("search", "--format", "jsonl", "--db", str(catalog_path), "-",
                       stdin="\n".join(queries) + "\n")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["query"] for line in lines] == queries
    assert lines[0]["results"][0]["code"] == "I21.9"
    assert "error" in lines[-1]


def test_search_batch_over_worker_processes_matches_one_process(catalog_path: Path) -> None:
    words = ["I21", "chf", "broken wrist", "pnuemonia", "0DT", "E08-E13", "", "x" * 600]
    queries = [f"{w} {i % 7}".strip() if i % 3 else w for i, w in
               enumerate(words * 25)]  # 200 lines: long enough to be spread over workers
    stdin = "\n".join(queries) + "\n"
    args = ("search", "--format", "jsonl", "--db", str(catalog_path), "-")
    one = run(*args, "--jobs", "1", stdin=stdin)
    two = run(*args, "--jobs", "2", stdin=stdin)
    assert one[0] == two[0] == 0
    assert two[1] == one[1], "the same records, in input order"
    assert [json.loads(line)["query"] for line in two[1].splitlines()] == queries


def test_search_json_and_bad_system(catalog_path: Path) -> None:
    code, out, _ = run("search", "copd", "--format", "json", "--db", str(catalog_path))
    assert code == 0 and json.loads(out)["hits"]
    code, _, err = run("search", "copd", "--system", "nope", "--db", str(catalog_path))
    assert code == 2 and "unknown system" in err
