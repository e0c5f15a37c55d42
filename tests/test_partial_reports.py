"""Partial reports are stored and marked everywhere (issue 9, item 3).

Partial copies are made at run time by cutting the real seed report (../shared/seeds) in a
temporary folder: its score block alone, or the whole report without the C section. Each is
ingested through the real pipeline into SQLite and, when a server is configured, PostgreSQL
(the ``database_url`` fixture), and must be stored as partial and shown as partial on the
home page, the compare page, the indicator view, the country page, the API lists, the CLI
and the exports; the full seed stays complete.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import create_engine, insert, select

from netfreedom.cli.main import cli
from netfreedom.methodology import CURRENT, load_methodology
from netfreedom.model.completeness import card_missing, missing_from_findings, missing_values
from netfreedom.services.reports import ingest_report
from netfreedom.services.tables import import_score_table
from netfreedom.store import Store
from netfreedom.store.migrate import upgrade
from netfreedom.store.tables import AssessmentRow
from netfreedom.web import create_app

from .conftest import make_assessment
from .shared_data import seed_path

INDICATORS = list(load_methodology(CURRENT).indicator_ids)
C_INDICATORS = [i for i in INDICATORS if i.startswith("C")]


def _seed_lines() -> list[str]:
    return seed_path().read_text(encoding="utf-8").splitlines(keepends=True)


def score_block_only(folder: Path) -> Path:
    """The seed cut just before its first indicator heading: the score block, overview and
    key developments, no indicator."""
    lines = _seed_lines()
    first = next(i for i, line in enumerate(lines) if line.startswith("A1 "))
    path = folder / "kaz-score-block.txt"
    path.write_text("".join(lines[: first - 1]), encoding="utf-8")
    return path


def without_c_section(folder: Path) -> Path:
    """The seed without its C section (from the "C." heading to the sidebar's "On ..." line)."""
    lines = _seed_lines()
    start = next(i for i, line in enumerate(lines) if line.startswith("C. "))
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith("On "))
    path = folder / "kaz-without-c.txt"
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    return path


