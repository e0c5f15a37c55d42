"""``netfreedom workflow list/show`` and the shipped workflow files (validated at load)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from netfreedom.cli.main import cli
from netfreedom.errors import WorkflowError
from netfreedom.workflow import load_workflow, parse_workflow


def test_workflow_list_has_both_shipped_workflows() -> None:
    result = CliRunner().invoke(cli, ["workflow", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.output)}
    assert set(rows) == {"fotn", "plain"}
    assert rows["plain"]["default"] is True and rows["fotn"]["blind_stages"] == "peer_review, reconciliation"
    csv = CliRunner().invoke(cli, ["workflow", "list", "--csv"])
    assert csv.output.splitlines()[0] == "id,title,stages,blind_stages,default"


def test_workflow_show_json_is_the_file_shape() -> None:
    result = CliRunner().invoke(cli, ["workflow", "show", "fotn", "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert [s["id"] for s in shown["stages"]] == [
        "draft", "staff_check", "peer_review", "reconciliation", "approval", "published",
    ]  # fmt: skip
    back_to_draft = next(a for a in shown["actions"] if a["id"] == "return")
    assert back_to_draft["from"] == ["staff_check", "peer_review", "reconciliation", "approval"]
    assert parse_workflow(json.dumps(shown)) == load_workflow("fotn")  # reads back as the same workflow
    table = CliRunner().invoke(cli, ["workflow", "show", "fotn"])
    assert table.exit_code == 0 and "peer_review" in table.output and "threads" in table.output


def test_workflow_show_unknown_is_one_line() -> None:
    result = CliRunner().invoke(cli, ["workflow", "show", "nope"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == ["Error: unknown workflow 'nope' (known: fotn, plain)"]


def test_peer_review_is_blind_and_comment_only() -> None:
    fotn = load_workflow("fotn")
    review = fotn.stage("peer_review")
    assert review.blind and review.edit == () and "reviewer" in review.comment
    gates = {a.id: {g.value for g in a.gate} for a in fotn.actions}
    assert gates["reconcile"] == {"findings", "threads"} and gates["publish"] == {"findings", "threads"}


def test_a_gate_the_spec_does_not_know_is_refused() -> None:
    text = json.dumps(load_workflow("fotn").model_dump(mode="json", by_alias=True)).replace('"threads"', '"votes"')
    with pytest.raises(WorkflowError, match="gate"):
        parse_workflow(text, "broken.yaml")
