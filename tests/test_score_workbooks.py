"""Score tables as real files vary: each variation read with no options.

Every table here is invented and written at test time with openpyxl or as CSV text: a title
line above a header in row 4, statuses as F/PF/NF and FREE/PARTLY FREE, category headers
worded per year, the edition in a column, the header, the sheet name, a title line or only
the file name, one sheet per edition, a wide sheet with one column per edition (formulas
with and without cached values), a notes sheet stating the scale, hundreds of empty
trailing rows, a footnote row, and country names as workbooks spell them. Scores are made
up; only the layouts matter. The real shared files are read in ``test_real_score_files.py``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from netfreedom.ingest.formats import workbook as workbook_limits
from netfreedom.ingest.tables.reader import UnreadableTableError, read_score_table
from netfreedom.methodology import Scale, Status

LEGACY, CURRENT = Scale.LOWER_IS_FREER, Scale.HIGHER_IS_FREER

TITLED_CSV = (
    "Internet freedom scores, made up for a test",
    "Compiled from the published country pages",
    "",
    "Country,Status,A Subtotal: Obstacles to access,B. Limits on Content (0-35),C: Violations of Users' Rights,Total Score",
    "Burma,NF,20,26,32,78",
    "China (PRC),NF,19,30,38,87",
    "Kazakhstan,PF,14,19,26,59",
    "The Netherlands,F,2,4,7,13",
    "",
    "Source: our own reading of the reports; 0 = most free",
)  # fmt: skip

NAMES_CSV = (
    "Country,Edition,Status,Total",
    "The Gambia,2024,PF,56",
    "Gambia,2024,PF,56",  # the same values again: one row
    '"Gambia, The",2023,PF,54',
    "Gambia,2023,PF,53",  # disagrees: kept as a second occurrence, a conflict when stored
    "Burma,2009,NF,70",
    '"Korea, South",2010,PF,40',
    "Netherlands,2008,F,12",
    "Kosovo Republic,2024,F,80",
)  # fmt: skip


def _save(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _cache(path: Path, values: dict[str, object], sheet_file: str = "xl/worksheets/sheet1.xml") -> None:
    """Give formula cells the cached values a spreadsheet program would have saved."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = members[sheet_file].decode()
    for coordinate, value in values.items():
        xml, count = re.subn(rf'(<c r="{coordinate}"[^>]*><f>[^<]*</f>)<v\s*(?:/>|></v>)', rf"\g<1><v>{value}</v>", xml)
        assert count == 1, coordinate
    members[sheet_file] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _by_key(table):  # type: ignore[no-untyped-def]
    return {(row.iso3, row.edition): row for row in table.rows}


def _errors(table) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(p) for p in table.problems if p.severity == "error"]


# -- header placement, status spellings, category wording, edition in the file name ------


def test_title_lines_header_in_row_four_short_statuses_and_edition_from_the_file_name(tmp_path: Path) -> None:
    text = "\n".join(TITLED_CSV)
    path = tmp_path / "FOTN 2015.csv"
    path.write_text(text + "\n" * 300, encoding="utf-8")
    table = read_score_table(path)
    assert table.header_row == 4 and table.rows_read == 4 and _errors(table) == []
    rows = _by_key(table)
    assert set(rows) == {("MMR", 2015), ("CHN", 2015), ("KAZ", 2015), ("NLD", 2015)}
    assert all(row.scale is LEGACY for row in rows.values())
    china = rows[("CHN", 2015)]
    assert china.status is Status.NOT_FREE and dict(china.values) == {"A": 19, "B": 30, "C": 38, "total": 87}
    assert rows[("NLD", 2015)].status is Status.FREE
    # the edition came from the file name: recorded as inferred
    assert "edition" in table.provenance().inferred
    assert any("0 = most free" in line for _, line in table.notes)


def test_long_words_for_status_and_a_scale_stated_in_the_header(tmp_path: Path) -> None:
    path = _save(tmp_path / "scores.xlsx", {"Sheet1": [
        ["Freedom on the Net 2016"],
        ["Country", "Edition", "Internet Freedom Status", "Total (0 = best, 100 = worst)"],
        ["Georgia", 2016, "FREE", 24],
        ["Kazakhstan", 2016, "PARTLY FREE", 45],  # 45 is Partly Free on both scales: the header decides
        ["Uzbekistan", 2016, "NOT FREE", 77],
    ]})  # fmt: skip
    table = read_score_table(path)
    assert _errors(table) == []
    assert {row.iso3: (row.status, row.scale, row.scale_from) for row in table.rows} == {
        "GEO": (Status.FREE, LEGACY, "header"),
        "KAZ": (Status.PARTLY_FREE, LEGACY, "header"),
        "UZB": (Status.NOT_FREE, LEGACY, "header"),
    }


# -- a workbook with one sheet per edition and a notes sheet --------------------------------


