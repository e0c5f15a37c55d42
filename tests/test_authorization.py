"""Every route of the app against every role, from the matrix kept as data
(tests/data/authorization_matrix.yaml), and CSRF on every form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.routing import Mount

from .accounts_site import ACCOUNT, WHO, Site

MATRIX_FILE = Path(__file__).parent / "data" / "authorization_matrix.yaml"


def matrix() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = yaml.safe_load(MATRIX_FILE.read_text(encoding="utf-8"))["routes"]
    return rows


def expected(row: dict[str, Any], who: str) -> int:
    expect = row["expect"]
    if isinstance(expect, int):
        return expect
    return int(expect.get(who, expect["default"]))


def app_routes(app: Any) -> set[str]:
    """Every "METHOD path" the app answers (HEAD aside: answered wherever GET is), included
    routers and mounts too."""
    found: set[str] = set()
    for route in app.routes:
        if isinstance(route, Mount):
            found.add(f"GET {route.path}")
        elif hasattr(route, "effective_route_contexts"):  # an included router (FastAPI >= 0.16x)
            for context in route.effective_route_contexts():
                found |= {f"{method} {context.path}" for method in context.methods - {"HEAD"}}
        elif hasattr(route, "routes"):
            raise AssertionError(f"unknown kind of route container: {route!r}")
        else:
            found |= {f"{method} {route.path}" for method in (route.methods or set()) - {"HEAD"}}
    return found


def test_the_matrix_names_every_route_of_the_app_and_no_other(accounts_site: Site) -> None:
    declared = [row["route"] for row in matrix()]
    assert len(declared) == len(set(declared)), "a route is listed twice"
    routes = app_routes(accounts_site.client.app)
    assert sorted(routes - set(declared)) == [], "routes without a row in authorization_matrix.yaml"
    assert sorted(set(declared) - routes) == [], "rows for routes the app no longer has"
    for row in matrix():
        for who in WHO:
            assert 100 <= expected(row, who) < 600


def _ask(site: Site, row: dict[str, Any], who: str, session: str | None, csrf: str) -> Any:
    client = site.client
    method, _, _ = row["route"].partition(" ")
    headers: dict[str, str] = {}
    client.cookies.delete("netfreedom_session")
    if who != "anonymous":
        if row["path"].startswith("/api/"):
            headers["Authorization"] = f"Bearer {site.tokens[who]}"
        else:
            cookie = site.session_for(who) if row.get("fresh_session") else session
            assert cookie is not None
            client.cookies.set("netfreedom_session", cookie)
    if method == "GET":
        return client.get(row["path"], headers=headers)
    if "json" in row:
        return client.request(method, row["path"], json=row["json"], headers={**headers, "x-csrftoken": csrf})
    return client.request(method, row["path"], data={**row.get("form", {}), "csrftoken": csrf}, headers=headers)


@pytest.mark.parametrize("who", WHO)
def test_every_route_answers_as_the_matrix_says(accounts_site: Site, who: str) -> None:
    csrf = accounts_site.csrf_token()
    session = None if who == "anonymous" else accounts_site.session_for(who)
    wrong = []
    for row in matrix():
        response = _ask(accounts_site, row, who, session, csrf)
        if expected(row, "anonymous") == 200:  # a public page: whoever asks, no account name on it
            printed = [name for name in ACCOUNT.values() if name in response.text]
            assert printed == [], f"{row['path']} as {who} prints account names {printed}"
        if response.status_code != expected(row, who):
            wrong.append(f"{row['route']} as {who}: {response.status_code}, expected {expected(row, who)}")
        if response.status_code in {401, 403} and row["path"].startswith("/api/"):
            error = response.json()["error"]
            assert error["status"] == response.status_code and error["code"] and error["message"]
    accounts_site.client.cookies.delete("netfreedom_session")
    assert wrong == []


def test_form_posts_without_a_csrf_token_are_refused(accounts_site: Site) -> None:
    """Every POST row of the matrix, sent by a signed-in editor without the token (and with a
    wrong one), is refused with 403 before it does anything."""
    client = accounts_site.client
    accounts_site.csrf_token()  # the browser holds a csrftoken cookie
    posts = [row for row in matrix() if row["route"].startswith(("POST", "PUT", "PATCH", "DELETE"))]
    assert posts
    session = accounts_site.session_for("editor")
    tokens_before = len(accounts_site.service().tokens(ACCOUNT["editor"]))
    for row in posts:
        for token in (None, "forged-token"):
            client.cookies.set("netfreedom_session", session)
            data = dict(row.get("form", {}))
            if token:
                data["csrftoken"] = token
            method = row["route"].split(" ")[0]
            response = client.request(method, row["path"], data=data)
            assert response.status_code == 403, (row["route"], token, response.status_code)
            assert "CSRF" in response.text
    # nothing happened: no token issued, the session still works
    assert len(accounts_site.service().tokens(ACCOUNT["editor"])) == tokens_before
    assert client.get("/account").status_code == 200
    client.cookies.delete("netfreedom_session")


def test_sign_in_forms_need_the_csrf_token_even_without_cookies(accounts_site: Site) -> None:
    """No login CSRF: a cross-site form posting someone's credentials has no cookie and no token."""
    from .accounts_site import PASSWORD

    client = accounts_site.client
    client.cookies.clear()
    response = client.post("/login", data={"name": ACCOUNT["editor"], "password": PASSWORD})
    assert response.status_code == 403
    assert "netfreedom_session" not in response.headers.get("set-cookie", "")


def test_a_bad_token_on_a_public_route_is_ignored_and_refused_where_needed(accounts_site: Site) -> None:
    client = accounts_site.client
    client.cookies.clear()
    assert client.get("/api/v1/countries", headers={"Authorization": "Bearer nf_nope"}).status_code == 200
    page = client.get("/account", headers={"Authorization": "Bearer nf_nope"})
    assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Faccount"
    post = client.post("/account/tokens", headers={"Authorization": "Bearer nf_nope"}, data={"label": "x"})
    assert post.status_code == 401 and post.headers["www-authenticate"].startswith("Bearer")
