"""Errors of accounts, roles and sign-in."""

from __future__ import annotations


class AccountError(Exception):
    """An account operation cannot be done: unknown account or role, a name already taken, a
    password too short, a policy file that does not validate. The message is one line, fit to
    print after ``error:``."""


class PolicyError(AccountError):
    """The permission policy file is invalid, or code asked for a permission it does not define."""
