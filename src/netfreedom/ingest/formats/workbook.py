"""XLSX workbooks as grids of cells, read streaming with bounded work.

:func:`read_workbook` opens a workbook with openpyxl in read-only (streaming) mode and gives
every worksheet as a :class:`Grid`: its name and its rows as lists of cell values (``None``
for an empty cell). The limits on what a workbook may cost live here and nowhere else:

* :data:`MAX_INFLATED_BYTES`: the sum of the uncompressed sizes of the archive's members, as
  the zip directory declares them, is checked before anything is inflated; every member is
  then read through a counter that stops at the same total, so a directory that lies about
  sizes gains nothing;
* :data:`MAX_CELLS`: cells visited over all sheets, empty padding cells included (a row
  whose only cell sits in column XFD costs 16,384); the dimension a sheet declares is
  ignored, so a forged ``A1:XFD1048576`` costs nothing;
* :data:`MAX_SHEETS`: worksheets read.

Formulas: the value a cell shows is the value the spreadsheet program cached when it saved
the file (openpyxl ``data_only``). A formula cell without a cached value (a file written by
a program that does not compute, such as openpyxl itself) reads as empty; its coordinates
are listed in :attr:`Grid.uncached_formulas` so that the caller can say so. Nothing is
computed here.

The XML is parsed by openpyxl through defusedxml (a dependency), which refuses entity
expansion; damaged XML is refused like a damaged archive.

Every failure is an :class:`~netfreedom.ingest.errors.UnreadableInputError` with a one-line
message naming the file.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from netfreedom.errors import UnreadableInputError

__all__ = [
    "MAX_CELLS",
    "MAX_INFLATED_BYTES",
    "MAX_SHEETS",
    "Grid",
    "WorkbookTooLargeError",
    "read_workbook",
]

MAX_INFLATED_BYTES = 64 * 1024 * 1024
"""Most bytes all members of a workbook archive may inflate to (64 MiB)."""

MAX_CELLS = 2_000_000
"""Most cells (empty padding included) read from all the sheets of one workbook."""

MAX_SHEETS = 200
"""Most worksheets read from one workbook."""


class WorkbookTooLargeError(UnreadableInputError):
    """The workbook exceeds :data:`MAX_INFLATED_BYTES`, :data:`MAX_CELLS` or :data:`MAX_SHEETS`."""


@dataclass(frozen=True)
class Grid:
    """One worksheet as read: ``rows[i][j]`` is the value of the cell in row ``i + 1`` and
    column ``j + 1`` (``None`` when empty; rows have no trailing padding beyond the last cell
    the file wrote). ``uncached_formulas`` holds the (row, column), 1-based, of formula cells
    that have no cached value and so read as empty. ``hidden`` is True for a sheet the
    workbook hides (state ``hidden`` or ``veryHidden``). ``first_column`` is 0 for a sheet;
    for a part of one (a table beside another) the number of sheet columns left of it."""

    name: str
    rows: list[list[Any]]
    uncached_formulas: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    hidden: bool = False
    first_column: int = 0


class _Budget:
    """Counts inflated bytes of every member read; raises once :data:`MAX_INFLATED_BYTES` is passed."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.used = 0

    def spend(self, size: int) -> None:
        self.used += size
        if self.used > MAX_INFLATED_BYTES:
            raise WorkbookTooLargeError(
                f"{self.name}: the workbook inflates to more than {MAX_INFLATED_BYTES // (1024 * 1024)} MiB; refused"
            )


class _CountingStream(io.RawIOBase):
    """A zip member's stream that charges every byte read to a :class:`_Budget`."""

    def __init__(self, raw: IO[bytes], budget: _Budget) -> None:
        self.raw = raw
        self.budget = budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        self.budget.spend(len(data))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.raw.close()
        super().close()


class _BoundedZip(zipfile.ZipFile):
    """A :class:`zipfile.ZipFile` whose members are read through a shared :class:`_Budget`."""

    budget: _Budget

    def open(self, name: Any, mode: str = "r", pwd: bytes | None = None, *, force_zip64: bool = False) -> IO[bytes]:
        stream = super().open(name, mode, pwd, force_zip64=force_zip64)  # type: ignore[arg-type]
        if mode != "r":
            return stream
        return io.BufferedReader(_CountingStream(stream, self.budget))


def _archive(data: bytes, name: str) -> _BoundedZip:
    try:
        archive = _BoundedZip(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, NotImplementedError) as exc:
        raise UnreadableInputError(f"{name}: not a readable XLSX workbook ({_reason(exc)})") from None
    archive.budget = _Budget(name)
    declared = sum(info.file_size for info in archive.infolist())
    if declared > MAX_INFLATED_BYTES:
        raise WorkbookTooLargeError(
            f"{name}: the workbook would inflate to {declared:,} bytes, more than the limit of "
            f"{MAX_INFLATED_BYTES:,}; refused"
        )
    _count_sheet_tags(archive, name)
    return archive


MAX_SHEET_ROWS = 100_000
"""Most ``<row>`` elements all worksheets may hold, counted in the XML before it is parsed."""

MAX_SHEET_CELLS = 250_000
"""Most ``<c>`` elements all worksheets may hold, counted in the XML before it is parsed (a
score table of every country and edition has a few thousand): openpyxl parses a sheet twice
at tens of thousands of cells a second, so this keeps a hostile sheet to seconds."""


