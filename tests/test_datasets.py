"""Score datasets: reading CSV/XLSX score tables and importing them as observations.

The Freedom on the Net score table is read at run time from ``../shared/data`` (never copied
into the repository); the odd-layout tables are invented: ``tests/fixtures/datasets`` and
workbooks written here with openpyxl. Store tests run on SQLite and, when configured, on
PostgreSQL (the ``store`` fixture).
"""

from __future__ import annotations

import csv
import hashlib
import os
import random
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from netfreedom.ingest import ReadError, UnreadableInputError
from netfreedom.ingest.tables.reader import (
    READER_NAME,
    READER_VERSION,
    ColumnMappingError,
    HeaderNotFoundError,
    UnreadableTableError,
    read_score_table,
)
from netfreedom.methodology import Scale, Status
from netfreedom.services.tables import import_score_table
from netfreedom.store import Store

from .shared_data import SHARED

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "datasets"
ODD_CSV = FIXTURES / "odd-scores.csv"
MAXIMA = {"total": 100, "A": 25, "B": 35, "C": 40}


def scores_csv() -> Path:
    """``../shared/data/fotn-scores.csv``; skips outside CI when it is absent, fails in CI."""
    path = SHARED / "data" / "fotn-scores.csv"
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the score table is missing at {path}")
        pytest.skip(f"no score table at {path}")
    return path


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


# -- the FOTN score table -----------------------------------------------------------------


def test_fotn_scores_read_without_mapping() -> None:
    path = scores_csv()
    expected = csv_rows(path)
    table = read_score_table(path)
    assert table.header_row == 1 and table.ignored_columns == []
    assert set(table.columns.values()) >= {"country", "iso3", "edition", "scale", "status", "total", "A", "B", "C",
                                           "source_url", "note"}  # fmt: skip
    assert len(table.rows) == len(expected) == 605
    assert table.countries == len({r["iso3"] for r in expected}) == 72
    assert table.rejected == 0 and all(p.severity == "warning" for p in table.problems)
    assert len({(r.iso3, r.edition) for r in table.rows}) == 605  # one row per country and edition


def _check_stored(store: Store, row: dict[str, str], sha256: str) -> None:
    """The stored observations of one CSV row equal its cells (and the documented transform)."""
    observations = {o.field: o for o in store.observations(row["iso3"], int(row["edition"]))}
    legacy = row["scale"] == "lower_is_freer"
    assert observations["status"].status == Status(row["status"])
    for field, maximum in MAXIMA.items():
        if not row[field]:
            assert field not in observations
            continue
        stored = observations[field]
        published = int(row[field])
        assert (stored.raw_value, stored.published_value, stored.published_scale) == (
            row[field],
            published,
            Scale(row["scale"]),
        )
        assert stored.current_value == (maximum - published if legacy else published)
        assert stored.converted is legacy
    for stored in observations.values():
        assert (stored.source_kind, stored.source_name, stored.source_sha256) == ("dataset", "fotn-scores.csv", sha256)
        assert (stored.reader, stored.reader_version) == (READER_NAME, READER_VERSION)
        assert stored.source_url == (row["source_url"] or None) and stored.note == (row["note"] or None)
        assert stored.superseded_at is None


def test_fotn_scores_import_and_reimport(store: Store) -> None:
    path = scores_csv()
    rows = csv_rows(path)
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    summary = import_score_table(store, path)
    assert (summary.rows_read, summary.created, summary.updated, summary.unchanged, summary.rejected) == (
        605,
        605,
        0,
        0,
        0,
    )
    assert summary.countries == 72 and summary.conflicts == [] and summary.sha256 == sha256

    picker = random.Random(2024)
    legacy = [r for r in rows if r["scale"] == "lower_is_freer" and r["A"]]
    current = [r for r in rows if r["scale"] == "higher_is_freer" and r["A"]]
    totals_only = [r for r in rows if not r["A"]]
    for row in (picker.choice(legacy), picker.choice(current), picker.choice(totals_only), legacy[0]):
        _check_stored(store, row, sha256)
    first_legacy = legacy[0]
    stored_total = next(
        o for o in store.observations(first_legacy["iso3"], int(first_legacy["edition"])) if o.field == "total"
    )
    assert stored_total.current_value == 100 - int(first_legacy["total"])

    count = sum(len(store.value_history(r["iso3"], int(r["edition"]))) for r in rows[:40])
    fingerprint = store.fingerprint()
    again = import_score_table(store, path)
    assert (again.created, again.updated, again.unchanged, again.withdrawn, again.rejected) == (0, 0, 605, 0, 0)
    assert sum(len(store.value_history(r["iso3"], int(r["edition"]))) for r in rows[:40]) == count
    assert store.fingerprint() == fingerprint


