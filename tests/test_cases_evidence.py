"""The kinds of ``../shared/cases`` through the other command that reads files: ``netfreedom
evidence import``. A damaged, inflating, nested, binary, over-long or empty file is one line
naming it, exit 2, and the batch goes on (the good file after it is stored); nothing of the
bad file is stored; an empty folder says so (a folder of other files is a note, not an error).

``test_cases.py`` holds the same kinds for ``check`` and ``ingest``.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from .breaking import damaged_workbooks, inflating_workbooks, nested_inputs, run_cli

# Our own outage list: two events in the IODA layout (header names as IODA writes them).
IODA_HEADER = "ID,Begin time,End time,Country,Scope,Cause\n"
IODA_ROWS = (
    'B9000001,"Monday, January 3, 2022, 6:00:00 AM","Monday, January 3, 2022, 9:00:00 AM",Kazakhstan,Country,Unknown\n'
    'B9000002,"Tuesday, January 4, 2022, 6:00:00 AM","Tuesday, January 4, 2022, 7:00:00 AM",Kazakhstan,Country,\n'
)


def _good(folder: Path) -> Path:
    path = folder / "zz-outages.csv"
    path.write_text(IODA_HEADER + IODA_ROWS, encoding="utf-8")
    return path


def _stored_items(folder: Path) -> list[tuple[str, str]]:
    """(key, file name) of every evidence item in the store of ``folder``."""
    with sqlite3.connect(folder / "netfreedom.db") as db:
        rows = db.execute(
            "SELECT i.item_key, f.name FROM evidence_items i JOIN evidence_files f ON f.id = i.file_id ORDER BY i.item_key"
        ).fetchall()
    return [(key, name) for key, name in rows]


def _assert_one_line_each(stderr: str, names: list[str]) -> None:
    lines = [line for line in stderr.splitlines() if line.startswith("Error:")]
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    for name in names:
        mine = [line for line in lines if re.search(rf"(?<![\w.-]){re.escape(name)}", line)]
        assert len(mine) == 1, (name, lines)


def test_damaged_workbooks_fail_alone_and_the_batch_goes_on(tmp_path: Path) -> None:
    books = damaged_workbooks(tmp_path)
    good = _good(tmp_path)
    run = run_cli("evidence", "import", *books, good.name, cwd=tmp_path)
    assert run.code == 2, run
    _assert_one_line_each(run.stderr, [p.name for p in books])
    assert _stored_items(tmp_path) == [("ioda:B9000001", good.name), ("ioda:B9000002", good.name)]


def test_inflating_workbooks_are_refused_with_bounded_memory(tmp_path: Path) -> None:
    books = inflating_workbooks()
    for name, data in books.items():
        (tmp_path / name).write_bytes(data)
    good = _good(tmp_path)
    run = run_cli("evidence", "import", *books, good.name, cwd=tmp_path, memory_mb=1024, timeout=240)
    assert run.code == 2, run
    _assert_one_line_each(run.stderr, list(books))
    assert "out of memory" not in run.stderr
    assert [name for _, name in _stored_items(tmp_path)] == [good.name, good.name]


def test_nested_binary_long_and_empty_files_fail_alone(tmp_path: Path) -> None:
    bad: dict[str, bytes] = {name: data for name, data in nested_inputs().items() if name.endswith((".json", ".jsonl"))}
    bad["binary.jsonl"] = bytes(range(256)) * 64
    bad["binary.xlsx"] = bytes(range(256)) * 64
    bad["empty.csv"] = b""
    # An outage list whose second line is one 8 MB cell: the CSV module refuses the field.
    bad["long-line.csv"] = (IODA_HEADER + '"' + "x" * (8 << 20) + '",x\n').encode()
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    good = _good(tmp_path)
    run = run_cli("evidence", "import", *bad, good.name, cwd=tmp_path)
    assert run.code == 2, run
    failed = [n for n in bad if re.search(rf"Error: {re.escape(n)}\b", run.stderr)]
    assert {"binary.xlsx", "empty.csv", "long-line.csv"} <= set(failed), run.stderr
    _assert_one_line_each(run.stderr, failed)
    assert [name for _, name in _stored_items(tmp_path)] == [good.name, good.name]


def test_an_empty_folder_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty-folder").mkdir()
    (tmp_path / "empty-folder" / ".hidden").write_text("not a file anyone meant", encoding="utf-8")
    good = _good(tmp_path)
    run = run_cli("evidence", "import", "empty-folder", good.name, cwd=tmp_path)
    assert run.code == 2, run
    _assert_one_line_each(run.stderr, ["empty-folder"])
    assert len(_stored_items(tmp_path)) == 2


def test_a_device_and_an_oversized_reference_table_fail_alone(tmp_path: Path) -> None:
    # A test list (a reference table, read whole) past the 64 MiB limit of every input: sparse, so cheap to make.
    with (tmp_path / "huge-list.csv").open("wb") as handle:
        handle.write(b"url,category_code\nhttps://example.org/,NEWS\n")
        handle.truncate(65 << 20)
    good = _good(tmp_path)
    run = run_cli("evidence", "import", "/dev/zero", "huge-list.csv", good.name, cwd=tmp_path, memory_mb=1024)
    assert run.code == 2, run
    _assert_one_line_each(run.stderr, ["/dev/zero", "huge-list.csv"])
    assert "/dev/zero: not a regular file" in run.stderr and "larger than 64 MiB" in run.stderr
    assert len(_stored_items(tmp_path)) == 2
