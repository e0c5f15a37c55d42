"""Who is asking: sessions, API tokens, permissions and CSRF for the site and the API.

The interface pages and API routes use:

- ``await current_user(request)`` → :class:`~netfreedom.accounts.Account` or ``None``.
  An ``Authorization`` header decides alone (``Bearer TOKEN``: the token's account; anything
  else, or a bad token: nobody; the session cookie is then ignored). Without it, the session
  cookie :data:`SESSION_COOKIE` of a COMPLETE sign-in (TOTP done when the account has one).
- ``Depends(require("drafts.edit", ...))`` → the Account holding EVERY named permission
  (``permissions.yaml``); else :class:`~netfreedom.errors.AuthenticationError` (401: no or bad
  credentials; an HTML GET is sent to ``/login?next=...`` instead) or
  :class:`~netfreedom.errors.PermissionDeniedError` (403), both in the one error shape.
  A permission the policy does not define raises :class:`~netfreedom.accounts.PolicyError`
  when ``require`` is called, at import time of the route module.
- :func:`template_context` gives templates ``user`` (Account or ``None``), ``csrf_token`` and
  ``csrf_field`` (the hidden ``<input name="csrftoken">`` every POST form must carry);
  :func:`netfreedom.web.context.render` adds them to every page.

CSRF: :class:`CsrfMiddleware` is ``asgi-csrf`` (double-submit cookie ``csrftoken``, signed
with the secret key): every POST/PUT/PATCH/DELETE carrying cookies must carry the token in the
``csrftoken`` form field or the ``x-csrftoken`` header, else 403 ``csrf_failed``; requests with
``Authorization: Bearer`` (scripts) are exempt, since a browser never adds that header across
sites. The sign-in and sign-out forms are checked even without cookies (no login CSRF).

Cookies: the session cookie is HttpOnly, SameSite=Lax, Path=/, and Secure when the request came
over https (behind a proxy, as told by ``X-Forwarded-Proto`` from a trusted proxy address).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from markupsafe import escape
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from netfreedom.accounts import Account, load_policy
from netfreedom.errors import N_, AuthenticationError, NetfreedomError, PermissionDeniedError
from netfreedom.services.accounts import AccountService

log = logging.getLogger(__name__)

SECRET_KEY_ENV = "NETFREEDOM_SECRET_KEY"
"""Environment variable holding the secret key (signs the CSRF cookie)."""
MIN_SECRET_LENGTH = 32
"""A secret key shorter than this is refused for serving on the network."""
WEAK_SECRETS = frozenset({"secret", "changeme", "change-me", "change_me", "netfreedom", "development", "dev", "test"})
SESSION_COOKIE = "netfreedom_session"
"""Name of the session cookie (an opaque 256-bit token; the store keeps only its SHA-256)."""
CSRF_COOKIE = "csrftoken"
CSRF_FIELD = "csrftoken"
"""Name of the hidden form field (and, as ``x-csrftoken``, of the header) carrying the token."""
ALWAYS_PROTECTED = frozenset({"/login", "/login/totp", "/logout"})
"""Form targets checked for CSRF even when the request carries no cookie."""

_USER_KEY = "netfreedom.user"
_UNSET = object()


class SecretKeyError(NetfreedomError):
    """The secret key is absent or weak while serving beyond this machine."""

    status = 500
    code = "insecure_configuration"


# -- the secret key ---------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) is reachable only from this machine."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def weak_secret(secret: str | None) -> str | None:
    """Why ``secret`` is not fit for serving on the network, or ``None`` when it is."""
    if not secret:
        return f"{SECRET_KEY_ENV} is not set"
    if secret.strip().lower() in WEAK_SECRETS:
        return f"{SECRET_KEY_ENV} is a well-known default"
    if len(secret) < MIN_SECRET_LENGTH:
        return f"{SECRET_KEY_ENV} is shorter than {MIN_SECRET_LENGTH} characters"
    return None


def secret_key(host: str | None = None, configured: str | None = None) -> str:
    """The secret key to use: ``configured``, else :data:`SECRET_KEY_ENV` from the environment.

    Serving on a non-loopback ``host`` with an absent or weak key raises
    :class:`SecretKeyError` (the server must not start). On loopback (or ``host=None``, tests)
    an absent key becomes a random one for this process, so CSRF tokens do not survive a
    restart and several worker processes would not agree: set the variable for those.
    """
    secret = configured if configured is not None else os.environ.get(SECRET_KEY_ENV)
    problem = weak_secret(secret)
    if host is not None and not is_loopback(host) and problem:
        raise SecretKeyError(
            f"refusing to serve on {host}: {problem} (generate one, e.g. "
            f'`python3 -c "import secrets; print(secrets.token_urlsafe(48))"`, and export it)'
        )
    if secret:
        return secret
    return secrets.token_urlsafe(48)


# -- who is asking ----------------------------------------------------------------------------


def account_service(connection: HTTPConnection) -> AccountService:
    """The app's :class:`AccountService` (made once in ``create_app``)."""
    service: AccountService = connection.app.state.accounts
    return service


