"""Score tables: CSV files and XLSX workbooks of published scores, read with no options.

:func:`read_score_table` reads a file into a :class:`ScoreTable` (accepted rows, and a
:class:`RowProblem` per rejected row or doubtful value). It only reads; storing the values
as observations with provenance is :func:`netfreedom.services.tables.import_score_table`.

What a file may look like (each variation is tested with invented files, and the real
Freedom House workbook and the shared score tables are read at test time):

* CSV (any delimiter of ``, ; TAB |``, UTF-8 with or without BOM, UTF-16, CP1251/CP1252),
  XLSX, read streaming within the limits of :mod:`netfreedom.ingest.formats.workbook`, or an
  OpenDocument spreadsheet (``.ods``, flat ``.fods``: :mod:`netfreedom.ingest.formats.
  opendocument`, the same behaviour) or a binary Excel 97-2003 ``.xls`` workbook
  (:mod:`netfreedom.ingest.formats.xls`); every sheet is read (or only ``sheet=``); an HTML
  page holding tables (what web sites export as ``.xls``) is read table by table as sheets
  ``table 1``, ``table 2`` ... (:mod:`netfreedom.ingest.formats.html_tables`);
* title lines above the header, however many (a methodology preamble); one row per country and
  edition (long), or one column or column group per edition (wide); a sheet per edition; the
  edition in a column, the header, the sheet name, a title line or the file name
  (:mod:`netfreedom.ingest.tables.layout`);
* column headers in any case and the wordings of different years (``A Subtotal: Obstacles
  to access``, ``C: Violations of Users' Rights``, ``"Freedom on the Net 2018" Status``:
  :mod:`netfreedom.ingest.tables.headers`); ``mapping`` names the others (``{"Land":
  "country"}``; a target of ``None`` ignores a column); unused columns are listed in
  :attr:`ScoreTable.ignored_columns`;
* statuses as ``Not Free``, ``NOT FREE``, ``not_free``, ``NF``, ``PF``, ``F``; ``N/A``, ``-``,
  ``—`` and empty cells are missing values; notes sheets, footnote rows and empty trailing
  rows are prose, kept in :attr:`ScoreTable.notes`; hidden sheets (lookup lists, old
  drafts) are not read unless ``sheet=`` names one;
* country names as files write them (``Burma``, ``China (PRC)``, ``The Gambia``, ``Korea``:
  :mod:`netfreedom.ingest.tables.names`); names that stay unknown are listed in
  :attr:`ScoreTable.unknown_countries`;
* formulas: the value the spreadsheet program cached; a formula without a cached value
  reads as empty, with a warning naming the cell.

The published scale of each row is decided from the evidence in the file
(:mod:`netfreedom.ingest.tables.scales`); ``default_scale`` (``--scale``) is used only for
rows nothing else decides, and rows it would be needed for are rejected and listed in
:attr:`ScoreTable.ambiguous`.

A row is rejected (a ``RowProblem`` of severity ``error``; the other rows go on) when its
country, edition or scale cannot be worked out, its edition is not one Freedom on the Net
published (before the 2009 pilot, 2010, the future), a score is not a whole number or lies
outside its range, the status is not one of the three, or it has no value at all.
Warnings (the row is kept): a status outside the band of the total, categories that do not
add up to the total, a country name that disagrees with the ISO code, legacy-scale
indicator values (kept as published), a scale column contradicting the edition.
Rows repeating an earlier row's values for the same country and edition are read once
(:attr:`ScoreTable.duplicates`); rows that disagree are all kept (``occurrence`` 0, 1 ...):
stored, they are conflicts.

Values are stored as published, with the published scale and the current-scale value
(:func:`netfreedom.model.scoring.current_scale_value`).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from netfreedom.errors import ReadError, UnreadableInputError
from netfreedom.ingest.formats.decode import decode_report
from netfreedom.ingest.formats.html_tables import html_table_grids, looks_like_html_table
from netfreedom.ingest.formats.limits import unexpected_error
from netfreedom.ingest.formats.opendocument import looks_like_opendocument, read_opendocument
from netfreedom.ingest.formats.workbook import MAX_CELLS, Grid, read_workbook
from netfreedom.ingest.formats.xls import read_xls
from netfreedom.ingest.tables.columns import (
    FIELDS,
    field_for_header,
    normalise,
    parse_scale,
)
from netfreedom.ingest.tables.layout import (
    HEADER_SEARCH_ROWS,
    FileLayout,
    SheetTable,
    find_header,
    lay_out,
)
from netfreedom.ingest.tables.rows import RowProblem, RowReader, ScoreRow
from netfreedom.methodology import Scale
from netfreedom.model.assessment import Provenance
from netfreedom.model.observations import ObservedValue
from netfreedom.text.csv_problems import csv_problem

__all__ = [
    "HEADER_SEARCH_ROWS",
    "READER_NAME",
    "READER_VERSION",
    "ColumnMappingError",
    "HeaderNotFoundError",
    "OtherIndexError",
    "RowProblem",
    "ScoreRow",
    "ScoreTable",
    "ScoreTableError",
    "UnreadableTableError",
    "read_score_table",
]

READER_NAME = "score-table"
"""Reader name recorded in the provenance of dataset observations."""

READER_VERSION = "2.0"
"""Version of this reader; recorded with every observation it gives. 2.0: every sheet,
wide and per-edition layouts, the scale decided from the file's evidence."""

