"""Binary Excel 97-2003 workbooks (.xls) read as score tables with no options.

Early editions' score workbooks travel as ``.xls``: a sheet per edition, a hidden sheet, a
merged title, years typed into date-formatted cells, ``#N/A`` errors. Each file is written
here with xlwt; the scores are facts of ``../shared/data/fotn-scores.csv``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import xlwt

from netfreedom.ingest.tables.reader import UnreadableTableError, read_score_table
from netfreedom.methodology import Scale, Status

from .test_score_files_heldout import _errors, _landed

NF, PF, F = Status.NOT_FREE, Status.PARTLY_FREE, Status.FREE
LEGACY = Scale.LOWER_IS_FREER


def _xls(path: Path, sheets: dict[str, list[list[object]]], *, hidden: tuple[str, ...] = ()) -> Path:
    book = xlwt.Workbook()
    dates = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        if name in hidden:
            sheet.visibility = 1
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, tuple):  # ("merge", text, span) or ("date", number)
                    if value[0] == "merge":
                        sheet.write_merge(r, r, c, c + value[2] - 1, value[1])
                    else:
                        sheet.write(r, c, value[1], dates)
                elif value is not None:
                    sheet.write(r, c, value)
    book.save(str(path))
    return path


def test_an_xls_book_with_a_sheet_per_edition(tmp_path: Path) -> None:
    header = ["Country", "Status", "A", "B", "C", "Total"]
    path = _xls(tmp_path / "FOTN scores 2016-2017.xls", {
        "Notes": [["Scores of two editions, typed again for a class (invented)."]],
        "FOTN 2016": [[("merge", "Freedom on the Net 2016", 6)], header,
                      ["Belarus", "NF", 13, 21, 28, 62], ["Iceland", "F", 1, 1, 4, "6"],
                      ["Kazakhstan", "NF", 14, 23, 26, 63], ["Armenia", "#N/A", None, None, None, 30]],
        "FOTN 2017": [["Country", "Edition", "Status", "Total"],
                      ["Germany", ("date", 2017), "Free", 20], ["Gambia", ("date", 2017), "Not Free", 67]],
        "draft": [header, ["Belarus", "PF", 1, 1, 1, 3]],
    }, hidden=("draft",))  # fmt: skip
    table = read_score_table(path)
    assert table.format == "xls" and _errors(table) == []
    assert _landed(table) == {
        ("BLR", 2016): (NF, LEGACY, {"A": 13, "B": 21, "C": 28, "total": 62}),
        ("ISL", 2016): (F, LEGACY, {"A": 1, "B": 1, "C": 4, "total": 6}),
        ("KAZ", 2016): (NF, LEGACY, {"A": 14, "B": 23, "C": 26, "total": 63}),
        ("ARM", 2016): (None, LEGACY, {"total": 30}),  # #N/A: no status
        ("DEU", 2017): (F, LEGACY, {"total": 20}),
        ("GMB", 2017): (NF, LEGACY, {"total": 67}),
    }
    assert table.skipped_sheets == ["Notes", "draft"]


def test_an_ole_file_that_is_no_workbook_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "scores.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    with pytest.raises(UnreadableTableError, match=r"^scores\.xls: not a readable XLS workbook \(.+\)$"):
        read_score_table(path)
