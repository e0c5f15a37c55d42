"""Value history and time series.

* every score value of a stored report is an observation with provenance; a changed report
  under the same file name supersedes the values that changed and keeps the old ones;
* ``Store.series`` gives per edition the best-supported total, status and categories on the
  current scale (reports before datasets), marking values converted from the legacy scale;
* the country page draws that series: for Kazakhstan, after the seed report and the FOTN
  score table (both read at run time from ../shared), editions of the 2010s (legacy,
  converted) through the 2020s, with the 2019 scale change marked.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from netfreedom.ingest import read_report
from netfreedom.methodology import Scale
from netfreedom.services.tables import import_score_table
from netfreedom.store import Store
from netfreedom.web.views.charts import history_spec, series_points

from .conftest import SAMPLE_REPORTS, make_assessment
from .shared_data import seed_path
from .test_datasets import scores_csv

SAMPLE_EN = SAMPLE_REPORTS / "exampleland-2023-en.txt"


# -- value history of reports -------------------------------------------------------------


def test_report_values_are_observations_with_provenance(store: Store) -> None:
    assessment = read_report(SAMPLE_EN)
    assert store.save(assessment).action == "created"
    observations = store.observations("xex", 2023)
    fields = [o.field for o in observations]
    assert fields[:5] == ["total", "status", "A", "B", "C"] and len(fields) == 5 + 21
    provenance = assessment.provenance
    assert provenance is not None
    for o in observations:
        assert (o.source_kind, o.source_name, o.language) == ("report", SAMPLE_EN.name, "en")
        assert (o.source_sha256, o.reader, o.reader_version) == (
            provenance.sha256,
            provenance.reader,
            provenance.reader_version,
        )
        assert o.published_scale is Scale.HIGHER_IS_FREER and not o.converted and o.superseded_at is None
    total = observations[0]
    assert (total.raw_value, total.published_value, total.current_value, total.max) == ("55", 55, 55, 100)
    assert observations[1].status is not None and observations[1].status.value == "partly_free"
    a3 = next(o for o in observations if o.field == "A3")
    assert (a3.current_value, a3.max) == (4, 6)


def test_unchanged_save_writes_no_observation(store: Store) -> None:
    store.save(make_assessment(total=40))
    history = store.value_history("KAZ", 2022)
    assert store.save(make_assessment(total=40)).action == "unchanged"
    assert store.value_history("KAZ", 2022) == history


def test_changed_report_supersedes_only_the_changed_values(store: Store) -> None:
    store.save(make_assessment(total=40))
    result = store.save(make_assessment(total=44))  # same file name, new bytes
    assert result.action == "replaced"
    totals = store.value_history("KAZ", 2022, "total")
    assert [(o.current_value, o.superseded_at is not None) for o in totals] == [(40, True), (44, False)]
    assert totals[0].source_sha256 != totals[1].source_sha256
    assert totals[0].superseded_at is not None and totals[0].superseded_at >= totals[0].observed_at
    before = {o.field: o.current_value for o in store.value_history("KAZ", 2022) if o.superseded_at is not None}
    after = {o.field: o.current_value for o in store.observations("KAZ", 2022)}
    assert set(before) <= set(after) and all(before[f] != after[f] for f in before)  # only changed ones
    assert len(store.observations("KAZ", 2022)) == 26
    # the status (partly free for both totals) did not change: one observation, still current
    [status] = store.value_history("KAZ", 2022, "status")
    assert status.superseded_at is None and status.status is not None and status.status.value == "partly_free"


# -- time series --------------------------------------------------------------------------


def test_series_prefers_reports_and_keeps_dataset_order(store: Store, tmp_path: Path) -> None:
    store.save(make_assessment(iso3="XEX", edition=2023, total=55))
    first = tmp_path / "first.csv"
    first.write_text(
        "iso3,edition,scale,status,total,A\n"
        "XEX,2023,higher_is_freer,partly_free,50,10\n"
        "XEX,2016,lower_is_freer,partly_free,45,\n"
        "XEX,2016,lower_is_freer,partly_free,47,12\n",
        encoding="utf-8",
    )
    second = tmp_path / "second.csv"
    second.write_text("iso3,edition,scale,total\nXEX,2016,higher_is_freer,60\n", encoding="utf-8")
    import_score_table(store, second)
    import_score_table(store, first)
    series = store.series("XEX")
    assert [p.edition for p in series] == [2016, 2023]
    old, new = series
    assert new.total is not None and (new.total.source_kind, new.total.current_value) == ("report", 55)
    assert new.categories["A"].source_kind == "report"
    # 2016: the dataset recorded first wins; within a dataset, its first row
    assert old.total is not None and (old.total.source_name, old.total.current_value, old.total.converted) == (
        "second.csv",
        60,
        False,
    )
    assert (old.categories["A"].source_name, old.categories["A"].current_value, old.categories["A"].row) == (
        "first.csv",
        13,
        4,
    )
    assert old.converted and not new.converted
    assert store.series("UZB") == []


def _kaz_store(url: str) -> Store:
    from netfreedom.services.reports import ingest_report

    store = Store(url, migrate=True)
    ingest_report(seed_path(), store)
    import_score_table(store, scores_csv())
    return store


def test_kazakhstan_series_spans_both_scale_eras(database_url: str) -> None:
    rows = {int(r["edition"]): r for r in csv.DictReader(scores_csv().open(encoding="utf-8")) if r["iso3"] == "KAZ"}
    with _kaz_store(database_url) as store:
        series = store.series("KAZ")
        seed = store.get("KAZ", 2022)
    assert seed is not None and seed.provenance is not None
    assert [p.edition for p in series] == sorted(rows)
    assert min(rows) < 2019 < max(rows)
    by_edition = {p.edition: p for p in series}
    for edition, row in rows.items():
        point = by_edition[edition]
        assert point.total is not None
        legacy = row["scale"] == "lower_is_freer"
        if edition == 2022:  # the seed report wins over the dataset's row
            assert (point.total.source_kind, point.total.source_name) == ("report", seed.provenance.file_name)
            assert point.total.current_value == seed.total
            continue
        assert point.total.source_name == "fotn-scores.csv" and point.total.published_scale is Scale(row["scale"])
        assert point.total.current_value == (100 - int(row["total"]) if legacy else int(row["total"]))
        assert point.total.converted is legacy and point.converted is legacy
        if row["A"]:
            assert point.categories["A"].current_value == (25 - int(row["A"]) if legacy else int(row["A"]))
    assert any(p.converted for p in series) and not all(p.converted for p in series)
    assert all(p.edition < 2019 for p in series if p.converted)


def test_kazakhstan_chart_shows_both_eras_and_the_scale_change(database_url: str) -> None:
    from fastapi.testclient import TestClient

    from netfreedom.web import create_app

    rows = [r for r in csv.DictReader(scores_csv().open(encoding="utf-8")) if r["iso3"] == "KAZ"]
    legacy = sorted(int(r["edition"]) for r in rows if r["scale"] == "lower_is_freer")
    with _kaz_store(database_url) as store:
        points = series_points(store.series("KAZ"))
    spec = history_spec(points, {"total": "Total", "scale_change": "2019: scale reversed"})
    drawn = sorted({v["edition"] for v in spec["layer"][1]["data"]["values"]})
    assert drawn[0] == legacy[0] and drawn[-1] >= 2022 and 2019 in drawn
    assert spec["layer"][0]["data"]["values"][0]["edition"] == 2018.5  # the rule at the change

    with TestClient(create_app(database_url)) as client:
        page = client.get("/country/KAZ").text
    table = page[page.index('class="history-table"') :]
    table = re.sub(r' <span class="partial-mark"[^>]*>[^<]*</span>', "", table)  # rows of partial table rows
    editions = [int(e) for e in re.findall(r'<th scope="row">(\d{4})\*?</th>', table)]
    assert editions == sorted(int(r["edition"]) for r in rows)
    for edition in legacy:  # legacy editions are marked as converted
        assert f'<th scope="row">{edition}*</th>' in table
    first = next(r for r in rows if int(r["edition"]) == legacy[0])
    row = re.search(rf'<th scope="row">{legacy[0]}\*</th>\s*<td class="num">(\d+)</td>', table)
    assert row is not None and int(row.group(1)) == 100 - int(first["total"])
    assert '<th scope="row">2022</th>' in table and "converted from the legacy scale" in table
    chart = page[page.index('<div class="chart"') :]
    assert "<svg" in chart[:200] and "2019: scale reversed" in chart and str(legacy[0]) in chart


def test_chart_marks_each_total_by_its_source_kind_and_converted_ones_hollow(database_url: str) -> None:
    """Kazakhstan: the seed's 2022 is a report (circle, filled); the shared table's editions are
    table or news points (squares, triangles: the table's source column decides), those
    before 2019 hollow because they were converted."""
    from netfreedom.web.views.scorebars import card_history

    rows = {int(r["edition"]): r for r in csv.DictReader(scores_csv().open(encoding="utf-8")) if r["iso3"] == "KAZ"}
    with _kaz_store(database_url) as store:
        cards = store.scorecards(countries=["KAZ"])
    points = card_history(cards)
    kinds = {c.edition: c.source_kind for c in cards}
    labels = {"kind.report": "report", "kind.table": "table", "kind.news": "news", "converted": "converted"}
    spec = history_spec(points, labels)
    (marks,) = [layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "point"]
    by_edition = {v["edition"]: v for v in marks["data"]["values"]}
    assert by_edition[2022]["source"] == "report" and by_edition[2022]["converted"] == ""
    assert by_edition[2022]["score"] == 32  # the seed's total
    for edition, row in rows.items():
        if edition == 2022 or not row["total"]:
            continue
        assert by_edition[edition]["source"] == kinds[edition] != "report", edition
        assert (by_edition[edition]["converted"] == "converted") == (row["scale"] == "lower_is_freer"), edition
    shapes = dict(
        zip(marks["encoding"]["shape"]["scale"]["domain"], marks["encoding"]["shape"]["scale"]["range"], strict=True)
    )
    drawn = {"report": "circle", "table": "square", "news": "triangle-up"}
    assert shapes == {kind: drawn[kind] for kind in set(kinds.values())} and len(shapes) >= 2
