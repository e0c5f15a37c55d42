"""OpenDocument spreadsheets (.ods, flat .fods) read as score tables with no options.

LibreOffice and other programs save score workbooks as ODS: several sheets, a hidden one,
merged title cells (the cells they cover are ``covered-table-cell``), totals as formulas with
the value the program cached, and a table padded with repeated empty rows and columns up to
the sheet's end (``number-rows-repeated="1048000"``). Every file is written here with odfpy or
as XML text; the scores are facts of ``../shared/data/fotn-scores.csv``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableProperties
from odf.table import CoveredTableCell, Table, TableCell, TableRow
from odf.text import P

from netfreedom.ingest.formats.opendocument import MAX_ROWS, read_opendocument
from netfreedom.ingest.tables.reader import UnreadableTableError, read_score_table
from netfreedom.methodology import Scale, Status

NF, PF, F = Status.NOT_FREE, Status.PARTLY_FREE, Status.FREE
CURRENT = Scale.HIGHER_IS_FREER


class Formula:
    """A formula cell; ``cached`` is the value the program saved with it (``None``: none)."""

    def __init__(self, formula: str, cached: int | None) -> None:
        self.formula, self.cached = formula, cached


class Merged:
    """A text cell spanning ``span`` columns (the cells it covers follow it)."""

    def __init__(self, text: str, span: int) -> None:
        self.text, self.span = text, span


class Padding:
    """``rows`` repeated empty rows of ``columns`` repeated empty cells."""

    def __init__(self, rows: int, columns: int = 1024) -> None:
        self.rows, self.columns = rows, columns


def _cell(value: object) -> list[TableCell]:
    if value is None:
        return [TableCell()]
    if isinstance(value, Formula):
        if value.cached is None:
            return [TableCell(formula=value.formula)]
        cell = TableCell(formula=value.formula, valuetype="float", value=value.cached)
        cell.addElement(P(text=str(value.cached)))
        return [cell]
    if isinstance(value, Merged):
        cell = TableCell(valuetype="string", numbercolumnsspanned=value.span)
        cell.addElement(P(text=value.text))
        return [cell, *[CoveredTableCell() for _ in range(value.span - 1)]]
    if isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=value)
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=str(value)))
    return [cell]


def _ods(path: Path, sheets: dict[str, list[object]], *, hidden: tuple[str, ...] = ()) -> Path:
    document = OpenDocumentSpreadsheet()
    hide = Style(name="HiddenSheet", family="table")
    hide.addElement(TableProperties(display="false"))
    document.automaticstyles.addElement(hide)
    for name, rows in sheets.items():
        table = Table(name=name, stylename=hide) if name in hidden else Table(name=name)
        for row in rows:
            if isinstance(row, Padding):
                element = TableRow(numberrowsrepeated=row.rows)
                element.addElement(TableCell(numbercolumnsrepeated=row.columns))
            else:
                element = TableRow()
                for value in row:  # type: ignore[attr-defined]
                    for cell in _cell(value):
                        element.addElement(cell)
            table.addElement(element)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def _landed(table) -> dict[tuple[str, int], tuple[object, ...]]:  # type: ignore[no-untyped-def]
    found: dict[tuple[str, int], tuple[object, ...]] = {}
    for row in table.rows:
        key = (row.iso3, row.edition)
        assert key not in found, f"{key} read twice"
        found[key] = (row.status, row.scale, dict(row.values))
    return found


def _book(path: Path) -> Path:
    header = ["Country", "Status", "Obstacles to Access", "Limits on Content", "Violations of User Rights", "Total"]
    return _ods(path, {
        "About": [["How these scores were put together, in a few invented words."], Padding(5000, 64)],
        "FOTN 2023": [
            [Merged("Freedom on the Net 2023 (invented layout)", 6)], [None], header,
            ["Kenya", "Partly Free", 16, 27, 23, Formula("of:=SUM([.C4:.E4])", 66)],
            ["Iran", "Not Free", 6, 4, 1, Formula("of:=SUM([.C5:.E5])", 11)],
            [None, None, None, None, None, None, None, "a note far to the right"],
            ["Estonia", "Free", 25, 31, 37, 93],
            Padding(1_048_000),
        ],
        "FOTN 2024": [header, ["Brazil", "PF", 20, 25, 20, 65], ["Cuba", "NF", 5, 9, 6, 20],
                      Padding(3), ["Iceland", "F", 25, 34, 35, 94], Padding(1_048_000, 16384)],
        "old draft": [header, ["Kenya", "PF", 10, 10, 10, 30]],
    }, hidden=("old draft",))  # fmt: skip


def test_an_ods_workbook_reads_as_the_same_workbook_in_xlsx_would(tmp_path: Path) -> None:
    table = read_score_table(_book(tmp_path / "fotn scores.ods"))
    assert table.format == "ods" and [p for p in table.problems if p.severity == "error"] == []
    assert _landed(table) == {
        ("KEN", 2023): (PF, CURRENT, {"total": 66, "A": 16, "B": 27, "C": 23}),
        ("IRN", 2023): (NF, CURRENT, {"total": 11, "A": 6, "B": 4, "C": 1}),
        ("EST", 2023): (F, CURRENT, {"total": 93, "A": 25, "B": 31, "C": 37}),
        ("BRA", 2024): (PF, CURRENT, {"total": 65, "A": 20, "B": 25, "C": 20}),
        ("CUB", 2024): (NF, CURRENT, {"total": 20, "A": 5, "B": 9, "C": 6}),
        ("ISL", 2024): (F, CURRENT, {"total": 94, "A": 25, "B": 34, "C": 35}),
    }
    assert table.skipped_sheets == ["About", "old draft"] and table.header_row == 3
    assert any("invented words" in line for _, line in table.notes)


def test_repeated_empty_rows_and_columns_are_never_expanded(tmp_path: Path) -> None:
    grids = {g.name: g for g in read_opendocument(_book(tmp_path / "padded.ods").read_bytes(), "padded.ods")}
    assert [len(grids[name].rows) for name in grids] == [1, 7, 7, 2]
    assert max(len(row) for grid in grids.values() for row in grid.rows) == 8  # the note in column H
    assert grids["FOTN 2023"].rows[0] == ["Freedom on the Net 2023 (invented layout)"]  # covered cells empty
    assert grids["FOTN 2024"].rows[3:6] == [[], [], []]  # three empty rows between data rows are kept
    assert [g.hidden for g in grids.values()] == [False, False, False, True]


def test_a_formula_saved_without_its_value_is_named(tmp_path: Path) -> None:
    path = _ods(tmp_path / "computed elsewhere.ods", {"FOTN 2023": [
        ["Country", "A", "B", "C", "Total Score", "Status"],
        ["Georgia", 19, 29, 28, Formula("of:=SUM([.B2:.D2])", None), "Free"],
        ["India", 13, 20, 17, 50, "Partly Free"],
    ]})  # fmt: skip
    table = read_score_table(path)
    assert _landed(table) == {
        ("GEO", 2023): (F, CURRENT, {"A": 19, "B": 29, "C": 28}),
        ("IND", 2023): (PF, CURRENT, {"A": 13, "B": 20, "C": 17, "total": 50}),
    }
    assert any("cell E2 is a formula without a cached value" in str(p) for p in table.problems)


def test_the_real_2024_workbook_saved_as_ods_reads_as_the_xlsx_does(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from .test_real_score_files import shared_file

    source = shared_file("fotn-2024-country-score-data.xlsx")
    book = load_workbook(source, data_only=True)
    sheets: dict[str, list[object]] = {}
    for sheet in book.worksheets:  # each value as the program cached it, merged ranges as ODS writes them
        spans = {(r.min_row, r.min_col): r.max_col - r.min_col + 1 for r in sheet.merged_cells.ranges}
        covered = {(row, col) for r in sheet.merged_cells.ranges for row in range(r.min_row, r.max_row + 1)
                   for col in range(r.min_col, r.max_col + 1)} - set(spans)  # fmt: skip
        rows: list[object] = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells: list[object] = []
            for column, value in enumerate(row, start=1):
                if (number, column) in covered:
                    continue
                span = spans.get((number, column), 1)
                cells.append(Merged(str(value), span) if span > 1 and value is not None else value)
                cells.extend([None] * (span - 1) if span > 1 and value is None else [])
            rows.append(cells)
        sheets[sheet.title] = [*rows, Padding(1_048_576 - len(rows))]
    converted = read_score_table(_ods(tmp_path / "fotn-2024.ods", sheets))
    original = read_score_table(source)
    assert len(original.rows) == 72 and _landed(converted) == _landed(original)
    assert [p for p in converted.problems if p.severity == "error"] == []


_FLAT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:automatic-styles>
  <style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>
 </office:automatic-styles>
 <office:body><office:spreadsheet>
  <table:table table:name="Edition 2018">
   <table:table-header-rows><table:table-row>
    <table:table-cell office:value-type="string"><text:p>Country</text:p></table:table-cell>
    <table:table-cell table:number-columns-repeated="2"/>
    <table:table-cell office:value-type="string"><text:p>Total<text:s/>score</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p>Status</text:p></table:table-cell>
   </table:table-row></table:table-header-rows>
   <table:table-row>
    <table:table-cell office:value-type="string"><text:p>Hungary</text:p>
     <office:annotation><text:p>Kenya 12 Not Free (a comment, not the cell)</text:p></office:annotation></table:table-cell>
    <table:table-cell table:number-columns-repeated="2"/>
    <table:table-cell office:value-type="float" office:value="71"><text:p>71</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p>Free</text:p></table:table-cell>
   </table:table-row>
   <table:table-row-group><table:table-row>
    <table:table-cell office:value-type="string"><text:p>Kazakhstan</text:p></table:table-cell>
    <table:table-cell table:number-columns-repeated="2"/>
    <table:table-cell office:value-type="float" office:value="38"><text:p>38</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p>Not<text:s/>Free</text:p></table:table-cell>
   </table:table-row></table:table-row-group>
   <table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
  </table:table>
  <table:table table:name="Edition 2018 (old)" table:style-name="ta2">
   <table:table-row><table:table-cell><text:p>Country</text:p></table:table-cell>
    <table:table-cell><text:p>Status</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell><text:p>Hungary</text:p></table:table-cell>
    <table:table-cell><text:p>Not Free</text:p></table:table-cell></table:table-row>
  </table:table>
 </office:spreadsheet></office:body>
</office:document>
"""


