"""Every command's --help read once as a newcomer would: each command and option says what it
is for, in the field's terms (an EDITION, not a YEAR), with no reStructuredText markup."""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from netfreedom.cli.main import cli


def _commands(group: click.Group, path: list[str]) -> Iterator[tuple[list[str], click.Command]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        yield [*path, name], command
        if isinstance(command, click.Group):
            yield from _commands(command, [*path, name])


COMMANDS = list(_commands(cli, []))


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_help_reads_plainly(path: list[str], command: click.Command) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert command.help and command.help.strip(), "a command without help"
    assert "``" not in result.output, "reStructuredText markup in --help"
    assert "YEAR" not in result.output, "an edition is called EDITION"
    missing = [p.opts[0] for p in command.params if isinstance(p, click.Option) and not p.help]
    assert missing == [], "options without help"
    for param in command.params:
        if param.name in ("user_name", "researcher", "reviewer", "translator"):
            assert param.metavar == "NAME", param.name  # an account name
