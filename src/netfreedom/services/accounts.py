"""Accounts as operations: add a user, set a password, sign in (with throttling and TOTP),
issue and check API tokens, start and end web sessions.

``AccountService(store)`` combines the rules of :mod:`netfreedom.accounts` (policy, hashes,
throttling) with :class:`netfreedom.store.accounts.AccountStore`. It raises
:class:`~netfreedom.accounts.AccountError` for bad input (unknown role, a name
taken, a password too short), :class:`~netfreedom.accounts.UnknownAccountError` (an
``AccountError`` and a ``NotFoundError``) for a name no account has, and :class:`~netfreedom.store.StoreError` for database failures;
sign-in answers are :class:`LoginOutcome` values, never exceptions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from ..accounts import Account, AccountError, Policy, UnknownAccountError, load_policy
from ..accounts import credentials as cred
from ..accounts.throttle import ACCOUNT_RULE, ADDRESS_RULE, ThrottleRule, is_locked
from ..store import Store, StoreError
from ..store.accounts import AccountRecord, AccountStore, TokenRecord

__all__ = [
    "SECOND_FACTOR_LIFETIME",
    "SESSION_LIFETIME",
    "AccountService",
    "LoginOutcome",
    "LoginStatus",
    "SessionState",
]

SESSION_LIFETIME = timedelta(hours=12)
"""How long a web session lasts after sign-in (then the person signs in again)."""
SECOND_FACTOR_LIFETIME = timedelta(minutes=5)
"""How long a correct password waits for its TOTP code."""


def require_accounts(store: Store, *names: str | None) -> None:
    """Raise :class:`UnknownAccountError` (404 ``unknown_account``; the CLI exits 1) for the
    first of ``names`` (``None`` skipped) that no account has. The services check every
    account name they are given (a draft's researcher and reviewer, a translator, the owner
    of an inbox or an address) before writing anything, so the CLI, the API and the pages
    refuse an unknown account the same way."""
    records = AccountStore(store)
    for name in names:
        if name is not None and records.get(name) is None:
            raise UnknownAccountError(name)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class LoginStatus(StrEnum):
    """How a sign-in step ended."""

    OK = "ok"
    """Signed in: ``session`` is the new session cookie value."""
    SECOND_FACTOR = "second_factor"
    """Password right, TOTP code needed: ``session`` grants only the TOTP step."""
    REFUSED = "refused"
    """Wrong name, password or code (which one is not said)."""
    LOCKED = "locked"
    """Too many failures for this account or this address: try again after ``retry_after``."""


@dataclass(frozen=True)
class LoginOutcome:
    """Result of a sign-in step. ``account`` is set for OK and SECOND_FACTOR; ``session`` is
    the cookie value to send; ``retry_after`` the end of a lock (LOCKED)."""

    status: LoginStatus
    account: Account | None = None
    session: str | None = None
    retry_after: datetime | None = None

    @property
    def message(self) -> str:
        """One line for the person signing in (names no account, says nothing of which part
        was wrong)."""
        return {
            LoginStatus.OK: "signed in",
            LoginStatus.SECOND_FACTOR: "enter the code from your authenticator app",
            LoginStatus.REFUSED: "wrong name, password or code",
            LoginStatus.LOCKED: "too many failed sign-ins: try again later",
        }[self.status]


@dataclass(frozen=True)
class SessionState:
    """The account behind a session cookie, and whether its sign-in is complete."""

    account: Account
    complete: bool
    expires_at: datetime


def to_account(record: AccountRecord) -> Account:
    """The public :class:`Account` of a stored account (no hash, no secret)."""
    return Account(
        id=record.id,
        name=record.name,
        roles=frozenset(record.roles),
        pseudonym=record.pseudonym,
        totp_enabled=record.totp_secret is not None,
    )


class AccountService:
    """Account operations on ``store`` under ``policy`` (default: the shipped one).

    ``clock`` gives the current time (aware UTC); tests pass their own.
    """

    def __init__(
        self,
        store: Store,
        policy: Policy | None = None,
        *,
        clock: Callable[[], datetime] = _utcnow,
        account_rule: ThrottleRule = ACCOUNT_RULE,
        address_rule: ThrottleRule = ADDRESS_RULE,
    ) -> None:
        self.records = AccountStore(store)
        self.policy = policy or load_policy()
        self.clock = clock
        self.account_rule = account_rule
        self.address_rule = address_rule

    # -- managing accounts ------------------------------------------------------------------

    def add_user(
        self, name: str, roles: Iterable[str], *, pseudonym: str | None = None, password: str | None = None
    ) -> Account:
        """Create account ``name`` with ``roles`` (at least one, all defined by the policy),
        an optional public ``pseudonym`` and ``password`` (``None``: the account signs in only
        through tokens until a password is set). Raises :class:`AccountError` for a bad name,
        role, pseudonym or password, or a name already taken."""
        cred.check_name(name)
        held = self.policy.check_roles(roles)
        if not held:
            raise AccountError(f"account {name} needs at least one role ({', '.join(self.policy.roles)})")
        password_hash = None if password is None else cred.hash_password(password)
        try:
            record = self.records.create(
                name, held, pseudonym=cred.check_pseudonym(pseudonym), password_hash=password_hash, now=self.clock()
            )
        except StoreError as exc:
            if str(exc) == f"account {name} exists":
                raise AccountError(str(exc)) from exc
            raise
        return to_account(record)

    def get(self, name: str) -> Account | None:
        """The account called ``name``, or ``None``."""
        record = self.records.get(name)
        return None if record is None else to_account(record)

    def existing(self, name: str) -> Account:
        """The account called ``name``; :class:`UnknownAccountError` (a ``NotFoundError``) when
        there is none."""
        return to_account(self._existing(name))

    def list_users(self) -> list[Account]:
        """Every account, by name."""
        return [to_account(r) for r in self.records.all_accounts()]

    def _existing(self, name: str) -> AccountRecord:
        record = self.records.get(name)
        if record is None:
            raise UnknownAccountError(name)
        return record

    def set_password(self, name: str, password: str) -> None:
        """Give account ``name`` a new password; its web sessions end. Raises
        :class:`AccountError` for an unknown account or a password out of bounds."""
        record = self._existing(name)
        self.records.update(name, password_hash=cred.hash_password(password))
        self.records.end_sessions_of(record.id)

    def set_roles(self, name: str, roles: Iterable[str]) -> Account:
        """Replace the roles of account ``name`` (at least one, all defined)."""
        self._existing(name)
        held = self.policy.check_roles(roles)
        if not held:
            raise AccountError(f"account {name} needs at least one role")
        return to_account(self.records.set_roles(name, held))

    def set_pseudonym(self, name: str, pseudonym: str | None) -> Account:
        """Set (or with ``None`` remove) the public pseudonym of account ``name``."""
        self._existing(name)
        return to_account(self.records.update(name, pseudonym=cred.check_pseudonym(pseudonym)))

    def enable_totp(self, name: str) -> str:
        """Give account ``name`` a new TOTP secret and return it (base32; show it once, or as
        :func:`~netfreedom.accounts.credentials.totp_uri`). From now on sign-in asks for a code."""
        self._existing(name)
        secret = cred.new_totp_secret()
        self.records.update(name, totp_secret=secret)
        return secret

    def disable_totp(self, name: str) -> None:
        """Remove the TOTP second factor of account ``name``."""
        self._existing(name)
        self.records.update(name, totp_secret=None)

    def disable(self, name: str) -> None:
        """Disable account ``name``: no sign-in, its tokens and sessions stop working."""
        record = self._existing(name)
        self.records.update(name, disabled_at=self.clock())
        self.records.end_sessions_of(record.id)

    # -- signing in -------------------------------------------------------------------------

    def _locked_until(self, record: AccountRecord | None, address: str | None, now: datetime) -> datetime | None:
        ends: list[datetime] = []
        if record is not None and is_locked(record.locked_until, now):
            assert record.locked_until is not None
            ends.append(record.locked_until)
        if address:
            address_lock = self.records.address_lock(address)
            if is_locked(address_lock, now):
                assert address_lock is not None
                ends.append(address_lock)
        return max(ends) if ends else None

    def _fail(self, record: AccountRecord | None, address: str | None, now: datetime) -> LoginOutcome:
        ends: list[datetime] = []
        if record is not None:
            rule = self.account_rule
            count = self.records.count_account_failure(
                record.id, now, rule.window_start(now), timedelta(seconds=rule.lock_seconds), rule.max_failures
            )
            end = rule.locked_until(count.failures, now)
            if end is not None:
                ends.append(end)
        if address:
            rule = self.address_rule
            count = self.records.count_address_failure(
                address, now, rule.window_start(now), timedelta(seconds=rule.lock_seconds), rule.max_failures
            )
            end = rule.locked_until(count.failures, now)
            if end is not None:
                ends.append(end)
        if ends:
            return LoginOutcome(LoginStatus.LOCKED, retry_after=max(ends))
        return LoginOutcome(LoginStatus.REFUSED)

    def verify_login(self, name: str, password: str, address: str | None = None) -> LoginOutcome:
        """Check ``name`` and ``password`` signing in from client ``address`` (``None``: not
        known, e.g. the CLI). A locked account or address is refused without checking the
        password. A failure is counted for the account (when it exists) and the address. On
        success the account's failures are cleared, the hash is renewed when Argon2's
        parameters have moved on, and a session is started: complete (OK), or waiting for the
        TOTP code (SECOND_FACTOR) when the account has one."""
        now = self.clock()
        record = self.records.get(name) if cred._NAME.match(name) else None
        locked = self._locked_until(record, address, now)
        if locked is not None:
            return LoginOutcome(LoginStatus.LOCKED, retry_after=locked)
        usable = record is not None and record.disabled_at is None
        right = cred.verify_password(record.password_hash if usable and record else None, password)
        if not right or record is None:
            return self._fail(record, address, now)
        if record.failed_logins:
            self.records.clear_account_failures(record.id)
        if record.password_hash and cred.needs_rehash(record.password_hash):
            self.records.update(record.name, password_hash=cred.hash_password(password))
        account = to_account(record)
        self.tidy(now)
        if record.totp_secret is not None:
            cookie = self._start_session(record.id, complete=False, now=now)
            return LoginOutcome(LoginStatus.SECOND_FACTOR, account=account, session=cookie)
        return LoginOutcome(LoginStatus.OK, account=account, session=self._start_session(record.id, True, now))

    def verify_second_factor(self, session: str, code: str, address: str | None = None) -> LoginOutcome:
        """Check the TOTP ``code`` for the half-open ``session`` (from a SECOND_FACTOR
        outcome). Right: OK with a NEW session cookie value (the old one stops working). Wrong, or
        a code of a time step the account already used (a replayed code, or an older one):
        counted like a wrong password (so codes cannot be tried one by one), REFUSED or LOCKED;
        an unknown or expired session is REFUSED."""
        now = self.clock()
        state = self.records.session(cred.token_digest(session), now)
        if state is None or state.second_factor_done:
            return LoginOutcome(LoginStatus.REFUSED)
        record = state.account
        locked = self._locked_until(record, address, now)
        if locked is not None:
            return LoginOutcome(LoginStatus.LOCKED, retry_after=locked)
        step = None if record.totp_secret is None else cred.verify_totp(record.totp_secret, code, now)
        if record.disabled_at is not None or step is None or not self.records.use_totp_step(record.id, step):
            return self._fail(record, address, now)
        if record.failed_logins:
            self.records.clear_account_failures(record.id)
        new_cookie = cred.new_token(prefix="")
        self.records.complete_second_factor(cred.token_digest(session), cred.token_digest(new_cookie))
        return LoginOutcome(LoginStatus.OK, account=to_account(record), session=new_cookie)

    # -- sessions ---------------------------------------------------------------------------

    def tidy(self, now: datetime | None = None) -> None:
        """Delete expired sessions and address counters that no longer count (run on every
        successful sign-in, so the tables stay small without a separate job)."""
        moment = now or self.clock()
        self.records.purge_expired_sessions(moment)
        self.records.purge_stale_throttle(self.address_rule.window_start(moment), moment)

    def _start_session(self, account_id: int, complete: bool, now: datetime) -> str:
        cookie = cred.new_token(prefix="")
        lifetime = SESSION_LIFETIME if complete else SECOND_FACTOR_LIFETIME
        self.records.add_session(
            account_id, cred.token_digest(cookie), second_factor_done=complete, now=now, expires_at=now + lifetime
        )
        return cookie

    def session_state(self, session: str) -> SessionState | None:
        """The account behind a session cookie value, or ``None`` (unknown, expired, or the
        account disabled)."""
        if not session or len(session) > 128:
            return None
        state = self.records.session(cred.token_digest(session), self.clock())
        if state is None or state.account.disabled_at is not None:
            return None
        return SessionState(to_account(state.account), state.second_factor_done, state.expires_at)

    def session_account(self, session: str) -> Account | None:
        """The account of a COMPLETE session (signed in, TOTP done when it has one), or ``None``."""
        state = self.session_state(session)
        return state.account if state is not None and state.complete else None

    def end_session(self, session: str) -> None:
        """Sign out: the session stops working."""
        if session and len(session) <= 128:
            self.records.end_session(cred.token_digest(session))

    # -- API tokens -------------------------------------------------------------------------

    def issue_token(self, name: str, label: str | None = None) -> str:
        """A new API token for account ``name``; only its SHA-256 is stored, so this is the one
        time it can be read. Raises :class:`AccountError` for an unknown account."""
        record = self._existing(name)
        token = cred.new_token()
        self.records.add_token(
            record.id, cred.token_digest(token), token[: len(cred.TOKEN_PREFIX) + 6], label, self.clock()
        )
        return token

    def verify_token(self, token: str) -> Account | None:
        """The account an API token belongs to, or ``None`` (unknown, revoked, or the account
        disabled)."""
        if not token.startswith(cred.TOKEN_PREFIX) or len(token) > 128:
            return None
        record = self.records.account_for_token(cred.token_digest(token), self.clock())
        if record is None or record.disabled_at is not None:
            return None
        return to_account(record)

    def tokens(self, name: str) -> list[TokenRecord]:
        """The API tokens of account ``name`` (prefix, label, dates; never the token)."""
        self._existing(name)
        return self.records.tokens(name)

    def revoke_tokens(self, name: str, prefix: str | None = None) -> int:
        """Revoke the tokens of account ``name`` (only the one starting with ``prefix`` when
        given); returns how many."""
        self._existing(name)
        return self.records.revoke_tokens(name, self.clock(), prefix)
