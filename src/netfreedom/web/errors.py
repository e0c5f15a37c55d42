"""One error shape for the JSON API, with stable codes, and HTML error pages for the site.

API errors are ``{"error": {"code": <stable code>, "message": <one line>, "status": <HTTP
status>}}``. Codes: ``not_found``, ``invalid_parameter``, ``method_not_allowed``,
``unsupported_format``, ``internal_error``. Never rename a code: clients depend on them.

Pages get the error page instead (``error.html``): a heading per status and the message in the
reader's language (:mod:`netfreedom.web.views.service_messages`), with the navigation of the
signed-in reader (the CSRF refusal resolves the reader first: it is answered outside the
middleware that does).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from netfreedom.errors import N_, AuthenticationError, NetfreedomError, validation_field, validation_reason

log = logging.getLogger(__name__)

INTERNAL_ERROR = N_("internal error")
"""The message of every 500 (what went wrong is logged, never shown)."""
STARLETTE_PHRASES = {404: N_("Not Found"), 405: N_("Method Not Allowed")}
"""Starlette's details of its own refusals (the status phrases), as message ids."""

ERROR_CODES = {
    400: "invalid_parameter",
    404: "not_found",
    405: "method_not_allowed",
    406: "unsupported_format",
    422: "invalid_parameter",
    500: "internal_error",
}


class ApiError(NetfreedomError):
    """Raise in an API handler to answer with the error shape: ``ApiError(404, "not_found", "...")``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_body(
    status: int, code: str, message: str, details: dict[str, object] | None = None
) -> dict[str, dict[str, object]]:
    """The JSON error shape; ``details`` (when given) holds what a client needs to act: both
    versions of a stale save (409), the findings that block a transition (422)."""
    body: dict[str, object] = {"code": code, "message": message, "status": status}
    if details is not None:
        body["details"] = details
    return {"error": body}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _html_error(
    request: Request, status: int, message: str, template: str | None = None, values: dict[str, Any] | None = None
) -> HTMLResponse:
    """The error page: ``message`` (the English line), translated from ``template`` filled with
    ``values`` when the reader's language has the template (``service_messages``)."""
    from netfreedom.web.context import language_of, render
    from netfreedom.web.i18n import translator
    from netfreedom.web.views.service_messages import status_heading, translated_message

    if not isinstance(message, Markup):  # Markup: a page's own translated message with kept values
        message = "".join(ch for ch in message if ch.isprintable())
        if len(message) > 300:
            message = message[:300] + "…"
    words = translator(language_of(request))
    translated, untranslated = translated_message(message, words, template, values or {})
    page = {
        "status": status,
        "heading": status_heading(status, words),
        "message": message,
        "translated": translated,
        "untranslated": untranslated,
    }
    return render(request, "error.html", page, status_code=status)


def _page_error(request: Request, status: int, exc: NetfreedomError | None, message: str) -> HTMLResponse:
    """The error page of ``exc`` (``None``: ``message`` is one of this module's own lines, its
    own template)."""
    if exc is None:
        return _html_error(request, status, message, message)
    return _html_error(request, status, message, exc.template, exc.values)


def _unauthenticated(request: Request, exc: AuthenticationError) -> Response:
    """401 in the error shape with ``WWW-Authenticate: Bearer`` for the API and for anything
    but a page view; a page view (HTML GET) is sent to the sign-in form and back."""
    if not _is_api(request) and request.method in {"GET", "HEAD"}:
        from urllib.parse import quote

        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    response: Response
    if _is_api(request):
        response = JSONResponse(error_body(401, exc.code, str(exc)), status_code=401)
    else:
        response = _page_error(request, 401, exc, str(exc))
    response.headers["WWW-Authenticate"] = 'Bearer realm="netfreedom"'
    return response


