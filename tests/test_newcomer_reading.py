"""What a journalist, an academic and a Russian-speaking reader met on the site the README's
first command builds (session 9 newcomer): the seed report, ../shared/data/fotn-scores.csv and
the 2024 workbook, read at run time (the store of ``tests/test_newcomer_site.py``).

- A home row links to the page of the edition it shows: Kazakhstan's row shows the 2025 total
  (a news value), and its link must not open the stored 2022 report with other numbers.
- The API refuses, in its error shape, a country that no name or code matches in any
  parameter (the search's ``country`` too) and an unknown search ``indicator``; a country in a
  path never gets "nothing is stored" when it is stored.
- Provenance names every file a value came from: a 2024 card whose total is a row of
  fotn-scores.csv and whose per-question scores are the workbook's names both (export column
  ``value_sources``, the API's scorecard, the country page), not the CSV alone.
- A name no country has is never pointed to an invented country of the test fixtures ("did you
  mean Marenia or Armenia?" became "did you mean Armenia?"). Paths take codes in any case (pinned in tests/test_error_shape.py: one
  address per resource); a name there is answered with the code to use.
"""

from __future__ import annotations

import csv
import io
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from netfreedom.cli.main import cli
from netfreedom.model.countries import resolve_country
from netfreedom.services.tables import import_score_table
from netfreedom.store import Store

from .shared_data import SHARED
from .test_newcomer_site import site  # noqa: F401  (fixture: the store of `tasks.py run`)

SCORES = SHARED / "data" / "fotn-scores.csv"
WORKBOOK = "fotn-2024-country-score-data.xlsx"


def _latest_row(iso3: str) -> dict[str, str]:
    rows = [r for r in csv.DictReader(SCORES.open(encoding="utf-8")) if r["iso3"] == iso3]
    return max(rows, key=lambda r: int(r["edition"]))


def test_home_row_links_to_the_edition_it_shows(site: Any) -> None:  # noqa: F811
    latest = _latest_row("KAZ")  # 2025 in the shared table; the stored report is of 2022
    home = site.get("/?lang=en").text
    row = re.search(r'<tr data-iso3="KAZ">(.*?)</tr>', home, re.S)
    assert row, "no KAZ row"
    link = re.search(r'<a href="(/country/KAZ[^"]*)">Kazakhstan</a>', row.group(1))
    assert link and link.group(1) == f"/country/KAZ/{latest['edition']}?lang=en"
    assert f'<td class="num">{latest["edition"]}</td>' in row.group(1)
    page = site.get(link.group(1).replace("&amp;", "&")).text
    headline = re.search(r'<span class="total">(\d+)</span><span class="out-of">/100</span>', page)
    assert f"Freedom on the Net {latest['edition']}" in page
    assert headline and headline.group(1) == latest["total"]
    # the map's link goes to the same page
    assert f'href="/country/KAZ/{latest["edition"]}?lang=en" class="map-link"' in home


@pytest.mark.parametrize(
    ("path", "status", "fragment"),
    [
        ("/api/v1/search?q=internet&country=Narnia", 400, "country: no ISO 3166-1 country is called 'Narnia'"),
        ("/api/v1/search?q=internet&indicator=Z9", 400, "indicator: "),
        ("/api/v1/countries/Narnia", 404, "no ISO 3166-1 country is called 'Narnia'"),
        ("/api/v1/countries/Narnia/series", 404, "no ISO 3166-1 country is called 'Narnia'"),
        ("/api/v1/assessments/Narnia/2024", 404, "no ISO 3166-1 country is called 'Narnia'"),
    ],
)
def test_unknown_countries_and_indicators_get_the_error_shape(site: Any, path: str, status: int, fragment: str) -> None:  # noqa: F811
    response = site.get(path)
    assert response.status_code == status, response.text[:300]
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message"}
    assert error["status"] == status
    assert error["code"] == ("invalid_parameter" if status == 400 else "not_found")
    assert fragment in error["message"]


def test_search_filters_still_take_names_codes_and_sections(site: Any) -> None:  # noqa: F811
    totals = {
        value: site.get(
            f"/api/v1/search?q=%D0%B1%D0%BB%D0%BE%D0%BA%D0%B8%D1%80%D0%BE%D0%B2%D0%BA%D0%B0&{value}"
        ).json()["total"]
        for value in ("country=KAZ", "country=kaz", "country=Kazakhstan", "indicator=B3", "indicator=overview")
    }
    assert totals["country=KAZ"] > 0
    assert totals["country=kaz"] == totals["country=Kazakhstan"] == totals["country=KAZ"]
    assert totals["indicator=B3"] > 0 and totals["indicator=overview"] >= 0


def test_a_path_takes_a_code_in_any_case(site: Any) -> None:  # noqa: F811
    total = next(
        r for r in csv.DictReader(SCORES.open(encoding="utf-8")) if r["iso3"] == "RUS" and r["edition"] == "2024"
    )
    for spelling in ("RUS", "rus"):
        assert site.get(f"/api/v1/countries/{spelling}").json()["iso3"] == "RUS"
        assert site.get(f"/api/v1/countries/{spelling}/series").json()[0]["total"]["iso3"] == "RUS"
        assert site.get(f"/api/v1/assessments/{spelling}/2024").json()["total"] == int(total["total"])


