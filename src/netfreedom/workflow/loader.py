"""Load and validate the workflow files shipped in this folder (``<id>.yaml``).

Each file is validated into a :class:`~netfreedom.workflow.spec.Workflow` when first asked
for; a broken or unknown one raises :class:`~netfreedom.errors.WorkflowError` naming the file
and the reason.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from pydantic import ValidationError

from netfreedom.errors import WorkflowError
from netfreedom.workflow.spec import Workflow

__all__ = ["DEFAULT_WORKFLOW", "available_workflows", "load_workflow", "parse_workflow"]

DEFAULT_WORKFLOW = "plain"
"""The workflow an edition uses when none is named."""


def available_workflows() -> tuple[str, ...]:
    """Ids of the workflow files shipped with the package, sorted."""
    folder = resources.files(__package__)
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


def parse_workflow(text: str, name: str = "<text>") -> Workflow:
    """Validate YAML ``text`` as a workflow; raises :class:`WorkflowError` (one line)."""
    try:
        return Workflow.model_validate(yaml.safe_load(text))
    except yaml.YAMLError as exc:
        raise WorkflowError(f"{name}: not valid YAML ({exc.__class__.__name__})") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise WorkflowError(f"{name}: {where}: {message}".replace(": : ", ": ")) from exc


@cache
def load_workflow(workflow_id: str = DEFAULT_WORKFLOW) -> Workflow:
    """The shipped workflow with this id; :class:`WorkflowError` when unknown or invalid."""
    if workflow_id not in available_workflows():
        raise WorkflowError(f"unknown workflow {workflow_id!r} (known: {', '.join(available_workflows())})")
    path = resources.files(__package__) / f"{workflow_id}.yaml"
    workflow = parse_workflow(path.read_text(encoding="utf-8"), path.name)
    if workflow.id != workflow_id:
        raise WorkflowError(f"{path.name}: id is {workflow.id!r}, expected {workflow_id!r}")
    return workflow
