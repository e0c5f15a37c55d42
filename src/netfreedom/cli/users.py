"""``users``: accounts, roles, passwords, second factor and API tokens.

Passwords are never arguments (they would stay in the shell history and the process list):
``users add`` and ``users password`` read :data:`PASSWORD_ENV` when set (for scripts), else
prompt twice without echo.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from netfreedom.cli.errors import fail, guard
from netfreedom.cli.output import OutputFormat, emit, output_options
from netfreedom.cli.support import console, database_option, open_store

PASSWORD_ENV = "NETFREEDOM_PASSWORD"
"""Environment variable a script sets to give ``users add`` / ``users password`` the password."""


def _roles_help() -> str:
    return "admin, editor, researcher, reviewer or translator (repeat for several)"


def _password(no_password: bool = False) -> str | None:
    if no_password:
        return None
    value = os.environ.get(PASSWORD_ENV)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        fail(f"no password: set {PASSWORD_ENV} or run in a terminal to be asked")
    entered: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return entered


@click.group()
def users() -> None:
    """Accounts of the people who write, review and publish reports.

    Roles: admin, editor, researcher, reviewer, translator (what each may do is in
    netfreedom/accounts/permissions.yaml).

    \b
    Example:
      netfreedom users add aigerim --role researcher --pseudonym "A. K."
      netfreedom users token aigerim > token.txt
    """


@users.command()
@click.argument("name")
@click.option("--role", "roles", multiple=True, required=True, help=_roles_help())
@click.option("--pseudonym", default=None, help="Name the person may be credited under publicly.")
@click.option("--no-password", is_flag=True, help="No password: the account works only through API tokens.")
@database_option
@guard
def add(name: str, roles: tuple[str, ...], pseudonym: str | None, no_password: bool, database_url: str | None) -> None:
    """Add an account (creates the store when there is none).

    The password comes from NETFREEDOM_PASSWORD when set, else from a prompt.

    \b
    Example:
      NETFREEDOM_PASSWORD=... netfreedom users add lena --role editor
    """
    from netfreedom.services.accounts import AccountService

    password = _password(no_password)
    with open_store(database_url, migrate=True) as store:
        account = AccountService(store).add_user(name, roles, pseudonym=pseudonym, password=password)
    click.echo(f"added {account.name} ({', '.join(sorted(account.roles))})", err=True)


@users.command()
@click.argument("name")
@click.option("--label", default=None, help="What the token is for (shown in lists).")
@database_option
@guard
def token(name: str, label: str | None, database_url: str | None) -> None:
    """Print a new API token for NAME, one line (only its SHA-256 is stored: keep it now).

    Send it as `Authorization: Bearer TOKEN`.

    \b
    Example:
      netfreedom users token aigerim --label laptop
    """
    from netfreedom.services.accounts import AccountService

    with open_store(database_url, must_exist=True) as store:
        value = AccountService(store).issue_token(name, label)
    click.echo(value)


@users.command(name="list")
@output_options
@database_option
@guard
def list_users(output: str, database_url: str | None) -> None:
    """List the accounts: name, roles, pseudonym, second factor.

    \b
    Example:
      netfreedom users list --nl
    """
    from netfreedom.services.accounts import AccountService

    with open_store(database_url, must_exist=True) as store:
        accounts = AccountService(store).list_users()
    table = output == OutputFormat.TABLE
    rows: list[dict[str, Any]] = [
        {
            "name": a.name,
            "roles": ", ".join(sorted(a.roles)) if table else sorted(a.roles),
            "pseudonym": a.pseudonym,
            "totp": ("on" if a.totp_enabled else "") if table else a.totp_enabled,
        }
        for a in accounts
    ]
    emit(
        rows,
        output,
        headings={"name": "Name", "roles": "Roles", "pseudonym": "Pseudonym", "totp": "Second factor"},
        empty="no accounts",
    )


@users.command()
@click.argument("name")
@database_option
@guard
def password(name: str, database_url: str | None) -> None:
    """Set the password of NAME (from NETFREEDOM_PASSWORD or a prompt); their web sessions end."""
    from netfreedom.services.accounts import AccountService

    with open_store(database_url, must_exist=True) as store:
        service = AccountService(store)
        service.existing(name)  # no account: say so before asking for a password
        value = _password()
        assert value is not None
        service.set_password(name, value)
    click.echo(f"password of {name} changed", err=True)


@users.command()
@click.argument("name")
@click.option("--role", "roles", multiple=True, required=True, help=_roles_help())
@database_option
@guard
def roles(name: str, roles: tuple[str, ...], database_url: str | None) -> None:
    """Replace the roles of NAME."""
    from netfreedom.services.accounts import AccountService

    with open_store(database_url, must_exist=True) as store:
        account = AccountService(store).set_roles(name, roles)
    click.echo(f"{account.name}: {', '.join(sorted(account.roles))}", err=True)


@users.command()
@click.argument("name")
@click.option("--pseudonym", default=None, help="The new pseudonym; leave out to remove it.")
@database_option
@guard
def pseudonym(name: str, pseudonym: str | None, database_url: str | None) -> None:
    """Set or remove the public pseudonym of NAME."""
    from netfreedom.services.accounts import AccountService

    with open_store(database_url, must_exist=True) as store:
        AccountService(store).set_pseudonym(name, pseudonym)


@users.command()
@click.argument("name")
@click.option("--off", is_flag=True, help="Remove the second factor.")
@database_option
@guard
def totp(name: str, off: bool, database_url: str | None) -> None:
    """Turn on the TOTP second factor for NAME and print its otpauth:// URI (one line; give it
    to the person's authenticator app), or turn it off with --off."""
    from netfreedom.accounts.credentials import totp_uri
    from netfreedom.services.accounts import AccountService

    with open_store(database_url, must_exist=True) as store:
        service = AccountService(store)
        if off:
            service.disable_totp(name)
            click.echo(f"second factor of {name} removed", err=True)
            return
        secret = service.enable_totp(name)
    click.echo(totp_uri(secret, name))


@users.command()
@click.argument("name")
@click.option("--token", "prefix", default=None, help="Only the token starting with this (as `users tokens` shows).")
@database_option
@guard
def revoke(name: str, prefix: str | None, database_url: str | None) -> None:
    """Revoke the API tokens of NAME (all, or the one given by --token)."""
    from netfreedom.services.accounts import AccountService

    with open_store(database_url, must_exist=True) as store:
        count = AccountService(store).revoke_tokens(name, prefix)
    click.echo(f"{count} token(s) of {name} revoked", err=True)


@users.command()
@click.argument("name")
@database_option
@guard
def tokens(name: str, database_url: str | None) -> None:
    """List the API tokens of NAME (their first characters, label, dates; never the token)."""
    from rich.table import Table

    from netfreedom.services.accounts import AccountService

    with open_store(database_url, must_exist=True) as store:
        found = AccountService(store).tokens(name)
    table = Table("token", "label", "created", "last used", "revoked")
    for t in found:
        table.add_row(
            f"{t.prefix}…",
            t.label or "",
            f"{t.created_at:%Y-%m-%d %H:%M}",
            f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "",
            f"{t.revoked_at:%Y-%m-%d}" if t.revoked_at else "",
        )
    console().print(table if found else "no tokens")
