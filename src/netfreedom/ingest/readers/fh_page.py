"""Reader ``fh-country-page``: Freedom House country pages, 2019 edition onward.

Layout families 1 and 11 of shared/reference/layouts.md (and the seed report). A score block
in English — country (sometimes twice), status, total, "100", three lines
``A <category> <score> <max>`` without a slash, "Last Year's Score & Status",
``<score> 100 <status>``, a scale sentence — then the body in English or a translation
(Russian, Spanish): overview ("Overview", "Резюме", "Общее описание", "Descripción General"),
key developments with the coverage period, category headings, indicator blocks (``A1 (0-6)``
or ``A1`` / ``1.00-6.00 pts0-6 pts`` with a glued ``4.006`` score), score-change notes and the
"On <Country>" sidebar. Markup leaks (``header1 Overview``) and image labels
(``Exampleland_hero_map``) are ignored.

The parsing itself is shared with the other current-era readers (:mod:`.page`); this module
holds what tells this layout apart.
"""

from __future__ import annotations

from functools import lru_cache

from netfreedom.ingest.parts.body import match_header
from netfreedom.ingest.parts.labels import normalize_space
from netfreedom.ingest.parts.page import read_current_page
from netfreedom.ingest.parts.result import ReadResult
from netfreedom.ingest.parts.score_block import (
    ScoreBlock,
    block_features,
    read_score_block,
)

READER_NAME = "fh-country-page"
READER_VERSION = "1.1"

__all__ = [
    "READER_NAME",
    "READER_VERSION",
    "ScoreBlock",
    "indicator_header_count",
    "looks_like_fh_page",
    "read_fh_page",
    "read_score_block",
    "shared_confidence",
]


@lru_cache(maxsize=8)
def indicator_header_count(text: str, limit: int = 40) -> int:
    """How many indicator headers (any print) the text has, counting up to ``limit``."""
    lines = text.split("\n")
    found = 0
    for index, line in enumerate(lines):
        start = line.lstrip(" \t\u00a0")[:1]
        if not start or start not in "ABCАВС" or len(line) > 80:
            continue
        window = [normalize_space(other) for other in lines[index : index + 4]]
        if match_header(window, 0):
            found += 1
            if found >= limit:
                break
    return found


def shared_confidence(text: str) -> float:
    """The part of every current-era reader's confidence that does not depend on the print:
    indicator blocks (0.3), a "Last Year's Score" line (0.1), the current scale sentence (0.1).
    """
    features = block_features(text)
    if features.other_index_only:
        return 0.1  # a Freedom in the World page: its A1..G4 blocks are not ours
    score = 0.3 if indicator_header_count(text, 1) else 0.0
    if features.last_year:
        score += 0.1
    if features.current_scale:
        score += 0.1
    return score


def looks_like_fh_page(text: str) -> float:
    """Confidence 0..1 that ``text`` is an FH country page (category lines printed plain)."""
    features = block_features(text)
    score = shared_confidence(text)
    if features.other_index_only:
        return score
    if features.count("plain") >= 2:
        score += 0.45
    if features.last_year and not features.last_year_upper:
        score += 0.05
    if features.rows > features.count("plain"):
        score -= 0.15  # another print's category lines: that reader should win
    return max(0.0, min(score, 1.0))


def read_fh_page(text: str) -> ReadResult:
    """Read a country page in this layout.

    Never raises on odd text: parts that are missing are left empty (``None``) and the
    checks report them. ``found_report`` is False when neither a score block nor any
    indicator was found.
    """
    return read_current_page(text)
