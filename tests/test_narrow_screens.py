"""No page scrolls sideways on a 390 px wide phone (issue 8, item 4), in a real browser.

Chromium (Playwright) opens every kind of page of the site at 390 x 844 CSS pixels, in
English and Russian, and measures ``document.scrollingElement.scrollWidth``: it must not
exceed 390. The store holds the seed report, the sample reports and
../shared/data/fotn-scores.csv (table-only countries and editions), read at run time.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from netfreedom.services.reports import ingest_report
from netfreedom.services.tables import import_score_table
from netfreedom.store import Store

from .live_server import live_server
from .shared_data import SAMPLES, SHARED, seed_path
from .test_browser import CHROMIUM, FLAGS, _require_chromium

WIDTH = 390
PAGES = [
    "/",
    "/?edition=2024&sort=rank&order=asc",
    "/country/KAZ",
    "/country/KAZ/2022",
    "/country/KAZ/2025",
    "/country/RUS",
    "/country/RUS/changes/2024/2025",
    "/country/XEX/2023",
    "/compare?countries=KAZ,KGZ,RUS,USA,DEU,CHN",
    "/indicators/A?edition=2025",
    "/indicators/total",
    "/search?q=internet",
    "/search?q=блокировок",
    "/search?q=интернет&lang=ru",
    "/methodology",
    "/downloads",
    "/api",
    "/login",
    "/country/NOR",  # the 404 page
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    scores = SHARED / "data" / "fotn-scores.csv"
    if not scores.exists():
        pytest.skip(f"no {scores}")
    url = f"sqlite:///{tmp_path_factory.mktemp('narrow') / 'site.db'}"
    with Store(url, migrate=True) as store:
        for path in [seed_path(), *sorted(SAMPLES.glob("*.txt"))]:
            ingest_report(path, store)
        import_score_table(store, scores)
    with live_server(url) as base:
        yield base


@pytest.mark.parametrize("language", ["en", "ru"])
def test_no_page_scrolls_sideways_at_390_px(site: str, language: str) -> None:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    too_wide = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": 844})
            for path in PAGES:
                joiner = "&" if "?" in path else "?"
                page.goto(f"{site}{path}{'' if 'lang=' in path else f'{joiner}lang={language}'}")
                width = page.evaluate("document.scrollingElement.scrollWidth")
                if width > WIDTH:
                    too_wide[path] = width
        finally:
            browser.close()
    assert too_wide == {}
