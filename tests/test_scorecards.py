"""Scorecards: one prepared row per country and edition from any source (issue 8, item 2).

Facts are read at run time from ../shared/data/fotn-scores.csv (605 rows, 72 countries) and
the seed report; the small tables written here are our own.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert

from netfreedom.services.tables import import_score_table
from netfreedom.store import Store
from netfreedom.store.migrate import upgrade
from netfreedom.store.scorecards import previous_published_edition, source_kind_of

from .conftest import make_assessment
from .shared_data import SHARED

SCORES = SHARED / "data" / "fotn-scores.csv"
HEADER = "country,iso3,edition,scale,status,total,A,B,C,source_url,note\n"


def _shared_rows() -> list[dict[str, str]]:
    if not SCORES.exists():
        pytest.skip(f"no {SCORES}")
    with SCORES.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _current(row: dict[str, str], field: str, maximum: int) -> int:
    value = int(row[field])
    return maximum - value if row["scale"] == "lower_is_freer" else value


def test_every_row_of_the_shared_table_is_a_scorecard(store: Store) -> None:
    rows = _shared_rows()
    import_score_table(store, SCORES)
    cards = {(c.iso3, c.edition): c for c in store.scorecards()}
    assert len(cards) == len(rows) == 605
    assert len({iso3 for iso3, _ in cards}) == 72
    for row in rows:
        card = cards[(row["iso3"], int(row["edition"]))]
        assert card.total == _current(row, "total", 100)
        assert card.status is not None and card.status.value == row["status"]
        assert ("total" in card.converted) == (row["scale"] == "lower_is_freer")
        if row["A"]:
            assert card.categories == {
                "A": _current(row, "A", 25),
                "B": _current(row, "B", 35),
                "C": _current(row, "C", 40),
            }
        assert card.source_kind == source_kind_of("dataset", row["note"])
        assert card.report_languages == [] and card.source_name == "fotn-scores.csv"
    latest = store.scorecards(latest=True)
    assert len(latest) == 72
    # rank per edition: 1 + the number of strictly freer countries of that edition
    by_edition: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        by_edition[int(row["edition"])].append(_current(row, "total", 100))
    for card in cards.values():
        totals = by_edition[card.edition]
        assert card.ranked == len(totals)
        assert card.rank == 1 + sum(1 for t in totals if card.total is not None and t > card.total)
    # change against the previous published edition when the country has it
    for (iso3, edition), card in cards.items():
        before = cards.get((iso3, previous_published_edition(edition)))
        if before is None:
            assert card.change is None
        else:
            assert card.change == (card.total or 0) - (before.total or 0) and card.change_source == "stored"


def test_news_values_are_told_apart() -> None:
    assert source_kind_of("dataset", "news report; 2 other sources agree") == "news"
    assert source_kind_of("dataset", "blog table of the first edition") == "news"
    assert source_kind_of("dataset", "refworld copy; news report agrees") == "table"
    assert source_kind_of("dataset", None) == "table"
    assert source_kind_of("report", "news") == "report"
    assert previous_published_edition(2011) == 2009
    assert previous_published_edition(2020) == 2019


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_cards_follow_every_write_in_its_transaction(store: Store, tmp_path: Path) -> None:
    table = tmp_path / "own-scores.csv"
    _write(
        table,
        [
            "Kazakhstan,KAZ,2021,higher_is_freer,not_free,33,,,,,",
            "Kyrgyzstan,KGZ,2022,higher_is_freer,partly_free,53,,,,,",
        ],
    )
    import_score_table(store, table)
    card = store.scorecard("KAZ")
    assert card is not None and (card.edition, card.total, card.source_kind) == (2021, 33, "table")
    assert [c.rank for c in store.scorecards(edition=2022)] == [1]
    # a report of 2022 becomes the card of KAZ 2022, with the change against the table's 2021
    store.save(make_assessment(iso3="KAZ", edition=2022, total=32))
    card = store.scorecard("KAZ")
    assert card is not None
    assert (card.edition, card.total, card.source_kind, card.report_languages) == (2022, 32, "report", ["en"])
    assert (card.previous_edition, card.previous_total, card.change, card.change_source) == (2021, 33, -1, "stored")
    assert len(card.indicators) == 21 and sum(card.categories.values()) == 32
    assert {c.iso3: c.rank for c in store.scorecards(edition=2022)} == {"KGZ": 1, "KAZ": 2}
    # a changed table row moves the card and the ranks; a withdrawn row removes its card
    _write(
        table,
        [
            "Kazakhstan,KAZ,2021,higher_is_freer,not_free,35,,,,,",
            "Kyrgyzstan,KGZ,2022,higher_is_freer,partly_free,20,,,,,",
        ],
    )
    import_score_table(store, table)
    assert store.scorecard("KAZ", 2022).change == -3  # type: ignore[union-attr]
    assert {c.iso3: c.rank for c in store.scorecards(edition=2022)} == {"KAZ": 1, "KGZ": 2}
    _write(table, ["Kazakhstan,KAZ,2021,higher_is_freer,not_free,35,,,,,"])
    import_score_table(store, table)
    assert [c.iso3 for c in store.scorecards(edition=2022)] == ["KAZ"]
    assert store.scorecards(region="eurasia", latest=True)[0].iso3 == "KAZ"
    assert store.scorecards(status="free") == []


def test_printed_last_year_score_when_no_earlier_card(store: Store) -> None:
    store.save(make_assessment(iso3="KAZ", edition=2022, total=32, previous_total=33))
    card = store.scorecard("KAZ", 2022)
    assert card is not None
    assert (card.previous_edition, card.previous_total, card.change, card.change_source) == (2021, 33, -1, "printed")


def test_migration_0005_builds_cards_of_what_is_stored(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        upgrade(engine, "0002")
        from netfreedom.store.tables import AssessmentRow

        from .test_sources import _row

        with engine.begin() as connection:
            connection.execute(insert(AssessmentRow), [_row(make_assessment(iso3="KAZ", edition=2022, total=32))])
        with Store(database_url, migrate=True) as store:
            # 0003's backfill recorded the report's observations; 0005 made its card
            card = store.scorecard("KAZ")
            assert card is not None and (card.edition, card.total, card.source_kind) == (2022, 32, "report")
    finally:
        engine.dispose()


def test_show_a_table_only_country(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from click.testing import CliRunner

    from netfreedom.cli.main import cli

    rows = [r for r in _shared_rows() if r["iso3"] == "RUS"]
    latest = max(rows, key=lambda r: int(r["edition"]))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NETFREEDOM_DATABASE_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(SCORES)]).exit_code in (0, 1)
    shown = runner.invoke(cli, ["show", "Russia"])
    assert shown.exit_code == 0, shown.output
    assert f"{latest['total']}/100" in shown.stdout and "fotn-scores.csv" in shown.stdout
    as_json = json.loads(runner.invoke(cli, ["show", "RUS", "--edition", latest["edition"], "--json"]).stdout)
    assert (as_json["iso3"], as_json["total"]) == ("RUS", int(latest["total"]))
    assert runner.invoke(cli, ["show", "Russia", "--edition", "1999"]).exit_code == 1
