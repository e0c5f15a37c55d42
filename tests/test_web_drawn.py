"""The country page's drawn answer kept by the values read for it (web/views/drawn.py): the
values are read from the store on every request, so a change shows on the next request; the
same values send the same bytes without drawing them again; writes that do not touch the page
leave it drawn; a signed-in visitor's page is drawn for them and never kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from netfreedom.services.accounts import AccountService
from netfreedom.store import Store
from netfreedom.web import create_app
from netfreedom.web.views.drawn import DrawnPages, drawn_key

from .conftest import make_assessment

PATH = "/country/KAZ/2022?lang=en"


@pytest.fixture
def stored(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'netfreedom.db'}"
    with Store(url, migrate=True) as store:
        store.save(make_assessment(iso3="KAZ", edition=2021, total=34))
        store.save(make_assessment(iso3="KAZ", edition=2022, total=32, previous_total=34))
    return url


def _kept(client: TestClient) -> int:
    pages = getattr(client.app.state, "drawn_country_pages", None)  # type: ignore[attr-defined]
    return 0 if pages is None else len(pages)


def test_drawn_pages_keep_the_most_recently_used_within_their_bounds() -> None:
    pages = DrawnPages(max_entries=2, max_bytes=100)
    pages.keep(b"a", "A", 10)
    pages.keep(b"b", "B", 10)
    assert pages.get(b"a") == "A"  # a is now the most recently used
    pages.keep(b"c", "C", 10)
    assert (pages.get(b"a"), pages.get(b"b"), pages.get(b"c")) == ("A", None, "C")
    pages.keep(b"d", "D", 26)  # larger than a quarter of max_bytes: not kept
    assert pages.get(b"d") is None and len(pages) == 2
    pages.keep(b"e", "E", 25)
    pages.keep(b"f", "F", 25)
    pages.keep(b"g", "G", 25)
    assert len(pages) == 2 and pages.get(b"g") == "G"


def test_the_key_changes_with_any_value_read() -> None:
    values = {"editions": [2021, 2022], "points": [(2022, 32)], "findings": []}
    assert drawn_key("country", values) == drawn_key("country", dict(values))
    assert drawn_key("country", values) != drawn_key("country", {**values, "points": [(2022, 33)]})
    assert drawn_key("country", values, "en") != drawn_key("country", values, "ru")


def test_the_same_values_send_the_kept_answer_and_a_change_shows_at_once(stored: str, tmp_path: Path) -> None:
    from netfreedom.services.tables import import_score_table

    with TestClient(create_app(stored, page_cache=False)) as client:
        first = client.get(PATH)
        assert _kept(client) == 1
        again = client.get(PATH)
        assert _kept(client) == 1 and again.content == first.content  # the kept answer
        assert client.get(PATH, headers={"accept-encoding": "identity"}).content == first.content
        assert _kept(client) == 2  # the plain answer is kept beside the gzip one
        with Store(stored) as store:  # a write elsewhere: the page's values are the same
            store.save(make_assessment(iso3="KGZ", edition=2020, total=35))  # not in 2022 ranks
        assert client.get(PATH).content == first.content and _kept(client) == 2
        assert "cross-source" not in first.text
        table = tmp_path / "scores.csv"  # another source disagrees about this edition
        table.write_text("country,edition,total,status\nKazakhstan,2022,45,PF\n")
        with Store(stored) as store:
            import_score_table(store, table)
        changed = client.get(PATH)
    assert "cross-source" in changed.text  # read on this request: shown at once
    assert changed.content != first.content


def test_a_signed_in_visitor_gets_their_own_page_and_it_is_not_kept(stored: str) -> None:
    with Store(stored) as store:
        service = AccountService(store)
        service.add_user("reader-of-pages-9c2", ["reviewer"], password="a test password of some length")
        session = service.verify_login("reader-of-pages-9c2", "a test password of some length", None).session
    assert session is not None
    with TestClient(create_app(stored, page_cache=False)) as client:
        anonymous = client.get(PATH)
        assert 'data-testid="login-link"' in anonymous.text and _kept(client) == 1
        client.cookies.set("netfreedom_session", session)
        signed_in = client.get(PATH)
        assert 'data-testid="account-link"' in signed_in.text and 'data-testid="login-link"' not in signed_in.text
        assert 'name="csrftoken"' in signed_in.text  # the sign-out form's CSRF field, drawn for this visitor
        assert _kept(client) == 1
        client.cookies.clear()
        assert client.get(PATH).content == anonymous.content
