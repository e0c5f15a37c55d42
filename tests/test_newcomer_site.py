"""The public site over the store the README's first command builds (``python3 tasks.py run``:
the seed, ../shared/data/fotn-scores.csv and the 2024 workbook), as a newcomer met it.

- ``/downloads`` says what the files hold: its counts are the rows of the CSV it serves
  (country-editions from every source, not the stored reports only).
- Every item a list route of the API returns can be fetched by its detail route: countries,
  editions, assessments (table-only scorecards too) and the series.
- The home table ranks per edition and says which edition a rank is in when the rows mix
  editions.
"""

from __future__ import annotations

import csv
import io
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

TABLES = ("fotn-scores.csv", "fotn-2024-country-score-data.xlsx")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    tables = [SHARED / "data" / name for name in TABLES]
    if not all(t.is_file() for t in tables):
        pytest.skip("the shared score tables are not here")
    url = f"sqlite:///{tmp_path_factory.mktemp('newcomer') / 'netfreedom.db'}"
    with Store(url, migrate=True) as store:
        ingest_report(seed_path(), store)
        for table in tables:
            import_score_table(store, table)
    with TestClient(create_app(url, page_cache=False)) as client:
        yield client


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def test_downloads_counts_are_the_rows_the_files_hold(site: Any) -> None:
    rows = list(csv.DictReader(io.StringIO(site.get("/downloads/netfreedom.csv").text)))
    reports = [r for r in rows if r["source_kind"] == "report"]
    assert len(rows) > 600 and len(reports) >= 1
    page = site.get("/downloads").text
    counts = re.search(r'data-testid="download-counts">(.*?)</p>', page, re.S)
    assert counts, page
    text = re.sub(r"<[^>]+>", " ", counts.group(1))
    editions = sorted({int(r["edition"]) for r in rows})
    expected = [
        len(rows),
        len({(r["iso3"], r["edition"]) for r in rows}),
        len({r["iso3"] for r in rows}),
        editions[0],
        editions[-1],
        len(reports),
        sum(r["source_kind"] == "table" for r in rows),
        sum(r["source_kind"] == "news" for r in rows),
    ]
    assert _numbers(text) == expected, text
    russian = site.get("/downloads?lang=ru").text
    assert f"В файлах {len(rows)} строк" in russian


def _get(site: Any, path: str) -> Any:
    response = site.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    return response.json()


def test_every_item_of_a_list_route_is_fetchable_by_its_detail_route(site: Any) -> None:
    countries = _get(site, "/api/v1/countries")
    assert len(countries) > 60
    for country in countries:
        assert _get(site, f"/api/v1/countries/{country['iso3']}") == country
        series = _get(site, f"/api/v1/countries/{country['iso3']}/series")
        assert sorted({p["edition"] for p in series}) == country["editions"], country["iso3"]
    editions = _get(site, "/api/v1/editions")
    assert len(editions) > 5
    for edition in editions:
        assert _get(site, f"/api/v1/editions/{edition['edition']}") == edition
    assert site.get("/api/v1/editions/1999").status_code == 404
    items = _get(site, "/api/v1/assessments")
    assert any(i["source_kind"] == "table" for i in items) and any(i["source_kind"] == "report" for i in items)
    for item in items:
        query = f"?language={item['language']}" if item["language"] else ""
        detail = _get(site, f"/api/v1/assessments/{item['iso3']}/{item['edition']}{query}")
        if item["source_kind"] == "report":
            assert detail["country"]["iso3"] == item["iso3"] and detail["edition"] == item["edition"]
            assert detail["total"] == item["total"]
        else:
            assert (detail["iso3"], detail["edition"], detail["source_kind"]) == (
                item["iso3"],
                item["edition"],
                item["source_kind"],
            )
    listed = {(i["iso3"], i["edition"]) for i in items}
    rows = _get(site, "/api/v1/indicators/total/series")["rows"]
    assert rows and {(r["iso3"], r["edition"]) for r in rows} <= listed
    rus = [i for i in items if i["iso3"] == "RUS" and i["edition"] == 2025]
    if rus:  # the newcomer's case: a table-only scorecard
        card = _get(site, "/api/v1/assessments/RUS/2025")
        assert card["total"] is not None and card["source_kind"] == rus[0]["source_kind"]


def test_a_table_only_country_missing_an_edition_names_its_editions(site: Any) -> None:
    """The newcomer's case: RUS, known from score tables only, asked for 1999 (no edition)."""
    editions = sorted(i["edition"] for i in _get(site, "/api/v1/assessments?country=RUS"))
    if not editions:
        pytest.skip("the shared score table holds no Russia rows")
    answer = site.get("/api/v1/assessments/RUS/1999")
    assert answer.status_code == 404
    message = answer.json()["error"]["message"]
    assert message.startswith("RUS has no stored assessment for edition 1999 (stored editions: ")
    assert message.endswith(", ".join(str(e) for e in sorted(set(editions))) + ")")
    assert "no stored assessments for country" not in message


def test_home_ranks_are_per_edition_and_say_which(site: Any) -> None:
    page = site.get("/").text
    ranked = re.findall(
        r'<tr data-iso3="(\w+)">.*?<td class="num">(\d{4})</td>.*?data-testid="rank"[^>]*>(\d+)</span>'
        r'(?:\s*<small[^>]*data-testid="rank-edition"[^>]*>\((\d{4})\)</small>)?',
        page,
        re.S,
    )
    assert len(ranked) > 60
    editions = {int(edition) for _, edition, _, _ in ranked}
    assert len(editions) > 1, "the newcomer's store mixes editions in the latest view"
    newest = max(editions)
    for iso3, edition, rank, said in ranked:
        card = _get(site, f"/api/v1/countries/{iso3}")
        assert int(rank) == card["latest_rank"], iso3
        if int(edition) != newest:
            assert said == edition, (iso3, edition)  # an older edition's rank names it
        else:
            assert not said
    by_rank = re.findall(r'<tr data-iso3="\w+">.*?<td class="num">(\d{4})</td>.*?data-testid="rank"[^>]*>(\d+)<',
                         site.get("/?sort=rank&order=desc").text, re.S)  # fmt: skip
    order = [(-int(edition), int(rank)) for edition, rank in by_rank]
    assert order == sorted(order), "sorting by rank keeps each edition's ranks together, newest edition first"
    note = re.search(r'data-testid="rank-note">([^<]*)<', site.get("/?lang=ru").text)
    assert note and f"старше {newest} года" in note.group(1)
    assert 'data-testid="rank-edition"' not in site.get(f"/?edition={newest}").text  # one edition: nothing to say
