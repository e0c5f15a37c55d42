"""A CSV cell longer than Python's csv limit (131,072 characters) is one line naming the file
and the line it is on, in every CSV reader (score tables, evidence lists and reference
tables), never the csv module's own words ("field larger than field limit")."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from netfreedom.cli.main import cli
from netfreedom.text.csv_problems import csv_problem

LIMIT = 131_072  # the csv module's default; frictionless (export) raises it process-wide when it reads
LONG = "x" * (LIMIT + 10)


@pytest.fixture(autouse=True)
def default_csv_limit() -> Iterator[None]:
    before = csv.field_size_limit(LIMIT)
    yield
    csv.field_size_limit(before)


def _invoke(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--database", str(tmp_path / "nf.db")], catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("first.csv", f"Country,Edition,{LONG}\nKazakhstan,2022,32\n", 1),
        ("third.csv", f'Country,Edition,Total\nKazakhstan,2022,32\nRussia,2022,"{LONG}"\n', 3),
    ],
)
def test_score_table_names_the_file_and_the_line(tmp_path: Path, name: str, text: str, line: int) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    for command in ("check", "ingest"):
        code, err = _invoke(tmp_path, command, str(tmp_path / name))
        assert code == 2, err
        assert f"{name}: not readable as CSV, line {line}: a cell is longer than 131,072 characters" in err, err
        assert "field larger" not in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("outages.csv", f"Begin time,Country\n2023-01-01 10:00,KZ\n2023-01-02 10:00,{LONG}\n", 3),
        ("list.csv", f"url,category_code\nhttp://example.org/,{LONG}\n", 2),
        ("fingerprints.csv", f"name,scope,location_found,pattern_type,pattern\nfp_a,isp,body,full,{LONG}\n", 2),
    ],
)
def test_evidence_file_names_the_file_and_the_line(tmp_path: Path, name: str, text: str, line: int) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    code, err = _invoke(tmp_path, "evidence", "import", str(tmp_path / name))
    assert code == 2, err
    assert f"{name}: line {line}: a cell is longer than 131,072 characters" in err, err
    assert "field larger" not in err and "Traceback" not in err


def test_other_csv_errors_keep_their_words_after_the_line() -> None:
    assert csv_problem(csv.Error("new-line character seen in unquoted field"), 4) == (
        "line 4: new-line character seen in unquoted field"
    )
