"""``medcodes build``: build the catalog with a progress bar per source and a summary table."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from medcodes.catalog.build import BuildError, BuildResult, Reporter
from medcodes.catalog.paths import default_db_path
from medcodes.cli.common import db_option, fail

err_console = Console(stderr=True)  # the build's progress and summary (rich is imported here)


class RichReporter(Reporter):
    """One progress bar per loader or indexer, on stderr."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: TaskID | None = None

    def start(self, name: str, total: int | None) -> None:
        self.task = self.progress.add_task(name, total=total)

    def advance(self, n: int) -> None:
        if self.task is not None:
            self.progress.advance(self.task, n)

    def finish(self, name: str) -> None:
        if self.task is not None:
            done = self.progress.tasks[self.task].completed
            self.progress.update(self.task, total=done or 1, completed=done or 1)


def run_build(path: Path) -> BuildResult:
    """Build at ``path`` with progress output; exit 1 with the reason on failure."""
    from medcodes.pipeline import build

    progress = Progress(
        TextColumn("{task.description:<22}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    )
    try:
        with progress:
            result = build(path, RichReporter(progress))
    except BuildError as exc:
        fail(f"{exc}\nThe previous catalog (if any) is unchanged.")
        raise  # unreachable
    table = Table(title=f"Catalog {path}")
    for col in ("system", "version", "concepts", "billable", "links", "seconds"):
        table.add_column(col, justify="right" if col not in ("system", "version") else "left")
    for s in result.systems:
        table.add_row(
            s.system, s.version, f"{s.concepts:,}", f"{s.billable:,}", f"{s.links:,}",
            f"{s.seconds:.1f}",
        )
    err_console.print(table)
    err_console.print(
        f"Built in {result.seconds:.1f} s; {result.size_bytes / 1e6:.0f} MB at {path}"
    )
    return result


@click.command()
@db_option
def build(db: Path | None) -> None:
    """Build (or rebuild) the catalog from the bundled code sets and your imports.

    The build writes a temporary file and renames it at the end, so a failed or interrupted
    build leaves the previous catalog untouched.
    """
    run_build(default_db_path(db))
