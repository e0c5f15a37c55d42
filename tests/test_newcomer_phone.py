"""What a reader sees first on a 390 px phone (session 9 newcomer), in a real browser.

Chromium (Playwright, Debian's /usr/bin/chromium) opens the site over the store the README's
first command builds: the seed report, ../shared/data/fotn-scores.csv and the 2024 workbook,
read at run time.

- The history chart keeps its drawn size and scrolls in its box, but the box starts at the
  newest editions: Russia's 2025 point is on screen without a swipe (it was 2012-2019 only).
- An indicator's distribution (7 scores for A3) fits the phone: every column and its score
  are in view, and each column shows how many countries have that score (the counts of the
  2024 workbook), not only in a tooltip no finger can open.
- A reader picks any two editions of a country on its changes page (a form that works without
  JavaScript) and lands on their comparison, legacy values converted (Russia 2016: 65 published,
  35 on the current scale).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator

import openpyxl
import pytest

from netfreedom.services.reports import ingest_report
from netfreedom.services.tables import import_score_table
from netfreedom.store import Store

from .live_server import live_server
from .shared_data import SHARED, seed_path
from .test_browser import browser  # noqa: F401  (fixture: chromium with the project's flags)

TABLES = ("fotn-scores.csv", "fotn-2024-country-score-data.xlsx")
WIDTH = 390


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tables = [SHARED / "data" / name for name in TABLES]
    if not all(t.is_file() for t in tables):
        pytest.skip("the shared score tables are not here")
    url = f"sqlite:///{tmp_path_factory.mktemp('phone') / 'site.db'}"
    with Store(url, migrate=True) as store:
        ingest_report(seed_path(), store)
        for table in tables:
            import_score_table(store, table)
    with live_server(url) as base:
        yield base


def _workbook_counts(question: str) -> dict[int, int]:
    """How many countries of the 2024 workbook have each score of ``question``."""
    sheet = openpyxl.load_workbook(SHARED / "data" / TABLES[1], read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r and "Country" in r)
    column = header.index(question)
    body = rows[rows.index(header) + 1 :]
    return dict(Counter(r[column] for r in body if r and r[0] and isinstance(r[column], int)))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_history_chart_shows_the_newest_edition_first(site, browser, language: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = browser.new_page(viewport={"width": WIDTH, "height": 844})
    try:
        page.goto(f"{site}/country/RUS?lang={language}")
        newest = page.evaluate(
            """() => { const box = document.querySelector('.history .chart');
            const editions = [...box.querySelectorAll('svg text')].map(t => t.textContent.trim())
                .filter(t => /^20\\d\\d$/.test(t)).map(Number);
            const last = String(Math.max(...editions));
            const label = [...box.querySelectorAll('svg text')].find(t => t.textContent.trim() === last);
            const r = label.getBoundingClientRect(), b = box.getBoundingClientRect();
            return {last, inside: r.left >= b.left - 1 && r.right <= b.right + 1 && r.right <= window.innerWidth,
                    scrolls: box.scrollWidth > box.clientWidth}; }"""
        )
        assert newest["last"] == "2025"
        assert newest["scrolls"], "the chart should keep its drawn size on a phone"
        assert newest["inside"], newest
        assert page.evaluate("document.scrollingElement.scrollWidth") <= WIDTH
    finally:
        page.close()


def test_indicator_distribution_fits_a_phone_and_shows_its_counts(site, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    expected = _workbook_counts("A3")
    page = browser.new_page(viewport={"width": WIDTH, "height": 844})
    try:
        page.goto(f"{site}/indicators/A3?edition=2024&lang=ru")
        drawn = page.evaluate(
            """() => { const svg = document.querySelector('svg.distribution');
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const bars = [...svg.querySelectorAll('rect.dist-bar')];
            return {
              inView: bars.every(b => b.getBoundingClientRect().right <= window.innerWidth),
              labels: [...svg.querySelectorAll('text.dist-label')].map(t => t.textContent),
              counts: [...svg.querySelectorAll('text.dist-count')].map(t => Number(t.textContent)),
              smallest: Math.min(...[...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize))) * scale,
            }; }"""
        )
        assert drawn["labels"] == [str(score) for score in range(7)]
        assert drawn["counts"] == [expected.get(score, 0) for score in range(7)]
        assert drawn["inView"]
        assert drawn["smallest"] >= 10.5
        assert page.evaluate("document.scrollingElement.scrollWidth") <= WIDTH
    finally:
        page.close()


def _published(iso3: str, edition: str) -> dict[str, str]:
    rows = csv.DictReader((SHARED / "data" / TABLES[0]).open(encoding="utf-8"))
    return next(r for r in rows if r["iso3"] == iso3 and r["edition"] == edition)


@pytest.mark.parametrize("width", [WIDTH, 1280])
def test_any_two_editions_can_be_picked_on_the_changes_page(site, browser, width: int) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    old, new = _published("RUS", "2016"), _published("RUS", "2024")
    assert (old["scale"], new["scale"]) == ("lower_is_freer", "higher_is_freer")
    page = browser.new_page(viewport={"width": width, "height": 844})
    try:
        page.goto(f"{site}/country/RUS/changes/2024/2025?lang=ru")
        page.select_option("[data-testid=edition-pair-form] select[name=old]", "2024")
        page.select_option("[data-testid=edition-pair-form] select[name=new]", "2016")
        page.click("[data-testid=edition-pair-form] button")
        page.wait_for_load_state()
        assert page.url == f"{site}/country/RUS/changes/2016/2024?lang=ru"
        total = page.locator("tr[data-field=total] td").all_inner_texts()
        assert total[:2] == [f"{100 - int(old['total'])}*", new["total"]]  # * converted from the legacy scale
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
        # beside a stored report (KAZ 2022 from the seed) too
        page.goto(f"{site}/country/KAZ/changes/2021/2022?lang=en")
        assert page.locator("[data-testid=edition-pair-form] select[name=old] option").count() >= 10
    finally:
        page.close()


@pytest.mark.parametrize("width", [WIDTH, 1280])
def test_indicator_bars_of_the_three_categories_start_at_one_x(site, browser, width: int) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": 844})
    try:
        page.goto(f"{site}/country/RUS/2024?lang=ru")
        starts = page.evaluate(
            """() => [...document.querySelectorAll('#indicators table')].map(t =>
                 [...t.querySelectorAll('.bar-cell')].map(c => Math.round(c.getBoundingClientRect().left)))"""
        )
        assert [len(s) for s in starts] == [5, 8, 8]
        assert len({x for s in starts for x in s}) == 1, starts
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    finally:
        page.close()


def test_the_source_list_is_one_column_on_a_phone(site, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = browser.new_page(viewport={"width": WIDTH, "height": 844})
    try:
        page.goto(f"{site}/country/AGO/2024?lang=ru")
        widths = page.evaluate(
            "() => [...document.querySelectorAll('#source .source-list dd')].map(d => d.getBoundingClientRect().width)"
        )
        assert len(widths) >= 4 and min(widths) >= 300, widths  # the file, the address, the note, the other file
    finally:
        page.close()
