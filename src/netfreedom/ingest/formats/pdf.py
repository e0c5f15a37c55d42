"""PDF files: the text layer, page by page, for the readers of printed copies.

Text is extracted with pypdf (pure Python, no system libraries), one page after the other,
pages joined by a line break, so the ``pdf-page-2019`` and ``pdf-book-chapter`` readers see
what they were written for: wrapped lines, page furniture (``Page 2 of 14``, print time
stamps, page addresses) between the pages, glued score/maximum pairs. Ligatures (``ﬁ``) and
soft hyphens are undone. The document title (``/Title``, set by browsers that print to PDF)
is kept as a hint for the country and edition.

A damaged, encrypted or image-only PDF raises
:class:`~netfreedom.errors.UnreadableInputError` with a one-line message; pypdf's own
warnings about repaired damage are kept off the terminal.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from pypdf import PasswordType, PdfReader

from netfreedom.errors import ReadError, UnreadableInputError
from netfreedom.ingest.formats import Format, SourceText, hints_from

__all__ = ["pdf_to_text"]

_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st", "\u00ad": ""}
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Keep pypdf's log records and warnings about damaged files off standard error."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _one_line(exc: BaseException) -> str:
    first = str(exc).strip().splitlines()
    return first[0][:200] if first else type(exc).__name__


def _pages(data: bytes) -> tuple[list[str], str | None]:
    """The text of every page and the document title; see :func:`pdf_to_text` for errors."""
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise UnreadableInputError("the PDF is encrypted with a password")
    pages = [page.extract_text() or "" for page in reader.pages]
    metadata = reader.metadata
    title = metadata.title if metadata is not None else None
    return pages, title if isinstance(title, str) else None


def pdf_to_text(data: bytes) -> SourceText:
    """The text of a PDF, labelled ``pdf``, with its title as a hint.

    Raises :class:`UnreadableInputError` when the PDF is damaged beyond reading, encrypted
    with a password, has no pages, or has no text layer (scanned pages); the message is one
    line.
    """
    try:
        with _quiet_pypdf():
            pages, title = _pages(data)
    except ReadError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on damaged files
        raise UnreadableInputError(f"the PDF cannot be read ({_one_line(exc)})") from None
    if not pages:
        raise UnreadableInputError("the PDF has no pages")
    text = "\n".join(page.replace("\r\n", "\n").replace("\r", "\n") for page in pages)
    text = _CONTROLS.sub("", text.translate(_LIGATURES))
    if not text.strip():
        raise UnreadableInputError("the PDF has no text layer (scanned pages need OCR first)")
    return SourceText(text if text.endswith("\n") else text + "\n", "pdf", Format.PDF, hints_from(title))
