"""``export``, ``methodology``, ``schema`` and ``rules``: the data and its definitions."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from netfreedom.cli.errors import fail, guard
from netfreedom.cli.output import emit, output_options
from netfreedom.cli.support import (
    LazyChoice,
    console,
    database_option,
    json_option,
    open_store,
)

if TYPE_CHECKING:
    from netfreedom.export import ExportItem


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "xlsx"]),
    default="csv",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="File to write; - or none for standard output (xlsx needs a file).",
)
@database_option
@guard
def export(fmt: str, output: Path | None, database_url: str | None) -> None:
    """Export every country-edition from any source: one row each, one column per indicator.

    One row per stored report (and body language) and per country-edition known only from
    score tables or news values, with source_kind and provenance columns.

    \b
    Example:
      netfreedom export --format xlsx -o fotn.xlsx
    """
    from netfreedom.export import write_csv, write_json

    if output is not None and str(output) == "-":
        output = None
    if fmt == "xlsx" and output is None:
        fail("--format xlsx needs --output FILE")
    from netfreedom.services.exports import export_items

    with open_store(database_url, must_exist=True) as store:
        assessments = list(export_items(store))
    if output is None:
        count = (write_csv if fmt == "csv" else write_json)(assessments, sys.stdout)
    else:
        count = _write_atomically(output, fmt, assessments)
    if output is not None:
        click.echo(f"wrote {count} row{'' if count == 1 else 's'} to {output}", err=True)


def _umask() -> int:
    """The process's file mode creation mask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_atomically(output: Path, fmt: str, assessments: list[ExportItem]) -> int:
    """Write the export to a temporary file beside ``output``, then rename it over ``output``,
    so a failed export never leaves a half-written file (or destroys the previous one)."""
    import tempfile

    from netfreedom.export import write_csv, write_json, write_xlsx

    target = output if output.is_absolute() else Path.cwd() / output
    try:
        if target.exists() and not target.is_file():
            fail(f"cannot write {output}: not a regular file")
        handle, temporary = tempfile.mkstemp(prefix=".netfreedom-", suffix=".part", dir=target.parent)
        os.fchmod(handle, 0o666 & ~_umask())  # as any new file: mkstemp's 0600 is for secrets
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


def _methodology_ids() -> list[str]:
    from netfreedom.methodology import available_methodologies

    return list(available_methodologies())


@click.command()
@click.option(
    "--id",
    "methodology_id",
    type=LazyChoice(_methodology_ids),
    default="fotn-2019",
    show_default=True,
    help="Methodology version.",
)
@click.option(
    "--language",
    type=click.Choice(["en", "ru"]),
    default="en",
    show_default=True,
    help="Language of labels and questions in the table.",
)
@json_option
@guard
def methodology(methodology_id: str, language: str, as_json: bool) -> None:
    """Show a methodology version: categories, indicators, maxima, status bands.

    \b
    Example:
      netfreedom methodology --id fotn-legacy --json
    """
    from rich.table import Table

    from netfreedom.methodology import load_methodology

    spec = load_methodology(methodology_id)
    if as_json:
        click.echo(spec.model_dump_json(by_alias=True, indent=2))
        return
    from netfreedom.methodology import Scale
    from netfreedom.web.i18n import translator

    words = translator(language)
    out = console()
    if language == "en":
        direction = f"scale {spec.scale.direction.value}"
        bands_title = "status bands"
        columns: tuple[str, ...] = ("id", "max", "topic", "question")
    else:  # the site's catalogue: the same words as the methodology page
        if spec.scale.direction is Scale.HIGHER_IS_FREER:
            direction = words.gettext("100 = most free")
        else:
            direction = words.gettext("0 = most free")
        bands_title = words.gettext("Status bands")
        columns = tuple(words.gettext(word) for word in ("Indicator", "Maximum", "Topic", "Question"))
    out.print(f"[bold]{spec.title[language]}[/] ({spec.id}); {direction}")
    bands = ", ".join(f"{spec.status_label(b.status, language)} {b.min}-{b.max}" for b in spec.bands)
    out.print(f"{bands_title}: {bands}")
    table = Table()
    for name in columns:
        table.add_column(name, overflow="fold")
    for category in spec.categories:
        table.add_row(f"[bold]{category.id}[/]", f"[bold]{category.max}[/]", f"[bold]{category.label[language]}[/]", "")
        for indicator in category.indicators:
            table.add_row(indicator.id, str(indicator.max), indicator.topic[language], indicator.question[language])
    out.print(table)


@click.command()
@guard
def schema() -> None:
    """Print the JSON Schema of the assessment JSON that --json and exports produce.

    \b
    Example:
      netfreedom schema > assessment.schema.json
    """
    from netfreedom.model.assessment import Assessment

    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    schema.update(Assessment.model_json_schema(by_alias=True, mode="serialization"))
    click.echo(json.dumps(schema, indent=2))


@click.command()
@output_options
@guard
def rules(output: str) -> None:
    """List the checks: stable rule id, default severity and what each finds.

    \b
    Example:
      netfreedom rules --csv
    """
    from netfreedom.checks import iter_rules

    items = [{"rule": r.id, "severity": r.severity.value, "summary": r.summary} for r in iter_rules()]
    emit(items, output, headings={"rule": "Rule", "severity": "Severity", "summary": "What it finds"})
