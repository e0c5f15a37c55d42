"""Another index's scores are never stored as Freedom on the Net scores.

A Freedom in the World table has the columns of ours (Country, Status with Free / Partly
Free / Not Free, a 0-100 Total), so before this every such file, sheet or column was read
as Freedom on the Net. The files are written here in our own words; the figures are
invented for the other indices and taken from ``../shared/data/fotn-scores.csv`` for ours
(Kenya 2023: 67, Partly Free... only the shape matters: each value must land in the right
index or not at all).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from netfreedom.cli.main import cli
from netfreedom.ingest.tables.programmes import other_index
from netfreedom.ingest.tables.reader import OtherIndexError, read_score_table

from .test_score_files_heldout import _landed, _save


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Freedom in the World 2024", "Freedom in the World"),
        ("FIW 2024", "Freedom in the World"),
        ("fiw_total", "Freedom in the World"),
        ("Total Score (FIW)", "Freedom in the World"),
        ("Nations in Transit: Democracy Score", "Nations in Transit"),
        ("V-Dem liberal democracy", "V-Dem"),
        ("RSF score 2023", "World Press Freedom Index"),
        ("Freedom on the Net 2024", None),
        ("FOTN and FIW side by side", None),  # names ours too: the columns decide
        ("Unit", None),
        ("Total Score", None),
        ("", None),
    ],
)
def test_what_names_another_index(text: str, expected: str | None) -> None:
    assert other_index(text) == expected


def test_a_table_titled_freedom_in_the_world_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "country scores.csv"
    path.write_text("Freedom in the World 2024\nCountry,Status,Total\nKenya,PF,52\nNorway,F,100\n", encoding="utf-8")
    with pytest.raises(OtherIndexError) as raised:
        read_score_table(path)
    message = str(raised.value)
    assert message.startswith("country scores.csv: the table is Freedom in the World (title)")
    assert "\n" not in message


def test_a_file_named_for_another_index_stores_nothing_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "FIW 2023.csv").write_text("Country,Status,Total\nKenya,PF,48\n", encoding="utf-8")
    (tmp_path / "FOTN 2023.csv").write_text("Country,Status,Total\nKenya,PF,67\n", encoding="utf-8")
    database = str(tmp_path / "nf.db")
    result = CliRunner().invoke(
        cli,
        ["ingest", "--json", "--database", database, str(tmp_path / "FIW 2023.csv"), str(tmp_path / "FOTN 2023.csv")],
    )
    assert result.exit_code != 0 and "Traceback" not in result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip().startswith("{")]
    failed = [r for r in records if "error" in r]
    assert [Path(str(r["file"])).name for r in failed] == ["FIW 2023.csv"]
    exported = CliRunner().invoke(cli, ["export", "--database", database, "--format", "json"])
    assert exported.exit_code == 0, exported.output
    rows = json.loads(exported.stdout)
    rows = rows if isinstance(rows, list) else rows["rows"]
    assert [(r["iso3"], r["edition"], r["total"]) for r in rows] == [("KEN", 2023, 67)]


def test_a_column_headed_with_another_index_is_not_our_total(tmp_path: Path) -> None:
    path = tmp_path / "indices.csv"
    path.write_text(
        "Country,Edition,Status,Total Score (FIW),Total Score\nKenya,2023,PF,48,67\nNorway,2023,F,100,\n",
        encoding="utf-8",
    )
    table = read_score_table(path)
    landed = _landed(table)
    assert landed[("KEN", 2023)][2] == {"total": 67}
    assert landed[("NOR", 2023)][2] == {}
    assert "Total Score (FIW)" in table.ignored_columns
    assert not [p for p in table.problems if "disagree" in p.message]


def test_a_workbook_with_a_sheet_per_index_reads_only_ours(tmp_path: Path) -> None:
    ours = [["Country", "Status", "Total"], ["Kenya", "Partly Free", 67], ["Iceland", "Free", 94]]
    theirs = [["Country", "Status", "Total"], ["Kenya", "Partly Free", 48], ["Iceland", "Free", 94]]
    path = _save(tmp_path / "indices.xlsx", {"FOTN 2023": ours, "FIW 2023": theirs})
    table = read_score_table(path)
    assert {k: v[2]["total"] for k, v in _landed(table).items()} == {("KEN", 2023): 67, ("ISL", 2023): 94}
    warnings = [p for p in table.problems if p.severity == "warning" and p.sheet == "FIW 2023"]
    assert warnings and "Freedom in the World (sheet name)" in warnings[0].message


def test_a_band_naming_another_index_takes_its_columns_out(tmp_path: Path) -> None:
    rows = [
        ["", "Freedom on the Net 2023", "", "Freedom in the World 2023", ""],
        ["Country", "Status", "Total", "Status", "Total"],
        ["Kenya", "Partly Free", 67, "Partly Free", 48],
        ["Iceland", "Free", 94, "Free", 94],
    ]
    path = _save(tmp_path / "side.xlsx", {"Scores": rows})
    landed = _landed(read_score_table(path))
    assert {k: v[2]["total"] for k, v in landed.items()} == {("KEN", 2023): 67, ("ISL", 2023): 94}


def test_a_file_naming_both_is_read_by_its_nearest_context(tmp_path: Path) -> None:
    rows = [["Country", "Status", "Total"], ["Kenya", "Partly Free", 67]]
    path = _save(tmp_path / "fiw and fotn.xlsx", {"FOTN 2023": rows})
    assert {k: v[2]["total"] for k, v in _landed(read_score_table(path)).items()} == {("KEN", 2023): 67}
