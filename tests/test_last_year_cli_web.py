"""Last year of a draft on the command line, the pages and the API, and ``draft transition`` /
``draft actions`` (the CLI's workflow transitions, the same service as the API's transition
route). The store holds the seed (KAZ 2022 report), ``../shared/data/fotn-scores.csv`` and the
2024 workbook, read at run time (see :mod:`tests.test_last_year`)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from netfreedom.cli.main import cli
from netfreedom.services.accounts import AccountService
from netfreedom.store import Store

from .drafting_data import explain_moves
from .test_last_year import fill, table_row

PASSWORD = "a password for the last-year tests"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def filled_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("last-year-cli") / "filled.db"
    fill(f"sqlite:///{path}")
    with Store(f"sqlite:///{path}") as store:
        accounts = AccountService(store)
        for name, role in (("rita", "researcher"), ("erin", "editor")):
            accounts.add_user(name, [role], password=PASSWORD)
    return path


@pytest.fixture
def database(filled_file: Path, tmp_path: Path) -> list[str]:
    copy = tmp_path / "nf.db"
    shutil.copyfile(filled_file, copy)
    return ["--database", str(copy)]


def test_draft_new_names_the_base_and_last_year(database: list[str]) -> None:
    row = table_row("KAZ", 2023)
    assert run("edition", "open", "2024", *database)[0] == 0
    code, out, err = run("draft", "new", "KAZ", "2024", "--researcher", "rita", *database)
    assert code == 0 and err == ""
    assert "based on the 2022 report" in out
    assert f"last year: 2023 (table, fotn-scores.csv): total {row['total']}, A {row['A']}" in out
    assert "the 2022 report is not last year's" in out
    code, out, _ = run("draft", "show", "KAZ", "2024", "--json", *database)
    shown = json.loads(out)
    assert (shown["last_year"]["edition"], shown["base_edition"]) == (2023, 2022)
    assert shown["previous"]["total"] == int(row["total"])  # the report's "last year's score"
    code, out, _ = run("draft", "show", "KAZ", "2024", "--csv", *database)
    assert out.startswith("indicator,score,last_year")  # no extra line in CSV


def test_transitions_from_the_command_line(database: list[str]) -> None:
    row = table_row("KAZ", 2023)
    assert run("edition", "open", "2024", *database)[0] == 0
    assert run("draft", "new", "KAZ", "2024", "--researcher", "rita", *database)[0] == 0
    code, out, _ = run("draft", "actions", "KAZ", "2024", "--user", "rita", "--csv", *database)
    assert code == 0 and out.splitlines() == ["action,label,to,gates", "submit,Submit,submitted,findings"]
    code, out, _ = run("draft", "actions", "KAZ", "2024", "--user", "erin", *database)
    assert code == 0 and "no action is yours to take now" in out

    code, out, err = run("draft", "transition", "KAZ", "2024", "submit", "--user", "rita", *database)
    assert code == 1 and out == "" and len(err.splitlines()) == 1
    assert err.startswith("Error: submit refused:") and f"moved from {row['A']} to" in err
    code, out, err = run("draft", "transition", "KAZ", "2024", "approve", "--user", "rita", *database)
    assert code == 2 and err == "Error: action 'approve' is not possible in stage draft (allowed: submit)\n"
    code, _, err = run("draft", "transition", "KAZ", "2024", "submit", "--user", "nobody", *database)
    assert code != 0 and len(err.splitlines()) == 1 and "nobody" in err
    code, _, err = run("draft", "transition", "KAZ", "2024", "submit", "--user", "erin", *database)
    assert code == 2 and "may not submit" in err and len(err.splitlines()) == 1
    code, _, err = run("draft", "transition", "KAZ", "2023", "submit", "--user", "rita", *database)
    assert code == 1 and err == "Error: no draft of KAZ for edition 2023\n"

    with Store(f"sqlite:///{database[1]}") as store:
        explain_moves(store, store_draft_id(store), "rita")
    code, out, err = run("draft", "transition", "KAZ", "2024", "submit", "--user", "rita", *database)
    assert code == 0 and err == "" and ": draft -> submitted, revision " in out
    stale = run("draft", "transition", "KAZ", "2024", "approve", "--user", "erin", "--revision", "1", *database)
    assert stale[0] == 2 and "revision" in stale[2]
    code, out, _ = run("draft", "transition", "KAZ", "2024", "approve", "--user", "erin", "--json", *database)
    assert code == 0 and json.loads(out)["state"] == "approved"
    code, out, _ = run("draft", "transition", "KAZ", "2024", "publish", "--user", "erin", *database)
    assert code == 0 and "approved -> published" in out and "published as report revision 1" in out
    with Store(f"sqlite:///{database[1]}") as store:
        published = store.get("KAZ", 2024)
        assert published is not None and published.previous.total == int(row["total"])


def store_draft_id(store: Store) -> int:
    from netfreedom.store.drafts import DraftStore

    return DraftStore(store).find_draft("KAZ", 2024).id


def test_a_published_edition_is_refused_without_the_flag(database: list[str]) -> None:
    assert run("edition", "open", "2022", *database)[0] == 0
    code, out, err = run("draft", "new", "KAZ", "2022", "--researcher", "rita", *database)
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert "already has a published report (ru revision 1)" in err and "--revise-published" in err
    code, out, err = run("draft", "new", "KAZ", "2022", "--researcher", "rita", "--revise-published", *database)
    assert code == 0 and out.startswith("draft 1: KAZ 2022")
    assert err.startswith("Warning: KAZ 2022 already has a published report (ru revision 1)")


# -- pages and API ----------------------------------------------------------------------------


@pytest.fixture
def site(filled_file: Path, tmp_path: Path) -> Iterator[tuple[Any, dict[str, str]]]:
    from fastapi.testclient import TestClient

    from netfreedom.web import create_app

    copy = tmp_path / "site.db"
    shutil.copyfile(filled_file, copy)
    url = f"sqlite:///{copy}"
    with Store(url) as store:
        token = AccountService(store).issue_token("erin", "tests")
    with TestClient(create_app(url), follow_redirects=False) as client:
        yield client, {"Authorization": f"Bearer {token}"}


def test_api_and_pages_show_last_year(site: tuple[Any, dict[str, str]]) -> None:
    client, editor = site
    row = table_row("KAZ", 2023)
    assert client.post("/api/v1/editions", json={"edition": 2024}, headers=editor).status_code == 201
    body = {"country": "KAZ", "edition": 2024, "researcher": "rita"}
    made = client.post("/api/v1/drafts", json=body, headers=editor)
    assert made.status_code == 201, made.text
    draft = client.get(f"/api/v1/drafts/{made.json()['id']}", headers=editor).json()
    assert draft["last_year"]["edition"] == 2023 and draft["last_year"]["source_kind"] == "table"
    assert draft["last_year"]["categories"] == {c: int(row[c]) for c in "ABC"}
    assert (draft["base_edition"], draft["published_over"], draft["previous"]["total"]) == (2022, {}, int(row["total"]))
    assert {f["location"] for f in draft["findings"] if f["severity"] == "error"} >= {"category:A"}
    refused = client.post(f"/api/v1/drafts/{draft['id']}/transitions", json={"action": "submit"}, headers=editor)
    assert refused.status_code == 403  # submitting is the researcher's action

    consistency = client.get("/api/v1/editions/2024/consistency/A1", headers=editor).json()
    shown = consistency["rows"][0] if isinstance(consistency, dict) else consistency[0]
    assert (shown["last_year"], shown["last_year_edition"], shown["last_year_basis"]) == (None, 2023, "category")
    assert [f["rule"] for f in shown["flags"]] == ["change-unexplained"]

    session = _session(client)
    client.cookies.set("netfreedom_session", session)
    page = client.get(f"/drafts/{draft['id']}").text
    assert "Based on the 2022 report" in page and "Last year: the 2023 edition (table)" in page
    assert 'data-testid="published-over"' not in page
    russian = client.get(f"/drafts/{draft['id']}?lang=ru").text
    assert "На основе доклада 2022 года" in russian and "Прошлый год: выпуск 2023 (таблица)" in russian
    flagged = client.get("/editions/2024/consistency/A1?lang=ru").text
    assert "изменение не объяснено" in flagged

    client.cookies.clear()
    assert client.post("/api/v1/editions", json={"edition": 2022}, headers=editor).status_code == 201
    body = {"country": "KAZ", "edition": 2022, "researcher": "rita"}
    conflict = client.post("/api/v1/drafts", json=body, headers=editor)
    assert conflict.status_code == 409
    error = conflict.json()["error"]
    assert error["code"] == "published_report" and error["details"] == {"published": {"ru": 1}}
    over = client.post("/api/v1/drafts", json={**body, "revise_published": True}, headers=editor)
    assert over.status_code == 201 and over.json()["published_over"] == {"ru": 1}
    client.cookies.set("netfreedom_session", session)
    page = client.get(f"/drafts/{over.json()['id']}").text
    assert 'data-testid="published-over"' in page
    client.cookies.clear()


def _session(client: Any) -> str:
    outcome = client.app.state.accounts.verify_login("erin", PASSWORD, None)
    assert outcome.session is not None
    return str(outcome.session)
