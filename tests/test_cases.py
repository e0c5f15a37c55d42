"""Every case in ``../shared/cases/`` (inputs that broke the product) as a test, each with
its whole kind: a bad file never stops a batch; workbooks are read with limits; text reading
is bounded; globs do not loop through directory links; re-ingesting an unchanged file changes
nothing; a JSON import accepts only real assessments; spreadsheet exports are inert.

The two footnote cases belong to the report readers (issue 9) and are tested there. The
web cases (no page answers 500, every link stays on the site) are in ``test_web_routes.py``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from netfreedom.ingest import read_assessments_json
from netfreedom.store import Store

from .breaking import (
    CASES,
    SCORE_ROWS,
    damaged_workbooks,
    inflating_workbooks,
    nested_inputs,
    run_cli,
    small_workbook,
)
from .conftest import make_assessment
from .shared_data import SAMPLES, seed_path


def _case(name: str) -> Path:
    path = CASES / name
    if not path.exists():
        pytest.skip(f"no shared case {path}")
    return path


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """A readable report of our own (the English sample report) in the test folder."""
    target = tmp_path / "good.txt"
    shutil.copy(SAMPLES / "exampleland-2023-en.txt", target)
    return target


def _json_lines(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def _assert_one_line_for(run_errors: list[str], name: str) -> None:
    """Exactly one error line, naming ``name``, with no traceback or internal error."""
    mine = [line for line in run_errors if re.search(rf"(?<![\w.-]){re.escape(name)}", line)]
    assert len(mine) == 1, run_errors
    assert not any("Traceback" in line or "internal error" in line for line in run_errors), run_errors


# -- a bad file never stops a batch ------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".json", ".html", ".pdf", ".csv", ""])
def test_deep_nesting_is_one_line_and_the_batch_goes_on(tmp_path: Path, good: Path, suffix: str) -> None:
    deep = tmp_path / f"deep{suffix}"
    shutil.copy(_case("deep.txt"), deep)
    for command in ("check", "ingest"):
        run = run_cli(command, "--json", deep.name, good.name, cwd=tmp_path)
        assert run.code == 2, run
        records = _json_lines(run.stdout)
        failed = [r for r in records if "error" in r and r.get("file", "").endswith(deep.name)]
        assert len(failed) == 1 and "RecursionError" not in str(failed[0]["error"]), records
        read = [r for r in records if "country" in r]
        assert [r["country"]["iso3"] for r in read] == ["XEX"], records  # type: ignore[index]
        run = run_cli(command, deep.name, good.name, cwd=tmp_path)
        _assert_one_line_for(run.error_lines, deep.name)


@pytest.mark.parametrize("name", sorted(nested_inputs()))
def test_nested_input_of_every_format_is_one_line(tmp_path: Path, good: Path, name: str) -> None:
    (tmp_path / name).write_bytes(nested_inputs()[name])
    run = run_cli("ingest", name, good.name, cwd=tmp_path)
    assert run.code in (1, 2), run  # 1: read with findings; 2: refused. Never a crash.
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    if run.code == 2:
        _assert_one_line_for(run.error_lines, name)
    stored = Store(f"sqlite:///{tmp_path / 'netfreedom.db'}")
    try:
        assert stored.get("XEX", 2023, "en") is not None  # the good report was stored
    finally:
        stored.close()


def test_damaged_workbooks_are_one_line_each(tmp_path: Path, good: Path) -> None:
    workbooks = damaged_workbooks(tmp_path)
    for command in ("check", "ingest"):
        run = run_cli(command, *workbooks, good.name, cwd=tmp_path)
        assert run.code == 2, run
        for workbook in workbooks:
            _assert_one_line_for(run.error_lines, workbook.name)
        assert "Exampleland" in run.stdout or "XEX" in run.stdout, run.stdout  # the batch went on


# -- workbooks: limits on inflated size and cells, streaming read ------------------------------


def test_inflating_workbooks_are_refused_with_bounded_memory(tmp_path: Path, good: Path) -> None:
    books = inflating_workbooks()
    for name, data in books.items():
        assert len(data) < 16 * 1024 * 1024, name  # small files: the danger is inflation
        (tmp_path / name).write_bytes(data)
    for command in ("check", "ingest"):
        run = run_cli(command, *books, good.name, cwd=tmp_path, memory_mb=1024, timeout=240)
        assert run.code == 2, run
        for name in books:
            _assert_one_line_for(run.error_lines, name)
        assert "out of memory" not in run.stderr
        assert "XEX" in run.stdout or "Exampleland" in run.stdout, run.stdout


def test_a_readable_workbook_still_imports(tmp_path: Path) -> None:
    (tmp_path / "scores.xlsx").write_bytes(small_workbook(SCORE_ROWS))
    run = run_cli("ingest", "--json", "scores.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    (record,) = _json_lines(run.stdout)
    assert record["score_table"]["created"] == 2  # type: ignore[index]


# -- text reading is bounded -------------------------------------------------------------------


def test_twenty_megabytes_of_indicator_headings_is_bounded(tmp_path: Path, good: Path) -> None:
    head = "\n".join(seed_path().read_text(encoding="utf-8").split("\n")[:11])
    body = "A1 (0-6)\n5\n" * (20 * 1024 * 1024 // 11)
    (tmp_path / "repeated.txt").write_text(head + "\n\n" + body, encoding="utf-8")
    size_mb = (tmp_path / "repeated.txt").stat().st_size // (1024 * 1024)
    assert size_mb >= 20
    # The interpreter and libraries take ~300 MB of address space; the input may add a few times its size.
    run = run_cli("check", "--json", "repeated.txt", good.name, cwd=tmp_path, memory_mb=700, timeout=240)
    assert "out of memory" not in run.stderr and "internal error" not in run.stderr, run.stderr
    records = _json_lines(run.stdout)
    assert [r["country"]["iso3"] for r in records if "country" in r][-1] == "XEX"  # type: ignore[index]
    refused = [r for r in records if "error" in r]
    if refused:
        assert refused[0]["file"] == "repeated.txt" and "\n" not in str(refused[0]["error"])


# -- globs do not loop -------------------------------------------------------------------------


def test_quoted_glob_through_a_symlink_loop_ends(tmp_path: Path, good: Path) -> None:
    loop = tmp_path / "loop"
    (loop / "a").mkdir(parents=True)
    os.symlink("..", loop / "a" / "up")
    os.symlink(".", loop / "self")
    shutil.copy(good, loop / "a" / "r.txt")
    for argument in ("loop/**/*.txt", "loop/**", "loop/*/*.txt", "loop"):
        run = run_cli("check", "--json", argument, cwd=tmp_path, timeout=120)
        records = _json_lines(run.stdout)
        assert [r["country"]["iso3"] for r in records if "country" in r] == ["XEX"], (argument, run)  # type: ignore[index]


# -- re-ingest changes nothing, whatever came before -------------------------------------------


def _stored(database: Path) -> dict[str, object]:
    with Store(f"sqlite:///{database}") as store:
        stored = store.get("XEX", 2023, "en")
        assert stored is not None
        return stored.model_dump(mode="json", exclude={"provenance"})


def test_reingesting_an_unchanged_copy_changes_nothing_whatever_came_before(tmp_path: Path, good: Path) -> None:
    shutil.copy(good, tmp_path / "first.txt")
    shutil.copy(good, tmp_path / "second.txt")
    actions = []
    for name in ("first.txt", "second.txt", "first.txt", "second.txt"):
        run = run_cli("ingest", "--json", "--database", "one.db", name, cwd=tmp_path)
        (record,) = _json_lines(run.stdout)
        actions.append(record["ingest"]["action"])  # type: ignore[index]
    assert actions == ["created", "duplicate", "unchanged", "duplicate"]
    for name in ("second.txt", "first.txt"):
        run_cli("ingest", "--database", "two.db", name, cwd=tmp_path)
    assert _stored(tmp_path / "one.db") == _stored(tmp_path / "two.db")
    # the other copy is still reported, worked out afresh when shown
    run = run_cli("show", "--json", "--database", "one.db", "XEX", cwd=tmp_path)
    assert "duplicate-source" in {f["rule"] for f in json.loads(run.stdout)["findings"]}


# -- a JSON import accepts only real assessments -----------------------------------------------


def _exported(tmp_path: Path) -> dict[str, object]:
    """The English sample report as ``show --json`` prints it."""
    run_cli("ingest", "--database", "source.db", SAMPLES / "exampleland-2023-en.txt", cwd=tmp_path)
    run = run_cli("show", "--json", "--database", "source.db", "XEX", cwd=tmp_path)
    document: dict[str, object] = json.loads(run.stdout)
    return document


def _bad_documents(document: dict[str, object]) -> dict[str, dict[str, object]]:
    def changed(**update: object) -> dict[str, object]:
        return json.loads(json.dumps({**document, **update}))

    bad = {
        "unknown-methodology": changed(methodology="2022"),
        "formula-country": changed(country={"name": ' =HYPERLINK("http://evil.example","x")', "iso3": "XEX"}),
        "unknown-code": changed(country={"name": "Nowhere", "iso3": "QQQ"}),
        "name-of-another-country": changed(country={"name": "Kazakhstan", "iso3": "XEX"}),
        "total-out-of-range": changed(total=250),
        "negative-total": changed(total=-3),
    }
    indicators = json.loads(json.dumps(document["indicators"]))
    indicators[0]["score"] = indicators[0]["max"] + 7
    bad["indicator-above-maximum"] = changed(indicators=indicators)
    indicators = json.loads(json.dumps(document["indicators"]))
    indicators[0]["id"] = "Z9"
    bad["unknown-indicator"] = changed(indicators=indicators)
    categories = json.loads(json.dumps(document["categories"]))
    categories["A"]["score"] = 99
    bad["category-above-maximum"] = changed(categories=categories)
    return bad


def test_json_import_refuses_what_is_not_a_real_assessment(tmp_path: Path) -> None:
    shutil.copy(_case("methodology.json"), tmp_path / "methodology.json")
    document = _exported(tmp_path)
    assert not read_assessments_json(json.dumps(document).encode())[0].error  # the good one reads
    names = ["methodology.json"]
    for name, bad in _bad_documents(document).items():
        (tmp_path / f"{name}.json").write_text(json.dumps(bad), encoding="utf-8")
        items = read_assessments_json(json.dumps(bad).encode())
        assert items[0].assessment is None and items[0].error, name
        names.append(f"{name}.json")
    run = run_cli("ingest", *names, "--database", "target.db", cwd=tmp_path)
    assert run.code == 2, run
    for name in names:
        _assert_one_line_for(run.error_lines, name)
    assert "methodology" in next(line for line in run.error_lines if "methodology.json" in line)
    run = run_cli("show", "--database", "target.db", "XEX", cwd=tmp_path)
    assert run.code != 0  # nothing was stored


# -- spreadsheet exports are inert -------------------------------------------------------------

HOSTILE_CELLS = [" =HYPERLINK(\"http://evil.example\",\"x\")", "\n=1+1", "\t@SUM(A1)", "\r\n+1", "  -2+3",
                 "\u00a0=cmd", "\u3000@x", "\uff1d1+1", "=plain"]  # fmt: skip


def test_spreadsheet_exports_neutralise_leading_space_and_newlines(tmp_path: Path) -> None:
    database = tmp_path / "hostile.db"
    with Store(f"sqlite:///{database}", migrate=True) as store:
        for number, name in enumerate(HOSTILE_CELLS):
            store.save(make_assessment(iso3="XEX", edition=2000 + number, country_name=name))
    run = run_cli("export", "--format", "csv", "--database", database.name, cwd=tmp_path)
    assert run.code == 0, run
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    crlf = [("'" + name).replace("\r\n", "\n") for name in HOSTILE_CELLS]  # text-mode pipes fold CRLF
    assert sorted(r["country"] for r in rows) == sorted(crlf)
    run = run_cli("export", "--format", "xlsx", "--output", "out.xlsx", "--database", database.name, cwd=tmp_path)
    assert run.code == 0, run
    sheet = load_workbook(tmp_path / "out.xlsx", read_only=True).worksheets[0]
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted("'" + name for name in HOSTILE_CELLS)  # type: ignore[arg-type]
