"""``netfreedom translation``: the seed drafted into 2023 (Russian body) translated into
English from the command line; a score refused from the translator; stale after the original
changes, up to date again after ``up-to-date``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from netfreedom.cli.main import cli

from .shared_data import seed_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_a_translation_from_the_command_line(tmp_path: Path) -> None:
    database = ["--database", str(tmp_path / "nf.db")]
    assert run("ingest", str(seed_path()), *database)[0] in (0, 1)
    for name, role in (("rita", "researcher"), ("tanya", "translator")):
        assert run("users", "add", name, "--role", role, "--no-password", *database)[0] == 0
    assert run("edition", "open", "2023", *database)[0] == 0
    assert run("draft", "new", "KAZ", "2023", "--researcher", "rita", *database)[0] == 0

    code, out = run("translation", "start", "KAZ", "2023", "en", "--translator", "tanya", *database)
    assert code == 0 and "23 of 23 parts to translate" in out and "(ru original)" in out
    code, out = run("translation", "edit", "KAZ", "2023", "en", "A3", "--score", "0", "--user", "tanya", *database)
    assert code == 2 and "scores are the original's" in out
    text = tmp_path / "a3.md"
    text.write_text("Mobile access in our own words.\n\nA second paragraph.\n", encoding="utf-8")
    code, out = run(
        "translation", "edit", "KAZ", "2023", "en", "A3", "--text-file", str(text), "--user", "tanya", *database
    )
    assert code == 0 and "A3: current, follows revision 1" in out
    missing = tmp_path / "absent.md"
    code, out = run(
        "translation", "edit", "KAZ", "2023", "en", "A3", "--text-file", str(missing), "--user", "tanya", *database
    )
    assert code == 2 and "absent.md" in out and "Traceback" not in out

    assert run("draft", "set", "KAZ", "2023", "A3", "--score", "0", "--user", "rita", *database)[0] == 0
    code, out = run("translation", "show", "KAZ", "2023", "en", "--json", *database)
    shown = json.loads(out)
    assert code == 0 and shown["stale"] == ["A3"] and len(shown["untranslated"]) == 22
    code, out = run("notifications", "inbox", "tanya", "--json", *database)
    assert code == 0 and [i["kind"] for i in json.loads(out)] == ["translation_stale"]
    code, out = run("translation", "up-to-date", "KAZ", "2023", "en", "--user", "tanya", *database)
    assert code == 0 and "0 behind the original" in out
    code, out = run("translation", "publish", "KAZ", "2023", "en", *database)
    assert code == 2 and "not published yet" in out
