"""``draft transition`` and ``draft actions``: move a draft through its edition's workflow from
the command line, acting as ``--user NAME`` with that account's roles.

The same service and rules as the API's ``POST /api/v1/drafts/{id}/transitions`` and the draft
page's buttons (:func:`netfreedom.services.draft_workflow.transition`): the workflow file
(``netfreedom workflow show NAME``) says which actions each stage offers and who may take them;
gates (blocking findings, open threads) refuse an action with the reasons. Refusals are one
line on stderr: an action the stage does not offer or that is not the user's (with the actions
the user may take now) exits 2, a gate exits 1 (the job found problems: the blocking findings
or open threads are named).
"""

from __future__ import annotations

import json

import click

from netfreedom.cli.errors import EXIT_FINDINGS, fail, guard
from netfreedom.cli.output import emit, output_options, wants_json
from netfreedom.cli.support import ROW_ID, database_option, open_store

__all__ = ["actions_command", "transition_command"]


def _user_option(function):  # type: ignore[no-untyped-def]
    return click.option("--user", "user_name", metavar="NAME", required=True, help="Account name of who acts.")(
        function
    )


@click.command("transition")
@click.argument("country")
@click.argument("year", metavar="EDITION", type=click.IntRange(2000, 2999))
@click.argument("action")
@_user_option
@click.option("--revision", type=ROW_ID, help="Refuse unless the draft is still at this revision.")
@click.option("--json", "as_json", is_flag=True, help="Print the draft's stage, revision and findings as JSON.")
@database_option
@guard
def transition_command(
    country: str, year: int, action: str, user_name: str, revision: int | None, as_json: bool, database_url: str | None
) -> None:
    """Take workflow ACTION (e.g. submit, approve, publish) on COUNTRY's draft of EDITION as --user.

    The actions are those of the edition's workflow (netfreedom workflow show NAME);
    `netfreedom draft actions COUNTRY EDITION --user NAME` lists those the user may take now.

    \b
    Example:
      netfreedom draft transition KAZ 2025 submit --user rita
    """
    from netfreedom.cli.drafts import _user
    from netfreedom.errors import DraftRuleError
    from netfreedom.model.countries import resolve_country
    from netfreedom.services.draft_workflow import transition
    from netfreedom.store.drafts import DraftStore

    with open_store(database_url, must_exist=True) as store:
        person = _user(store, user_name)
        found = DraftStore(store).find_draft(resolve_country(country).iso3, year)
        before = found.state
        try:
            moved, findings = transition(store, found.id, action.strip(), person, revision=revision)
        except DraftRuleError as exc:
            fail(str(exc), EXIT_FINDINGS)
    if as_json:
        data = {
            "id": moved.id,
            "state": moved.state,
            "revision": moved.revision,
            "published_revision": moved.published_revision,
            "findings": [f.model_dump(mode="json") for f in findings],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    line = f"draft {moved.id}: {moved.iso3} {moved.edition} {action.strip()}: {before} -> {moved.state}"
    line += f", revision {moved.revision}"
    if moved.published_revision is not None and moved.published_revision != found.published_revision:
        line += f"; published as report revision {moved.published_revision}"
    click.echo(line)


@click.command("actions")
@click.argument("country")
@click.argument("year", metavar="EDITION", type=click.IntRange(2000, 2999))
@_user_option
@output_options
@database_option
@guard
def actions_command(country: str, year: int, user_name: str, output: str | None, database_url: str | None) -> None:
    """List the workflow actions --user may take on COUNTRY's draft of EDITION in its stage now
    (gates are checked when the action is taken).

    \b
    Example:
      netfreedom draft actions KAZ 2025 --user rita
    """
    from netfreedom.cli.drafts import _user
    from netfreedom.model.countries import resolve_country
    from netfreedom.services.draft_access import draft_for
    from netfreedom.services.draft_workflow import available_actions
    from netfreedom.store.drafts import DraftStore

    with open_store(database_url, must_exist=True) as store:
        person = _user(store, user_name)
        found = DraftStore(store).find_draft(resolve_country(country).iso3, year)
        draft = draft_for(store, found.id, person)
    rows = [
        {"action": a.id, "label": a.label.get("en", a.id), "to": a.to, "gates": ", ".join(g.value for g in a.gate)}
        for a in available_actions(draft, person)
    ]
    title = f"{draft.iso3} {draft.edition} draft {draft.id}: stage {draft.state}, revision {draft.revision}"
    if wants_json(output) or rows:
        emit(rows, output, title=title)
    else:
        click.echo(f"{title}: no action is yours to take now")
