"""Who may do what in a stage: a person's parties on one draft, checked against the workflow."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from netfreedom.workflow.spec import Action, Workflow

__all__ = ["Party", "allowed_actions", "may_act", "may_comment", "may_edit"]


@dataclass(frozen=True)
class Party:
    """What one account is on one draft: its roles, and whether it is the draft's assigned
    researcher or reviewer. :meth:`names` are the party names a workflow file lists."""

    roles: frozenset[str]
    is_researcher: bool = False
    is_reviewer: bool = False

    def names(self) -> frozenset[str]:
        """Role names plus ``researcher``/``reviewer`` when assigned (an account with the
        researcher role that is not assigned to this draft is not its ``researcher``)."""
        assigned = {"researcher"} if self.is_researcher else set()
        if self.is_reviewer:
            assigned.add("reviewer")
        unassigned_roles = self.roles - {"researcher", "reviewer"}
        return frozenset(unassigned_roles | assigned)


def _any(listed: Iterable[str], party: Party) -> bool:
    return bool(set(listed) & party.names())


def may_edit(workflow: Workflow, stage_id: str, party: Party) -> bool:
    """Whether ``party`` may change scores and text in stage ``stage_id``."""
    return _any(workflow.stage(stage_id).edit, party)


def may_comment(workflow: Workflow, stage_id: str, party: Party) -> bool:
    """Whether ``party`` may comment in stage ``stage_id`` (editing implies commenting)."""
    stage = workflow.stage(stage_id)
    return _any(stage.comment, party) or _any(stage.edit, party)


def may_act(action: Action, party: Party) -> bool:
    """Whether ``party`` is among those who may take ``action``."""
    return _any(action.by, party)


def allowed_actions(workflow: Workflow, stage_id: str, party: Party) -> tuple[Action, ...]:
    """The actions ``party`` may take in stage ``stage_id`` (gates not yet considered)."""
    return tuple(a for a in workflow.actions_from(stage_id) if may_act(a, party))
