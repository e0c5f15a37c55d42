"""Limits that keep reading one input bounded, and the last line of defence that turns any
surprise while reading one input into that input's one-line error.

A published report is at most a few hundred kilobytes of text (a PDF book chapter a few
megabytes) with 21 indicators; the limits below are ten times and more above that, so only
hostile or broken input meets them. :func:`check_text_limits` applies them to extracted text
before any reader splits it into lines: a reader then does work linear in the text, on a
bounded amount of it.

:func:`guarded_read` is for the services that read a batch of files: whatever the libraries
underneath raise on a hostile file (a recursion limit, a damaged compressed stream, a
dependency's own exception type) becomes an :class:`~netfreedom.errors.UnreadableInputError`,
so that the batch goes on and the message names the file.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from netfreedom.errors import NetfreedomError, UnreadableInputError

__all__ = [
    "MAX_INDICATOR_SECTIONS",
    "MAX_TEXT_CHARS",
    "MAX_TEXT_LINES",
    "check_text_limits",
    "guarded_read",
    "unexpected_error",
]

MAX_TEXT_CHARS = 16 * 1024 * 1024
"""Most characters of report text a reader is given (16 Mi; reports are well under 1 Mi)."""

MAX_TEXT_LINES = 250_000
"""Most lines of report text a reader is given (reports have a few thousand)."""

MAX_INDICATOR_SECTIONS = 1_000
"""Most indicator headings one report may hold (the methodologies have 21; a PDF chapter with
running headers repeats some): more is not a report but a list of headings."""


def check_text_limits(text: str) -> None:
    """Raise :class:`UnreadableInputError` when ``text`` is longer than any report:
    more than :data:`MAX_TEXT_CHARS` characters or :data:`MAX_TEXT_LINES` lines.

    Costs one pass over the text and no memory.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise UnreadableInputError(
            f"the text is {len(text) / 1048576:.1f} million characters long, more than any report "
            f"(at most {MAX_TEXT_CHARS // 1048576} Mi): not read"
        )
    lines = text.count("\n") + 1
    if lines > MAX_TEXT_LINES:
        raise UnreadableInputError(
            f"the text has {lines:,} lines, more than any report (at most {MAX_TEXT_LINES:,}): not read"
        )


def unexpected_error(exc: BaseException) -> UnreadableInputError:
    """A one-line :class:`UnreadableInputError` for an exception that reading raised though
    no reader meant to: what kind of damage it points to, never a traceback."""
    if isinstance(exc, RecursionError):
        return UnreadableInputError("it is nested too deeply to read")
    if isinstance(exc, MemoryError):
        return UnreadableInputError("it is too large to read in memory")
    if isinstance(exc, zlib.error):
        return UnreadableInputError(f"a compressed part is damaged ({_first_line(exc)})")
    if isinstance(exc, (NotImplementedError, EOFError)):
        return UnreadableInputError(f"it is damaged or uses an unsupported feature ({_first_line(exc)})")
    return UnreadableInputError(f"it cannot be read ({type(exc).__name__}: {_first_line(exc)})")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    return line[:200]


@contextmanager
def guarded_read() -> Iterator[None]:
    """Run the reading of one input; any exception that is not a
    :class:`~netfreedom.errors.NetfreedomError` is raised again as the
    :class:`UnreadableInputError` of :func:`unexpected_error` (the original chained).

    ``KeyboardInterrupt`` and ``SystemExit`` pass through untouched.
    """
    try:
        yield
    except NetfreedomError:
        raise
    except Exception as exc:  # the whole point: a surprise in one file never stops a batch
        raise unexpected_error(exc) from exc
