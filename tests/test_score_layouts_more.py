"""More layouts of real score files, read with no options: a table under a long methodology
preamble, two tables side by side on one sheet, and the long "country, year, variable,
value" format of data compilations.

Every file is written at test time in our own words; the scores are facts of
``../shared/data/fotn-scores.csv``. Each value must land right or the file must fail with
one line naming it.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netfreedom.ingest.tables.reader import read_score_table
from netfreedom.methodology import Scale, Status

from .test_score_files_heldout import _errors, _landed, _save

LEGACY, CURRENT = Scale.LOWER_IS_FREER, Scale.HIGHER_IS_FREER
NF, PF, F = Status.NOT_FREE, Status.PARTLY_FREE, Status.FREE


def _preamble(lines: int) -> list[list[object]]:
    """Methodology prose as a report's annex writes it: one sentence a row, blank rows between paragraphs."""
    rows: list[list[object]] = []
    for n in range(lines):
        rows.append([f"Paragraph {n + 1}: how analysts weighed the evidence for this part, in brief."])
        if n % 4 == 3:
            rows.append([None])
    return rows


# -- a header below row 30 -----------------------------------------------------------------


def test_a_table_under_a_long_methodology_preamble(tmp_path: Path) -> None:
    rows = [["Freedom on the Net 2022: scores and method"], *_preamble(48),
            ["Country", "Obstacles to Access", "Limits on Content", "Violations of User Rights", "Total", "Status"],
            ["India", 13, 21, 17, 51, "Partly Free"], ["Iran", 7, 5, 4, 16, "Not Free"],
            ["Germany", 23, 28, 26, 77, "Free"], ["Egypt", 13, 10, 4, 27, "Not Free"]]  # fmt: skip
    path = _save(tmp_path / "annex.xlsx", {"Method and scores": rows})
    table = read_score_table(path)
    assert table.header_row == 62 and _errors(table) == []
    assert _landed(table) == {
        ("IND", 2022): (PF, CURRENT, {"A": 13, "B": 21, "C": 17, "total": 51}),
        ("IRN", 2022): (NF, CURRENT, {"A": 7, "B": 5, "C": 4, "total": 16}),
        ("DEU", 2022): (F, CURRENT, {"A": 23, "B": 28, "C": 26, "total": 77}),
        ("EGY", 2022): (NF, CURRENT, {"A": 13, "B": 10, "C": 4, "total": 27}),
    }


def test_a_semicolon_csv_under_a_preamble_whose_sentences_hold_commas(tmp_path: Path) -> None:
    preamble = "".join(f"Note {n}: scores, statuses and categories were checked twice, then published.\n"
                       for n in range(55))  # fmt: skip
    table_text = "Country;Edition;Status;Score\nCambodia;2016;NF;52\nCanada;2016;F;16\nBahrain;2016;NF;71\n"
    path = tmp_path / "fotn export.csv"
    path.write_text(preamble + "\n" + table_text, encoding="utf-8")
    table = read_score_table(path)
    assert _errors(table) == [] and table.header_row == 57
    assert _landed(table) == {
        ("KHM", 2016): (NF, LEGACY, {"total": 52}),
        ("CAN", 2016): (F, LEGACY, {"total": 16}),
        ("BHR", 2016): (NF, LEGACY, {"total": 71}),
    }


# -- two tables side by side on one sheet ---------------------------------------------------


