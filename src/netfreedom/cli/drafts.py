"""``edition`` and ``draft``: write the next edition from the command line, online or offline.

Who acts: ``edition open`` and ``draft new`` act as the operator of the database (the
``admin`` role); ``draft set`` and ``draft import`` act as ``--user NAME`` with that account's
roles, and the workflow decides what they may do (in the plain workflow only the draft's
assigned researcher edits, while the draft is in ``draft``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from netfreedom.cli.errors import EXIT_FINDINGS, guard
from netfreedom.cli.output import emit, output_options, wants_json
from netfreedom.cli.support import database_option, open_store, read_input_file

if TYPE_CHECKING:
    from netfreedom.model.drafting import Draft
    from netfreedom.store import Store

OPERATOR = "cli"
"""The name the command line acts under for ``edition open`` and ``draft new``."""


@dataclass(frozen=True)
class _Person:
    name: str
    roles: frozenset[str]


def _operator() -> _Person:
    return _Person(OPERATOR, frozenset({"admin"}))


def _user(store: Store, name: str) -> _Person:
    """The account ``name`` with its roles (``netfreedom users add``);
    :class:`~netfreedom.accounts.UnknownAccountError` (exit 1) when there is no such account."""
    from netfreedom.services.accounts import AccountService

    account = AccountService(store).existing(name)
    return _Person(account.name, frozenset(account.roles))


@click.group()
def edition() -> None:
    """Open an edition for writing; its dashboard and consistency across countries.

    \b
    Example:
      netfreedom edition open 2025 --database netfreedom.db
    """


@edition.command("open")
@click.argument("year", metavar="EDITION", type=click.IntRange(2000, 2999))
@click.option("--methodology", help="Methodology id (default: the one in force for the year).")
@click.option(
    "--workflow", default="plain", show_default=True, help="Workflow id (a YAML file of netfreedom/workflow)."
)
@database_option
@guard
def open_edition(year: int, methodology: str | None, workflow: str, database_url: str | None) -> None:
    """Open EDITION for writing (coverage period: June 1 of the year before to May 31). Idempotent.

    \b
    Example:
      netfreedom edition open 2025
    """
    from netfreedom.services import drafting

    with open_store(database_url, migrate=True) as store:
        opened = drafting.open_edition(store, year, _operator(), methodology=methodology, workflow=workflow)
    click.echo(
        f"edition {opened.edition} open: methodology {opened.methodology}, workflow {opened.workflow}, "
        f"coverage {opened.coverage.start} to {opened.coverage.end}"
    )


@click.group()
def draft() -> None:
    """Start, show, edit, export and import drafts of an edition.

    \b
    Example:
      netfreedom draft new KAZ 2025 --researcher rita --reviewer victor
    """


@draft.command("new")
@click.argument("country")
@click.argument("year", metavar="EDITION", type=click.IntRange(2000, 2999))
@click.option("--researcher", metavar="NAME", required=True, help="Account name of the researcher who writes it.")
@click.option("--reviewer", metavar="NAME", help="Account name of the reviewer.")
@click.option("--language", help="Language of the earlier report to start from (default: English when stored).")
@click.option(
    "--revise-published",
    is_flag=True,
    help="Allow a draft for an edition whose report is already published: publishing it stores a new revision.",
)
@database_option
@guard
def new(
    country: str,
    year: int,
    researcher: str,
    reviewer: str | None,
    language: str | None,
    revise_published: bool,
    database_url: str | None,
) -> None:
    """Start COUNTRY's draft of EDITION as a copy of its latest stored report before it.

    Last year's scores are those of the previous published edition from any source (report,
    workbook, score-table row), which may be newer than the report copied. An edition whose
    report is already published is refused unless --revise-published.

    \b
    Example:
      netfreedom draft new Kazakhstan 2025 --researcher rita
    """
    from netfreedom.services import drafting

    with open_store(database_url) as store:
        made = drafting.new_draft(
            store,
            country,
            year,
            _operator(),
            researcher=researcher,
            reviewer=reviewer,
            language=language,
            revise_published=revise_published,
        )
        over = drafting.published_over(store, made)
    base = f"based on the {made.base.edition} report" if made.base is not None else "empty: no earlier report stored"
    click.echo(f"draft {made.id}: {made.iso3} {made.edition} ({made.language}), {base}, revision {made.revision}")
    click.echo(last_year_line(made))
    if over:
        versions = ", ".join(f"{code} revision {revision}" for code, revision in over.items())
        click.echo(
            f"Warning: {made.iso3} {made.edition} already has a published report ({versions}); "
            "publishing this draft stores a new revision over it",
            err=True,
        )


def last_year_line(made: Draft) -> str:
    """One line naming last year's scorecard of a draft and the level changes are checked at."""
    from netfreedom.methodology import previous_edition

    last = made.last_year
    if last is None:
        return f"last year: nothing stored for {previous_edition(made.edition)}; score changes are not checked"
    scores = ", ".join([f"total {last.total}"] + [f"{k} {v}" for k, v in sorted(last.categories.items())])
    if last.indicators:
        level = f"{len(last.indicators)} indicator scores"
    elif last.categories:
        level = "no indicator scores: changes checked per category"
    else:
        level = "changes checked by the total"
    line = f"last year: {last.edition} ({last.source_kind}, {last.source_name}): {scores}; {level}"
    if made.base is not None and not made.base_is_last_year:
        line += f"; the {made.base.edition} report is not last year's"
    return line


