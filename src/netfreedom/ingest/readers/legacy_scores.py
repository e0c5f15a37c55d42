"""Readers for legacy score blocks of editions 2012-2014 and the 2013 and 2018 archive copies.

Layout families 6, 7 and 8 of shared/reference/layouts.md, all read by
:func:`~.legacy_page.read_label_page`; the readers differ in how they recognise a text:

* ``fh-legacy-2012`` (family 6): FH pages of 2012-2014 — a ``2014 Scores`` heading,
  ``Freedom on the Net Status`` and ``Freedom on the Net Total`` with the scale note printed
  twice (two capitalisations), a line ``2014 Freedom On the Net Total (0 = Best, 100 = Worst)
  28`` before the block and last year's value as a bullet ``• 2013 Freedom On the Net Total
  (0 = Best, 100 = Worst) 27``. Saved copies often kept the labels only: with no number for
  this edition the text is not a report (``found_report`` False).
* ``archive-2013`` (family 7): archive copies of 2013 — ``Freedom on the Net Status: Free``,
  ``Freedom on the Net Total: 28``, ``A Subtotal: Obstacles to Access: 9``.
* ``archive-2018`` (family 8): archive copies of 2018 — ``Total Score: | 19/100 (0 = Best, 100
  = Worst) |``, no category scores, "Freedom in the World Status" in the Quick Facts.
"""

from __future__ import annotations

from netfreedom.ingest.readers.legacy_page import label_signals, read_label_page

FH_LEGACY_2012_READER = "fh-legacy-2012"
ARCHIVE_2013_READER = "archive-2013"
ARCHIVE_2018_READER = "archive-2018"
READER_VERSION = "1.0"

__all__ = [
    "ARCHIVE_2013_READER",
    "ARCHIVE_2018_READER",
    "FH_LEGACY_2012_READER",
    "READER_VERSION",
    "archive_2013_confidence",
    "archive_2018_confidence",
    "fh_legacy_2012_confidence",
    "read_label_page",
]


def fh_legacy_2012_confidence(text: str) -> float:
    """Confidence 0..1 that ``text`` is an FH page of 2012-2014 (family 6)."""
    s = label_signals(text)
    if s.subtotal_lines or s.fotn_total_inline or s.total_score_label or s.ecoi_metadata:
        return 0.2 if s.fotn_total_label else 0.0
    if s.pdf_table:
        return 0.3
    if s.fotn_total_label:
        return 0.9 if s.scores_heading else 0.8
    return 0.0


def archive_2013_confidence(text: str) -> float:
    """Confidence 0..1 that ``text`` is an archive copy of a 2013 page (family 7)."""
    s = label_signals(text)
    if s.subtotal_lines:
        return 0.95
    if s.fotn_total_inline:
        return 0.85
    return 0.0


def archive_2018_confidence(text: str) -> float:
    """Confidence 0..1 that ``text`` is an archive copy of a 2018 page (family 8)."""
    s = label_signals(text)
    if not s.total_score_label or s.category_colon_labels or s.ecoi_metadata or s.subtotal_lines:
        return 0.0
    if s.total_of_100 or s.freedom_in_the_world:
        return 0.9
    return 0.0
