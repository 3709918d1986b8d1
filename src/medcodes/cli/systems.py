"""``medcodes systems``: the code systems in the catalog."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click
from rich.table import Table

from medcodes.cli.common import console, db_option, open_or_build, print_json


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def systems(as_json: bool, db: Path | None) -> None:
    """List the code systems in the catalog with version, source, licence and counts."""
    cat = open_or_build(db)
    recs = cat.systems()
    if as_json:
        print_json([asdict(r) for r in recs])
        return
    table = Table()
    for col in ("id", "name", "version", "released", "concepts", "billable", "source", "licence"):
        table.add_column(col, overflow="fold")
    for r in recs:
        table.add_row(
            r.id, r.name, r.version + ("" if r.is_default else " (older)"), r.release_date,
            f"{r.concepts:,}", f"{r.billable:,}", r.source, r.licence,
        )
    console.print(table)
