"""Errors raised when a file cannot be read as a report."""


class ReadError(Exception):
    """Base class: the input cannot give an assessment. ``str(err)`` is one line for users."""


class UnreadableInputError(ReadError):
    """The bytes are not text we can decode: empty, binary, unknown encoding."""


class NoReportFoundError(ReadError):
    """The text decodes but holds no internet-freedom report: no score block, no indicator."""