def _per_edition_book(path: Path, notes: list[list[object]] | None) -> Path:
    header = ["Country", "Status", "Obstacles to Access", "Limits on Content", "Violations of User Rights", "Total"]
    sheets: dict[str, list[list[object]]] = {
        "FOTN 2016": [header, ["Estonia", "F", 3, 1, 2, 6], ["Kenya", "PF", 9, 10, 13, 32], ["Cuba", "NF", 22, 27, 30, 79]],
        "FOTN 2017": [header, ["Estonia", "F", 3, 2, 2, 7], ["Hungary", "PF", 6, 14, 25, 45]],
        "2019": [header, ["Estonia", "F", 22, 33, 39, 94], ["Hungary", "PF", 20, 27, 25, 72]],
    }  # fmt: skip
    if notes is not None:
        sheets["Read me"] = notes
    return _save(path, sheets)


def test_a_sheet_per_edition_decides_the_scale_by_band_by_sheet_and_by_edition(tmp_path: Path) -> None:
    table = read_score_table(_per_edition_book(tmp_path / "by-edition.xlsx", notes=None))
    rows = _by_key(table)
    assert sorted(rows) == [("CUB", 2016), ("EST", 2016), ("EST", 2017), ("EST", 2019), ("HUN", 2017), ("HUN", 2019),
                            ("KEN", 2016)]  # fmt: skip
    assert {k: (r.scale, r.scale_from) for k, r in rows.items() if k[1] == 2016} == {
        ("EST", 2016): (LEGACY, "band"), ("KEN", 2016): (LEGACY, "band"), ("CUB", 2016): (LEGACY, "band"),
    }  # fmt: skip
    assert rows[("EST", 2019)].scale_from == "edition" and rows[("EST", 2019)].scale is CURRENT
    # Hungary 2017: Partly Free 45 fits both scales; Estonia's Free 7 on the same sheet is legacy
    assert (rows[("HUN", 2017)].scale, rows[("HUN", 2017)].scale_from) == (LEGACY, "sheet")
    assert {t.sheet for t in table.tables} == {"FOTN 2016", "FOTN 2017", "2019"}
    assert all(row.sheet == f"FOTN {row.edition}" or row.edition == 2019 for row in table.rows)


def test_rows_nothing_decides_are_named_and_a_notes_sentence_or_scale_option_decides_them(tmp_path: Path) -> None:
    header = ["Country", "Edition", "Status", "Total"]
    alone = _save(
        tmp_path / "alone.xlsx", {"Scores": [header, ["Hungary", 2017, "PF", 45], ["Kenya", 2017, "Partly Free", 50]]}
    )
    table = read_score_table(alone)
    assert table.rows == [] and table.rejected == 2
    assert table.ambiguous == ["Hungary 2017 (sheet 'Scores' row 2)", "Kenya 2017 (sheet 'Scores' row 3)"]
    assert all("--scale" in message for message in _errors(table))

    by_option = read_score_table(alone, default_scale="legacy")
    assert [(r.iso3, r.scale, r.scale_from) for r in by_option.rows] == [
        ("HUN", LEGACY, "option"),
        ("KEN", LEGACY, "option"),
    ]

    notes = [
        ["About these scores"],
        [None],
        ["Each country gets 0 to 100 points; 0 represents the most free and 100 the least free."],
    ]
    with_notes = _save(tmp_path / "notes.xlsx", {"Scores": [header, ["Hungary", 2017, "PF", 45]], "About": notes})
    table = read_score_table(with_notes)
    assert [(r.iso3, r.scale, r.scale_from) for r in table.rows] == [("HUN", LEGACY, "notes")]
    assert table.skipped_sheets == ["About"]


def test_a_notes_sheet_never_overrides_the_edition_or_the_band(tmp_path: Path) -> None:
    notes = [["Scores run from 0 (least free) to 100 (most free)."]]
    table = read_score_table(_per_edition_book(tmp_path / "noted.xlsx", notes=notes))
    rows = _by_key(table)
    assert rows[("EST", 2016)].scale is LEGACY and rows[("EST", 2019)].scale is CURRENT
    assert rows[("HUN", 2017)].scale_from == "sheet"


# -- a wide sheet: one column per edition, formulas -----------------------------------------


