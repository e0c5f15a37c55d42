"""Signing in through the pages: cookies, the TOTP step, throttling, signing out."""

from __future__ import annotations

import re

import pyotp

from .accounts_site import ACCOUNT, PASSWORD, Site


def _form_token(html: str) -> str:
    match = re.search(r'name="csrftoken" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_sign_in_sets_an_httponly_samesite_cookie_and_sign_out_ends_the_session(accounts_site: Site) -> None:
    client = accounts_site.client
    client.cookies.clear()
    token = _form_token(client.get("/login?next=/account").text)
    response = client.post(
        "/login", data={"name": ACCOUNT["reviewer"], "password": PASSWORD, "next": "/account", "csrftoken": token}
    )
    assert response.status_code == 303 and response.headers["location"] == "/account"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("netfreedom_session=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http here; https requests get Secure
    page = client.get("/account")
    assert page.status_code == 200 and "reviewer" in page.text and page.headers["cache-control"] == "no-store"
    session = client.cookies.get("netfreedom_session")
    assert client.post("/logout", data={"csrftoken": token}).status_code == 303
    client.cookies.set("netfreedom_session", session)  # a copy of the old cookie no longer works
    assert client.get("/account").status_code == 303
    client.cookies.clear()


def test_next_never_leaves_the_site(accounts_site: Site) -> None:
    client = accounts_site.client
    client.cookies.clear()
    token = _form_token(client.get("/login").text)
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = client.post(
            "/login", data={"name": ACCOUNT["editor"], "password": PASSWORD, "next": target, "csrftoken": token}
        )
        assert response.status_code == 303 and response.headers["location"] == "/"
        client.cookies.delete("netfreedom_session")
    client.cookies.clear()


def test_https_requests_get_secure_cookies(accounts_site: Site) -> None:
    client = accounts_site.client
    client.cookies.clear()
    response = client.get("https://testserver/login")
    assert "Secure" in response.headers["set-cookie"]
    token = _form_token(response.text)
    signed_in = client.post(
        "https://testserver/login", data={"name": ACCOUNT["editor"], "password": PASSWORD, "csrftoken": token}
    )
    assert signed_in.status_code == 303 and "Secure" in signed_in.headers["set-cookie"]
    client.cookies.clear()


def test_totp_step_in_the_browser_flow(accounts_site: Site) -> None:
    client = accounts_site.client
    client.cookies.clear()
    service = accounts_site.service()
    name = ACCOUNT["translator"]
    secret = service.enable_totp(name)
    try:
        token = _form_token(client.get("/login").text)
        first = client.post("/login", data={"name": name, "password": PASSWORD, "csrftoken": token})
        assert first.status_code == 303 and first.headers["location"].startswith("/login/totp")
        assert client.get("/account").status_code == 303  # half-open session: not signed in
        assert client.get("/login/totp").status_code == 200
        wrong = client.post("/login/totp", data={"code": "000000", "csrftoken": token})
        assert wrong.status_code == 401
        right = client.post("/login/totp", data={"code": pyotp.TOTP(secret).now(), "csrftoken": token})
        assert right.status_code == 303
        assert client.get("/account").status_code == 200
    finally:
        service.disable_totp(name)
        client.cookies.clear()


def test_many_wrong_passwords_answer_429_with_retry_after(accounts_site: Site) -> None:
    client = accounts_site.client
    client.cookies.clear()
    token = _form_token(client.get("/login").text)
    name = ACCOUNT["admin"]
    statuses = []
    for _ in range(5):
        response = client.post("/login", data={"name": name, "password": "not the password", "csrftoken": token})
        statuses.append(response.status_code)
    assert statuses == [401, 401, 401, 401, 429]
    assert int(response.headers["retry-after"]) > 0
    assert client.post("/login", data={"name": name, "password": PASSWORD, "csrftoken": token}).status_code == 429
    # unlock for the other tests of this module
    record = service_record = accounts_site.service().records.get(name)
    assert record is not None and service_record.failed_logins == 5
    accounts_site.service().records.clear_account_failures(record.id)
    client.cookies.clear()
