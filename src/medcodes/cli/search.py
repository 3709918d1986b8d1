"""``medcodes search``: one query as a table or JSON, or a batch of queries from stdin as JSONL."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from medcodes.catalog.reader import Catalog
from medcodes.cli import common
from medcodes.cli.common import db_option, fail, open_or_build, print_json
from medcodes.search.batch import default_jobs, json_lines
from medcodes.search.types import QueryError, SearchResponse


@click.command()
@click.argument("query", required=False)
@click.option("--system", "-s", "systems", multiple=True,
              help="Limit to a system id (icd10cm, icd10pcs, icd9cm, icd9pcs, ...); repeatable.")
@click.option("--billable", is_flag=True, help="Only billable codes.")
@click.option("--kind", default=None, help="Only concepts of this kind (category, code, ...).")
@click.option("--range", "code_range", default=None, help="Only codes in a range, e.g. E08-E13.")
@click.option("--limit", "-n", default=20, show_default=True, type=click.IntRange(1, 500),
              help="Results per query.")
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0, 10_000),
              help="Skip this many results (pagination).")
@click.option("--mode", type=click.Choice(["words", "meaning", "hybrid"]), default="hybrid",
              show_default=True, help="Match by words, by meaning, or both.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl"]), default=None,
              help="Output format (default: table on a terminal, json otherwise).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes for a batch from stdin (default: one per core).")
@db_option
def search(
    query: str | None, systems: tuple[str, ...], billable: bool, kind: str | None,
    code_range: str | None, limit: int, offset: int, mode: str, fmt: str | None,
    jobs: int | None, db: Path | None,
) -> None:
    """Search codes by code, prefix, range, words, abbreviation, typo or lay words.

    QUERY "-" reads one query per line from stdin and writes one JSON object per line, in
    input order (use --format jsonl), opening the catalog once and spreading a long batch
    over one worker process per core (--jobs).

    \b
    Examples:
      medcodes search "heart attack"
      medcodes search I21 --billable
      medcodes search "E08-E13" --format json
      printf 'I21.9\\nchf\\n' | medcodes search --format jsonl -
    """
    if query is None:
        fail("give a QUERY, or - to read queries from stdin")
        return
    cat = open_or_build(db)
    options: dict[str, Any] = {
        "systems": list(systems), "billable": True if billable else None, "kind": kind,
        "code_range": code_range, "limit": limit, "offset": offset, "mode": mode,
    }
    if query == "-":
        _batch(cat, options, jobs)
        return
    try:
        response = cat.search(query, **options)
    except QueryError as exc:
        fail(str(exc), code=2)
        return
    fmt = fmt or ("table" if sys.stdout.isatty() else "json")
    if fmt == "json":
        print_json(response.to_dict())
    elif fmt == "jsonl":
        click.echo(json.dumps(response.to_dict(), ensure_ascii=False))
    else:
        _table(response)


def _batch(cat: Catalog, options: dict[str, Any], jobs: int | None) -> None:
    # A person typing queries gets each answer at once; a file or pipe is spread over cores.
    if jobs is None:
        jobs = 1 if sys.stdin.isatty() else default_jobs()
    queries = (line.rstrip("\r\n") for line in sys.stdin)
    out = sys.stdout
    for line in json_lines(cat, queries, options, jobs):
        out.write(line)
    out.flush()


def _table(r: SearchResponse) -> None:
    from rich.markup import escape  # here: rich's import was ~35 ms of a batch's start-up
    from rich.table import Table

    console = common.console
    if r.corrected_query:
        console.print(f"Showing results for [bold]{escape(r.corrected_query)}[/]")
    for e in r.expansions:
        console.print(f"[dim]{escape(e['from'])} → {escape(e['to'])} ({e['kind']})[/]")
    table = Table(title=f"{r.total:,} result(s) for {r.query!r} ({r.interpreted_as})")
    for col in ("system", "code", "title", "billable", "score"):
        table.add_column(col, overflow="fold")
    for h in r.hits:
        table.add_row(h.system, h.code, escape(h.title), "yes" if h.billable else "",
                      f"{h.score:.2f}")
    console.print(table)



