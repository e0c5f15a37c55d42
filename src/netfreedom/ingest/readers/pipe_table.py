"""Reader ``pipe-table``: country pages saved through a table extractor.

Layout family 3 of shared/reference/layouts.md. The score block survives as table rows —
``A Obstacles to Access | 24 25 |``, ``| A Obstacles to Access | 8 25 |``,
``Obstacles to Access | 12 / 25 |`` — often without status or total. What is not printed
stays ``None`` (the checks report it); the total is never worked out from the categories.
"""

from __future__ import annotations

from netfreedom.ingest.parts.page import read_current_page
from netfreedom.ingest.parts.result import ReadResult
from netfreedom.ingest.parts.score_block import block_features
from netfreedom.ingest.readers.fh_page import shared_confidence

READER_NAME = "pipe-table"
READER_VERSION = "1.0"


def looks_like_pipe_table(text: str) -> float:
    """Confidence 0..1 that ``text`` holds its category scores in table rows with pipes."""
    features = block_features(text)
    if features.count("pipe") < 2:
        return 0.0
    score = shared_confidence(text) + 0.55
    if features.rows > features.count("pipe"):
        score -= 0.2
    return max(0.0, min(score, 1.0))


def read_pipe_table(text: str) -> ReadResult:
    """Read a page whose score block is a pipe table; status and total may be ``None``."""
    return read_current_page(text)
