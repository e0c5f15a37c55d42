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

COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("netfreedom.cli.reports:check", "Read reports and run the checks; store nothing."),
    "ingest": ("netfreedom.cli.reports:ingest", "Read, check and store reports, each in one transaction."),
    "show": (
        "netfreedom.cli.reports:show",
        "Show a stored assessment with its findings, or the scorecard of a table-only country.",
    ),
    "history": (
        "netfreedom.cli.history:history",
        "Show what the store learnt about one country and edition, and when.",
    ),
    "conflicts": (
        "netfreedom.cli.history:conflicts",
        "List values on which sources disagree (reports, copies, score tables); both are kept.",
    ),
    "export": (
        "netfreedom.cli.data:export",
        "Export every country-edition from any source: one row each, one column per indicator.",
    ),
    "methodology": (
        "netfreedom.cli.data:methodology",
        "Show a methodology version: categories, indicators, maxima, status bands.",
    ),
    "schema": (
        "netfreedom.cli.data:schema",
        "Print the JSON Schema of the assessment JSON that --json and exports produce.",
    ),
    "rules": ("netfreedom.cli.data:rules", "List the checks: stable rule id, default severity and what each finds."),
    "serve": ("netfreedom.cli.serve:serve", "Serve the web site and the JSON API over the store."),
    "db": ("netfreedom.cli.db:db", "Create or upgrade the store's schema."),
    "users": ("netfreedom.cli.users:users", "Accounts of the people who write, review and publish reports."),
    "evidence": (
        "netfreedom.cli.evidence:evidence",
        "Network measurements and shutdown events as evidence for indicators.",
    ),
    "edition": (
        "netfreedom.cli.drafts:edition",
        "Open an edition for writing; its dashboard and consistency across countries.",
    ),
    "draft": ("netfreedom.cli.drafts:draft", "Start, show, edit, export and import drafts of an edition."),
    "notifications": (
        "netfreedom.cli.notifications:notifications",
        "Read inboxes, set where people are mailed, deliver the e-mail outbox.",
    ),
    "workflow": ("netfreedom.cli.workflows:workflow", "Show the review workflows an edition can be opened with."),
    "thread": ("netfreedom.cli.threads:thread", "Comment threads of a draft: list, open, reply, resolve, reopen."),
    "translation": (
        "netfreedom.cli.translations:translation",
        "Translate a draft: start, show, edit text, bring parts up to date, publish.",
    ),
}
"""Command name -> (``module:attribute`` of its Click command, the one-line summary that
``netfreedom --help`` lists without importing the module), in the order --help lists them.
A command family added to the CLI adds its entries here; a test checks that each summary
is the first sentence of the command's own help."""


class LazyGroup(click.Group):
    """A group that imports a command's module only when the command is run or listed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module, _, attribute = entry[0].partition(":")
        command: click.Command = getattr(import_module(module), attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of --help from :data:`COMMANDS`, importing no command module."""
        rows = [(name, summary) for name, (_, summary) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


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