def test_wide_sheet_with_a_column_per_edition_and_formulas(tmp_path: Path) -> None:
    path = _save(tmp_path / "wide.xlsx", {"All editions": [
        ["Internet freedom over the years (made up)"],
        ["Country", "FOTN 2017", "FOTN 2018", '"Freedom on the Net 2018" Status', "2019", "2020"],
        ["Korea", 35, 35, "PF", 64, "=E3+2"],
        ["The Gambia", 51, None, None, 55, "=E4"],
        ["Gambia", None, None, None, None, "=E4+1"],
        ["Atlantis", 10, 12, "F", 90, 91],
        ["* 2020 values are this sheet's own arithmetic", None, None, None, None, None],
    ]})  # fmt: skip
    _cache(path, {"F3": 66, "F4": 55})  # F5 keeps no cached value
    table = read_score_table(path)
    [sheet] = table.tables
    assert (sheet.kind, sheet.header_row, sheet.editions) == ("wide", 2, (2017, 2018, 2019, 2020))
    rows = _by_key(table)
    assert {k: dict(r.values) for k, r in rows.items() if k[0] == "KOR"} == {
        ("KOR", 2018): {"total": 35}, ("KOR", 2019): {"total": 64}, ("KOR", 2020): {"total": 66},
    }  # fmt: skip
    # 2018: a status and a total of 35 fit only the legacy bands; 2019 on: the current scale
    assert (rows[("KOR", 2018)].status, rows[("KOR", 2018)].scale, rows[("KOR", 2018)].scale_from) == (
        Status.PARTLY_FREE, LEGACY, "band")  # fmt: skip
    assert rows[("KOR", 2020)].scale_from == "edition"
    # 2017 has totals only: nothing in the file decides their scale, so they are named
    assert table.ambiguous == [
        "South Korea 2017 (sheet 'All editions' row 3)",
        "Gambia 2017 (sheet 'All editions' row 4)",
    ]
    assert rows[("GMB", 2020)].values["total"] == 55 and ("GMB", 2018) not in rows
    uncached = [p for p in table.problems if "formula without a cached value" in p.message]
    assert len(uncached) == 1 and "F5" in uncached[0].message
    assert "Atlantis" in " ".join(_errors(table)) and table.unknown_countries == ["Atlantis"]
    assert any("own arithmetic" in line for _, line in table.notes)


# -- names, duplicates and conflicts inside one file ---------------------------------------


