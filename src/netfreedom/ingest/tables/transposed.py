"""Sheets with the countries across the columns, turned so that countries run down.

Chart data and some country comparisons put one country per column: ``| Kenya | Brazil |
Iran`` over rows ``Status``, ``Total Score``, ``Obstacles to Access`` ... (one edition, named by
the sheet, a title or the file), or over rows ``2019``, ``2020`` ... holding totals (one row per
edition). :func:`transpose_countries` recognises such a sheet and gives the grid the layout
reader reads, one row per country:

* the country row is one of the first :data:`~netfreedom.ingest.tables.header_rows.
  HEADER_SEARCH_ROWS` rows with three or more country names, which are at least two in three
  of its filled cells (a corner label such as ``Country`` or ``Indicator`` may stand left of
  them), and it is not itself a header (it names no score column);
* the column left of the first country holds the row labels; at least one of them must name
  a score or status field or an edition (as a column header would), else the sheet is left
  as it is;
* the turned table's header is ``Country`` and the row labels; rows above the country row
  (titles) stay above it, and rows under it with nothing beside their label (footnotes, a
  source line) stay below it as prose;
* row numbers in messages count the turned table: its first country is on the row after the
  titles and the header (the sheet's columns become rows).
"""

from __future__ import annotations

from typing import Any

from netfreedom.ingest.formats.workbook import Grid
from netfreedom.ingest.tables.columns import VALUE_FIELDS, cell_text
from netfreedom.ingest.tables.header_rows import HEADER_SEARCH_ROWS, is_country
from netfreedom.ingest.tables.headers import read_header

__all__ = ["transpose_countries"]

_MIN_COUNTRIES = 3


def _country_row(rows: list[list[str]]) -> tuple[int, int] | None:
    """(row index, label column) of the row naming the countries, or ``None``."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        filled = [i for i, text in enumerate(row) if text]
        countries = [i for i in filled if is_country(row[i])]
        if len(countries) < _MIN_COUNTRIES or 3 * len(countries) < 2 * len(filled):
            continue
        if any(read_header(row[i]).field in VALUE_FIELDS for i in filled if i not in countries):
            continue
        label = countries[0] - 1
        if label < 0:
            return None
        return index, label
    return None


def _names_a_field(text: str) -> bool:
    cell = read_header(text)
    return cell.field in VALUE_FIELDS or cell.field == "edition" or cell.bare


def transpose_countries(grid: Grid) -> Grid:
    """``grid`` turned when its countries run across its columns (module docstring); any
    other grid is returned as it is."""
    head = [[cell_text(v) for v in r] for r in grid.rows[:HEADER_SEARCH_ROWS]]
    found = _country_row(head)
    if found is None:
        return grid
    index, label = found
    rows = [[cell_text(v) for v in r] for r in grid.rows]
    below = rows[index + 1 :]
    kept = [i for i, r in enumerate(below) if label < len(r) and r[label] and any(r[label + 1 :])]
    labelled = [below[i] for i in kept]
    if not any(_names_a_field(r[label]) for r in labelled):
        return grid
    names = rows[index]
    width = len(names)
    header: list[Any] = ["Country", *(r[label] for r in labelled)]
    turned: list[list[Any]] = []
    for column in range(label + 1, width):
        if not names[column]:
            continue
        turned.append([names[column], *(r[column] if column < len(r) else "" for r in labelled)])
    taken = set(kept)
    prose = [r for i, r in enumerate(below) if i not in taken and any(r)]
    return Grid(grid.name, [*grid.rows[:index], header, *turned, *prose], frozenset(), grid.hidden)
