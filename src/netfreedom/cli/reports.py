"""``check``, ``ingest`` and ``show``: reading reports and score tables, storing them, and
showing what is stored."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

import click

from netfreedom.cli.errors import EXIT_FINDINGS, EXIT_USAGE, F, fail, guard
from netfreedom.cli.support import (
    EDITION,
    console,
    country_code,
    database_option,
    dump,
    existing_store,
    json_option,
    language_option,
    open_store,
    reader_option,
)

if TYPE_CHECKING:
    from rich.progress import Progress
    from rich.table import Table

    from netfreedom.services.reports import FileOutcome, Tally


def paths_argument(function: F) -> F:
    """The shared ``PATHS...`` argument: report files, folders or quoted shell-style globs."""
    return click.argument("paths", nargs=-1, required=True, metavar="PATHS...")(function)


def _error_line(outcome: FileOutcome) -> str:
    """A failed outcome as one line that names the file (and the item in a JSON file)."""
    message = outcome.error or "nothing could be read"
    path = outcome.path
    if not outcome.where and (str(path) in message or path.name in message):
        return message
    return f"{outcome.label}: {message}"


def _error_json(outcome: FileOutcome) -> str:
    document: dict[str, Any] = {"file": str(outcome.path), "error": outcome.error}
    if outcome.where:
        document["item"] = outcome.where
    return json.dumps(document, ensure_ascii=False)


def _progress(as_json: bool, count: int) -> Progress:
    """A transient progress bar for batches of two or more inputs (none with --json)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[name]}", style="dim"),
        console=console(),
        disable=as_json or count < 2,
        transient=True,
    )


def batch_exit_code(tally: Tally) -> int:
    """Exit code of a batch: 2 when an input could not be read, else 1 when a report has
    error-level findings or was deliberately not stored, else 0."""
    from netfreedom.services.reports import State

    if tally.total(State.FAILED):
        return EXIT_USAGE
    return EXIT_FINDINGS if tally.total(State.PARTIAL) or tally.total(State.NOT_STORED) else 0


def _summary_table(tally: Tally) -> Table:
    """Counts per reader family: read (no error-level finding), partial, failed, and a total row."""
    from rich.table import Table

    table = Table(title="by reader")
    for name in ("reader", "read", "partial", "failed", "total"):
        table.add_column(name, justify="left" if name == "reader" else "right")
    rows = tally.rows()
    for index, (reader, read, partial, failed) in enumerate(rows):
        last = index == len(rows) - 1
        table.add_row(
            reader,
            str(read),
            str(partial),
            str(failed),
            str(read + partial + failed),
            style="bold" if last else None,
            end_section=index == len(rows) - 2,
        )
    return table


@click.command()
@paths_argument
@json_option
@reader_option
@database_option
@guard
def check(paths: tuple[str, ...], as_json: bool, reader: str | None, database_url: str | None) -> None:
    """Read reports and run the checks; store nothing.

    PATHS are report files (text, HTML, PDF, or JSON exported by `export --format json` or
    printed by `check --json`), folders (searched recursively for *.txt, *.html, *.htm,
    *.pdf, *.json, *.jsonl, *.csv, *.xlsx, *.ods) or quoted shell-style globs such as
    "reports/**/*.html"; a CSV/XLSX/ODS score table is read and its row problems listed.
    Exit 0 when no finding is an error, 1 when one is, 2 when a file is unreadable. With several reports
    and --json, prints one JSON object per line; without --json, a summary per reader
    follows.

    \b
    Example:
      netfreedom check ../shared/seeds/000_a76c731e3ec3b3b8.txt --json
    """
    from netfreedom.cli.render import print_assessment
    from netfreedom.cli.score_tables import check_table
    from netfreedom.services.reports import (
        Tally,
        check_file,
        expand_inputs,
        is_score_table,
    )

    inputs = expand_inputs(paths)
    store = existing_store(database_url)
    tally = Tally()
    try:
        with _progress(as_json, len(inputs)) as progress:
            task = progress.add_task("checking", total=len(inputs), name="")
            for item in inputs:
                progress.update(task, name=item.path.name)
                if item.problem is None and is_score_table(item.path):
                    check_table(item.path, tally, as_json)
                    progress.advance(task)
                    continue
                outcomes = check_file(item, store=store, reader=reader)
                progress.advance(task)
                tally.add(outcomes)
                for outcome in outcomes:
                    if outcome.error is not None or outcome.assessment is None:
                        if as_json:
                            click.echo(_error_json(outcome))
                        else:
                            click.echo(f"Error: {_error_line(outcome)}", err=True)
                    elif as_json:
                        click.echo(dump(outcome.assessment))
                    else:
                        print_assessment(progress.console, outcome.assessment)
    finally:
        if store is not None:
            store.close()
    if not as_json and tally.total() > 1:
        console().print(_summary_table(tally))
    sys.exit(batch_exit_code(tally))


