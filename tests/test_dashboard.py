"""The edition's dashboard over drafts built from real stored data: stage labels from the
workflow file, who holds each draft (derived from the workflow's actions), comments,
blocking findings, days in stage, filters, who sees which rows, CSV, API, page and CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from netfreedom.cli.main import cli
from netfreedom.errors import InputError, NotFoundError
from netfreedom.export import write_rows_csv
from netfreedom.services import dashboard, draft_threads, drafting
from netfreedom.services.dashboard import DashboardFilter, edition_dashboard, holder_parties
from netfreedom.services.drafting import IndicatorEdit
from netfreedom.store import Store
from netfreedom.workflow import load_workflow

from .accounts_site import ACCOUNT, Site, accounts_site  # noqa: F401  (fixture)
from .drafting_data import (
    EDITOR,
    OSCAR,
    RITA,
    TRANSLATOR,
    VICTOR,
    ensure_accounts,
    import_workbook,
    ingest_seed,
    open_with_drafts,
)
from .drafting_data import scored_from_2024 as fill

PLAIN = load_workflow("plain")


def _edition(store: Store) -> dict[str, int]:
    """Edition 2023: KAZ starts from the seed (2022); RUS, UKR and ARM start empty and take the 2024
    workbook's scores; RUS is submitted; KAZ's A3 moves without a note; one comment."""
    ingest_seed(store)
    import_workbook(store)
    made = open_with_drafts(store, 2023, ["KAZ", "RUS", "UKR"])
    ensure_accounts(store, "oscar")
    made["ARM"] = drafting.new_draft(store, "ARM", 2023, EDITOR, researcher="oscar").id
    for iso3 in ("RUS", "UKR", "ARM"):
        fill(store, made[iso3], "rita" if iso3 != "ARM" else "oscar")
    kaz = drafting.draft_for(store, made["KAZ"], RITA)
    a3 = kaz.indicator("A3").score
    assert a3 == 1  # the seed's A3 (2 -> 1 in 2022)
    drafting.set_indicator(store, made["KAZ"], "A3", RITA, IndicatorEdit(kaz.revision, score=0))
    drafting.add_comment(store, made["KAZ"], VICTOR, "Which shutdown lowered this?", "A3")
    drafting.transition(store, made["RUS"], "submit", RITA)
    return made


def test_stage_holder_blocking_comments_and_days(store: Store) -> None:
    made = _edition(store)
    later = datetime.now(UTC).date() + timedelta(days=3)
    rows = {r.iso3: r for r in edition_dashboard(store, 2023, EDITOR, language="ru", today=later)}
    assert list(rows) == ["ARM", "KAZ", "RUS", "UKR"]  # by country name
    assert rows["RUS"].stage == "submitted"
    assert rows["RUS"].stage_label == PLAIN.stage("submitted").label["ru"]
    assert rows["KAZ"].stage_label == PLAIN.stage("draft").label["ru"]
    # held by whoever takes the actions leading forward: submit (researcher), approve (editor, admin)
    assert rows["KAZ"].holder == ["rita"] and rows["KAZ"].holder_parties == list(PLAIN.action("submit").by)
    assert rows["ARM"].holder == ["oscar"]
    assert rows["RUS"].holder == list(PLAIN.action("approve").by) == ["editor", "admin"]
    assert holder_parties(PLAIN, "published") == []
    assert (rows["KAZ"].blocking, rows["KAZ"].blocking_locations) == (1, ["A3"])  # moved without a note
    assert rows["RUS"].blocking == rows["UKR"].blocking == 0  # the workbook's scores are complete
    assert rows["KAZ"].comments == 1 and rows["RUS"].comments == 0
    assert rows["KAZ"].open_threads == 1 and rows["RUS"].open_threads == 0  # the comment opened a thread
    assert {r.days_in_stage for r in rows.values()} == {3}
    assert rows["KAZ"].draft_id == made["KAZ"] and rows["KAZ"].region == "eurasia"


def test_filters(store: Store) -> None:
    _edition(store)

    def kept(**wanted: object) -> list[str]:
        return [r.iso3 for r in edition_dashboard(store, 2023, EDITOR, DashboardFilter(**wanted))]  # type: ignore[arg-type]

    assert kept(stage="submitted") == ["RUS"]
    assert kept(holder="editor") == ["RUS"]
    assert kept(holder="OSCAR") == ["ARM"]
    assert kept(blocking=True) == ["KAZ"]
    assert kept(blocking=False) == ["ARM", "RUS", "UKR"]
    assert kept(country="Kazakhstan") == ["KAZ"]
    assert kept(region="eurasia") == ["ARM", "KAZ", "RUS", "UKR"]
    assert kept(region="americas") == []
    with pytest.raises(InputError, match="unknown stage 'nowhere'"):
        kept(stage="nowhere")
    with pytest.raises(InputError, match="unknown region"):
        kept(region="atlantis")
    with pytest.raises(NotFoundError):
        edition_dashboard(store, 2031, EDITOR)


def test_who_sees_which_rows(store: Store) -> None:
    _edition(store)
    assert [r.iso3 for r in edition_dashboard(store, 2023, RITA)] == ["KAZ", "RUS", "UKR"]
    assert [r.iso3 for r in edition_dashboard(store, 2023, OSCAR)] == ["ARM"]
    assert [r.iso3 for r in edition_dashboard(store, 2023, VICTOR)] == ["KAZ", "RUS", "UKR"]
    assert edition_dashboard(store, 2023, TRANSLATOR) == []


def test_csv_cells_are_spreadsheet_safe() -> None:
    text = io.StringIO()
    row = {"iso3": "KAZ", "country": '=HYPERLINK("http://x")', "holder": " @rita", "comments": 2}
    assert write_rows_csv([row], ("iso3", "country", "holder", "comments"), text) == 1
    read = list(csv.reader(io.StringIO(text.getvalue())))
    assert read == [["iso3", "country", "holder", "comments"], ["KAZ", '\'=HYPERLINK("http://x")', "' @rita", "2"]]


def test_cli_dashboard(store: Store, database_url: str) -> None:
    _edition(store)
    runner = CliRunner()
    shown = runner.invoke(cli, ["edition", "dashboard", "2023", "--database", database_url, "--json"])
    assert shown.exit_code == 0, shown.output
    rows = json.loads(shown.output)
    assert [r["iso3"] for r in rows] == ["ARM", "KAZ", "RUS", "UKR"] and rows[1]["blocking"] == 1
    as_csv = runner.invoke(
        cli, ["edition", "dashboard", "2023", "--database", database_url, "--csv", "--stage", "submitted"]
    )
    assert as_csv.exit_code == 0, as_csv.output
    table = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert list(table[0]) == list(dashboard.COLUMNS) and [r["iso3"] for r in table] == ["RUS"]
    assert table[0]["holder"] == "editor; admin"
    missing = runner.invoke(cli, ["edition", "dashboard", "2031", "--database", database_url])
    assert missing.exit_code != 0 and "2031" in missing.output and "Traceback" not in missing.output


def _call(site: Site, role: str | None, path: str) -> object:
    headers = {"Authorization": f"Bearer {site.tokens[role]}"} if role else {}
    site.client.cookies.clear()
    return site.client.get(path, headers=headers)


def test_api_and_page(accounts_site: Site) -> None:  # noqa: F811
    site = accounts_site
    editor = {"Authorization": f"Bearer {site.tokens['editor']}"}
    site.client.cookies.clear()
    assert site.client.post("/api/v1/editions", json={"edition": 2024}, headers=editor).status_code == 201
    body = {"country": "KAZ", "edition": 2024, "researcher": ACCOUNT["researcher"], "reviewer": ACCOUNT["reviewer"]}
    assert site.client.post("/api/v1/drafts", json=body, headers=editor).status_code == 201
    path = "/api/v1/editions/2024/dashboard"
    assert _call(site, None, path).status_code == 401  # type: ignore[attr-defined]
    answer = _call(site, "editor", path + "?lang=ru")
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"  # type: ignore[attr-defined]
    data = answer.json()  # type: ignore[attr-defined]
    assert data["workflow"] == "plain" and [s["id"] for s in data["stages"]] == [s.id for s in PLAIN.stages]
    assert [(r["iso3"], r["stage_label"], r["holder"]) for r in data["rows"]] == [
        ("KAZ", PLAIN.stage("draft").label["ru"], [ACCOUNT["researcher"]])
    ]
    assert [r["iso3"] for r in _call(site, "researcher", path).json()["rows"]] == ["KAZ"]  # type: ignore[attr-defined]
    assert _call(site, "translator", path).json()["rows"] == []  # type: ignore[attr-defined]
    as_csv = _call(site, "editor", path + ".csv?blocking=no")
    assert as_csv.headers["content-type"].startswith("text/csv")  # type: ignore[attr-defined]
    assert as_csv.text.splitlines()[0] == ",".join(dashboard.COLUMNS)  # type: ignore[attr-defined]
    same = _call(site, "editor", path + "?format=csv&blocking=no")
    assert same.text == as_csv.text  # type: ignore[attr-defined]
    assert _call(site, "editor", path + "?blocking=perhaps").status_code == 400  # type: ignore[attr-defined]

    site.client.cookies.clear()
    assert site.client.get("/editions/2024").status_code == 303  # to the sign-in page
    site.client.cookies.set("netfreedom_session", site.session_for("editor"))
    page = site.client.get("/editions/2024?lang=ru&stage=draft")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert 'data-iso3="KAZ"' in page.text and PLAIN.stage("draft").label["ru"] in page.text
    assert "/api/v1/editions/2024/dashboard.csv?stage=draft&amp;lang=ru" in page.text
    site.client.cookies.clear()


def test_open_threads_count_goes_when_resolved(store: Store) -> None:
    made = _edition(store)
    (thread,) = draft_threads.threads_for(store, drafting.draft_for(store, made["KAZ"], EDITOR), EDITOR)
    draft_threads.reply(store, thread.id, RITA, "The January shutdown, see A3's second paragraph.")
    row = {r.iso3: r for r in edition_dashboard(store, 2023, EDITOR)}["KAZ"]
    assert (row.open_threads, row.comments) == (1, 2)  # a reply is a comment, not a thread
    draft_threads.resolve(store, thread.id, EDITOR)
    row = {r.iso3: r for r in edition_dashboard(store, 2023, EDITOR)}["KAZ"]
    assert (row.open_threads, row.comments) == (0, 2)
    assert "open_threads" in dashboard.COLUMNS
