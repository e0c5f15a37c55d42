"""Where the table is in a sheet, which way it runs, and which edition each value belongs to.

:func:`lay_out` takes the grids of a file (one for a CSV, one per worksheet) and gives a
:class:`FileLayout`: per sheet that holds a table, a :class:`SheetTable` (header row,
columns, kind), and for the file the :class:`Record` of every country and edition found, in
file order, with the prose the file holds (notes sheets, title lines, footnote rows).

* Before anything else a sheet is reshaped when it holds a long file of one value a row
  (``Country | Year | Variable | Value``: :mod:`.variables`) or its countries across the
  columns (:mod:`.transposed`), and cut into one grid per table when tables stand side by
  side (:mod:`.bands`).
* The header is the first row that names a country (or ISO code) and at least one score or
  status column: any of the first :data:`HEADER_SEARCH_ROWS` rows, else any row below (a
  table under a long methodology preamble); rows above it are title lines.
* A ``long`` sheet has one row per country and edition. Its edition comes, first found, from
  an ``Edition``/``Year`` column, from the header (``"Freedom on the Net 2018" Status``), from
  the sheet's name (``FOTN 2018``), from a title line above the header (the year joined to
  "Freedom on the Net"/"FOTN"/"edition", else its only year), or from the file name
  (``FOTN 2015.csv``); :attr:`Record.edition_from` says which.
* A ``wide`` sheet has one column (or group of columns) per edition: ``2016 | 2017 | 2018``,
  ``Status 2018 | Score 2018``. A column named by a year alone holds statuses when most of its
  cells are statuses, else totals. A country without values for an edition is skipped there.
* A header may take two rows: labels above it spanning several columns (``FOTN 2017`` over
  ``Status | Score``) give those columns their edition; a row under it continuing it
  (``A1 | A2 ...`` under a merged ``Obstacles to Access``) gives the fields.
* Rows that are empty, repeat the header, hold no value and no country name (a footnote, a
  source line), or an average (``Regional average``) are not data; their text is kept in
  :attr:`FileLayout.notes`.
* In a long sheet, a row with an edition and values but an empty country cell continues the
  country above it (merged cells); this is recorded as inferred.
* A formula cell without a cached value reads as empty and is named in the record's
  ``warnings`` (nothing is computed).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from netfreedom.ingest.formats.workbook import Grid
from netfreedom.ingest.tables.bands import side_by_side
from netfreedom.ingest.tables.columns import (
    FIELDS,
    cell_text,
    is_missing,
    normalise,
    parse_number,
    parse_status,
)
from netfreedom.ingest.tables.header_rows import (
    HEADER_SEARCH_ROWS,
    find_header,
    header_cells,
    is_band_row,
    is_country,
    is_subheader,
    starts_block,
    unlabelled_country_column,
)
from netfreedom.ingest.tables.headers import HeaderCell, edition_in_text
from netfreedom.ingest.tables.programmes import names_programme
from netfreedom.ingest.tables.scales import scale_in_text
from netfreedom.ingest.tables.transposed import transpose_countries
from netfreedom.ingest.tables.variables import pivot_variables
from netfreedom.methodology import Scale

__all__ = ["HEADER_SEARCH_ROWS", "FileLayout", "Record", "SheetTable", "find_header", "lay_out"]


_AGGREGATE = re.compile(r"\b(?:average|mean|median|total|sum|overall|global|world|regional)\b", re.IGNORECASE)
_SHARED = ("country", "iso3", "scale", "source_url", "note")
_UNCACHED = "cell {cell} is a formula without a cached value (the file was saved without calculating it); read as empty"


@dataclass(frozen=True)
class SheetTable:
    """A sheet that holds a table: ``header_row`` is 1-based; ``columns`` maps each used
    header (as written) to its field, suffixed with the edition in a wide sheet
    (``"status 2018"``); ``editions`` are the editions its header names."""

    sheet: str | None
    header_row: int
    kind: Literal["long", "wide"]
    columns: Mapping[str, str]
    ignored: list[str]
    editions: tuple[int, ...] = ()
    scale: Scale | None = None


@dataclass(frozen=True)
class Record:
    """One country and edition of one row: ``cells`` by field as text (``edition`` holds the
    year as text when it came from elsewhere than a column); ``row`` is 1-based in its sheet.
    ``scale_hint`` is a scale stated in the header; ``inferred`` names what was worked out
    (``edition``, ``country``)."""

    sheet: str | None
    row: int
    cells: Mapping[str, str]
    edition_from: str
    scale_hint: Scale | None = None
    inferred: tuple[str, ...] = ()


@dataclass
class FileLayout:
    """What :func:`lay_out` found in a file: ``warnings`` are (sheet, row, message) about
    single cells (a formula without a cached value); ``hidden`` the hidden sheets not read."""

    tables: list[SheetTable] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    notes: list[tuple[str | None, str]] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    rows_read: int = 0
    warnings: list[tuple[str | None, int, str]] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    other_indices: list[str] = field(default_factory=list)
    """Tables not read because their title, sheet or file name names another index:
    ``"Freedom in the World (title of sheet 'Data')"``."""
    _scales: tuple[int, dict[str | None, set[Scale]]] | None = field(default=None, repr=False, compare=False)

    def _stated_scales(self) -> dict[str | None, set[Scale]]:
        """Sheet -> the scales its prose states, each line read once (a sheet of 40,000 note
        lines was read again for every row whose scale the prose decides)."""
        if self._scales is None or self._scales[0] != len(self.notes):
            found: dict[str | None, set[Scale]] = {}
            for name, line in self.notes:
                scale = scale_in_text(line)
                if scale is not None:
                    found.setdefault(name, set()).add(scale)
            self._scales = (len(self.notes), found)
        return self._scales[1]

    def file_scale(self) -> Scale | None:
        """The scale the file's prose states, when every statement agrees."""
        found = set().union(*self._stated_scales().values())
        return found.pop() if len(found) == 1 else None

    def sheet_scale(self, sheet: str | None) -> Scale | None:
        """The scale the prose of one sheet (title lines, footnote rows) states."""
        found = self._stated_scales().get(sheet, set())
        return next(iter(found)) if len(found) == 1 else None


