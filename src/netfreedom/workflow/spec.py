"""Typed shape of a workflow file (``plain.yaml``, ``fotn.yaml``): stages, who acts in each, actions.

A workflow is data. Each stage names who may edit the draft's scores and text there
(``edit``) and who may comment (``comment``), whether it is blind (reviewers' and
researchers' names hidden from each other: used by staged review), and whether it is final
(published). Each action leads ``from`` one or more stages ``to`` one, may be taken ``by``
the parties listed, may be gated (``gate: [findings]``: refused while the draft has blocking
findings; ``gate: [threads]``: refused while a comment thread is open) and may publish the
draft (``publishes``).

A party is ``researcher`` or ``reviewer`` (the draft's assigned researcher or reviewer) or a
role name (``editor``, ``admin``, ...): any account holding that role.

The validators keep the invariants: unique ids; the initial stage exists; every action's
stages exist; at least one final stage and no action leaving one; a publishing action leads
to a final stage; every stage is reachable from the initial one.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["ASSIGNED_PARTIES", "Action", "Gate", "Stage", "Workflow"]

ASSIGNED_PARTIES = frozenset({"researcher", "reviewer"})
"""Parties that mean the draft's assigned person rather than every holder of a role."""

_ID = r"^[a-z][a-z0-9_-]{0,31}$"
LocalizedText = dict[str, str]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Gate(StrEnum):
    """What must hold before an action is taken: ``findings`` = no blocking finding (error-level
    check findings, and score changes without a note whose numbers agree); ``threads`` = every
    comment thread on the draft (on an indicator or on the whole draft) is resolved."""

    FINDINGS = "findings"
    THREADS = "threads"


class Stage(_Frozen):
    """One stage a draft can be in."""

    id: str = Field(pattern=_ID)
    label: LocalizedText
    edit: tuple[str, ...] = ()
    comment: tuple[str, ...] = ()
    blind: bool = False
    final: bool = False


class Action(_Frozen):
    """One action: from which stages, to which, by whom, behind which gates."""

    id: str = Field(pattern=_ID)
    label: LocalizedText
    from_: tuple[str, ...] = Field(alias="from", min_length=1)
    to: str
    by: tuple[str, ...] = Field(min_length=1)
    gate: tuple[Gate, ...] = ()
    publishes: bool = False


class Workflow(_Frozen):
    """A whole workflow: its stages (in display order) and actions."""

    id: str = Field(pattern=_ID)
    title: LocalizedText
    initial: str
    stages: tuple[Stage, ...] = Field(min_length=2)
    actions: tuple[Action, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Workflow:
        stage_ids = [s.id for s in self.stages]
        if len(set(stage_ids)) != len(stage_ids):
            raise ValueError("stage ids must be unique")
        action_ids = [a.id for a in self.actions]
        if len(set(action_ids)) != len(action_ids):
            raise ValueError("action ids must be unique")
        known = set(stage_ids)
        if self.initial not in known:
            raise ValueError(f"initial stage {self.initial!r} is not a stage")
        finals = {s.id for s in self.stages if s.final}
        if not finals:
            raise ValueError("no final stage")
        if self.initial in finals:
            raise ValueError("the initial stage cannot be final")
        for action in self.actions:
            for stage in (*action.from_, action.to):
                if stage not in known:
                    raise ValueError(f"action {action.id!r} names unknown stage {stage!r}")
            if finals & set(action.from_):
                raise ValueError(f"action {action.id!r} leaves a final stage")
            if action.publishes and action.to not in finals:
                raise ValueError(f"action {action.id!r} publishes but does not lead to a final stage")
        reached, frontier = {self.initial}, [self.initial]
        while frontier:
            here = frontier.pop()
            for action in self.actions:
                if here in action.from_ and action.to not in reached:
                    reached.add(action.to)
                    frontier.append(action.to)
        if unreachable := [s for s in stage_ids if s not in reached]:
            raise ValueError(f"stages not reachable from {self.initial!r}: {', '.join(unreachable)}")
        return self

    def stage(self, stage_id: str) -> Stage:
        """The stage with this id; ``KeyError`` when the workflow has none."""
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(stage_id)

    def action(self, action_id: str) -> Action:
        """The action with this id; ``KeyError`` when the workflow has none."""
        for action in self.actions:
            if action.id == action_id:
                return action
        raise KeyError(action_id)

    def actions_from(self, stage_id: str) -> tuple[Action, ...]:
        """The actions that may be taken in stage ``stage_id``, in file order."""
        return tuple(a for a in self.actions if stage_id in a.from_)
