"""Score files the readers were not written from: variations combined as real files combine them.

``test_score_workbooks.py`` tests each variation of issue 8 item 1 on its own; here every
file mixes several, plus variations real files show that the issue does not list: a header
in row 7 under a logo block, merged header cells over two rows with a "Total" under each
category, scores stored as text or as floats (``"67.0"``), statuses with trailing spaces,
footnote marks or an abbreviation in parentheses, an edition cell naming the programme and
its coverage period, one dated score column beside undated category columns, a hidden
sheet, CSV files with ``;`` separators in Windows-1252, a UTF-8 BOM or UTF-16 with tabs,
two-letter country codes, names as statistics offices write them, and the real 2024
workbook re-saved with its sheets reordered. Every file is written at test time; the
scores are facts from ``../shared/data/fotn-scores.csv`` (no prose is copied). Every value
must land right, or the file must fail with one line naming it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from netfreedom.ingest.tables.reader import HeaderNotFoundError, UnreadableTableError, read_score_table
from netfreedom.methodology import Scale, Status, load_methodology

from .test_real_score_files import shared_file

LEGACY, CURRENT = Scale.LOWER_IS_FREER, Scale.HIGHER_IS_FREER
NF, PF, F = Status.NOT_FREE, Status.PARTLY_FREE, Status.FREE


def _save(path: Path, sheets: dict[str, list[list[object]]], *, hidden: tuple[str, ...] = (),
          merged: dict[str, list[str]] | None = None) -> Path:  # fmt: skip
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in (merged or {}).get(title, []):
            sheet.merge_cells(cells)
        if title in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def _errors(table) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(p) for p in table.problems if p.severity == "error"]


def _landed(table) -> dict[tuple[str, int], tuple[object, ...]]:  # type: ignore[no-untyped-def]
    """(iso3, edition) -> (status, scale, values) of every accepted row; a second row for
    the same key (a conflict) fails the test."""
    found: dict[tuple[str, int], tuple[object, ...]] = {}
    for row in table.rows:
        key = (row.iso3, row.edition)
        assert key not in found, f"{key} read twice: {found[key]} and {row.values}"
        found[key] = (row.status, row.scale, dict(row.values))
    return found


# -- a logo block, header in row 7, numbers as text and floats, marked statuses -----------


def test_logo_block_header_in_row_seven_text_numbers_and_marked_statuses(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Internet freedom scores"], [None], ["Freedom on the Net 2020"], ["An invented export"], [None],
        ["Prepared for a test"],
        ["Country", "Total Score", "Status", "Region"],
        ["Russia", "30", "Not Free ", "Eurasia"],
        ["Kenya", "67.0", "Partly Free (PF)", "Africa"],
        ["Iceland", 95.0, "Free¹", "Europe"],
        ["Georgia", " 76 ", "FREE*", "Eurasia"],
        ["Cuba", 22, "NF†", "Americas"],
        *[[None, None, None, None]] * 200,
        ["¹ Status as printed on the country page."],
    ]  # fmt: skip
    path = _save(tmp_path / "logo.xlsx", {"Scores": rows}, merged={"Scores": ["A1:D1", "A3:D3"]})
    table = read_score_table(path)
    assert _errors(table) == [] and table.header_row == 7
    assert _landed(table) == {
        ("RUS", 2020): (NF, CURRENT, {"total": 30}),
        ("KEN", 2020): (PF, CURRENT, {"total": 67}),
        ("ISL", 2020): (F, CURRENT, {"total": 95}),
        ("GEO", 2020): (F, CURRENT, {"total": 76}),
        ("CUB", 2020): (NF, CURRENT, {"total": 22}),
    }


# -- the edition in an Edition column, written with the programme or the coverage ---------


def test_edition_cells_naming_the_programme_or_the_coverage_period(tmp_path: Path) -> None:
    path = _save(tmp_path / "editions.xlsx", {"All": [
        ["Country", "Edition", "Status", "Score"],
        ["Kazakhstan", "FOTN 2019 (June 2018 - May 2019)", "Not Free", 32],
        ["Kenya", "2018 edition", "PF", 68],
        ["Gambia", "Freedom on the Net 2017", "NF", 67],
        ["Estonia", "FOTN2016", "Free", 6],
        ["Iran", "June 2016 - May 2017", "NF", 85],  # a coverage period alone names no edition
    ]})  # fmt: skip
    table = read_score_table(path)
    assert _landed(table) == {
        ("KAZ", 2019): (NF, CURRENT, {"total": 32}),
        ("KEN", 2018): (PF, CURRENT, {"total": 68}),  # 68 is Partly Free only on the current bands
        ("GMB", 2017): (NF, LEGACY, {"total": 67}),
        ("EST", 2016): (F, LEGACY, {"total": 6}),
    }
    assert _errors(table) == ["sheet 'All' row 6: edition 'June 2016 - May 2017' is not a year"]


# -- one dated total beside undated status and categories ---------------------------------


def test_one_dated_score_column_beside_undated_categories_is_one_row(tmp_path: Path) -> None:
    header = ["Country", "Status", "Obstacles to Access", "Limits on Content", "Violations of User Rights",
              "FOTN 2023 Total Score"]  # fmt: skip
    path = _save(tmp_path / "subset.xlsx", {"Scores": [
        header, ["Kenya", "PF", 16, 27, 23, 66], ["Iran", "NF", 6, 4, 1, 11], ["Estonia", "F", 25, 31, 37, 93],
    ]})  # fmt: skip
    table = read_score_table(path)
    assert _errors(table) == []
    assert _landed(table) == {
        ("KEN", 2023): (PF, CURRENT, {"total": 66, "A": 16, "B": 27, "C": 23}),
        ("IRN", 2023): (NF, CURRENT, {"total": 11, "A": 6, "B": 4, "C": 1}),
        ("EST", 2023): (F, CURRENT, {"total": 93, "A": 25, "B": 31, "C": 37}),
    }


# -- merged header cells: categories over their questions, a Total under each -------------


def test_merged_category_headers_with_a_total_under_each_category(tmp_path: Path) -> None:
    indicators = load_methodology("fotn-2019").indicator_ids
    band: list[object] = ["Country", "Status"]
    lower: list[object] = [None, None]
    merged = ["A2:A3", "B2:B3"]
    for label, ids in (("Obstacles to Access", indicators[:5]), ("Limits on Content", indicators[5:13]),
                       ("Violations of User Rights", indicators[13:])):  # fmt: skip
        start = len(band) + 1
        band += [label] + [None] * len(ids)
        lower += [*ids, "Total"]
        merged.append(f"{_column(start)}2:{_column(start + len(ids))}2")
    band.append("Total Score")
    lower.append(None)
    merged.append(f"{_column(len(band))}2:{_column(len(band))}3")
    # Kazakhstan in the 2024 edition, per question as published
    kaz = [5, 2, 3, 2, 0, 2, 1, 1, 1, 1, 1, 2, 3, 1, 0, 2, 1, 2, 2, 2, 0]
    row: list[object] = ["Kazakhstan", "NF", *kaz[:5], 12, *kaz[5:13], 12, *kaz[13:], 10, 34]
    path = _save(tmp_path / "merged.xlsx", {"FOTN 2024": [["Scores by question"], band, lower, row]},
                 merged={"FOTN 2024": merged})  # fmt: skip
    table = read_score_table(path)
    assert _errors(table) == []
    expected = dict(zip(indicators, kaz, strict=True)) | {"A": 12, "B": 12, "C": 10, "total": 34}
    assert _landed(table) == {("KAZ", 2024): (NF, CURRENT, expected)}


def _column(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)


# -- hidden sheets ---------------------------------------------------------------------------


def test_a_hidden_sheet_is_not_read_as_scores(tmp_path: Path) -> None:
    path = _save(tmp_path / "hidden.xlsx", {
        "FOTN 2023": [["Country", "Status", "Total"], ["Russia", "NF", 21], ["Kenya", "PF", 66]],
        "old draft": [["Country", "Status", "Total"], ["Russia", "NF", 23], ["Kenya", "F", 70]],
        "lists": [["Country", "Status"], ["Russia", "NF"], ["Kenya", "PF"], [None, "F"]],
    }, hidden=("old draft", "lists"))  # fmt: skip
    table = read_score_table(path)
    assert _errors(table) == []
    assert _landed(table) == {("RUS", 2023): (NF, CURRENT, {"total": 21}), ("KEN", 2023): (PF, CURRENT, {"total": 66})}
    assert [t.sheet for t in table.tables] == ["FOTN 2023"]
    assert table.skipped_sheets == ["old draft", "lists"]


# -- CSV bytes: separators, encodings, decimal commas -------------------------------------

LEGACY_2016 = (
    ("Country", "Edition", "Status", "Total Score", "A", "B", "C"),
    ("Kazakhstan", "2016", "Not Free", "63,0", "14", "23", "26"),
    ("Türkiye", "2016", "NF", "61", "15", "20", "26"),
    ("Gambia, The", "2016", "N.F.", "67", "18", "22", "27"),
    ("Iceland", "2016", "Free ", "6", "1", "1", "4"),
    ("Côte d'Ivoire", "2016", "F", "24", "", "", ""),
    ("São Tomé and Príncipe", "2016", "F", "12", "", "", ""),
)


@pytest.mark.parametrize(
    ("name", "separator", "encoding", "prefix"),
    [
        ("excel-fr.csv", ";", "cp1252", ""),
        ("bom.csv", ",", "utf-8", "\ufeff"),
        ("export.txt", "\t", "utf-16", ""),
        ("pipes.csv", "|", "utf-8", ""),
    ],
)
def test_csv_separators_and_encodings(tmp_path: Path, name: str, separator: str, encoding: str, prefix: str) -> None:
    lines = [separator.join(f'"{c}"' if separator in c or "," in c else c for c in row) for row in LEGACY_2016]
    path = tmp_path / name
    path.write_bytes((prefix + "\r\n".join(lines) + "\r\n" + separator * 6 + "\r\n").encode(encoding))
    table = read_score_table(path)
    assert _errors(table) == []
    assert _landed(table) == {
        ("KAZ", 2016): (NF, LEGACY, {"total": 63, "A": 14, "B": 23, "C": 26}),
        ("TUR", 2016): (NF, LEGACY, {"total": 61, "A": 15, "B": 20, "C": 26}),
        ("GMB", 2016): (NF, LEGACY, {"total": 67, "A": 18, "B": 22, "C": 27}),
        ("ISL", 2016): (F, LEGACY, {"total": 6, "A": 1, "B": 1, "C": 4}),
        ("CIV", 2016): (F, LEGACY, {"total": 24}),
        ("STP", 2016): (F, LEGACY, {"total": 12}),
    }


# -- codes and names as other publishers write them ---------------------------------------


def test_two_letter_codes_and_names_as_statistics_offices_write_them(tmp_path: Path) -> None:
    path = _save(tmp_path / "FOTN 2020 codes.xlsx", {"Sheet1": [
        ["ISO2", "Total"], ["RU", 30], ["KE", "67"], ["is", 95],
    ], "Sheet2": [
        ["Country", "Total"],
        ["Burma/Myanmar", 31], ["U.A.E.", 30], ["Egypt, Arab Rep.", 26], ["Korea, Rep.", 65],
        ["Korea, Dem. People's Rep.", 1],  # not South Korea: stays unknown, named
    ]})  # fmt: skip
    table = read_score_table(path)
    assert {k: v[2] for k, v in _landed(table).items()} == {
        ("RUS", 2020): {"total": 30}, ("KEN", 2020): {"total": 67}, ("ISL", 2020): {"total": 95},
        ("MMR", 2020): {"total": 31}, ("ARE", 2020): {"total": 30}, ("EGY", 2020): {"total": 26},
        ("KOR", 2020): {"total": 65},
    }  # fmt: skip
    assert table.unknown_countries == ["Korea, Dem. People's Rep."]


# -- the real 2024 workbook, re-saved with its sheets reordered and a hidden copy -------------


def test_the_real_2024_workbook_resaved_with_sheets_reordered_and_a_hidden_copy(tmp_path: Path) -> None:
    source = shared_file("fotn-2024-country-score-data.xlsx")
    original = _landed(read_score_table(source))
    book = load_workbook(source)
    data = book.worksheets[0]
    copy = book.copy_worksheet(data)
    copy.title = "backup"
    copy.sheet_state = "hidden"
    copy["C3"] = "F"  # an edited backup: read, it would be a conflict for the first country
    book.move_sheet("Understanding our data", offset=-1)
    data.title = "Scores"  # the edition is still in the title line and the Edition column
    book.save(tmp_path / "resaved.xlsx")
    table = read_score_table(tmp_path / "resaved.xlsx")
    assert [s.title for s in book.worksheets] == ["Understanding our data", "Scores", "backup"]
    assert _errors(table) == [] and _landed(table) == original and len(original) == 72
    assert table.skipped_sheets == ["Understanding our data", "backup"]


# -- a batch through the command line: every good file lands, each bad one is one line ------


def test_a_batch_of_variants_through_ingest_with_no_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from netfreedom.cli.main import cli
    from netfreedom.store import Store

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NETFREEDOM_DATABASE_URL", raising=False)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "FOTN 2015.csv").write_bytes(b"Country;Status;Score\r\nKazakhstan;NF;61\r\nEstonia;F;7\r\n")
    (folder / "fotn-2020.tsv").write_text("Code\tStatus\tTotal\nGE\tFree\t76\n", encoding="utf-16")
    (folder / "web export.xls").write_text(  # a web site's "Excel" download: an HTML page
        "<html><head><meta charset='utf-8'><style>td {color: red}</style></head><body>"
        "<table><tr><th colspan='3'>Freedom on the Net 2019</th></tr>"
        "<tr><th>Country</th><th>Internet freedom status</th><th>Score</th></tr>"
        "<tr><td>Russia</td><td>Not Free</td><td>31</td></tr><tr><td>Hungary</td><td>Free</td><td>72</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    (folder / "menu.xls").write_text("<html><body><table><tr><td>Country</td></tr></table></body></html>")
    (folder / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500)
    (folder / "cut.xlsx").write_bytes(b"PK\x03\x04" + b"\0" * 40)
    (folder / "prose.csv").write_text("Nothing but a sentence about internet freedom.\n")
    _save(folder / "subset.xlsx", {"Scores": [
        ["Country", "Status", "Obstacles to Access", "Limits on Content", "Violations of User Rights",
         "FOTN 2023 Score"], ["Kenya", "Partly Free ", 16, 27, 23, "66"],
    ]})  # fmt: skip
    result = CliRunner().invoke(cli, ["ingest", str(folder)], catch_exceptions=False)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert "Traceback" not in result.output + result.stderr
    assert sorted(e.split(":")[1].strip() for e in errors) == ["cut.xlsx", "menu.xls", "old.xls", "prose.csv"], errors
    assert any("old.xls: not a readable XLS workbook" in e for e in errors)  # an OLE header and nothing else
    assert result.exit_code == 2  # some inputs could not be read; the others were imported
    store = Store(f"sqlite:///{tmp_path / 'netfreedom.db'}")
    got = {(iso3, p.edition): (p.total.published_value if p.total else None, p.status.status if p.status else None,
                               {c: o.published_value for c, o in p.categories.items()})
           for iso3 in ("KAZ", "EST", "KEN", "RUS", "HUN", "GEO") for p in store.series(iso3)}  # fmt: skip
    assert got == {("KAZ", 2015): (61, NF, {}), ("EST", 2015): (7, F, {}),
                   ("KEN", 2023): (66, PF, {"A": 16, "B": 27, "C": 23}), ("RUS", 2019): (31, NF, {}),
                   ("HUN", 2019): (72, F, {}), ("GEO", 2020): (76, F, {})}  # fmt: skip
    assert store.conflicts() == []


# -- a country column without a header label ----------------------------------------------


def test_a_country_column_without_a_label(tmp_path: Path) -> None:
    path = _save(tmp_path / "unlabelled.xlsx", {"FOTN 2018": [
        ["Made-up layout: the names' column has no header"],
        [None, "Status", "Total"],
        ["Brazil", "PF", 69], ["Kenya", "PF", 68], ["Estonia", "F", 94], ["Atlantis", "F", 90],
    ], "notes": [
        ["Score"], ["Russia"], ["Kenya"], ["Brazil"],  # a list under a word, with no values: not a table
    ]})  # fmt: skip
    table = read_score_table(path)
    assert _landed(table) == {
        ("BRA", 2018): (PF, CURRENT, {"total": 69}),  # 69 is Partly Free only on the current bands
        ("KEN", 2018): (PF, CURRENT, {"total": 68}),
        ("EST", 2018): (F, CURRENT, {"total": 94}),
    }
    assert table.unknown_countries == ["Atlantis"] and table.skipped_sheets == ["notes"]
    assert table.tables[0].header_row == 2


def test_no_header_at_all_is_one_line_naming_the_file(tmp_path: Path) -> None:
    path = _save(tmp_path / "lists.xlsx", {"lists": [["Kenya", "PF", 68], ["Brazil", "PF", 69]],
                                           "old": [["Country", "Total"], ["Kenya", 68]]}, hidden=("old",))  # fmt: skip
    with pytest.raises(HeaderNotFoundError) as caught:
        read_score_table(path)
    assert str(caught.value) == (
        "lists.xlsx: no header row with a country or ISO code and a score or status column in any sheet "
        "(hidden sheets not read: old)"
    )


# -- tables one below the other in one sheet, repeated headers, marked numbers --------------


def test_tables_stacked_in_one_sheet_with_repeated_headers_and_marked_numbers(tmp_path: Path) -> None:
    header = ["COUNTRY", "STATUS", "TOTAL (0–100)", "A. Obstacles to Access (0–25 points)"]
    path = _save(tmp_path / "history.xlsx", {"History": [
        ["Freedom on the Net 2018"], header,
        ["RUSSIA", "NF", "67¹", 19], ["Estonia", "F", 6, "2 (a)"], [None],
        header,  # repeated after a page break: still 2018
        ["Georgia", "Free", "25", None],
        ["¹ A footnote under the 2018 table"], [None], [None],
        ["Freedom on the Net 2019"], header,
        ["Russia", "NF", 31, None], ["Estonia", "F", "94*", "25"],
    ]})  # fmt: skip
    table = read_score_table(path)
    assert _errors(table) == []
    assert _landed(table) == {
        ("RUS", 2018): (NF, LEGACY, {"total": 67, "A": 19}),
        ("EST", 2018): (F, LEGACY, {"total": 6, "A": 2}),
        ("GEO", 2018): (F, LEGACY, {"total": 25}),
        ("RUS", 2019): (NF, CURRENT, {"total": 31}),
        ("EST", 2019): (F, CURRENT, {"total": 94, "A": 25}),
    }
    assert [(t.sheet, t.header_row) for t in table.tables] == [("History", 2), ("History", 6), ("History", 12)]
    assert any("footnote under the 2018 table" in line for _, line in table.notes)


# -- damage: one line naming the file, or problems that stay one short line ----------------


def test_an_unclosed_quote_fails_instead_of_reading_nothing(tmp_path: Path) -> None:
    path = tmp_path / "quoted.csv"
    path.write_text('Country,Edition,Total\nKenya,2020,67\n"Russia,2020,30\nIran,2020,15\n', encoding="utf-8")
    with pytest.raises(UnreadableTableError) as caught:
        read_score_table(path)
    assert str(caught.value) == "quoted.csv: a quote opened on line 3 is never closed"
    path.write_text('Country,Edition,Note,Total\nKenya,2020,"the ""A"" score",67\nIran,2020,a "b" c,15\n')
    assert [(r.iso3, r.values["total"], r.note) for r in read_score_table(path).rows] == [
        ("KEN", 67, 'the "A" score'), ("IRN", 15, 'a "b" c'),
    ]  # fmt: skip


def test_a_page_pasted_into_a_cell_is_quoted_short(tmp_path: Path) -> None:
    path = _save(tmp_path / "pasted.xlsx", {"FOTN 2022": [["Country", "Total"], ["Kenya", "sixty-six " * 500]]})
    [message] = _errors(read_score_table(path))
    assert message == "sheet 'FOTN 2022' row 2: total 'sixty-six sixty-six sixty-six sixty-six …' is not a whole number"


def test_two_columns_of_one_field_that_disagree_are_both_kept(tmp_path: Path) -> None:
    path = tmp_path / "FOTN 2020 two totals.csv"
    path.write_text("Country,Score,Total Score,Status\nKenya,67,68,PF\nRussia,30,30.0,NF\nIran,15,,NF\n")
    table = read_score_table(path)
    assert [(r.iso3, r.occurrence, r.values["total"]) for r in table.rows] == [
        ("KEN", 0, 67), ("KEN", 1, 68), ("RUS", 0, 30), ("IRN", 0, 15),
    ]  # fmt: skip
    assert [str(p) for p in table.problems] == ["row 2: two total columns disagree (67 and 68); both kept"]


def test_undated_columns_join_the_edition_of_the_sheet_beside_last_years_score(tmp_path: Path) -> None:
    header = ["Country", "Status", "A", "B", "C", "Score 2023", "Score 2024", "2023-2024 change"]
    path = _save(tmp_path / "change.xlsx", {
        "FOTN 2024": [header, ["Kenya", "PF", 16, 27, 22, 66, 65, -1]],
        "undated": [["Country", "Status", "Total", "2023 Total"], ["Kenya", "PF", 65, 66]],
    })  # fmt: skip
    table = read_score_table(path)
    assert _landed(table) == {
        ("KEN", 2023): (None, CURRENT, {"total": 66}),
        ("KEN", 2024): (PF, CURRENT, {"total": 65, "A": 16, "B": 27, "C": 22}),
    }
    # on the second sheet nothing dates Status and Total: they are not read, and the file says so once
    assert [str(p) for p in table.problems] == [
        "sheet 'undated' row 1: columns Status, Total name no edition, and neither the sheet, its title nor the "
        "file name gives one; not read"
    ]


def test_spaces_after_commas_and_years_in_date_formatted_cells(tmp_path: Path) -> None:
    spaced = tmp_path / "spaced.csv"
    spaced.write_text('Edition, Country, Status, Total\n2016, "Gambia, The", NF, 67\n2016, Kenya, F, 29\n')
    assert _landed(read_score_table(spaced)) == {
        ("GMB", 2016): (NF, LEGACY, {"total": 67}),
        ("KEN", 2016): (F, LEGACY, {"total": 29}),
    }
    book = Workbook()
    sheet = book.active
    sheet.title = "Scores"
    for row in (["Country", "Edition", "Status", "Total"], ["Kenya", 2019, "PF", 68], ["Iran", 2020, "NF", 15]):
        sheet.append(row)
    sheet["B2"].number_format = "m/d/yyyy"  # typed as a year, shown as 11 July 1905
    sheet["B3"].number_format = "yyyy-mm-dd"
    sheet["D3"].number_format = "d-mmm"  # a score shown as a date too: 15 January 1900
    book.save(tmp_path / "dated.xlsx")
    table = read_score_table(tmp_path / "dated.xlsx")
    assert _errors(table) == []
    assert _landed(table) == {("KEN", 2019): (PF, CURRENT, {"total": 68}), ("IRN", 2020): (NF, CURRENT, {"total": 15})}
