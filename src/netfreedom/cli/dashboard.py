"""``edition dashboard``: the edition's dashboard from the command line.

Acts as the operator of the database (the ``admin`` role: every draft) unless ``--user NAME``
asks to see what that account sees. ``--csv`` cells are made spreadsheet-safe as in the
downloads.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from netfreedom.cli.errors import guard
from netfreedom.cli.output import OutputFormat, emit, output_options, wants_json
from netfreedom.cli.support import database_option, open_store

__all__ = ["dashboard_command"]


def _as(store: Any, user_name: str | None) -> Any:
    from netfreedom.cli.drafts import _operator, _user

    return _user(store, user_name) if user_name else _operator()


def print_rows(rows: list[dict[str, Any]], columns: tuple[str, ...], output: str, title: str, empty: str) -> None:
    """Print rows as a table, JSON, JSON Lines or spreadsheet-safe CSV."""
    if output == OutputFormat.CSV:
        from netfreedom.export import write_rows_csv

        write_rows_csv(rows, columns, sys.stdout)
        return
    if output == OutputFormat.JSON:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    emit(rows, output, title=title, columns=None if wants_json(output) else columns, empty=empty)


@click.command("dashboard")
@click.argument("year", type=click.IntRange(2000, 2999))
@click.option("--stage", help="Only drafts in this stage (a stage id of the edition's workflow).")
@click.option("--holder", help="Only drafts held by this party (editor, researcher ...) or person.")
@click.option("--country", help="Only this country (ISO code or name).")
@click.option("--region", help="Only this region (a region id, e.g. eurasia).")
@click.option("--blocking/--no-blocking", default=None, help="Only drafts with (or without) blocking findings.")
@click.option("--user", "user_name", help="See what this account sees (default: every draft).")
@click.option("--lang", "language", default="en", show_default=True, help="Language of the stage labels.")
@output_options
@database_option
@guard
def dashboard_command(
    year: int,
    stage: str | None,
    holder: str | None,
    country: str | None,
    region: str | None,
    blocking: bool | None,
    user_name: str | None,
    language: str,
    output: str,
    database_url: str | None,
) -> None:
    """Every country's draft of edition YEAR: stage, who holds it, comments, blocking
    findings, days in stage.

    \b
    Examples:
      netfreedom edition dashboard 2025
      netfreedom edition dashboard 2025 --holder editor --blocking --csv > waiting.csv
    """
    from netfreedom.services import dashboard

    wanted = dashboard.DashboardFilter(stage=stage, holder=holder, country=country, region=region, blocking=blocking)
    with open_store(database_url) as store:
        rows = dashboard.edition_dashboard(store, year, _as(store, user_name), wanted, language=language)
    shown = [r.as_dict() if wants_json(output) else r.flat() for r in rows]
    print_rows(shown, dashboard.COLUMNS, output, f"edition {year}: {len(rows)} draft(s)", "no draft matches")
