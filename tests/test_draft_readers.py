"""Who reads what of a draft, on every surface alike (findings of the newcomer trial).

- Everyone who may read a draft may read each of its indicators on the web: the edit form for
  whoever may edit it now, a read-only view (no form, no save button) for the others.
- The research journal is shown exactly to the roles ``permissions.yaml`` gives
  ``drafts.journal`` (and, among researchers, only the draft's own): the API's draft, the
  indicator page and the audit trail agree, role by role.
"""

from __future__ import annotations

from typing import Any

from netfreedom.accounts import load_policy

from .accounts_site import ACCOUNT, ROLES, Site, accounts_site  # noqa: F401  (fixture)

JOURNAL = "telephone the operator on Tuesday qz7"
NARRATIVE = "Mobile access was cut in one region for a week qz8."


def _api(site: Site, role: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    site.client.cookies.clear()
    return site.client.request(method, path, json=body, headers={"Authorization": f"Bearer {site.tokens[role]}"})


def _page(site: Site, role: str, path: str) -> Any:
    return site.page_as(role, path)


def _draft_with_a_journal(site: Site) -> int:
    assert _api(site, "editor", "POST", "/api/v1/editions", {"edition": 2023}).status_code in (201, 409)
    body = {"country": "KAZ", "edition": 2023, "researcher": ACCOUNT["researcher"], "reviewer": ACCOUNT["reviewer"]}
    made = _api(site, "editor", "POST", "/api/v1/drafts", body)
    assert made.status_code == 201, made.text
    draft_id = made.json()["id"]
    edit = {"text": NARRATIVE, "journal": JOURNAL, "revision": made.json()["revision"]}
    saved = _api(site, "researcher", "PATCH", f"/api/v1/drafts/{draft_id}/indicators/A3", edit)
    assert saved.status_code == 200, saved.text
    return int(draft_id)


def test_readers_of_a_draft_read_its_indicators_and_journals_only_where_allowed(
    accounts_site: Site,  # noqa: F811
) -> None:
    site = accounts_site
    draft_id = _draft_with_a_journal(site)
    policy = load_policy()
    readers = {"admin", "editor", "researcher", "reviewer"}  # managers and the draft's assigned people
    for role in ROLES:
        journal_allowed = policy.allows(frozenset({role}), "drafts.journal") and role in {"editor", "researcher"}
        page = _page(site, role, f"/drafts/{draft_id}/indicators/A3")
        api = _api(site, role, "GET", f"/api/v1/drafts/{draft_id}")
        audit = _api(site, role, "GET", f"/api/v1/drafts/{draft_id}/audit")
        if role not in readers:
            assert (page.status_code, api.status_code) == (403, 403), role
            continue
        assert page.status_code == 200 and api.status_code == 200, (role, page.status_code, api.status_code)
        assert NARRATIVE in page.text, role
        editing = 'data-testid="save"' in page.text
        assert editing == (role == "researcher"), role  # the draft stage: its researcher edits
        assert ('data-testid="read-only"' in page.text) == (not editing), role
        shown = {
            "page": JOURNAL in page.text,
            "api": JOURNAL in api.text,
            "audit": JOURNAL in audit.text if audit.status_code == 200 else False,
        }
        if audit.status_code == 200:
            assert "(private)" in audit.text or journal_allowed, role
        assert shown == {"page": journal_allowed, "api": journal_allowed, "audit": journal_allowed}, role
    draft_page = _page(site, "reviewer", f"/drafts/{draft_id}")
    assert f'href="/drafts/{draft_id}/indicators/A3?lang=en"' in draft_page.text  # linked for readers too
    russian = _page(site, "reviewer", f"/drafts/{draft_id}/indicators/A3?lang=ru")
    assert "Только чтение" in russian.text


def test_a_form_refused_for_its_csrf_token_keeps_the_signed_in_navigation(accounts_site: Site) -> None:  # noqa: F811
    site = accounts_site
    site.client.cookies.clear()
    site.client.cookies.set("netfreedom_session", site.session_for("editor"))
    try:
        refused = site.client.post("/account/tokens", data={"label": "no token sent"})
        assert refused.status_code == 403
        assert 'data-testid="account-link"' in refused.text and 'data-testid="login-link"' not in refused.text
        missing = site.client.get("/drafts/999999?lang=ru")
        assert missing.status_code == 404 and 'data-testid="account-link"' in missing.text
    finally:
        site.client.cookies.clear()
    anonymous = site.client.post("/logout", data={})
    assert anonymous.status_code == 403 and 'data-testid="login-link"' in anonymous.text