def test_two_editions_side_by_side_with_their_own_titles(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Freedom on the Net 2017", None, None, None, None, "Freedom on the Net 2018"],
        [None],
        ["Country", "Status", "Total Score", None, None, "Country", "Status", "Obstacles to Access",
         "Limits on Content", "Violations of User Rights", "Total Score"],
        ["Georgia", "Free", 24, None, None, "Germany", "Free", 3, 6, 11, 20],
        ["Iran", "Not Free", 85, None, None, "Cuba", "Not Free", 21, 26, 32, 79],
        ["India", "Partly Free", 41, None, None, "Gambia", "Not Free", 20, 20, 27, 67],
        ["Hungary", "Free", 29],
        ["Scores: 0 = most free, 100 = least free."],
    ]  # fmt: skip
    # the sheet's name names the right-hand edition only: each table's own title decides
    table = read_score_table(_save(tmp_path / "two years.xlsx", {"FOTN 2018": rows}))
    assert _errors(table) == [] and [(t.header_row, t.columns.get("Country")) for t in table.tables] == [
        (3, "country"),
        (3, "country"),
    ]
    assert _landed(table) == {
        ("GEO", 2017): (F, LEGACY, {"total": 24}),
        ("IRN", 2017): (NF, LEGACY, {"total": 85}),
        ("IND", 2017): (PF, LEGACY, {"total": 41}),
        ("HUN", 2017): (F, LEGACY, {"total": 29}),
        ("DEU", 2018): (F, LEGACY, {"A": 3, "B": 6, "C": 11, "total": 20}),
        ("CUB", 2018): (NF, LEGACY, {"A": 21, "B": 26, "C": 32, "total": 79}),
        ("GMB", 2018): (NF, LEGACY, {"A": 20, "B": 20, "C": 27, "total": 67}),
    }


def test_three_tables_side_by_side_with_dated_headers_and_a_notes_column(tmp_path: Path) -> None:
    gap = [None]
    rows: list[list[object]] = [
        ["ISO3", "Score 2022", "Status 2022", *gap, "ISO3", "Score 2023", "Status 2023", *gap, *gap,
         "Country", "Total 2024", *gap, "Remarks", "Source"],
        ["EGY", 27, "NF", *gap, "KEN", 66, "PF", *gap, *gap, "Brazil", 65, *gap, "checked", "country page"],
        ["COL", 64, "PF", *gap, "GEO", 76, "F", *gap, *gap, "Iceland", 94, *gap, "checked", "country page"],
    ]  # fmt: skip
    table = read_score_table(_save(tmp_path / "three.xlsx", {"Data": rows}))
    assert len(table.tables) == 3 and _errors(table) == []
    assert _landed(table) == {
        ("EGY", 2022): (NF, CURRENT, {"total": 27}),
        ("COL", 2022): (PF, CURRENT, {"total": 64}),
        ("KEN", 2023): (PF, CURRENT, {"total": 66}),
        ("GEO", 2023): (F, CURRENT, {"total": 76}),
        ("BRA", 2024): (None, CURRENT, {"total": 65}),
        ("ISL", 2024): (None, CURRENT, {"total": 94}),
    }


def test_two_tables_that_touch_under_edition_labels(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["FOTN 2016", None, None, "FOTN 2017"],
        ["Country", "Status", "Score", "Country", "Status", "Score"],
        ["Belarus", "NF", 62, "France", "F", 26],  # France 2017: 74 on the current scale, 26 on the legacy one
        ["Cuba", "NF", 79, "Germany", "F", 20],
        ["Canada", "F", 16, None, None, None],
    ]  # fmt: skip
    table = read_score_table(_save(tmp_path / "touching.xlsx", {"Sheet1": rows}))
    assert _errors(table) == [] and len(table.tables) == 2
    assert _landed(table) == {
        ("BLR", 2016): (NF, LEGACY, {"total": 62}),
        ("CUB", 2016): (NF, LEGACY, {"total": 79}),
        ("CAN", 2016): (F, LEGACY, {"total": 16}),
        ("FRA", 2017): (F, LEGACY, {"total": 26}),
        ("DEU", 2017): (F, LEGACY, {"total": 20}),
    }


def test_an_empty_spacer_column_inside_one_table_keeps_it_one_table(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Country", "Status", None, "A", "B", "C", None, "Total"],
        ["Colombia", "Partly Free", None, 19, 24, 21, None, 64],
        ["Estonia", "Free", None, 25, 31, 37, None, 93],
    ]
    table = read_score_table(_save(tmp_path / "spaced.xlsx", {"FOTN 2023": rows}))
    assert len(table.tables) == 1 and _errors(table) == []
    assert _landed(table) == {
        ("COL", 2023): (PF, CURRENT, {"A": 19, "B": 24, "C": 21, "total": 64}),
        ("EST", 2023): (F, CURRENT, {"A": 25, "B": 31, "C": 37, "total": 93}),
    }


# -- one value a row: country, year, variable, value -----------------------------------------


