"""Long files of one value a row (country, year, variable, value), as data compilations
publish them, turned into one row per country and edition.

Compilations of indicators (the Quality of Government and V-Dem style of data sets, statistics
portals' "download as CSV") write a score table the long way: ``Country | Year | Variable |
Value``, one row per country, year and variable (``Total Score``, ``Status``, ``A``,
``fotn_total``). :func:`pivot_variables` recognises such a sheet and gives the grid the
layout reader reads, one column per variable:

* the header is one of the first :data:`~netfreedom.ingest.tables.header_rows.
  HEADER_SEARCH_ROWS` rows with a country or code column, an edition/year column, a variable
  column (headed ``Variable``, ``Indicator``, ``Measure``, ``Series`` ...: :data:`VARIABLE_HEADERS`)
  and a value column (``Value``, ``Score`` ...: :data:`VALUE_HEADERS`); and most variable cells
  under it (a sample of :data:`SAMPLE`) name a score or status field as a column header would;
* each country and edition becomes one row, placed at the sheet row of its first value, so
  that row numbers in messages stay the file's; variables the reader does not know become
  columns it lists as ignored; a country and edition with no known variable (another data
  set's years) is left out;
* a variable given twice for one country and edition with two values makes a second row
  with the second value and the other variables of the first (a conflict once stored, as
  with two columns of one field that disagree); twice the same value is read once; rows under the header without a variable or value (footnotes) stay as they are.
"""

from __future__ import annotations

from typing import Any

from netfreedom.ingest.formats.workbook import Grid
from netfreedom.ingest.tables.columns import VALUE_FIELDS, cell_text, field_for_header, is_missing, normalise
from netfreedom.ingest.tables.header_rows import HEADER_SEARCH_ROWS
from netfreedom.ingest.tables.headers import read_header

__all__ = ["SAMPLE", "VALUE_HEADERS", "VARIABLE_HEADERS", "pivot_variables"]

VARIABLE_HEADERS = frozenset({"variable", "variable name", "variable code", "varname", "var", "indicator",
                              "indicator name", "indicator code", "measure", "series", "series name", "metric",
                              "item", "question", "field"})  # fmt: skip
"""Headers (normalised) of the column naming what each row's value is."""

VALUE_HEADERS = frozenset({"value", "values", "val", "data value", "obs value", "observation value", "score",
                           "score value", "data"})  # fmt: skip
"""Headers (normalised) of the column holding each row's value."""

SAMPLE = 200
"""How many variable cells under the header are read to decide that they name score fields."""


def _header(row: list[str]) -> dict[str, int] | None:
    """Column indexes of ``country``/``iso3``, ``edition``, ``variable`` and ``value`` when
    ``row`` is the header of a variable/value file, else ``None``."""
    found: dict[str, int] = {}
    for index, text in enumerate(row):
        words = normalise(text)
        if not words:
            continue
        field = field_for_header(text)
        role = ("variable" if words in VARIABLE_HEADERS else "value" if words in VALUE_HEADERS
                else field if field in ("country", "iso3", "edition") else None)  # fmt: skip
        if role is not None and role not in found:
            found[role] = index
    names = "country" in found or "iso3" in found
    return found if names and {"edition", "variable", "value"} <= set(found) else None


def _names_fields(rows: list[list[str]], column: int) -> bool:
    """True when most variable cells of a sample name a score or status field."""
    texts = [row[column] for row in rows if column < len(row) and not is_missing(row[column])][:SAMPLE]
    known = sum(1 for text in set(texts) if _field(text) is not None)
    return bool(texts) and 2 * known >= len(set(texts)) and known > 0


def _field(text: str) -> str | None:
    cell = read_header(text)
    return cell.field if cell.field in VALUE_FIELDS else None


def pivot_variables(grid: Grid) -> Grid:
    """``grid`` with a variable/value table turned into one column per variable (module
    docstring); any other grid is returned as it is."""
    rows = [[cell_text(v) for v in r] for r in grid.rows[: HEADER_SEARCH_ROWS + SAMPLE + 1]]
    header_index, columns = next(
        ((i, found) for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if (found := _header(row)) is not None),
        (None, None),
    )
    if header_index is None or columns is None or not _names_fields(rows[header_index + 1 :], columns["variable"]):
        return grid
    keys = [role for role in ("country", "iso3", "edition") if role in columns]
    written = [cell_text(grid.rows[header_index][columns[k]]) for k in keys]
    variables: dict[str, int] = {}  # variable as written -> output column
    groups: dict[tuple[str, ...], list[dict[str, str]]] = {}  # key -> one dict per occurrence
    placed: dict[tuple[tuple[str, ...], int], int] = {}  # (key, occurrence) -> output row index
    known: set[tuple[str, ...]] = set()
    out: list[list[Any]] = [list(r) for r in grid.rows]
    for number in range(header_index + 1, len(grid.rows)):
        row = [cell_text(v) for v in grid.rows[number]]

        def cell(role: str, row: list[str] = row) -> str:
            index = columns[role]
            return row[index] if index < len(row) else ""

        variable, value = cell("variable"), cell("value")
        if is_missing(variable) or not any(not is_missing(cell(k)) for k in keys if k != "edition"):
            continue  # a footnote or a source line: left as it is
        out[number] = []
        key = tuple(cell(k).casefold() for k in keys)
        occurrences = groups.setdefault(key, [])
        label = variable.strip()
        variables.setdefault(label, len(keys) + len(variables))
        if _field(label) is not None and not is_missing(value):
            known.add(key)
        slot = next((i for i, seen in enumerate(occurrences) if label not in seen or seen[label] == value), None)
        if slot is None:
            occurrences.append({})
            slot = len(occurrences) - 1
        if not occurrences[slot]:
            placed[(key, slot)] = number
            out[number] = [cell(k) for k in keys]
        occurrences[slot][label] = value
    out[header_index] = [*written, *variables]
    for (key, slot), number in placed.items():
        if key not in known:
            continue
        line = out[number] + [None] * len(variables)
        # a second figure for a variable: its row has the other variables of the first
        for label, value in {**groups[key][0], **groups[key][slot]}.items():
            line[variables[label]] = value
        out[number] = line
    for (key, _slot), number in placed.items():
        if key not in known:
            out[number] = []
    return Grid(grid.name, out, frozenset(), grid.hidden, grid.first_column)
