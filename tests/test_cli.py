"""The command line: output shapes, JSON, exit codes, help text."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
import jsonschema
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from netfreedom.cli.main import cli
from netfreedom.methodology import load_methodology
from netfreedom.store import Store

from .shared_data import SAMPLES, seed_path

SAMPLE_EN = SAMPLES / "exampleland-2023-en.txt"
SAMPLE_RU = SAMPLES / "exampleland-2023-ru.txt"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.chdir(tmp_path)  # ./netfreedom.db lands in the temporary folder
    monkeypatch.delenv("NETFREEDOM_DATABASE_URL", raising=False)
    return CliRunner()


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_check_seed_json(runner: CliRunner) -> None:
    code, out, _ = run(runner, "check", str(seed_path()), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["country"] == {"name": "Kazakhstan", "iso3": "KAZ"}
    assert (data["edition"], data["language"], data["scale"]) == (2022, "ru", "higher_is_freer")
    assert data["coverage"] == {"start": "2021-06-01", "end": "2022-05-31"}
    assert (data["status"], data["total"]) == ("not_free", 32)
    assert {k: (v["score"], v["max"]) for k, v in data["categories"].items()} == {
        "A": (10, 25), "B": (11, 35), "C": (11, 40)}  # fmt: skip
    assert data["previous"] == {"total": 33, "status": "not_free"}
    a3 = next(i for i in data["indicators"] if i["id"] == "A3")
    assert (a3["max"], a3["score"], a3["score_change"]["from"], a3["score_change"]["to"]) == (6, 1, 2, 1)
    assert sum(len(i["footnotes"]) for i in data["indicators"]) == 282
    assert data["footnote_count"] == 284
    assert sorted((f["rule"], f["location"]) for f in data["findings"]) == [
        ("duplicate-paragraph", "B1"), ("lookalike-characters", "C5"), ("lookalike-characters", "C6"),
        ("mixed-script", "A4"), ("mixed-script", "C6"), ("sidebar-score", "sidebar")]  # fmt: skip
    assert not Path("netfreedom.db").exists()  # check stores nothing


def test_json_matches_the_published_schema(runner: CliRunner) -> None:
    _, schema_out, _ = run(runner, "schema")
    _, out, _ = run(runner, "check", str(SAMPLE_EN), "--json")
    jsonschema.validate(json.loads(out), json.loads(schema_out))


def test_several_files_give_json_lines_in_order(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, _ = run(runner, "check", str(SAMPLE_EN), str(empty), str(SAMPLE_RU), "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line.get("language") for line in lines] == ["en", None, "ru"]
    assert lines[1] == {"file": str(empty), "error": "the file is empty"}
    assert code == 2


def test_exit_codes(runner: CliRunner, tmp_path: Path) -> None:
    assert run(runner, "check", str(SAMPLE_EN))[0] == 0
    broken = tmp_path / "broken.txt"
    broken.write_text(SAMPLE_EN.read_text(encoding="utf-8").replace("\n55\n100\n", "\n57\n100\n"), encoding="utf-8")
    assert run(runner, "check", str(broken))[0] == 1
    code, _, err = run(runner, "check", str(tmp_path / "missing.txt"))
    assert code == 2 and "does not exist" in err
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00" * 50)
    code, _, err = run(runner, "check", str(binary))
    assert code == 2 and err.count("\n") == 1 and "binary" in err
    assert run(runner, "check")[0] == 2  # no FILE: usage error


def test_ingest_show_export_roundtrip(runner: CliRunner, tmp_path: Path) -> None:
    code, out, _ = run(runner, "ingest", str(SAMPLE_EN), str(SAMPLE_RU))
    assert code == 0 and "created" in out
    code, out, _ = run(runner, "ingest", str(SAMPLE_EN))
    assert code == 0 and "unchanged" in out
    code, out, _ = run(runner, "show", "Exampleland", "--edition", "2023", "--json")
    assert code == 0 and json.loads(out)["language"] == "en"
    code, out, _ = run(runner, "show", "XEX", "--language", "ru", "--json")
    assert json.loads(out)["language"] == "ru"
    code, _, err = run(runner, "show", "Kazakhstan")
    assert code == 1 and "no stored assessment for KAZ in sqlite" in err
    assert run(runner, "show", "XEX", "--language", "Russian")[0] == 2
    assert run(runner, "show", "Atlantis")[0] == 2

    code, out, _ = run(runner, "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 2
    assert list(rows[0])[:10] == ["country", "iso3", "edition", "language", "scale", "status", "total", "A", "B", "C"]
    assert list(rows[0])[10:31] == list(load_methodology().indicator_ids)
    assert (rows[0]["previous_total"], rows[0]["coverage_end"], rows[0]["errors"]) == ("56", "2023-05-31", "0")
    assert (rows[0]["iso3"], rows[0]["total"], rows[0]["A3"], rows[0]["C8"]) == ("XEX", "55", "4", "1")

    code, out, _ = run(runner, "export", "--format", "json")
    assert [a["language"] for a in json.loads(out)] == ["en", "ru"]

    xlsx = tmp_path / "out.xlsx"
    assert run(runner, "export", "--format", "xlsx", "-o", str(xlsx))[0] == 0
    sheet = load_workbook(xlsx)["assessments"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("country", "iso3", "edition") and values[1][6] == 55
    assert run(runner, "export", "--format", "xlsx")[0] == 2


def test_read_only_commands_do_not_create_a_store(runner: CliRunner) -> None:
    code, _, err = run(runner, "show", "KAZ")
    assert code == 2 and "no store at" in err
    assert run(runner, "export")[0] == 2
    assert not Path("netfreedom.db").exists()


def test_database_option_takes_a_plain_path(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "sub.db"
    assert run(runner, "ingest", str(SAMPLE_EN), "--database", str(target))[0] == 0
    code, out, _ = run(runner, "show", "XEX", "--json", "--database", str(target))
    assert code == 0 and json.loads(out)["total"] == 55


@pytest.mark.parametrize("form", ["absolute", "relative", "url"])
def test_environment_takes_the_same_database_forms_as_the_option(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    # One rule for both: what --database accepts, $NETFREEDOM_DATABASE_URL accepts (a plain path
    # was "bad database URL" there), and both name the same file.
    target = (tmp_path / "env.db").resolve()
    named = {"absolute": str(target), "relative": "env.db", "url": f"sqlite:///{target}"}[form]
    assert run(runner, "ingest", str(SAMPLE_EN), "--database", named)[0] == 0
    monkeypatch.setenv("NETFREEDOM_DATABASE_URL", named)
    code, out, err = run(runner, "show", "XEX", "--json")
    assert code == 0, err
    assert json.loads(out)["total"] == 55
    assert not Path("netfreedom.db").exists()
    with Store() as store:
        assert store.url == f"sqlite:///{target}"


def test_ingest_json_says_what_was_stored(runner: CliRunner) -> None:
    _, out, _ = run(runner, "ingest", str(SAMPLE_EN), "--json")
    assert json.loads(out)["ingest"] == {"action": "created", "revision": 1}
    _, out, _ = run(runner, "ingest", str(SAMPLE_EN), "--json")
    assert json.loads(out)["ingest"]["action"] == "unchanged"


def test_export_to_a_missing_folder_is_a_one_line_error(runner: CliRunner, tmp_path: Path) -> None:
    run(runner, "ingest", str(SAMPLE_EN))
    code, _, err = run(runner, "export", "-o", str(tmp_path / "no" / "such" / "x.csv"))
    assert code == 2 and "cannot write" in err and "internal" not in err
    code, out, _ = run(runner, "export", "-o", "-")
    assert code == 0 and out.startswith("country,iso3")


def test_failed_ingest_leaves_the_database_as_it_was(runner: CliRunner, tmp_path: Path) -> None:
    run(runner, "ingest", str(SAMPLE_EN))
    before = sqlite3.connect("netfreedom.db").execute("select count(*), max(revision) from assessments").fetchone()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert run(runner, "ingest", str(empty))[0] == 2
    after = sqlite3.connect("netfreedom.db").execute("select count(*), max(revision) from assessments").fetchone()
    assert before == after == (1, 1)


def test_history_after_a_changed_report(runner: CliRunner, tmp_path: Path) -> None:
    run(runner, "ingest", str(SAMPLE_EN))
    changed = tmp_path / "exampleland-2023-en.txt"
    changed.write_text(
        SAMPLE_EN.read_text(encoding="utf-8").replace("Overview", "Overview\n\nAn added line.", 1), encoding="utf-8"
    )
    code, out, _ = run(runner, "ingest", str(changed))
    assert code == 0 and "replaced" in out
    code, out, _ = run(runner, "history", "XEX", "2023", "--nl")
    revisions = [json.loads(line) for line in out.splitlines()]
    revisions = [r for r in revisions if r["kind"] == "revision"]
    assert [r["revision"] for r in revisions] == [1, 2]
    assert [r["current"] for r in revisions] == [False, True]


def test_methodology_and_rules(runner: CliRunner) -> None:
    code, out, _ = run(runner, "methodology", "--json")
    data = json.loads(out)
    assert code == 0 and [c["max"] for c in data["categories"]] == [25, 35, 40]
    code, out, _ = run(runner, "methodology", "--id", "fotn-legacy")
    assert code == 0 and "lower_is_freer" in out
    code, out, _ = run(runner, "rules", "--nl")
    assert {json.loads(line)["rule"] for line in out.splitlines()} >= {"score-range", "mixed-script"}
    code, out, _ = run(runner, "rules", "--json")
    assert {item["rule"] for item in json.loads(out)} >= {"score-range", "mixed-script"}
    code, out, _ = run(runner, "rules", "--csv")
    assert out.splitlines()[0] == "rule,severity,summary" and "score-range,error," in out


def test_the_listed_summaries_are_the_commands_own() -> None:
    from netfreedom.cli.main import COMMANDS

    context = click.Context(cli)
    for name, (_, summary) in COMMANDS.items():
        command = cli.get_command(context, name)
        assert command is not None and command.help is not None
        assert " ".join(command.help.split("\n\n")[0].split()) == summary, name


def test_help_imports_no_command_module() -> None:
    code = (
        "import sys; from netfreedom.cli.main import main; sys.argv = ['netfreedom', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in sys.modules if m.startswith(('netfreedom.cli.reports', 'netfreedom.store', "
        "'netfreedom.ingest', 'sqlalchemy', 'pydantic', 'rich', 'fastapi'))]\n"
        "print(heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_every_command_has_a_summary_and_an_example() -> None:
    context = click.Context(cli)
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        assert command is not None
        assert command.help and command.get_short_help_str(), name
        assert "Example:" in command.help and f"netfreedom {name}" in command.help, name


def test_console_script_exit_code_and_one_line_error(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("netfreedom")
    result = subprocess.run([str(script), "check", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_page_cache_serves_fresh_content_after_a_change(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from netfreedom.services.reports import ingest_report
    from netfreedom.store import Store
    from netfreedom.web import create_app

    url = f"sqlite:///{tmp_path / 'cache.db'}"
    with Store(url, migrate=True) as store:
        ingest_report(SAMPLE_EN, store)
    client = TestClient(create_app(url))
    first = client.get("/api/v1/assessments/XEX/2023")
    etag = first.headers["etag"]
    assert client.get("/api/v1/assessments/XEX/2023", headers={"if-none-match": etag}).status_code == 304
    changed = tmp_path / "exampleland-2023-en.txt"
    changed.write_text(SAMPLE_EN.read_text(encoding="utf-8").replace("\n55\n100\n", "\n54\n100\n", 1), encoding="utf-8")
    with Store(url, migrate=True) as store:
        ingest_report(changed, store)
    second = client.get("/api/v1/assessments/XEX/2023", headers={"if-none-match": etag})
    assert second.status_code == 200 and second.json()["total"] == 54
