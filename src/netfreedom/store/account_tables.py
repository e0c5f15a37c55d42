"""Tables of accounts, API tokens, web sessions and login throttling (migration 0004).

No secret is stored in clear: ``accounts.password_hash`` is an Argon2id hash string,
``api_tokens.token_sha256`` and ``web_sessions.session_sha256`` are SHA-256 digests of random
256-bit tokens (see :mod:`netfreedom.accounts.credentials` for why a fast hash is right for
them). ``accounts.totp_secret`` is the one secret kept as is: a TOTP code can only be checked
with it. Failed sign-ins are counted in the database (``accounts.failed_logins``,
``login_throttle`` per client address) so every server process sees the same counts.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .tables import Base

__all__ = ["AccountRoleRow", "AccountRow", "ApiTokenRow", "LoginThrottleRow", "WebSessionRow"]


class AccountRow(Base):
    """One person (or script owner). ``name`` is the login name and is never shown on the
        public site; ``pseudonym`` is the name the person may be credited under publicly.
        ``failed_logins`` counts failed sign-ins since ``first_failed_at`` (reset by a successful
        one); ``locked_until`` is set when they reach the limit. ``totp_last_step`` is the TOTP time
    step (Unix seconds // 30) of the last code accepted, so no code is accepted twice (migration
    0011). ``disabled_at`` set: cannot sign in
        and its tokens stop working."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    pseudonym: Mapped[str | None] = mapped_column(String(100))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    first_failed_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    disabled_at: Mapped[datetime | None]


class AccountRoleRow(Base):
    """One role an account holds (one row per account and role)."""

    __tablename__ = "account_roles"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)


class ApiTokenRow(Base):
    """An API token of an account, by the SHA-256 of the token (the token itself is shown
    once, when issued). ``prefix`` is its first characters, to tell tokens apart in a list."""

    __tablename__ = "api_tokens"
    __table_args__ = (Index(None, "account_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    label: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class WebSessionRow(Base):
    """A signed-in browser, by the SHA-256 of its session cookie. ``second_factor_done`` is
    false between a correct password and the TOTP code of an account that has TOTP: such a
    session grants nothing but the TOTP step."""

    __tablename__ = "web_sessions"
    __table_args__ = (Index(None, "account_id"), Index(None, "expires_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    session_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    second_factor_done: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class LoginThrottleRow(Base):
    """Failed sign-ins from one client address: ``failures`` since ``first_failed_at``;
    ``locked_until`` set when they reached the limit."""

    __tablename__ = "login_throttle"

    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    first_failed_at: Mapped[datetime]
    locked_until: Mapped[datetime | None]
