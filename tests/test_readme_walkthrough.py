"""README's examples run top to bottom on a fresh store, as a newcomer would type them.

The walkthrough is every fenced code block of README.md made only of ``netfreedom`` commands
(optionally after ``NAME=value`` settings, with ``# comments``): the people, the next edition,
translations. They run in the order README gives them against a temporary store made as
``python3 tasks.py run`` makes ``./netfreedom.db`` (the seed report and the two score tables of
``../shared``), in a temporary folder, each expected to exit 0. A command README adds, renames
or reorders is run as written, so README cannot drift from the command line unnoticed.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from netfreedom.cli.main import cli

from .shared_data import REPO, SHARED, seed_path

README = REPO / "README.md"
PASSWORD = "a walkthrough password"
"""What the newcomer types when asked for a password, and what ``NETFREEDOM_PASSWORD=...`` means."""

FENCE = re.compile(r"^```[a-z]*\n(.*?)^```$", re.MULTILINE | re.DOTALL)
SETTING = re.compile(r"^[A-Z_]+=")


EXPECTED = re.compile(r"#.*\bexit (\d)")
"""A README comment saying ``exit N``: the code that line is expected to end with (else 0)."""


def expected_codes(text: str) -> list[int]:
    """The exit code each walkthrough command is expected to give, in order."""
    codes = []
    for block in FENCE.findall(text):
        lines = [line for line in block.splitlines() if shlex.split(line, comments=True)]
        programs = [next((w for w in shlex.split(line, comments=True) if not SETTING.match(w)), "") for line in lines]
        if lines and all(program == "netfreedom" for program in programs):
            codes.extend(int(m.group(1)) if (m := EXPECTED.search(line)) else 0 for line in lines)
    return codes


def walkthrough(text: str) -> list[list[str]]:
    """The commands of the walkthrough blocks of ``text`` (README's Markdown), each split as
    the shell would (comments dropped, ``NAME=value`` settings kept in front)."""
    commands = []
    for block in FENCE.findall(text):
        lines = [shlex.split(line, comments=True) for line in block.splitlines()]
        lines = [words for words in lines if words]
        programs = [next((w for w in words if not SETTING.match(w)), "") for words in lines]
        if lines and all(program == "netfreedom" for program in programs):
            commands.extend(lines)
    return commands


def _run(runner: CliRunner, words: list[str], folder: Path) -> tuple[int, str]:
    """Run one README command: ``NAME=value`` settings as its environment (``...`` stands for a
    password), ``> FILE`` as its standard output written to FILE in ``folder``."""
    env = {}
    while SETTING.match(words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = PASSWORD if value == "..." else value
    assert words[0] == "netfreedom"
    args, target = words[1:], None
    if ">" in args:
        at = args.index(">")
        args, target = args[:at], folder / args[at + 1]
    assert not {"|", "&&", "<", ";"} & set(args), f"not one command: {shlex.join(words)}"
    result = runner.invoke(cli, args, env=env)
    if target is not None:
        target.write_text(result.stdout, encoding="utf-8")
    return result.exit_code, result.output


@pytest.fixture
def fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """What ``python3 tasks.py run`` leaves: ./netfreedom.db with the seed and the score tables."""
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'netfreedom.db'}"
    monkeypatch.setenv("NETFREEDOM_DATABASE_URL", url)
    monkeypatch.setenv("NETFREEDOM_PASSWORD", PASSWORD)  # the password a prompt would be given
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(seed_path())]).exit_code in (0, 1)
    tables = [SHARED / "data" / name for name in ("fotn-scores.csv", "fotn-2024-country-score-data.xlsx")]
    present = [str(t) for t in tables if t.exists()]
    if present:
        assert runner.invoke(cli, ["ingest", *present]).exit_code in (0, 1)
    return url


def test_the_walkthrough_is_found() -> None:
    commands = walkthrough(README.read_text(encoding="utf-8"))
    joined = [shlex.join(c) for c in commands]
    assert len(commands) >= 25, joined
    # every account a walkthrough command acts as is made earlier in the walkthrough
    made: set[str] = set()
    for words in commands:
        if words[-4:-2] == ["users", "add"] or words[1:3] == ["users", "add"]:
            made.add(words[words.index("add") + 1])
        for flag in ("--user", "--researcher", "--reviewer", "--translator"):
            if flag in words:
                assert words[words.index(flag) + 1] in made, shlex.join(words)


def test_the_walkthrough_runs_top_to_bottom(fresh_store: str, tmp_path: Path) -> None:
    runner = CliRunner()
    text = README.read_text(encoding="utf-8")
    for words, expected in zip(walkthrough(text), expected_codes(text), strict=True):
        shown = shlex.join(words)
        code, output = _run(runner, list(words), tmp_path)
        assert code == expected, f"README: {shown}\n{output}"
    # where the walkthrough leaves things
    code, output = _run(runner, ["netfreedom", "thread", "list", "KAZ", "2023", "--user", "vera", "--csv"], tmp_path)
    assert code == 0 and ",resolved," in output
    assert (tmp_path / "aigerim.token").read_text(encoding="utf-8").strip()  # `users token aigerim > aigerim.token`
