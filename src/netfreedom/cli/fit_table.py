"""Tables that fit the terminal: chosen columns, widths worked out from the cells, names cut
with an ellipsis rather than folded a letter a line.

Used by the commands whose rows are wide (``edition dashboard``, ``edition consistency``): their
``--table`` view shows the columns a reader scans, each at least as wide as the longest word of
its heading, and fits the console's width (80 columns when the output is not a terminal and
``COLUMNS`` is unset); ``--csv``/``--json`` keep every column.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rich import box
from rich.console import Console
from rich.table import Table

Kind = Literal["number", "name", "text"]
"""``number``: right-aligned, never cut; ``name``: one line, cut with an ellipsis;
``text``: wraps at spaces."""

GAP = 2
"""Spaces between two columns."""


@dataclass(frozen=True)
class Column:
    """One column of a fitted table: ``key`` of the row dict, ``heading`` (wraps at spaces),
    ``kind`` (see :data:`Kind`), ``least``: the narrowest it may become beyond its heading's
    longest word (characters)."""

    key: str
    heading: str
    kind: Kind = "name"
    least: int = 8


def _cell(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _floor(column: Column) -> int:
    return max(len(word) for word in column.heading.split())


def widths(columns: Sequence[Column], rows: Sequence[dict[str, Any]], width: int) -> list[int] | None:
    """Widths (characters) for ``columns`` so that the table fits ``width`` characters, or
    ``None`` when even the narrowest widths do not fit. Each column starts as wide as its
    widest cell (and its heading's longest word); the widest name or text columns give way
    first, down to ``least`` (numbers never shrink)."""
    natural = [max([_floor(c), *(len(_cell(r.get(c.key))) for r in rows)]) for c in columns]
    least = [
        n if c.kind == "number" else min(n, max(_floor(c), c.least)) for c, n in zip(columns, natural, strict=True)
    ]
    room = width - GAP * (len(columns) - 1)
    if sum(least) > room:
        return None
    chosen = list(natural)
    while sum(chosen) > room:
        widest = max((i for i in range(len(chosen)) if chosen[i] > least[i]), key=lambda i: chosen[i])
        chosen[widest] -= 1
    return chosen


def fitted_table(
    columns: Sequence[Column], rows: Sequence[dict[str, Any]], *, title: str | None = None, width: int = 80
) -> tuple[Table, list[Column]]:
    """A rich table of ``rows`` that fits ``width`` characters, and the columns it shows: when
    even the narrowest widths are too wide, the last columns are left out (the caller says so)."""
    shown = list(columns)
    chosen = widths(shown, rows, width)
    while chosen is None and len(shown) > 1:
        shown.pop()
        chosen = widths(shown, rows, width)
    table = Table(
        title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, GAP - 1, 0, 0), expand=False
    )
    for column, size in zip(shown, chosen or [], strict=False):
        heading = textwrap.fill(column.heading, width=size)  # at spaces: never shorter than a word
        if column.kind == "number":
            table.add_column(heading, justify="right", width=size, no_wrap=True)
        elif column.kind == "name":
            table.add_column(heading, width=size, no_wrap=True, overflow="ellipsis")
        else:
            table.add_column(heading, width=size, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(c.key)) for c in shown))
    return table, shown


def print_fitted(
    console: Console, columns: Sequence[Column], rows: Sequence[dict[str, Any]], *, title: str | None = None
) -> None:
    """Print :func:`fitted_table` at the console's width, with a note naming the columns left
    out when some had to be."""
    table, shown = fitted_table(columns, rows, title=title, width=console.width)
    console.print(table)
    left_out = [c.heading for c in columns if c not in shown]
    if left_out:
        console.print(f"(not shown at this width: {', '.join(left_out)}; --csv or --json print every column)")
