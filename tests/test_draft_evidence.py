"""Evidence inside a draft, over the real evidence files: Access Now STOP's nationwide
shutdown of Kazakhstan (2022-01-04 to 2022-01-11) is offered for A3 of a KAZ 2022 draft,
cited as a source with its provenance, audited, kept by the offline export and published
with the report (JSON and PDF sources)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import pytest

from netfreedom.errors import DraftRuleError, PermissionDeniedError
from netfreedom.services import drafting
from netfreedom.services.draft_evidence import attach_evidence, suggested_evidence
from netfreedom.services.draft_offline import export_text, import_text
from netfreedom.services.evidence import import_evidence
from netfreedom.store import Store
from netfreedom.store.drafts import DraftStore
from netfreedom.web.views.pdf import report_html

from .accounts_site import ACCOUNT, Site, accounts_site  # noqa: F401  (fixture)
from .drafting_data import EDITOR, RITA, VICTOR, import_workbook, open_with_drafts, scored_from_2024, shared_file

STOP_FILE = ("data", "evidence", "raw", "accessnow", "Keepiton_raw_dataset.xlsx")


@pytest.fixture
def kaz_2022(store: Store) -> Iterator[tuple[Store, int]]:
    """Evidence imported, edition 2022 open, an (empty) KAZ 2022 draft for rita."""
    import_evidence(store, [shared_file("data", "evidence", "raw")])
    made = open_with_drafts(store, 2022, ["KAZ"])
    yield store, made["KAZ"]


def test_the_january_shutdown_is_offered_for_a3(kaz_2022: tuple[Store, int]) -> None:
    store, draft_id = kaz_2022
    draft = drafting.draft_for(store, draft_id, RITA)
    found = suggested_evidence(store, draft, "A3")
    assert found.period == (draft.coverage.start, draft.coverage.end)
    assert found.counts == {"event": 1} and len(found.events) == 1
    shutdown = found.suggestions[0]
    assert shutdown.item.source == "accessnow-stop" and shutdown.item.scope == "national"
    assert (shutdown.item.start.date().isoformat(), shutdown.item.end.date().isoformat()) == (
        "2022-01-04",
        "2022-01-11",
    )  # type: ignore[union-attr]
    cited = shutdown.citation
    assert cited.publisher == "Access Now (STOP)" and cited.published.isoformat() == "2022-01-04"  # type: ignore[union-attr]
    assert "2022-01-04 to 2022-01-11" in cited.title and cited.url is None  # nothing links off the site
    evidence = cited.evidence
    assert evidence is not None and evidence.file == STOP_FILE[-1]
    assert evidence.sha256 == hashlib.sha256(shared_file(*STOP_FILE).read_bytes()).hexdigest()
    assert re.fullmatch(r"sheet '2022 Data' row \d+", evidence.locator)
    assert not shutdown.attached
    assert suggested_evidence(store, draft, "C4").suggestions == []  # nothing of KAZ bears on C4


def test_citing_it_is_a_source_with_provenance_and_an_audit_line(kaz_2022: tuple[Store, int]) -> None:
    store, draft_id = kaz_2022
    import_workbook(store)
    scored_from_2024(store, draft_id, "rita")  # real scores (Kazakhstan's of 2024) to publish with
    draft = drafting.draft_for(store, draft_id, RITA)
    key = suggested_evidence(store, draft, "A3").suggestions[0].item.key
    with pytest.raises(PermissionDeniedError):
        attach_evidence(store, draft_id, "A3", key, VICTOR, draft.revision)  # a reviewer never edits
    saved = attach_evidence(store, draft_id, "a3", key, RITA, draft.revision)
    assert saved.revision == draft.revision + 1
    [source] = saved.indicator("A3").sources
    assert source.evidence is not None and source.evidence.key == key
    assert suggested_evidence(store, saved, "A3").suggestions[0].attached
    with pytest.raises(DraftRuleError, match="already cites"):
        attach_evidence(store, draft_id, "A3", key, RITA, saved.revision)
    iran = store.evidence("IRN")[0].key  # evidence of another country
    with pytest.raises(DraftRuleError, match="is not evidence of KAZ 2022 A3"):
        attach_evidence(store, draft_id, "A3", iran, RITA, saved.revision)
    audit = [e for e in DraftStore(store).audit(draft_id) if e.field == "A3.sources"]
    assert len(audit) == 1 and audit[0].actor == "rita" and audit[0].before == []
    assert audit[0].after[0]["evidence"]["key"] == key

    # the offline export lists it, and reading the export back changes nothing
    text = export_text(saved)
    assert f"[A3 source 1] {source.title}; Access Now (STOP); 2022-01-04; evidence {STOP_FILE[-1]}" in text
    outcome = import_text(store, text.encode("utf-8"), RITA, "kaz-2022.txt")
    assert (outcome.applied, outcome.conflicts) == ([], [])

    # published: the report keeps the source with its provenance, the PDF lists it
    drafting.transition(store, draft_id, "submit", RITA)
    drafting.transition(store, draft_id, "approve", EDITOR)
    published, _ = drafting.transition(store, draft_id, "publish", EDITOR)
    report = store.get("KAZ", 2022)
    assert report is not None and published.published_revision is not None
    [kept] = report.indicator("A3").sources  # type: ignore[union-attr]
    assert kept.evidence == source.evidence
    html = report_html(report, "en")
    assert STOP_FILE[-1] in html and source.evidence.sha256[:12] in html


def _csrf(html: str) -> str:
    match = re.search(r'name="csrftoken" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_api_and_page(accounts_site: Site) -> None:  # noqa: F811
    site = accounts_site
    with Store(site.url) as store:
        import_evidence(store, [shared_file("data", "evidence", "raw")])
    editor = {"Authorization": f"Bearer {site.tokens['editor']}"}
    researcher = {"Authorization": f"Bearer {site.tokens['researcher']}"}
    reviewer = {"Authorization": f"Bearer {site.tokens['reviewer']}"}
    site.client.cookies.clear()
    assert site.client.post("/api/v1/editions", json={"edition": 2022}, headers=editor).status_code == 201
    body = {"country": "KAZ", "edition": 2022, "researcher": ACCOUNT["researcher"], "reviewer": ACCOUNT["reviewer"]}
    refused = site.client.post("/api/v1/drafts", json=body, headers=editor)  # KAZ 2022 is published
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "published_report"
    draft = site.client.post("/api/v1/drafts", json={**body, "revise_published": True}, headers=editor).json()
    path = f"/api/v1/drafts/{draft['id']}/indicators/A3/evidence"
    shown = site.client.get(path, headers=reviewer)  # readers of the draft see the suggestions
    assert shown.status_code == 200 and shown.headers["cache-control"] == "no-store"
    data = shown.json()
    assert data["counts"] == {"event": 1} and data["suggestions"][0]["evidence"]["file"] == STOP_FILE[-1]
    key = data["suggestions"][0]["key"]

    # the indicator page offers it; the form cites it (CSRF-checked)
    site.client.cookies.set("netfreedom_session", site.session_for("researcher"))
    page = site.client.get(f"/drafts/{draft['id']}/indicators/A3?lang=ru")
    assert page.status_code == 200 and f'data-key="{key}"' in page.text and 'data-testid="attach"' in page.text
    form = {"key": key, "revision": str(draft["revision"]), "csrftoken": _csrf(page.text)}
    forged = site.client.post(f"/drafts/{draft['id']}/indicators/A3/evidence", data={**form, "csrftoken": "x"})
    assert forged.status_code == 403
    sent = site.client.post(f"/drafts/{draft['id']}/indicators/A3/evidence", data=form)
    assert sent.status_code == 303 and sent.headers["location"].endswith("#evidence")
    again = site.client.post(f"/drafts/{draft['id']}/indicators/A3/evidence", data=form)
    assert again.status_code == 422 and "already cites" in again.text  # the same button twice: nothing doubled
    assert 'data-testid="attached"' in site.client.get(f"/drafts/{draft['id']}/indicators/A3").text
    site.client.cookies.clear()

    attach = {"key": key, "revision": draft["revision"] + 1}
    assert site.client.post(path, json=attach, headers=reviewer).status_code == 403
    twice = site.client.post(path, json=attach, headers=researcher)
    assert twice.status_code == 422 and "already cites" in twice.json()["error"]["message"]
    sources = site.client.get(f"/api/v1/drafts/{draft['id']}", headers=researcher).json()
    a3 = next(i for i in sources["indicators"] if i["id"] == "A3")
    assert a3["sources"][0]["evidence"]["key"] == key