MAX_TABLE_ROWS = 200
"""Rows of the ingest table beyond which only inputs with problems are listed."""


@click.command()
@paths_argument
@json_option
@click.option("--show", is_flag=True, help="Also print each stored assessment with its findings.")
@reader_option
@database_option
@click.option(
    "--replace-better",
    is_flag=True,
    help="Store a copy even when it has more error-level findings than the stored copy.",
)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Score tables: read COLUMN as FIELD (country, iso3, edition, status, total, A, A1, scale...).",
)
@click.option(
    "--scale",
    type=click.Choice(["legacy", "current"]),
    default=None,
    help="Score tables: the scale of rows nothing in the file decides (legacy = 0 best; current = 100 best).",
)
@click.option("--sheet", default=None, help="Score tables: the XLSX sheet to read (default: the first).")
@guard
def ingest(
    paths: tuple[str, ...],
    as_json: bool,
    show: bool,
    reader: str | None,
    database_url: str | None,
    replace_better: bool,
    mapping: tuple[str, ...],
    scale: str | None,
    sheet: str | None,
) -> None:
    """Read, check and store reports, each in one transaction.

    PATHS as for check: files (text, HTML, PDF), folders, quoted globs, and JSON files
    from `export --format json` or `check --json`, whose assessments are stored as they are
    (provenance and findings kept). CSV/XLSX score tables (one row per country and edition)
    are imported as per-value observations with their provenance (--map, --scale, --sheet).
    Re-ingesting an unchanged report changes nothing; a changed one replaces the stored
    version and keeps the old one in history. A copy of a stored report from another file
    with more error-level findings is not stored (--replace-better stores it). Prints a table
    of what was stored and a summary per reader (read / partial / failed). Exit codes as for
    check (docs/cli.md).

    \b
    Example:
      netfreedom ingest ../shared/seeds/*.txt "reports/**/*.html" export.json
    """
    from netfreedom.cli.render import print_assessment
    from netfreedom.cli.score_tables import import_table, parse_mapping
    from netfreedom.model.assessment import severity_counts
    from netfreedom.services.reports import (
        Tally,
        expand_inputs,
        ingest_file,
        is_score_table,
    )

    columns = parse_mapping(mapping)
    inputs = expand_inputs(paths)
    hidden = 0
    tally = Tally()
    rows: list[tuple[str, str, str, str, str, str]] = []
    # A batch in which no input can be read creates no store.
    usable = any(item.problem is None for item in inputs)
    opened = open_store(database_url, migrate=True, announce=not as_json) if usable else nullcontext(None)
    with opened as store, _progress(as_json, len(inputs)) as progress:
        task = progress.add_task("ingesting", total=len(inputs), name="")
        for item in inputs:
            progress.update(task, name=item.path.name)
            if item.problem is None and is_score_table(item.path):
                rows.append(import_table(store, item.path, columns, scale, sheet, tally, as_json))  # type: ignore[arg-type]
                progress.advance(task)
                continue
            outcomes = ingest_file(item, store, reader=reader, replace_better=replace_better)  # type: ignore[arg-type]
            progress.advance(task)
            tally.add(outcomes)
            for outcome in outcomes:
                name = f"{outcome.path.name} {outcome.where}" if outcome.where else outcome.path.name
                a = outcome.assessment
                if outcome.error is not None or a is None or outcome.saved is None:
                    if as_json:
                        click.echo(_error_json(outcome))
                    else:
                        click.echo(f"Error: {_error_line(outcome)}", err=True)
                    rows.append(
                        (name, "not stored" if outcome.assessment else "failed", "", "", "", outcome.error or "")
                    )
                    continue
                if as_json:
                    document = a.model_dump(mode="json")
                    document["ingest"] = {"action": outcome.saved.action, "revision": outcome.saved.revision}
                    click.echo(json.dumps(document, ensure_ascii=False))
                elif show:
                    print_assessment(progress.console, a)
                counts = {s.value: n for s, n in severity_counts(a.findings).items()}
                if len(rows) >= MAX_TABLE_ROWS and not counts["error"]:
                    hidden += 1  # keep memory flat on big folders: only problems are listed past the cap
                    continue
                action: str = outcome.saved.action
                if outcome.saved.duplicate_of:
                    action = f"{action} of {outcome.saved.duplicate_of}"
                if a.partial:
                    action = f"{action}, partial"
                rows.append(
                    (
                        name,
                        action,
                        f"{a.country.iso3 if a.country else '?'} {a.edition}",
                        a.language,
                        f"{a.total}" if a.total is not None else "?",
                        f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info",
                    )
                )
    if not as_json:
        from rich.table import Table

        table = Table(title=f"ingested into {store.url}" if store is not None else "nothing ingested")
        for name in ("file", "result", "assessment", "language", "total", "findings"):
            table.add_column(name, overflow="fold")
        for row in rows:
            table.add_row(*row)
        if hidden:
            table.caption = f"and {hidden} more stored without error-level findings (see the summary below)"
        out = console()
        out.print(table)
        out.print(_summary_table(tally))
    sys.exit(batch_exit_code(tally))