def _bearer(connection: HTTPConnection) -> str | None:
    """The token of an ``Authorization: Bearer`` header; ``""`` for any other Authorization
    header; ``None`` without the header."""
    header = connection.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


async def _resolve(connection: HTTPConnection) -> Account | None:
    service = account_service(connection)
    token = _bearer(connection)
    if token is not None:
        return await run_in_threadpool(service.verify_token, token) if token else None
    cookie = connection.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    return await run_in_threadpool(service.session_account, cookie)


async def current_user(request: HTTPConnection) -> Account | None:
    """The signed-in account of this request (token or complete session), or ``None``.
    Resolved once per request and kept in the request's state."""
    state = request.scope.setdefault("state", {})
    found = state.get(_USER_KEY, _UNSET)
    if found is _UNSET:
        found = await _resolve(request)
        state[_USER_KEY] = found
    return found  # type: ignore[return-value]


def require(*permissions: str) -> Callable[[Request], Awaitable[Account]]:
    """A FastAPI dependency giving the Account that holds every one of ``permissions``.

    ``user: Account = Depends(require("drafts.edit"))``. Raises
    :class:`AuthenticationError` (401) without valid credentials and
    :class:`PermissionDeniedError` (403) when the account's roles lack a permission; raises
    :class:`~netfreedom.accounts.PolicyError` at once for a permission the policy does not define.
    """
    policy = load_policy()
    wanted = tuple(policy.check(p) for p in permissions)

    async def dependency(request: Request) -> Account:
        user = await current_user(request)
        if user is None:
            token = _bearer(request)
            if token is not None:
                raise AuthenticationError(N_("invalid, expired or revoked credentials"))
            raise AuthenticationError(N_("sign in first (or send Authorization: Bearer TOKEN)"))
        missing = [p for p in wanted if not policy.allows(user.roles, p)]
        if missing:
            raise PermissionDeniedError(
                N_("your role does not allow this ({permissions})"), permissions=", ".join(missing)
            )
        return user

    dependency.__name__ = "require_" + "_".join(p.replace(".", "_") for p in wanted)
    return dependency


# -- templates --------------------------------------------------------------------------------


class _LazyToken:
    """The CSRF token, fetched only when a template prints it (so pages without a form set no
    cookie and stay cacheable)."""

    def __init__(self, scope: Scope) -> None:
        self._scope = scope

    def __str__(self) -> str:
        getter = self._scope.get("csrftoken")
        return str(getter()) if callable(getter) else ""

    def __html__(self) -> str:
        return str(escape(str(self)))


class _LazyField:
    """The hidden form field carrying the CSRF token, rendered when printed."""

    def __init__(self, scope: Scope) -> None:
        self._token = _LazyToken(scope)

    def __html__(self) -> str:
        return f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(str(self._token))}">'

    def __str__(self) -> str:
        return self.__html__()


def template_context(request: Request) -> dict[str, Any]:
    """``user`` (the Account already resolved for this request, or ``None``), ``csrf_token``
    and ``csrf_field`` (print ``{{ csrf_field }}`` inside every POST form)."""
    user = request.scope.get("state", {}).get(_USER_KEY)
    return {
        "user": user if isinstance(user, Account) else None,
        "csrf_token": _LazyToken(request.scope),
        "csrf_field": _LazyField(request.scope),  # not Markup(): that would fetch the token now
    }