def test_names_as_files_write_them_and_disagreements_inside_one_file(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_text("\n".join(NAMES_CSV) + "\n", encoding="utf-8")
    table = read_score_table(path)
    keys = [(r.iso3, r.edition, r.occurrence) for r in table.rows]
    assert keys == [("GMB", 2024, 0), ("GMB", 2023, 0), ("GMB", 2023, 1), ("MMR", 2009, 0)]
    assert table.duplicates == 1
    assert table.rows[-1].scale is LEGACY  # the 2009 pilot: legacy band of Not Free 70
    errors = " | ".join(_errors(table))
    assert "no 2010 edition" in errors and "2008" in errors and "'Kosovo Republic'" in errors
    assert table.unknown_countries == ["Kosovo Republic"]


def test_merged_country_cells_continue_the_country_above(tmp_path: Path) -> None:
    path = _save(tmp_path / "merged.xlsx", {"Scores": [
        ["Country", "Year", "Score", "Status"],
        ["Kazakhstan", 2022, 32, "NF"],
        [None, 2023, 34, "NF"],
        ["Russia", 2023, 21, "NF"],
    ]})  # fmt: skip
    table = read_score_table(path)
    assert [(r.iso3, r.edition, r.values["total"]) for r in table.rows] == [
        ("KAZ", 2022, 32),
        ("KAZ", 2023, 34),
        ("RUS", 2023, 21),
    ]
    assert "country" in table.provenance().inferred


# -- limits and damaged files --------------------------------------------------------------


def test_workbook_limits_live_in_the_formats_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows: list[list[object]] = [["Country", "Edition", "Total"]] + [["Kenya", 2020, 70]] * 50
    path = _save(tmp_path / "many.xlsx", {"Scores": rows})
    assert len(read_score_table(path).rows) == 1  # 50 equal rows: one row, 49 duplicates
    monkeypatch.setattr(workbook_limits, "MAX_CELLS", 100)
    with pytest.raises(UnreadableTableError, match=r"many\.xlsx: .*more than 100 cells"):
        read_score_table(path)
    monkeypatch.setattr(workbook_limits, "MAX_CELLS", 2_000_000)
    monkeypatch.setattr(workbook_limits, "MAX_INFLATED_BYTES", 1000)
    with pytest.raises(UnreadableTableError, match="inflate"):
        read_score_table(path)


def test_a_forged_sheet_dimension_costs_nothing(tmp_path: Path) -> None:
    path = _save(tmp_path / "forged.xlsx", {"Scores": [["Country", "Edition", "Total"], ["Kenya", 2020, 70]]})
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', members[sheet])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    assert [(r.iso3, r.values["total"]) for r in read_score_table(path).rows] == [("KEN", 70)]


# -- the command line names what needs --scale and what stays unknown ----------------------


def test_ingest_names_rows_that_need_the_scale_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from click.testing import CliRunner

    from netfreedom.cli.main import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NETFREEDOM_DATABASE_URL", raising=False)
    path = _save(tmp_path / "open.xlsx", {"Scores": [
        ["Country", "Edition", "Status", "Total"],
        ["Hungary", 2017, "PF", 45],
        ["Atlantis", 2020, "F", 80],
        ["Kenya", 2020, "F", 70],
    ]})  # fmt: skip
    result = CliRunner().invoke(cli, ["ingest", str(path)], catch_exceptions=False)
    assert result.exit_code == 1  # some rows were not imported
    assert "1 rows need --scale legacy or --scale current" in result.stderr
    assert "Hungary 2017 (sheet 'Scores' row 2)" in result.stderr
    assert "unknown country names (not imported): Atlantis" in result.stderr
    result = CliRunner().invoke(cli, ["ingest", "--json", "--scale", "legacy", str(path)], catch_exceptions=False)
    document = json.loads(result.stdout.splitlines()[0])
    assert document["needs_scale"] == [] and document["unknown_countries"] == ["Atlantis"]
    assert document["editions"] == [2017, 2020] and document["score_table"]["unchanged"] == 1
    checked = CliRunner().invoke(cli, ["check", "--json", str(path)], catch_exceptions=False)
    document = json.loads(checked.stdout.splitlines()[0])
    assert document["needs_scale"] == ["Hungary 2017 (sheet 'Scores' row 2)"] and document["editions"] == [2020]


# -- headers on two rows, titles naming coverage years, averages ---------------------------


def test_editions_spanning_a_second_header_row(tmp_path: Path) -> None:
    path = _save(tmp_path / "banded.xlsx", {"Trend": [
        ["Made-up scores with editions as merged labels"],
        [None, "FOTN 2017", None, "FOTN 2018", None, "Freedom on the Net 2020"],
        ["Country or territory", "Status", "Score", "Status", "Score", "Score"],
        ["Kyrgyz Republic", "P.F.", 38, "PF", "37*", 56],
        ["Regional average", None, 40, None, 41, 50],
    ]})  # fmt: skip
    table = read_score_table(path)
    assert _errors(table) == [] and table.tables[0].editions == (2017, 2018, 2020)
    assert {(r.edition, r.status, r.values["total"], r.scale_from) for r in table.rows} == {
        (2017, Status.PARTLY_FREE, 38, "band"), (2018, Status.PARTLY_FREE, 37, "band"), (2020, None, 56, "edition"),
    }  # fmt: skip
    assert any("Regional average" in line for _, line in table.notes)


def test_question_ids_under_a_merged_category_header(tmp_path: Path) -> None:
    header = ["Country", "Status", "Obstacles to Access", None, None, None, None, "A", "Total Score"]
    questions = [None, None, "A1", "A2", "A3", "A4", "A5", None, None]
    path = _save(tmp_path / "questions.xlsx", {"FOTN 2021 (Jun 2020-May 2021)": [
        header, questions, ["Kenya", "F", 4, 2, 5, 5, 3, 19, 71],
    ]})  # fmt: skip
    table = read_score_table(path)
    [row] = table.rows
    assert (row.iso3, row.edition, table.header_row) == ("KEN", 2021, 2)
    assert dict(row.values) == {"A1": 4, "A2": 2, "A3": 5, "A4": 5, "A5": 3, "A": 19, "total": 71}


def test_a_scale_column_may_state_the_scale_in_words(tmp_path: Path) -> None:
    path = tmp_path / "worded.csv"
    path.write_text("Countries;Year;Scale;Score\nKenya;2016;0 = best, 100 = worst;45\n", encoding="utf-8")
    [row] = read_score_table(path).rows
    assert (row.scale, row.scale_from, row.values["total"]) == (LEGACY, "column", 45)


def test_spreadsheet_errors_scores_out_of_a_maximum_and_curly_apostrophes(tmp_path: Path) -> None:
    path = _save(tmp_path / "odd cells.xlsx", {"FOTN 2022": [
        ["Country", "Status", "Total", "A"],
        ["Côte d’Ivoire", "Partly Free", "52 of 100", "#N/A"],
        ["Congo (Kinshasa)", "Not Free", "#DIV/0!", "10/25"],
    ]})  # fmt: skip
    table = read_score_table(path)
    assert _errors(table) == []
    assert [(r.iso3, dict(r.values)) for r in table.rows] == [("CIV", {"total": 52}), ("COD", {"A": 10})]


def test_damaged_sheet_xml_is_one_line(tmp_path: Path) -> None:
    path = _save(tmp_path / "broken.xlsx", {"Scores": [["Country", "Edition", "Total"], ["Kenya", 2020, 70]]})
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"].replace(b"<row ", b"<row <", 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(UnreadableTableError, match=r"^broken\.xlsx: not a readable XLSX workbook \(") as caught:
        read_score_table(path)
    assert "\n" not in str(caught.value)
