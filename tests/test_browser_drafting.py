"""Writing an edition in a real browser (Playwright, Debian's chromium): a researcher moves A3
without a note and is stopped, adds the note and submits; the editor approves and publishes;
the public page shows the new score and the note. Two browsers editing one indicator: the
second is told, and nothing is lost."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from netfreedom.services import drafting
from netfreedom.services.accounts import AccountService
from netfreedom.services.reports import ingest_report
from netfreedom.store import Store
from netfreedom.store.drafts import DraftStore

from .live_server import live_server
from .shared_data import seed_path
from .test_browser import browser  # noqa: F401  (fixture: chromium with the project's flags)

PASSWORD = "a browser test password"
NOTE = "Изменение балла: оценка снизилась с 1 до 0 из-за отключений связи в январе."


class _Editor:
    name = "setup"
    roles = frozenset({"editor"})


@pytest.fixture(scope="module")
def drafting_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('drafting-browser') / 'site.db'}"
    with Store(url, migrate=True) as store:
        ingest_report(seed_path(), store)
        accounts = AccountService(store)
        accounts.add_user("rita", ["researcher"], pseudonym="R. Writer", password=PASSWORD)
        accounts.add_user("erin", ["editor"], password=PASSWORD)
        drafting.open_edition(store, 2023, _Editor())
        draft_id = drafting.new_draft(store, "KAZ", 2023, _Editor(), researcher="rita").id
    with live_server(url) as base:
        yield base, draft_id, url


def _sign_in(context, base: str, name: str):  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(f"{base}/login?lang=en")
    page.get_by_test_id("login-name").fill(name)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_load_state()
    return page


def test_a3_moves_is_stopped_without_a_note_then_published(drafting_site, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, draft_id, _ = drafting_site
    researcher = browser.new_context()
    page = _sign_in(researcher, base, "rita")
    page.goto(f"{base}/drafts/{draft_id}/indicators/A3?lang=en")
    page.get_by_test_id("score").select_option("0")
    page.get_by_test_id("save").click()
    assert page.get_by_test_id("score-A3").inner_text() == "0/6"
    page.get_by_test_id("action-submit").click()
    assert page.get_by_test_id("stage").get_attribute("data-stage") == "draft"  # stopped
    assert "A3" in page.get_by_test_id("refused").inner_text()
    assert page.locator("[data-testid=blocking] li[data-location=A3]").count() == 1

    page.goto(f"{base}/drafts/{draft_id}/indicators/A3?lang=en")
    page.get_by_test_id("change-note").fill(NOTE)
    page.get_by_test_id("save").click()
    page.get_by_test_id("action-submit").click()
    assert page.get_by_test_id("stage").get_attribute("data-stage") == "submitted"
    researcher.close()

    editor = browser.new_context()
    page = _sign_in(editor, base, "erin")
    page.goto(f"{base}/drafts/{draft_id}?lang=en")
    page.get_by_test_id("action-approve").click()
    assert page.get_by_test_id("stage").get_attribute("data-stage") == "approved"
    page.get_by_test_id("action-publish").click()
    assert page.get_by_test_id("stage").get_attribute("data-stage") == "published"
    editor.close()

    public = browser.new_context()
    page = public.new_page()
    page.goto(f"{base}/country/KAZ/2023?lang=en")
    text = page.locator("main").inner_text()
    assert "31" in text
    page.locator("details#A3 summary").click()
    assert "оценка снизилась с 1 до 0" in page.locator("details#A3").inner_text()
    assert "rita" not in page.content()
    public.close()


def test_two_browsers_on_one_indicator_nothing_lost(drafting_site, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, _, url = drafting_site
    with Store(url) as store:  # a draft of its own: the other test publishes the 2023 one
        drafting.open_edition(store, 2024, _Editor())
        draft_id = drafting.new_draft(store, "KAZ", 2024, _Editor(), researcher="rita").id
    first, second = browser.new_context(), browser.new_context()
    one, two = _sign_in(first, base, "rita"), _sign_in(second, base, "rita")
    form = f"{base}/drafts/{draft_id}/indicators/B1?lang=en"
    one.goto(form)
    two.goto(form)
    one.get_by_test_id("narrative").fill("First browser's words.")
    one.get_by_test_id("save").click()
    assert one.get_by_test_id("stage").get_attribute("data-stage") == "draft"
    two.get_by_test_id("narrative").fill("Second browser's words.")
    two.get_by_test_id("save").click()
    assert "someone saved first" in two.get_by_test_id("problem").inner_text()
    assert two.get_by_test_id("theirs-narrative").inner_text() == "First browser's words."
    assert two.get_by_test_id("yours-narrative").inner_text() == "Second browser's words."
    # Nothing lost: the first save is stored, the second is still in the browser to re-apply.
    with Store(url) as store:
        stored = DraftStore(store).draft(draft_id)
    assert stored.indicator("B1").narrative == "First browser's words." and stored.revision == 2
    first.close()
    second.close()
