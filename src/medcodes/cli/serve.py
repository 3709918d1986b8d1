"""``medcodes serve``: the web app and JSON API on uvicorn, building the catalog first if needed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from medcodes.catalog.paths import ENV_VAR
from medcodes.cli.common import db_option, err_console, open_or_build


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes; each opens the same read-only catalog.")
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="Log one line per request.")
@db_option
def serve(host: str, port: int, workers: int, access_log: bool, db: Path | None) -> None:
    """Serve the web app (search, code pages, browse) and the JSON API.

    \b
    Pages:  http://HOST:PORT/
    API:    http://HOST:PORT/docs (reference), /openapi.json, /api/v1/...
    Probes: /healthz, /readyz
    """
    from medcodes.web.server import ServeOptions
    from medcodes.web.server import serve as run_server

    cat = open_or_build(db)  # fails with a clear message when the catalog is unusable
    path = cat.path.resolve()
    cat.close()
    # Workers import the app by name and open the catalog from the environment.
    os.environ[ENV_VAR] = str(path)
    os.environ["MEDCODES_WARMUP"] = "1"  # each worker loads its search indexes at start
    err_console.print(f"Serving the catalog {path}")
    sys.exit(run_server(ServeOptions(host, port, workers, access_log)))
