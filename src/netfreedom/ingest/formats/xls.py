"""Binary Excel 97-2003 workbooks (``.xls``, BIFF8) as grids of cells.

Score workbooks of the early editions were published and passed around as ``.xls``.
:func:`read_xls` reads one with xlrd (the library pandas uses for ``.xls``) and gives every
worksheet as a :class:`~netfreedom.ingest.formats.workbook.Grid`, as
:func:`~netfreedom.ingest.formats.workbook.read_workbook` does for XLSX:

* numbers are ``int`` when whole, else ``float``; dates ``datetime`` (the workbook's 1900 or
  1904 date system); booleans ``bool``; error cells their text (``#N/A``, a missing value);
* a formula reads as the value the program cached when it saved the file (xlrd gives no
  formulas, so one saved without a value reads as empty, unnamed);
* a merged cell's value is in its first cell, the cells it covers read as empty;
* a sheet the workbook hides (``hidden`` or ``very hidden``) has :attr:`Grid.hidden` set.

Rows are read ragged (never padded to the widest row); the cells read count against
:data:`~netfreedom.ingest.formats.workbook.MAX_CELLS`, the sheets against
:data:`~netfreedom.ingest.formats.workbook.MAX_SHEETS`. Every failure (not a workbook, an
encrypted one, a damaged one) is an :class:`~netfreedom.errors.UnreadableInputError` with one
line naming the file. Source of the format: Microsoft's [MS-XLS] specification, as xlrd reads it.
"""

from __future__ import annotations

import io
import struct
from typing import Any

from netfreedom.errors import UnreadableInputError
from netfreedom.ingest.formats.workbook import MAX_CELLS, MAX_SHEETS, Grid, WorkbookTooLargeError

__all__ = ["read_xls"]


def _value(cell: Any, datemode: int) -> Any:
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_TEXT:
        return value if value.strip() else None
    if kind == xlrd.XL_CELL_NUMBER:
        return int(value) if float(value).is_integer() and abs(value) < 1e15 else value
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#N/A")
    return value


def read_xls(data: bytes, name: str) -> list[Grid]:
    """Every worksheet of the ``.xls`` workbook ``data`` (file name ``name``, for messages),
    in workbook order.

    Raises :class:`~netfreedom.ingest.formats.workbook.WorkbookTooLargeError` past a limit and
    :class:`~netfreedom.errors.UnreadableInputError` for anything else that cannot be read."""
    import xlrd
    from xlrd.compdoc import CompDocError

    failures = (xlrd.XLRDError, CompDocError, ValueError, KeyError, IndexError, TypeError, AssertionError,
                OSError, EOFError, UnicodeDecodeError, struct.error)  # fmt: skip
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, ragged_rows=True, logfile=io.StringIO())
    except failures as exc:
        reason = (str(exc).splitlines() or [""])[0] or type(exc).__name__
        raise UnreadableInputError(f"{name}: not a readable XLS workbook ({reason})") from None
    try:
        if book.nsheets > MAX_SHEETS:
            raise WorkbookTooLargeError(f"{name}: the workbook has more than {MAX_SHEETS} sheets; refused")
        grids, cells = [], 0
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            rows = []
            for number in range(sheet.nrows):
                cells += max(sheet.row_len(number), 1)
                if cells > MAX_CELLS:
                    raise WorkbookTooLargeError(f"{name}: the workbook has more than {MAX_CELLS:,} cells; refused")
                values = [_value(cell, book.datemode) for cell in sheet.row(number)]
                while values and values[-1] is None:
                    values.pop()
                rows.append(values)
            grids.append(Grid(sheet.name, rows, hidden=sheet.visibility != 0))
            book.unload_sheet(index)
        return grids
    except UnreadableInputError:
        raise
    except failures as exc:
        reason = (str(exc).splitlines() or [""])[0] or type(exc).__name__
        raise UnreadableInputError(f"{name}: not a readable XLS workbook ({reason})") from None
    finally:
        book.release_resources()
