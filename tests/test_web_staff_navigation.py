"""A signed-in person finds the drafts from every page: the header links to ``/drafts`` for
every role (each may open the list: editors see every draft, others their own), never for a
reader who is signed out. Found by a newcomer in session 6: the drafting pages were reachable
only by typing their address or from an inbox item."""

from __future__ import annotations

import pytest

from .accounts_site import ROLES, Site, accounts_site  # noqa: F401  (fixture)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_header_links_to_the_drafts_when_signed_in(accounts_site: Site, language: str) -> None:  # noqa: F811
    site = accounts_site
    site.client.cookies.clear()
    signed_out = site.client.get(f"/?lang={language}")
    assert signed_out.status_code == 200 and 'data-testid="drafts-link"' not in signed_out.text
    label = {"en": ">Drafts</a>", "ru": ">Черновики</a>"}[language]
    for role in ROLES:
        site.client.cookies.clear()
        site.client.cookies.set("netfreedom_session", site.session_for(role))
        for path in ("/", "/methodology", "/inbox"):
            page = site.client.get(f"{path}?lang={language}")
            assert f'href="/drafts?lang={language}" data-testid="drafts-link"{label}' in page.text, (role, path)
        assert site.client.get(f"/drafts?lang={language}").status_code == 200, role
    site.client.cookies.clear()
