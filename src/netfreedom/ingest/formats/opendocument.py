"""OpenDocument spreadsheets (``.ods``, and flat ``.fods``) as grids of cells.

:func:`read_opendocument` parses a spreadsheet with odfpy (the OpenDocument library pandas'
``odf`` engine uses; XML through defusedxml) and gives every table (sheet) as a
:class:`~netfreedom.ingest.formats.workbook.Grid`, as :func:`~netfreedom.ingest.formats.
workbook.read_workbook` does for XLSX, so that the score-table reader reads both alike:

* a cell's value is its ``office:value`` (numbers, percentages, currencies: ``int`` when
  whole, else ``float``), ``office:date-value`` (a ``datetime``), ``office:boolean-value`` or
  its text paragraphs (``text:s``, ``text:tab`` and ``text:line-break`` as the characters
  they stand for; notes attached to a cell are not its text);
* a formula cell (``table:formula``) reads as the value the program cached when it saved
  the file; one with no cached value reads as empty and is listed in
  :attr:`Grid.uncached_formulas` (nothing is computed);
* a merged cell's value is in its first cell; the cells it covers
  (``table:covered-table-cell``) read as empty, as openpyxl reads merged cells;
* ``table:number-rows-repeated`` and ``table:number-columns-repeated`` are expanded only
  where a value follows: the empty rows and columns a program writes to the end of the sheet
  (a million rows, 1,024 columns) cost nothing; rows and cells that are expanded count
  against :data:`~netfreedom.ingest.formats.workbook.MAX_CELLS` and :data:`MAX_ROWS`;
* a table whose style says ``table:display="false"`` is hidden (:attr:`Grid.hidden`).

Before parsing, the archive's declared size is held to
:data:`~netfreedom.ingest.formats.workbook.MAX_INFLATED_BYTES` and the XML's start tags are
counted (:data:`MAX_ELEMENTS`), so a forged file is refused in about a second. Every failure
is an :class:`~netfreedom.errors.UnreadableInputError` with one line naming the file.
Source of the format: OASIS OpenDocument 1.2/1.3, part 1, section 9 (tables) and 19
(attributes ``table:number-rows-repeated``, ``office:value-type``, ``table:display``).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from netfreedom.errors import UnreadableInputError
from netfreedom.ingest.formats.workbook import (
    MAX_CELLS,
    MAX_INFLATED_BYTES,
    MAX_SHEETS,
    Grid,
    WorkbookTooLargeError,
)

__all__ = ["MAX_ELEMENTS", "MAX_ROWS", "looks_like_opendocument", "read_opendocument"]

MAX_ELEMENTS = 200_000
"""Most XML start tags the parts odfpy reads (content and styles) may hold: odfpy builds a
Python object for each (about 60 microseconds and half a kilobyte apiece), so this keeps a
forged file to seconds; a score table of every country and edition has a few tens of
thousands."""

MAX_ROWS = 100_000
"""Most rows expanded over all tables (empty rows between data rows included; the empty
rows after the last value are never expanded)."""

_MAX_SPACES = 1000
"""Most spaces one ``text:s`` element stands for (``text:c``)."""

_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_FLAT_ROOT = re.compile(rb"<(?:[\w.-]+:)?document\b[^>]*" + re.escape(_MIMETYPE), re.DOTALL)
_START_TAG = re.compile(rb"<[A-Za-z_]")
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_ROW_GROUPS = frozenset({"table-row-group", "table-header-rows", "table-rows"})
_CELLS = frozenset({"table-cell", "covered-table-cell"})


def looks_like_opendocument(data: bytes) -> bool:
    """True for an OpenDocument spreadsheet: a zip archive whose ``mimetype`` member says so
    (stored first, as the format requires, or anywhere), or a flat XML document whose root
    element names the spreadsheet type."""
    if data.startswith(b"PK\x03\x04"):
        if _MIMETYPE in data[:200]:
            return True
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return archive.read("mimetype")[:200].strip().startswith(_MIMETYPE)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, NotImplementedError, EOFError):
            return False
    return _FLAT_ROOT.search(data[:8192]) is not None


def _count_elements(chunks: Iterator[bytes], name: str) -> None:
    count, tail = 0, b""
    for chunk in chunks:
        count += len(_START_TAG.findall(tail + chunk)) - len(_START_TAG.findall(tail))
        tail = chunk[-1:]
        if count > MAX_ELEMENTS:
            raise WorkbookTooLargeError(
                f"{name}: the spreadsheet holds more than {MAX_ELEMENTS:,} XML elements; refused"
            )


def _zip_chunks(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    try:
        stream = archive.open(member)
    except KeyError:
        return
    with stream:
        while chunk := stream.read(1 << 20):
            yield chunk


def _load(data: bytes, name: str) -> Any:
    """The odfpy document of ``data`` (zip or flat XML), after the size checks."""
    from odf.opendocument import OpenDocument, load

    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            declared = sum(info.file_size for info in archive.infolist())
            if declared > MAX_INFLATED_BYTES:
                raise WorkbookTooLargeError(
                    f"{name}: the spreadsheet would inflate to {declared:,} bytes, more than the limit of "
                    f"{MAX_INFLATED_BYTES:,}; refused"
                )
            for member in ("content.xml", "styles.xml"):
                _count_elements(_zip_chunks(archive, member), name)
            if "content.xml" not in archive.namelist():
                raise UnreadableInputError(f"{name}: not a readable OpenDocument spreadsheet (no content.xml)")
        return load(io.BytesIO(data))
    if len(data) > MAX_INFLATED_BYTES:
        raise WorkbookTooLargeError(f"{name}: the spreadsheet is larger than {MAX_INFLATED_BYTES:,} bytes; refused")
    _count_elements(iter([data]), name)
    from xml.sax import handler
    from xml.sax.xmlreader import InputSource

    from defusedxml.sax import make_parser
    from odf.load import LoadParser

    document = OpenDocument(_MIMETYPE.decode(), add_generator=False)
    document._parsing = "content.xml"  # what odfpy's own loader sets for each part it parses
    parser = make_parser()
    parser.setFeature(handler.feature_namespaces, 1)
    parser.setFeature(handler.feature_external_ges, 0)
    parser.setContentHandler(LoadParser(document))
    source = InputSource()
    source.setByteStream(io.BytesIO(data))
    parser.parse(source)
    del document._parsing
    return document


def _local(element: Any) -> str | None:
    """The local name of an odfpy element in the table namespace (``None`` otherwise)."""
    qname = getattr(element, "qname", None)
    return qname[1] if qname and qname[0] == _TABLE else None


def _count(element: Any, attribute: str) -> int:
    text = element.attributes.get((_TABLE, attribute))
    try:
        return max(int(text), 1) if text else 1
    except ValueError:
        return 1


def _text(element: Any) -> str:
    """The text of a paragraph, spaces, tabs and line breaks as characters."""
    parts: list[str] = []
    for child in element.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(child.data)
            continue
        qname = getattr(child, "qname", None)
        if qname == (_TEXT, "s"):
            parts.append(" " * min(_count_like(child.attributes.get((_TEXT, "c"))), _MAX_SPACES))
        elif qname == (_TEXT, "tab"):
            parts.append("\t")
        elif qname == (_TEXT, "line-break"):
            parts.append("\n")
        elif qname is not None and qname[0] == _TEXT:
            parts.append(_text(child))
    return "".join(parts)


def _count_like(text: str | None) -> int:
    try:
        return max(int(text or "1"), 1)
    except ValueError:
        return 1


def _number(text: str) -> int | float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() and abs(number) < 1e15 else number


def _value(cell: Any) -> Any:
    """The value a ``table:table-cell`` shows (``None`` when empty)."""
    attributes = cell.attributes
    kind = attributes.get((_OFFICE, "value-type"))
    if kind in ("float", "percentage", "currency") and (raw := attributes.get((_OFFICE, "value"))) is not None:
        number = _number(raw)
        if number is not None:
            return number
    elif kind == "date" and (raw := attributes.get((_OFFICE, "date-value"))):
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            pass
    elif kind == "boolean" and (raw := attributes.get((_OFFICE, "boolean-value"))) is not None:
        return raw.strip().lower() == "true"
    elif kind == "string" and (raw := attributes.get((_OFFICE, "string-value"))) is not None:
        return raw or None
    paragraphs = [
        _text(child) for child in cell.childNodes if getattr(child, "qname", None) in ((_TEXT, "p"), (_TEXT, "h"))
    ]
    text = "\n".join(paragraphs)
    return text if text.strip() else None


def _rows(container: Any) -> Iterator[Any]:
    """The ``table:table-row`` elements of a table, row groups and header rows opened, in order."""
    for child in container.childNodes:
        local = _local(child)
        if local == "table-row":
            yield child
        elif local in _ROW_GROUPS:
            yield from _rows(child)


class _Budget:
    def __init__(self, name: str) -> None:
        self.name, self.cells, self.rows = name, 0, 0

    def spend(self, cells: int, rows: int = 0) -> None:
        self.cells += cells
        self.rows += rows
        if self.cells > MAX_CELLS:
            raise WorkbookTooLargeError(f"{self.name}: the spreadsheet has more than {MAX_CELLS:,} cells; refused")
        if self.rows > MAX_ROWS:
            raise WorkbookTooLargeError(f"{self.name}: the spreadsheet has more than {MAX_ROWS:,} rows; refused")


def _row_values(row: Any, budget: _Budget) -> tuple[list[Any], list[int]]:
    """One row's values, empty columns expanded only before a value, and the (1-based)
    columns of its formulas without a cached value."""
    values: list[Any] = []
    uncached: list[int] = []
    pending = 0  # empty columns not yet written
    for cell in row.childNodes:
        local = _local(cell)
        if local not in _CELLS:
            continue
        repeat = _count(cell, "number-columns-repeated")
        value = _value(cell) if local == "table-cell" else None
        formula = local == "table-cell" and (_TABLE, "formula") in cell.attributes
        if value is None and not formula:
            pending += repeat
            continue
        budget.spend(pending + repeat)
        values.extend([None] * pending)
        pending = 0
        if value is None:
            uncached.extend(range(len(values) + 1, len(values) + repeat + 1))
        values.extend([value] * repeat)
    while values and values[-1] is None:
        values.pop()
    return values, uncached


def _grid(table: Any, hidden_styles: set[str], budget: _Budget) -> Grid:
    rows: list[list[Any]] = []
    uncached: set[tuple[int, int]] = set()
    empty = 0  # empty rows not yet written
    for row in _rows(table):
        repeat = _count(row, "number-rows-repeated")
        values, formulas = _row_values(row, budget)
        if not values:
            empty += repeat  # a row of uncached formulas only reads as empty, as in XLSX
            continue
        budget.spend(empty + len(values) * repeat, empty + repeat)
        rows.extend([] for _ in range(empty))
        empty = 0
        first = len(rows) + 1
        rows.extend(list(values) for _ in range(repeat))
        uncached.update((first + k, column) for k in range(repeat) for column in formulas)
    name = table.attributes.get((_TABLE, "name")) or f"Sheet{len(rows)}"
    style = table.attributes.get((_TABLE, "style-name"))
    return Grid(name, rows, frozenset(uncached), style in hidden_styles)


def _hidden_styles(document: Any) -> set[str]:
    """Names of table styles whose table properties hide the table (``table:display="false"``)."""
    hidden = set()
    for styles in (document.automaticstyles, document.styles):
        for style in styles.childNodes:
            if getattr(style, "qname", None) != (_STYLE, "style"):
                continue
            for properties in style.childNodes:
                if getattr(properties, "qname", None) == (_STYLE, "table-properties") and (
                    properties.attributes.get((_TABLE, "display")) == "false"
                ):
                    hidden.add(style.attributes.get((_STYLE, "name")))
    return hidden


_FAILURES = (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError, IndexError, AttributeError,
             RecursionError, SyntaxError, UnicodeDecodeError)  # fmt: skip


def read_opendocument(data: bytes, name: str) -> list[Grid]:
    """Every table of the OpenDocument spreadsheet ``data`` (file name ``name``, for
    messages), in document order, as :class:`~netfreedom.ingest.formats.workbook.Grid`.

    Raises :class:`~netfreedom.ingest.formats.workbook.WorkbookTooLargeError` past a limit
    (module docstring) and :class:`~netfreedom.errors.UnreadableInputError` for anything that
    is not a readable spreadsheet (damaged archive or XML, a text document, encryption)."""
    from xml.sax import SAXException

    try:
        document = _load(data, name)
        body = next((child for child in document.body.childNodes
                     if getattr(child, "qname", None) == (_OFFICE, "spreadsheet")), None)  # fmt: skip
        if body is None:
            raise UnreadableInputError(f"{name}: an OpenDocument file without a spreadsheet")
        tables = [child for child in body.childNodes if _local(child) == "table"]
        if len(tables) > MAX_SHEETS:
            raise WorkbookTooLargeError(f"{name}: the spreadsheet has more than {MAX_SHEETS} sheets; refused")
        hidden = _hidden_styles(document)
        budget = _Budget(name)
        return [_grid(table, hidden, budget) for table in tables]
    except UnreadableInputError:
        raise
    except (SAXException, *_FAILURES) as exc:
        reason = (str(exc).splitlines() or [""])[0] or type(exc).__name__
        raise UnreadableInputError(f"{name}: not a readable OpenDocument spreadsheet ({reason})") from None
