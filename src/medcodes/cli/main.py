"""The ``medcodes`` command group. Subcommands live in their own modules and are listed here."""

from __future__ import annotations

import importlib

import click

from medcodes import __version__

# Each subcommand's module is imported when that command runs (or help lists them all): a
# command pays for its own imports only. Importing every one (the build's progress bars, the
# content tools' Markdown, the importers) took about 0.25 s of each ``medcodes search``.
COMMANDS = {
    "build": "medcodes.cli.build:build",
    "content": "medcodes.cli.content:content",
    "diff": "medcodes.cli.imports:diff",
    "import": "medcodes.cli.imports:import_command",
    "imports": "medcodes.cli.imports:imports",
    "search": "medcodes.cli.search:search",
    "serve": "medcodes.cli.serve:serve",
    "show": "medcodes.cli.show:show",
    "systems": "medcodes.cli.systems:systems",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use, from ``COMMANDS``."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, name = COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(module), name)
            self.add_command(command)
        return self.commands.get(cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="medcodes")
def cli() -> None:
    """Search all medical codes, and explain each one.

    The catalog is built from the bundled public code sets (ICD-10-CM, ICD-10-PCS, ICD-9-CM,
    GEM crosswalks) plus any code sets you import; it is built on first use.
    """


def main() -> None:
    """Console-script entry point."""
    cli()
