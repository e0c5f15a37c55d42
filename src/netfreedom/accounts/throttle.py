"""Login throttling rules: when repeated failures lock an account or a client address.

Pure rules over counters the store keeps (so several server processes agree): a key (an
account, or a client address) that reached ``max_failures`` failed sign-ins is locked for
``lock_seconds``; failures older than ``window_seconds`` are forgotten. A successful sign-in
clears the account's counter, not the address's (one address may try many accounts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class ThrottleRule:
    """Limits for one kind of key: ``max_failures`` within ``window_seconds`` locks it for
    ``lock_seconds``."""

    max_failures: int
    window_seconds: int
    lock_seconds: int

    def window_start(self, now: datetime) -> datetime:
        """Failures before this moment no longer count."""
        return now - timedelta(seconds=self.window_seconds)

    def locked_until(self, failures: int, now: datetime) -> datetime | None:
        """When a key with ``failures`` counted failures (this one included) is free again;
        ``None`` when it is not locked."""
        if failures < self.max_failures:
            return None
        return now + timedelta(seconds=self.lock_seconds)


ACCOUNT_RULE = ThrottleRule(max_failures=5, window_seconds=15 * 60, lock_seconds=15 * 60)
"""Per account: 5 failures in 15 minutes lock it for 15 minutes."""
ADDRESS_RULE = ThrottleRule(max_failures=20, window_seconds=15 * 60, lock_seconds=15 * 60)
"""Per client address: 20 failures in 15 minutes lock it for 15 minutes."""


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    """Whether a lock that ends at ``locked_until`` still holds at ``now``."""
    return locked_until is not None and locked_until > now
