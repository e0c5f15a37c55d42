"""The ``netfreedom`` command line: thin shells over the library.

Exit codes (part of the interface): 0 success; 1 the job found errors (an error-level
finding, or nothing stored for a ``show``); 2 bad usage or unreadable input.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from . import __version__
from .checks import has_errors, iter_rules
from .countries import UnknownCountryError, resolve_country
from .ingest import READERS, ReadError
from .methodology import CURRENT, MethodologyError, available_methodologies, load_methodology
from .model import Assessment

if TYPE_CHECKING:
    from .store import Store

# The store (SQLAlchemy, Alembic), exports and the pipeline are imported inside the commands
# that use them, so that --help and the light commands start fast.

F = TypeVar("F", bound=Callable[..., Any])
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def json_option(function: F) -> F:
    """The shared ``--json`` flag: print JSON (JSON Lines for several items) instead of tables."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")(function)


def _database_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A plain file path given to --database means an SQLite file there."""
    if value is None or "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def database_option(function: F) -> F:
    """The shared ``--database URL`` option (default: $NETFREEDOM_DATABASE_URL or ./netfreedom.db)."""
    return click.option(
        "--database",
        "database_url",
        metavar="URL|PATH",
        default=None,
        callback=_database_url,
        help="Store: an SQLAlchemy URL or an SQLite file path "
        "(default: $NETFREEDOM_DATABASE_URL, else ./netfreedom.db).",
    )(function)


def _check_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not (value.isascii() and value.isalpha() and 2 <= len(value) <= 3):
        raise click.BadParameter("give a language code such as en or ru")
    return value.lower() if value else value


def language_option(function: F) -> F:
    """The shared ``--language CODE`` option choosing a report's body language."""
    return click.option(
        "--language", default=None, callback=_check_language, metavar="CODE",
        help="Body language of the report, e.g. en or ru (default: en, else any stored).",
    )(function)


def reader_option(function: F) -> F:
    """The shared ``--reader NAME`` option forcing one layout reader."""
    return click.option(
        "--reader", type=click.Choice(sorted(READERS)), default=None, help="Force this layout reader."
    )(function)


def _resolved_url(database_url: str | None) -> str:
    from .store import default_database_url

    return database_url or default_database_url()


def _missing_sqlite_file(url: str) -> Path | None:
    """The file an SQLite URL names when that file does not exist (else ``None``)."""
    if not url.startswith("sqlite:///") or ":memory:" in url:
        return None
    path = Path(url.removeprefix("sqlite:///"))
    return None if path.exists() else path


@contextmanager
def _open_store(database_url: str | None, *, must_exist: bool = False) -> Iterator[Store]:
    """Open the store; with ``must_exist`` refuse to create a new, empty SQLite file."""
    from .store import Store, StoreError

    url = _resolved_url(database_url)
    missing = _missing_sqlite_file(url) if must_exist else None
    if missing is not None:
        _fail(f"no store at {missing} (ingest reports first, or pass --database)")
    try:
        store = Store(url)
    except StoreError as exc:
        _fail(str(exc))
        raise  # unreachable: _fail exits
    try:
        yield store
    finally:
        store.close()


def _existing_store(database_url: str | None) -> Store | None:
    """A store for read-only use by ``check``: one the user named, or the default one if it exists."""
    from .store import Store, StoreError

    url = _resolved_url(database_url)
    if database_url is None and os.environ.get("NETFREEDOM_DATABASE_URL") is None and _missing_sqlite_file(url):
        return None
    try:
        return Store(url)
    except StoreError as exc:
        _fail(str(exc))
        return None


def _read_error_line(path: Path, exc: Exception) -> str:
    message = str(exc)
    return message if str(path) in message or path.name in message else f"{path}: {message}"


def _dump(assessment: Assessment) -> str:
    return json.dumps(assessment.model_dump(mode="json"), ensure_ascii=False)