@pytest.mark.parametrize("spelling", ["russia", "Russia", "Россия"])
@pytest.mark.parametrize(
    "route", ["/api/v1/countries/{}", "/api/v1/countries/{}/series", "/api/v1/assessments/{}/2024"]
)
def test_a_name_in_a_path_is_told_its_code_not_that_nothing_is_stored(site: Any, spelling: str, route: str) -> None:  # noqa: F811
    response = site.get(route.format(spelling))
    assert response.status_code == 404
    message = response.json()["error"]["message"]
    assert message == f"country: '{spelling}' is not an ISO alpha-3 code: Russian Federation is RUS"


def _value_sources(cell: str) -> dict[str, list[str]]:
    """``file: field field; other file: field`` -> {file: [fields]}."""
    pairs = (part.split(": ", 1) for part in cell.split("; ")) if cell else ()
    return {name: fields.split() for name, fields in pairs}


def test_every_value_of_an_exported_row_names_the_file_it_came_from(site: Any) -> None:  # noqa: F811
    rows = list(csv.DictReader(io.StringIO(site.get("/downloads/netfreedom.csv").text)))
    fields = ["total", "status", "A", "A1", "A2", "A3", "A4", "A5", "B", *(f"B{i}" for i in range(1, 9))]
    fields += ["C", *(f"C{i}" for i in range(1, 9))]
    checked = 0
    for row in rows:
        if row["source_kind"] == "report":
            assert row["value_sources"] == ""
            continue
        sources = _value_sources(row["value_sources"])
        assert next(iter(sources)) == row["source_file"], row  # the lead first
        given = [f for names in sources.values() for f in names]
        assert sorted(given) == sorted(f for f in fields if row[f] != ""), row
        if row["A1"]:  # only the workbook has per-question scores
            assert "A1" in sources[WORKBOOK], row
            checked += 1
    assert checked == 72  # every country of the 2024 workbook
    russia = next(r for r in rows if (r["iso3"], r["edition"]) == ("RUS", "2024"))
    assert russia["source_file"] == "fotn-scores.csv"
    assert _value_sources(russia["value_sources"])["fotn-scores.csv"] == ["total", "status", "A", "B", "C"]


def test_a_card_with_two_sources_names_both_on_its_page_and_in_the_api(site: Any) -> None:  # noqa: F811
    card = site.get("/api/v1/assessments/RUS/2024").json()
    assert [s["name"] for s in card["value_sources"]] == ["fotn-scores.csv", WORKBOOK]
    assert card["value_sources"][1]["fields"][:2] == ["A1", "A2"] and len(card["value_sources"][1]["fields"]) == 21
    page = site.get("/country/RUS/2024?lang=ru").text
    other = re.search(r'data-testid="other-source">(.*?)</dd>', page, re.S)
    assert other and WORKBOOK in other.group(1) and "A1 A2 A3" in other.group(1)
    assert "Остальные значения из" in page


def test_an_unknown_country_is_never_pointed_to_an_invented_one(site: Any) -> None:  # noqa: F811
    message = site.get("/api/v1/assessments?country=Narnia").json()["error"]["message"]
    assert message == "country: no ISO 3166-1 country is called 'Narnia'; did you mean Armenia?"
    assert resolve_country("Marenia").iso3 == "XMR"  # the layout fixtures' country, named exactly
    assert resolve_country("Exampelland", fuzzy=True).iso3 == "XEX"  # the shipped samples' country stays


def test_the_root_favicon_is_the_site_icon(site: Any) -> None:  # noqa: F811
    moved = site.get("/favicon.ico", follow_redirects=False)
    assert (moved.status_code, moved.headers["location"]) == (301, "/static/favicon.svg")
    icon = site.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert 'rel="icon" href="/static/favicon.svg"' in site.get("/").text


def test_russian_interface_spells_report_with_yo_everywhere() -> None:
    """«Язык отчета» on the search form beside «отчёт» elsewhere: one spelling, with ё."""
    locales = resources.files("netfreedom.web") / "locales" / "ru" / "LC_MESSAGES"
    plain = []
    for catalogue in locales.iterdir():
        if catalogue.name.endswith(".po"):
            for message in read_po(io.StringIO(catalogue.read_text(encoding="utf-8"))):
                if message.id and re.search(r"[Оо]тчет", str(message.string)):
                    plain.append((catalogue.name, message.string))
    assert plain == []


def test_show_in_russian_of_a_country_known_from_tables_says_what_is_there(tmp_path: Path) -> None:
    table = tmp_path / "our-scores.csv"
    table.write_text(
        "country,iso3,edition,scale,status,total,A,B,C\nRussia,RUS,2024,higher_is_freer,not_free,20,10,5,5\n",
        encoding="utf-8",
    )
    database = tmp_path / "store.db"
    with Store(f"sqlite:///{database}", migrate=True) as store:
        import_score_table(store, table)
    result = CliRunner().invoke(cli, ["show", "Россия", "--language", "ru", "--database", str(database)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "no stored report for RUS (ru)" in result.output
    assert "its 2024 scores come from a score table: run without --language" in result.output
    plain = CliRunner().invoke(cli, ["show", "Россия", "--database", str(database)])
    assert plain.exit_code == 0 and "20/100" in plain.output
