"""One rule for exit codes (docs/cli.md): every command given a name it cannot use answers
with one line and the documented code.

- an account no one has (``nobody``): exit 1, ``Error: no account 'nobody'``;
- a name no country has (``Atlantis``): exit 2, ``Error: no ISO 3166-1 country is called …``;
- a draft that does not exist (a real country, an edition without its draft): exit 1.

The commands are found by walking the Click group, so a new command that takes an account,
a country or a draft fails here until it is given a case in :data:`CASES`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from netfreedom.cli.main import cli

from .shared_data import seed_path

ACCOUNT_PARAMS = {"account", "user_name", "researcher", "reviewer", "translator", "name"}
"""Parameter names that take an account name (``users add NAME`` creates one: not a lookup)."""

NOT_LOOKUPS = {"users add", "workflow show"}
"""Commands whose NAME is not an account to look up."""

CASES: dict[str, list[str]] = {
    "show": ["{country}"],
    "history": ["{country}", "2022"],
    "conflicts": ["{country}"],
    "evidence list": ["{country}"],
    "users password": ["{account}"],
    "users pseudonym": ["{account}"],
    "users revoke": ["{account}"],
    "users roles": ["{account}", "--role", "editor"],
    "users token": ["{account}"],
    "users tokens": ["{account}"],
    "users totp": ["{account}"],
    "notifications address": ["{account}", "someone@example.org"],
    "notifications inbox": ["{account}"],
    "edition consistency": ["{year}", "A3", "--user", "{account}"],
    "edition dashboard": ["{year}", "--user", "{account}", "--country", "{country}"],
    "draft new": ["{country}", "{year}", "--researcher", "{account}", "--reviewer", "{account}"],
    "draft show": ["{country}", "{year}"],
    "draft set": ["{country}", "{year}", "A3", "--score", "1", "--user", "{account}"],
    "draft actions": ["{country}", "{year}", "--user", "{account}"],
    "draft transition": ["{country}", "{year}", "submit", "--user", "{account}"],
    "draft export": ["{country}", "{year}", "-o", "{tmp}/out.txt"],
    "draft import": ["{tmp}/kaz-2023.txt", "--user", "{account}"],
    "thread list": ["{country}", "{year}", "--user", "{account}"],
    "thread open": ["{country}", "{year}", "A question.", "--user", "{account}"],
    "thread reply": ["1", "An answer.", "--user", "{account}"],
    "thread resolve": ["1", "--user", "{account}"],
    "thread reopen": ["1", "--user", "{account}"],
    "translation start": ["{country}", "{year}", "de", "--translator", "{account}"],
    "translation show": ["{country}", "{year}", "en"],
    "translation edit": ["{country}", "{year}", "en", "A3", "--text", "Translated.", "--user", "{account}"],
    "translation up-to-date": ["{country}", "{year}", "en", "--user", "{account}"],
    "translation publish": ["{country}", "{year}", "en"],
}
"""Each command that takes an account, a country or a draft, with arguments that work when
``{account}`` is an account allowed to act, ``{country}`` KAZ and ``{year}`` 2023."""

VALID = {"account": "rita", "country": "KAZ", "year": "2023"}
ACTING = {"draft new": "rita", "thread open": "vera", "thread resolve": "vera", "thread reopen": "vera",
          "translation start": "tanya", "translation edit": "tanya", "translation up-to-date": "tanya",
          "edition consistency": "vera", "edition dashboard": "vera", "notifications address": "rita"}  # fmt: skip


def _leaves(group: click.Group) -> Iterator[tuple[str, click.Command]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        if isinstance(command, click.Group):
            yield from ((f"{name} {sub}", leaf) for sub, leaf in _leaves(command))
        else:
            yield name, command


def _kinds(command: click.Command, path: str) -> set[str]:
    names = {p.name for p in command.params}
    kinds = set()
    if names & ACCOUNT_PARAMS and path not in NOT_LOOKUPS:
        kinds.add("account")
    if "country" in names:
        kinds.add("country")
    if {"country", "year"} <= names:
        kinds.add("draft")
    return kinds


COMMANDS = {path: _kinds(command, path) for path, command in _leaves(cli)}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A store with the seed (KAZ 2022), accounts rita (researcher), vera (editor) and tanya
    (translator), KAZ's 2023 draft with an English translation, one thread, and an export."""
    folder = tmp_path_factory.mktemp("exit-codes")
    url = f"sqlite:///{folder / 'nf.db'}"
    runner = CliRunner()

    def run(*args: str) -> None:
        result = runner.invoke(cli, [*args, "--database", url])
        assert result.exit_code == 0, (args, result.output)

    assert runner.invoke(cli, ["ingest", str(seed_path()), "--database", url]).exit_code in (0, 1)
    for name, role in (("rita", "researcher"), ("vera", "editor"), ("tanya", "translator")):
        run("users", "add", name, "--role", role, "--no-password")
    run("edition", "open", "2023")
    run("draft", "new", "KAZ", "2023", "--researcher", "rita")
    run("translation", "start", "KAZ", "2023", "en", "--translator", "tanya")
    run("thread", "open", "KAZ", "2023", "Which order?", "--user", "vera")
    run("draft", "export", "KAZ", "2023", "-o", str(folder / "kaz-2023.txt"))
    yield url, folder


