"""Pick a reader for a report and run it.

Every reader is registered with a name, a version, a ``confidence(text) -> float`` (0..1)
and a ``read(text) -> ReadResult``. :func:`read_report` decodes the bytes,
asks each reader how sure it is, runs the surest (or the one named), and attaches
:class:`~netfreedom.model.Provenance`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..model import Assessment, Provenance
from .decode import decode_report
from .errors import NoReportFoundError, ReadError
from .fh_page import READER_NAME, READER_VERSION, looks_like_fh_page, read_fh_page
from .result import ReadResult

MIN_CONFIDENCE = 0.05


@dataclass(frozen=True)
class Reader:
    """A registered reader for one layout family."""

    name: str
    version: str
    description: str
    confidence: Callable[[str], float]
    read: Callable[[str], ReadResult]


READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    """Add ``reader`` to the registry (its name must be new); returns it."""
    if reader.name in READERS:
        raise ValueError(f"a reader named {reader.name!r} is already registered")
    READERS[reader.name] = reader
    return reader


register(
    Reader(
        name=READER_NAME,
        version=READER_VERSION,
        description="Freedom House country page, 2019 edition onward; English or translated body",
        confidence=looks_like_fh_page,
        read=read_fh_page,
    )
)


def choose_reader(text: str, name: str | None = None) -> Reader:
    """The reader named ``name``, or the one most confident about ``text``.

    Raises :class:`ReadError` for an unknown name and :class:`NoReportFoundError` when no
    reader recognises anything.
    """
    if name is not None:
        if name not in READERS:
            raise ReadError(f"unknown reader {name!r} (known: {', '.join(sorted(READERS))})")
        return READERS[name]
    ranked = sorted(READERS.values(), key=lambda r: r.confidence(text), reverse=True)
    if not ranked or ranked[0].confidence(text) < MIN_CONFIDENCE:
        raise NoReportFoundError("no internet-freedom score block or indicator found")
    return ranked[0]


def read_report_bytes(data: bytes, file_name: str = "<bytes>", reader: str | None = None) -> Assessment:
    """Read one report from its bytes into an :class:`Assessment` with provenance.

    Raises :class:`~netfreedom.ingest.errors.UnreadableInputError` (empty, binary, unknown
    encoding) or :class:`NoReportFoundError` (text without a report); both are
    :class:`ReadError`, whose message is one line.
    """
    decoded = decode_report(data)
    chosen = choose_reader(decoded.text, reader)
    result = chosen.read(decoded.text)
    if not result.found_report:
        raise NoReportFoundError("no internet-freedom score block or indicator found")
    provenance = Provenance(
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        encoding=decoded.encoding,
        reader=chosen.name,
        reader_version=chosen.version,
        read_at=datetime.now(UTC),
        inferred=result.inferred,
    )
    return result.assessment.model_copy(update={"provenance": provenance})


def read_report(path: str | Path, reader: str | None = None) -> Assessment:
    """Read the report file at ``path``; see :func:`read_report_bytes` for errors.

    An unreadable path (missing, a folder, no permission) raises
    :class:`~netfreedom.ingest.errors.UnreadableInputError`.
    """
    from .errors import UnreadableInputError

    file = Path(path)
    try:
        data = file.read_bytes()
    except IsADirectoryError:
        raise UnreadableInputError(f"{file} is a folder, not a file") from None
    except FileNotFoundError:
        raise UnreadableInputError(f"{file} does not exist") from None
    except OSError as exc:
        raise UnreadableInputError(f"{file} cannot be read ({exc.strerror})") from None
    return read_report_bytes(data, file_name=file.name, reader=reader)
