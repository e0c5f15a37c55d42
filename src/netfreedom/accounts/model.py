"""The account as the rest of netfreedom sees it: no password hash, no secrets."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Account(BaseModel):
    """A signed-in person (or script, through a token).

    ``id`` is the store's key; ``name`` the account (login) name, never shown on the public
    site; ``roles`` a subset of :data:`netfreedom.accounts.ROLES`; ``pseudonym`` the name under
    which the person may be credited publicly (``None``: not credited by name).
    """

    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    roles: frozenset[str] = Field(default_factory=frozenset)
    pseudonym: str | None = None
    totp_enabled: bool = False

    def has_role(self, role: str) -> bool:
        """Whether the account holds ``role``."""
        return role in self.roles

    @property
    def public_name(self) -> str | None:
        """What the public site may print for this person: the pseudonym, or ``None``."""
        return self.pseudonym
