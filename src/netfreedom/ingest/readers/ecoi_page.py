"""Reader ``ecoi-page``: ecoi.net copies of Freedom House country pages, 2019 edition onward.

Layout family 2 of shared/reference/layouts.md. A title ``Freedom on the Net 2023 -
Exampleland`` (the country is often printed nowhere else, so it comes from the title and
``inferred`` names ``country``); the status in capitals or title case; the total on one line
and ``/ 100`` on the next; category lines ``Obstacles to Access 12 / 25`` with or without the
letter; ``LAST YEAR'S SCORE & STATUS`` then ``30 / 100 Not Free``; indicators as the question
followed by ``| 4 / 6 |``, with or without an id line before it (without one, ids follow the
methodology's order and ``inferred`` names ``indicator-ids``).
"""

from __future__ import annotations

import re

from netfreedom.ingest.parts.cleanup import find_title
from netfreedom.ingest.parts.page import read_current_page
from netfreedom.ingest.parts.result import ReadResult
from netfreedom.ingest.parts.score_block import block_features
from netfreedom.ingest.readers.fh_page import shared_confidence

READER_NAME = "ecoi-page"
READER_VERSION = "1.0"

_PIPE_SCORE_LINE = re.compile(r"\|\s*\d{1,2}\s*/\s*\d{1,2}\s*\|\s*$", re.MULTILINE)
_SLASH_100 = re.compile(r"^\s*/\s*100\s*$", re.MULTILINE)


def looks_like_ecoi_page(text: str) -> float:
    """Confidence 0..1 that ``text`` is an ecoi.net copy (category lines ``12 / 25``)."""
    features = block_features(text)
    score = shared_confidence(text)
    pipe_scores = len(_PIPE_SCORE_LINE.findall(text))
    if features.count("slash") >= 2:
        score += 0.45
    elif features.rows == 0 and pipe_scores >= 3:
        score += 0.35  # a body without its score block, in ecoi's print
    if features.rows > features.count("slash"):
        score -= 0.2
    if not features.count("slash") and not pipe_scores:
        return 0.0
    head = "\n".join(text.split("\n", 250)[:250])
    if find_title(head.split("\n")).country is not None:
        score += 0.05
    if _SLASH_100.search(head) or features.last_year_upper:
        score += 0.05
    if pipe_scores and not features.count("pipe"):
        score += 0.05
    return max(0.0, min(score, 1.0))


def read_ecoi_page(text: str) -> ReadResult:
    """Read an ecoi.net copy; missing parts stay empty for the checks to report."""
    return read_current_page(text)
