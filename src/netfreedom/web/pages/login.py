"""Signing in and out: ``/login`` (name and password), ``/login/totp`` (the authenticator code
of accounts with a second factor), ``/logout`` (POST), and ``/account`` (who you are, your
roles; issue an API token).

Every form carries the CSRF token; a refused sign-in answers 401 with the form again, a locked
account or address 429 with ``Retry-After``. The ``next`` target after sign-in must be a path
on this site (``/...``, never ``//host`` or a URL): no link leaves the site.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from netfreedom.accounts import Account
from netfreedom.services.accounts import SECOND_FACTOR_LIFETIME, SESSION_LIFETIME, LoginOutcome, LoginStatus
from netfreedom.web.auth import (
    SESSION_COOKIE,
    account_service,
    clear_session_cookie,
    current_user,
    require,
    set_session_cookie,
)
from netfreedom.web.context import render

router = APIRouter()

_NO_STORE = {"Cache-Control": "no-store"}


def safe_next(target: str | None) -> str:
    """``target`` when it is a path on this site, else ``/``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(not ch.isprintable() for ch in target) or len(target) > 2000:
        return "/"
    return target


def client_address(request: Request) -> str | None:
    """The client's address as the server sees it (behind a trusted proxy, the forwarded one)."""
    return request.client.host if request.client else None


def _form(request: Request, template: str, *, next_path: str, message: str | None, status: int) -> HTMLResponse:
    response = render(request, template, {"next": next_path, "message": message}, status_code=status)
    response.headers.update(_NO_STORE)
    return response


def _refused(request: Request, template: str, outcome: LoginOutcome, next_path: str) -> HTMLResponse:
    from netfreedom.web.context import language_of
    from netfreedom.web.i18n import translator

    message = translator(language_of(request)).gettext(outcome.message)
    if outcome.status is LoginStatus.LOCKED:
        response = _form(request, template, next_path=next_path, message=message, status=429)
        if outcome.retry_after is not None:
            wait = max(1, int((outcome.retry_after - datetime.now(UTC)).total_seconds()))
            response.headers["Retry-After"] = str(wait)
        return response
    return _form(request, template, next_path=next_path, message=message, status=401)


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, next: str | None = None) -> Response:
    """The sign-in form (already signed in: straight on to ``next``)."""
    if await current_user(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _form(request, "login.html", next_path=safe_next(next), message=None, status=200)


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    name: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check name and password: signed in (303 to ``next``), on to the TOTP step (303 to
    ``/login/totp``), refused (401) or locked (429)."""
    service = account_service(request)
    target = safe_next(next)
    old = request.cookies.get(SESSION_COOKIE)
    outcome = await run_in_threadpool(service.verify_login, name.strip(), password, client_address(request))
    if outcome.session is None:
        return _refused(request, "login.html", outcome, target)
    if old:
        await run_in_threadpool(service.end_session, old)
    if outcome.status is LoginStatus.SECOND_FACTOR:
        response = RedirectResponse(f"/login/totp?next={_quote(target)}", status_code=303)
        set_session_cookie(response, request, outcome.session, int(SECOND_FACTOR_LIFETIME.total_seconds()))
        return response
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, request, outcome.session, int(SESSION_LIFETIME.total_seconds()))
    return response


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="")


@router.get("/login/totp", response_class=HTMLResponse)
async def totp_page(request: Request, next: str | None = None) -> Response:
    """The authenticator-code form, for a session whose password was right."""
    service = account_service(request)
    state = await run_in_threadpool(service.session_state, request.cookies.get(SESSION_COOKIE, ""))
    if state is None:
        return RedirectResponse("/login", status_code=303)
    if state.complete:
        return RedirectResponse(safe_next(next), status_code=303)
    return _form(request, "login_totp.html", next_path=safe_next(next), message=None, status=200)


@router.post("/login/totp", response_class=HTMLResponse)
async def totp(
    request: Request,
    code: Annotated[str, Form(max_length=32)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the code: signed in with a new session cookie (303 to ``next``), refused (401),
    locked (429); without a waiting session, back to ``/login``."""
    service = account_service(request)
    cookie = request.cookies.get(SESSION_COOKIE, "")
    state = await run_in_threadpool(service.session_state, cookie)
    if state is None:
        return RedirectResponse("/login", status_code=303)
    if state.complete:
        return RedirectResponse(safe_next(next), status_code=303)
    outcome = await run_in_threadpool(service.verify_second_factor, cookie, code, client_address(request))
    if outcome.status is LoginStatus.OK and outcome.session is not None:
        response = RedirectResponse(safe_next(next), status_code=303)
        set_session_cookie(response, request, outcome.session, int(SESSION_LIFETIME.total_seconds()))
        return response
    return _refused(request, "login_totp.html", outcome, safe_next(next))


@router.post("/logout")
async def logout(request: Request) -> Response:
    """Sign out: the session ends on the server and the cookie is dropped; 303 to ``/``."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        await run_in_threadpool(account_service(request).end_session, cookie)
    response = RedirectResponse("/", status_code=303)
    clear_session_cookie(response, request)
    return response


@router.get("/account", response_class=HTMLResponse)
async def account_page(request: Request, user: Annotated[Account, Depends(require("account.self"))]) -> Response:
    """Who is signed in: name, roles, pseudonym, second factor, API tokens (never their value)."""
    tokens = await run_in_threadpool(account_service(request).tokens, user.name)
    response = render(request, "account.html", {"account": user, "tokens": tokens, "new_token": None})
    response.headers.update(_NO_STORE)
    return response


@router.post("/account/tokens", response_class=HTMLResponse)
async def new_token(
    request: Request,
    user: Annotated[Account, Depends(require("account.self"))],
    label: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Issue an API token for the signed-in account and show it once."""
    service = account_service(request)
    token = await run_in_threadpool(service.issue_token, user.name, label.strip() or None)
    tokens = await run_in_threadpool(service.tokens, user.name)
    response = render(request, "account.html", {"account": user, "tokens": tokens, "new_token": token})
    response.headers.update(_NO_STORE)
    return response
