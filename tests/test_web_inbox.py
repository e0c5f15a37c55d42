"""The inbox page (``/inbox``): a signed-in person's own notifications, in their language,
with blind names as they may see them, marked read through a CSRF-checked form."""

from __future__ import annotations

import re
from typing import Any

from .accounts_site import ACCOUNT, Site, accounts_site  # noqa: F401  (fixture)
from .interface_text import english_words, interface_text


def _api(site: Site, role: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    site.client.cookies.clear()
    answer = site.client.request(method, path, json=body, headers={"Authorization": f"Bearer {site.tokens[role]}"})
    assert answer.status_code < 300, (path, answer.text)
    return answer.json()


def _signed_in(site: Site, role: str) -> None:
    site.client.cookies.clear()
    site.client.cookies.set("netfreedom_session", site.session_for(role))


def _blind_review_thread(site: Site) -> int:
    """A KAZ 2024 draft on the FOTN workflow in its blind peer review, where the reviewer
    opened a thread on A3 (the researcher is told, with the reviewer hidden)."""
    _api(site, "editor", "POST", "/api/v1/editions", {"edition": 2024, "workflow": "fotn"})
    body = {"country": "KAZ", "edition": 2024, "researcher": ACCOUNT["researcher"], "reviewer": ACCOUNT["reviewer"]}
    draft_id = int(_api(site, "editor", "POST", "/api/v1/drafts", body)["id"])
    _api(site, "researcher", "POST", f"/api/v1/drafts/{draft_id}/transitions", {"action": "submit"})
    _api(site, "editor", "POST", f"/api/v1/drafts/{draft_id}/transitions", {"action": "send_to_review"})
    _api(
        site,
        "reviewer",
        "POST",
        f"/api/v1/drafts/{draft_id}/threads",
        {"text": "Where is this from?", "indicator": "A3"},
    )
    return draft_id


def test_the_inbox_shows_ones_own_notifications_with_blind_names_and_marks_them_read(
    accounts_site: Site,  # noqa: F811
) -> None:
    site = accounts_site
    draft_id = _blind_review_thread(site)
    _signed_in(site, "researcher")
    home = site.client.get("/")
    assert 'data-testid="inbox-link"' in home.text
    unread = re.search(r'data-testid="inbox-unread"[^>]*>(\d+)<', home.text)
    assert unread and int(unread.group(1)) >= 1
    page = site.client.get("/inbox")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    items = re.findall(r'data-testid="notification" data-id="(\d+)"', page.text)
    assert items
    assert "Reviewer 1" in page.text and ACCOUNT["reviewer"] not in page.text  # blind names kept
    assert f'href="/drafts/{draft_id}' in page.text
    links = re.findall(
        r'data-testid="notification-link" href="([^"]+)"|href="([^"]+)" data-testid="notification-link"', page.text
    )
    assert links and all((a or b).startswith("/") and not (a or b).startswith("//") for a, b in links)

    russian = site.client.get("/inbox?lang=ru")
    assert "Входящие" in russian.text and "Новое в обсуждении, где вы участвуете" in russian.text
    assert english_words(interface_text(russian.text)) == []

    _signed_in(site, "reviewer")
    assert not set(re.findall(r'data-testid="notification" data-id="(\d+)"', site.client.get("/inbox").text)) & set(
        items
    ), "one sees only one's own items"

    _signed_in(site, "researcher")
    token = re.search(r'name="csrftoken" value="([^"]+)"', site.client.get("/inbox").text)
    assert token
    refused = site.client.post("/inbox/read", data={"id": items[0]})  # no CSRF token
    assert refused.status_code == 403
    marked = site.client.post("/inbox/read?lang=ru", data={"id": items[0], "csrftoken": token.group(1)})
    assert marked.status_code == 303 and marked.headers["location"] == "/inbox?lang=ru"
    after = site.client.get("/inbox?unread=1").text
    assert f'data-id="{items[0]}"' not in after
    site.client.post("/inbox/read", data={"all": "1", "csrftoken": token.group(1)})
    assert 'data-testid="inbox-empty"' in site.client.get("/inbox?unread=1").text
    assert 'data-testid="inbox-unread"' not in site.client.get("/").text
    site.client.cookies.clear()
    assert site.client.get("/inbox").status_code == 303
