"""Errors of accounts, roles and sign-in."""

from __future__ import annotations

from ..errors import InputError, NetfreedomError


class AccountError(InputError):
    """An account operation cannot be done: unknown account or role, a name already taken, a
    password too short. The message is one line, fit to print after ``error:``."""

    code = "invalid_account"


class PolicyError(NetfreedomError):
    """The permission policy file is invalid, or code asked for a permission it does not define
    (a programming error: it answers 500)."""

    code = "invalid_policy"
