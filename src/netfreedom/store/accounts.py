"""Storing accounts, their roles, API tokens, web sessions and failed sign-ins.

``AccountStore(store)`` works on the database of an open :class:`~netfreedom.store.Store`
(same engine, same transactions). It stores what it is given: password hashes and token
digests are made by :mod:`netfreedom.accounts.credentials`, decisions (is this password right,
is this address locked) by :mod:`netfreedom.services.accounts`. Every method is one
transaction; database errors come out as :class:`~netfreedom.store.StoreError`.

Failed sign-ins are counted under a row lock (``SELECT ... FOR UPDATE`` on PostgreSQL; on
SQLite write transactions are serialized by ``BEGIN IMMEDIATE``), so several server processes
counting at once never lose a failure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import StoreError
from .account_tables import AccountRoleRow, AccountRow, ApiTokenRow, LoginThrottleRow, WebSessionRow
from .reading import utc

if TYPE_CHECKING:
    from .repository import Store

__all__ = ["AccountRecord", "AccountStore", "FailureCount", "SessionRecord", "TokenRecord"]

TOKEN_TOUCH_INTERVAL = timedelta(minutes=5)
"""``api_tokens.last_used_at`` is written at most this often per token (not on every call)."""


@dataclass(frozen=True)
class AccountRecord:
    """An account as stored. ``roles`` sorted; datetimes aware UTC."""

    id: int
    name: str
    roles: tuple[str, ...]
    pseudonym: str | None
    password_hash: str | None
    totp_secret: str | None
    failed_logins: int
    first_failed_at: datetime | None
    locked_until: datetime | None
    created_at: datetime
    disabled_at: datetime | None


@dataclass(frozen=True)
class TokenRecord:
    """An API token as stored (never the token itself)."""

    id: int
    account_name: str
    prefix: str
    label: str | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class SessionRecord:
    """A web session and its account."""

    account: AccountRecord
    second_factor_done: bool
    expires_at: datetime


@dataclass(frozen=True)
class FailureCount:
    """Failures counted so far (this one included) and since when, for an account or an address."""

    failures: int
    first_failed_at: datetime


def _when(moment: datetime | None) -> datetime | None:
    return None if moment is None else utc(moment)


def _record(row: AccountRow, roles: Iterable[str]) -> AccountRecord:
    return AccountRecord(
        id=row.id,
        name=row.name,
        roles=tuple(sorted(roles)),
        pseudonym=row.pseudonym,
        password_hash=row.password_hash,
        totp_secret=row.totp_secret,
        failed_logins=row.failed_logins,
        first_failed_at=_when(row.first_failed_at),
        locked_until=_when(row.locked_until),
        created_at=utc(row.created_at),
        disabled_at=_when(row.disabled_at),
    )


def _roles(session: Session, account_id: int) -> list[str]:
    stmt = select(AccountRoleRow.role).where(AccountRoleRow.account_id == account_id)
    return list(session.scalars(stmt))


def _load(session: Session, row: AccountRow | None) -> AccountRecord | None:
    return None if row is None else _record(row, _roles(session, row.id))


class AccountStore:
    """Accounts in the database of ``store`` (see the module docstring)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _tx(self, doing: str, *, write: bool = False):  # type: ignore[no-untyped-def]
        return self._store._transaction(doing, write=write)

    # -- accounts ---------------------------------------------------------------------------

    def create(
        self, name: str, roles: Iterable[str], *, pseudonym: str | None, password_hash: str | None, now: datetime
    ) -> AccountRecord:
        """Store a new account; raises :class:`StoreError` when ``name`` is taken."""
        roles = sorted(set(roles))
        try:
            with self._tx(f"adding account {name}", write=True) as session:
                row = AccountRow(
                    name=name, pseudonym=pseudonym, password_hash=password_hash, failed_logins=0, created_at=now
                )
                session.add(row)
                session.flush()
                session.add_all(AccountRoleRow(account_id=row.id, role=role) for role in roles)
                record = _record(row, roles)
        except StoreError as exc:
            if isinstance(exc.__cause__, IntegrityError):
                raise StoreError(f"account {name} exists") from exc.__cause__
            raise
        return record

    def get(self, name: str) -> AccountRecord | None:
        """The account called ``name``, or ``None``."""
        with self._tx("reading an account") as session:
            return _load(session, session.scalars(select(AccountRow).where(AccountRow.name == name)).first())

    def get_by_id(self, account_id: int) -> AccountRecord | None:
        """The account with this id, or ``None``."""
        with self._tx("reading an account") as session:
            return _load(session, session.get(AccountRow, account_id))

    def all_accounts(self) -> list[AccountRecord]:
        """Every account, by name."""
        with self._tx("listing accounts") as session:
            rows = session.scalars(select(AccountRow).order_by(AccountRow.name)).all()
            roles: dict[int, list[str]] = {}
            for account_id, role in session.execute(select(AccountRoleRow.account_id, AccountRoleRow.role)):
                roles.setdefault(account_id, []).append(role)
            return [_record(row, roles.get(row.id, [])) for row in rows]

    def update(self, name: str, **values: object) -> AccountRecord:
        """Set columns of the account ``name`` (``password_hash``, ``pseudonym``,
        ``totp_secret``, ``disabled_at``); raises :class:`StoreError` when there is no such account."""
        allowed = {"password_hash", "pseudonym", "totp_secret", "disabled_at"}
        if not values.keys() <= allowed:
            raise ValueError(f"cannot set {sorted(values.keys() - allowed)}")
        with self._tx(f"updating account {name}", write=True) as session:
            row = session.scalars(select(AccountRow).where(AccountRow.name == name)).first()
            if row is None:
                raise StoreError(f"no account {name}")
            for key, value in values.items():
                setattr(row, key, value)
            if "totp_secret" in values:  # a new secret starts a new sequence of codes
                row.totp_last_step = None
            session.flush()
            return _record(row, _roles(session, row.id))

    def set_roles(self, name: str, roles: Iterable[str]) -> AccountRecord:
        """Replace the roles of account ``name``."""
        with self._tx(f"setting roles of {name}", write=True) as session:
            row = session.scalars(select(AccountRow).where(AccountRow.name == name)).first()
            if row is None:
                raise StoreError(f"no account {name}")
            session.execute(delete(AccountRoleRow).where(AccountRoleRow.account_id == row.id))
            session.add_all(AccountRoleRow(account_id=row.id, role=role) for role in sorted(set(roles)))
            session.flush()
            return _record(row, _roles(session, row.id))

    def use_totp_step(self, account_id: int, step: int) -> bool:
        """Record TOTP time step ``step`` as used by the account when it is later than the last
        one used; ``False`` when it is not (that code, or a later one, was accepted already: a
        replay). One conditional UPDATE, so two processes given the same code at once accept it
        once."""
        with self._tx("recording a TOTP code", write=True) as session:
            result = session.execute(
                update(AccountRow)
                .where(
                    AccountRow.id == account_id,
                    (AccountRow.totp_last_step.is_(None)) | (AccountRow.totp_last_step < step),
                )
                .values(totp_last_step=step)
            )
            return bool(getattr(result, "rowcount", 0) == 1)

    # -- failed sign-ins --------------------------------------------------------------------

    def address_lock(self, address: str) -> datetime | None:
        """Until when sign-ins from ``address`` are locked (``None``: never locked)."""
        with self._tx("reading sign-in failures") as session:
            row = session.get(LoginThrottleRow, address)
            return None if row is None else _when(row.locked_until)

    def count_account_failure(
        self, account_id: int, now: datetime, window_start: datetime, lock_for: timedelta, max_failures: int
    ) -> FailureCount:
        """Count one failed sign-in of the account; failures before ``window_start`` are
        forgotten first. When the count reaches ``max_failures`` the account is locked until
        ``now + lock_for``."""
        with self._tx("counting a failed sign-in", write=True) as session:
            row = session.get(AccountRow, account_id, with_for_update=True)
            if row is None:
                raise StoreError("counting a failed sign-in failed: no such account")
            first = _when(row.first_failed_at)
            if first is None or first < window_start:
                row.failed_logins, row.first_failed_at = 1, now
            else:
                row.failed_logins += 1
            if row.failed_logins >= max_failures:
                row.locked_until = now + lock_for
            return FailureCount(row.failed_logins, utc(row.first_failed_at or now))

    def count_address_failure(
        self, address: str, now: datetime, window_start: datetime, lock_for: timedelta, max_failures: int
    ) -> FailureCount:
        """Count one failed sign-in from ``address``, as :meth:`count_account_failure`."""
        with self._tx("counting a failed sign-in", write=True) as session:
            dialect = session.get_bind().dialect.name
            insert = pg_insert if dialect == "postgresql" else sqlite_insert
            session.execute(
                insert(LoginThrottleRow)
                .values(address=address, failures=0, first_failed_at=now)
                .on_conflict_do_nothing(index_elements=["address"])
            )
            row = session.get(LoginThrottleRow, address, with_for_update=True, populate_existing=True)
            assert row is not None
            if utc(row.first_failed_at) < window_start:
                row.failures, row.first_failed_at = 0, now
            row.failures += 1
            if row.failures >= max_failures:
                row.locked_until = now + lock_for
            return FailureCount(row.failures, utc(row.first_failed_at))

    def clear_account_failures(self, account_id: int) -> None:
        """Forget the failed sign-ins (and lock) of the account, after a successful sign-in."""
        with self._tx("clearing sign-in failures", write=True) as session:
            session.execute(
                update(AccountRow)
                .where(AccountRow.id == account_id)
                .values(failed_logins=0, first_failed_at=None, locked_until=None)
            )

    # -- API tokens -------------------------------------------------------------------------

    def add_token(self, account_id: int, digest: str, prefix: str, label: str | None, now: datetime) -> None:
        """Store an API token of the account by its digest."""
        with self._tx("storing a token", write=True) as session:
            session.add(
                ApiTokenRow(account_id=account_id, token_sha256=digest, prefix=prefix, label=label, created_at=now)
            )

    def account_for_token(self, digest: str, now: datetime) -> AccountRecord | None:
        """The account holding the unrevoked token with this digest, or ``None``. Notes the use
        (at most every :data:`TOKEN_TOUCH_INTERVAL`)."""
        with self._tx("checking a token") as session:
            token = session.scalars(select(ApiTokenRow).where(ApiTokenRow.token_sha256 == digest)).first()
            if token is None or token.revoked_at is not None:
                return None
            record = _load(session, session.get(AccountRow, token.account_id))
            last_used = _when(token.last_used_at)
            token_id = token.id
        if last_used is None or now - last_used > TOKEN_TOUCH_INTERVAL:
            with self._tx("noting a token's use", write=True) as session:
                session.execute(update(ApiTokenRow).where(ApiTokenRow.id == token_id).values(last_used_at=now))
        return record

    def tokens(self, name: str) -> list[TokenRecord]:
        """The API tokens of account ``name``, oldest first."""
        with self._tx("listing tokens") as session:
            stmt = (
                select(ApiTokenRow, AccountRow.name)
                .join(AccountRow, AccountRow.id == ApiTokenRow.account_id)
                .where(AccountRow.name == name)
                .order_by(ApiTokenRow.id)
            )
            return [
                TokenRecord(
                    t.id, owner, t.prefix, t.label, utc(t.created_at), _when(t.last_used_at), _when(t.revoked_at)
                )
                for t, owner in session.execute(stmt)
            ]

    def revoke_tokens(self, name: str, now: datetime, prefix: str | None = None) -> int:
        """Revoke the tokens of account ``name`` (only those starting with ``prefix`` when
        given); returns how many were revoked."""
        with self._tx("revoking tokens", write=True) as session:
            account_id = session.scalars(select(AccountRow.id).where(AccountRow.name == name)).first()
            if account_id is None:
                raise StoreError(f"no account {name}")
            stmt = update(ApiTokenRow).where(ApiTokenRow.account_id == account_id, ApiTokenRow.revoked_at.is_(None))
            if prefix is not None:
                stmt = stmt.where(ApiTokenRow.prefix == prefix)
            return int(session.execute(stmt.values(revoked_at=now)).rowcount)  # type: ignore[attr-defined]

    # -- web sessions -----------------------------------------------------------------------

    def add_session(
        self, account_id: int, digest: str, *, second_factor_done: bool, now: datetime, expires_at: datetime
    ) -> None:
        """Store a web session of the account by the digest of its cookie."""
        with self._tx("starting a session", write=True) as session:
            session.add(
                WebSessionRow(
                    account_id=account_id,
                    session_sha256=digest,
                    second_factor_done=second_factor_done,
                    created_at=now,
                    expires_at=expires_at,
                    last_seen_at=now,
                )
            )

    def session(self, digest: str, now: datetime) -> SessionRecord | None:
        """The unexpired session with this digest and its account, or ``None``."""
        with self._tx("reading a session") as session:
            row = session.scalars(select(WebSessionRow).where(WebSessionRow.session_sha256 == digest)).first()
            if row is None or utc(row.expires_at) <= now:
                return None
            account = _load(session, session.get(AccountRow, row.account_id))
            if account is None:
                return None
            return SessionRecord(account, row.second_factor_done, utc(row.expires_at))

    def complete_second_factor(self, digest: str, new_digest: str) -> None:
        """Mark the session's second factor done, under a new cookie digest (the cookie is
        renewed when the session gains rights)."""
        with self._tx("completing sign-in", write=True) as session:
            session.execute(
                update(WebSessionRow)
                .where(WebSessionRow.session_sha256 == digest)
                .values(second_factor_done=True, session_sha256=new_digest)
            )

    def end_session(self, digest: str) -> None:
        """Delete the session with this digest (nothing happens when there is none)."""
        with self._tx("ending a session", write=True) as session:
            session.execute(delete(WebSessionRow).where(WebSessionRow.session_sha256 == digest))

    def end_sessions_of(self, account_id: int) -> None:
        """Delete every session of the account (after a password change)."""
        with self._tx("ending sessions", write=True) as session:
            session.execute(delete(WebSessionRow).where(WebSessionRow.account_id == account_id))

    def purge_stale_throttle(self, window_start: datetime, now: datetime) -> int:
        """Delete address counters whose failures all precede ``window_start`` and whose lock
        (if any) has ended; returns how many."""
        with self._tx("purging sign-in counters", write=True) as session:
            result = session.execute(
                delete(LoginThrottleRow).where(
                    LoginThrottleRow.first_failed_at < window_start,
                    (LoginThrottleRow.locked_until.is_(None)) | (LoginThrottleRow.locked_until <= now),
                )
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

    def purge_expired_sessions(self, now: datetime) -> int:
        """Delete sessions expired at ``now``; returns how many."""
        with self._tx("purging sessions", write=True) as session:
            result = session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at <= now))
            return int(result.rowcount)  # type: ignore[attr-defined]
