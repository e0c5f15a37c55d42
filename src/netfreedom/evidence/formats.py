"""Which evidence format a file is, and reading it: reference tables (fingerprints, test
lists, category legends) whole, measurement and event files as a stream of items.

Formats (see :class:`~netfreedom.model.evidence.EvidenceFile`): ``ooni-raw`` (``.json``
holding one raw measurement, or ``.jsonl``/``.ndjson``/``.json`` holding one a line),
``ooni-api`` (a ``.json`` API response, enveloped or not), ``accessnow-stop`` (``.xlsx``),
``ioda-outages``, ``ooni-fingerprints``, ``citizenlab-test-list``, ``citizenlab-legend``
(``.csv``, told apart by their header).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path

from netfreedom.errors import ReadError
from netfreedom.evidence.context import EvidenceContext, Sink
from netfreedom.evidence.fingerprints import read_fingerprint_rows
from netfreedom.evidence.ooni import read_ooni_api, read_ooni_measurements
from netfreedom.evidence.shutdowns import Sheets, read_ioda_outages, read_stop_workbook
from netfreedom.model.evidence import EvidenceFile, EvidenceItem, ReferenceTable
from netfreedom.text.csv_problems import csv_rows

__all__ = [
    "REFERENCE_FORMATS",
    "EvidenceReadError",
    "WorkbookSheets",
    "detect_format",
    "identify",
    "read_items",
    "read_reference",
]

REFERENCE_FORMATS = frozenset({"ooni-fingerprints", "citizenlab-test-list", "citizenlab-legend"})
"""Formats kept whole as reference tables (they feed the context, not the evidence)."""

_PEEK_BYTES = 4096


class EvidenceReadError(ReadError):
    """An evidence file cannot be read: unknown format, damaged, or not what its name says.
    The message is one line naming the file."""


def _peek(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(_PEEK_BYTES)


def detect_format(path: Path) -> str:
    """The evidence format of ``path`` (see the module docstring); raises
    :class:`EvidenceReadError` for a file of no known evidence format."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return "accessnow-stop"
    if suffix in (".jsonl", ".ndjson"):
        return "ooni-raw"
    head = _peek(path)
    if suffix == ".json":
        text = head.lstrip()
        if text.startswith(b"{") and (b'"contentType"' in head or b'"results"' in head or b'"result"' in head):
            return "ooni-api"
        if b'"measurement_uid"' in head and b'"test_keys"' not in head and b'"raw_measurement"' in head:
            return "ooni-api"
        return "ooni-raw"
    if suffix == ".csv":
        first = head.decode("utf-8-sig", errors="replace").splitlines()[0] if head else ""
        columns = {c.strip().lower() for c in next(csv.reader([first]), [])}
        if {"name", "location_found", "pattern"} <= columns:
            return "ooni-fingerprints"
        if {"url", "category_code"} <= columns:
            return "citizenlab-test-list"
        if "new code" in columns or "categorycode" in columns:
            return "citizenlab-legend"
        if {"begin time", "country"} <= columns:
            return "ioda-outages"
    raise EvidenceReadError(
        f"{path.name}: not an evidence file this version reads (OONI JSON/JSON Lines, OONI API JSON, STOP .xlsx, IODA, fingerprint, test-list or legend CSV)"
    )


def identify(path: Path, format_name: str) -> EvidenceFile:
    """Name, SHA-256 (streamed) and size of ``path``, read as ``format_name``."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return EvidenceFile(name=path.name, sha256=digest.hexdigest(), size_bytes=size, format=format_name)


def read_reference(path: Path, file: EvidenceFile) -> ReferenceTable:
    """A reference file whole (rows as dicts, header names stripped); raises
    :class:`EvidenceReadError`."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
        if file.format == "ooni-fingerprints":
            rows = read_fingerprint_rows(text)
        else:
            rows = [
                {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
                for row in csv_rows(csv.DictReader(io.StringIO(text)))
            ]
    except (UnicodeDecodeError, ValueError) as exc:
        raise EvidenceReadError(f"{path.name}: {exc}") from exc
    return ReferenceTable(file=file, rows=rows)


WorkbookSheets = Callable[[Path], Sheets]
"""Opens a workbook file and gives its sheets as ``(title, rows)``; raises
:class:`~netfreedom.errors.ReadError` for a workbook it refuses."""


def read_items(
    path: Path, format_name: str, ctx: EvidenceContext, sink: Sink, *, workbook: WorkbookSheets | None = None
) -> Iterator[EvidenceItem]:
    """The evidence items of a measurement or event file, streamed; aggregates, problems and
    notes go to ``sink``. ``workbook`` opens an ``.xlsx`` file (a STOP workbook) into its
    sheets: this package has no workbook reader of its own, so that every workbook is read
    within the one set of limits (the service passes
    ``netfreedom.ingest.formats.workbook``'s reader). Raises :class:`EvidenceReadError`
    (one line naming the file) when the file as a whole cannot be read, or is a workbook and
    no ``workbook`` reader was given; a bad line or row is a problem in ``sink``."""
    if format_name == "accessnow-stop":
        if workbook is None:
            raise EvidenceReadError(f"{path.name}: a workbook needs a workbook reader (read_items(workbook=...))")
        opener = workbook

        def stop(path: Path, ctx: EvidenceContext, sink: Sink) -> Iterator[EvidenceItem]:
            try:
                sheets = opener(path)
            except ReadError as exc:
                raise EvidenceReadError(_named(path, str(exc))) from exc
            return read_stop_workbook(sheets, ctx, sink)

        reader = stop
    else:
        readers = {"ooni-raw": read_ooni_measurements, "ooni-api": read_ooni_api, "ioda-outages": read_ioda_outages}
        found = readers.get(format_name)
        if found is None:
            raise EvidenceReadError(f"{path.name}: {format_name} is a reference table, not evidence items")
        reader = found
    try:
        yield from reader(path, ctx, sink)
    except EvidenceReadError:
        raise
    except (ValueError, KeyError, OSError, UnicodeDecodeError) as exc:
        raise EvidenceReadError(f"{path.name}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from exc


def _named(path: Path, message: str) -> str:
    """``message`` beginning with the file's name (once)."""
    return message if message.startswith(f"{path.name}:") else f"{path.name}: {message}"
