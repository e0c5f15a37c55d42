"""``edition dashboard`` and ``edition consistency``: the edition's dashboard and one indicator
across countries from the command line.

Acts as the operator of the database (the ``admin`` role: every draft) unless ``--user NAME``
asks to see what that account sees. ``--csv`` cells are made spreadsheet-safe as in the
downloads.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

import click

from netfreedom.cli.errors import guard
from netfreedom.cli.fit_table import Column
from netfreedom.cli.output import OutputFormat, emit, output_options, wants_json
from netfreedom.cli.support import database_option, open_store

__all__ = ["consistency_command", "dashboard_command"]


def _as(store: Any, user_name: str | None) -> Any:
    from netfreedom.cli.drafts import _operator, _user

    return _user(store, user_name) if user_name else _operator()


def print_rows(
    rows: list[dict[str, Any]],
    columns: tuple[str, ...],
    output: str,
    title: str,
    empty: str,
    table_columns: Sequence[Column] = (),
) -> None:
    """Print rows as JSON, JSON Lines or spreadsheet-safe CSV (every column of ``columns``), or
    as a table of ``table_columns`` fitted to the terminal's width."""
    if output == OutputFormat.CSV:
        from netfreedom.export import write_rows_csv

        write_rows_csv(rows, columns, sys.stdout)
        return
    if output == OutputFormat.JSON:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    if wants_json(output) or not rows:
        emit(rows, output, title=title, empty=empty)
        return
    from netfreedom.cli.fit_table import print_fitted
    from netfreedom.cli.support import console

    print_fitted(console(), table_columns, rows, title=title)


DASHBOARD_TABLE = (
    Column("iso3", "country", least=7),
    Column("stage_label", "stage"),
    Column("holder", "holder"),
    Column("people", "researcher / reviewer", least=10),
    Column("open_threads", "open threads", "number"),
    Column("blocking", "blocking findings", "number"),
    Column("days_in_stage", "days in stage", "number"),
    Column("translations_behind", "translations behind", "text"),
)
"""The dashboard's table view (``--csv``/``--json``: every column of ``dashboard.COLUMNS``)."""

CONSISTENCY_TABLE = (
    Column("iso3", "country", least=7),
    Column("score", "score", "number"),
    Column("max", "of", "number"),
    Column("last_year", "last year", "number"),
    Column("change", "change", "number"),
    Column("neighbours_mean", "alike mean", "number"),
    Column("evidence_total", "evidence", "number"),
    Column("flags", "flags", "text", least=10),
    Column("change_note", "score-change note", "text", least=12),
)
"""The consistency view's table (``--csv``/``--json``: every column of ``consistency.COLUMNS``)."""


@click.command("dashboard")
@click.argument("year", metavar="EDITION", type=click.IntRange(2000, 2999))
@click.option("--stage", help="Only drafts in this stage (a stage id of the edition's workflow).")
@click.option("--holder", help="Only drafts held by this party (editor, researcher ...) or person.")
@click.option("--country", help="Only this country (ISO code or name).")
@click.option("--region", help="Only this region (a region id, e.g. eurasia).")
@click.option("--blocking/--no-blocking", default=None, help="Only drafts with (or without) blocking findings.")
@click.option("--user", "user_name", metavar="NAME", help="See what this account sees (default: every draft).")
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
    """Every country's draft of EDITION: stage, who holds it, open threads, blocking
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
    if output == OutputFormat.TABLE:
        shown = [{**row, "people": " / ".join(filter(None, (row["researcher"], row["reviewer"])))} for row in shown]
    table = DASHBOARD_TABLE if any(r.translations_behind for r in rows) else DASHBOARD_TABLE[:-1]
    title = f"edition {year}: {len(rows)} draft(s)"
    print_rows(shown, dashboard.COLUMNS, output, title, "no draft matches", table)


@click.command("consistency")
@click.argument("year", metavar="EDITION", type=click.IntRange(2000, 2999))
@click.argument("indicator")
@click.option(
    "--sort",
    type=click.Choice(["country", "score", "last_year", "change", "distance", "evidence", "flags"]),
    default="country",
    show_default=True,
    help="Column to sort by (distance: |score - alike countries' mean|).",
)
@click.option("--desc", is_flag=True, help="Sort from the largest value down.")
@click.option("--flagged", is_flag=True, help="Only the countries that stand out.")
@click.option("--user", "user_name", metavar="NAME", help="See what this account sees (default: every draft).")
@output_options
@database_option
@guard
def consistency_command(
    year: int,
    indicator: str,
    sort: str,
    desc: bool,
    flagged: bool,
    user_name: str | None,
    output: str,
    database_url: str | None,
) -> None:
    """INDICATOR of EDITION across every country's draft: score, last year's, change,
    note, the mean of the countries most alike, flags and evidence counts.

    \b
    Examples:
      netfreedom edition consistency 2025 A3 --flagged
      netfreedom edition consistency 2025 B1 --sort change --desc --csv > b1.csv
    """
    from netfreedom.services import consistency

    with open_store(database_url) as store:
        rows = consistency.indicator_consistency(
            store, year, indicator, _as(store, user_name), sort=sort, descending=desc, flagged_only=flagged
        )
    shown = [r.as_dict() if wants_json(output) else r.flat() for r in rows]
    title = f"{indicator.upper()} of edition {year}: {len(rows)} draft(s), {sum(bool(r.flags) for r in rows)} flagged"
    print_rows(shown, consistency.COLUMNS, output, title, "no draft matches", CONSISTENCY_TABLE)
