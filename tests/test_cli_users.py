"""``netfreedom users`` and the secret-key rule of ``netfreedom serve``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from netfreedom.cli.main import cli
from netfreedom.services.accounts import AccountService
from netfreedom.store import Store


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NETFREEDOM_DATABASE_URL", raising=False)
    monkeypatch.setenv("NETFREEDOM_PASSWORD", "a password for scripts")
    return CliRunner()


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_users_add_token_list(runner: CliRunner, database_url: str) -> None:
    code, out, err = run(runner, "users", "add", "aigerim", "--role", "researcher", "--pseudonym", "A. K.",
                         "--database", database_url)  # fmt: skip
    assert code == 0 and out == "" and "added aigerim (researcher)" in err
    code, out, err = run(runner, "users", "token", "aigerim", "--database", database_url)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("nf_") and len(lines[0]) == 46
    with Store(database_url) as store:
        service = AccountService(store)
        account = service.verify_token(lines[0])
        assert account is not None and account.name == "aigerim" and account.pseudonym == "A. K."
        assert service.verify_login("aigerim", "a password for scripts").status == "ok"
    code, out, _ = run(runner, "users", "list", "--nl", "--database", database_url)
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == [
        {"name": "aigerim", "roles": ["researcher"], "pseudonym": "A. K.", "totp": False}
    ]


def test_users_errors_are_one_line(runner: CliRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "u.db")
    assert run(runner, "users", "add", "lena", "--role", "editor", "--database", db)[0] == 0
    for args, message, exit_code in [
        (["users", "add", "lena", "--role", "editor"], "Error: account lena exists\n", 2),
        (["users", "add", "max", "--role", "boss"], "Error: unknown role(s) boss", 2),
        (["users", "token", "nobody"], "Error: no account 'nobody'\n", 1),  # not in the store: docs/cli.md
    ]:
        code, out, err = run(runner, *args, "--database", db)
        assert code == exit_code and out == "" and err.startswith(message) and err.count("\n") == 1


def test_users_add_reads_no_password_from_a_pipe(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("NETFREEDOM_PASSWORD")
    code, _, err = run(runner, "users", "add", "lena", "--role", "editor", "--database", str(tmp_path / "u.db"))
    assert code == 2 and "NETFREEDOM_PASSWORD" in err


def test_serve_refuses_the_network_without_a_strong_secret(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NETFREEDOM_SECRET_KEY", raising=False)
    code, _, err = run(runner, "serve", "--host", "0.0.0.0")
    assert code == 2 and "refusing to serve on 0.0.0.0: NETFREEDOM_SECRET_KEY is not set" in err
    monkeypatch.setenv("NETFREEDOM_SECRET_KEY", "changeme")
    code, _, err = run(runner, "serve", "--host", "192.0.2.10")
    assert code == 2 and "well-known default" in err
    monkeypatch.setenv("NETFREEDOM_SECRET_KEY", "short-but-not-default")
    assert "shorter than 32" in run(runner, "serve", "--host", "::")[2]
    assert "NETFREEDOM_SECRET_KEY" in run(runner, "serve", "--help")[1]


def test_the_secret_rule_itself() -> None:
    from netfreedom.web.auth import SecretKeyError, is_loopback, secret_key

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.org")
    strong = "x" * 40
    assert secret_key("0.0.0.0", strong) == strong
    with pytest.raises(SecretKeyError):
        secret_key("0.0.0.0", "")
    assert len(secret_key("127.0.0.1", "")) >= 32  # loopback without a key: a random one
