"""A stored report as the country page shows it: safe HTML for the narrative, plus the
scores, labels and sidebar in the interface language.

A stored paragraph is plain text with footnote numbers glued in (their places are listed in
``Assessment.footnote_markers``) and cross-references such as "(see B1)" or
"(см. раздел А3)". :func:`paragraph_html` escapes the text, turns each marker into
``<sup class="fn">N</sup>`` and each reference into ``<a href="#B1" class="xref">``, and
passes the result through :func:`~netfreedom.web.security.sanitize` (defence in depth: the
text is escaped before any tag is added). :func:`build_report` gathers one assessment into
a :class:`ReportView` for the template.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from markupsafe import Markup, escape

from netfreedom.methodology import Methodology, Scale, Status, load_methodology
from netfreedom.model.assessment import Assessment, FootnoteMarker, Indicator
from netfreedom.text.references import find_cross_references
from netfreedom.web.security import sanitize

__all__ = [
    "CategoryView",
    "ControlView",
    "IndicatorView",
    "MarkerIndex",
    "ParagraphView",
    "ReportView",
    "ScoreChangeView",
    "build_report",
    "format_day",
    "marker_index",
    "paragraph_html",
    "status_label",
]

MarkerIndex = Mapping[tuple[str, int], Sequence[FootnoteMarker]]
"""Footnote markers keyed by (location, paragraph index), as :func:`marker_index` builds."""

_PARENTHESES = re.compile(r"\([^()]{1,200}\)")
_SPACE_BEFORE = {",", ".", ";", ":"}

_Span = tuple[int, int, str]
"""(start, end, HTML replacing text[start:end]) inside one paragraph."""


def marker_index(assessment: Assessment) -> dict[tuple[str, int], list[FootnoteMarker]]:
    """The assessment's footnote markers grouped by (location, paragraph index)."""
    index: dict[tuple[str, int], list[FootnoteMarker]] = defaultdict(list)
    for marker in assessment.footnote_markers:
        index[(marker.location, marker.paragraph)].append(marker)
    return dict(index)


def _marker_spans(text: str, markers: Sequence[FootnoteMarker]) -> list[_Span]:
    spans: list[_Span] = []
    for marker in markers:
        digits = str(marker.number)
        start = marker.offset
        if text[start : start + len(digits)] != digits:
            continue  # a marker that no longer fits the text: leave the text as printed
        end = start + len(digits)
        if start > 0 and text[start - 1] == "[" and text[end : end + 1] == "]":
            start, end = start - 1, end + 1  # a marker printed in brackets: "word.[1]"
        elif text[end : end + 1] == " " and text[end + 1 : end + 2] in _SPACE_BEFORE:
            end += 1  # "word1 ," reads "word¹,"
        spans.append((start, end, f'<sup class="fn">{marker.number}</sup>'))
    return spans


def _reference_spans(text: str, targets: Mapping[str, str]) -> list[_Span]:
    """Spans of the indicator ids inside "(see ...)" groups whose target is in ``targets``."""
    spans: list[_Span] = []
    for group in _PARENTHESES.finditer(text):
        inner = group.group(0)
        position = 0
        for reference in find_cross_references(inner):
            # not inside a longer id ("A31", "CA3"); a glued connector ("A3andB1") is fine
            written = re.compile(rf"(?<![0-9A-ZА-ЯЁ]){re.escape(reference.written)}(?![0-9])")
            found = written.search(inner, position)
            if found is None:
                continue
            position = found.end()
            if reference.target not in targets:
                continue
            start = group.start() + found.start()
            link = (
                f'<a href="#{escape(reference.target)}" class="xref" '
                f'title="{escape(targets[reference.target])}">{escape(reference.written)}</a>'
            )
            spans.append((start, start + len(reference.written), link))
    return spans


