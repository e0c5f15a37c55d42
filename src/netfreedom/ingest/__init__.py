"""Import of published reports: input formats, decoding, layout readers and the registry
that picks one."""

from netfreedom.errors import NoReportFoundError, ReadError, UnreadableInputError
from netfreedom.ingest.formats import (
    Format,
    Hints,
    SourceText,
    detect_format,
    extract_text,
)
from netfreedom.ingest.formats.decode import DecodedText, decode_report
from netfreedom.ingest.formats.json_import import (
    JSON_IMPORT_READER,
    ImportedItem,
    read_assessments_json,
)
from netfreedom.ingest.registry import (
    READERS,
    Reader,
    choose_reader,
    read_report,
    read_report_bytes,
)

__all__ = [
    "JSON_IMPORT_READER",
    "READERS",
    "DecodedText",
    "Format",
    "Hints",
    "ImportedItem",
    "NoReportFoundError",
    "ReadError",
    "Reader",
    "SourceText",
    "UnreadableInputError",
    "choose_reader",
    "decode_report",
    "detect_format",
    "extract_text",
    "read_assessments_json",
    "read_report",
    "read_report_bytes",
]