def _count_sheet_tags(archive: zipfile.ZipFile, name: str) -> None:
    """Stream every worksheet once, counting its row and cell start tags with ``bytes.count``
    (C speed, no parsing): millions of ``<row/>`` or cells within the byte limit are refused
    here in about a second instead of being parsed for minutes."""
    rows = cells = 0
    for info in archive.infolist():
        if not info.filename.startswith("xl/worksheets/") or not info.filename.endswith(".xml"):
            continue
        with zipfile.ZipFile.open(archive, info) as member:
            while chunk := member.read(1 << 20):
                rows += chunk.count(b"<row")
                cells += chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b"<c/")
                if rows > MAX_SHEET_ROWS or cells > MAX_SHEET_CELLS:
                    what = f"{MAX_SHEET_ROWS:,} rows" if rows > MAX_SHEET_ROWS else f"{MAX_SHEET_CELLS:,} cells"
                    raise WorkbookTooLargeError(f"{name}: the worksheets hold more than {what}; refused")


def _open(data: bytes, name: str, *, data_only: bool) -> Any:
    """A read-only openpyxl workbook whose every archive read goes through the budget."""
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=data_only)
    reader.archive = _archive(data, name)
    reader.read()
    return reader.wb


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return text or type(exc).__name__


def _rows(worksheet: Any, name: str, cells: list[int]) -> Iterator[list[Any]]:
    """The rows of a read-only worksheet, charging each row's width to ``cells``."""
    worksheet.reset_dimensions()  # never trust the declared dimension
    for row in worksheet.iter_rows(values_only=True):
        cells[0] += max(len(row), 1)
        if cells[0] > MAX_CELLS:
            raise WorkbookTooLargeError(f"{name}: the workbook has more than {MAX_CELLS:,} cells; refused")
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        yield values


def _formula_cells(data: bytes, name: str, wanted: set[str]) -> dict[str, set[tuple[int, int]]]:
    """Per sheet in ``wanted``: the (row, column) of every formula cell (a second, formula-only
    streaming pass; only made when a sheet has empty cells a formula might explain)."""
    workbook = _open(data, name, data_only=False)
    found: dict[str, set[tuple[int, int]]] = {}
    cells = [0]
    try:
        for worksheet in workbook.worksheets:
            if worksheet.title not in wanted:
                continue
            spots = found.setdefault(worksheet.title, set())
            for number, row in enumerate(_rows(worksheet, name, cells), start=1):
                for column, value in enumerate(row, start=1):
                    if isinstance(value, str) and value.startswith("="):
                        spots.add((number, column))
    finally:
        workbook.close()
    return found


_FAILURES = (
    zipfile.BadZipFile,
    zlib.error,
    NotImplementedError,
    KeyError,
    ValueError,
    TypeError,
    OSError,
    EOFError,
    IndexError,
    AttributeError,
    RecursionError,
    SyntaxError,  # damaged XML: xml.etree ParseError and lxml XMLSyntaxError derive from it
)


def read_workbook(data: bytes, name: str) -> list[Grid]:
    """Every worksheet of the XLSX workbook ``data`` (file name ``name``, for messages), in
    workbook order; chart sheets are skipped.

    Raises :class:`WorkbookTooLargeError` past a limit (module docstring) and
    :class:`~netfreedom.ingest.errors.UnreadableInputError` for anything that is not a
    readable workbook (damaged archive or XML, unsupported compression, encryption).
    """
    from openpyxl.utils.exceptions import InvalidFileException

    grids: list[Grid] = []
    try:
        workbook = _open(data, name, data_only=True)
        try:
            if len(workbook.worksheets) > MAX_SHEETS:
                raise WorkbookTooLargeError(f"{name}: the workbook has more than {MAX_SHEETS} sheets; refused")
            cells = [0]
            for worksheet in workbook.worksheets:
                hidden = getattr(worksheet, "sheet_state", "visible") != "visible"
                grids.append(Grid(worksheet.title, list(_rows(worksheet, name, cells)), hidden=hidden))
        finally:
            workbook.close()
        gaps = {g.name for g in grids if any(None in row for row in g.rows)}
        if gaps and _has_formulas(data, name):
            formulas = _formula_cells(data, name, gaps)
            grids = [_with_uncached(grid, formulas.get(grid.name, set())) for grid in grids]
    except UnreadableInputError:
        raise
    except (InvalidFileException, *_FAILURES) as exc:
        raise UnreadableInputError(f"{name}: not a readable XLSX workbook ({_reason(exc)})") from None
    return grids


def _has_formulas(data: bytes, name: str) -> bool:
    """True when a worksheet's XML has a formula element (read in chunks, within the budget)."""
    archive = _archive(data, name)
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        with archive.open(info) as stream:
            tail = b""
            while chunk := stream.read(1 << 20):
                if b"<f>" in tail + chunk or b"<f " in tail + chunk:
                    return True
                tail = chunk[-2:]
    return False


def _with_uncached(grid: Grid, formulas: set[tuple[int, int]]) -> Grid:
    missing = set()
    for row, column in formulas:
        cells = grid.rows[row - 1] if row <= len(grid.rows) else []
        if column > len(cells) or cells[column - 1] is None:
            missing.add((row, column))
    return Grid(grid.name, grid.rows, frozenset(missing), grid.hidden)
