"""The kinds of ``../shared/cases`` through the commands that read one file or one number:
``draft import FILE``, ``translation edit --text-file FILE`` and the commands that take an id.

A device that never ends (``/dev/zero``), a FIFO that never opens, a nested, binary or forged
export, an id or revision past the databases' integers: each is one line naming the input, a
non-zero exit, never a traceback or "internal error", and the draft is left as it was.
``test_cases.py`` and ``test_cases_evidence.py`` hold the same kinds for the batch commands.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from netfreedom.cli.errors import guard
from netfreedom.cli.main import cli

from .breaking import run_cli
from .shared_data import seed_path

BIG = "99999999999999999999999"


def _ok(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def drafted(tmp_path: Path) -> tuple[Path, list[str]]:
    """A store holding the seed report, a researcher, a translator and the 2023 draft of
    Kazakhstan (draft 1, revision 1), and that draft exported to ``kaz.txt``."""
    database = ["--database", str(tmp_path / "nf.db")]
    CliRunner().invoke(cli, ["ingest", str(seed_path()), *database], catch_exceptions=False)
    for name, role in (("rita", "researcher"), ("tanya", "translator")):
        _ok("users", "add", name, "--role", role, "--no-password", *database)
    _ok("edition", "open", "2023", *database)
    _ok("draft", "new", "KAZ", "2023", "--researcher", "rita", *database)
    _ok("draft", "export", "KAZ", "2023", "-o", str(tmp_path / "kaz.txt"), *database)
    return tmp_path, database


def _revision(database: list[str]) -> int:
    found = re.search(r'"revision": (\d+)', _ok("draft", "show", "KAZ", "2023", "--json", *database))
    assert found
    return int(found.group(1))


def _one_line(stderr: str, name: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and name in lines[0], lines
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr


def test_a_device_or_fifo_is_refused_at_once(drafted: tuple[Path, list[str]]) -> None:
    folder, database = drafted
    os.mkfifo(folder / "pipe.txt")
    for source in ("/dev/zero", "pipe.txt"):
        for command in (
            ("draft", "import", source, "--user", "rita"),
            ("translation", "edit", "KAZ", "2023", "en", "A3", "--text-file", source, "--user", "tanya"),
        ):
            run = run_cli(*command, *database, cwd=folder, memory_mb=1024, timeout=60)
            assert run.code == 2, run
            _one_line(run.stderr, source)
            assert "not a regular file" in run.stderr
    assert _revision(database) == 1


def test_a_hostile_or_forged_export_is_one_line_naming_it(drafted: tuple[Path, list[str]]) -> None:
    folder, database = drafted
    export = (folder / "kaz.txt").read_text(encoding="utf-8")
    marker = "netfreedom draft 1 of KAZ 2023, revision 1"
    assert marker in export
    files = {
        "deep.txt": marker + "\n" + "[" * 5000 + "\n",
        "binary.txt": "\x00\x01\x02" * 2000 + "\n" + marker + "\n",
        "revision-ahead.txt": export.replace(marker, marker.replace("revision 1", "revision 999999999999999999999")),
        "revision-zero.txt": export.replace(marker, marker.replace("revision 1", "revision 0")),
        "huge-draft.txt": export.replace(marker, marker.replace("draft 1 ", f"draft {BIG} ")),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        run = run_cli("draft", "import", name, "--user", "rita", *database, cwd=folder)
        assert run.code in (1, 2), (name, run)
        _one_line(run.stderr, name)
    assert _revision(database) == 1


def test_ids_past_the_database_integers_are_usage_errors(drafted: tuple[Path, list[str]]) -> None:
    folder, database = drafted
    for command in (
        ("thread", "resolve", BIG, "--user", "rita"),
        ("thread", "reopen", BIG, "--user", "rita"),
        ("draft", "transition", "KAZ", "2023", "submit", "--revision", BIG, "--user", "rita"),
    ):
        run = run_cli(*command, *database, cwd=folder)
        assert run.code == 2, (command, run)
        assert BIG in run.stderr and "internal error" not in run.stderr, run.stderr
    assert _revision(database) == 1


def test_an_overflow_anywhere_is_one_line_not_an_internal_error() -> None:
    @click.command()
    @guard
    def overflowing() -> None:
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    result = CliRunner().invoke(overflowing, [])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "Error: a number in the command or its input is out of range "
        "(Python int too large to convert to SQLite INTEGER)"
    )
