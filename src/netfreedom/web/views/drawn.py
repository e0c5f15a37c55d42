"""Drawn pages kept by the values they were drawn from (a memo of a pure function, not a page cache).

A country page is read from the store on every request (report versions, scorecards, evidence,
published translations, findings about other sources: :mod:`netfreedom.web.pages.country`);
drawing those values as HTML (the score-history chart, the finding messages, the Jinja page
around the prepared report body) and compressing them is what takes most of a request's CPU.
The same values always draw the same bytes, so the drawn answer is kept under a digest of
everything it is drawn from (:func:`drawn_key`): a request whose freshly read values have the
same digest sends the kept bytes; any change in what the page shows changes the digest, so the
answer is never stale, and writes that do not touch what the page shows (another country, a
draft) leave it drawn. Only answers for a visitor who is not signed in are kept (the signed-in
navigation, inbox count and CSRF field are drawn per request).

    pages = DrawnPages()
    key = drawn_key("country", iso3, edition, values)
    body = pages.get(key)
    if body is None:
        body = draw(values)
        pages.keep(key, body)
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Any

__all__ = ["DrawnPages", "drawn_key"]


def drawn_key(*inputs: Any) -> bytes:
    """A digest (BLAKE2b, 20 bytes) of ``repr`` of ``inputs``: every value a drawn answer
    depends on, as plain data (dataclasses, pydantic models, lists, dicts, strings, numbers;
    their ``repr`` shows every field that is drawn)."""
    return hashlib.blake2b(repr(inputs).encode("utf-8", "surrogatepass"), digest_size=20).digest()


class DrawnPages:
    """At most ``max_entries`` drawn answers (and ``max_bytes`` of them), least recently used
    dropped first; safe to share between the server's threads."""

    def __init__(self, max_entries: int = 256, max_bytes: int = 32 * 1024 * 1024) -> None:
        self._entries: OrderedDict[bytes, Any] = OrderedDict()
        self._sizes: dict[bytes, int] = {}
        self._bytes = 0
        self._max_entries, self._max_bytes = max_entries, max_bytes
        self._lock = threading.Lock()

    def get(self, key: bytes) -> Any | None:
        """The answer kept under ``key``, or ``None``."""
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def keep(self, key: bytes, value: Any, size: int) -> None:
        """Keep ``value`` (``size`` bytes) under ``key``; an answer larger than a quarter of
        ``max_bytes`` is not kept."""
        if size > self._max_bytes // 4:
            return
        with self._lock:
            if key in self._entries:
                self._bytes -= self._sizes[key]
            self._entries[key] = value
            self._sizes[key] = size
            self._entries.move_to_end(key)
            self._bytes += size
            while len(self._entries) > self._max_entries or self._bytes > self._max_bytes:
                old, _ = self._entries.popitem(last=False)
                self._bytes -= self._sizes.pop(old)

    def __len__(self) -> int:
        return len(self._entries)