def paragraph_html(
    text: str,
    markers: Sequence[FootnoteMarker] = (),
    targets: Mapping[str, str] | None = None,
) -> Markup:
    """One paragraph as safe HTML.

    ``markers`` are the footnote markers of this paragraph (offsets into ``text``); each
    becomes ``<sup class="fn">N</sup>``, taking with it the brackets of ``[N]`` or the space
    of ``N ,`` (a marker whose digits are not at its offset is left as text). ``targets`` maps indicator ids to a title; a cross-reference to one of
    them becomes ``<a href="#ID" class="xref" title="...">`` around the id as written
    (Cyrillic look-alikes such as ``А3`` link to ``#A3``). Everything else is escaped.
    """
    spans = _marker_spans(text, markers) + _reference_spans(text, targets or {})
    spans.sort(key=lambda span: span[0])
    parts: list[str] = []
    position = 0
    for start, end, html in spans:
        if start < position:
            continue  # overlaps an earlier span: keep the earlier one
        parts.append(str(escape(text[position:start])))
        parts.append(html)
        position = end
    parts.append(str(escape(text[position:])))
    return sanitize("".join(parts))


# -- the report view --------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreChangeView:
    """A score-change note's from → to; ``freer`` is True when the move means more freedom
    (a rise on the current scale, a fall on the legacy one)."""

    from_: int
    to: int
    freer: bool

    @property
    def arrow(self) -> str:
        """▲ when the printed score rose, ▼ when it fell, = when unchanged."""
        return "▲" if self.to > self.from_ else "▼" if self.to < self.from_ else "="


@dataclass(frozen=True)
class ParagraphView:
    """One narrative paragraph; ``note`` marks the score-change note."""

    html: Markup
    note: bool = False


@dataclass(frozen=True)
class IndicatorView:
    """One indicator as shown: ``topic`` in the interface language, ``question`` as printed
    in the report (the methodology's, in the interface language, when none was read);
    ``score`` ``None`` when the report lacks it; ``read`` False when the report has no
    section for it at all."""

    id: str
    topic: str
    max: int
    score: int | None
    question: str | None
    change: ScoreChangeView | None
    paragraphs: tuple[ParagraphView, ...]
    read: bool


@dataclass(frozen=True)
class CategoryView:
    """A category with its label (interface language), score and indicators."""

    id: str
    label: str
    score: int | None
    max: int
    indicators: tuple[IndicatorView, ...]


@dataclass(frozen=True)
class ControlView:
    """One key internet control: label in the interface language; ``value`` ``None`` when
    the sidebar does not state it."""

    label: str
    value: bool | None


@dataclass(frozen=True)
class ReportView:
    """Everything the country page shows of one assessment (see :func:`build_report`)."""

    assessment: Assessment
    methodology: Methodology
    status: str | None
    previous_status: str | None
    coverage: tuple[str, str] | None
    overview: tuple[Markup, ...]
    key_developments: tuple[Markup, ...]
    categories: tuple[CategoryView, ...]
    controls: tuple[ControlView, ...]


def status_label(methodology: Methodology, status: Status | None, language: str) -> str | None:
    """The status label in ``language`` (:meth:`Methodology.status_label`); ``None`` for no status."""
    return methodology.status_label(status, language) if status is not None else None


def format_day(day: date, language: str) -> str:
    """A date in the long form of ``language`` ("June 1, 2021", "1 июня 2021 г.")."""
    return format_date(day, "long", locale=language)


def _localized(text: Mapping[str, str], language: str) -> str:
    return text.get(language) or text.get("en") or next(iter(text.values()), "")


