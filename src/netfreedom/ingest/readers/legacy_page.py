"""Readers for legacy Freedom House country pages, editions 2015-2017, and their ecoi.net copies.

Layout families 4 and 5 of shared/reference/layouts.md:

* ``fh-legacy-page`` (family 4): ``Status:`` / ``Total Score:`` / ``Obstacles to Access:``
  labels with the value on the next line or after the colon (with or without a space, or after
  a pipe), each followed by a scale note such as ``(0 = Best, 25 = Worst)``; a "Quick Facts"
  block (population, penetration, "… Blocked: Yes/No", "… Arrested: Yes/No", "Press Freedom
  Status"); "Key Developments:" with a period line such as ``June 2014 - May 2015``.
* ``ecoi-legacy-page`` (family 5): the same page as copied by ecoi.net, whose ``Country:``
  field is empty (the country is only in the title line, sometimes misspelled: it is matched
  loosely and listed as inferred) and whose ``Year:`` field gives the edition.

Both read through :func:`read_label_page`, which the readers of families 6-8
(:mod:`.legacy_scores`) share. Scores are stored as printed; the scale comes from the page's
own scale note (:func:`~.legacy_parts.scale_of`), so an old edition republished in the current
scale is read on the current scale. Legacy pages have no indicator scores (``indicators=[]``);
the introduction is kept as ``overview``, the rest of the body is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from netfreedom.ingest.parts.labels import normalize_space
from netfreedom.ingest.parts.legacy_fields import (
    Field,
    FieldKind,
    field_number,
    field_status,
    scan_fields,
    sidebar_from_fields,
)
from netfreedom.ingest.parts.legacy_parts import (
    LegacyReport,
    country_from_title,
    finish,
    key_developments,
    overview,
    parse_period,
    scale_of,
)
from netfreedom.ingest.parts.result import ReadResult
from netfreedom.methodology import LEGACY, Methodology, load_methodology
from netfreedom.model.assessment import PreviousEdition

LEGACY_PAGE_READER = "fh-legacy-page"
ECOI_LEGACY_READER = "ecoi-legacy-page"
READER_VERSION = "1.0"

_EDITION_TITLE = re.compile(r"freedom\s+on\s+the\s+net\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_SCORES_HEADING = re.compile(r"^((?:19|20)\d\d)\s+scores$", re.IGNORECASE)
_HEAD_LINES = 400
_TITLE_LINES = 10


@dataclass(frozen=True)
class LabelSignals:
    """Layout marks of the legacy label families, counted on the head of a text.

    Computed once per text by :func:`label_signals`; each reader's confidence combines them.
    """

    status_label: bool
    total_score_label: bool
    total_of_100: bool
    category_colon_labels: int
    subtotal_lines: int
    fotn_total_label: bool
    fotn_total_inline: bool
    scores_heading: bool
    ecoi_metadata: bool
    freedom_in_the_world: bool
    pdf_table: bool


def _head(text: str) -> list[str]:
    return [normalize_space(line) for line in text.split("\n", _HEAD_LINES)[:_HEAD_LINES]]


@lru_cache(maxsize=16)
def label_signals(text: str) -> LabelSignals:
    """The :class:`LabelSignals` of ``text`` (cached: every reader asks for them)."""
    lines = [line.strip(" |").casefold() for line in _head(text)]
    labels = [c.label["en"].casefold() for c in load_methodology(LEGACY).categories]
    colon_label = re.compile(rf"^(?:[a-c]\s+subtotal\s*:\s*)?(?:{'|'.join(map(re.escape, labels))})\s*:")
    fields = [re.split(r"\s*\|\s*", line, maxsplit=1)[0] for line in lines]
    return LabelSignals(
        status_label=any(re.match(r"^(?:(?:19|20)\d\d\s+)?status\s*:", f) for f in fields),
        total_score_label=any(re.match(r"^total score\s*:", f) for f in fields),
        total_of_100=any(re.match(r"^total score\s*:\s*\|?\s*\d{1,3}\s*/\s*100\b", line) for line in lines),
        category_colon_labels=sum(1 for f in fields if colon_label.match(f)),
        subtotal_lines=sum(1 for f in fields if re.match(r"^[a-c]\s+subtotal\s*:", f)),
        fotn_total_label=any("freedom on the net total" in line for line in lines),
        fotn_total_inline=any(re.match(r"^freedom on the net total\s*:\s*\d", line) for line in lines),
        scores_heading=any(_SCORES_HEADING.match(line) for line in lines),
        ecoi_metadata=any(re.match(r"^country\s*:", f) for f in fields)
        and any(re.match(r"^year\s*:", f) for f in fields),
        freedom_in_the_world=any(f.startswith("freedom in the world status") for f in fields),
        pdf_table=bool(re.search(r"total\s*\*?\s*\(\s*0\s*[-–]\s*100\s*\)", " ".join(lines[:200]))),
    )


def legacy_page_confidence(text: str) -> float:
    """Confidence 0..1 that ``text`` is a legacy FH page of 2015-2017 (family 4)."""
    s = label_signals(text)
    if not (s.total_score_label or (s.status_label and s.category_colon_labels)):
        return 0.0
    if s.ecoi_metadata or s.subtotal_lines:
        return 0.5
    if s.category_colon_labels:
        return 0.9
    if s.total_of_100 or s.freedom_in_the_world:
        return 0.4  # the 2018 archive layout (family 8) is surer
    return 0.6


def ecoi_legacy_confidence(text: str) -> float:
    """Confidence 0..1 that ``text`` is an ecoi.net copy of a legacy page (family 5)."""
    s = label_signals(text)
    if s.ecoi_metadata and (s.total_score_label or s.category_colon_labels):
        return 0.95
    return 0.0


def _edition(lines: list[str], fields: list[Field]) -> int | None:
    for item in fields:
        if item.kind is FieldKind.YEAR and item.value:
            match = re.search(r"(?:19|20)\d\d", item.value)
            if match:
                return int(match.group(0))
    for line in lines[:40]:
        match = _EDITION_TITLE.search(line)
        if match and len(line) <= 100:
            return int(match.group(1))
    for line in lines:
        match = _SCORES_HEADING.match(line)
        if match:
            return int(match.group(1))
    years = [f.year for f in fields if f.year and f.kind in {FieldKind.STATUS, FieldKind.TOTAL, FieldKind.CATEGORY}]
    return max(years) if years else None


def _is_previous(item: Field, edition: int | None) -> bool:
    return item.year is not None and edition is not None and item.year < edition


def _scores(report: LegacyReport, fields: list[Field]) -> None:
    previous_total = previous_status = None
    for item in fields:
        earlier = _is_previous(item, report.edition)
        if item.kind is FieldKind.TOTAL:
            number = field_number(item)
            if number is None:
                continue
            if earlier:
                previous_total = number if previous_total is None else previous_total
            elif report.total is None:
                report.total = number
        elif item.kind is FieldKind.STATUS:
            status = field_status(item)
            if status is None:
                continue
            if earlier:
                previous_status = status if previous_status is None else previous_status
            elif report.status is None:
                report.status = status
        elif item.kind is FieldKind.CATEGORY and item.category is not None and not earlier:
            number = field_number(item)
            if number is not None and report.categories.get(item.category, (None, None))[0] is None:
                report.categories[item.category] = (number, item.maximum)
    report.previous = PreviousEdition(total=previous_total, status=previous_status)


def _country(report: LegacyReport, lines: list[str], fields: list[Field]) -> None:
    country_field = next((f for f in fields if f.kind is FieldKind.COUNTRY), None)
    if country_field is not None and country_field.value:
        country, loose = country_from_title([country_field.value])
        if country is not None:
            report.country = country
            if loose:
                report.inferred.append("country")
            return
    first_field = min((f.line for f in fields), default=len(lines))
    titles = [line for line in lines[:first_field] if line][:_TITLE_LINES]
    country, loose = country_from_title(titles)
    if country is None:
        return
    report.country = country
    if loose or country_field is not None:
        report.inferred.append("country")  # the page's own country field is empty


def read_label_page(text: str) -> ReadResult:
    """Read a legacy page whose score block is made of labels and values (families 4-8).

    Never raises on odd text: what is missing stays ``None`` for the checks to report.
    ``found_report`` is False when neither this edition's total nor a category score is
    printed (copies that kept the labels only). ``inferred`` may list ``scale`` (no scale note
    printed: the legacy scale of the layout is assumed), ``edition`` (from the coverage
    period) and ``country`` (matched loosely, or taken from the title because the page's
    ``Country:`` field is empty).
    """
    lines = [normalize_space(line) for line in text.split("\n")]
    narrative, narrative_line = overview(lines, load_methodology(LEGACY))
    head_end = narrative_line if narrative_line is not None else len(lines)
    methodology: Methodology
    methodology, scale_assumed = scale_of("\n".join(lines[:head_end]))
    fields = scan_fields(lines, methodology)
    report = LegacyReport(methodology=methodology)
    if scale_assumed:
        report.inferred.append("scale")
    report.edition = _edition(lines, fields)
    _scores(report, fields)
    _country(report, lines, fields)
    developments = key_developments(lines, methodology)
    report.coverage = developments.period or parse_period("\n".join(lines[:head_end][:80]))
    report.key_developments = developments.bullets
    report.overview = narrative
    report.narrative_first = (
        narrative_line is not None and developments.line is not None and narrative_line < developments.line
    )
    report.sidebar = sidebar_from_fields(fields, methodology)
    return finish(report)
