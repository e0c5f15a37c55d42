"""The ``netfreedom`` command line: thin shells over the library.

Exit codes (part of the interface): 0 success; 1 the job found errors (an error-level
finding, or nothing stored for a ``show``); 2 bad usage or unreadable input.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.table import Table

from . import __version__
from .checks import iter_rules
from .countries import UnknownCountryError, resolve_country
from .methodology import CURRENT, available_methodologies, load_methodology
from .model import Assessment

if TYPE_CHECKING:
    from rich.progress import Progress

    from .pipeline import FileOutcome, Tally

# The store (SQLAlchemy, Alembic), exports and the pipeline are imported inside the commands
# that use them, so that --help and the light commands start fast.

from .cli_support import (
    EDITION,
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    F,
    console,
    database_option,
    display,
    dump,
    existing_store,
    fail,
    guard,
    json_option,
    language_option,
    open_store,
    reader_option,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="netfreedom")
def cli() -> None:
    """Read, check, store and export Freedom on the Net assessments.

    \b
    Example:
      netfreedom check report.txt --json
    """


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
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        TextColumn("{task.fields[name]}", style="dim"),
        console=console(), disable=as_json or count < 2, transient=True,
    )


def _summary_table(tally: Tally) -> Table:
    """Counts per reader family: read (no error-level finding), partial, failed, and a total row."""
    table = Table(title="by reader")
    for name in ("reader", "read", "partial", "failed", "total"):
        table.add_column(name, justify="left" if name == "reader" else "right")
    rows = tally.rows()
    for index, (reader, read, partial, failed) in enumerate(rows):
        last = index == len(rows) - 1
        table.add_row(reader, str(read), str(partial), str(failed), str(read + partial + failed),
                      style="bold" if last else None, end_section=index == len(rows) - 2)
    return table


@cli.command()
@paths_argument
@json_option
@reader_option
@database_option
@guard
def check(paths: tuple[str, ...], as_json: bool, reader: str | None, database_url: str | None) -> None:
    """Read reports and run the checks; store nothing.

    PATHS are report files (text, HTML, PDF, or JSON exported by `export --format json` or
    printed by `check --json`), folders (searched recursively for *.txt, *.html, *.htm,
    *.pdf, *.json, *.jsonl, *.csv, *.xlsx) or quoted shell-style globs such as "reports/**/*.html";
    a CSV/XLSX score table is read and its row problems listed. Exit 0 when no
    finding is an error, 1 when one is, 2 when a file is unreadable. With several reports
    and --json, prints one JSON object per line; without --json, a summary per reader
    follows.

    \b
    Example:
      netfreedom check ../shared/seeds/000_a76c731e3ec3b3b8.txt --json
    """
    from .cli_tables import check_table
    from .pipeline import Tally, check_file, expand_inputs, is_score_table
    from .render import print_assessment

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
    sys.exit(tally.exit_code)


MAX_TABLE_ROWS = 200
"""Rows of the ingest table beyond which only inputs with problems are listed."""


@cli.command()
@paths_argument
@json_option
@click.option("--show", is_flag=True, help="Also print each stored assessment with its findings.")
@reader_option
@database_option
@click.option("--replace-better", is_flag=True,
              help="Store a copy even when it has more error-level findings than the stored copy.")
@click.option("--map", "mapping", multiple=True, metavar="COLUMN=FIELD",
              help="Score tables: read COLUMN as FIELD (country, iso3, edition, status, total, A, A1, scale...).")
@click.option("--scale", type=click.Choice(["legacy", "current"]), default=None,
              help="Score tables: the scale of rows that do not say (legacy = 0 best; current = 100 best).")
@click.option("--sheet", default=None, help="Score tables: the XLSX sheet to read (default: the first).")
@guard
def ingest(
    paths: tuple[str, ...], as_json: bool, show: bool, reader: str | None, database_url: str | None,
    replace_better: bool, mapping: tuple[str, ...], scale: str | None, sheet: str | None,
) -> None:
    """Read, check and store reports, each in one transaction.

    PATHS as for ``check``: files (text, HTML, PDF), folders, quoted globs, and JSON files
    from `export --format json` or `check --json`, whose assessments are stored as they are
    (provenance and findings kept). CSV/XLSX score tables (one row per country and edition)
    are imported as per-value observations with their provenance (--map, --scale, --sheet).
    Re-ingesting an unchanged report changes nothing; a changed one replaces the stored
    version and keeps the old one in history. A copy of a stored report from another file
    with more error-level findings is not stored (--replace-better stores it). Prints a table
    of what was stored and a summary per reader (read / partial / failed). Exit codes as for
    ``check``.

    \b
    Example:
      netfreedom ingest ../shared/seeds/*.txt "reports/**/*.html" export.json
    """
    from .cli_tables import import_table, parse_mapping
    from .pipeline import Tally, expand_inputs, ingest_file, is_score_table
    from .render import print_assessment

    columns = parse_mapping(mapping)
    inputs = expand_inputs(paths)
    hidden = 0
    tally = Tally()
    rows: list[tuple[str, str, str, str, str, str]] = []
    with open_store(database_url) as store, _progress(as_json, len(inputs)) as progress:
        task = progress.add_task("ingesting", total=len(inputs), name="")
        for item in inputs:
            progress.update(task, name=item.path.name)
            if item.problem is None and is_score_table(item.path):
                rows.append(import_table(store, item.path, columns, scale, sheet, tally, as_json))
                progress.advance(task)
                continue
            outcomes = ingest_file(item, store, reader=reader, replace_better=replace_better)
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
                    rows.append((name, "not stored" if outcome.assessment else "failed", "", "", "", outcome.error or ""))
                    continue
                if as_json:
                    document = a.model_dump(mode="json")
                    document["ingest"] = {"action": outcome.saved.action, "revision": outcome.saved.revision}
                    click.echo(json.dumps(document, ensure_ascii=False))
                elif show:
                    print_assessment(progress.console, a)
                counts = {s: sum(1 for f in a.findings if f.severity.value == s) for s in ("error", "warning", "info")}
                if len(rows) >= MAX_TABLE_ROWS and not counts["error"]:
                    hidden += 1  # keep memory flat on big folders: only problems are listed past the cap
                    continue
                action: str = outcome.saved.action
                if outcome.saved.duplicate_of:
                    action = f"{action} of {outcome.saved.duplicate_of}"
                rows.append((
                    name,
                    action,
                    f"{a.country.iso3} {a.edition}",
                    a.language,
                    f"{a.total}" if a.total is not None else "?",
                    f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info",
                ))
    if not as_json:
        table = Table(title=f"ingested into {store.url}")
        for name in ("file", "result", "assessment", "language", "total", "findings"):
            table.add_column(name, overflow="fold")
        for row in rows:
            table.add_row(*row)
        if hidden:
            table.caption = f"and {hidden} more stored without error-level findings (see the summary below)"
        out = console()
        out.print(table)
        out.print(_summary_table(tally))
    sys.exit(tally.exit_code)


@cli.command()
@click.argument("country")
@click.option("--edition", type=EDITION, default=None, help="Edition year (default: the latest stored).")
@language_option
@json_option
@database_option
@guard
def show(country: str, edition: int | None, language: str | None, as_json: bool, database_url: str | None) -> None:
    """Show a stored assessment with its findings.

    COUNTRY is a name in English or Russian, or an ISO code. Exit 1 when nothing is stored.

    \b
    Example:
      netfreedom show Kazakhstan --edition 2022
    """
    try:
        iso3 = resolve_country(country).iso3
    except UnknownCountryError as exc:
        fail(str(exc))
        return
    from .render import print_assessment

    with open_store(database_url, must_exist=True) as store:
        assessment = store.get(iso3, edition=edition, language=language)
        where = store.url
    if assessment is None:
        what = " ".join(str(x) for x in (iso3, edition, f"({language})" if language else None) if x is not None)
        fail(f"no stored assessment for {what} in {where}", EXIT_FINDINGS)
        return
    if as_json:
        click.echo(dump(assessment))
    else:
        print_assessment(console(), assessment)


@cli.command()
@click.argument("country")
@click.argument("edition", type=EDITION)
@language_option
@json_option
@database_option
@guard
def history(country: str, edition: int, language: str | None, as_json: bool, database_url: str | None) -> None:
    """Show what the store learnt about one country and edition, and when.

    Three parts: the revisions of the stored report (oldest first), every value with its
    provenance (raw value as published, scale, current-scale value, source file and SHA-256,
    reader, when observed and when superseded), and the report copies recorded. With --json,
    JSON Lines, each with "kind": "revision", "value" or "copy".

    \b
    Example:
      netfreedom history KAZ 2022
    """
    from .cli_tables import history_items, history_tables

    try:
        iso3 = resolve_country(country).iso3
    except UnknownCountryError as exc:
        fail(str(exc))
        return
    with open_store(database_url, must_exist=True) as store:
        items = history_items(store, iso3, edition, language)
    if not items:
        fail(f"nothing stored for {iso3} {edition}", EXIT_FINDINGS)
    if as_json:
        for item in items:
            click.echo(json.dumps(item, ensure_ascii=False, default=str))
        return
    out = console()
    for table in history_tables(iso3, edition, items):
        out.print(table)


@cli.command()
@click.argument("country", required=False)
@click.option("--edition", type=EDITION, default=None, help="Only this edition.")
@json_option
@database_option
@guard
def conflicts(country: str | None, edition: int | None, as_json: bool, database_url: str | None) -> None:
    """List values on which sources disagree (reports, copies, score tables); both are kept.

    Exit 1 when there is any.

    \b
    Example:
      netfreedom conflicts KAZ --json
    """
    from .cli_tables import conflicts_table

    iso3 = None
    if country:
        try:
            iso3 = resolve_country(country).iso3
        except UnknownCountryError as exc:
            fail(str(exc))
    with open_store(database_url, must_exist=True) as store:
        table, items = conflicts_table(store, iso3, edition)
    if as_json:
        for item in items:
            click.echo(json.dumps(item, ensure_ascii=False))
    else:
        console().print(table if items else "no conflicts")
    sys.exit(EXIT_FINDINGS if items else 0)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "xlsx"]), default="csv", show_default=True,
              help="Output format.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="File to write; - or none for standard output (xlsx needs a file).")
@database_option
@guard
def export(fmt: str, output: Path | None, database_url: str | None) -> None:
    """Export every stored assessment: one row per assessment, one column per indicator.

    \b
    Example:
      netfreedom export --format xlsx -o fotn.xlsx
    """
    from .export import write_csv, write_json

    if output is not None and str(output) == "-":
        output = None
    if fmt == "xlsx" and output is None:
        fail("--format xlsx needs --output FILE")
    with open_store(database_url, must_exist=True) as store:
        assessments = list(store.all_assessments())
    if output is None:
        count = (write_csv if fmt == "csv" else write_json)(assessments, sys.stdout)
    else:
        count = _write_atomically(output, fmt, assessments)
    if output is not None:
        click.echo(f"wrote {count} assessment{'' if count == 1 else 's'} to {output}", err=True)


def _write_atomically(output: Path, fmt: str, assessments: list[Assessment]) -> int:
    """Write the export to a temporary file beside ``output``, then rename it over ``output``,
    so a failed export never leaves a half-written file (or destroys the previous one)."""
    import tempfile

    from .export import write_csv, write_json, write_xlsx

    target = output if output.is_absolute() else Path.cwd() / output
    try:
        if target.exists() and not target.is_file():
            fail(f"cannot write {output}: not a regular file")
        handle, temporary = tempfile.mkstemp(prefix=".netfreedom-", suffix=".part", dir=target.parent)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
        raise  # unreachable
    try:
        if fmt == "xlsx":
            os.close(handle)
            count = write_xlsx(assessments, temporary)
        else:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                count = (write_csv if fmt == "csv" else write_json)(assessments, stream)
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        fail(f"cannot write {output}: {exc.strerror or exc}")
        raise  # unreachable
    return count


@cli.command()
@click.option("--id", "methodology_id", type=click.Choice(list(available_methodologies())), default=CURRENT,
              show_default=True, help="Methodology version.")
@click.option("--language", type=click.Choice(["en", "ru"]), default="en", show_default=True,
              help="Language of labels and questions in the table.")
@json_option
@guard
def methodology(methodology_id: str, language: str, as_json: bool) -> None:
    """Show a methodology version: categories, indicators, maxima, status bands.

    \b
    Example:
      netfreedom methodology --id fotn-legacy --json
    """
    spec = load_methodology(methodology_id)
    if as_json:
        click.echo(spec.model_dump_json(by_alias=True, indent=2))
        return
    out = console()
    out.print(f"[bold]{spec.title[language]}[/] ({spec.id}); scale {spec.scale.direction.value}")
    bands = ", ".join(f"{spec.statuses[b.status][language]} {b.min}-{b.max}" for b in spec.bands)
    out.print(f"status bands: {bands}")
    table = Table()
    for name in ("id", "max", "topic", "question"):
        table.add_column(name, overflow="fold")
    for category in spec.categories:
        table.add_row(f"[bold]{category.id}[/]", f"[bold]{category.max}[/]", f"[bold]{category.label[language]}[/]", "")
        for indicator in category.indicators:
            table.add_row(indicator.id, str(indicator.max), indicator.topic[language], indicator.question[language])
    out.print(table)


@cli.command()
@guard
def schema() -> None:
    """Print the JSON Schema of the assessment JSON that --json and exports produce.

    \b
    Example:
      netfreedom schema > assessment.schema.json
    """
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    schema.update(Assessment.model_json_schema(by_alias=True, mode="serialization"))
    click.echo(json.dumps(schema, indent=2))


@cli.command()
@json_option
@guard
def rules(as_json: bool) -> None:
    """List the checks: stable rule id, default severity and what each finds.

    With --json, one JSON object per rule per line (JSON Lines).

    \b
    Example:
      netfreedom rules --json
    """
    items = [{"rule": r.id, "severity": r.severity.value, "summary": r.summary} for r in iter_rules()]
    if as_json:
        for item in items:
            click.echo(json.dumps(item))
        return
    table = Table()
    for name in ("rule", "severity", "summary"):
        table.add_column(name)
    for item in items:
        table.add_row(item["rule"], item["severity"], item["summary"])
    console().print(table)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option("--no-cache", is_flag=True, help="Render every request afresh (no in-memory page cache).")
@database_option
@guard
def serve(host: str, port: int, no_cache: bool, database_url: str | None) -> None:
    """Serve the web site and the JSON API over the store (read-only).

    Pages at /, /country/KAZ, /compare, /search, /methodology; API under /api/v1.

    \b
    Example:
      netfreedom serve --port 8000
    """
    import uvicorn

    from .web import create_app

    app = create_app(database_url, page_cache=not no_cache)
    click.echo(f"netfreedom is serving {app.state.store.url} at http://{host}:{port}/ (Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def main() -> None:
    """Console-script entry point: every error, usage errors included, is one line on stderr."""
    try:
        cli.main(prog_name="netfreedom", standalone_mode=False)
    except click.ClickException as exc:
        hint = " (see --help)" if isinstance(exc, click.UsageError) else ""
        click.echo(f"Error: {display(exc.format_message())}{hint}", err=True)
        sys.exit(exc.exit_code)
    except (click.Abort, KeyboardInterrupt):
        click.echo("Interrupted.", err=True)
        sys.exit(EXIT_INTERRUPTED)