@pytest.fixture
def partial_store(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A store holding the seed's score block alone (KAZ 2022, partial)."""
    with Store(database_url, migrate=True) as store:
        ingest_report(score_block_only(tmp_path), store)
    yield database_url


# -- stored ----------------------------------------------------------------------------------


def test_score_block_alone_is_stored_partial_with_what_is_missing(partial_store: str) -> None:
    with Store(partial_store) as store:
        [summary] = store.list_assessments()
        assessment = store.get("KAZ", 2022)
        card = store.scorecard("KAZ", 2022)
    assert assessment is not None and card is not None
    assert (summary.iso3, summary.edition, summary.total, summary.categories) == (
        "KAZ", 2022, 32, {"A": 10, "B": 11, "C": 11})  # fmt: skip
    assert summary.partial and assessment.partial
    # what is missing: every indicator, as the stored missing-indicator findings name them
    assert summary.missing == INDICATORS == assessment.missing_values()
    assert missing_from_findings(assessment.findings) == INDICATORS
    assert (card.partial, card.missing, card.total) == (True, INDICATORS, 32)


def test_without_c_section_misses_exactly_c1_to_c8(database_url: str, tmp_path: Path) -> None:
    with Store(database_url, migrate=True) as store:
        ingest_report(without_c_section(tmp_path), store)
        [summary] = store.list_assessments()
        card = store.scorecard("KAZ", 2022)
    assert summary.partial and summary.missing == C_INDICATORS
    assert card is not None and card.partial and card.missing == C_INDICATORS
    assert len(card.indicators) == 13 and card.categories == {"A": 10, "B": 11, "C": 11}


def test_full_seed_is_complete_and_replaces_the_partial_flag(partial_store: str) -> None:
    with Store(partial_store) as store:
        outcome = ingest_report(seed_path(), store)
        assert outcome.saved is not None and outcome.saved.action == "replaced"
        [summary] = store.list_assessments()
        card = store.scorecard("KAZ", 2022)
        revisions = store.history("KAZ", 2022)
    assert (summary.partial, summary.missing, summary.revision) == (False, [], 2)
    assert card is not None and (card.partial, card.missing) == (False, [])
    assert [(r.revision, r.partial) for r in revisions] == [(1, True), (2, False)]


def test_the_one_rule_for_reports_and_table_rows() -> None:
    complete = {"A": 10, "B": 11, "C": 11}
    assert (
        missing_values(CURRENT, edition=2022, total=32, status="not_free", categories=complete, indicators=None) == []
    )
    assert missing_values(CURRENT, edition=2022, total=None, status=None, categories={"A": 1}, indicators=None) == [
        "total", "status", "B", "C"]  # fmt: skip
    # a 2019+ report must print its indicators; a table row, or an edition before 2019, need not
    assert missing_values(CURRENT, edition=2022, total=32, status="x", categories=complete, indicators={}) == INDICATORS
    assert missing_values(CURRENT, edition=2017, total=32, status="x", categories=complete, indicators={}) == []
    assert card_missing(edition=2022, total=32, status="x", categories=complete, indicators={}, has_report=False) == []


def test_table_row_without_categories_is_partial_in_store_and_export(store: Store, tmp_path: Path) -> None:
    from netfreedom.export.tabular import card_row

    table = tmp_path / "own-scores.csv"
    table.write_text(
        "country,iso3,edition,scale,status,total,A,B,C\n"
        "Kyrgyzstan,KGZ,2022,higher_is_freer,partly_free,53,,,\n"
        "Georgia,GEO,2022,higher_is_freer,free,77,22,28,27\n",
        encoding="utf-8",
    )
    import_score_table(store, table)
    cards = {c.iso3: c for c in store.scorecards(edition=2022)}
    assert (cards["KGZ"].partial, cards["KGZ"].missing) == (True, ["A", "B", "C"])
    assert (cards["GEO"].partial, cards["GEO"].missing) == (False, [])
    rows = {iso3: card_row(card.model_dump(mode="json")) for iso3, card in cards.items()}
    assert (rows["KGZ"]["partial"], rows["KGZ"]["missing"]) == (True, "A B C")
    assert (rows["GEO"]["partial"], rows["GEO"]["missing"]) == (False, None)


# -- shown -----------------------------------------------------------------------------------


def test_marked_on_the_site_and_in_the_api(partial_store: str) -> None:
    with TestClient(create_app(partial_store)) as client:
        home = client.get("/").text
        row = home[home.index('<tr data-iso3="KAZ">') :]
        row = row[: row.index("</tr>")]
        assert 'data-testid="partial-mark"' in row and "not printed in the source: A1, A2" in row
        assert 'data-testid="partial-note"' in home
        russian = client.get("/?lang=ru").text
        assert "неполный" in russian and "в источнике не напечатано: A1, A2" in russian

        compare = client.get("/compare?countries=KAZ").text
        assert 'data-testid="partial-mark"' in compare
        cell = compare[compare.index('data-testid="score-KAZ-C1"') :]
        assert cell[: cell.index("</td>")].count('class="not-printed"') == 1
        assert '<td class="num" data-testid="score-KAZ-A">10</td>' in compare

        indicator = client.get("/indicators/A3?edition=2022").text
        assert 'data-testid="not-printed"' in indicator and ">1/6<" not in indicator and ">0/6<" not in indicator
        category = client.get("/indicators/A?edition=2022").text
        assert ">10/25<" in category and 'data-testid="partial-mark"' in category

        country = client.get("/country/KAZ/2022").text
        assert 'data-testid="partial"' in country and "A1, A2" in country

        [item] = client.get("/api/v1/assessments").json()
        assert (item["partial"], item["missing"], item["total"]) == (True, INDICATORS, 32)
        [country_item] = client.get("/api/v1/countries").json()
        assert (country_item["latest_partial"], country_item["latest_missing"]) == (True, INDICATORS)
        assert client.get("/api/v1/editions").json()[0]["partial_count"] == 1
        assert client.get("/api/v1/assessments/KAZ/2022").json()["partial"] is True
        series = client.get("/api/v1/indicators/total/series").json()["rows"]
        assert [(r["iso3"], r["partial"]) for r in series] == [("KAZ", True)]
        points = client.get("/api/v1/countries/KAZ/series").json()
        assert [(p["edition"], p["partial"]) for p in points] == [(2022, True)]


def test_marked_in_the_exports(partial_store: str) -> None:
    with TestClient(create_app(partial_store)) as client:
        [row] = list(csv.DictReader(io.StringIO(client.get("/downloads/netfreedom.csv").text)))
        assert (row["partial"], row["missing"], row["total"], row["A1"]) == ("True", " ".join(INDICATORS), "32", "")
        sheet = load_workbook(io.BytesIO(client.get("/downloads/netfreedom.xlsx").content))["assessments"]
        header, values = [list(r) for r in sheet.iter_rows(values_only=True)]
        cells = dict(zip(header, values, strict=True))
        assert (cells["partial"], cells["missing"], cells["A1"]) == (True, " ".join(INDICATORS), None)
        [document] = client.get("/downloads/netfreedom.json").json()
        assert document["partial"] is True
        package = client.get("/downloads/datapackage.json").json()
        fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
        assert fields["partial"]["type"] == "boolean" and fields["missing"]["type"] == "string"


def test_cli_marks_partial(partial_store: str, tmp_path: Path) -> None:
    runner = CliRunner()
    shown = runner.invoke(cli, ["show", "KAZ", "--database", partial_store])
    assert shown.exit_code == 0, shown.output
    assert "partial report: printed values missing: A1 A2" in shown.output
    history = runner.invoke(cli, ["history", "KAZ", "2022", "--json", "--database", partial_store])
    items = json.loads(history.stdout)
    assert [(r["revision"], r["partial"]) for r in items if r["kind"] == "revision"] == [(1, True)]
    again = runner.invoke(cli, ["ingest", str(without_c_section(tmp_path)), "--json", "--database", partial_store])
    [document] = [json.loads(line) for line in again.stdout.splitlines() if line.startswith("{")]
    assert (document["ingest"]["action"], document["partial"]) == ("replaced", True)
    exported = runner.invoke(cli, ["export", "--format", "csv", "--database", partial_store])
    [row] = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert (row["partial"], row["missing"]) == ("True", " ".join(C_INDICATORS))


# -- migration -------------------------------------------------------------------------------


def test_migration_0020_fills_the_flags_from_what_is_stored(database_url: str) -> None:
    from .test_sources import _row

    complete = make_assessment(iso3="KAZ", edition=2022, total=32)
    partial = make_assessment(iso3="KGZ", edition=2022, total=53).model_copy(update={"indicators": []})
    engine = create_engine(database_url)
    try:
        upgrade(engine, "0002")  # 0003 records their observations, 0020 flags them and builds the cards
        with engine.begin() as connection:
            connection.execute(insert(AssessmentRow.__table__), [_row(complete), _row(partial)])  # type: ignore[arg-type]
        with Store(database_url, migrate=True) as store:
            flags = {s.iso3: (s.partial, s.missing) for s in store.list_assessments()}
            cards = {c.iso3: (c.partial, c.missing) for c in store.scorecards()}
        assert flags == {"KAZ": (False, []), "KGZ": (True, INDICATORS)}
        assert cards == {"KAZ": (False, []), "KGZ": (True, INDICATORS)}
        with engine.connect() as connection:
            stored = dict(connection.execute(select(AssessmentRow.iso3, AssessmentRow.partial)).all())
        assert stored == {"KAZ": False, "KGZ": True}
    finally:
        engine.dispose()
