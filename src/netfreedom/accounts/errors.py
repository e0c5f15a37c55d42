"""Errors of accounts, roles and sign-in."""

from __future__ import annotations

from ..errors import N_, InputError, NetfreedomError, NotFoundError


class AccountError(InputError):
    """An account operation cannot be done: unknown account or role, a name already taken, a
    password too short. The message is one line, fit to print after ``error:``."""

    code = "invalid_account"


class UnknownAccountError(AccountError, NotFoundError):
    """No account has the name given (``name``): the store does not hold it. Web and API
    answer 404 ``unknown_account``; the command line exits 1, as for anything else the
    store does not hold (``docs/cli.md``). The message is ``no account 'NAME'``."""

    status = 404
    code = "unknown_account"

    def __init__(self, name: str) -> None:
        super().__init__(N_("no account '{name}'"), name=name)
        self.name = name


class PolicyError(NetfreedomError):
    """The permission policy file is invalid, or code asked for a permission it does not define
    (a programming error: it answers 500)."""

    code = "invalid_policy"
