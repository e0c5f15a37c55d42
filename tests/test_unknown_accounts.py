"""An account name no account has is refused by the services, so every entry point refuses it
the same way before anything is written: the API with 404 ``unknown_account`` in the one error
shape, the CLI with ``Error: no account 'NAME'`` and exit 1, a page with its 404 page (in
Russian: the template translated with the name kept as content).

Entry points that take an account name: a draft's researcher and reviewer (``POST
/api/v1/drafts``, ``netfreedom draft new``), a translator (``POST
/api/v1/drafts/{id}/translations``, ``netfreedom translation start``), the owner of an inbox or
an address (``netfreedom notifications inbox/address``; the web inbox is the signed-in account's).
"""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from netfreedom.accounts import UnknownAccountError
from netfreedom.cli.main import cli
from netfreedom.services import drafting, notifications
from netfreedom.services.translations import start_translation, translations_for
from netfreedom.store import Store

from .accounts_site import ACCOUNT, Site, accounts_site  # noqa: F401  (fixture)

NOBODY = "nobody-qz4"
SHAPE = {"error": {"code": "unknown_account", "message": f"no account '{NOBODY}'", "status": 404}}


class _Editor:
    name = ACCOUNT["editor"]
    roles = frozenset({"editor"})


def _api(site: Site, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    site.client.cookies.clear()
    return site.client.request(method, path, json=body, headers={"Authorization": f"Bearer {site.tokens['editor']}"})


def _drafts(site: Site) -> list[Any]:
    with Store(site.url) as store:
        return drafting.drafts_for(store, _Editor())


@pytest.fixture(scope="module")
def draft_id(accounts_site: Site) -> int:  # noqa: F811
    """A KAZ 2023 draft made through the API with known accounts."""
    assert _api(accounts_site, "POST", "/api/v1/editions", {"edition": 2023}).status_code in (201, 409)
    made = _api(accounts_site, "POST", "/api/v1/drafts", {"country": "KAZ", "edition": 2023,
                                                          "researcher": ACCOUNT["researcher"]})  # fmt: skip
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


@pytest.mark.parametrize("role", ["researcher", "reviewer"])
def test_the_api_refuses_a_draft_for_an_unknown_account(accounts_site: Site, draft_id: int, role: str) -> None:  # noqa: F811
    before = _drafts(accounts_site)
    body = {"country": "Exampleland", "edition": 2023, "researcher": ACCOUNT["researcher"], role: NOBODY}
    refused = _api(accounts_site, "POST", "/api/v1/drafts", body)
    assert (refused.status_code, refused.json()) == (404, SHAPE)
    assert _drafts(accounts_site) == before


def test_the_api_refuses_a_translation_for_an_unknown_translator(accounts_site: Site, draft_id: int) -> None:  # noqa: F811
    path = f"/api/v1/drafts/{draft_id}/translations"
    refused = _api(accounts_site, "POST", path, {"language": "ru", "translator": NOBODY})
    assert (refused.status_code, refused.json()) == (404, SHAPE)
    assert _api(accounts_site, "GET", path).json() == []


def test_the_services_refuse_before_writing(accounts_site: Site, draft_id: int) -> None:  # noqa: F811
    with Store(accounts_site.url) as store:
        before = drafting.drafts_for(store, _Editor())
        with pytest.raises(UnknownAccountError, match=f"no account '{NOBODY}'"):
            drafting.new_draft(store, "Exampleland", 2023, _Editor(), researcher=NOBODY)
        with pytest.raises(UnknownAccountError):
            drafting.new_draft(store, "Exampleland", 2023, _Editor(), researcher=ACCOUNT["researcher"], reviewer=NOBODY)
        assert drafting.drafts_for(store, _Editor()) == before
        with pytest.raises(UnknownAccountError):
            start_translation(store, draft_id, "ru", _Editor(), translator=NOBODY)
        assert translations_for(store, draft_id, _Editor()) == []
        for call in (notifications.inbox, notifications.mark_read):
            with pytest.raises(UnknownAccountError):
                call(store, NOBODY)
        with pytest.raises(UnknownAccountError):
            notifications.set_address(store, NOBODY, "someone@example.org")
        assert notifications.unread_count(store, NOBODY) == 0  # a count never refuses
        assert notifications.inbox(store, ACCOUNT["researcher"]) is not None


@pytest.mark.parametrize(
    "args",
    [
        ["draft", "new", "Exampleland", "2023", "--researcher", NOBODY],
        ["draft", "new", "Exampleland", "2023", "--researcher", ACCOUNT["researcher"], "--reviewer", NOBODY],
        ["notifications", "inbox", NOBODY],
        ["notifications", "address", NOBODY, "someone@example.org"],
    ],
)
def test_the_cli_refuses_an_unknown_account_with_one_line(accounts_site: Site, draft_id: int, args: list[str]) -> None:  # noqa: F811
    before = _drafts(accounts_site)
    result = CliRunner().invoke(cli, [*args, "--database", accounts_site.url])
    assert (result.exit_code, result.output.strip()) == (1, f"Error: no account '{NOBODY}'")
    assert _drafts(accounts_site) == before


def test_the_cli_refuses_an_unknown_translator(accounts_site: Site, draft_id: int) -> None:  # noqa: F811
    result = CliRunner().invoke(
        cli, ["translation", "start", "KAZ", "2023", "ru", "--translator", NOBODY, "--database", accounts_site.url]
    )
    assert (result.exit_code, result.output.strip()) == (1, f"Error: no account '{NOBODY}'")
    with Store(accounts_site.url) as store:
        assert translations_for(store, draft_id, _Editor()) == []


def test_a_page_tells_an_unknown_account_in_russian(accounts_site: Site) -> None:  # noqa: F811
    """No page form takes an account name today; a page route that meets an unknown account
    answers the 404 page, the message translated with the name kept as content."""
    from fastapi.testclient import TestClient

    from netfreedom.web import create_app

    app = create_app(accounts_site.url)

    @app.get("/someone-qz4")
    def someone() -> None:
        raise UnknownAccountError(NOBODY)

    with TestClient(app) as client:
        page = client.get("/someone-qz4?lang=ru")
    assert page.status_code == 404
    assert f'Учётной записи <span translate="no">{NOBODY}</span> нет.' in page.text
