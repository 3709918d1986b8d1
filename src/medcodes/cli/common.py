"""What every subcommand shares: the ``--db`` option and opening (or first building) the catalog."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from medcodes.catalog.build import BuildError
from medcodes.catalog.paths import default_db_path
from medcodes.catalog.reader import Catalog, CatalogError, OlderCatalog

if TYPE_CHECKING:
    import rich.console

F = TypeVar("F", bound=Callable[..., Any])


def __getattr__(name: str) -> rich.console.Console:
    """``console`` (stdout) and ``err_console`` (stderr), made on first use: importing rich
    was ~35 ms of every ``medcodes search``'s start-up, which a batch's JSON lines never use."""
    if name not in ("console", "err_console"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import rich.console

    made = rich.console.Console(stderr=name == "err_console")
    globals()[name] = made
    return made


def _err() -> rich.console.Console:
    made: rich.console.Console | None = globals().get("err_console")
    return made if made is not None else __getattr__("err_console")


def db_option(func: F) -> F:
    """``--db PATH`` on every command that reads or writes the catalog."""
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        envvar="MEDCODES_DB",
        help="Catalog file (default: $MEDCODES_DB, else the user data folder).",
    )(func)


def fail(message: str, code: int = 1) -> None:
    """Print a clear error and exit with ``code``: never a traceback for a user's mistake."""
    _err().print(f"[bold red]error:[/] {message}", highlight=False)
    sys.exit(code)


def open_or_build(db: Path | None) -> Catalog:
    """Open the catalog, building it first (with progress) when none exists yet, or when an
    older medcodes built it: it is derived data, and the rebuild (atomic, from the bundled
    sources and the stored imports) is what `medcodes build` would do."""
    from medcodes.cli.build import run_build

    path = default_db_path(db)
    if not path.exists():
        _err().print(f"No catalog at {path}; building it now (once).")
        run_build(path)
    try:
        return Catalog(path)
    except OlderCatalog:
        _err().print(f"The catalog at {path} was built by an older medcodes; rebuilding"
                          " it now (once).", highlight=False)
    except CatalogError as exc:
        fail(str(exc))
    run_build(path)
    try:
        return Catalog(path)
    except CatalogError as exc:
        fail(str(exc))
        raise  # unreachable: fail exits


def print_json(data: Any) -> None:
    """JSON on stdout, UTF-8, stable key order as built."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


__all__ = ["BuildError", "db_option", "fail", "open_or_build"]  # and console, err_console (__getattr__)
