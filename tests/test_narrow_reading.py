"""What a newcomer saw on a 390 px phone and a 1280 px screen (session 6), in a real browser.

Chromium (Playwright, Debian's /usr/bin/chromium) opens the pages as a reader and as staff:

- a table that scrolls in its ``.table-scroll`` box never splits a word letter by letter
  (compare, home, API reference, downloads, the edition's dashboard, English and Russian);
- the history chart of a country known only from score tables keeps a legible legend;
- a draft's text in the read-only indicator view and in the two versions of a stale save (409)
  wraps at the page width instead of making the page scroll sideways.

The store holds the seed report and ../shared/data/fotn-scores.csv, read at run time.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from netfreedom.services import drafting
from netfreedom.services.accounts import AccountService
from netfreedom.services.reports import ingest_report
from netfreedom.services.tables import import_score_table
from netfreedom.store import Store

from .live_server import live_server
from .shared_data import SHARED, seed_path
from .test_browser import browser  # noqa: F401  (fixture: chromium with the project's flags)

PASSWORD = "a narrow screen password"

# Words of a table cell whose letters sit on more than one line (a word split inside itself; a
# line may still break after a hyphen, so the parts between hyphens are the words).
SPLIT_WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('.table-scroll th, .table-scroll td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s-]{2,}/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(match[0]);
      }
    }
  }
  return split.slice(0, 5);
}"""


class _Editor:
    name = "setup"
    roles = frozenset({"editor"})


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    scores = SHARED / "data" / "fotn-scores.csv"
    if not scores.exists():
        pytest.skip(f"no {scores}")
    url = f"sqlite:///{tmp_path_factory.mktemp('narrow-reading') / 'site.db'}"
    with Store(url, migrate=True) as store:
        ingest_report(seed_path(), store)
        import_score_table(store, scores)
        accounts = AccountService(store)
        accounts.add_user("rita", ["researcher"], password=PASSWORD)
        accounts.add_user("victor", ["reviewer"], password=PASSWORD)
        accounts.add_user("vera", ["editor"], password=PASSWORD)
        drafting.open_edition(store, 2023, _Editor())
        draft_id = drafting.new_draft(store, "KAZ", 2023, _Editor(), researcher="rita", reviewer="victor").id
    with live_server(url) as base:
        yield base, draft_id


def _page(browser, base: str, width: int, name: str | None = None):  # type: ignore[no-untyped-def]  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    if name is not None:
        page.goto(f"{base}/login?lang=en")
        page.get_by_test_id("login-name").fill(name)
        page.get_by_test_id("login-password").fill(PASSWORD)
        page.get_by_test_id("login-submit").click()
        page.wait_for_load_state()
    return page


@pytest.mark.parametrize("language", ["en", "ru"])
def test_table_words_never_split_at_390_px(site, browser, language: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, draft_id = site
    split = {}
    for name, paths in {
        None: ["/compare?countries=KAZ,RUS", "/", "/api", "/downloads"],
        "vera": ["/editions/2023", "/drafts/{draft}/redline"],
    }.items():
        page = _page(browser, base, 390, name)
        for path in (path.format(draft=draft_id) for path in paths):
            joiner = "&" if "?" in path else "?"
            page.goto(f"{base}{path}{joiner}lang={language}")
            words = page.evaluate(SPLIT_WORDS)
            if words:
                split[path] = words
            assert page.evaluate("document.scrollingElement.scrollWidth") <= 390, path
        page.context.close()
    assert split == {}


def test_history_chart_legend_stays_legible_at_390_px(site, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, _ = site
    page = _page(browser, base, 390)
    page.goto(f"{base}/country/RUS?lang=ru")
    smallest = page.evaluate(
        """() => { const svg = document.querySelector('.history .chart svg');
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return Math.min(...[...svg.querySelectorAll('text[font-size]')].map(t => parseFloat(t.getAttribute('font-size')))) * scale; }"""
    )
    assert smallest >= 9.5
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    page.context.close()


def test_indicator_distribution_labels_stay_legible_at_390_px(site, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, _ = site
    page = _page(browser, base, 390)
    page.goto(f"{base}/indicators/total?edition=2022&lang=ru")
    smallest = page.evaluate(
        """() => { const svg = document.querySelector('svg.distribution');
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return Math.min(...[...svg.querySelectorAll('text.dist-label')].map(t => parseFloat(getComputedStyle(t).fontSize))) * scale; }"""
    )
    assert smallest >= 10.5
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    page.context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_draft_text_wraps_in_read_only_view_and_stale_save(site, browser, width: int) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, draft_id = site
    url = f"{base}/drafts/{draft_id}/indicators/A3?lang=ru"
    reader = _page(browser, base, width, "victor")
    reader.goto(url)
    assert reader.get_by_test_id("read-narrative").inner_text().strip()
    assert reader.evaluate("document.scrollingElement.scrollWidth") <= width
    reader.context.close()

    first = _page(browser, base, width, "rita")
    second = first.context.new_page()
    first.goto(url)
    second.goto(url)
    first.get_by_test_id("change-note").fill(f"first save at {width}")
    first.get_by_test_id("save").click()
    first.wait_for_load_state()
    second.get_by_test_id("change-note").fill(f"second save at {width}")
    with second.expect_navigation() as navigation:
        second.get_by_test_id("save").click()
    assert navigation.value is not None and navigation.value.status == 409
    assert second.get_by_test_id("theirs-narrative").inner_text().strip()
    assert second.evaluate("document.scrollingElement.scrollWidth") <= width
    first.context.close()


def test_compare_keeps_the_indicator_column_in_view_at_390_px(site, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, _ = site
    page = _page(browser, base, 390)
    page.goto(f"{base}/compare?countries=KAZ,RUS&lang=ru")
    box = page.locator(".compare-table").locator("xpath=..")
    box.evaluate("element => { element.scrollLeft = element.scrollWidth; }")
    assert box.evaluate("element => element.scrollLeft") > 0  # the countries scroll in the box
    header = page.locator(".compare-table .total-row th").bounding_box()
    assert header is not None and header["x"] >= box.bounding_box()["x"] - 1  # the label did not scroll away
    page.context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_indicator_form_fields_stack_at_full_width(site, browser, width: int) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, draft_id = site
    page = _page(browser, base, width, "rita")
    page.goto(f"{base}/drafts/{draft_id}/indicators/A3?lang=ru")
    form = page.locator(".indicator-form").bounding_box()
    boxes = [page.locator(f"textarea[name={name}]").bounding_box() for name in ("change_note", "narrative", "sources")]
    assert form is not None and all(box is not None for box in boxes)
    assert all(box["width"] >= form["width"] * 0.95 for box in boxes)  # type: ignore[index]
    tops = [box["y"] for box in boxes]  # type: ignore[index]
    assert tops == sorted(tops) and len(set(tops)) == 3  # one under the other
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    page.context.close()


def test_signed_in_header_links_stay_whole_at_390_px(site, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, _ = site
    page = _page(browser, base, 390, "rita")
    page.goto(f"{base}/?lang=ru")
    broken = page.evaluate(
        """() => [...document.querySelectorAll('.session > a')].filter(a => {
          const range = document.createRange();
          range.selectNodeContents(a.firstChild);  // the link's own words, without the unread badge
          return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size > 1;
        }).map(a => a.textContent.trim())"""
    )
    assert broken == []
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    page.context.close()