@dataclass(frozen=True)
class _Group:
    """Columns of one edition (``None``: undated); ``doubles`` a second column of a value
    field (``Score`` beside ``Total``), read only when it disagrees with the first."""

    edition: int | None
    columns: dict[str, int]
    scale: Scale | None
    doubles: dict[str, int] = field(default_factory=dict)


def _single_year(texts: Sequence[str]) -> int | None:
    years = {year for text in texts if (year := edition_in_text(text)) is not None}
    return years.pop() if len(years) == 1 else None


def _bare_field(rows: list[list[str]], column: int) -> str:
    """``status`` when most non-empty cells of a year-only column are statuses, else ``total``."""
    votes: Counter[str] = Counter()
    for row in rows:
        text = row[column] if column < len(row) else ""
        if not is_missing(text):
            votes[
                "status" if parse_status(text) is not None else "total" if parse_number(text) is not None else "?"
            ] += 1
    return "status" if votes["status"] > votes["total"] else "total"


def _groups(
    cells: list[HeaderCell | None], body: list[list[str]]
) -> tuple[dict[str, int], list[_Group], dict[int, str], list[str]]:
    """Shared columns, edition groups (the long group has edition ``None``), index -> field
    label of used columns, and ignored headers."""
    shared: dict[str, int] = {}
    groups: dict[int | None, dict[str, int]] = {}
    scales: dict[int | None, set[Scale]] = {}
    doubles: dict[int | None, dict[str, int]] = {}
    used: dict[int, str] = {}
    ignored: list[str] = []
    for index, cell in enumerate(cells):
        if cell is None:
            continue
        name = cell.field or (_bare_field(body, index) if cell.bare else None)
        if name is None or name not in FIELDS:
            ignored.append(cell.text)
            continue
        if name in _SHARED or name == "edition":
            if name in shared:
                ignored.append(cell.text)
                continue
            shared[name] = index
            used[index] = name
            continue
        group = groups.setdefault(cell.edition, {})
        if name in group:
            if name != "status" and name not in doubles.setdefault(cell.edition, {}):
                doubles[cell.edition][name] = index
                used[index] = f"{name} (second column)" if cell.edition is None else f"{name} {cell.edition} (second)"
                continue
            ignored.append(cell.text)
            continue
        group[name] = index
        used[index] = name if cell.edition is None else f"{name} {cell.edition}"
        if cell.scale is not None:
            scales.setdefault(cell.edition, set()).add(cell.scale)
    result = []
    for edition, columns in groups.items():
        stated = scales.get(edition, set())
        result.append(_Group(edition, columns, stated.pop() if len(stated) == 1 else None, doubles.get(edition, {})))
    return shared, result, used, ignored


