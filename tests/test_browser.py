"""Real-browser tests: Playwright driving Debian's chromium against the running site.

The store holds the seed report (KAZ 2022, Russian body), the sample reports (XEX 2023 in
English and Russian) and a hostile copy of the English sample whose narrative carries
``<script>`` and ``onerror=`` payloads.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from netfreedom.services.reports import ingest_report
from netfreedom.store import Store

from .live_server import live_server
from .shared_data import SAMPLES, seed_path

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HOSTILE = '<script>alert("owned")</script> and <img src=x onerror=alert(2)> inside the narrative.'


def _require_chromium() -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run must install it (apt-get install chromium)")
        pytest.skip("chromium is not installed")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'site.db'}"
    hostile = folder / "hostile.txt"
    text = (SAMPLES / "exampleland-2023-en.txt").read_text(encoding="utf-8")
    text = text.replace("Exampleland\n", "Kyrgyzstan\n", 1).replace("On Exampleland", "On Kyrgyzstan")
    marker = "\n\n4\n\n"  # A1's score line: the hostile paragraph follows it
    hostile.write_text(text.replace(marker, marker + HOSTILE + "\n\n", 1), encoding="utf-8")
    with Store(url, migrate=True) as store:
        for path in [seed_path(), *sorted(SAMPLES.glob("*.txt")), hostile]:
            ingest_report(path, store)
    with live_server(url) as base:
        _DATABASES[base] = url
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()


def test_country_page_shows_score_and_status(site: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site}/country/KAZ?lang=en")
    body = page.locator("main")
    assert "32" in body.inner_text()
    assert "Not Free" in body.inner_text()


def test_expand_a3_and_see_the_change(site: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site}/country/KAZ?lang=en")
    a3 = page.locator("details#A3")
    assert not a3.evaluate("d => d.open")
    note = a3.locator(".score-change-note")
    assert not note.is_visible()
    a3.locator("summary").click()
    assert a3.evaluate("d => d.open")
    assert note.is_visible()
    assert re.search(r"2\s*(→|->)\s*1", a3.locator("summary").inner_text())


def test_follow_a_cross_reference(site: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site}/country/KAZ?lang=en")
    c5 = page.locator("details#C5")
    c5.locator("summary").click()
    link = c5.locator('a.xref[href="#A3"]').first
    link.click()
    page.wait_for_function("() => window.location.hash === '#A3'")
    assert page.locator("details#A3").evaluate("d => d.open")


def test_switch_language(site: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site}/country/KAZ?lang=en")
    page.locator('[data-testid="lang-ru"]').click()
    page.wait_for_url(re.compile(r"lang=ru"))
    assert page.locator("html").get_attribute("lang") == "ru"
    assert "Несвободна" in page.locator("main").inner_text()


def test_search_lands_on_the_right_indicator(site: str, page) -> None:  # type: ignore[no-untyped-def]
    with Store(site_database(site), migrate=True) as store:
        assessment = store.get("KAZ", 2022)
    assert assessment is not None
    word, indicator_id = _word_in_one_indicator(assessment)
    page.goto(f"{site}/search?lang=en")
    page.locator('input[name="q"]').fill(word)
    page.locator('input[name="q"]').press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    first = page.locator("a.search-hit").first
    first.click()
    page.wait_for_url(re.compile(rf"/country/KAZ/2022.*#{indicator_id}$"))
    assert page.locator(f"details#{indicator_id}").evaluate("d => d.open")


def test_hostile_narrative_is_inert(site: str, page) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{site}/country/KGZ/2023?lang=en")
    page.locator("details#A1 summary").click()
    page.wait_for_timeout(300)
    text = page.locator("details#A1").inner_text()
    assert '<script>alert("owned")</script>' in text and "onerror=alert(2)" in text
    assert dialogs == []
    assert not [u for u in requests if not u.startswith(site) or u.rstrip("/").endswith("/x")]
    assert page.locator("details#A1 script").count() == 0
    assert page.locator("details#A1 img").count() == 0


# -- helpers ------------------------------------------------------------------------------

_DATABASES: dict[str, str] = {}


def site_database(base: str) -> str:
    return _DATABASES[base]


def _word_in_one_indicator(assessment) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A long Russian word (read at run time from the stored report) whose stem occurs in
    exactly one indicator and nowhere else in the report."""
    import snowballstemmer

    stem = snowballstemmer.stemmer("russian").stemWord
    where: dict[str, set[str]] = {}
    first_word: dict[str, str] = {}
    sections = [(i.id, i.paragraphs) for i in assessment.indicators]
    sections += [("elsewhere", assessment.overview + assessment.key_developments)]
    for location, paragraphs in sections:
        for paragraph in paragraphs:
            for word in re.findall(r"[а-яё]{9,}", paragraph.lower()):
                where.setdefault(stem(word), set()).add(location)
                first_word.setdefault(stem(word), word)
    candidates = sorted(s for s, ids in where.items() if len(ids) == 1 and "elsewhere" not in ids)
    chosen = candidates[len(candidates) // 2]
    return first_word[chosen], next(iter(where[chosen]))