_SNIFF_LINES = 250
"""How many lines from the top decide a CSV file's delimiter (enough to reach past a long
preamble of prose to the table's rows)."""

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


class ScoreTableError(ReadError):
    """A score table cannot be read at all. ``str(err)`` is one line."""


class UnreadableTableError(ScoreTableError, UnreadableInputError):
    """The file is missing, unreadable, empty, too large, or neither CSV text nor a workbook read here."""


class HeaderNotFoundError(ScoreTableError):
    """No sheet has a header row naming a country or ISO code and a score or status column."""


class OtherIndexError(HeaderNotFoundError):
    """Every table of the file is another index's (its title, sheet or file name says so)."""


class ColumnMappingError(ScoreTableError, ValueError):
    """``mapping`` names a field that does not exist or a column no header has."""


@dataclass(frozen=True)
class ScoreTable:
    """A score file as read: its provenance, tables, accepted rows and problems.

    ``tables`` has one :class:`~netfreedom.ingest.tables.layout.SheetTable` per sheet that
    holds a table; ``sheet``, ``header_row`` and ``columns`` are those of the first one.
    ``rows_read`` counts data rows (not prose, not empty); ``rejected_keys`` are the (iso3,
    edition, occurrence) of rejected rows whose key could be worked out: an import leaves
    their earlier values alone. ``notes`` are the (sheet, text) lines of prose;
    ``skipped_sheets`` the sheets without a table and the hidden sheets (never read);
    ``file_scale`` the scale the prose states
    (``None`` when it states none, or disagrees with itself).
    """

    file_name: str
    sha256: str
    size_bytes: int
    format: Literal["csv", "xlsx", "xls", "ods", "html"]
    encoding: str
    sheet: str | None
    header_row: int
    columns: Mapping[str, str]
    ignored_columns: list[str]
    rows: list[ScoreRow]
    problems: list[RowProblem]
    rows_read: int
    rejected_keys: frozenset[tuple[str, int, int]] = frozenset()
    read_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    inferred: tuple[str, ...] = ()
    tables: tuple[SheetTable, ...] = ()
    skipped_sheets: list[str] = field(default_factory=list)
    notes: tuple[tuple[str | None, str], ...] = ()
    ambiguous: list[str] = field(default_factory=list)
    unknown_countries: list[str] = field(default_factory=list)
    duplicates: int = 0
    file_scale: Scale | None = None

    @property
    def rejected(self) -> int:
        """How many rows were rejected."""
        return len({(p.sheet, p.row) for p in self.problems if p.severity == "error"})

    @property
    def countries(self) -> int:
        """How many distinct countries the accepted rows cover."""
        return len({row.iso3 for row in self.rows})

    @property
    def editions(self) -> list[int]:
        """The editions of the accepted rows, in order."""
        return sorted({row.edition for row in self.rows})

    def provenance(self) -> Provenance:
        """The provenance the store records for this file."""
        return Provenance(file_name=self.file_name, sha256=self.sha256, size_bytes=self.size_bytes,
                          encoding=self.encoding, reader=READER_NAME, reader_version=READER_VERSION,
                          read_at=self.read_at, inferred=list(self.inferred))  # fmt: skip

    def values(self) -> list[ObservedValue]:
        """Every value of every accepted row, in row order."""
        return [value for row in self.rows for value in row.observed()]


# -- the bytes ------------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    from netfreedom.ingest.formats.files import read_input_bytes

    try:
        return read_input_bytes(path)
    except UnreadableInputError as exc:
        raise UnreadableTableError(str(exc)) from None


def _csv_grid(data: bytes, name: str) -> tuple[Grid, str]:
    try:
        decoded = decode_report(data)
    except UnreadableInputError as exc:
        raise UnreadableTableError(f"{name}: {exc}") from None
    try:
        delimiter = _delimiter(decoded.text)
        spaced = _spaced(decoded.text, delimiter)
        reader = csv.reader(io.StringIO(decoded.text), delimiter=delimiter, skipinitialspace=spaced)
        rows, cells = [], 0
        line = 1
        for record in reader:
            cells += len(record)
            if cells > MAX_CELLS:  # the workbooks' limit: a table is a few thousand cells
                raise UnreadableTableError(f"{name}: the table has more than {MAX_CELLS:,} cells; refused")
            rows.append(list(record))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableTableError(f"{name}: not readable as CSV, {csv_problem(exc, line)}") from None
    _check_quotes(decoded.text, delimiter, spaced, name)
    return Grid(name, rows), decoded.encoding


