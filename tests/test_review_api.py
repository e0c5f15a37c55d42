"""The FOTN review workflow through the JSON API: every transition against every role, comment
threads with the ``threads`` gate, and blind identity in every answer, audit line and inbox item.

Who may take which action is written out here by hand (from the issue's description of the
FOTN review), not read from the workflow file, so the file is checked against it.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from netfreedom.services.notifications import inbox
from netfreedom.store import Store

from .accounts_site import ACCOUNT, ROLES, Site, accounts_site  # noqa: F401  (fixture)
from .test_drafting_api import call

WALK = [
    ("draft", "submit", "researcher"),
    ("staff_check", "send_to_review", "editor"),
    ("peer_review", "finish_review", "reviewer"),
    ("reconciliation", "reconcile", "researcher"),
    ("approval", "publish", "editor"),
]
"""The way through: in each stage, the action that moves on and one party that takes it."""
STAGES = [stage for stage, _, _ in WALK]
WHO_MAY = {
    "submit": ({"draft"}, {"researcher"}),
    "send_to_review": ({"staff_check"}, {"editor", "admin"}),
    "finish_review": ({"peer_review"}, {"reviewer", "editor", "admin"}),
    "reconcile": ({"reconciliation"}, {"researcher"}),
    "return": ({"staff_check", "peer_review", "reconciliation", "approval"}, {"editor", "admin"}),
    "publish": ({"approval"}, {"editor", "admin"}),
}
"""Action -> (stages it is offered in, roles that may take it on a draft assigned as below)."""
NEXT = {"submit": "staff_check", "send_to_review": "peer_review", "finish_review": "reconciliation",
        "reconcile": "approval", "return": "draft", "publish": "published"}  # fmt: skip

_editions: dict[int, itertools.count[int]] = {}
"""Per site (each database backend has its own): KAZ's base is 2022; editions up to 2027 pass
the edition checks: five drafts in all per site."""
_reused: dict[int, str] = {}


def _open_draft(site: Site) -> str:
    edition = next(_editions.setdefault(id(site), itertools.count(2023)))
    opened = call(site, "editor", "POST", "/api/v1/editions", {"edition": edition, "workflow": "fotn"})
    assert opened.status_code == 201, opened.text
    assert opened.json()["workflow"] == "fotn"
    body = {"country": "KAZ", "edition": edition, "researcher": ACCOUNT["researcher"], "reviewer": ACCOUNT["reviewer"]}
    made = call(site, "editor", "POST", "/api/v1/drafts", body)
    assert made.status_code == 201, made.text
    return f"/api/v1/drafts/{made.json()['id']}"


def _draft_at(site: Site, stage: str, *, fresh: bool = False) -> str:
    """A draft in ``stage``: a new one when ``fresh``, else one draft of the module returned to
    ``draft`` by the editor and walked on again."""
    if fresh or id(site) not in _reused:
        path = _open_draft(site)
        if not fresh:
            _reused[id(site)] = path
    else:
        path = _reused[id(site)]
        if call(site, "editor", "GET", path).json()["state"] != "draft":
            assert call(site, "editor", "POST", f"{path}/transitions", {"action": "return"}).status_code == 200
    for here, action, role in WALK:
        if here == stage:
            break
        moved = call(site, role, "POST", f"{path}/transitions", {"action": action})
        assert moved.status_code == 200, moved.text
    assert call(site, "editor", "GET", path).json()["state"] == stage
    return path


def _allowed(stage: str, role: str) -> list[str]:
    return [a for a, (stages, roles) in WHO_MAY.items() if stage in stages and role in roles]


def test_an_edition_opened_with_an_unknown_workflow_is_refused(accounts_site: Site) -> None:  # noqa: F811
    refused = call(accounts_site, "editor", "POST", "/api/v1/editions", {"edition": 2029, "workflow": "nope"})
    assert refused.status_code == 400 and "known: fotn, plain" in refused.json()["error"]["message"]


def test_every_refused_transition_names_the_allowed_ones(accounts_site: Site) -> None:  # noqa: F811
    site = accounts_site
    path = _open_draft(site)
    for stage, move, mover in WALK:
        assert call(site, "editor", "GET", path).json()["state"] == stage
        for action, role in itertools.product(WHO_MAY, ROLES):
            if action in _allowed(stage, role):
                continue
            refused = call(site, role, "POST", f"{path}/transitions", {"action": action})
            if role == "translator":  # not assigned to the draft: may not even read it
                assert refused.status_code == 403, (stage, action, role)
                continue
            error = refused.json()["error"]
            offered = stage in WHO_MAY[action][0]
            assert refused.status_code == (403 if offered else 409), (stage, action, role, error)
            assert error["code"] == ("forbidden" if offered else "action_not_allowed")
            assert error["details"] == {"stage": stage, "allowed": _allowed(stage, role)}, (stage, action, role)
        unknown = call(site, "editor", "POST", f"{path}/transitions", {"action": "approve"})  # a plain-flow action
        assert unknown.status_code == 409 and unknown.json()["error"]["details"]["allowed"] == _allowed(stage, "editor")
        moved = call(site, mover, "POST", f"{path}/transitions", {"action": move})
        assert moved.status_code == 200, moved.text
    assert call(site, "editor", "GET", path).json()["state"] == "published"


@pytest.mark.parametrize(
    ("action", "stage", "role"),
    [(a, s, r) for a, (stages, roles) in WHO_MAY.items() for s in STAGES if s in stages for r in sorted(roles)],
)
def test_every_allowed_transition_is_taken(accounts_site: Site, action: str, stage: str, role: str) -> None:  # noqa: F811
    site = accounts_site
    path = _draft_at(site, stage, fresh=action == "publish")
    moved = call(site, role, "POST", f"{path}/transitions", {"action": action})
    assert moved.status_code == 200, moved.text
    assert moved.json()["state"] == NEXT[action]
    if action == "publish":
        assert moved.json()["published_revision"] is not None


def _pdf_words(response: Any, folder: Path) -> str:
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response.headers["cache-control"] == "no-store"
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is not installed (poppler-utils)")
    pdf = folder / "draft.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run([tool, str(pdf), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    return " ".join(text.split())


def test_threads_gate_blind_names_and_inbox(accounts_site: Site, tmp_path: Path) -> None:  # noqa: F811
    site = accounts_site
    researcher, reviewer = ACCOUNT["researcher"], ACCOUNT["reviewer"]
    path = _draft_at(site, "peer_review", fresh=True)
    assert call(site, "reviewer", "PATCH", f"{path}/indicators/A3", {"score": 0, "revision": 4}).status_code == 403

    opened = call(
        site, "reviewer", "POST", f"{path}/threads", {"text": "Which order closed the ISPs?", "indicator": "a3"}
    )
    assert opened.status_code == 201, opened.text
    thread = opened.json()
    assert thread["indicator"] == "A3" and thread["status"] == "open" and thread["stage"] == "peer_review"
    assert thread["comments"][0]["author"] == reviewer  # your own name
    thread_path = f"{path}/threads/{thread['id']}"
    on_draft = call(site, "researcher", "POST", f"{path}/threads", {"text": "A general question to staff."})
    assert on_draft.status_code == 201 and on_draft.json()["indicator"] is None
    settled = call(site, "editor", "POST", f"{path}/threads/{on_draft.json()['id']}/resolve")
    assert settled.status_code == 200 and settled.json()["status"] == "resolved"
    assert call(site, "translator", "GET", f"{path}/threads").status_code == 403
    empty = call(site, "reviewer", "POST", f"{path}/threads", {"text": "   "})
    assert empty.status_code == 422

    seen_by_researcher = call(site, "researcher", "GET", f"{path}/threads").json()
    assert seen_by_researcher[0]["comments"][0]["author"] == "Reviewer 1"
    assert seen_by_researcher[0]["opened_by"] == "Reviewer 1"
    draft_for_researcher = call(site, "researcher", "GET", path).json()
    assert (
        draft_for_researcher["reviewer"] == "Reviewer 1" and draft_for_researcher["draft"]["reviewer"] == "Reviewer 1"
    )
    draft_for_reviewer = call(site, "reviewer", "GET", path).json()
    assert draft_for_reviewer["researcher"] == "Researcher"
    assert call(site, "editor", "GET", path).json()["reviewer"] == reviewer  # staff see names

    finished = call(site, "reviewer", "POST", f"{path}/transitions", {"action": "finish_review"})
    assert finished.status_code == 200
    gated = call(site, "researcher", "POST", f"{path}/transitions", {"action": "reconcile"})
    assert gated.status_code == 422
    assert gated.json()["error"]["details"]["threads"] == [{"id": thread["id"], "indicator": "A3"}]
    assert call(site, "researcher", "POST", f"{thread_path}/resolve").status_code == 403  # not the opener
    replied = call(site, "researcher", "POST", f"{thread_path}/replies", {"text": "The order of 5 January; cited."})
    assert replied.status_code == 201 and [c["author"] for c in replied.json()["comments"]] == [
        "Reviewer 1",
        researcher,
    ]
    assert call(site, "reviewer", "GET", f"{path}/threads").json()[0]["comments"][1]["author"] == "Researcher"
    resolved = call(site, "reviewer", "POST", f"{thread_path}/resolve")
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    assert call(site, "reviewer", "POST", f"{thread_path}/reopen").json()["status"] == "open"
    assert call(site, "editor", "POST", f"{thread_path}/resolve").json()["resolved_by"] == ACCOUNT["editor"]
    assert call(site, "reviewer", "GET", f"{path}/threads").json()[0]["resolved_by"] == ACCOUNT["editor"]
    wrong_draft = call(site, "reviewer", "POST", f"/api/v1/drafts/999999/threads/{thread['id']}/reopen")
    assert wrong_draft.status_code == 404
    assert call(site, "researcher", "POST", f"{path}/transitions", {"action": "reconcile"}).status_code == 200

    for role, hidden in (("researcher", reviewer), ("reviewer", researcher)):
        trail = call(site, role, "GET", f"{path}/audit")
        assert trail.status_code == 200
        assert hidden not in trail.text, role
        assert hidden not in call(site, role, "GET", path).text
        assert hidden not in call(site, role, "GET", f"{path}/threads").text
        assert hidden not in call(site, role, "GET", "/api/v1/drafts").text
    trail = call(site, "researcher", "GET", f"{path}/audit").json()
    assert {"comment", "reply", "resolve", "reopen"} <= {e["action"] for e in trail}
    assert any(e["actor"] == "Reviewer 1" and e["action"] == "comment" for e in trail)
    assert reviewer in call(site, "editor", "GET", f"{path}/audit").text

    with Store(site.url) as store:
        mine = inbox(store, researcher)
        theirs = inbox(store, reviewer)
    about_thread = [n for n in mine if n.thread_id == thread["id"]]
    assert about_thread and all("Reviewer 1" in n.subject for n in about_thread if "opened" in n.subject)
    assert not [n for n in mine if reviewer in n.subject + n.body]
    assert [n for n in theirs if "Researcher" in n.subject and n.thread_id == thread["id"]]
    assert not [n for n in theirs if researcher in n.subject + n.body]
    assert any(n.kind == "work_arrived" and "Reconciliation" in n.body for n in mine)

    for role, hidden, shown in (("researcher", reviewer, "Reviewer 1"), ("reviewer", researcher, "Researcher")):
        words = _pdf_words(call(site, role, "GET", path.removeprefix("/api/v1") + "/draft.pdf"), tmp_path)
        assert hidden not in words and shown in words and "Which order closed the ISPs?" in words
    assert reviewer in _pdf_words(call(site, "editor", "GET", path.removeprefix("/api/v1") + "/draft.pdf"), tmp_path)

    published = call(site, "editor", "POST", f"{path}/transitions", {"action": "publish"})
    assert published.status_code == 200
    edition = call(site, "editor", "GET", path).json()["edition"]
    public = call(site, None, "GET", f"/api/v1/assessments/KAZ/{edition}")
    assert public.json()["provenance"]["credit"] == "Pseudonym of the researcher"  # the pseudonym, not the account
    for name in (researcher, reviewer, ACCOUNT["editor"]):
        assert name not in public.text
    page = site.client.get(f"/country/KAZ/{edition}?lang=ru")
    credit = re.sub(r"<[^>]+>", "", page.text)  # the pseudonym is marked as content (translate="no")
    assert "Исследователь указан как Pseudonym of the researcher" in credit and researcher not in page.text
    assert call(site, "reviewer", "POST", f"{thread_path}/reopen").status_code == 403  # nobody comments once published
