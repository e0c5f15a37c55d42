"""A stored report as the country page shows it: the narrative's safe HTML, plus the
scores, labels, sidebar and sources list in the interface language.

The narrative's HTML is built once, when the report is stored
(:func:`netfreedom.text.narrative.build_narrative`, kept by the store beside the revision:
:meth:`netfreedom.store.Store.report_page`); :func:`build_report` gathers it with one
assessment into a :class:`ReportView` for the template, building the narrative only when
none is given (the PDF).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from markupsafe import Markup, escape

from netfreedom.methodology import Methodology, Scale, Status, load_methodology
from netfreedom.model.assessment import Assessment, Citation, Indicator
from netfreedom.text.narrative import Narrative, build_narrative, footnote_anchor

__all__ = [
    "CategoryView",
    "ControlView",
    "FootnoteView",
    "IndicatorView",
    "ParagraphView",
    "ReportView",
    "ScoreChangeView",
    "build_report",
    "footnote_items",
    "format_day",
    "status_label",
]

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

    @property
    def body(self) -> Markup:
        """The paragraphs as one piece of HTML (``<p>`` each; the score-change note with
        ``class="score-change-note"``): one string for the page instead of a template loop."""
        return Markup(
            "".join(
                f'<p class="score-change-note">{p.html}</p>' if p.note else f"<p>{p.html}</p>" for p in self.paragraphs
            )
        )


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
class FootnoteView:
    """One entry of the sources list: footnote ``number``, its ``anchor`` id (``fn-7``),
    the anchors of its markers in the text (``fnref-7``, ``fnref-7-2`` …), and where it is
    first cited: ``location`` (``overview``, ``key-developments`` or an indicator id) and
    ``where`` (that place's label in the interface language)."""

    number: int
    anchor: str
    refs: tuple[str, ...]
    location: str
    where: str


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
    footnotes: tuple[FootnoteView, ...] = ()
    citations: tuple[tuple[str, tuple[Citation, ...]], ...] = ()


def footnote_items(footnotes: tuple[FootnoteView, ...], gettext: Callable[..., str]) -> Markup:
    """The ``<li>`` entries of the sources list, joined: each footnote's number, its anchor
    and one link back to every marker of it in the text (the first named by the place
    where it is first cited, in the interface language of ``gettext``; the others by their
    count). Built in Python: one string for the page instead of a loop over hundreds."""
    overview, developments = gettext("Overview"), gettext("Key developments")
    items = []
    for note in footnotes:
        if note.location == "overview":
            place = overview
        elif note.location == "key-developments":
            place = developments
        else:
            place = note.location
        title = gettext("Back to footnote {number} in the text", number=note.number)
        if note.where != note.location:
            title = f"{title}: {note.where}"
        title_html, first = escape(title), escape(place)
        links = " ".join(
            f'<a href="#{escape(ref)}" class="fn-back" title="{title_html}">↩ {first if n == 0 else n + 1}</a>'
            for n, ref in enumerate(note.refs)
        )
        items.append(f'<li id="{escape(note.anchor)}" value="{note.number}">{links}</li>')
    return Markup("\n".join(items))


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
    narrative: Narrative,
) -> IndicatorView:
    try:
        spec = methodology.indicator(indicator_id)
        topic, question, maximum = _localized(spec.topic, language), _localized(spec.question, language), spec.max
    except KeyError:
        topic, question, maximum = indicator_id, None, indicator.max if indicator else 0
    if indicator is None:
        return IndicatorView(indicator_id, topic, maximum, None, question, None, (), read=False)
    change = None
    if indicator.score_change is not None:
        moved = indicator.score_change
        rose = moved.to > moved.from_
        freer = rose if methodology.scale.direction is Scale.HIGHER_IS_FREER else moved.to < moved.from_
        change = ScoreChangeView(moved.from_, moved.to, freer and moved.to != moved.from_)
    paragraphs = tuple(
        ParagraphView(Markup(html), note=bool(note)) for html, note in narrative["indicators"].get(indicator_id, ())
    )
    return IndicatorView(
        id=indicator_id,
        topic=topic,
        max=indicator.max or maximum,
        score=indicator.score,
        question=indicator.question or question,
        change=change,
        paragraphs=paragraphs,
        read=True,
    )


def _footnotes(narrative: Narrative, labels: Mapping[str, str]) -> tuple[FootnoteView, ...]:
    """The sources list: one entry per footnote number, in order of first appearance."""
    views = []
    for entry in narrative.get("footnotes", ()):
        location = entry["location"]
        views.append(
            FootnoteView(
                number=entry["number"],
                anchor=footnote_anchor(entry["number"]),
                refs=tuple(entry["refs"]),
                location=location,
                where=labels.get(location, location),
            )
        )
    return tuple(views)


def _citations(assessment: Assessment) -> tuple[tuple[str, tuple[Citation, ...]], ...]:
    """(indicator id, sources cited) of every indicator that lists its sources (drafted reports)."""
    return tuple((i.id, tuple(i.sources)) for i in assessment.indicators if i.sources)


def build_report(assessment: Assessment, language: str, narrative: Narrative | None = None) -> ReportView:
    """The :class:`ReportView` of ``assessment`` with labels in interface ``language``.

    ``narrative`` is the assessment's prepared narrative (as the store keeps it); when
    ``None`` it is built here (:func:`netfreedom.text.narrative.build_narrative`).
    Indicators come in methodology order, grouped by category; indicators the report has
    but the methodology lacks follow in report order. Raises
    :class:`~netfreedom.methodology.MethodologyError` when the assessment names an unknown
    methodology.
    """
    methodology = load_methodology(assessment.methodology)
    if narrative is None:
        narrative = build_narrative(assessment)
    categories: list[CategoryView] = []
    listed: set[str] = set()
    for spec in methodology.categories:
        views = []
        for indicator_spec in spec.indicators:
            listed.add(indicator_spec.id)
            found = assessment.indicator(indicator_spec.id)
            views.append(_indicator_view(indicator_spec.id, found, methodology, language, narrative))
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
                indicators=tuple(_indicator_view(i.id, i, methodology, language, narrative) for i in extra),
            )
        )
    coverage = None
    if assessment.coverage is not None:
        coverage = (format_day(assessment.coverage.start, language), format_day(assessment.coverage.end, language))
    labels = {i.id: _topic(methodology, i.id, language) for i in assessment.indicators}
    return ReportView(
        assessment=assessment,
        methodology=methodology,
        status=status_label(methodology, assessment.status, language),
        previous_status=status_label(methodology, assessment.previous.status, language),
        coverage=coverage,
        overview=tuple(Markup(html) for html in narrative["overview"]),
        key_developments=tuple(Markup(html) for html in narrative["key_developments"]),
        categories=tuple(categories),
        controls=_controls(assessment, methodology, language),
        footnotes=_footnotes(narrative, labels),
        citations=_citations(assessment),
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
