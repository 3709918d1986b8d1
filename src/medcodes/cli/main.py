"""The ``medcodes`` command group. Subcommands live in their own modules and are listed here."""

from __future__ import annotations

import click

from medcodes import __version__
from medcodes.cli.build import build
from medcodes.cli.content import content
from medcodes.cli.imports import diff, import_command, imports
from medcodes.cli.search import search
from medcodes.cli.serve import serve
from medcodes.cli.show import show
from medcodes.cli.systems import systems


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="medcodes")
def cli() -> None:
    """Search all medical codes, and explain each one.

    The catalog is built from the bundled public code sets (ICD-10-CM, ICD-10-PCS, ICD-9-CM,
    GEM crosswalks) plus any code sets you import; it is built on first use.
    """


for command in (build, content, diff, import_command, imports, search, serve, show, systems):
    cli.add_command(command)


def main() -> None:
    """Console-script entry point."""
    cli()