def install_error_handlers(app: FastAPI) -> None:
    """Register handlers so every error is the JSON shape under /api/ and a page elsewhere."""

    @app.exception_handler(NetfreedomError)
    async def library_error(request: Request, exc: NetfreedomError) -> Response:
        """Every library error, ApiError included, mapped once: its status and code."""
        if exc.status >= 500:
            log.error("%s on %s: %s", type(exc).__name__, request.url.path, exc)
            message, code = INTERNAL_ERROR, "internal_error"
        else:
            message, code = str(exc), exc.code
        if isinstance(exc, AuthenticationError):
            return _unauthenticated(request, exc)
        if _is_api(request) or isinstance(exc, ApiError):
            details = exc.details if exc.status < 500 else None
            return JSONResponse(error_body(exc.status, code, message, details), status_code=exc.status)
        return _page_error(request, exc.status, exc if exc.status < 500 else None, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if isinstance(exc.__cause__, RequestTooLargeError):  # FastAPI wraps a body it could not read
            return await library_error(request, exc.__cause__)
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if _is_api(request):
            code = ERROR_CODES.get(exc.status_code, "invalid_parameter" if exc.status_code < 500 else "internal_error")
            response: JSONResponse | HTMLResponse = JSONResponse(
                error_body(exc.status_code, code, message), status_code=exc.status_code
            )
        else:
            phrase = STARLETTE_PHRASES.get(exc.status_code)
            template = phrase if phrase == message else None  # Starlette's own detail: its status phrase
            response = _html_error(request, exc.status_code, message, template)
        for name, value in (exc.headers or {}).items():  # e.g. Allow on 405
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse | HTMLResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in {"query", "path"})
        message = f"{where}: {first.get('msg')}" if where else str(first.get("msg"))
        if _is_api(request):
            return JSONResponse(error_body(400, "invalid_parameter", message), status_code=400)
        reason = validation_reason(first)  # pydantic's own line is English only: a page says why in our words
        field = validation_field(first)
        if field:
            return _html_error(request, 400, message, N_("{field}: {reason}"), {"field": field, "reason": reason})
        return _html_error(request, 400, message, N_("the request {reason}"), {"reason": reason})


def _unexpected(request: Request, exc: Exception) -> Response:
    """The answer to an exception no handler took: numbers out of any range (a path or query
    value too large for the database, more digits than Python converts) are the client's
    mistake (400); anything else is ours (500, logged)."""
    if isinstance(exc, OverflowError) or (isinstance(exc, ValueError) and "int" in str(exc)):
        message = N_("a number in the request is out of range")
        if _is_api(request):
            return JSONResponse(error_body(400, "invalid_parameter", message), status_code=400)
        return _page_error(request, 400, None, message)
    log.exception("unhandled error on %s", request.url.path)
    if _is_api(request):
        return JSONResponse(error_body(500, "internal_error", INTERNAL_ERROR), status_code=500)
    return _page_error(request, 500, None, INTERNAL_ERROR)


class UnhandledErrorMiddleware:
    """Answers every exception that escaped the routes, inside the other middleware, so the
    answer carries the security headers and the connection stays open (pure ASGI: an
    exception after the response has started is raised on)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            if started:
                raise
            await _unexpected(Request(scope, receive), exc)(scope, receive, send)


class RequestTooLargeError(NetfreedomError):
    """A request body past :class:`BodyLimitMiddleware`'s limit (413)."""

    status = 413
    code = "request_too_large"


class BodyLimitMiddleware:
    """Refuse a request body larger than ``limit`` bytes with 413 in the error shape (JSON
    under ``/api/``, the error page elsewhere), before anything reads it whole: at once when
    ``Content-Length`` says so, else as soon as the bytes received pass the limit (the CSRF
    check reads a form body itself, outside the routes; a route reading JSON gets the
    :class:`RequestTooLargeError`, answered by the handlers). Pure ASGI."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send)
            return
        received, started = 0, False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise self._error()
            return message

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watch)
        except RequestTooLargeError:
            if started:
                raise
            await self._refuse(scope, send)

    def _error(self) -> RequestTooLargeError:
        return RequestTooLargeError(N_("the request body is larger than {limit} bytes"), limit=self.limit)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        error = self._error()
        if scope["path"].startswith("/api/"):
            response: Response = JSONResponse(error_body(413, error.code, str(error)), status_code=413)
        else:
            response = _page_error(Request(scope), 413, error, str(error))

        async def no_body() -> Message:
            return {"type": "http.disconnect"}

        await response(scope, no_body, send)


class HeadAsGetMiddleware:
    """Answers ``HEAD`` wherever ``GET`` is answered (RFC 9110): the request runs as GET and
    the body is dropped; the headers, Content-Length included, are kept."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)
