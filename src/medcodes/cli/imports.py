"""``medcodes import``, ``medcodes imports list|remove`` and ``medcodes diff``: thin wrappers
over ``medcodes.imports.importer`` and ``medcodes.catalog.diff``."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from medcodes.catalog.diff import DiffError, diff_releases
from medcodes.catalog.paths import default_db_path
from medcodes.cli.build import RichReporter
from medcodes.cli.common import console, db_option, err_console, fail, open_or_build, print_json
from medcodes.imports import store
from medcodes.imports.importer import ImportFailed, ImportReport, import_source, remove_release
from medcodes.imports.kinds import KINDS


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err_console, transient=True,
    )


_KIND_HELP = "\n\n".join(f"{k}: {cls.accepts}" for k, cls in KINDS.items())


@click.command("import", help=f"""Import a code set you are licensed to use, from its file.

KIND says what PATH holds (a file, a folder, or the zip as downloaded):

{_KIND_HELP}

The whole file is checked first; any problem stops the import with the file, line and
problem, and nothing changes. The release is then kept in the imports store, so it survives
`medcodes build`, and added to the catalog: appended to it when it is a new system (or an
older release beside the current one), else by rebuilding the whole catalog. Importing the
same file again changes nothing.""")
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--version", "version", default=None,
              help="Release version when the file names do not say (e.g. 2026-01, 2.80).")
@click.option("--release-date", default=None,
              help="Release date (YYYY-MM-DD); the newest release of a system is the default.")
@click.option("--rebuild", is_flag=True,
              help="Rebuild the whole catalog rather than append the release to it.")
@db_option
def import_command(
    kind: str, path: Path, version: str | None, release_date: str | None, rebuild: bool,
    db: Path | None,
) -> None:
    db_path = default_db_path(db)
    try:
        with _progress() as progress:
            report = import_source(
                kind, path, db_path, version=version, release_date=release_date,
                reporter=RichReporter(progress), append=not rebuild,
            )
    except ImportFailed as exc:
        fail(escape(str(exc)))
        return
    _print_report(report, db_path)


def _print_report(report: ImportReport, db: Path) -> None:
    m = report.release.manifest
    name = f"{m.kind} {m.version}"
    if report.status == "unchanged":
        console.print(
            f"{escape(name)} is already imported from this same file "
            f"(sha256 {m.sha256[:12]}…); nothing changed."
        )
        return
    v = report.validation
    assert v is not None
    if v.concepts:
        kinds = ", ".join(f"{n:,} {k}" for k, n in v.by_kind.most_common())
        other = {s: n for s, n in v.by_status.items() if s != "active"}
        status = "".join(f"; {n:,} {s}" for s, n in sorted(other.items()))
        what = f"{v.concepts:,} concepts ({kinds}); {v.billable:,} billable{status}"
    else:
        what = f"{v.terms:,} terms for {v.system}"
    verb = "Replaced" if report.status == "replaced" else "Imported"
    console.print(f"{verb} {escape(name)} from {escape(m.original_name)}: {escape(what)}.")
    console.print(f"Stored in {escape(str(report.release.folder))}", style="dim")
    if report.build is not None:
        done = (
            f"Added to the catalog in {report.build.seconds:.1f} s"
            if report.mode == "appended"
            else f"Catalog rebuilt in {report.build.seconds:.1f} s ({report.why_rebuilt})"
        )
        console.print(f"{escape(done)}: {escape(str(db))}", style="dim")


@click.group()
def imports() -> None:
    """List or remove the code sets you imported (kept in $MEDCODES_IMPORTS_DIR or the user
    data folder, and re-applied by every `medcodes build`)."""


@imports.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_command(as_json: bool) -> None:
    """Show every imported release: kind, version, release date, file and counts."""
    stored = store.releases()
    problems = store.problems()
    if as_json:
        print_json(
            {
                "store": str(store.store_dir()),
                "releases": [asdict(r.manifest) | {"folder": str(r.folder)} for r in stored],
                "problems": problems,
            }
        )
        return
    if not stored:
        console.print(f"Nothing imported yet (store: {escape(str(store.store_dir()))}).")
    else:
        table = Table(title=f"Imports in {store.store_dir()}")
        for col in ("kind", "version", "released", "file", "imported", "concepts", "terms"):
            table.add_column(col, overflow="fold", no_wrap=col in ("kind", "version", "released", "imported"))
        for r in stored:
            m = r.manifest
            table.add_row(
                m.kind, m.version, m.release_date, m.original_name, m.imported_at[:10],
                f"{m.counts.get('concepts', 0):,}", f"{m.counts.get('terms', 0):,}",
            )
        console.print(table)
    for problem in problems:
        err_console.print(f"[yellow]skipped:[/] {escape(problem)}")


@imports.command("remove")
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.argument("version")
@db_option
def remove_command(kind: str, version: str, db: Path | None) -> None:
    """Remove one imported release (KIND VERSION, as `medcodes imports list` shows) and
    rebuild the catalog without it."""
    db_path = default_db_path(db)
    try:
        with _progress() as progress:
            release, result = remove_release(
                kind, version, db_path, reporter=RichReporter(progress)
            )
    except ImportFailed as exc:
        fail(escape(str(exc)))
        return
    console.print(
        f"Removed {escape(release.kind)} {escape(release.version)}; catalog rebuilt in "
        f"{result.seconds:.1f} s: {escape(str(db_path))}"
    )


@click.command()
@click.argument("system")
@click.argument("old")
@click.argument("new")
@click.option("--all", "headings", is_flag=True,
              help="Also compare headings (chapters, blocks, sections, tables).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@db_option
def diff(system: str, old: str, new: str, headings: bool, as_json: bool, db: Path | None) -> None:
    """List codes added, deleted and revised (title changed) between two releases of a
    system: `medcodes diff icd10cm 2025 2026`."""
    cat = open_or_build(db)
    try:
        result = diff_releases(cat, system.strip().lower(), old, new, headings=headings)
    except DiffError as exc:
        fail(escape(str(exc)))
        return
    if as_json:
        print_json(result.to_dict())
        return
    console.print(
        f"[bold]{escape(result.system)} {escape(result.old)} → {escape(result.new)}[/]: "
        f"{len(result.added):,} added, {len(result.deleted):,} deleted, "
        f"{len(result.revised):,} revised"
    )
    for label, entries, mark in (("Added", result.added, "+"), ("Deleted", result.deleted, "-")):
        if entries:
            console.print(f"\n[bold]{label}[/]")
            for e in entries:
                console.print(f"  {mark} {escape(e.code):<10} {escape(e.title)}", highlight=False)
    if result.revised:
        console.print("\n[bold]Revised[/]")
        for r in result.revised:
            console.print(f"  ~ {escape(r.code):<10} {escape(r.old_title)}", highlight=False)
            console.print(f"    {'':<10} → {escape(r.new_title)}", highlight=False)