def _guard(function: F) -> F:
    """Turn unexpected exceptions into one line on stderr and exit 2 (traceback with NETFREEDOM_DEBUG=1)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except (SystemExit, click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except MethodologyError as exc:
            _fail(str(exc))
        except BrokenPipeError:
            # The reader of our output went away (e.g. `| head`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_FINDINGS)
        except Exception as exc:  # last resort: never show a traceback to a user
            from .store import StoreError

            if isinstance(exc, StoreError):
                _fail(str(exc))
            if isinstance(exc, OSError) and exc.strerror:
                _fail(f"cannot write output: {exc.strerror}")
            if os.environ.get("NETFREEDOM_DEBUG"):
                raise
            _fail(f"internal error: {exc.__class__.__name__}: {exc} (set NETFREEDOM_DEBUG=1 for details)")

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="netfreedom")
def cli() -> None:
    """Read, check, store and export Freedom on the Net assessments.

    \b
    Example:
      netfreedom check report.txt --json
    """


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
@reader_option
@database_option
@_guard
def check(files: tuple[Path, ...], as_json: bool, reader: str | None, database_url: str | None) -> None:
    """Read reports and run the checks; store nothing.

    Exit 0 when no finding is an error, 1 when one is, 2 when a file is unreadable.
    With several FILES and --json, prints one JSON object per line.

    \b
    Example:
      netfreedom check ../shared/seeds/000_a76c731e3ec3b3b8.txt --json
    """
    from .pipeline import check_report
    from .render import print_assessment

    store = _existing_store(database_url)
    code = EXIT_OK
    console = _console()
    try:
        for path in files:
            try:
                assessment = check_report(path, store=store, reader=reader)
            except ReadError as exc:
                code = EXIT_USAGE
                if as_json:
                    click.echo(json.dumps({"file": str(path), "error": str(exc)}, ensure_ascii=False))
                else:
                    click.echo(f"Error: {_read_error_line(path, exc)}", err=True)
                continue
            if has_errors(assessment.findings) and code == EXIT_OK:
                code = EXIT_FINDINGS
            if as_json:
                click.echo(_dump(assessment))
            else:
                print_assessment(console, assessment)
    finally:
        if store is not None:
            store.close()
    sys.exit(code)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
@click.option("--show", is_flag=True, help="Also print each stored assessment with its findings.")
@reader_option
@database_option
@_guard
def ingest(files: tuple[Path, ...], as_json: bool, show: bool, reader: str | None, database_url: str | None) -> None:
    """Read, check and store reports, each in one transaction.

    Re-ingesting an unchanged report changes nothing; a changed one replaces the stored
    version and keeps the old one in history. Exit codes as for ``check``.

    \b
    Example:
      netfreedom ingest ../shared/seeds/*.txt
    """
    from rich.progress import Progress

    from .pipeline import ingest_report
    from .render import print_assessment
    from .store import StoreError

    code = EXIT_OK
    rows: list[tuple[str, str, str, str, str, str]] = []
    with _open_store(database_url) as store, Progress(disable=as_json or len(files) < 2, transient=True) as progress:
        task = progress.add_task("ingesting", total=len(files))
        for path in files:
            progress.advance(task)
            try:
                outcome = ingest_report(path, store, reader=reader)
            except ReadError as exc:
                code = EXIT_USAGE
                if as_json:
                    click.echo(json.dumps({"file": str(path), "error": str(exc)}, ensure_ascii=False))
                rows.append((path.name, "failed", "", "", "", str(exc)))
                continue
            except StoreError as exc:
                code = EXIT_USAGE
                if as_json:
                    click.echo(json.dumps({"file": str(path), "error": str(exc)}, ensure_ascii=False))
                rows.append((path.name, "failed", "", "", "", str(exc)))
                continue
            a = outcome.assessment
            if has_errors(a.findings) and code == EXIT_OK:
                code = EXIT_FINDINGS
            if as_json:
                document = a.model_dump(mode="json")
                document["ingest"] = {"action": outcome.saved.action, "revision": outcome.saved.revision}
                click.echo(json.dumps(document, ensure_ascii=False))
            elif show:
                print_assessment(progress.console, a)
            counts = {s: sum(1 for f in a.findings if f.severity.value == s) for s in ("error", "warning", "info")}
            rows.append((
                path.name,
                outcome.saved.action,
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
        _console().print(table)
    sys.exit(code)


@cli.command()
@click.argument("country")
@click.option("--edition", type=int, default=None, help="Edition year (default: the latest stored).")
@language_option
@json_option
@database_option
@_guard
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
        _fail(str(exc))
        return
    from .render import print_assessment

    with _open_store(database_url, must_exist=True) as store:
        assessment = store.get(iso3, edition=edition, language=language)
        where = store.url
    if assessment is None:
        what = " ".join(str(x) for x in (iso3, edition, f"({language})" if language else None) if x)
        _fail(f"no stored assessment for {what} in {where}", EXIT_FINDINGS)
        return
    if as_json:
        click.echo(_dump(assessment))
    else:
        print_assessment(_console(), assessment)


@cli.command()
@click.argument("country")
@click.argument("edition", type=int)
@language_option
@json_option
@database_option
@_guard
def history(country: str, edition: int, language: str | None, as_json: bool, database_url: str | None) -> None:
    """List the stored revisions of one assessment, oldest first.

    With --json, one JSON object per revision per line (JSON Lines).

    \b
    Example:
      netfreedom history KAZ 2022
    """
    try:
        iso3 = resolve_country(country).iso3
    except UnknownCountryError as exc:
        _fail(str(exc))
        return
    with _open_store(database_url, must_exist=True) as store:
        revisions = store.history(iso3, edition, language=language)
    if not revisions:
        _fail(f"no stored assessment for {iso3} {edition}", EXIT_FINDINGS)
    if as_json:
        for revision in revisions:
            click.echo(revision.model_dump_json())
        return
    table = Table(title=f"history of {iso3} {edition}")
    for name in ("revision", "file", "sha256", "reader", "ingested at", "replaced at"):
        table.add_column(name)
    for r in revisions:
        replaced = "current" if r.current else str(r.replaced_at)
        table.add_row(str(r.revision), str(r.source_file_name), (r.source_sha256 or "?")[:12],
                      f"{r.reader} {r.reader_version}",
                      str(r.ingested_at), replaced)
    _console().print(table)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "xlsx"]), default="csv", show_default=True,
              help="Output format.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="File to write; - or none for standard output (xlsx needs a file).")
@database_option
@_guard
def export(fmt: str, output: Path | None, database_url: str | None) -> None:
    """Export every stored assessment: one row per assessment, one column per indicator.

    \b
    Example:
      netfreedom export --format xlsx -o fotn.xlsx
    """
    from .export import write_csv, write_json, write_xlsx

    if output is not None and str(output) == "-":
        output = None
    if fmt == "xlsx" and output is None:
        _fail("--format xlsx needs --output FILE")
    with _open_store(database_url, must_exist=True) as store:
        assessments = list(store.all_assessments())
    try:
        if fmt == "xlsx":
            assert output is not None
            count = write_xlsx(assessments, output)
        elif output is None:
            count = (write_csv if fmt == "csv" else write_json)(assessments, sys.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as stream:
                count = (write_csv if fmt == "csv" else write_json)(assessments, stream)
    except OSError as exc:
        if output is None:
            raise
        _fail(f"cannot write {output}: {exc.strerror or exc}")
    if output is not None:
        click.echo(f"wrote {count} assessment{'' if count == 1 else 's'} to {output}", err=True)


@cli.command()
@click.option("--id", "methodology_id", type=click.Choice(list(available_methodologies())), default=CURRENT,
              show_default=True, help="Methodology version.")
@click.option("--language", type=click.Choice(["en", "ru"]), default="en", show_default=True,
              help="Language of labels and questions in the table.")
@json_option
@_guard
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
    console = _console()
    console.print(f"[bold]{spec.title[language]}[/] ({spec.id}); scale {spec.scale.direction.value}")
    bands = ", ".join(f"{spec.statuses[b.status][language]} {b.min}-{b.max}" for b in spec.bands)
    console.print(f"status bands: {bands}")
    table = Table()
    for name in ("id", "max", "topic", "question"):
        table.add_column(name, overflow="fold")
    for category in spec.categories:
        table.add_row(f"[bold]{category.id}[/]", f"[bold]{category.max}[/]", f"[bold]{category.label[language]}[/]", "")
        for indicator in category.indicators:
            table.add_row(indicator.id, str(indicator.max), indicator.topic[language], indicator.question[language])
    console.print(table)


@cli.command()
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
    _console().print(table)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option("--no-cache", is_flag=True, help="Render every request afresh (no in-memory page cache).")
@database_option
@_guard
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
    """Console-script entry point."""
    cli(prog_name="netfreedom")
