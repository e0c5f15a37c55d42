"""Blind peer review in a real browser (Playwright, Debian's chromium): a draft goes through the
FOTN workflow (staff check, blind peer review, reconciliation, approval, publication) with a
comment thread that gates reconciliation, and the researcher's and reviewer's account names
appear on no page (HTML or API) the other can open while it does."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from netfreedom.services import drafting
from netfreedom.services.accounts import AccountService
from netfreedom.services.reports import ingest_report
from netfreedom.store import Store

from .live_server import live_server
from .shared_data import seed_path
from .test_browser import browser  # noqa: F401  (fixture: chromium with the project's flags)

PASSWORD = "a browser review password"
RESEARCHER, REVIEWER, EDITOR = "rita-writes-q7", "vera-reads-k4", "erin-edits-z2"
QUESTION = "Which court order closed the regional providers in January?"
ANSWER = "The order of the district court, now cited as footnote 12."


class _Editor:
    name = EDITOR
    roles = frozenset({"editor"})


@pytest.fixture(scope="module")
def review_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('review-browser') / 'site.db'}"
    with Store(url, migrate=True) as store:
        ingest_report(seed_path(), store)
        accounts = AccountService(store)
        accounts.add_user(RESEARCHER, ["researcher"], pseudonym="R. Q.", password=PASSWORD)
        accounts.add_user(REVIEWER, ["reviewer"], password=PASSWORD)
        accounts.add_user(EDITOR, ["editor"], password=PASSWORD)
        drafting.open_edition(store, 2023, _Editor(), workflow="fotn")
        draft_id = drafting.new_draft(store, "KAZ", 2023, _Editor(), researcher=RESEARCHER, reviewer=REVIEWER).id
    with live_server(url) as base:
        yield base, draft_id


def _sign_in(context, base: str, name: str):  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(f"{base}/login?lang=en")
    page.get_by_test_id("login-name").fill(name)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_load_state()
    return page


def _act(page, base: str, draft_id: int, action: str, expected_stage: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/drafts/{draft_id}?lang=en")
    page.get_by_test_id(f"action-{action}").click()
    assert page.get_by_test_id("stage").get_attribute("data-stage") == expected_stage


def _pages_without(page, base: str, draft_id: int, hidden: str) -> int:  # type: ignore[no-untyped-def]
    """Open every drafting page and API answer the signed-in person can reach (the links on
    the draft pages followed one level, plus the API's draft, threads, list and audit), in both
    languages, and assert that ``hidden`` is on none of them. Returns how many were opened."""
    start = [f"/drafts?lang={lang}" for lang in ("en", "ru")] + [
        f"/drafts/{draft_id}?lang={lang}" for lang in ("en", "ru")
    ]
    api = [f"/api/v1/drafts/{draft_id}", f"/api/v1/drafts/{draft_id}/threads", "/api/v1/drafts",
           f"/api/v1/drafts/{draft_id}/audit", f"/drafts/{draft_id}/redline?lang=en"]  # fmt: skip
    seen: set[str] = set()
    queue = start + api
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        page.goto(base + path)
        content = page.content()
        assert hidden not in content, path
        if path in start:
            for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
                if re.match(r"^/(drafts|account)", href or "") and ".pdf" not in href and href not in seen:
                    queue.append(href)
    return len(seen)


def test_blind_review_hides_names_on_every_page(review_site, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, draft_id = review_site
    researcher, reviewer, editor = browser.new_context(), browser.new_context(), browser.new_context()
    rita, vera, erin = (
        _sign_in(researcher, base, RESEARCHER),
        _sign_in(reviewer, base, REVIEWER),
        _sign_in(editor, base, EDITOR),
    )

    _act(rita, base, draft_id, "submit", "staff_check")
    _act(erin, base, draft_id, "send_to_review", "peer_review")

    vera.goto(f"{base}/drafts/{draft_id}?lang=en")
    assert vera.get_by_test_id("blind").is_visible()
    assert vera.get_by_test_id("researcher").inner_text() == "Researcher"
    vera.get_by_test_id("thread-indicator").select_option("A3")
    vera.get_by_test_id("thread-text").fill(QUESTION)
    vera.get_by_test_id("open-thread").click()
    thread = vera.locator("[data-thread]").first
    thread_id = thread.get_attribute("data-thread")
    assert thread.get_attribute("data-status") == "open"
    assert thread.locator(".author").first.inner_text() == REVIEWER  # one's own name

    rita.goto(f"{base}/drafts/{draft_id}?lang=en")
    assert rita.get_by_test_id("reviewer").inner_text() == "Reviewer 1"
    assert rita.locator(f"#thread-{thread_id} .author").first.inner_text() == "Reviewer 1"
    assert rita.get_by_test_id(f"resolve-{thread_id}").count() == 0  # not the researcher's to close
    assert _pages_without(rita, base, draft_id, REVIEWER) >= 8
    assert _pages_without(vera, base, draft_id, RESEARCHER) >= 8

    _act(vera, base, draft_id, "finish_review", "reconciliation")
    rita.goto(f"{base}/drafts/{draft_id}?lang=en")
    rita.get_by_test_id("action-reconcile").click()
    assert rita.get_by_test_id("stage").get_attribute("data-stage") == "reconciliation"
    assert "open thread" in rita.get_by_test_id("refused").inner_text()
    rita.get_by_test_id(f"reply-{thread_id}").fill(ANSWER)
    rita.get_by_test_id(f"send-reply-{thread_id}").click()
    assert rita.locator(f"#thread-{thread_id} .author").nth(1).inner_text() == RESEARCHER

    vera.goto(f"{base}/drafts/{draft_id}?lang=en")
    assert vera.locator(f"#thread-{thread_id} .author").nth(1).inner_text() == "Researcher"
    vera.get_by_test_id(f"resolve-{thread_id}").click()
    assert vera.locator(f"#thread-{thread_id}").get_attribute("data-status") == "resolved"

    _act(rita, base, draft_id, "reconcile", "approval")
    erin.goto(f"{base}/drafts/{draft_id}?lang=en")
    assert erin.get_by_test_id("reviewer").inner_text() == REVIEWER  # staff see names
    assert erin.locator(f"#thread-{thread_id} .author").first.inner_text() == REVIEWER
    _act(erin, base, draft_id, "publish", "published")

    # After publication the names stay hidden between the two (the draft was blind review).
    assert _pages_without(rita, base, draft_id, REVIEWER) >= 8
    assert _pages_without(vera, base, draft_id, RESEARCHER) >= 8
    public = browser.new_context().new_page()
    public.goto(f"{base}/country/KAZ/2023?lang=en")
    for name in (RESEARCHER, REVIEWER, EDITOR):
        assert name not in public.content()
    for context in (researcher, reviewer, editor):
        context.close()
