"""Import of published reports: decoding, layout readers and the registry that picks one."""

from .decode import DecodedText, decode_report
from .errors import NoReportFoundError, ReadError, UnreadableInputError
from .registry import READERS, Reader, choose_reader, read_report, read_report_bytes

__all__ = [
    "READERS",
    "DecodedText",
    "NoReportFoundError",
    "ReadError",
    "Reader",
    "UnreadableInputError",
    "choose_reader",
    "decode_report",
    "read_report",
    "read_report_bytes",
]
