"""Editorial workflows as data: stages, who may act in each, actions and where they lead.

``load_workflow("plain")`` gives the shipped plain flow draft -> submitted -> approved ->
published with ``return`` back to draft. Code asks a workflow what is allowed
(:func:`allowed_actions`, :func:`may_edit`) and never names a stage itself.
"""

from netfreedom.workflow.loader import DEFAULT_WORKFLOW, available_workflows, load_workflow, parse_workflow
from netfreedom.workflow.rules import Party, allowed_actions, may_act, may_comment, may_edit
from netfreedom.workflow.spec import ASSIGNED_PARTIES, Action, Gate, Stage, Workflow

__all__ = [
    "ASSIGNED_PARTIES",
    "DEFAULT_WORKFLOW",
    "Action",
    "Gate",
    "Party",
    "Stage",
    "Workflow",
    "allowed_actions",
    "available_workflows",
    "load_workflow",
    "may_act",
    "may_comment",
    "may_edit",
    "parse_workflow",
]