def _spaced(text: str, delimiter: str) -> bool:
    """True when the first rows put a space after (nearly) every delimiter (``2016, "Gambia,
    The", NF``): quotes then open after the space."""
    head = "\n".join(text.splitlines()[:_SNIFF_LINES])
    total = head.count(delimiter)
    return total > 0 and head.count(delimiter + " ") >= 0.8 * total


def _check_quotes(text: str, delimiter: str, spaced: bool, name: str) -> None:
    """Raise when a quote is opened and never closed: the lenient reading above would take
    every line after it as one cell and read nothing, silently. Other quoting slips (``"a"b``)
    stay read as spreadsheet programs read them."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True, skipinitialspace=spaced)
    line = 1
    try:
        for _ in reader:
            line = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise UnreadableTableError(f"{name}: a quote opened on line {line} is never closed") from None


def _delimiter(text: str) -> str:
    """The delimiter among ``, ; TAB |`` under which the first rows hold a header row
    (:func:`~netfreedom.ingest.tables.layout.find_header`), and among those (or all, when
    none does) the one that splits them most regularly: whose commonest field count (above
    1) is shared by the most rows, then the widest. (A preamble of sentences with commas
    above a ``;`` table splits regularly on commas, yet names no column.)"""
    head = "\n".join(text.splitlines()[:_SNIFF_LINES])
    best, best_score = ",", (False, 0, 0)
    for candidate in (",", ";", "\t", "|"):
        try:
            records = [record for record in csv.reader(io.StringIO(head), delimiter=candidate) if record]
        except csv.Error:  # an over-long cell: the full reading names its line
            continue
        widths = Counter(len(record) for record in records)
        widths.pop(1, None)
        if widths:
            width, rows = widths.most_common(1)[0]
            header = find_header([[cell.strip() for cell in record] for record in records]) is not None
            if (header, rows, width) > best_score:
                best, best_score = candidate, (header, rows, width)
    return best


_Kind = Literal["csv", "xlsx", "xls", "ods", "html"]


def _container(data: bytes) -> tuple[_Kind, Callable[[bytes, str], list[Grid]], str] | None:
    """(kind, reader, what its grids are called) of a file that is not CSV text, by its first
    bytes; ``None`` for CSV. The order matters: an OLE file before anything else, a flat
    ``.fods`` (XML holding ``<table:table>``) before HTML."""
    if data.startswith(_OLE_MAGIC):  # an Excel 97-2003 workbook (or another OLE file, refused by its reader)
        return "xls", read_xls, "sheet"
    if looks_like_opendocument(data):
        return "ods", read_opendocument, "sheet"
    if looks_like_html_table(data):
        return "html", html_table_grids, "table"
    if data.startswith(_XLSX_MAGIC):
        return "xlsx", read_workbook, "sheet"
    return None


def _grids(data: bytes, name: str, sheet: str | None) -> tuple[list[Grid], _Kind, str]:
    """The file's grids, its kind and its encoding (the kind for binary formats); raises
    :class:`UnreadableTableError` naming the file when its reader refuses it or ``sheet``
    names no grid of it."""
    container = _container(data)
    if container is None:
        if sheet is not None:
            raise UnreadableTableError(f"{name}: a CSV file has no sheets (sheet {sheet!r} was asked for)")
        grid, encoding = _csv_grid(data, name)
        return [grid], "csv", encoding
    kind, read, unit = container
    try:
        grids = read(data, name)
    except UnreadableInputError as exc:
        raise UnreadableTableError(str(exc)) from None
    _require_sheet(grids, name, sheet, unit)
    return grids, kind, kind


def _require_sheet(grids: list[Grid], name: str, sheet: str | None, kind: str) -> None:
    """Raise UnreadableTableError naming the file and its ``kind``s (sheet or table) when
    ``sheet`` is given and no grid has that name."""
    if sheet is not None and sheet not in {g.name for g in grids}:
        raise UnreadableTableError(f"{name}: no {kind} named {sheet!r} ({kind}s: {', '.join(g.name for g in grids)})")


# -- the mapping ------------------------------------------------------------------------------


def _targets(mapping: Mapping[str, str | None] | None) -> dict[str, str | None]:
    """``mapping`` with normalised keys and checked targets."""
    if not mapping:
        return {}
    fields = {normalise(f): f for f in FIELDS}
    checked: dict[str, str | None] = {}
    for column, target in mapping.items():
        if target is None:
            checked[normalise(column)] = None
            continue
        chosen = fields.get(normalise(target)) or field_for_header(target)
        if chosen is None:
            raise ColumnMappingError(
                f"mapping of column {column!r}: unknown field {target!r} (known: {', '.join(FIELDS)})"
            )
        checked[normalise(column)] = chosen
    return checked


def _check_mapping(layout: FileLayout, mapping: Mapping[str, str | None] | None, name: str) -> None:
    present = {normalise(c) for table in layout.tables for c in (*table.columns, *table.ignored)}
    for column in mapping or {}:
        if normalise(column) not in present and mapping is not None and mapping[column] is not None:
            raise ColumnMappingError(f"{name}: mapped column {column!r} is not in the header")


# -- public API -----------------------------------------------------------------------------


def read_score_table(
    path: str | Path,
    mapping: Mapping[str, str | None] | None = None,
    default_scale: Scale | str | None = None,
    *,
    sheet: str | None = None,
) -> ScoreTable:
    """Read the score file at ``path`` (CSV, XLSX, XLS or ODS; see the module docstring).

    ``mapping`` maps column headers as written (any case and spacing) to fields (``country``,
    ``iso3``, ``edition``, ``status``, ``total``, ``A``, ``A1``, ``scale``, ``source_url``,
    ``note``, or ``None`` to ignore a column); ``default_scale`` (``"lower_is_freer"``/
    ``"legacy"`` or ``"higher_is_freer"``/``"current"``) applies only to rows whose scale
    nothing in the file decides; ``sheet`` reads the table of one sheet only (the others
    still count as notes). Reads only; stores nothing.

    Raises :class:`UnreadableTableError` (missing, empty, binary, damaged or too large file,
    unknown sheet), :class:`HeaderNotFoundError` or :class:`ColumnMappingError` (also for a
    bad ``default_scale``), all :class:`~netfreedom.errors.ReadError` with one-line messages.
    Problems of single rows do not raise: they are in :attr:`ScoreTable.problems`.
    """
    file = Path(path)
    scale = None
    if default_scale is not None:
        scale = parse_scale(default_scale)
        if scale is None:
            raise ColumnMappingError(f"default scale {default_scale!r} is neither lower_is_freer nor higher_is_freer")
    targets = _targets(mapping)  # a bad mapping fails before the file is read
    try:
        return _read_table(file, targets, mapping, scale, sheet)
    except ReadError:
        raise
    except Exception as exc:  # a surprise in one file is that file's one line, never the end of a batch
        raise UnreadableTableError(f"{file.name}: {unexpected_error(exc)}") from exc


def _read_table(
    file: Path,
    targets: dict[str, str | None],
    mapping: Mapping[str, str | None] | None,
    scale: Scale | None,
    sheet: str | None,
) -> ScoreTable:
    """:func:`read_score_table` once its arguments are checked."""
    data = _read_bytes(file)
    grids, kind, encoding = _grids(data, file.name, sheet)
    layout = lay_out(grids, file.name, targets, named_sheets=kind != "csv", only=sheet)
    if not layout.tables and layout.other_indices:
        raise OtherIndexError(
            f"{file.name}: the table is {'; '.join(layout.other_indices)}, not Freedom on the Net; not read"
            " (--map COLUMN=FIELD reads it anyway)"
        )
    if not layout.tables:
        hidden = f" (hidden sheets not read: {', '.join(layout.hidden)})" if layout.hidden else ""
        raise HeaderNotFoundError(
            f"{file.name}: no header row with a country or ISO code and a score or status column in any sheet{hidden}"
        )
    _check_mapping(layout, mapping, file.name)
    reader = RowReader(scale)
    for record in layout.records:
        reader.parse(record)
    file_scale = layout.file_scale()
    rows = reader.finish(layout.sheet_scale, file_scale)
    problems = reader.problems + [
        RowProblem(row, "warning", message, sheet=name) for name, row, message in layout.warnings
    ]
    problems.sort(key=lambda p: (p.sheet or "", p.row))
    inferred = [*dict.fromkeys(i for r in layout.records for i in r.inferred)]
    if any(row.scale_from not in ("column", "header") for row in rows):
        inferred.append("scale")
    first = layout.tables[0]
    return ScoreTable(
        file_name=file.name,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        format=kind,
        encoding=encoding,
        sheet=first.sheet,
        header_row=first.header_row,
        columns=dict(first.columns),
        ignored_columns=[c for table in layout.tables for c in table.ignored],
        rows=rows,
        problems=problems,
        rows_read=layout.rows_read,
        rejected_keys=frozenset(reader.rejected_keys),
        inferred=tuple(inferred),
        tables=tuple(layout.tables),
        skipped_sheets=list(layout.skipped_sheets),
        notes=tuple(layout.notes),
        ambiguous=list(reader.ambiguous),
        unknown_countries=list(reader.unknown_countries),
        duplicates=reader.duplicates,
        file_scale=file_scale,
    )