def _indicator_view(
    indicator_id: str,
    indicator: Indicator | None,
    methodology: Methodology,
    language: str,
    markers: MarkerIndex,
    targets: Mapping[str, str],
) -> IndicatorView:
    try:
        spec = methodology.indicator(indicator_id)
        topic, question, maximum = _localized(spec.topic, language), _localized(spec.question, language), spec.max
    except KeyError:
        topic, question, maximum = indicator_id, None, indicator.max if indicator else 0
    if indicator is None:
        return IndicatorView(indicator_id, topic, maximum, None, question, None, (), read=False)
    change = None
    note_text = None
    if indicator.score_change is not None:
        moved = indicator.score_change
        rose = moved.to > moved.from_
        freer = rose if methodology.scale.direction is Scale.HIGHER_IS_FREER else moved.to < moved.from_
        change = ScoreChangeView(moved.from_, moved.to, freer and moved.to != moved.from_)
        note_text = moved.text.strip()
    paragraphs = [
        ParagraphView(
            paragraph_html(text, markers.get((indicator_id, number), ()), targets),
            note=note_text is not None and text.strip() == note_text,
        )
        for number, text in enumerate(indicator.paragraphs)
    ]
    if note_text and not any(p.note for p in paragraphs):
        paragraphs.insert(0, ParagraphView(paragraph_html(note_text), note=True))
    return IndicatorView(
        id=indicator_id,
        topic=topic,
        max=indicator.max or maximum,
        score=indicator.score,
        question=indicator.question or question,
        change=change,
        paragraphs=tuple(paragraphs),
        read=True,
    )


def build_report(assessment: Assessment, language: str) -> ReportView:
    """The :class:`ReportView` of ``assessment`` with labels in interface ``language``.

    Indicators come in methodology order, grouped by category; indicators the report has
    but the methodology lacks follow in report order. Cross-references link only to
    indicators the report has. Raises
    :class:`~netfreedom.methodology.MethodologyError` when the assessment names an unknown
    methodology.
    """
    methodology = load_methodology(assessment.methodology)
    markers = marker_index(assessment)
    targets = {i.id: _topic(methodology, i.id, language) for i in assessment.indicators}
    categories: list[CategoryView] = []
    listed: set[str] = set()
    for spec in methodology.categories:
        views = []
        for indicator_spec in spec.indicators:
            listed.add(indicator_spec.id)
            found = assessment.indicator(indicator_spec.id)
            views.append(_indicator_view(indicator_spec.id, found, methodology, language, markers, targets))
        score = assessment.categories.get(spec.id)
        categories.append(
            CategoryView(
                id=spec.id,
                label=_localized(spec.label, language),
                score=score.score if score else None,
                max=score.max if score else spec.max,
                indicators=tuple(views),
            )
        )
    extra = [i for i in assessment.indicators if i.id not in listed]
    if extra:
        categories.append(
            CategoryView(
                id="other",
                label="",
                score=None,
                max=0,
                indicators=tuple(_indicator_view(i.id, i, methodology, language, markers, targets) for i in extra),
            )
        )
    coverage = None
    if assessment.coverage is not None:
        coverage = (format_day(assessment.coverage.start, language), format_day(assessment.coverage.end, language))
    return ReportView(
        assessment=assessment,
        methodology=methodology,
        status=status_label(methodology, assessment.status, language),
        previous_status=status_label(methodology, assessment.previous.status, language),
        coverage=coverage,
        overview=tuple(
            paragraph_html(text, markers.get(("overview", n), ()), targets)
            for n, text in enumerate(assessment.overview)
        ),
        key_developments=tuple(
            paragraph_html(text, markers.get(("key-developments", n), ()), targets)
            for n, text in enumerate(assessment.key_developments)
        ),
        categories=tuple(categories),
        controls=_controls(assessment, methodology, language),
    )


def _topic(methodology: Methodology, indicator_id: str, language: str) -> str:
    try:
        return f"{indicator_id}: {_localized(methodology.indicator(indicator_id).topic, language)}"
    except KeyError:
        return indicator_id


def _controls(assessment: Assessment, methodology: Methodology, language: str) -> tuple[ControlView, ...]:
    stated = assessment.sidebar.key_internet_controls
    views = [ControlView(_localized(c.label, language), stated.get(c.id)) for c in methodology.key_internet_controls]
    views += [ControlView(label, value) for label, value in assessment.sidebar.unmapped_controls.items()]
    return tuple(views)
