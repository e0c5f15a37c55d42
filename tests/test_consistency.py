"""Consistency across countries over real data: the 72 countries of Freedom House's 2024
workbook drafted for 2025 with their published scores, a few moved by hand; evidence counts
from the real evidence files; the page, its comment form, the API and the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from netfreedom.cli.main import cli
from netfreedom.errors import InputError
from netfreedom.services import drafting
from netfreedom.services.consistency import COLUMNS, RULES, indicator_consistency
from netfreedom.services.drafting import IndicatorEdit
from netfreedom.services.evidence import import_evidence
from netfreedom.store import Store

from .accounts_site import ACCOUNT, Site, accounts_site  # noqa: F401  (fixture)
from .drafting_data import EDITOR, RITA, VICTOR, import_workbook, open_with_drafts, scored_from_2024, shared_file


@pytest.fixture(scope="module")
def edition_2025(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int]]]:
    """A store with every 2024 workbook country drafted for 2025 (scores as published in 2024)
    and the real evidence files imported."""
    url = f"sqlite:///{tmp_path_factory.mktemp('consistency') / 'netfreedom.db'}"
    with Store(url, migrate=True) as store:
        import_workbook(store)
        import_evidence(store, [shared_file("data", "evidence", "raw")])
        made = open_with_drafts(store, 2025, [c.iso3 for c in store.scorecards(edition=2024)])
        for draft_id in made.values():
            scored_from_2024(store, draft_id, "rita")
        yield url, made


def _a3(store: Store) -> dict[str, object]:
    return {r.iso3: r for r in indicator_consistency(store, 2025, "A3", EDITOR)}


def test_published_scores_flag_only_the_countries_far_from_their_look_alikes(
    edition_2025: tuple[str, dict[str, int]],
) -> None:
    url, made = edition_2025
    with Store(url) as store:
        rows = indicator_consistency(store, 2025, "A3", EDITOR)
        assert len(rows) == len(made) == 72
        assert all(r.change == 0 and r.last_year == r.score for r in rows)  # last year: the 2024 workbook
        flagged = {r.iso3: r for r in rows if r.flags}
        # countries with many shutdowns score far below the countries most like them on the other 20
        assert sorted(flagged) == ["ETH", "IND", "MMR", "PAK", "SDN"]
        india = flagged["IND"]
        assert (india.score, india.neighbours_mean, len(india.neighbours)) == (2, 5.2, RULES.neighbours)
        assert [f.rule for f in india.flags] == ["far-from-neighbours"]
        assert india.distance is not None and india.distance >= RULES.far_share * india.max
        # evidence counts beside the scores: Indonesia's confirmed blockpage of May 2025 (OONI) bears on B1
        b1 = {r.iso3: r for r in indicator_consistency(store, 2025, "B1", EDITOR)}
        assert b1["IDN"].evidence == {"confirmed": 1} and b1["KAZ"].evidence == {}


def test_changes_larger_than_their_notes(edition_2025: tuple[str, dict[str, int]]) -> None:
    url, made = edition_2025
    with Store(url) as store:
        before = _a3(store)
        kaz, rus, ukr = (drafting.draft_for(store, made[c], RITA) for c in ("KAZ", "RUS", "UKR"))
        kaz_a3, rus_a3, ukr_a3 = (d.indicator("A3").score or 0 for d in (kaz, rus, ukr))
        assert kaz_a3 == 3  # the workbook's KAZ A3 of 2024
        short = f"The score declined from {kaz_a3} to 0."
        edit = IndicatorEdit(kaz.revision, score=0, change_note=short)
        drafting.set_indicator(store, kaz.id, "A3", RITA, edit)
        drafting.set_indicator(store, rus.id, "A3", RITA, IndicatorEdit(rus.revision, score=rus_a3 - 1))
        wrong = (
            f"The score declined from {ukr_a3 + 1} to {ukr_a3 - 1} because mobile networks in occupied "
            "regions were cut for weeks during the coverage period."
        )
        drafting.set_indicator(
            store, ukr.id, "A3", RITA, IndicatorEdit(ukr.revision, score=ukr_a3 - 1, change_note=wrong)
        )
        after = {r.iso3: r for r in indicator_consistency(store, 2025, "A3", EDITOR, sort="change")}
        rules = {iso3: [f.rule for f in r.flags] for iso3, r in after.items()}  # type: ignore[attr-defined]
        assert rules["KAZ"] == ["far-from-neighbours", "short-note"] and after["KAZ"].change == -3
        assert rules["RUS"] == ["change-without-note"]
        assert "note-disagrees" in rules["UKR"] and "short-note" not in rules["UKR"]
        assert not before["KAZ"].flags  # type: ignore[attr-defined]
        ordered = [r.iso3 for r in indicator_consistency(store, 2025, "A3", EDITOR, sort="change")]
        assert ordered[0] == "KAZ"  # the largest fall first
        flagged = indicator_consistency(store, 2025, "A3", EDITOR, flagged_only=True, sort="flags", descending=True)
        assert flagged[0].iso3 == "KAZ" and {"RUS", "UKR", "IND"} <= {r.iso3 for r in flagged}
        with pytest.raises(InputError, match="Z9"):
            indicator_consistency(store, 2025, "Z9", EDITOR)
        with pytest.raises(InputError, match="sort"):
            indicator_consistency(store, 2025, "A3", EDITOR, sort="colour")
        # a researcher sees their own drafts; the neighbours' names only staff
        mine = indicator_consistency(store, 2025, "A3", RITA)
        assert len(mine) == 72 and all(r.neighbours == [] for r in mine)
        assert indicator_consistency(store, 2025, "A3", VICTOR)[0].neighbours_mean is not None


def test_cli_consistency(edition_2025: tuple[str, dict[str, int]]) -> None:
    url, _ = edition_2025
    runner = CliRunner()
    shown = runner.invoke(cli, ["edition", "consistency", "2025", "a3", "--flagged", "--json", "--database", url])
    assert shown.exit_code == 0, shown.output
    assert {"IND", "ETH"} <= {r["iso3"] for r in json.loads(shown.output)}
    as_csv = runner.invoke(cli, ["edition", "consistency", "2025", "B1", "--csv", "--database", url])
    table = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert list(table[0]) == list(COLUMNS) and len(table) == 72
    assert next(r for r in table if r["iso3"] == "IDN")["evidence"] == "confirmed=1"
    bad = runner.invoke(cli, ["edition", "consistency", "2025", "Z9", "--database", url])
    assert bad.exit_code != 0 and "Z9" in bad.output and "Traceback" not in bad.output


def _csrf(html: str) -> str:
    match = re.search(r'name="csrftoken" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_page_api_and_comment_form(accounts_site: Site) -> None:  # noqa: F811
    site = accounts_site
    editor = {"Authorization": f"Bearer {site.tokens['editor']}"}
    site.client.cookies.clear()
    assert site.client.post("/api/v1/editions", json={"edition": 2026}, headers=editor).status_code == 201
    body = {"country": "KAZ", "edition": 2026, "researcher": ACCOUNT["researcher"], "reviewer": ACCOUNT["reviewer"]}
    draft = site.client.post("/api/v1/drafts", json=body, headers=editor).json()
    answer = site.client.get("/api/v1/editions/2026/consistency/A3?sort=change", headers=editor)
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    data = answer.json()
    assert data["rules"]["far_share"] == RULES.far_share
    assert [(r["iso3"], r["draft_id"]) for r in data["rows"]] == [("KAZ", draft["id"])]
    assert site.client.get("/api/v1/editions/2026/consistency/A3?format=csv", headers=editor).text.startswith(
        ",".join(COLUMNS)
    )

    token = site.csrf_token()
    site.client.cookies.set("netfreedom_session", site.session_for("reviewer"))
    page = site.client.get("/editions/2026/consistency/A3?lang=ru")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert 'data-iso3="KAZ"' in page.text and 'data-testid="comment-KAZ"' in page.text
    form = {
        "draft_id": str(draft["id"]),
        "text": "Compare with the countries most alike.",
        "csrftoken": _csrf(page.text),
    }
    sent = site.client.post("/editions/2026/consistency/A3/comments", data=form)
    assert sent.status_code == 303 and sent.headers["location"].endswith("#KAZ")
    shown = site.client.get(f"/api/v1/drafts/{draft['id']}", headers={})
    assert shown.status_code == 200
    assert "Compare with the" in site.client.get(f"/drafts/{draft['id']}").text
    threads = site.client.get(f"/api/v1/drafts/{draft['id']}/threads").json()
    assert any(t["indicator"] == "A3" and "Compare with the" in t["comments"][0]["text"] for t in threads)
    no_token = site.client.post("/editions/2026/consistency/A3/comments", data={**form, "csrftoken": "forged"})
    assert no_token.status_code == 403
    empty = site.client.post("/editions/2026/consistency/A3/comments", data={**form, "text": " "})
    assert empty.status_code == 422 and 'data-testid="refused"' in empty.text
    assert token
    site.client.cookies.clear()


def test_the_rules_are_documented() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "dashboard.md").read_text(encoding="utf-8")
    for rule in ("far-from-neighbours", "change-without-note", "note-disagrees", "short-note"):
        assert f"`{rule}`" in doc
    assert f"{RULES.far_share}" in doc and f"{RULES.min_note_words} words" in doc
