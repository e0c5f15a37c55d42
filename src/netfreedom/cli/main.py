"""The ``netfreedom`` command group.

Commands live in one module per family and are imported only when run or listed, and
those modules import the library inside their commands, so ``netfreedom --help`` loads
little more than Click (see ``benchmarks/start.py``).
"""

from __future__ import annotations

import sys
from importlib import import_module

import click

from netfreedom import __version__
from netfreedom.cli.errors import EXIT_INTERRUPTED, display

COMMANDS: dict[str, str] = {
    "check": "netfreedom.cli.reports:check",
    "ingest": "netfreedom.cli.reports:ingest",
    "show": "netfreedom.cli.reports:show",
    "history": "netfreedom.cli.history:history",
    "conflicts": "netfreedom.cli.history:conflicts",
    "export": "netfreedom.cli.data:export",
    "methodology": "netfreedom.cli.data:methodology",
    "schema": "netfreedom.cli.data:schema",
    "rules": "netfreedom.cli.data:rules",
    "serve": "netfreedom.cli.serve:serve",
    "db": "netfreedom.cli.db:db",
}
"""Command name -> ``module:attribute`` of its Click command, in the order --help lists them.
A command family added to the CLI adds its entries here."""


class LazyGroup(click.Group):
    """A group that imports a command's module only when the command is run or listed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        command: click.Command = getattr(import_module(module), attribute)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="netfreedom")
def cli() -> None:
    """Read, check, store and export Freedom on the Net assessments.

    \b
    Example:
      netfreedom check report.txt --json
    """


def main() -> None:
    """Console-script entry point: every error, usage errors included, is one line on stderr."""
    try:
        cli.main(prog_name="netfreedom", standalone_mode=False)
    except click.ClickException as exc:
        hint = " (see --help)" if isinstance(exc, click.UsageError) else ""
        click.echo(f"Error: {display(exc.format_message())}{hint}", err=True)
        sys.exit(exc.exit_code)
    except (click.Abort, KeyboardInterrupt):
        click.echo("Interrupted.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        from netfreedom.cli.errors import _quiet_closed_pipe

        _quiet_closed_pipe()