def test_changed_value_in_a_copy_supersedes_the_old_one(store: Store, tmp_path: Path) -> None:
    path = scores_csv()
    import_score_table(store, path)
    rows = csv_rows(path)
    target = next(r for r in rows if r["iso3"] == "KAZ" and r["edition"] == "2025")
    old_total = int(target["total"])
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("Kazakhstan,KAZ,2025,"))
    changed_line = line.replace(f",{target['status']},{old_total},", f",{target['status']},{old_total + 1},", 1)
    assert changed_line != line
    copy = tmp_path / "fotn-scores.csv"  # the same file name: the same source, a new version
    copy.write_text(text.replace(line, changed_line), encoding="utf-8")

    summary = import_score_table(store, copy)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 604)
    history = store.value_history("KAZ", 2025, "total")
    assert [(o.published_value, o.superseded_at is None) for o in history] == [
        (old_total, False),
        (old_total + 1, True),
    ]
    old, new = history
    assert old.superseded_at is not None and old.superseded_at >= old.observed_at
    assert old.source_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert new.source_sha256 == hashlib.sha256(copy.read_bytes()).hexdigest()
    assert [o.published_value for o in store.observations("KAZ", 2025) if o.field == "total"] == [old_total + 1]
    # the A/B/C of that row did not change: one observation each, still current
    assert len(store.value_history("KAZ", 2025, "A")) == 1

    # importing the original back restores the value, with the change kept in history
    assert import_score_table(store, path).updated == 1
    assert [o.published_value for o in store.value_history("KAZ", 2025, "total")] == [
        old_total,
        old_total + 1,
        old_total,
    ]


