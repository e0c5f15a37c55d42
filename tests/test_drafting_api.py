"""The drafting JSON API: a whole edition written, checked and published through
``/api/v1`` with tokens, in the one error shape (401, 403, 409, 422)."""

from __future__ import annotations

from typing import Any

from .accounts_site import ACCOUNT, Site, accounts_site  # noqa: F401  (fixture)


def call(site: Site, role: str | None, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    headers = {"Authorization": f"Bearer {site.tokens[role]}"} if role else {}
    site.client.cookies.clear()
    return site.client.request(method, path, json=body, headers=headers)


def test_an_edition_written_through_the_api(accounts_site: Site) -> None:  # noqa: F811
    site = accounts_site
    assert call(site, None, "POST", "/api/v1/editions", {"edition": 2023}).status_code == 401
    assert call(site, "researcher", "POST", "/api/v1/editions", {"edition": 2023}).status_code == 403
    opened = call(site, "editor", "POST", "/api/v1/editions", {"edition": 2023, "methodology": "fotn-2019"})
    assert opened.status_code == 201 and opened.json()["coverage"] == {"start": "2022-06-01", "end": "2023-05-31"}

    body = {"country": "KAZ", "edition": 2023, "researcher": ACCOUNT["researcher"], "reviewer": ACCOUNT["reviewer"]}
    made = call(site, "editor", "POST", "/api/v1/drafts", body)
    assert made.status_code == 201, made.text
    draft = made.json()
    draft_id, revision = draft["id"], draft["revision"]
    assert revision == 1 and draft["state"] == "draft" and draft["total"] == 32
    assert made.headers["cache-control"] == "no-store"

    path = f"/api/v1/drafts/{draft_id}"
    denied = call(site, None, "GET", path)
    assert denied.status_code == 401 and denied.json()["error"]["code"] == "not_authenticated"
    assert call(site, "translator", "GET", path).status_code == 403  # not assigned to this draft
    shown = call(site, "reviewer", "GET", path).json()
    assert "journal" not in shown["draft"]["indicators"][0]
    shown = call(site, "researcher", "GET", path).json()
    assert "journal" in shown["draft"]["indicators"][0] and shown["actions"] == ["submit"]
    before = next(i["score"] for i in shown["indicators"] if i["id"] == "A3")
    assert before > 0

    a3 = f"{path}/indicators/A3"
    assert call(site, "reviewer", "PATCH", a3, {"score": 0, "revision": 1}).status_code == 403
    out_of_range = call(site, "researcher", "PATCH", a3, {"score": 7, "revision": 1})
    assert out_of_range.status_code == 422 and "outside 0-6" in out_of_range.json()["error"]["message"]
    saved = call(site, "researcher", "PATCH", a3, {"score": before - 1, "revision": 1, "journal": "ask the ISP"})
    assert saved.status_code == 200 and saved.json()["revision"] == 2
    stale = call(site, "researcher", "PATCH", a3, {"text": "A second browser's text.", "revision": 1})
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["code"] == "stale_revision"
    assert error["details"]["yours"] == {"narrative": "A second browser's text."}
    assert error["details"]["theirs"]["score"] == before - 1 and error["details"]["current"] == 2

    transitions = f"{path}/transitions"
    blocked = call(site, "researcher", "POST", transitions, {"action": "submit"})
    assert blocked.status_code == 422
    assert [f["location"] for f in blocked.json()["error"]["details"]["findings"]] == ["A3"]
    unknown = call(site, "researcher", "POST", transitions, {"action": "publish"})
    assert unknown.status_code == 409 and unknown.json()["error"]["details"] == {
        "stage": "draft",
        "allowed": ["submit"],
    }
    note = f"The score declined from {before} to {before - 1} because mobile access was cut in January."
    assert call(site, "researcher", "PATCH", a3, {"change_note": note, "revision": 2}).status_code == 200
    assert call(site, "reviewer", "POST", transitions, {"action": "submit"}).status_code == 403
    submitted = call(site, "researcher", "POST", transitions, {"action": "submit"})
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    comment = call(site, "reviewer", "POST", f"{path}/comments", {"text": "Source for January?", "indicator": "A3"})
    assert comment.status_code == 201
    assert call(site, "researcher", "POST", transitions, {"action": "approve"}).status_code == 403
    assert call(site, "editor", "POST", transitions, {"action": "approve"}).json()["state"] == "approved"
    published = call(site, "editor", "POST", transitions, {"action": "publish"})
    assert published.status_code == 200 and published.json()["state"] == "published"

    public = call(site, None, "GET", "/api/v1/assessments/KAZ/2023").json()
    indicator = next(i for i in public["indicators"] if i["id"] == "A3")
    assert indicator["score"] == before - 1 and public["total"] == 31
    assert indicator["score_change"]["from"] == before and indicator["score_change"]["to"] == before - 1
    assert "ask the ISP" not in str(public) and ACCOUNT["researcher"] not in str(public)

    assert call(site, "translator", "GET", f"{path}/audit").status_code == 403
    trail = call(site, "editor", "GET", f"{path}/audit").json()
    assert [e["field"] for e in trail if e["field"] == "state"] == ["state", "state", "state"]
    journal = next(e for e in trail if e["field"] == "A3.journal")  # editors may read journals (drafts.journal)
    assert journal["after"] == "ask the ISP" and journal["actor"] == ACCOUNT["researcher"]
    trail = call(site, "reviewer", "GET", f"{path}/audit").json()  # the reviewer may not
    assert next(e for e in trail if e["field"] == "A3.journal")["after"] == "(private)"
