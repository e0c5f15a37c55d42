"""A real SMTP server on a loopback port for tests (aiosmtpd), collecting what it receives.

>>> with local_smtp() as server:          # doctest: +SKIP
...     ...                               # send to 127.0.0.1:server.port
...     server.messages[0]["Subject"]
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class _Collector:
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


@dataclass
class LocalSmtp:
    """The running server: its ``port`` and the ``messages`` received so far."""

    port: int
    collector: _Collector

    @property
    def messages(self) -> list[EmailMessage]:
        return self.collector.messages

    @property
    def envelopes(self) -> list[tuple[str, list[str]]]:
        return self.collector.envelopes

    def wait_for(self, count: int, seconds: float = 10.0) -> list[EmailMessage]:
        """The messages once at least ``count`` arrived (fails the test after ``seconds``)."""
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.messages) >= count, f"expected {count} messages, got {len(self.messages)}"
        return self.messages


@contextmanager
def local_smtp() -> Iterator[LocalSmtp]:
    """Start an SMTP server on 127.0.0.1 (a free port) for the duration of the block."""
    collector = _Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield LocalSmtp(port=controller.port, collector=collector)
    finally:
        controller.stop()
