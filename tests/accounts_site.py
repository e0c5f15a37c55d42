"""A site with one account per role, for the authorization and sign-in tests.

``accounts_site`` (a module-scoped fixture; import it into a test module) gives a
:class:`Site`: a TestClient over a fresh store (SQLite, and PostgreSQL when configured) holding
KAZ 2021 and 2022 (synthetic, :func:`make_assessment`) and the shipped Exampleland 2023 sample
reports, plus one account per role (named :data:`ACCOUNT` ``[role]``), each with the password
:data:`PASSWORD` and an API token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from netfreedom.accounts import roles
from netfreedom.services.accounts import AccountService
from netfreedom.store import Store

from . import postgres
from .conftest import SAMPLE_REPORTS, make_assessment

PASSWORD = "a test password of some length"
ROLES = roles()
WHO = ("anonymous", *ROLES)
"""Who asks, in the order the tests walk them."""
ACCOUNT = {role: f"login-of-{role}-7f3" for role in ROLES}
"""The account name of each role's account: unlike any word of a page, so a test can assert
that the public site never prints it."""


@dataclass
class Site:
    """The client, the database URL and each role's API token."""

    client: Any
    url: str
    tokens: dict[str, str] = field(default_factory=dict)

    def service(self) -> AccountService:
        """The app's own account service (same store)."""
        service: AccountService = self.client.app.state.accounts
        return service

    def session_for(self, role: str) -> str:
        """A new complete session cookie value for the account of ``role``."""
        outcome = self.service().verify_login(ACCOUNT[role], PASSWORD, None)
        assert outcome.session is not None, outcome
        return outcome.session

    def page_as(self, role: str, path: str) -> Any:
        """``GET path`` signed in as ``role``'s account (its session cookie only, dropped after)."""
        self.client.cookies.clear()
        self.client.cookies.set("netfreedom_session", self.session_for(role))
        try:
            return self.client.get(path)
        finally:
            self.client.cookies.clear()

    def csrf_token(self) -> str:
        """A CSRF token valid for the client's csrftoken cookie (fetched from the sign-in form)."""
        self.client.cookies.delete("netfreedom_session")
        html = self.client.get("/login").text
        match = re.search(r'name="csrftoken" value="([^"]+)"', html)
        assert match, "the sign-in form carries no CSRF token"
        return match.group(1)


def build_store(url: str) -> dict[str, str]:
    """Fill the store at ``url``: reports and one account per role; returns role → token."""
    from netfreedom.services.reports import ingest_report

    tokens = {}
    with Store(url, migrate=True) as store:
        store.save(make_assessment(iso3="KAZ", edition=2021, total=34))
        store.save(make_assessment(iso3="KAZ", edition=2022, total=32, previous_total=34))
        for path in sorted(Path(SAMPLE_REPORTS).glob("*.txt")):
            ingest_report(path, store)
        service = AccountService(store)
        for role in ROLES:
            service.add_user(ACCOUNT[role], [role], pseudonym=f"Pseudonym of the {role}", password=PASSWORD)
            tokens[role] = service.issue_token(ACCOUNT[role], "tests")
    return tokens


@pytest.fixture(scope="module", params=postgres.backends())
def accounts_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """See the module docstring."""
    from fastapi.testclient import TestClient

    from netfreedom.web import create_app

    def serve(url: str) -> Iterator[Site]:
        tokens = build_store(url)
        with TestClient(create_app(url), follow_redirects=False) as client:
            yield Site(client, url, tokens)

    if request.param == "sqlite":
        yield from serve(f"sqlite:///{tmp_path_factory.mktemp('accounts') / 'netfreedom.db'}")
        return
    with postgres.fresh_database("netfreedom_accounts") as url:
        yield from serve(url)
