"""Folders and globs on the command line: which files are picked, in which order, and the
summary per reader family (read / partial / failed) with the exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from netfreedom.cli.main import cli
from netfreedom.services.reports import (
    State,
    Tally,
    check_file,
    expand_inputs,
    ingest_file,
)
from netfreedom.store import Store

from .shared_data import SAMPLES
from .test_inputs import PAGE, make_printed_pdf

SAMPLE_EN = SAMPLES / "exampleland-2023-en.txt"
SAMPLE_RU = SAMPLES / "exampleland-2023-ru.txt"


def partial_copy(path: Path) -> Path:
    """The English sample, retitled for another (invented) country, with a total that does
    not add up (an error-level finding)."""
    text = SAMPLE_EN.read_text(encoding="utf-8").replace("\n55\n100\n", "\n57\n100\n")
    text = text.replace("Exampleland\n", "Norvania\n", 1).replace("On Exampleland", "On Norvania")
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """A folder of reports: 4 good (text, HTML, PDF), 1 partial, 3 broken, plus files that a
    folder walk must skip (hidden, other extensions)."""
    root = tmp_path / "reports"
    (root / "2023" / "html").mkdir(parents=True)
    (root / ".cache").mkdir()
    shutil.copy(SAMPLE_EN, root / "2023" / "exampleland-en.txt")
    shutil.copy(SAMPLE_RU, root / "2023" / "exampleland-ru.TXT")
    shutil.copy(PAGE, root / "2023" / "html" / "exampleland-en.htm")
    make_printed_pdf(root / "2023" / "print.pdf")
    partial_copy(root / "partial.txt")
    (root / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    (root / "empty.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00" * 50)
    (root / ".hidden.txt").write_text("ignored", encoding="utf-8")
    (root / ".cache" / "old.txt").write_text("ignored", encoding="utf-8")
    (root / "notes.md").write_text("ignored", encoding="utf-8")
    return root


def names(root: Path, inputs: list) -> list[str]:  # type: ignore[type-arg]
    return [item.path.relative_to(root).as_posix() for item in inputs]


def test_a_folder_gives_its_report_files_recursively_sorted(reports: Path) -> None:
    inputs = expand_inputs([reports])
    assert names(reports, inputs) == [
        "2023/exampleland-en.txt", "2023/exampleland-ru.TXT", "2023/html/exampleland-en.htm", "2023/print.pdf",
        "binary.txt", "broken.pdf", "empty.html", "partial.txt",
    ]  # fmt: skip
    assert all(item.problem is None for item in inputs)


def test_globs_are_expanded_and_sorted(reports: Path) -> None:
    inputs = expand_inputs([f"{reports}/**/*.txt"])
    assert names(reports, inputs) == ["2023/exampleland-en.txt", "binary.txt", "partial.txt"]
    assert names(reports, expand_inputs([f"{reports}/20??"])) == names(reports, expand_inputs([reports / "2023"]))
    assert names(reports, expand_inputs([f"{reports}/*/*/*.htm", reports / "partial.txt"])) == [
        "2023/html/exampleland-en.htm", "partial.txt"]  # fmt: skip


def test_arguments_that_name_nothing_become_problems(reports: Path, tmp_path: Path) -> None:
    (tmp_path / "void").mkdir()
    inputs = expand_inputs([tmp_path / "missing.txt", f"{reports}/**/*.docx", tmp_path / "void"])
    assert [item.problem for item in inputs] == [
        f"{tmp_path / 'missing.txt'} does not exist",
        f"no file matches {reports}/**/*.docx",
        f"{tmp_path / 'void'} is a folder without report files (.txt, .html, .htm, .pdf, .json, .jsonl, .csv, .tsv, .xlsx, .xlsm, .xls, .ods, .fods)",
    ]
    assert [o.state for o in check_file(inputs[0])] == [State.FAILED]


def test_a_file_named_twice_is_read_once(reports: Path) -> None:
    inputs = expand_inputs([reports / "partial.txt", reports, f"{reports}/*.txt"])
    assert len(inputs) == 8 and inputs[0].path == reports / "partial.txt"


def test_tally_counts_per_reader_family(reports: Path, tmp_path: Path) -> None:
    tally = Tally()
    with Store(f"sqlite:///{tmp_path / 'tally.db'}", migrate=True) as store:
        for item in expand_inputs([reports]):
            tally.add(ingest_file(item, store))
    assert tally.rows() == [
        ("fh-country-page", 3, 1, 0),
        ("no reader (html)", 0, 0, 1),
        ("no reader (pdf)", 0, 0, 1),
        ("no reader (text)", 0, 0, 1),
        ("pdf-page-2019", 1, 0, 0),
        ("total", 4, 1, 3),
    ]
    from netfreedom.cli.reports import batch_exit_code

    assert batch_exit_code(tally) == 2


def table_rows(output: str, title: str = "by reader") -> dict[str, tuple[int, ...]]:
    """The rows of a rich table printed after ``title``: first cell -> the numbers."""
    rows: dict[str, tuple[int, ...]] = {}
    for line in output[output.index(title) :].splitlines():
        cells = [c.strip() for c in line.strip("│┃ ").split("│")]
        if len(cells) == 5 and all(c.isdigit() for c in cells[1:]):
            rows[cells[0]] = tuple(int(c) for c in cells[1:])
    return rows


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NETFREEDOM_DATABASE_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "160")
    return CliRunner()


def test_ingest_a_folder_prints_the_summary_and_exits_2(runner: CliRunner, reports: Path) -> None:
    result = runner.invoke(cli, ["ingest", str(reports)])
    assert result.exit_code == 2
    assert table_rows(result.stdout) == {
        "fh-country-page": (3, 1, 0, 4),
        "no reader (html)": (0, 0, 1, 1),
        "no reader (pdf)": (0, 0, 1, 1),
        "no reader (text)": (0, 0, 1, 1),
        "pdf-page-2019": (1, 0, 0, 1),
        "total": (4, 1, 3, 8),
    }
    errors = [line for line in result.stderr.splitlines() if not line.startswith("created a new store at ")]
    assert len(errors) == 3 and all(line.startswith("Error: ") for line in errors)
    assert {"broken.pdf", "empty.html", "binary.txt"} == {Path(line.split(": ")[1]).name for line in errors}
    assert "created" in result.stdout and "replaced" in result.stdout  # the per-file table stays


def test_exit_codes_follow_the_worst_file(runner: CliRunner, reports: Path) -> None:
    good = [str(reports / "2023")]
    assert runner.invoke(cli, ["check", *good]).exit_code == 0
    assert runner.invoke(cli, ["check", *good, str(reports / "partial.txt")]).exit_code == 1
    assert (
        runner.invoke(cli, ["check", *good, str(reports / "partial.txt"), str(reports / "empty.html")]).exit_code == 2
    )


def test_check_a_glob_with_json_lines(runner: CliRunner, reports: Path) -> None:
    result = runner.invoke(cli, ["check", f"{reports}/**/*.txt", "--json"])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("provenance", {}).get("file_name") or Path(line["file"]).name for line in lines] == [
        "exampleland-en.txt", "binary.txt", "partial.txt"]  # fmt: skip
    assert lines[1] == {"file": str(reports / "binary.txt"), "error": "the file looks binary, not text"}
    assert result.exit_code == 2 and result.stderr == ""
    assert "by reader" not in result.stdout  # --json prints JSON Lines only


def test_check_a_folder_ends_with_the_summary(runner: CliRunner, reports: Path) -> None:
    result = runner.invoke(cli, ["check", str(reports / "2023")])
    assert result.exit_code == 0
    assert table_rows(result.stdout) == {
        "fh-country-page": (3, 0, 0, 3),
        "pdf-page-2019": (1, 0, 0, 1),
        "total": (4, 0, 0, 4),
    }
    single = runner.invoke(cli, ["check", str(SAMPLE_EN)])
    assert "by reader" not in single.stdout  # one report: output as before


def test_a_glob_matching_nothing_is_a_one_line_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["ingest", f"{tmp_path}/nothing/**/*.html"])
    assert result.exit_code == 2
    assert result.stderr == f"Error: no file matches {tmp_path}/nothing/**/*.html\n"


def test_a_worse_copy_does_not_replace_a_better_one(tmp_path: Path) -> None:
    worse = tmp_path / "worse-copy.txt"
    worse.write_text(SAMPLE_EN.read_text(encoding="utf-8").replace("\n55\n100\n", "\n57\n100\n"), encoding="utf-8")
    with Store(f"sqlite:///{tmp_path / 'copies.db'}", migrate=True) as store:
        assert ingest_file(SAMPLE_EN, store)[0].saved is not None
        refused = ingest_file(worse, store)[0]
        assert refused.saved is None and refused.error is not None
        assert "not stored" in refused.error and "exampleland-2023-en.txt" in refused.error
        stored = store.get("XEX", 2023, "en")
        assert stored is not None and stored.total == 55
        forced = ingest_file(worse, store, replace_better=True)[0]
        assert forced.saved is not None and forced.saved.action == "replaced"


def test_a_report_of_no_known_country_is_not_stored(tmp_path: Path) -> None:
    unknown = tmp_path / "unknown.txt"
    text = SAMPLE_EN.read_text(encoding="utf-8").replace("Exampleland\n", "Nowhereland\n", 1)
    unknown.write_text(text.replace("On Exampleland", "On Nowhereland"), encoding="utf-8")
    with Store(f"sqlite:///{tmp_path / 'unknown.db'}", migrate=True) as store:
        outcome = ingest_file(unknown, store)[0]
        assert outcome.saved is None and "which country" in (outcome.error or "")
        assert store.list_assessments() == []
