"""Where the catalog lives: ``--db``, then ``MEDCODES_DB``, then the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_VAR = "MEDCODES_DB"


def data_dir() -> Path:
    """The folder medcodes keeps its catalog and imported sources in."""
    return Path(user_data_dir("medcodes", appauthor=False))


def default_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the catalog path from an explicit value, the environment, or the default."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return data_dir() / "catalog.sqlite"
