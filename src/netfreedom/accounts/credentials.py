"""Secrets of accounts: password hashes (Argon2id), API and session tokens, TOTP codes.

Passwords are hashed with Argon2id by ``argon2-cffi`` (its default, RFC 9106 low-memory
parameters; the hash string carries its own salt and parameters, so :func:`needs_rehash`
tells when the defaults have moved on). Tokens (API tokens, web session ids) are 256 random
bits from :mod:`secrets`; only their SHA-256 is stored. A fast hash is right here and a slow
one is not: a 256-bit random token cannot be guessed whatever the hash costs, the hash must be
looked up on every request (an index on the digest, no per-row salt), and Argon2 would add tens
of milliseconds and 64 MiB to every API call. TOTP (RFC 6238, 30-second steps, 6 digits) is
``pyotp``; one step of clock drift is accepted either way, and :func:`verify_totp` returns the
step a code belongs to so that a code already used is refused (the store keeps the last step
accepted per account).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from .errors import AccountError

MIN_PASSWORD_LENGTH = 10
"""Shortest password accepted (characters)."""
MAX_PASSWORD_LENGTH = 1024
"""Longest password accepted (characters): hashing is costly by design, so input is bounded."""
TOKEN_PREFIX = "nf_"
"""API tokens start with this, so they are recognisable in logs and secret scanners."""
TOKEN_BYTES = 32
"""Random bytes in a token (256 bits)."""
TOTP_ISSUER = "netfreedom"

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("netfreedom: a password nobody has")


def check_name(name: str) -> str:
    """``name`` if it is a valid account name (1-64 of letters, digits, ``.``, ``_``, ``-``,
    starting with a letter or digit); else :class:`AccountError`."""
    if not _NAME.match(name):
        raise AccountError(
            f"bad account name {name!r}: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    return name


def check_pseudonym(pseudonym: str | None) -> str | None:
    """The pseudonym trimmed (``None`` or blank: none); :class:`AccountError` when it is over
    100 characters or holds control characters."""
    if pseudonym is None or not pseudonym.strip():
        return None
    value = " ".join(pseudonym.split())
    if len(value) > 100 or not value.isprintable():
        raise AccountError("bad pseudonym: at most 100 printable characters")
    return value


def check_password(password: str) -> str:
    """``password`` if its length is within bounds; else :class:`AccountError`."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"password too short: at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"password too long: at most {MAX_PASSWORD_LENGTH} characters")
    return password


def hash_password(password: str) -> str:
    """The Argon2id hash string (``$argon2id$v=19$m=...``) of a checked password."""
    return _hasher.hash(check_password(password))


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``. With no hash (an account without a
    password) a dummy hash is checked anyway and the answer is ``False``, so the time taken does
    not tell whether an account exists."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether ``stored_hash`` was made with parameters older than the current ones."""
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def new_token(prefix: str = TOKEN_PREFIX) -> str:
    """A new random token: ``prefix`` + 43 URL-safe characters (256 bits)."""
    return prefix + secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """SHA-256 of ``token`` as 64 hex digits: what the store keeps instead of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_totp_secret() -> str:
    """A new base32 TOTP secret (160 bits)."""
    return pyotp.random_base32(32)


def totp_uri(secret: str, account_name: str) -> str:
    """The ``otpauth://`` provisioning URI an authenticator app reads (as a QR code or text)."""
    return pyotp.TOTP(secret).provisioning_uri(name=account_name, issuer_name=TOTP_ISSUER)


def totp_now(secret: str) -> str:
    """The current 6-digit code for ``secret`` (for tests and first-time confirmation)."""
    return pyotp.TOTP(secret).now()


def verify_totp(secret: str, code: str, at: datetime | None = None) -> int | None:
    """The 30-second time step (RFC 6238 counter: Unix seconds // 30) whose code ``code`` is
    (spaces ignored), checked at ``at`` (default now) and one step before and after; ``None``
    when it is none of them. The caller refuses a step it already accepted (replay)."""
    cleaned = "".join(code.split())
    if not cleaned.isdigit() or len(cleaned) != 6:
        return None
    totp = pyotp.TOTP(secret)
    moment = at or datetime.now(UTC)
    now_step = totp.timecode(moment)
    for step in (now_step - 1, now_step, now_step + 1):
        if hmac.compare_digest(totp.generate_otp(step), cleaned):
            return step
    return None


def same_secret(a: str, b: str) -> bool:
    """Constant-time comparison of two strings."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
