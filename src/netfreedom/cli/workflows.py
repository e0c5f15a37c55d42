"""``workflow``: the review workflows shipped with netfreedom, as data (``workflow/*.yaml``).

``workflow list`` prints one row per workflow (the shared ``--table/--json/--nl/--csv``
options); ``workflow show [NAME]`` prints the stages (who edits, who comments, blind, final)
and the actions (from, to, by whom, gates) of one workflow, or with ``--json`` the whole
validated workflow as one JSON object in the file's own shape.
"""

from __future__ import annotations

import json

import click

from netfreedom.cli.errors import guard
from netfreedom.cli.output import emit, output_options

LIST_COLUMNS = ("id", "title", "stages", "blind_stages", "default")


@click.group()
def workflow() -> None:
    """Show the review workflows an edition can be opened with.

    \b
    Example:
      netfreedom workflow show fotn --json
    """


@workflow.command("list")
@output_options
@guard
def list_workflows(output: str | None) -> None:
    """List the shipped workflows: id, title, stages, blind stages.

    \b
    Example:
      netfreedom workflow list --csv
    """
    from netfreedom.workflow import DEFAULT_WORKFLOW, available_workflows, load_workflow

    rows = []
    for workflow_id in available_workflows():
        spec = load_workflow(workflow_id)
        rows.append(
            {
                "id": spec.id,
                "title": spec.title.get("en", ""),
                "stages": " → ".join(s.id for s in spec.stages),
                "blind_stages": ", ".join(s.id for s in spec.stages if s.blind),
                "default": spec.id == DEFAULT_WORKFLOW,
            }
        )
    emit(rows, output, title="Workflows", columns=LIST_COLUMNS)


@workflow.command("show")
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the whole workflow as one JSON object.")
@guard
def show_workflow(name: str | None, as_json: bool) -> None:
    """Show workflow NAME (default: the plain one): stages, who acts, actions and gates.

    \b
    Example:
      netfreedom workflow show fotn
    """
    from netfreedom.workflow import DEFAULT_WORKFLOW, load_workflow

    spec = load_workflow(name or DEFAULT_WORKFLOW)
    if as_json:
        click.echo(json.dumps(spec.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    from netfreedom.cli.support import console

    stages = Table(title=f"{spec.id}: {spec.title.get('en', '')} — stages (initial: {spec.initial})")
    for heading in ("stage", "label", "edit", "comment", "blind", "final"):
        stages.add_column(heading, overflow="fold")
    for stage in spec.stages:
        stages.add_row(
            stage.id,
            stage.label.get("en", ""),
            ", ".join(stage.edit),
            ", ".join(stage.comment),
            "yes" if stage.blind else "",
            "yes" if stage.final else "",
        )
    actions = Table(title="actions")
    for heading in ("action", "from", "to", "by", "gates", "publishes"):
        actions.add_column(heading, overflow="fold")
    for action in spec.actions:
        actions.add_row(
            action.id,
            ", ".join(action.from_),
            action.to,
            ", ".join(action.by),
            ", ".join(g.value for g in action.gate),
            "yes" if action.publishes else "",
        )
    console().print(stages)
    console().print(actions)