def test_a_row_gone_from_the_file_is_withdrawn(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "a" / "odd-scores.csv"
    source.parent.mkdir()
    shutil.copy(ODD_CSV, source)
    import_score_table(store, source)
    lines = source.read_bytes().split(b"\r\n")
    source.write_bytes(b"\r\n".join(line for line in lines if not line.startswith(b"Kazakhstan;")))
    summary = import_score_table(store, source)
    assert (summary.withdrawn, summary.unchanged) == (1, 3)
    assert store.observations("KAZ", 2021) == []
    assert [o.status for o in store.value_history("KAZ", 2021)] == [Status.NOT_FREE]


# -- odd layouts --------------------------------------------------------------------------


def test_odd_csv_header_offset_placeholders_and_rejected_rows() -> None:
    table = read_score_table(ODD_CSV)
    assert (table.format, table.encoding, table.header_row) == ("csv", "utf-8-sig", 4)
    assert table.columns["C (/40)"] == "C" and table.columns["Obstacles to Access"] == "A"
    assert table.columns["Remarks"] == "note" and table.columns["ISO_Code"] == "iso3"
    assert [(r.iso3, r.edition, r.scale, r.status) for r in table.rows] == [
        ("XEX", 2017, Scale.LOWER_IS_FREER, Status.PARTLY_FREE),
        ("XEX", 2023, Scale.HIGHER_IS_FREER, Status.PARTLY_FREE),  # ISO code from the country name
        ("KAZ", 2021, Scale.HIGHER_IS_FREER, Status.NOT_FREE),
        ("UZB", 2020, Scale.HIGHER_IS_FREER, Status.NOT_FREE),  # no scale cell: the 2020 edition decides
    ]
    assert table.rows[2].values == {}  # n/a, —, -, N/A are missing values
    assert dict(table.rows[0].values) == {"total": 40, "A": 10, "B": 13, "C": 17}
    errors = {p.row: p for p in table.problems if p.severity == "error"}
    assert sorted(errors) == [9, 10, 11] and table.rejected == 3 and table.rows_read == 7
    assert table.rows[3].scale_from == "edition" and "Atlantis" in errors[9].message
    assert "outside 0-100" in errors[10].message and "Mostly Free" in errors[11].message
    assert all("\n" not in str(p) for p in table.problems)

    # --scale is only for rows nothing in the file decides: here there are none
    with_default = read_score_table(ODD_CSV, default_scale="lower_is_freer")
    assert [r.scale_from for r in with_default.rows] == [r.scale_from for r in table.rows]


def _odd_workbook(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Scores"
    sheet.append(["Scores by country (invented for the tests)"])
    sheet.append(["compiled by hand", None, "draft"])
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


ODD_ROWS: list[list[object]] = [
    ["Exampleland", "XEX", 2016.0, "legacy", 45, 11, 15, "19", None, "Semi-free", "https://example.org/x", None],
    ["Exampleland", "XEX", "FOTN 2023", "current", "55", 15, 22, 18, 4, "Partly Free", None, "N/A"],
    ["Kazakhstan", "N/A", 2022, "current", 32, "n/a", None, "—", None, "not_free", None, "from a chart"],
    ["Uzbekistan", "UZB", 2021, "current", 28, None, None, None, None, "nf", None, None],
]


def test_header_offset_xlsx_without_mapping(store: Store, tmp_path: Path) -> None:
    header = ["Country", "ISO-3", "FOTN Edition", "Scale", "Score", "A. Obstacles to Access",
              "B: Limits on Content", "Violations of User Rights", "A3", "Internet Freedom Status", "Source URL", "Notes"]  # fmt: skip
    path = _odd_workbook(tmp_path / "odd.xlsx", header, ODD_ROWS)
    table = read_score_table(path)
    assert (table.format, table.sheet, table.header_row) == ("xlsx", "Scores", 4)
    assert [(r.row, r.iso3, r.edition) for r in table.rows] == [(6, "XEX", 2023), (7, "KAZ", 2022), (8, "UZB", 2021)]
    [problem] = [p for p in table.problems if p.severity == "error"]
    assert problem.row == 5 and "Semi-free" in problem.message  # a status that is not one
    xex, kaz, uzb = table.rows
    assert dict(xex.values) == {"total": 55, "A": 15, "B": 22, "C": 18, "A3": 4}
    assert dict(kaz.values) == {"total": 32} and kaz.note == "from a chart" and xex.note is None
    assert uzb.status is Status.NOT_FREE

    summary = import_score_table(store, path)
    assert (summary.created, summary.rejected, summary.countries) == (3, 1, 3)
    a3 = next(o for o in store.observations("XEX", 2023) if o.field == "A3")
    assert (a3.current_value, a3.max, a3.row) == (4, 6, 6)
    # ignoring a column through the mapping drops its values
    ignoring = read_score_table(path, mapping={"A3": None})
    assert "A3" not in ignoring.rows[0].values and "A3" in ignoring.ignored_columns


def test_header_offset_xlsx_with_mapping(store: Store, tmp_path: Path) -> None:
    header = ["Land", "Jahr", "Skala", "Gesamtwert", "Status", "Zugang", "Inhalte", "Nutzerrechte", "Quelle"]
    rows: list[list[object]] = [
        ["Kasachstan", 2023, "higher_is_freer", 34, "Not Free", 12, 12, 10, "https://example.org/kz"],
        ["Usbekistan", 2019, "lower_is_freer", 73, "NF", "N/A", "-", "", None],
    ]
    path = _odd_workbook(tmp_path / "deutsch.xlsx", header, rows)
    with pytest.raises(HeaderNotFoundError, match="no header row"):
        read_score_table(path)
    mapping = {"Land": "country", "JAHR": "edition", "skala": "scale", "Gesamtwert": "total", "Zugang": "A",
               "Inhalte": "B", "Nutzerrechte": "C", "Quelle": "source_url"}  # fmt: skip
    # "Kasachstan" is no English or Russian name: map the rows by the ISO code instead
    table = read_score_table(path, mapping=mapping)
    assert table.rejected == 2 and "unknown country 'Kasachstan'" in str(table.problems[0])
    workbook_rows = [["KAZ", *row[1:]] for row in rows[:1]] + [["UZB", *rows[1][1:]]]
    path = _odd_workbook(tmp_path / "deutsch.xlsx", ["ISO", *header[1:]], workbook_rows)
    summary = import_score_table(store, path, mapping={k: v for k, v in mapping.items() if k != "Land"})
    assert (summary.created, summary.rejected) == (2, 0)
    uzb = {o.field: o for o in store.observations("UZB", 2019)}
    assert (uzb["total"].published_value, uzb["total"].current_value, uzb["total"].converted) == (73, 27, True)
    assert set(uzb) == {"total", "status"}
    kaz = {o.field: o for o in store.observations("KAZ", 2023)}
    assert kaz["C"].current_value == 10 and kaz["C"].source_url == "https://example.org/kz"


# -- errors -------------------------------------------------------------------------------


def test_unreadable_tables_raise_read_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    old_excel = tmp_path / "old.xls"
    old_excel.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    broken_zip = tmp_path / "broken.xlsx"
    broken_zip.write_bytes(b"PK\x03\x04" + b"not really a workbook" * 20)
    no_header = tmp_path / "prose.csv"
    no_header.write_text("just,some,words\nand,more,words\n", encoding="utf-8")
    cases = [
        (tmp_path / "missing.csv", UnreadableTableError, "does not exist"),
        (tmp_path, UnreadableTableError, "is a folder"),
        (empty, UnreadableTableError, "empty"),
        (old_excel, UnreadableTableError, ".xls"),
        (broken_zip, UnreadableTableError, "not a readable XLSX workbook"),
        (no_header, HeaderNotFoundError, "no header row"),
    ]
    for path, kind, words in cases:
        with pytest.raises(kind) as caught:
            read_score_table(path)
        assert isinstance(caught.value, ReadError) and words in str(caught.value) and "\n" not in str(caught.value)
    assert issubclass(UnreadableTableError, UnreadableInputError)
    with pytest.raises(ColumnMappingError, match="unknown field 'year_of_issue'"):
        read_score_table(ODD_CSV, mapping={"Year": "year_of_issue"})
    with pytest.raises(ColumnMappingError, match="'Jahr' is not in the header"):
        read_score_table(ODD_CSV, mapping={"Jahr": "edition"})
    with pytest.raises(ColumnMappingError, match="default scale"):
        read_score_table(ODD_CSV, default_scale="sideways")


def test_failed_read_writes_nothing(store: Store, tmp_path: Path) -> None:
    fingerprint = store.fingerprint()
    with pytest.raises(ReadError):
        import_score_table(store, tmp_path / "missing.csv")
    assert store.fingerprint() == fingerprint


def test_ingest_table_row_of_a_score_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ingest summary row of a score table: its coverage in "assessment", no language and
    no total (a table is no report), its row problems and conflicts in "findings"."""
    from click.testing import CliRunner

    from netfreedom.cli.main import cli

    path = scores_csv()
    years = sorted({int(r["edition"]) for r in csv_rows(path)})
    problems = len(read_score_table(path).problems)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NETFREEDOM_DATABASE_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "250")  # one line per row in rich's table
    result = CliRunner().invoke(cli, ["ingest", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if line.startswith("│ fotn-scores.csv"))
    cells = [cell.strip() for cell in line.strip("│").split("│")]
    assert cells == [
        "fotn-scores.csv",
        "rows: 605 created",
        f"score table: 72 countries, {len(years)} editions {years[0]}-{years[-1]}",
        "",
        "",
        f"{problems} row problems, 0 conflicts with other sources",
    ]
