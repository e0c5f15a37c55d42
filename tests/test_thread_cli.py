"""``netfreedom thread``: the reviewer's remark on a blind FOTN draft, answered and resolved from
the command line, names as each account may see them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from netfreedom.cli.main import cli
from netfreedom.services import drafting
from netfreedom.services.accounts import AccountService
from netfreedom.store import Store

from .conftest import make_assessment


@dataclass(frozen=True)
class _Person:
    name: str
    roles: frozenset[str]


_EDITOR = _Person("erin", frozenset({"editor"}))


def test_a_thread_from_the_command_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nf.db'}"
    with Store(url, migrate=True) as store:
        store.save(make_assessment(iso3="KAZ", edition=2022, total=32, previous_total=34))
        accounts = AccountService(store)
        accounts.add_user("rita", ["researcher"])
        accounts.add_user("vera", ["reviewer"])
        drafting.open_edition(store, 2023, _EDITOR, workflow="fotn")
        draft = drafting.new_draft(store, "KAZ", 2023, _EDITOR, researcher="rita", reviewer="vera")
        drafting.transition(store, draft.id, "submit", _Person("rita", frozenset({"researcher"})))
        drafting.transition(store, draft.id, "send_to_review", _EDITOR)
    run = CliRunner()
    db = ["--database", url]
    opened = run.invoke(cli, ["thread", "open", "KAZ", "2023", "Source for January?", "--indicator", "a3",
                              "--user", "vera", *db])  # fmt: skip
    assert opened.exit_code == 0, opened.output
    assert opened.output.startswith("thread 1 opened on A3 of KAZ 2023")
    refused = run.invoke(cli, ["thread", "resolve", "1", "--user", "rita", *db])
    assert refused.exit_code == 2 and refused.output.count("\n") == 1
    assert refused.output == "Error: only whoever opened thread 1, an editor or an admin may resolve it\n"
    assert run.invoke(cli, ["thread", "reply", "1", "Cited as footnote 12.", "--user", "rita", *db]).exit_code == 0
    listed = json.loads(run.invoke(cli, ["thread", "list", "KAZ", "2023", "--user", "rita", "--json", *db]).output)
    assert [(c["author"], c["text"]) for c in listed[0]["thread"]] == [
        ("Reviewer 1", "Source for January?"),
        ("rita", "Cited as footnote 12."),
    ]
    seen_by_vera = run.invoke(cli, ["thread", "list", "KAZ", "2023", "--user", "vera", "--json", *db]).output
    assert "rita" not in seen_by_vera and "Researcher" in seen_by_vera
    resolved = run.invoke(cli, ["thread", "resolve", "1", "--user", "vera", *db])
    assert resolved.exit_code == 0 and resolved.output.strip() == "thread 1: resolved"