def _args(path: str, tmp: Path, **given: str) -> list[str]:
    values = {**VALID, "account": ACTING.get(path, VALID["account"]), **given, "tmp": str(tmp)}
    return [*path.split(), *(a.format(**values) for a in CASES[path])]


def _invoke(url: str, args: list[str]) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, [*args, "--database", url])
    return result.exit_code, result.output.splitlines()


def test_every_command_taking_a_name_has_a_case() -> None:
    taking = {path for path, kinds in COMMANDS.items() if kinds}
    assert taking == set(CASES), "give the new command a case in CASES (and mind docs/cli.md)"


def test_the_cases_work_with_names_that_exist(store: tuple[str, Path]) -> None:
    """The arguments are right: with known names only the unknown name can fail a case."""
    url, tmp = store
    failing = {}
    for path in ("users tokens", "draft show", "thread list", "translation show", "edition dashboard"):
        code, lines = _invoke(url, _args(path, tmp))
        if code != 0:
            failing[path] = lines
    assert failing == {}


@pytest.mark.parametrize("path", sorted(p for p, kinds in COMMANDS.items() if "account" in kinds))
def test_an_unknown_account_is_one_line_and_exit_1(store: tuple[str, Path], path: str) -> None:
    url, tmp = store
    code, lines = _invoke(url, _args(path, tmp, account="nobody"))
    assert (code, lines) == (1, ["Error: no account 'nobody'"])


@pytest.mark.parametrize("path", sorted(p for p, kinds in COMMANDS.items() if "country" in kinds))
def test_an_unknown_country_is_one_line_and_exit_2(store: tuple[str, Path], path: str) -> None:
    url, tmp = store
    code, lines = _invoke(url, _args(path, tmp, country="Atlantis"))
    assert (code, lines) == (2, ["Error: no ISO 3166-1 country is called 'Atlantis'"])


@pytest.mark.parametrize("path", sorted(p for p, kinds in COMMANDS.items() if "draft" in kinds))
def test_an_unknown_draft_is_one_line_and_exit_1(store: tuple[str, Path], path: str) -> None:
    url, tmp = store
    code, lines = _invoke(url, _args(path, tmp, year="2031"))
    assert code == 1 and len(lines) == 1, lines
    assert lines[0] in (
        "Error: no draft of KAZ for edition 2031",
        "Error: edition 2031 is not open for writing (netfreedom edition open 2031)",
    )


def test_an_unknown_edition_or_thread_is_exit_1(store: tuple[str, Path]) -> None:
    url, _ = store
    for args in (["edition", "dashboard", "2031"], ["edition", "consistency", "2031", "A3"],
                 ["thread", "reply", "99", "Hello.", "--user", "vera"], ["translation", "show", "KAZ", "2023", "fr"]):  # fmt: skip
        code, lines = _invoke(url, args)
        assert code == 1 and len(lines) == 1 and lines[0].startswith("Error: "), (args, lines)


def test_a_value_outside_the_vocabularies_is_exit_2(store: tuple[str, Path]) -> None:
    url, _ = store
    for args in (["edition", "consistency", "2023", "Z9"], ["draft", "set", "KAZ", "2023", "Z9", "--score", "1",
                 "--user", "rita"], ["users", "roles", "rita", "--role", "overlord"], ["workflow", "show", "nope"]):  # fmt: skip
        code, lines = _invoke(url, args) if args[0] != "workflow" else _invoke_plain(args)
        assert code == 2 and len(lines) == 1 and lines[0].startswith("Error: "), (args, lines)


def _invoke_plain(args: list[str]) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.output.splitlines()