def _join_single_edition(groups: list[_Group], context: int | None, edition_column: bool) -> list[_Group]:
    """Undated columns (``Status``, the categories) beside dated ones date the same row: they
    join the group of the edition the sheet's title, name or file name gives (``Score 2024``
    on sheet ``FOTN 2024`` beside ``Score 2023``), or, when nothing gives one, of the only
    edition the header names (``FOTN 2023 Total Score``). Never with an edition column, nor
    when a field is in both groups (``Total`` beside ``2023 Total`` stays two editions)."""
    dated = [g for g in groups if g.edition is not None]
    undated = [g for g in groups if g.edition is None]
    if not dated or len(undated) != 1 or edition_column:
        return groups
    if context is not None:
        targets = [g for g in dated if g.edition == context]
    else:
        targets = dated if len(dated) == 1 else []
    if not targets or set(targets[0].columns) & set(undated[0].columns):
        return groups
    one, rest = targets[0], undated[0]
    joined = _Group(
        one.edition, {**rest.columns, **one.columns}, one.scale or rest.scale, {**rest.doubles, **one.doubles}
    )
    return [joined if g is one else g for g in dated]


def _context_edition(sheet: str | None, titles: list[str], file_name: str) -> tuple[int | None, str]:
    for source, texts in (("sheet name", [sheet or ""]), ("title", titles), ("file name", [file_name])):
        year = _single_year(texts)
        if year is not None:
            return year, source
    return None, ""


_BARE_SAMPLE = 500
"""How many rows under a header decide whether a column headed by a year alone holds statuses or totals."""


