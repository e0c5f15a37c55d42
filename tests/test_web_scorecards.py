"""Every country-edition from any source on the site (issue 8, item 2): home, country
pages of table-only countries, changes between table editions, compare.

The store holds the seed report (Kazakhstan 2022) and ../shared/data/fotn-scores.csv, read at
run time (72 countries); the expectations are worked out from that file.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from netfreedom.services.reports import ingest_report
from netfreedom.services.tables import import_score_table
from netfreedom.store import Store
from netfreedom.web import create_app

from .shared_data import SHARED, seed_path

SCORES = SHARED / "data" / "fotn-scores.csv"


def _rows() -> list[dict[str, str]]:
    if not SCORES.exists():
        pytest.skip(f"no {SCORES}")
    with SCORES.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    _rows()
    url = f"sqlite:///{tmp_path_factory.mktemp('cards') / 'site.db'}"
    with Store(url, migrate=True) as store:
        ingest_report(seed_path(), store)
        import_score_table(store, SCORES)
    with TestClient(create_app(url)) as client:
        yield client


def _latest_by_country() -> dict[str, dict[str, str]]:
    latest: dict[str, dict[str, str]] = {}
    for row in _rows():
        if row["iso3"] not in latest or int(row["edition"]) > int(latest[row["iso3"]]["edition"]):
            latest[row["iso3"]] = row
    return latest


def test_home_lists_every_country_with_rank_and_change(site: Any) -> None:
    html = site.get("/?lang=en").text
    listed = re.findall(r'<tr data-iso3="([A-Z]{3})">', html)
    assert sorted(listed) == sorted(_latest_by_country()) and len(listed) == 72
    assert "Countries stored: 72." in html
    russia = _latest_by_country()["RUS"]
    row = re.search(r'<tr data-iso3="RUS">(.*?)</tr>', html, re.S)
    assert row is not None and f'<td class="num">{russia["edition"]}</td>' in row.group(1)
    # the region and edition filters
    eurasia = site.get("/?region=eurasia&edition=2024").text
    assert "KAZ" in re.findall(r'<tr data-iso3="([A-Z]{3})">', eurasia)
    assert "USA" not in re.findall(r'<tr data-iso3="([A-Z]{3})">', eurasia)
    assert site.get("/?region=atlantis").status_code == 400


def test_table_only_country_page(site: Any) -> None:
    latest = _latest_by_country()["RUS"]
    page = site.get("/country/RUS?lang=en")
    assert page.status_code == 200
    html = page.text
    assert 'data-testid="scorecard"' in html
    assert f'<span class="total">{latest["total"]}</span>' in html  # 2019 on: current scale as printed
    assert 'class="bar"' in html and 'data-testid="headline-rank"' in html
    assert "fotn-scores.csv" in html and latest["source_url"] in html
    assert f'href="{latest["source_url"]}"' not in html  # no link leaves the site
    editions = sorted(int(r["edition"]) for r in _rows() if r["iso3"] == "RUS")
    assert re.findall(r'<tr data-edition="(\d+)">', html) == [str(e) for e in editions]
    legacy = [int(r["edition"]) for r in _rows() if r["iso3"] == "RUS" and r["scale"] == "lower_is_freer"]
    assert f'<tr data-edition="{legacy[0]}"><th scope="row">{legacy[0]}*' in html
    assert site.get("/country/RUS/1999").status_code == 404
    assert site.get("/country/Russia").status_code == 200  # redirected to the code


def test_changes_between_table_editions(site: Any) -> None:
    rows = {int(r["edition"]): r for r in _rows() if r["iso3"] == "RUS"}
    old, new = 2024, 2025
    html = site.get(f"/country/RUS/changes/{old}/{new}?lang=en").text
    total = re.search(r'<tr data-field="total">(.*?)</tr>', html, re.S)
    assert total is not None
    delta = int(rows[new]["total"]) - int(rows[old]["total"])
    assert f">{rows[old]['total']}<" in total.group(1) and f">{rows[new]['total']}<" in total.group(1)
    assert (f"+{delta}" if delta > 0 else f"−{-delta}" if delta < 0 else ">0<") in total.group(1)


def test_changes_between_table_editions_mark_converted_values(site: Any) -> None:
    """A value published on the legacy scale is shown converted and marked ``*`` with the
    note, as on the country page; values printed on the current scale are not marked."""
    rows = {int(r["edition"]): r for r in _rows() if r["iso3"] == "RUS"}
    old = min(e for e, r in rows.items() if r["scale"] == "lower_is_freer")
    new = max(e for e, r in rows.items() if r["scale"] == "higher_is_freer")
    html = site.get(f"/country/RUS/changes/{old}/{new}?lang=en").text
    total = re.search(r'<tr data-field="total">(.*?)</tr>', html, re.S)
    assert total is not None
    cells = re.findall(r'<td class="num">([^<]*)</td>', total.group(1))
    assert cells[:2] == [f"{100 - int(rows[old]['total'])}*", rows[new]["total"]]
    assert "* converted from the legacy scale" in html
    current = site.get(f"/country/RUS/changes/{new - 1}/{new}?lang=en").text
    assert rows[new - 1]["scale"] == "higher_is_freer" and "converted from the legacy scale" not in current
    assert "*</td>" not in current


def test_report_page_keeps_its_narrative_and_gains_change_and_bars(site: Any) -> None:
    html = site.get("/country/KAZ/2022?lang=en").text
    assert 'id="key-developments"' in html and 'data-testid="editor-panel"' in html
    assert '<details id="editor"' in html  # the checks are folded away
    assert 'data-testid="headline-change"' in html and 'class="bar"' in html
    kaz = {int(r["edition"]) for r in _rows() if r["iso3"] == "KAZ"}
    for edition in kaz:
        assert f'href="/country/KAZ/{edition}?lang=en"' in html or edition == 2022


def test_compare_any_countries(site: Any) -> None:
    response = site.get("/compare?countries=KAZ,KGZ&lang=en")
    assert response.status_code == 200
    latest = _latest_by_country()["KGZ"]
    assert f'data-testid="score-KGZ-total">{latest["total"]}<' in response.text
    assert site.get("/compare?countries=KAZ,FRA,RUS,USA").status_code == 200


def test_api_lists_cover_every_source(site: Any) -> None:
    rows = _rows()
    countries = site.get("/api/v1/countries").json()
    assert len(countries) == 72
    russia = next(c for c in countries if c["iso3"] == "RUS")
    latest = _latest_by_country()["RUS"]
    assert russia["latest_edition"] == int(latest["edition"]) and russia["report_editions"] == []
    assert russia["latest_total"] == int(latest["total"]) and russia["latest_source_kind"] in ("table", "news")
    assert site.get("/api/v1/countries/RUS").json() == russia
    editions = {e["edition"]: e["country_count"] for e in site.get("/api/v1/editions").json()}
    for edition in {int(r["edition"]) for r in rows}:
        assert editions[edition] == sum(1 for r in rows if int(r["edition"]) == edition)
    items = site.get("/api/v1/assessments?country=Russia").json()
    assert [(i["edition"], i["total"], i["scale"]) for i in items] == sorted(
        (int(r["edition"]), int(r["total"]), r["scale"]) for r in rows if r["iso3"] == "RUS"
    )
    assert all(i["language"] is None and i["source_kind"] in ("table", "news") for i in items)
    unknown = site.get("/api/v1/assessments?country=Kazakstan")
    assert unknown.status_code == 400 and unknown.json()["error"]["code"] == "invalid_parameter"
    totals = site.get("/api/v1/indicators/total/series?countries=RUS").json()["rows"]
    assert len(totals) == len(items)


def test_exports_have_one_row_per_country_edition_from_any_source(site: Any) -> None:
    rows = _rows()
    body = site.get("/downloads/netfreedom.csv").text.splitlines()
    exported = list(csv.DictReader(body))
    assert len(exported) == len(rows)  # the seed's KAZ 2022 is a row of the table too
    kinds = {(r["iso3"], int(r["edition"])): r["source_kind"] for r in exported}
    assert kinds[("KAZ", 2022)] == "report"
    by_key = {(r["iso3"], int(r["edition"])): r for r in exported}
    for row in rows:
        key = (row["iso3"], int(row["edition"]))
        if kinds[key] == "report":
            continue
        assert by_key[key]["total"] == row["total"] and by_key[key]["scale"] == row["scale"]
        assert by_key[key]["A"] == row["A"] and by_key[key]["source_url"] == row["source_url"]
        assert by_key[key]["source_kind"] in ("table", "news") and by_key[key]["language"] == ""


def test_indicator_view_across_an_edition(site: Any) -> None:
    rows = [r for r in _rows() if r["edition"] == "2025" and r["A"]]
    html = site.get("/indicators/A?edition=2025&lang=en").text
    listed = re.findall(r'<tr data-iso3="([A-Z]{3})"><td class="num">(\d+)</td>', html)
    assert len(listed) == len(rows)
    best = max(int(r["A"]) for r in rows)
    first = next(r for r in rows if r["iso3"] == listed[0][0])
    assert int(first["A"]) == best and listed[0][1] == "1"
    assert '<svg class="distribution wide"' in html  # A: 26 scores, drawn wide
    by_country = re.findall(
        r'<tr data-iso3="([A-Z]{3})">', site.get("/indicators/A?edition=2025&sort=country&order=asc").text
    )
    assert len(by_country) == len(rows)
    assert site.get("/indicators/Z9").status_code == 404
    assert site.get("/indicators/A3?sort=nope").status_code == 400
    # per-question scores come only from the 2024 workbook: none in this store
    assert "No country of this edition has a score" in site.get("/indicators/A3?edition=2025").text


def test_api_reference_lists_every_route_with_a_working_example(site: Any) -> None:
    import html as html_module

    from fastapi.routing import APIRoute

    from netfreedom.web.pages import api

    page = site.get("/api?lang=en")
    assert page.status_code == 200 and "<script" not in page.text.split("</head>")[1]
    listed = set(re.findall(r"<h2><code>GET (/api/v1/[^<]+)</code></h2>", page.text))
    assert {f"/api/v1{r.path}" for r in api.router.routes if isinstance(r, APIRoute)} <= listed
    assert "/api/v1/countries/{iso3}/series" in listed and "/api/v1/indicators/{indicator_id}/series" in listed
    for example in re.findall(r'data-testid="api-example"><code>([^<]*)<', page.text):
        url = html_module.unescape(example)
        staff = url.startswith("/api/v1/drafts") or "/dashboard" in url or "/consistency/" in url
        expected = 401 if staff else 200  # drafts, the dashboard and consistency need credentials
        assert site.get(url).status_code == expected, example
    assert 'rel="icon" href="/static/favicon.svg"' in page.text
    assert site.get("/static/favicon.svg").status_code == 200


def test_report_page_labels_the_store_date(site: Any) -> None:
    """The date beside a report's language is when it was stored, not when it was published:
    the label says so in both interface languages."""
    from datetime import date

    from babel.dates import format_date

    for lang, word in (("en", "stored"), ("ru", "сохранено")):
        html = site.get(f"/country/KAZ/2022?lang={lang}").text
        label = re.search(r'data-testid="version-date-ru">([^<]*)<', html)
        assert label is not None
        # the module's store was filled today (UTC), around midnight possibly yesterday
        days = [date.today(), date.fromordinal(date.today().toordinal() - 1)]
        expected = [f"({word} {format_date(d, format='medium', locale=lang)})" for d in days]
        assert label.group(1) in expected, label.group(1)