@draft.command("show")
@click.argument("country")
@click.argument("year", metavar="EDITION", type=click.IntRange(2000, 2999))
@output_options
@database_option
@guard
def show(country: str, year: int, output: str, database_url: str | None) -> None:
    """Show a draft: stage, revision and every indicator (--json: the whole draft).

    \b
    Example:
      netfreedom draft show KAZ 2025 --json
    """
    from netfreedom.model.countries import resolve_country
    from netfreedom.services.draft_report import draft_assessment, draft_findings
    from netfreedom.store.drafts import DraftStore

    with open_store(database_url) as store:
        found = DraftStore(store).find_draft(resolve_country(country).iso3, year)
    if wants_json(output):
        assessment = draft_assessment(found)
        data = {
            **assessment.model_dump(mode="json"),
            "id": found.id,
            "state": found.state,
            "revision": found.revision,
            "researcher": found.researcher,
            "reviewer": found.reviewer,
            "draft": found.public_view(),
            "last_year": None if found.last_year is None else found.last_year.model_dump(mode="json"),
            "base_edition": None if found.base is None else found.base.edition,
            "findings": [f.model_dump(mode="json") for f in draft_findings(found)],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    rows = [
        {
            "indicator": i.id,
            "score": i.score,
            "last_year": i.previous_score,
            "change_note": i.change_note or "",
            "carried_over": i.carried_over,
        }
        for i in found.indicators
    ]
    title = f"{found.iso3} {found.edition} draft {found.id}: {found.state}, revision {found.revision}"
    if (output or "table") == "table":
        click.echo(last_year_line(found))
    emit(rows, output, title=title)


@draft.command("set")
@click.argument("country")
@click.argument("year", metavar="EDITION", type=click.IntRange(2000, 2999))
@click.argument("indicator")
@click.option("--score", type=int, help="The new score (the methodology's range).")
@click.option("--note", help="Score-change note, e.g. 'The score declined from 1 to 0 because ...'.")
@click.option("--user", "user_name", metavar="NAME", required=True, help="Account name of who makes the change.")
@database_option
@guard
def set_(
    country: str,
    year: int,
    indicator: str,
    score: int | None,
    note: str | None,
    user_name: str,
    database_url: str | None,
) -> None:
    """Set one indicator's score and/or score-change note as the next revision.

    \b
    Example:
      netfreedom draft set KAZ 2025 A3 --score 0 --note "The score declined from 1 to 0 ..." --user rita
    """
    from netfreedom.model.countries import resolve_country
    from netfreedom.services import drafting
    from netfreedom.store.drafts import DraftStore

    if score is None and note is None:
        raise click.UsageError("give --score, --note or both")
    with open_store(database_url) as store:
        found = DraftStore(store).find_draft(resolve_country(country).iso3, year)
        edit = drafting.IndicatorEdit(found.revision, score=score, change_note=note)
        saved = drafting.set_indicator(store, found.id, indicator, _user(store, user_name), edit)
    changed = saved.indicator(indicator)
    last = "unknown" if changed.previous_score is None else changed.previous_score
    click.echo(f"{changed.id}: score {changed.score} (last year {last}), revision {saved.revision}")


@draft.command("export")
@click.argument("country")
@click.argument("year", metavar="EDITION", type=click.IntRange(2000, 2999))
@click.option(
    "-o", "--output", "path", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write."
)
@database_option
@guard
def export(country: str, year: int, path: Path, database_url: str | None) -> None:
    """Write a draft as text in the published report layout, to edit offline; the file
    records the revision it came from (draft import merges against it).

    \b
    Example:
      netfreedom draft export KAZ 2025 -o kaz-2025.txt
    """
    from netfreedom.model.countries import resolve_country
    from netfreedom.services.draft_offline import export_text
    from netfreedom.store.drafts import DraftStore

    with open_store(database_url) as store:
        found = DraftStore(store).find_draft(resolve_country(country).iso3, year)
    path.write_text(export_text(found), encoding="utf-8")
    click.echo(f"wrote {path}: draft {found.id}, revision {found.revision}")


@draft.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "user_name", metavar="NAME", required=True, help="Account name of who makes the changes.")
@output_options
@database_option
@guard
def import_(path: Path, user_name: str, output: str, database_url: str | None) -> None:
    """Apply an edited export with a three-way merge against the revision it came from.
    Changes to different indicators merge; conflicting ones are listed (exit 1) and not applied.

    \b
    Example:
      netfreedom draft import kaz-2025.txt --user rita
    """
    from netfreedom.services.draft_offline import import_text

    data = read_input_file(path)
    with open_store(database_url) as store:
        outcome = import_text(store, data, _user(store, user_name), str(path))
    rows = [{"field": name, "result": "applied"} for name in outcome.applied]
    rows += [
        {"field": f"{c.indicator}.{c.field}", "result": "conflict", "file": c.file, "store": c.store}
        for c in outcome.conflicts
    ]
    title = (
        f"draft {outcome.draft.id}: exported at revision {outcome.exported_revision}, now {outcome.draft.revision}; "
        f"{len(outcome.applied)} applied, {len(outcome.conflicts)} conflicting"
    )
    emit(rows, output, title=title)
    if outcome.conflicts:
        raise SystemExit(EXIT_FINDINGS)


def _add_dashboard_commands() -> None:
    from netfreedom.cli.dashboard import consistency_command, dashboard_command

    edition.add_command(dashboard_command)
    edition.add_command(consistency_command)
    from netfreedom.cli.draft_transitions import actions_command, transition_command

    draft.add_command(transition_command)
    draft.add_command(actions_command)


_add_dashboard_commands()
