"""Roles and permissions as data: which role may do which action.

The policy lives in ``permissions.yaml`` next to this module (:data:`POLICY_FILE`) and is
validated when loaded. ``load_policy()`` returns the shipped policy (cached);
``policy.allows(account.roles, "drafts.edit")`` answers one question; ``policy.check(name)``
raises for a permission the file does not define, so a misspelt name fails where it is written
rather than silently refusing everyone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from .errors import AccountError, PolicyError

POLICY_FILE = "permissions.yaml"
"""The shipped policy, a package resource of ``netfreedom.accounts``."""

_NAME = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"


class Policy(BaseModel):
    """The validated policy: ``roles`` (role → description) and ``permissions`` (permission →
    the roles that hold it)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    roles: dict[str, str]
    permissions: dict[str, frozenset[str]]

    @field_validator("roles")
    @classmethod
    def _role_names(cls, roles: dict[str, str]) -> dict[str, str]:
        if not roles:
            raise ValueError("no roles defined")
        for role in roles:
            if not re.match(r"^[a-z][a-z0-9_]*$", role):
                raise ValueError(f"bad role name {role!r} (lower-case letters, digits, _)")
        return roles

    @field_validator("permissions")
    @classmethod
    def _permission_names(cls, permissions: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
        for name, holders in permissions.items():
            if not re.match(_NAME, name):
                raise ValueError(f"bad permission name {name!r} (dotted lower-case words)")
            if not holders:
                raise ValueError(f"permission {name} is held by no role")
        return permissions

    @model_validator(mode="after")
    def _known_roles(self) -> Policy:
        for name, holders in self.permissions.items():
            unknown = sorted(holders - self.roles.keys())
            if unknown:
                raise ValueError(f"permission {name} names unknown role(s): {', '.join(unknown)}")
        return self

    def check(self, permission: str) -> str:
        """``permission`` itself; raises :class:`PolicyError` when the policy does not define it."""
        if permission not in self.permissions:
            raise PolicyError(f"unknown permission {permission!r} (not in {POLICY_FILE})")
        return permission

    def allows(self, roles: Iterable[str], permission: str) -> bool:
        """Whether any of ``roles`` holds ``permission`` (raises :class:`PolicyError` for an
        undefined permission)."""
        return not self.permissions[self.check(permission)].isdisjoint(roles)

    def allows_all(self, roles: Iterable[str], permissions: Iterable[str]) -> bool:
        """Whether ``roles`` together hold every one of ``permissions``."""
        held = frozenset(roles)
        return all(self.allows(held, p) for p in permissions)

    def permissions_of(self, roles: Iterable[str]) -> frozenset[str]:
        """Every permission that ``roles`` hold."""
        held = frozenset(roles)
        return frozenset(p for p, holders in self.permissions.items() if not holders.isdisjoint(held))

    def check_roles(self, roles: Iterable[str]) -> frozenset[str]:
        """``roles`` as a frozenset; raises :class:`AccountError` (bad input) naming any role not
        defined."""
        given = frozenset(roles)
        unknown = sorted(given - self.roles.keys())
        if unknown:
            raise AccountError(f"unknown role(s) {', '.join(unknown)} (roles: {', '.join(self.roles)})")
        return given


def parse_policy(data: Mapping[str, Any], source: str = POLICY_FILE) -> Policy:
    """Validate a policy mapping; raises :class:`PolicyError` naming ``source`` and the first problem."""
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise PolicyError(f"{source}: {where + ': ' if where else ''}{first.get('msg')}") from exc


def read_policy(path: Path) -> Policy:
    """Load and validate a policy file at ``path`` (YAML)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PolicyError(f"{path}: cannot read policy ({str(exc).splitlines()[0]})") from exc
    if not isinstance(data, Mapping):
        raise PolicyError(f"{path}: a policy is a mapping with 'roles' and 'permissions'")
    return parse_policy(data, str(path))


@cache
def load_policy() -> Policy:
    """The shipped policy (:data:`POLICY_FILE`), validated once per process."""
    text = (resources.files(__package__) / POLICY_FILE).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, Mapping):
        raise PolicyError(f"{POLICY_FILE}: a policy is a mapping with 'roles' and 'permissions'")
    return parse_policy(data)
