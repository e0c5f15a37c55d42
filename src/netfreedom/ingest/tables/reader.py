"""Score datasets: CSV or XLSX tables with one row per country and edition.

:func:`read_score_table` reads a table into a :class:`ScoreTable` (accepted rows, and a
:class:`RowProblem` per rejected row or doubtful value). Storing its values as observations
with provenance is :func:`netfreedom.services.tables.import_score_table`.

What a table may look like:

* CSV (any delimiter of ``, ; TAB |``, UTF-8 with or without BOM, UTF-16, CP1251) or XLSX
  (the first sheet, or ``sheet=``); older ``.xls`` workbooks are refused;
* the header row is the first of the first 20 rows that names a country or ISO code, an
  edition and a score or status column; rows above it are skipped;
* columns are recognised by name in any case and spelling (``Country``/``Country Name``/
  ``name``, ``ISO3``/``iso_code``/``code``, ``Edition``/``Year``, ``Status``, ``Total``/
  ``Score``/``Total Score``, ``A``/``B``/``C`` or their labels such as ``Obstacles to
  Access``, ``A1`` ... ``C8``, ``Scale``/``Published scale``, ``source_url``, ``note``:
  see :mod:`netfreedom.ingest.tables.columns`); ``mapping`` names the others
  (``{"Land": "country", "Jahr": "edition"}``; a target of ``None`` ignores the column);
  other columns are ignored and listed in :attr:`ScoreTable.ignored_columns`;
* ``N/A``, ``n/a``, ``-``, ``—``, empty and the like are missing values;
* status words in any case: ``Not Free``, ``not_free``, ``NF``, ``Partly Free``, ``PF``;
* the published scale per row from the scale column, else ``default_scale``; a row with
  scores whose scale is unknown is rejected.

A row is rejected (a ``RowProblem`` of severity ``error``; the other rows go on) when its
country, edition or scale cannot be worked out, a score is not a whole number or lies
outside its range, the status is not one of the three, or it has no value at all.
Warnings (the row is kept): a status outside the band of the total, categories that do
not add up to the total, a country name that disagrees with the ISO code, legacy-scale
indicator values (kept as published; no conversion is documented for them).

Values are stored as published, with the published scale and the current-scale value
(:func:`netfreedom.model.scoring.current_scale_value`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from netfreedom.errors import ReadError, UnreadableInputError
from netfreedom.ingest.formats.decode import decode_report
from netfreedom.ingest.tables.columns import (
    FIELDS,
    VALUE_FIELDS,
    cell_text,
    field_for_header,
    normalise,
    parse_scale,
)
from netfreedom.ingest.tables.rows import RowProblem, RowReader, ScoreRow
from netfreedom.methodology import Scale
from netfreedom.model.assessment import Provenance
from netfreedom.model.observations import ObservedValue

__all__ = [
    "HEADER_SEARCH_ROWS",
    "READER_NAME",
    "READER_VERSION",
    "ColumnMappingError",
    "HeaderNotFoundError",
    "RowProblem",
    "ScoreRow",
    "ScoreTable",
    "ScoreTableError",
    "UnreadableTableError",
    "read_score_table",
]

READER_NAME = "score-table"
"""Reader name recorded in the provenance of dataset observations."""

READER_VERSION = "1.0"
"""Version of this reader; recorded with every observation it gives."""

HEADER_SEARCH_ROWS = 20
"""How many rows from the top are searched for the header row."""

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


class ScoreTableError(ReadError):
    """A score table cannot be read at all. ``str(err)`` is one line."""


class UnreadableTableError(ScoreTableError, UnreadableInputError):
    """The file is missing, unreadable, empty, or neither CSV text nor an XLSX workbook."""


class HeaderNotFoundError(ScoreTableError):
    """No header row naming a country or ISO code, an edition and a score column within the
    first :data:`HEADER_SEARCH_ROWS` rows."""


class ColumnMappingError(ScoreTableError, ValueError):
    """``mapping`` names a field that does not exist or a column the header lacks."""


@dataclass(frozen=True)
class ScoreTable:
    """A score table as read: its provenance, columns, accepted rows and problems.

    ``columns`` maps each used header (as written) to its field; ``header_row`` is the
    1-based row of the header; ``rows_read`` counts non-empty rows below it (accepted and
    rejected). ``rejected_keys`` are the (iso3, edition, occurrence) of rejected rows whose
    key could be worked out: an import leaves their earlier values alone.
    """

    file_name: str
    sha256: str
    size_bytes: int
    format: Literal["csv", "xlsx"]
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

    @property
    def rejected(self) -> int:
        """How many rows were rejected."""
        return len({p.row for p in self.problems if p.severity == "error"})

    @property
    def countries(self) -> int:
        """How many distinct countries the accepted rows cover."""
        return len({row.iso3 for row in self.rows})

    def provenance(self) -> Provenance:
        """The provenance the store records for this file."""
        return Provenance(file_name=self.file_name, sha256=self.sha256, size_bytes=self.size_bytes,
                          encoding=self.encoding, reader=READER_NAME, reader_version=READER_VERSION,
                          read_at=self.read_at, inferred=list(self.inferred))  # fmt: skip

    def values(self) -> list[ObservedValue]:
        """Every value of every accepted row, in row order."""
        return [value for row in self.rows for value in row.observed()]


# -- reading the file -----------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    from netfreedom.errors import UnreadableInputError
    from netfreedom.ingest.formats.files import read_input_bytes

    try:
        return read_input_bytes(path)
    except UnreadableInputError as exc:
        raise UnreadableTableError(str(exc)) from None


def _csv_rows(data: bytes, name: str) -> tuple[list[list[str]], str]:
    try:
        decoded = decode_report(data)
    except UnreadableInputError as exc:
        raise UnreadableTableError(f"{name}: {exc}") from None
    try:
        delimiter = _delimiter(decoded.text)
        rows = [[cell_text(c) for c in record] for record in csv.reader(io.StringIO(decoded.text), delimiter=delimiter)]
    except csv.Error as exc:
        raise UnreadableTableError(f"{name}: not readable as CSV ({exc})") from None
    return rows, decoded.encoding


def _delimiter(text: str) -> str:
    """The delimiter among ``, ; TAB |`` that splits the first rows most regularly: the one
    whose commonest field count (above 1) is shared by the most rows, then the widest."""
    head = "\n".join(text.splitlines()[: HEADER_SEARCH_ROWS + 10])
    best, best_score = ",", (0, 0)
    for candidate in (",", ";", "\t", "|"):
        widths = Counter(len(record) for record in csv.reader(io.StringIO(head), delimiter=candidate) if record)
        widths.pop(1, None)
        if widths:
            width, rows = widths.most_common(1)[0]
            if (rows, width) > best_score:
                best, best_score = candidate, (rows, width)
    return best


def _xlsx_rows(data: bytes, name: str, sheet: str | None) -> tuple[list[list[str]], str]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UnreadableTableError(f"{name}: not a readable XLSX workbook ({reason})") from None
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            known = ", ".join(workbook.sheetnames)
            raise UnreadableTableError(f"{name}: no sheet named {sheet!r} (sheets: {known})")
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        rows = [[cell_text(c) for c in row] for row in worksheet.iter_rows(min_row=1, values_only=True)]
        return rows, worksheet.title
    finally:
        workbook.close()


# -- the header -----------------------------------------------------------------------------


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


def _columns(header: list[str], targets: Mapping[str, str | None]) -> tuple[dict[int, str], list[str]]:
    """Column index -> field for a header row, mapped columns first; and ignored headers."""
    chosen: dict[int, str] = {}
    taken: set[str] = set()
    for index, name in enumerate(header):
        key = normalise(name)
        if key in targets and targets[key] is not None and targets[key] not in taken:
            chosen[index] = targets[key]  # type: ignore[assignment]
            taken.add(targets[key])  # type: ignore[arg-type]
    ignored = []
    for index, name in enumerate(header):
        if index in chosen or not name:
            continue
        guess = None if normalise(name) in targets else field_for_header(name)
        if guess is None or guess in taken:
            ignored.append(name)
            continue
        chosen[index] = guess
        taken.add(guess)
    return chosen, ignored


def _is_header(columns: Mapping[int, str]) -> bool:
    fields = set(columns.values())
    return bool(fields & {"country", "iso3"}) and "edition" in fields and bool(fields & VALUE_FIELDS)


def _find_header(
    rows: list[list[str]], mapping: Mapping[str, str | None] | None, name: str
) -> tuple[int, dict[int, str], list[str]]:
    targets = _targets(mapping)
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns, ignored = _columns(row, targets)
        if _is_header(columns):
            present = {normalise(c) for c in row}
            missing = [column for column in mapping or {} if normalise(column) not in present]
            if missing:
                raise ColumnMappingError(f"{name}: mapped column {missing[0]!r} is not in the header (row {index + 1})")
            return index, columns, ignored
    raise HeaderNotFoundError(
        f"{name}: no header row with a country or ISO code, an edition and a score or status column "
        f"in the first {HEADER_SEARCH_ROWS} rows"
    )


# -- public API -----------------------------------------------------------------------------


def read_score_table(
    path: str | Path,
    mapping: Mapping[str, str | None] | None = None,
    default_scale: Scale | str | None = None,
    *,
    sheet: str | None = None,
) -> ScoreTable:
    """Read the score table at ``path`` (CSV or XLSX; see the module docstring).

    ``mapping`` maps column headers as written (any case and spacing) to fields
    (``country``, ``iso3``, ``edition``, ``status``, ``total``, ``A``, ``A1``, ``scale``,
    ``source_url``, ``note``, or ``None`` to ignore a column); ``default_scale``
    (``"lower_is_freer"``/``"legacy"`` or ``"higher_is_freer"``/``"current"``) applies to
    rows without a scale value; ``sheet`` names the XLSX sheet (default: the first).
    Reads only; stores nothing. Raises :class:`UnreadableTableError` (missing, empty,
    binary or damaged file, unknown sheet), :class:`HeaderNotFoundError` or
    :class:`ColumnMappingError` (also for a bad ``default_scale``), all
    :class:`~netfreedom.ingest.ReadError` with one-line messages. Problems of single rows
    do not raise: they are in :attr:`ScoreTable.problems`.
    """
    file = Path(path)
    scale = None
    if default_scale is not None:
        scale = parse_scale(default_scale)
        if scale is None:
            raise ColumnMappingError(f"default scale {default_scale!r} is neither lower_is_freer nor higher_is_freer")
    _targets(mapping)  # a bad mapping fails before the file is read
    data = _read_bytes(file)
    if data.startswith(_OLE_MAGIC):
        raise UnreadableTableError(f"{file.name}: old .xls workbooks are not supported; save it as .xlsx or CSV")
    if data.startswith(_XLSX_MAGIC):
        rows, sheet_name = _xlsx_rows(data, file.name, sheet)
        kind: Literal["csv", "xlsx"] = "xlsx"
        encoding = "xlsx"
    else:
        rows, encoding = _csv_rows(data, file.name)
        kind, sheet_name = "csv", None
    header_index, columns, ignored = _find_header(rows, mapping, file.name)
    header = rows[header_index]
    reader = RowReader(scale)
    accepted: list[ScoreRow] = []
    read = 0
    for offset, cells in enumerate(rows[header_index + 1 :], start=header_index + 2):
        named = {columns[i]: cells[i] for i in columns if i < len(cells)}
        if all(not c.strip() for c in cells):
            continue
        read += 1
        row = reader.read(offset, named)
        if row is not None:
            accepted.append(row)
    return ScoreTable(
        file_name=file.name,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        format=kind,
        encoding=encoding,
        sheet=sheet_name,
        header_row=header_index + 1,
        columns={header[i]: f for i, f in sorted(columns.items())},
        ignored_columns=ignored,
        rows=accepted,
        problems=reader.problems,
        rows_read=read,
        rejected_keys=frozenset(reader.rejected_keys),
        inferred=("scale",) if scale is not None and "scale" not in columns.values() else (),
    )
