"""Tables placed side by side on one sheet, split into one grid each.

Workbooks put one edition's table beside another's (2017 on the left, 2018 to the right), each
with its own title and header, separated by one or more empty columns. Read as one table, the
two headers make one wide header naming the country twice. :func:`side_by_side` splits such a
sheet into column bands:

* a column is *used* when a row with two or more filled cells fills it (a title or a note line
  is one cell, and may run over the gap);
* a *band* is a run of used columns between unused ones; the split happens only when two or
  more bands each hold a header row of their own (``has_header``); a band without one (a
  notes column, an empty spacer inside one table's columns) stays with the band on its left;
* tables that touch (``Country | Status | Score | Country | Status | Score``, each edition
  labelled above) are split where the header names the country column again, when each part
  holds a header of its own;
* each table's grid keeps every row (row numbers are the sheet's) and the columns from the
  end of the table before it to its own end, so that a title placed over the gap belongs to
  the table on its right; :attr:`Grid.first_column` says where it starts in the sheet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from netfreedom.ingest.formats.workbook import Grid

__all__ = ["side_by_side"]


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _used_columns(rows: list[list[Any]]) -> list[bool]:
    width = max((len(row) for row in rows), default=0)
    used = [False] * width
    for row in rows:
        columns = [index for index, value in enumerate(row) if _filled(value)]
        if len(columns) >= 2:
            for index in columns:
                used[index] = True
    return used


def _bands(used: list[bool]) -> list[tuple[int, int]]:
    """(first, end) of each run of used columns."""
    bands: list[tuple[int, int]] = []
    start = None
    for index, flag in enumerate([*used, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            bands.append((start, index))
            start = None
    return bands


def _cut(grid: Grid, first: int, end: int | None) -> Grid:
    rows = []
    for row in grid.rows:
        part = row[first:end]
        while part and part[-1] is None:
            part.pop()
        rows.append(part)
    last = end if end is not None else 1 << 30
    uncached = frozenset((r, c - first) for r, c in grid.uncached_formulas if first < c <= last)
    return Grid(grid.name, rows, uncached, grid.hidden, grid.first_column + first)


def _adjacent(
    grid: Grid, first: int, end: int, has_header: Callable[[list[list[Any]]], bool], name_columns: NameColumns
) -> list[int]:
    """Where tables that touch (no empty column between) start inside the columns ``first``
    to ``end``: at each repeat of the header's country (or code) column, when every part
    holds a header of its own."""
    rows = [row[first:end] for row in grid.rows]
    repeats = name_columns(rows)[1:]
    if not repeats:
        return []
    bounds = [0, *repeats, end - first]
    parts = [[row[a:b] for row in rows] for a, b in zip(bounds, bounds[1:], strict=False)]
    return [first + r for r in repeats] if all(has_header(part) for part in parts) else []


NameColumns = Callable[[list[list[Any]]], list[int]]
"""Given a band's rows (raw cell values): the columns of its header row that name the
country (or, if none does, the code), left to right; empty when it has no header."""


def side_by_side(grid: Grid, has_header: Callable[[list[list[Any]]], bool], name_columns: NameColumns) -> list[Grid]:
    """The tables of ``grid`` placed side by side, one grid each, left to right; ``[grid]``
    when it holds fewer than two. ``has_header(rows)`` says whether a band's rows (raw cell
    values) hold a header row; ``name_columns`` finds the country columns of a header, where
    tables that touch are split."""
    bands = _bands(_used_columns(grid.rows))
    tables = [band for band in bands if has_header([row[band[0] : band[1]] for row in grid.rows])]
    if not tables:
        return [grid]
    # a table starts at its first column, or after the end of the band before it (a title over the gap)
    starts = [0] + [bands[bands.index(table) - 1][1] for table in tables[1:]]
    for table in tables:
        starts.extend(_adjacent(grid, table[0], table[1], has_header, name_columns))
    starts.sort()
    if len(starts) < 2:
        return [grid]
    return [_cut(grid, first, end) for first, end in zip(starts, [*starts[1:], None], strict=True)]