def test_a_compilation_with_one_value_a_row(tmp_path: Path) -> None:
    lines = ["country_name,country_code,year,variable,value,source"]
    facts = {("Gambia", "GMB", 2016): {"fotn_total": 67, "fotn_a": 18, "fotn_b": 22, "fotn_c": 27, "fotn_status": "NF"},
             ("Cambodia", "KHM", 2016): {"fotn_status": "NF", "fotn_total": 52, "fotn_a": 15},
             ("Colombia", "COL", 2022): {"fotn_total": 64, "fotn_status": "PF", "fotn_b": 24}}  # fmt: skip
    for (name, code, year), values in facts.items():
        for variable, value in values.items():
            lines.append(f"{name},{code},{year},{variable},{value},compiled from the country reports")
            lines.append(f"{name},{code},{year},gdp_per_capita,1234.5,another data set")
    lines.append("Kenya,KEN,1998,gdp_per_capita,400.1,another data set")  # a year of another data set only
    lines.append("Cambodia,KHM,2016,fotn_total,52,a second source agreeing")
    lines.append("Source: an invented compilation of published indicators.")
    path = tmp_path / "compiled_long.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = read_score_table(path)
    assert _errors(table) == [] and "gdp_per_capita" in table.ignored_columns
    assert _landed(table) == {
        ("GMB", 2016): (NF, LEGACY, {"total": 67, "A": 18, "B": 22, "C": 27}),
        ("KHM", 2016): (NF, LEGACY, {"total": 52, "A": 15}),
        ("COL", 2022): (PF, CURRENT, {"total": 64, "B": 24}),
    }
    assert [row.row for row in table.rows] == [2, 12, 18]  # each at the file row of its first value


def test_an_indicator_sheet_with_two_values_for_one_variable_keeps_both(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Indicators of internet freedom (invented extract)"],
        ["ISO3", "Year", "Indicator", "Value"],
        ["HUN", 2017, "Total Score", 29], ["HUN", 2017, "Status", "Free"],
        ["ARM", 2017, "Total Score", 32], ["ARM", 2017, "Status", "Partly Free"],
        ["ARM", 2017, "Total Score", 30],  # a second figure for the same variable: both kept
    ]  # fmt: skip
    table = read_score_table(_save(tmp_path / "indicators.xlsx", {"long": rows}))
    got = sorted(((r.row, r.iso3, r.edition, r.status, dict(r.values)) for r in table.rows), key=lambda g: g[0])
    assert got == [(3, "HUN", 2017, F, {"total": 29}), (5, "ARM", 2017, PF, {"total": 32}),
                   (7, "ARM", 2017, PF, {"total": 30})]  # fmt: skip


# -- countries across the columns; trend arrows and change columns ---------------------------


def test_countries_across_the_columns_with_fields_down_the_rows(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Freedom on the Net 2023: a comparison (invented layout)"],
        ["Indicator", "Kenya", "Iceland", "Kazakhstan", "Brazil"],
        ["Status", "Partly Free", "Free", "Not Free", "Partly Free"],
        ["A: Obstacles to Access", 16, 25, 12, 20],
        ["B: Limits on Content", 27, 34, 12, 23],
        ["C: Violations of User Rights", 23, 35, 10, 21],
        ["Total Score", 66, 94, 34, 64],
        ["Scores as published; higher is freer."],
    ]  # fmt: skip
    table = read_score_table(_save(tmp_path / "comparison.xlsx", {"Chart data": rows}))
    assert _errors(table) == []
    assert _landed(table) == {
        ("KEN", 2023): (PF, CURRENT, {"A": 16, "B": 27, "C": 23, "total": 66}),
        ("ISL", 2023): (F, CURRENT, {"A": 25, "B": 34, "C": 35, "total": 94}),
        ("KAZ", 2023): (NF, CURRENT, {"A": 12, "B": 12, "C": 10, "total": 34}),
        ("BRA", 2023): (PF, CURRENT, {"A": 20, "B": 23, "C": 21, "total": 64}),
    }