def test_a_flat_fods_file(tmp_path: Path) -> None:
    path = tmp_path / "scores.fods"
    path.write_text(_FLAT, encoding="utf-8")
    table = read_score_table(path)
    assert table.format == "ods" and table.skipped_sheets == ["Edition 2018 (old)"]
    assert _landed(table) == {("HUN", 2018): (F, CURRENT, {"total": 71}), ("KAZ", 2018): (NF, CURRENT, {"total": 38})}


def test_a_value_below_too_many_empty_rows_is_refused_in_one_line(tmp_path: Path) -> None:
    path = _ods(tmp_path / "forged.ods", {"S": [["Country", "Status"], Padding(MAX_ROWS + 5, 2), ["Kenya", "PF"]]})
    with pytest.raises(
        UnreadableTableError, match=r"^forged\.ods: the spreadsheet has more than 100,000 rows; refused$"
    ):
        read_score_table(path)


def test_a_batch_with_bad_spreadsheets_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from netfreedom.cli.main import cli
    from netfreedom.store import Store

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NETFREEDOM_DATABASE_URL", raising=False)
    folder = tmp_path / "in"
    folder.mkdir()
    _book(folder / "good.ods")
    good = (folder / "good.ods").read_bytes()
    (folder / "cut.ods").write_bytes(good[: len(good) // 2])
    (folder / "broken.fods").write_text(_FLAT.replace("</office:body>", ""), encoding="utf-8")
    (folder / "flat.fods").write_text(_FLAT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(folder)], catch_exceptions=False)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert "Traceback" not in result.output + result.stderr and result.exit_code == 2
    assert sorted(e.split(":")[1].strip() for e in errors) == ["broken.fods", "cut.ods"], errors
    assert all("not a readable OpenDocument spreadsheet" in e for e in errors), errors
    store = Store(f"sqlite:///{tmp_path / 'netfreedom.db'}")
    totals = {(iso3, p.edition): p.total.published_value for iso3 in ("KEN", "ISL", "HUN", "KAZ")
              for p in store.series(iso3) if p.total}  # fmt: skip
    assert totals == {("KEN", 2023): 66, ("ISL", 2024): 94, ("HUN", 2018): 71, ("KAZ", 2018): 38}