class ResolveUserMiddleware:
    """Resolves the account of requests that carry a session cookie or an Authorization header
    (others cost nothing), so every page, not only protected ones, knows who is signed in."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope.get("headers") or [])
            if b"authorization" in headers or SESSION_COOKIE.encode() in headers.get(b"cookie", b""):
                await current_user(HTTPConnection(scope))
        await self.app(scope, receive, send)


# -- cookies and CSRF -------------------------------------------------------------------------


def is_https(connection: HTTPConnection) -> bool:
    """Whether the request came over https."""
    return connection.url.scheme == "https"


def set_session_cookie(response: Response, request: Request, value: str, max_age: int) -> None:
    """Send the session cookie: HttpOnly, SameSite=Lax, Secure over https."""
    response.set_cookie(
        SESSION_COOKIE, value, max_age=max_age, path="/", httponly=True, samesite="lax", secure=is_https(request)
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    """Tell the browser to drop the session cookie."""
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=is_https(request))


async def _csrf_failed(scope: Scope, send: Send, message_id: Any) -> None:
    from netfreedom.web.errors import error_body

    message = N_("form or request without a valid CSRF token: reload the page and try again")
    if scope["path"].startswith("/api/"):
        response: Response = JSONResponse(error_body(403, "csrf_failed", message), status_code=403)
    else:
        from netfreedom.web.errors import _html_error

        await current_user(
            HTTPConnection(scope)
        )  # refused before the user was resolved: the page shows their navigation
        response = _html_error(Request(scope), 403, message, message)

    async def no_body() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    await response(scope, no_body, send)


class CsrfMiddleware:
    """``asgi-csrf`` with the app's secret: the cookie is Secure on https requests, plain on
    http ones (two wrapped copies sharing one secret, chosen per request); failures answer 403
    ``csrf_failed`` in the error shape (JSON under ``/api/``, the error page elsewhere)."""

    def __init__(self, app: ASGIApp, secret: str) -> None:
        from asgi_csrf import asgi_csrf_decorator

        def wrap(secure: bool) -> ASGIApp:
            decorate = asgi_csrf_decorator(
                cookie_name=CSRF_COOKIE,
                form_input=CSRF_FIELD,
                signing_secret=secret,
                always_protect=ALWAYS_PROTECTED,
                cookie_secure=secure,
                cookie_samesite="Lax",
                send_csrf_failed=_csrf_failed,
            )
            wrapped: ASGIApp = decorate(self._checked)
            return wrapped

        self.app = app
        self._plain = wrap(False)
        self._secure = wrap(True)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chosen = self._secure if scope.get("scheme") == "https" else self._plain
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await chosen(scope, receive, watch)
        except Exception as exc:
            # asgi-csrf reads a form body itself, before the app: a body it cannot parse (a
            # multipart type without a boundary raised IndexError) is the client's mistake, 400,
            # never a 500. Past the check (the app ran), or one of our errors (the body limit): raised on.
            if started or scope.get(_CSRF_PASSED) or isinstance(exc, NetfreedomError):
                raise
            await _unreadable_body(scope, watch)

    async def _checked(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The app, marked in ``scope`` as reached (the CSRF check passed)."""
        scope[_CSRF_PASSED] = True
        await self.app(scope, receive, send)


_CSRF_PASSED = "netfreedom.csrf_passed"


async def _unreadable_body(scope: Scope, send: Send) -> None:
    """Answer 400 ``invalid_parameter``: the request body cannot be read as its content type says."""
    from netfreedom.web.errors import _html_error, error_body

    message = N_("the request body cannot be read as its content type says")
    if scope["path"].startswith("/api/"):
        response: Response = JSONResponse(error_body(400, "invalid_parameter", message), status_code=400)
    else:
        response = _html_error(Request(scope), 400, message, message)

    async def no_body() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    await response(scope, no_body, send)