def test_chart_data_with_a_column_per_country_and_a_row_per_edition(tmp_path: Path) -> None:
    path = tmp_path / "chart-fotn-totals.csv"
    path.write_text("Year,Egypt,Colombia,Germany\n2022,27,64,77\n2023,28,,77\n", encoding="utf-8")
    table = read_score_table(path)
    assert _errors(table) == []
    assert {(r.iso3, r.edition): dict(r.values) for r in table.rows} == {
        ("EGY", 2022): {"total": 27}, ("COL", 2022): {"total": 64}, ("DEU", 2022): {"total": 77},
        ("EGY", 2023): {"total": 28}, ("DEU", 2023): {"total": 77},
    }  # fmt: skip


def test_a_yearly_workbook_with_trend_arrows_changes_and_other_indicators(tmp_path: Path) -> None:
    header = ["Country", "Region", "FOTN 2017 Status", "FOTN 2017 Total Score", "Score change from 2016",
              "Trend arrow", "Obstacles to Access", "Limits on Content", "Violations of User Rights",
              "Internet Penetration 2016 (ITU)", "Population (millions)"]  # fmt: skip
    rows: list[list[object]] = [
        header,
        ["Germany ↑", "Europe", "Free", 20, "-1", "↑", 3, 6, 11, "90%", 82.7],
        ["Gambia ↓", "Sub-Saharan Africa", "Not Free", "67 (0)", "0", None, 20, 20, 27, "19%", 2.1],
        ["Armenia", "Eurasia", "Partly Free ↓", "32 ▼", "+2", "↓", 8, 10, 14, "62%", 3.0],
    ]  # fmt: skip
    table = read_score_table(_save(tmp_path / "FOTN2017.xlsx", {"Scores": rows}))
    assert _errors(table) == []
    assert _landed(table) == {
        ("DEU", 2017): (F, LEGACY, {"A": 3, "B": 6, "C": 11, "total": 20}),
        ("GMB", 2017): (NF, LEGACY, {"A": 20, "B": 20, "C": 27, "total": 67}),
        ("ARM", 2017): (PF, LEGACY, {"A": 8, "B": 10, "C": 14, "total": 32}),
    }


def test_data_sets_own_column_names(tmp_path: Path) -> None:
    qog = tmp_path / "qog_extract.csv"  # Quality of Government style names, FOTN variables among others
    qog.write_text("cname,ccode,ccodealp,year,fotn_total,fotn_status,wdi_pop\n"
                   "Ethiopia,231,ETH,2022,27,NF,123379924\nJapan,392,JPN,2022,77,F,125124989\n", encoding="utf-8")  # fmt: skip
    owid = tmp_path / "internet-freedom-score.csv"  # Our World in Data style
    owid.write_text("Entity,Code,Year,Internet freedom score\nCosta Rica,CRI,2022,88\nAustralia,AUS,2022,76\n")
    assert _landed(read_score_table(qog)) == {
        ("ETH", 2022): (NF, CURRENT, {"total": 27}),
        ("JPN", 2022): (F, CURRENT, {"total": 77}),
    }
    assert {(r.iso3, r.edition): dict(r.values) for r in read_score_table(owid).rows} == {
        ("CRI", 2022): {"total": 88},
        ("AUS", 2022): {"total": 76},
    }


# -- any arrangement of such cells reads or fails with our one-line errors -------------------

_VOCABULARY = ["Country", "ISO3", "Year", "Edition", "Variable", "Value", "Indicator", "Status", "Total Score", "A",
               "B1", "FOTN 2018", "Freedom on the Net 2017", "Kenya", "Brazil ↓", "Iran", "KEN", "2019", "2016",
               "Partly Free", "NF", "66", "64 (-2)", "31", "fotn_total", "Source: invented", "", "", "", None, None]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(st.sampled_from(_VOCABULARY), max_size=9), min_size=1, max_size=14))
def test_any_arrangement_of_table_cells_lays_out_without_a_traceback(rows: list[list[object]]) -> None:
    from netfreedom.ingest.formats.workbook import Grid
    from netfreedom.ingest.tables.layout import lay_out
    from netfreedom.ingest.tables.rows import RowReader

    layout = lay_out([Grid("FOTN 2020", rows)], "arranged.xlsx", {}, named_sheets=True)
    reader = RowReader(None)
    for record in layout.records:
        reader.parse(record)
    reader.finish(layout.sheet_scale, layout.file_scale())
