"""Shared output options of every command that prints rows: ``--table`` (default, a rich
table), ``--json`` (one JSON array), ``--nl`` (newline-delimited JSON, one object a line) and
``--csv``. Defined once here, as sqlite-utils does, so every command spells them alike.

Commands build a list of dicts (the rows) and a title, then call :func:`emit`.
"""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


class OutputFormat(StrEnum):
    """How rows are printed."""

    TABLE = "table"
    JSON = "json"
    NL = "nl"
    CSV = "csv"


def output_options(function: F) -> F:
    """Add ``--table / --json / --nl / --csv`` (mutually exclusive flags writing one ``output``
    parameter of type :class:`OutputFormat`; default ``table``)."""
    flags = [
        ("--csv", OutputFormat.CSV, "Print CSV with a header row."),
        ("--nl", OutputFormat.NL, "Print newline-delimited JSON: one object per line."),
        ("--json", OutputFormat.JSON, "Print JSON."),
        ("--table", OutputFormat.TABLE, "Print a table (the default)."),
    ]

    @functools.wraps(function)
    def with_default(*args: Any, **kwargs: Any) -> Any:
        kwargs["output"] = kwargs.get("output") or OutputFormat.TABLE.value  # no flag given: a table
        return function(*args, **kwargs)

    decorated: Any = with_default
    for flag, value, help_text in flags:
        decorated = click.option(flag, "output", flag_value=value.value, default=None, help=help_text)(decorated)
    return decorated  # type: ignore[no-any-return]


def wants_json(output: str | None) -> bool:
    """Whether the chosen format is one of the JSON ones."""
    return output in (OutputFormat.JSON, OutputFormat.NL)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def emit(
    rows: Sequence[dict[str, Any]],
    output: str | None,
    *,
    title: str | None = None,
    columns: Sequence[str] | None = None,
    headings: dict[str, str] | None = None,
    empty: str = "nothing to show",
) -> None:
    """Print ``rows`` in the chosen format.

    ``columns`` chooses and orders the keys shown in a table and CSV (default: the first
    row's keys); JSON formats print every key. ``headings`` gives human column headings for
    the table (key -> heading); CSV keeps the keys as its header.
    """
    chosen = OutputFormat(output or OutputFormat.TABLE)
    keys = list(columns) if columns else (list(rows[0]) if rows else [])
    if chosen is OutputFormat.JSON:
        click.echo(json.dumps(list(rows), ensure_ascii=False, default=str, indent=2))
    elif chosen is OutputFormat.NL:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
    elif chosen is OutputFormat.CSV:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(keys)
        for row in rows:
            writer.writerow([_cell(row.get(k)) for k in keys])
    else:
        from netfreedom.cli.support import console

        if not rows:
            console().print(empty)
            return
        from rich.table import Table

        table = Table(title=title)
        for key in keys:
            table.add_column((headings or {}).get(key, key), overflow="fold")
        for row in rows:
            table.add_row(*(_cell(row.get(k)) for k in keys))
        console().print(table)