def _coordinate(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


def _sheet(
    grid: Grid,
    sheet: str | None,
    targets: Mapping[str, str | None],
    file_name: str,
    layout: FileLayout,
    *,
    titles_first: bool = False,
) -> bool:
    """Lay out one grid into ``layout``; False when it holds no table (its text becomes notes).

    A sheet may hold tables one below the other (``Freedom on the Net 2018``, its header and
    rows, then the same for 2019): a header row further down starts a new block, whose
    edition comes from the nearest prose line above it naming one, else from the block before
    (so a header repeated after a page break keeps the edition)."""
    rows = [[cell_text(v) for v in r] for r in grid.rows]
    # a table beside another: the title over it names its edition before the sheet's name does
    first = _context_edition(sheet, [], file_name) if titles_first else None
    found, block = _block(grid, sheet, targets, file_name, layout, rows, 0, first)
    while block is not None:
        _, block = _block(grid, sheet, targets, file_name, layout, rows, *block)
    return found


def _block(
    grid: Grid,
    sheet: str | None,
    targets: Mapping[str, str | None],
    file_name: str,
    layout: FileLayout,
    rows: list[list[str]],
    start: int,
    inherited: tuple[int | None, str] | None,
) -> tuple[bool, tuple[int, tuple[int | None, str]] | None]:
    """Lay out the table starting at row index ``start`` of ``rows`` (the grid as text):
    whether one was found, and where the next block starts with the edition (and its source)
    it inherits, or ``None`` when the table runs to the end of the sheet."""
    header_index = find_header(rows, start, targets)
    if header_index is None and start == 0:
        header_index = unlabelled_country_column(rows, targets)
    if header_index is None:
        layout.notes.extend((sheet, " ".join(t for t in row if t)) for row in rows[start:] if any(row))
        return False, None
    upper: list[str] | None = None
    if header_index + 1 < len(rows) and is_subheader(rows[header_index + 1], rows[header_index]):
        upper, header_index = rows[header_index], header_index + 1
    elif header_index > start and is_band_row(rows[header_index - 1]):
        upper = rows[header_index - 1]
    header = written = rows[header_index]
    first_band = header_index - (1 if upper is not None else 0)
    titles = [" ".join(t for t in row if t) for row in rows[start:first_band] if any(row)]
    layout.notes.extend((sheet, line) for line in titles)
    foreign = (
        None
        if targets
        else names_programme(
            [("title", line) for line in reversed(titles)] + [("sheet name", sheet or ""), ("file name", file_name)]
        )
    )
    if foreign is not None:  # another index's table (Freedom in the World): its scores are not ours
        where = f" of sheet {sheet!r}" if sheet else ""
        layout.other_indices.append(f"{foreign[0]} ({foreign[1]}{where})")
        layout.warnings.append(
            (sheet, header_index + 1, f"a table of {foreign[0]} ({foreign[1]}), not Freedom on the Net; not read")
        )
        layout.notes.extend((sheet, " ".join(t for t in row if t)) for row in rows[header_index:] if any(row))
        return False, None
    sample = rows[header_index + 1 : header_index + 1 + _BARE_SAMPLE]  # what a year-only column holds
    cells_read = header_cells(header, targets, upper)
    header = [c.text if c is not None else "" for c in cells_read]
    shared, groups, used, ignored = _groups(cells_read, sample)
    if inherited is None:
        context, context_from = _context_edition(sheet, titles, file_name)
    else:
        # the line naming an edition nearest above the header (a footnote of the block before may name another)
        year = next((y for line in reversed(titles) if (y := edition_in_text(line)) is not None), None)
        context, context_from = (year, "title") if year is not None else inherited
    groups = _join_single_edition(groups, context, "edition" in shared)
    wide = any(g.edition is not None for g in groups) and not all(g.edition is None for g in groups)
    editions = tuple(sorted(g.edition for g in groups if g.edition is not None))
    layout.tables.append(SheetTable(sheet, header_index + 1, "wide" if len(editions) > 1 else "long",
                                    {header[i]: f for i, f in sorted(used.items())}, ignored, editions))  # fmt: skip
    undated = [g for g in groups if g.edition is None and g.columns] if wide else []
    if undated and "edition" not in shared and context is None:
        names = ", ".join(header[i] for i in sorted(undated[0].columns.values()))
        layout.warnings.append((sheet, header_index + 1, f"columns {names} name no edition, and neither the sheet, "
                                "its title nor the file name gives one; not read"))  # fmt: skip
    last_country: tuple[str, int] | None = None
    prose: list[tuple[int, str]] = []  # prose rows since the last data row: notes, or the next block's titles
    for offset in range(header_index + 2, len(rows) + 1):
        cells = rows[offset - 1]
        if not any(t.strip() for t in cells):
            continue

        def cell(index: int, row: list[str] = cells) -> str:
            return row[index] if index < len(row) else ""

        layout.warnings.extend(
            (sheet, offset, _UNCACHED.format(cell=_coordinate(offset, grid.first_column + i + 1)))
            for g in groups for i in g.columns.values() if (offset, i + 1) in grid.uncached_formulas
        )  # fmt: skip

        name = {f: cell(i) for f, i in shared.items()}
        filled = [g for g in groups if any(not is_missing(cell(i)) for i in g.columns.values())]
        who = name.get("country", "") or name.get("iso3", "")
        if cells == written or (not is_missing(who) and not is_country(who) and starts_block(cells, targets)):
            following = prose[0][0] - 1 if prose else offset - 1
            return True, (following, (context, context_from))
        inferred: tuple[str, ...] = ()
        if (
            is_missing(who)
            and filled
            and not wide
            and last_country is not None
            and not is_missing(name.get("edition", ""))
        ):
            name["country"] = last_country[0]
            inferred = ("country",)
        elif (not filled or _AGGREGATE.search(who)) and (is_missing(who) or not is_country(who)):
            prose.append((offset, " ".join(t for t in cells if t)))  # a footnote, source line or average
            continue
        layout.notes.extend((sheet, line) for _, line in prose)
        prose.clear()
        layout.rows_read += 1
        if not is_missing(name.get("country", "")):
            last_country = (name["country"], offset)
        for group in groups if wide else groups or [_Group(None, {}, None)]:
            if wide and group not in filled:
                continue
            if wide and group.edition is None and is_missing(name.get("edition", "")) and context is None:
                continue  # undated columns beside per-edition ones: no edition to give them
            values = dict(name)
            values.update({f: cell(i) for f, i in group.columns.items()})
            how = "column"
            edition_inferred: tuple[str, ...] = ()
            if group.edition is not None:
                values["edition"], how = str(group.edition), "header"
            elif is_missing(values.get("edition", "")) and context is not None:
                values["edition"], how, edition_inferred = str(context), context_from, ("edition",)
            record = Record(sheet, offset, values, how, group.scale, inferred + edition_inferred)
            layout.records.append(record)
            for name_, index in group.doubles.items():
                other = cell(index)
                if name_ in values and not is_missing(other) and _differ(other, values[name_]):
                    # two columns of one field disagree: both values are kept (a conflict once stored)
                    layout.records.append(
                        Record(sheet, offset, {**values, name_: other}, how, group.scale, record.inferred)
                    )
                    layout.warnings.append(
                        (sheet, offset, f"two {name_} columns disagree ({values[name_]} and {other}); both kept")
                    )
    layout.notes.extend((sheet, line) for _, line in prose)
    return True, None


def _differ(one: str, other: str) -> bool:
    """True when two cells of one field say different things (``67`` and ``67.0`` agree)."""
    first, second = parse_number(one), parse_number(other)
    if first is not None and second is not None:
        return first != second
    return normalise(one) != normalise(other)


def _name_columns(rows: list[list[object]], targets: Mapping[str, str | None]) -> list[int]:
    """The columns of the first header row of ``rows`` (raw cell values) that name the
    country, or the code when no column names the country; empty without a header."""
    texts = [[cell_text(v) for v in row] for row in rows]
    index = find_header(texts, 0, targets)
    if index is None:
        return []
    fields = [c.field if c is not None else None for c in header_cells(texts[index], targets)]
    name = "country" if "country" in fields else "iso3"
    return [i for i, f in enumerate(fields) if f == name]


def lay_out(
    grids: Sequence[Grid],
    file_name: str,
    targets: Mapping[str, str | None],
    *,
    named_sheets: bool,
    only: str | None = None,
) -> FileLayout:
    """Lay out every grid of a file (``named_sheets`` False for a CSV: no sheet names).
    ``targets`` is the user's mapping with normalised keys (``None`` ignores a column);
    ``only`` names the one sheet whose table is read (the others count as notes). A grid
    without a header row adds its text to the notes (a notes sheet). A hidden sheet (a
    lookup list, an old draft: not what the file shows its readers) is neither a table nor
    notes, unless ``only`` names it; it is listed in ``skipped_sheets`` and ``hidden``."""
    layout = FileLayout()
    for grid in grids:
        sheet = grid.name if named_sheets else None
        if grid.hidden and only != grid.name:
            layout.skipped_sheets.append(grid.name)
            layout.hidden.append(grid.name)
            continue
        if only is not None and sheet != only:
            layout.notes.extend(
                (sheet, " ".join(cell_text(v) for v in row if v is not None))
                for row in grid.rows
                if any(v is not None for v in row)
            )
            layout.skipped_sheets.append(grid.name)
            continue
        grid = pivot_variables(grid)  # a country | year | variable | value file: one column per variable
        grid = transpose_countries(grid)  # countries across the columns: one row per country
        parts = side_by_side(
            grid, lambda rows: _name_columns(rows, targets) != [], lambda rows: _name_columns(rows, targets)
        )
        found = [_sheet(part, sheet, targets, file_name, layout, titles_first=len(parts) > 1) for part in parts]
        if not any(found) and sheet is not None:
            layout.skipped_sheets.append(sheet)
    return layout
