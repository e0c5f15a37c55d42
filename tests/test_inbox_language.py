"""Inbox items are stored as a template plus values (migration 0017) and shown in the reader's
language: the workflow's labels, the country's name and blind labels translated, identifiers
kept as content. An item stored before templates keeps its English text, shown as it is."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from netfreedom.model.notifications import Notification, NotificationKind
from netfreedom.services.notifications import THREAD_MOVED, WORK_ARRIVED
from netfreedom.store import Store
from netfreedom.store.notifications import NewNotification, NotificationStore
from netfreedom.web.i18n import translator
from netfreedom.web.views.notification_text import notification_text

from .accounts_site import ACCOUNT, Site, accounts_site  # noqa: F401  (fixture)
from .interface_text import english_words, interface_text


def _api(site: Site, role: str, path: str, body: dict[str, Any]) -> Any:
    site.client.cookies.clear()
    answer = site.client.post(path, json=body, headers={"Authorization": f"Bearer {site.tokens[role]}"})
    assert answer.status_code < 300, (path, answer.text)
    return answer.json()


def _messages(site: Site, role: str, language: str) -> list[str]:
    page = site.page_as(role, f"/inbox?lang={language}")
    assert page.status_code == 200
    assert english_words(interface_text(page.text)) == [] if language == "ru" else True
    return re.findall(r'data-testid="notification-message">(.*?)</p>', page.text)


def test_the_inbox_in_russian_shows_each_item_translated_with_its_values(accounts_site: Site) -> None:  # noqa: F811
    site = accounts_site
    _api(site, "editor", "/api/v1/editions", {"edition": 2024, "workflow": "fotn"})
    body = {"country": "KAZ", "edition": 2024, "researcher": ACCOUNT["researcher"], "reviewer": ACCOUNT["reviewer"]}
    draft_id = int(_api(site, "editor", "/api/v1/drafts", body)["id"])
    _api(site, "researcher", f"/api/v1/drafts/{draft_id}/transitions", {"action": "submit"})
    _api(site, "editor", f"/api/v1/drafts/{draft_id}/transitions", {"action": "send_to_review"})
    _api(site, "reviewer", f"/api/v1/drafts/{draft_id}/threads", {"text": "Where is this from?", "indicator": "A3"})

    kept = '<span translate="no">{}</span>'.format
    assert _messages(site, "researcher", "ru") == [
        f"Рецензент 1: новое обсуждение показателя {kept('A3')} в черновике {kept(2024)} года (Казахстан)."
    ]
    assert _messages(site, "researcher", "en") == [
        f"Reviewer 1 opened a thread on {kept('A3')} of the {kept(2024)} draft of Kazakhstan"
    ]
    editor = kept(ACCOUNT["editor"])
    assert _messages(site, "reviewer", "ru") == [
        f"{editor}: действие «Отправить на рецензию» в черновике {kept(2024)} года (Казахстан); "
        "теперь этап «Рецензирование»."
    ]
    with Store(site.url) as store:
        stored = NotificationStore(store).inbox(ACCOUNT["reviewer"])
    assert [(n.template, n.template_values) for n in stored] == [
        (
            WORK_ARRIVED,
            {
                "actor": ACCOUNT["editor"],
                "country": "Kazakhstan",
                "iso3": "KAZ",
                "edition": 2024,
                "action": {"en": "Send to peer review", "ru": "Отправить на рецензию"},
                "stage": {"en": "Peer review", "ru": "Рецензирование"},
            },
        )
    ]
    assert stored[0].subject.startswith("Kazakhstan 2024: Send to peer review by ")  # the e-mail stays English


def test_an_item_stored_before_templates_is_shown_as_it_was(accounts_site: Site) -> None:  # noqa: F811
    with Store(accounts_site.url) as store:
        old = NewNotification(ACCOUNT["translator"], NotificationKind.THREAD_MOVED, "An old subject qz9", "Old body.\n")
        NotificationStore(store).deliver_to([old], queue_mail=False)
    page = accounts_site.page_as("translator", "/inbox?lang=ru")
    assert _messages(accounts_site, "translator", "ru") == []
    assert "An old subject qz9" in page.text and 'data-untranslated="notification-text"' in page.text


def test_every_thread_event_has_a_template_with_a_russian_translation() -> None:
    words = translator("ru")
    for (event, on_indicator), template in THREAD_MOVED.items():
        values = {"actor": "Researcher", "country": "Kazakhstan", "iso3": "KAZ", "edition": 2023}
        item = Notification(id=1, recipient="x", kind=NotificationKind.THREAD_MOVED, subject="s", body="b",
                            created_at=datetime.now(UTC), template=template,
                            template_values={**values, "indicator": "A3" if on_indicator else ""})  # fmt: skip
        text = str(notification_text(item, words))
        assert text.startswith("Исследователь: ") and "Казахстан" in text, (event, text)
        assert english_words(interface_text(f"<p>{text}</p>")) == [], (event, text)


def test_the_command_line_inbox_in_russian(accounts_site: Site) -> None:  # noqa: F811
    """``notifications inbox NAME --language ru``: kind, message, headings and read state in
    Russian, no English word left in the table; ``--json`` adds the Russian ``message`` and keeps
    its keys and values; without ``--language`` the table is the English one as before."""
    import json

    from click.testing import CliRunner

    from netfreedom.cli.main import cli

    values = {"actor": "Reviewer 1", "country": "Armenia", "iso3": "ARM", "edition": 2024, "indicator": "B2"}
    item = NewNotification(ACCOUNT["admin"], NotificationKind.THREAD_MOVED, "Armenia 2024: a thread on B2", "Body.\n",
                           link="/drafts/9#thread-1", template=THREAD_MOVED[("opened", True)], template_values=values)  # fmt: skip
    with Store(accounts_site.url) as store:
        NotificationStore(store).deliver_to([item], queue_mail=False)
    line = "Рецензент 1: новое обсуждение показателя B2 в черновике 2024 года (Армения)."
    command = ["notifications", "inbox", ACCOUNT["admin"], "--database", accounts_site.url]
    runner = CliRunner()
    table = runner.invoke(cli, [*command, "--language", "ru"], env={"COLUMNS": "400"})
    assert table.exit_code == 0, table.output
    assert line in table.output and "Новое в обсуждении, где вы участвуете" in table.output
    assert "Входящие" in table.output and "не прочитано" in table.output and "Прочитано" in table.output
    lines = [line.replace("│", " ").replace("┃", " ") for line in table.output.splitlines()]
    names = re.compile("|".join(re.escape(name) for name in ACCOUNT.values()))  # account names: content, kept
    assert english_words([names.sub(" ", line) for line in lines]) == []
    answer = runner.invoke(cli, [*command, "--language", "ru", "--json"])
    rows = [row for row in json.loads(answer.output) if row["message"] == line]
    assert len(rows) == 1 and rows[0]["kind"] == "thread_moved" and rows[0]["read"] is False
    english = runner.invoke(cli, command, env={"COLUMNS": "400"})
    assert "Inbox of" in english.output and "Armenia 2024: a thread on B2" in english.output
    assert "Рецензент" not in english.output