@click.command()
@click.argument("country")
@click.option("--edition", type=EDITION, default=None, help="Edition year (default: the latest stored).")
@language_option
@json_option
@database_option
@guard
def show(country: str, edition: int | None, language: str | None, as_json: bool, database_url: str | None) -> None:
    """Show a stored assessment with its findings, or the scorecard of a table-only country.

    COUNTRY is a name in English or Russian, or an ISO code. Without a stored report of the
    edition (and without --language), the scorecard from score tables or news values is
    shown. Exit 1 when nothing is stored.

    \b
    Example:
      netfreedom show Kazakhstan --edition 2022
    """
    from netfreedom.cli.render import print_assessment, print_scorecard

    iso3 = country_code(country)

    from netfreedom.services.reports import with_current_findings

    with open_store(database_url, must_exist=True) as store:
        assessment = store.get(iso3, edition=edition, language=language)
        card = store.scorecard(iso3, edition) if assessment is None and language is None else None
        if card is not None and edition is None and card.has_report:  # latest report stands
            assessment = store.get(iso3, edition=card.edition)
        if assessment is not None:
            assessment = with_current_findings(store, assessment)
        scores_only = store.scorecard(iso3, edition) if assessment is None and language is not None else None
        where = store.url
    if assessment is None and card is not None:
        if as_json:
            click.echo(card.model_dump_json(indent=2))
        else:
            print_scorecard(console(), card)
        return
    if assessment is None:
        what = " ".join(str(x) for x in (iso3, edition, f"({language})" if language else None) if x is not None)
        if scores_only is not None and not scores_only.has_report:  # `show Россия --language ru`
            fail(
                f"no stored report for {what} in {where}; its {scores_only.edition} scores come from a "
                f"{'news value' if scores_only.source_kind == 'news' else 'score table'}: run without --language",
                EXIT_FINDINGS,
            )
        fail(f"no stored assessment for {what} in {where}", EXIT_FINDINGS)
    if as_json:
        click.echo(dump(assessment))
    else:
        print_assessment(console(), assessment)
