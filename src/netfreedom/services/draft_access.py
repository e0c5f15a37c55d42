"""Who may read a draft, what party a person is on it, and which name they are shown for
someone else: the shared ground of :mod:`netfreedom.services.drafting`,
:mod:`netfreedom.services.draft_workflow` and :mod:`netfreedom.services.draft_threads`.

Blind review: a draft whose workflow has a blind stage (``blind: true`` in the workflow file)
keeps its researcher and its reviewer anonymous to each other for the draft's whole life, in
every stage, so that nothing seen later (an audit line of the first draft, a reply during
reconciliation) reveals who the other was. The researcher sees ``Reviewer 1``, the reviewer
sees ``Researcher``; editors and admins see account names. Every name shown to a person
passes through :func:`shown_name`, which calls the one door
:func:`netfreedom.model.identity.identity_for_viewer`.
"""

from __future__ import annotations

from typing import Protocol

from netfreedom.errors import N_, PermissionDeniedError
from netfreedom.model.drafting import Draft
from netfreedom.model.identity import Cast, identity_for_viewer
from netfreedom.store import Store
from netfreedom.store.drafts import DraftStore
from netfreedom.workflow import Party, load_workflow

__all__ = [
    "MANAGERS",
    "Actor",
    "cast_of",
    "draft_for",
    "is_blind_draft",
    "is_manager",
    "party_of",
    "require_manager",
    "shown_name",
]

MANAGERS = frozenset({"editor", "admin"})
"""Roles that open editions and drafts, read every draft and its audit trail."""


class Actor(Protocol):
    """Who acts: an account name and its roles (``editor``, ``researcher`` ...)."""

    @property
    def name(self) -> str: ...

    @property
    def roles(self) -> frozenset[str]: ...


def party_of(draft: Draft, actor: Actor) -> Party:
    """What ``actor`` is on ``draft``: roles, and whether assigned researcher or reviewer."""
    return Party(
        roles=frozenset(actor.roles),
        is_researcher=actor.name == draft.researcher,
        is_reviewer=draft.reviewer is not None and actor.name == draft.reviewer,
    )


def is_manager(actor: Actor) -> bool:
    """Whether ``actor`` holds the editor or admin role."""
    return bool(MANAGERS & set(actor.roles))


def require_manager(actor: Actor, refusal: str) -> None:
    """:class:`PermissionDeniedError` with the message template ``refusal`` (marked with ``N_``:
    ``"opening an edition needs the editor or admin role"``) unless ``actor`` is an editor or admin."""
    if not is_manager(actor):
        raise PermissionDeniedError(refusal)


def may_read(draft: Draft, actor: Actor) -> bool:
    """Editors, admins and the draft's assigned researcher and reviewer read a draft."""
    return is_manager(actor) or actor.name in {draft.researcher, draft.reviewer}


def draft_for(store: Store, draft_id: int, actor: Actor) -> Draft:
    """The draft, if ``actor`` may read it (editors, admins, its researcher and reviewer);
    else :class:`PermissionDeniedError`. ``NotFoundError`` when there is no such draft."""
    draft = DraftStore(store).draft(draft_id)
    if not may_read(draft, actor):
        raise PermissionDeniedError(N_("draft {id} is not assigned to {account}"), id=draft_id, account=actor.name)
    return draft


def cast_of(draft: Draft) -> Cast:
    """The draft's researcher and reviewers (``Reviewer 1`` is the draft's reviewer)."""
    return Cast.of(draft.researcher, draft.reviewer)


def is_blind_draft(draft: Draft) -> bool:
    """Whether the draft's workflow has a blind stage (then the whole draft is blind between
    its researcher and reviewer: see the module docstring)."""
    return any(stage.blind for stage in load_workflow(draft.workflow).stages)


def shown_name(draft: Draft, actor_name: str | None, viewer: str | None) -> str | None:
    """The name ``viewer`` (an account name; ``None``: unknown, never sees a hidden name) is
    shown for ``actor_name`` on ``draft``; ``None`` stays ``None``."""
    if actor_name is None:
        return None
    return identity_for_viewer(actor_name, viewer, cast_of(draft), blind=is_blind_draft(draft))
