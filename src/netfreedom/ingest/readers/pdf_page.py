"""Reader ``pdf-page-2019``: text extracted from printed (PDF) country pages, 2019 onward.

Layout family 10 of shared/reference/layouts.md. Score and maximum glued together
(``Violations of User Rights 540`` is 5 of 40, ``625`` is 6 of 25: the methodology's
maximum tells them apart), a period after the category letter and the maximum on its own line
(``A. Obstacles to Access 5`` then ``/25``), and print furniture in the middle of the text —
dates, page URLs, ``Page 2 of 15``, the browser title — which is dropped. Paragraphs and
questions wrapped by the extractor are joined again before the body is read.
"""

from __future__ import annotations

from netfreedom.ingest.parts.page import read_current_page
from netfreedom.ingest.parts.result import ReadResult
from netfreedom.ingest.parts.score_block import block_features
from netfreedom.ingest.readers.fh_page import shared_confidence

READER_NAME = "pdf-page-2019"
READER_VERSION = "1.0"


def looks_like_pdf_page(text: str) -> float:
    """Confidence 0..1 that ``text`` is a printed copy (``A. ... 5`` / ``/25`` or glued)."""
    features = block_features(text)
    printed_rows = features.count("pdf")
    if not printed_rows and features.furniture < 2:
        return 0.0
    score = shared_confidence(text)
    if printed_rows >= 2:
        score += 0.45
    elif printed_rows == 1 and features.furniture:
        score += 0.3
    if features.rows > printed_rows:
        score -= 0.2
    if features.furniture >= 2:
        score += 0.1  # page numbers, URLs, time stamps: a printed copy even without its block
    return max(0.0, min(score, 1.0))


def read_pdf_page(text: str) -> ReadResult:
    """Read a printed copy; missing parts stay empty for the checks to report."""
    return read_current_page(text, printed=True)
