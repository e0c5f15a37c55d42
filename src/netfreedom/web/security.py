"""Security headers for every response, and the sanitizer for HTML we build.

The site is read-only and serves every asset itself, so the Content-Security-Policy allows
nothing but same-origin scripts, styles and images: no inline script, no inline style, no
plugins, no framing.
"""

from __future__ import annotations

import re

from markupsafe import Markup
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from netfreedom.text.safe_html import clean_html

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeadersMiddleware:
    """Adds :data:`SECURITY_HEADERS` to every response (pure ASGI: the headers are added to
    the response's start message)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if not static:
                    add_vary(headers, "Accept-Language")  # the language may come from this header
            await send(message)

        await self.app(scope, receive, with_headers)


_LEADING_SLASHES = re.compile(r"^[/\\]{2,}|^\\")
_LEADING_RAW_SLASHES = re.compile(rb"^[/\\]{2,}|^\\")


def site_path(path: str) -> str:
    """``path`` with any run of slashes or backslashes at its start made one slash: a link
    built from it (``//evil.example/x`` would be another site to a browser) stays on this
    site."""
    return _LEADING_SLASHES.sub("/", path)


class SitePathMiddleware:
    """Makes the request path start with exactly one slash before anything reads it, so that
    every link, redirect and cache key built from ``request.url.path`` stays on the site
    (``GET //evil.example/country/KAZ`` is this site's ``/evil.example/country/KAZ``: a 404
    whose links point here)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            path = scope.get("path", "")
            if _LEADING_SLASHES.match(path):
                scope = dict(scope)
                scope["path"] = site_path(path)
                raw = scope.get("raw_path")
                if isinstance(raw, bytes):
                    scope["raw_path"] = _LEADING_RAW_SLASHES.sub(b"/", raw)
        await self.app(scope, receive, send)


def add_vary(headers: MutableHeaders, name: str) -> None:
    """Add ``name`` to the ``Vary`` header unless it is there."""
    present = [v.strip() for v in headers.get("vary", "").split(",") if v.strip()]
    if name.lower() not in (v.lower() for v in present):
        headers["vary"] = ", ".join([*present, name])


def sanitize(html: str) -> Markup:
    """Clean ``html`` with nh3 to the few tags the site builds itself; links keep only
    relative or http(s) targets and get ``rel="noopener noreferrer"``
    (:func:`netfreedom.text.safe_html.clean_html`)."""
    return Markup(clean_html(html))
