"""People, roles and permissions: pure rules, no database (layer 3).

:class:`Account` is the signed-in person as other code sees it; :func:`load_policy` gives the
permission policy (``permissions.yaml``: which role may do which action);
:mod:`~netfreedom.accounts.credentials` hashes passwords and tokens and checks TOTP codes;
:mod:`~netfreedom.accounts.throttle` says when failed sign-ins lock an account or an address.
Storing accounts is :mod:`netfreedom.store.accounts`; the operations (add a user, sign in,
issue a token) are :mod:`netfreedom.services.accounts`.
"""

from .errors import AccountError, PolicyError, UnknownAccountError
from .model import Account
from .policy import POLICY_FILE, Policy, load_policy, parse_policy, read_policy


def roles() -> tuple[str, ...]:
    """The roles the shipped policy defines, in file order (``admin``, ``editor``, ...)."""
    return tuple(load_policy().roles)


__all__ = [
    "POLICY_FILE",
    "Account",
    "AccountError",
    "Policy",
    "PolicyError",
    "load_policy",
    "parse_policy",
    "read_policy",
    "roles",
    "UnknownAccountError",
]
