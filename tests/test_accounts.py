"""Accounts in the store: secrets never in clear, throttling, TOTP, tokens, policy as data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import create_engine, text

from netfreedom.accounts import AccountError, PolicyError, load_policy, parse_policy, roles
from netfreedom.accounts.credentials import totp_now
from netfreedom.services.accounts import AccountService, LoginStatus
from netfreedom.store import Store

PASSWORD = "correct horse battery staple"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(store: Store, clock: Clock) -> AccountService:
    return AccountService(store, clock=clock)


def rows(database_url: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return [tuple(r) for r in connection.execute(text(sql))]
    finally:
        engine.dispose()


def test_the_shipped_policy_names_the_five_roles_and_who_publishes() -> None:
    assert roles() == ("admin", "editor", "researcher", "reviewer", "translator")
    policy = load_policy()
    assert policy.allows({"editor"}, "drafts.publish") and not policy.allows({"researcher"}, "drafts.publish")
    assert policy.allows({"researcher"}, "drafts.edit") and not policy.allows({"reviewer"}, "drafts.edit")
    assert not policy.allows({"translator"}, "drafts.edit")
    with pytest.raises(PolicyError, match="unknown permission"):
        policy.allows({"admin"}, "drafts.dance")


def test_a_policy_naming_an_undescribed_role_does_not_load() -> None:
    with pytest.raises(PolicyError, match="unknown role"):
        parse_policy({"roles": {"editor": "edits"}, "permissions": {"drafts.publish": ["boss"]}})
    with pytest.raises(PolicyError, match="held by no role"):
        parse_policy({"roles": {"editor": "edits"}, "permissions": {"drafts.publish": []}})


def test_passwords_tokens_and_sessions_are_never_stored_in_clear(service: AccountService, database_url: str) -> None:
    service.add_user("aigerim", ["researcher"], pseudonym="A. K.", password=PASSWORD)
    token = service.issue_token("aigerim", "laptop")
    outcome = service.verify_login("aigerim", PASSWORD, "192.0.2.7")
    assert outcome.status is LoginStatus.OK and outcome.session
    dump = repr(rows(database_url, "SELECT * FROM accounts"))
    dump += repr(rows(database_url, "SELECT * FROM api_tokens"))
    dump += repr(rows(database_url, "SELECT * FROM web_sessions"))
    for secret in (PASSWORD, token, outcome.session, token.removeprefix("nf_")):
        assert secret not in dump
    [(password_hash,)] = rows(database_url, "SELECT password_hash FROM accounts")
    assert str(password_hash).startswith("$argon2id$")
    [(digest, prefix)] = rows(database_url, "SELECT token_sha256, prefix FROM api_tokens")
    import hashlib

    assert digest == hashlib.sha256(token.encode()).hexdigest() and token.startswith(str(prefix))
    assert service.verify_token(token) == service.get("aigerim")
    assert service.verify_token(token + "x") is None


def test_account_names_roles_and_passwords_are_checked(service: AccountService) -> None:
    with pytest.raises(AccountError, match="unknown role"):
        service.add_user("lena", ["boss"], password=PASSWORD)
    with pytest.raises(AccountError, match="too short"):
        service.add_user("lena", ["editor"], password="short")
    with pytest.raises(AccountError, match="bad account name"):
        service.add_user("lena smith", ["editor"], password=PASSWORD)
    service.add_user("lena", ["editor", "reviewer"], password=PASSWORD)
    with pytest.raises(AccountError, match="exists"):
        service.add_user("lena", ["editor"], password=PASSWORD)
    account = service.get("lena")
    assert account is not None and account.roles == frozenset({"editor", "reviewer"})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(
    service: AccountService, clock: Clock, database_url: str
) -> None:
    service.add_user("lena", ["editor"], password=PASSWORD)
    statuses = [service.verify_login("lena", "wrong password!", f"198.51.100.{i}").status for i in range(5)]
    assert statuses == [LoginStatus.REFUSED] * 4 + [LoginStatus.LOCKED]
    assert rows(database_url, "SELECT failed_logins FROM accounts") == [(5,)]
    locked = service.verify_login("lena", PASSWORD, "203.0.113.1")
    assert locked.status is LoginStatus.LOCKED and locked.session is None
    clock.advance(minutes=16)
    assert service.verify_login("lena", PASSWORD, "203.0.113.1").status is LoginStatus.OK
    assert rows(database_url, "SELECT failed_logins FROM accounts") == [(0,)]


def test_one_address_trying_many_accounts_is_locked(service: AccountService, clock: Clock) -> None:
    service.add_user("lena", ["editor"], password=PASSWORD)
    address = "198.51.100.9"
    statuses = [service.verify_login(f"someone{i}", "guess guess guess", address).status for i in range(20)]
    assert statuses[:19] == [LoginStatus.REFUSED] * 19 and statuses[19] is LoginStatus.LOCKED
    assert service.verify_login("lena", PASSWORD, address).status is LoginStatus.LOCKED
    assert service.verify_login("lena", PASSWORD, "198.51.100.10").status is LoginStatus.OK
    clock.advance(minutes=16)
    assert service.verify_login("lena", PASSWORD, address).status is LoginStatus.OK


def test_two_services_on_one_database_share_the_counts(store: Store, database_url: str, clock: Clock) -> None:
    """Several server processes: each has its own service, the counts are in the database."""
    with Store(database_url) as other_store:
        first, second = AccountService(store, clock=clock), AccountService(other_store, clock=clock)
        first.add_user("lena", ["editor"], password=PASSWORD)
        for service in (first, second, first, second):
            assert service.verify_login("lena", "wrong password!", None).status is LoginStatus.REFUSED
        assert second.verify_login("lena", "wrong password!", None).status is LoginStatus.LOCKED
        assert first.verify_login("lena", PASSWORD, None).status is LoginStatus.LOCKED


def test_totp_is_a_second_step_and_a_wrong_code_counts_as_a_failure(service: AccountService, clock: Clock) -> None:
    service.add_user("lena", ["editor"], password=PASSWORD)
    secret = service.enable_totp("lena")
    first = service.verify_login("lena", PASSWORD, None)
    assert first.status is LoginStatus.SECOND_FACTOR and first.session
    assert service.session_account(first.session) is None  # half-open: grants nothing
    assert service.verify_second_factor(first.session, "000000").status is LoginStatus.REFUSED
    code = pyotp.TOTP(secret).at(clock.now)
    done = service.verify_second_factor(first.session, code)
    assert done.status is LoginStatus.OK and done.session and done.session != first.session
    assert service.session_account(done.session) == service.get("lena")
    assert service.session_account(first.session) is None  # the pre-code cookie is dead


def _second_step(service: AccountService, code: str) -> LoginStatus:
    half_open = service.verify_login("lena", PASSWORD, None)
    assert half_open.status is LoginStatus.SECOND_FACTOR and half_open.session
    return service.verify_second_factor(half_open.session, code).status


def test_a_totp_code_is_accepted_once_within_its_window(
    service: AccountService, clock: Clock, database_url: str
) -> None:
    """A code seen by someone else (over a shoulder, in a proxy log) cannot sign in again, even
    while it is still valid; nor can the code of an earlier step once a later one was used."""
    service.add_user("lena", ["editor"], password=PASSWORD)
    secret = service.enable_totp("lena")
    totp = pyotp.TOTP(secret)
    code = totp.at(clock.now)
    assert _second_step(service, code) is LoginStatus.OK
    assert _second_step(service, code) is LoginStatus.REFUSED  # the same code, same 30 s step
    clock.advance(seconds=30)  # still inside the one-step drift window, yet used
    assert totp.verify(code, for_time=clock.now, valid_window=1)
    assert _second_step(service, code) is LoginStatus.REFUSED
    assert _second_step(service, totp.at(clock.now)) is LoginStatus.OK  # the next step's code works
    earlier = totp.at(clock.now - timedelta(seconds=30))
    assert _second_step(service, earlier) is LoginStatus.REFUSED  # older than the last one used
    step = rows(database_url, "SELECT totp_last_step FROM accounts WHERE name = 'lena'")[0][0]
    assert step == totp.timecode(clock.now)
    service.disable_totp("lena")
    secret = service.enable_totp("lena")  # a new secret starts afresh
    assert rows(database_url, "SELECT totp_last_step FROM accounts WHERE name = 'lena'")[0][0] is None
    assert _second_step(service, pyotp.TOTP(secret).at(clock.now)) is LoginStatus.OK


def test_a_half_open_session_expires_after_five_minutes(service: AccountService, clock: Clock) -> None:
    service.add_user("lena", ["editor"], password=PASSWORD)
    secret = service.enable_totp("lena")
    first = service.verify_login("lena", PASSWORD, None)
    assert first.session
    clock.advance(minutes=6)
    clock_code = pyotp.TOTP(secret).at(clock.now)
    assert service.verify_second_factor(first.session, clock_code).status is LoginStatus.REFUSED
    assert totp_now(secret).isdigit()


def test_password_change_ends_sessions_and_revoked_tokens_stop(service: AccountService) -> None:
    service.add_user("lena", ["editor"], password=PASSWORD)
    session = service.verify_login("lena", PASSWORD, None).session
    token = service.issue_token("lena")
    assert session and service.session_account(session) is not None
    service.set_password("lena", "another long password")
    assert service.session_account(session) is None
    assert service.revoke_tokens("lena") == 1
    assert service.verify_token(token) is None


def test_the_policy_file_is_package_data() -> None:
    import netfreedom.accounts

    assert (Path(netfreedom.accounts.__file__).parent / "permissions.yaml").is_file()


def test_a_sign_in_tidies_expired_sessions_and_old_address_counters(
    service: AccountService, clock: Clock, database_url: str
) -> None:
    service.add_user("lena", ["editor"], password=PASSWORD)
    assert service.verify_login("lena", PASSWORD, None).session
    assert service.verify_login("nobody", "wrong password!", "198.51.100.1").status is LoginStatus.REFUSED
    assert rows(database_url, "SELECT count(*) FROM web_sessions") == [(1,)]
    assert rows(database_url, "SELECT count(*) FROM login_throttle") == [(1,)]
    clock.advance(hours=13)
    assert service.verify_login("lena", PASSWORD, None).status is LoginStatus.OK
    assert rows(database_url, "SELECT count(*) FROM web_sessions") == [(1,)]  # only the new one
    assert rows(database_url, "SELECT count(*) FROM login_throttle") == [(0,)]
