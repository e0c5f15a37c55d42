"""An in-process cache of rendered GET responses, kept fresh by the store's fingerprint.

The site is read-only: a page or API answer changes only when the store does (an ingest in
another process). For each GET of a page or ``/api/`` path the middleware asks the store for
its :meth:`~netfreedom.store.Store.fingerprint` (one aggregate query) and serves the stored
bytes when the fingerprint, path, query, ``Accept-Language`` and gzip support all match.
Requests of a signed-in visitor (session cookie or ``Authorization`` header) pass through
uncached, and responses meant for one visitor (``Set-Cookie``, ``Vary: Cookie``,
``Cache-Control: no-store``/``private``) are never kept. It also answers ``If-None-Match`` with 304 using an ETag derived from the same key. Entries
are evicted least-recently-used beyond ``max_entries`` or ``max_bytes``.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from netfreedom.store import Store
from netfreedom.web.auth import SESSION_COOKIE
from netfreedom.web.security import SECURITY_HEADERS

CACHEABLE_TYPES = (
    b"text/html", b"application/json", b"image/svg+xml", b"text/csv", b"application/zip",
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)  # fmt: skip


def _matches(if_none_match: bytes, etag: bytes) -> bool:
    """Whether an If-None-Match header names ``etag`` (weak comparison, lists, ``*``)."""
    wanted = etag.removeprefix(b"W/")
    for tag in if_none_match.split(b","):
        tag = tag.strip()
        if tag == b"*" or tag.removeprefix(b"W/") == wanted:
            return True
    return False


def _not_modified_headers(etag: bytes) -> list[tuple[bytes, bytes]]:
    headers = [(b"etag", etag), (b"vary", b"Accept-Encoding, Accept-Language")]
    headers += [(name.lower().encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]
    return headers


def _personal(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether a response is meant for one visitor: it sets a cookie, varies by cookie (a form
    with its CSRF token) or says not to store it."""
    for name, value in headers:
        lowered = name.lower()
        if lowered == b"set-cookie":
            return True
        if lowered == b"vary" and b"cookie" in value.lower():
            return True
        if lowered == b"cache-control" and (b"no-store" in value or b"private" in value):
            return True
    return False


@dataclass
class _Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class ResponseCacheMiddleware:
    """ASGI middleware caching 200 responses of GET requests outside ``/static``."""

    def __init__(self, app: ASGIApp, store: Store, max_entries: int = 512, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.app = app
        self.store = store
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if b"authorization" in headers or SESSION_COOKIE.encode() in headers.get(b"cookie", b""):
            await self.app(scope, receive, send)  # a signed-in request: its answer is its own
            return
        try:
            fingerprint = await run_in_threadpool(self.store.fingerprint)
        except Exception:
            await self.app(scope, receive, send)
            return
        gzip = b"gzip" in headers.get(b"accept-encoding", b"")
        key_text = "\n".join(
            [
                fingerprint,
                scope["path"],
                scope.get("query_string", b"").decode("latin-1"),
                headers.get(b"accept-language", b"").decode("latin-1"),
                "gzip" if gzip else "identity",
            ]
        )
        key = hashlib.sha256(key_text.encode("utf-8")).hexdigest()
        etag = f'W/"{key[:32]}"'.encode()
        if _matches(headers.get(b"if-none-match", b""), etag):
            await send({"type": "http.response.start", "status": 304, "headers": _not_modified_headers(etag)})
            await send({"type": "http.response.body", "body": b""})
            return
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
        if entry is not None:
            await send({"type": "http.response.start", "status": entry.status, "headers": entry.headers})
            await send({"type": "http.response.body", "body": entry.body})
            return
        await self._pass_and_keep(scope, receive, send, key, etag)

    async def _pass_and_keep(self, scope: Scope, receive: Receive, send: Send, key: str, etag: bytes) -> None:
        start: Message | None = None
        chunks: list[bytes] = []
        cacheable = True

        async def capture(message: Message) -> None:
            nonlocal start, cacheable
            if message["type"] == "http.response.start":
                content_type = dict(message.get("headers", [])).get(b"content-type", b"")
                cacheable = (
                    message["status"] == 200
                    and content_type.startswith(CACHEABLE_TYPES)
                    and not _personal(message.get("headers", []))
                )
                if cacheable:
                    message = {**message, "headers": [*message.get("headers", []), (b"etag", etag)]}
                start = message
            elif message["type"] == "http.response.body" and cacheable:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and start is not None:
                    self._keep(key, _Entry(start["status"], list(start["headers"]), b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, capture)

    def _keep(self, key: str, entry: _Entry) -> None:
        size = len(entry.body)
        if size > self.max_bytes // 4:
            return
        with self._lock:
            self._entries[key] = entry
            self._bytes += size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body)
