"""Pick a reader for a report and run it.

Every reader is registered with a name, a version, a ``confidence(text) -> float`` (0..1)
and a ``read(text) -> ReadResult``. :func:`read_report` turns the bytes into text (plain
text in any encoding :mod:`.decode` handles, a web page, a PDF: see :mod:`.formats`), asks
each reader how sure it is, runs the surest (or the one named), fills in the country and
edition a page title or address gives when the text lacks them, and attaches
:class:`~netfreedom.model.assessment.Provenance`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from netfreedom.errors import NoReportFoundError, ReadError
from netfreedom.ingest.formats import apply_hints, extract_text
from netfreedom.ingest.formats.limits import check_text_limits
from netfreedom.ingest.parts.flattened import unflatten
from netfreedom.ingest.parts.identity import Identity, complete, empty_assessment, identify, looks_like_report
from netfreedom.ingest.parts.result import ReadResult
from netfreedom.ingest.readers import ecoi_page, pdf_page, pipe_table, year_columns
from netfreedom.ingest.readers.fh_page import (
    READER_NAME,
    READER_VERSION,
    looks_like_fh_page,
    read_fh_page,
)
from netfreedom.ingest.readers.legacy_page import (
    ECOI_LEGACY_READER,
    LEGACY_PAGE_READER,
    ecoi_legacy_confidence,
    legacy_page_confidence,
    read_label_page,
)
from netfreedom.ingest.readers.legacy_page import (
    READER_VERSION as LEGACY_READER_VERSION,
)
from netfreedom.ingest.readers.legacy_scores import (
    ARCHIVE_2013_READER,
    ARCHIVE_2018_READER,
    FH_LEGACY_2012_READER,
    archive_2013_confidence,
    archive_2018_confidence,
    fh_legacy_2012_confidence,
)
from netfreedom.ingest.readers.pdf_book import (
    PDF_BOOK_READER,
    pdf_book_confidence,
    read_pdf_book,
)
from netfreedom.ingest.readers.pdf_book import READER_VERSION as PDF_READER_VERSION
from netfreedom.model.assessment import Assessment, Provenance, ReaderNote, reader_note

MIN_CONFIDENCE = 0.05
IDENTITY_READER = "report-identity"
"""Provenance reader of a report that printed no score block: only its identity was read."""
IDENTITY_VERSION = "1.0"


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
register(
    Reader(
        name=ecoi_page.READER_NAME,
        version=ecoi_page.READER_VERSION,
        description="ecoi.net copy of an FH country page, 2019 edition onward (12 / 25, | 4 / 6 |)",
        confidence=ecoi_page.looks_like_ecoi_page,
        read=ecoi_page.read_ecoi_page,
    )
)
register(
    Reader(
        name=pipe_table.READER_NAME,
        version=pipe_table.READER_VERSION,
        description="FH country page saved through a table extractor (| A Obstacles to Access | 8 25 |)",
        confidence=pipe_table.looks_like_pipe_table,
        read=pipe_table.read_pipe_table,
    )
)
register(
    Reader(
        name=pdf_page.READER_NAME,
        version=pdf_page.READER_VERSION,
        description="Text of a printed FH country page, 2019 onward (glued 540, /25 lines, page furniture)",
        confidence=pdf_page.looks_like_pdf_page,
        read=pdf_page.read_pdf_page,
    )
)

# Legacy layouts, editions 2012-2018 (shared/reference/layouts.md, families 4-9).
for _name, _description, _confidence in (
    (
        LEGACY_PAGE_READER,
        "Legacy FH country page, editions 2015-2017 (Status: / Total Score: labels)",
        legacy_page_confidence,
    ),
    (
        ECOI_LEGACY_READER,
        "ecoi.net copy of a legacy FH page, 2015-2017 (empty Country:, Year:)",
        ecoi_legacy_confidence,
    ),
    (
        FH_LEGACY_2012_READER,
        "Legacy FH country page, editions 2012-2014 ('2014 Scores' block)",
        fh_legacy_2012_confidence,
    ),
    (
        ARCHIVE_2013_READER,
        "Archive copy of a 2013 page ('A Subtotal: Obstacles to Access: 9')",
        archive_2013_confidence,
    ),
    (
        ARCHIVE_2018_READER,
        "Archive copy of a 2018 page ('Total Score: | 19/100 |', no categories)",
        archive_2018_confidence,
    ),
):
    register(Reader(_name, LEGACY_READER_VERSION, _description, _confidence, read_label_page))
register(
    Reader(
        name=PDF_BOOK_READER,
        version=PDF_READER_VERSION,
        description="PDF chapter of a yearly Freedom on the Net book, editions 2013-2016",
        confidence=pdf_book_confidence,
        read=read_pdf_book,
    )
)

register(
    Reader(
        name=year_columns.READER_NAME,
        version=year_columns.READER_VERSION,
        description="Score table with one column per edition, the columns' numbers glued (10742 = 10 | 7 | 4 | 2)",
        confidence=year_columns.looks_like_year_columns,
        read=year_columns.read_year_columns,
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
    # The surest reader, the first registered among equals; each confidence is asked once.
    scored = [(reader.confidence(text), reader) for reader in READERS.values()]
    best = max(scored, key=lambda pair: pair[0], default=None)
    if best is None or best[0] < MIN_CONFIDENCE:
        raise NoReportFoundError("no internet-freedom score block or indicator found")
    return best[1]


_NO_BREAK_SPACES = "\u00a0\u2007\u202f"


def plain_spaces(text: str) -> str:
    """``text`` with its no-break spaces (U+00A0, the figure space U+2007 and the narrow
    U+202F) as plain spaces: a page copied from a browser or a PDF prints them between a
    label and its score, where the readers' patterns look for a space. (``str.replace`` per
    character: several times faster than ``str.translate`` on a long report.)"""
    for char in _NO_BREAK_SPACES:
        if char in text:
            text = text.replace(char, " ")
    return text


def read_report_bytes(data: bytes, file_name: str = "<bytes>", reader: str | None = None) -> Assessment:
    """Read one report from its bytes (plain text, HTML or PDF, told apart by content) into an
    :class:`Assessment` with provenance.

    ``Provenance.encoding`` says what the bytes were: the text encoding (``utf-8``),
    ``html/<encoding>`` or ``pdf``; ``Provenance.inferred`` names what was worked out,
    including a country or edition taken from a web page's title or address. Raises
    :class:`~netfreedom.errors.UnreadableInputError` (empty, binary, unknown
    encoding, damaged PDF, text longer than any report: see
    :func:`~netfreedom.ingest.formats.limits.check_text_limits`), :class:`NoReportFoundError` (text without a report) or
    :class:`ReadError` (exported JSON, which holds assessments rather than a report: see
    :func:`~netfreedom.ingest.read_assessments_json`); the message is one line.
    """
    source = extract_text(data, file_name)
    check_text_limits(source.text)
    source = replace(source, text=unflatten(plain_spaces(source.text)))
    found_identity: list[Identity] = []

    def identity() -> Identity:  # worked out only when something needs it
        if not found_identity:
            found_identity.append(identify(source.text))
        return found_identity[0]

    try:
        chosen: Reader | None = choose_reader(source.text, reader)
    except NoReportFoundError:
        if not looks_like_report(source.text, identity()):
            raise
        chosen = None
    result = chosen.read(source.text) if chosen is not None else None
    notes: list[ReaderNote] = []
    if result is None or not result.found_report:
        if reader is not None or not looks_like_report(source.text, identity()):
            raise NoReportFoundError("no internet-freedom score block or indicator found")
        if result is None:
            result = ReadResult(empty_assessment(), ["scale"])
        notes.append(reader_note("report", "no score is printed: a partial report"))
    assessment, inferred = apply_hints(result.assessment, result.inferred, source.hints)
    # The identity fills only a missing country, edition or coverage period.
    complete_from = (
        identity()
        if assessment.country is None or assessment.edition is None or assessment.coverage is None
        else Identity()
    )
    assessment, inferred, more = complete(assessment, inferred, complete_from, source.text)
    notes += more
    if notes:
        assessment = assessment.model_copy(update={"reader_notes": [*assessment.reader_notes, *notes]})
    name, version = (chosen.name, chosen.version) if chosen is not None else (IDENTITY_READER, IDENTITY_VERSION)
    provenance = Provenance(
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        encoding=source.encoding,
        reader=name,
        reader_version=version,
        read_at=datetime.now(UTC),
        inferred=inferred,
    )
    return assessment.model_copy(update={"provenance": provenance})


def read_report(path: str | Path, reader: str | None = None) -> Assessment:
    """Read the report file at ``path``; see :func:`read_report_bytes` for errors.

    An unreadable path (missing, a folder, a pipe or device, no permission, over 64 MiB)
    raises :class:`~netfreedom.errors.UnreadableInputError`.
    """
    from netfreedom.ingest.formats.files import read_input_bytes, safe_name

    file = Path(path)
    return read_report_bytes(read_input_bytes(file), file_name=safe_name(file), reader=reader)
