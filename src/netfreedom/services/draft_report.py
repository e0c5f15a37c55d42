"""A draft as a report: the :class:`Assessment` it would publish, its findings, and the
blocking ones.

:func:`draft_assessment` builds the assessment a draft stands for (category scores, total
and status worked out from the indicators with the methodology; score-change notes parsed
as the readers parse published ones; footnote markers found as in published text);
:func:`draft_findings` runs every report check on it, with last year's scorecard
(:attr:`Draft.last_year <netfreedom.model.drafting.Draft.last_year>`: the previous published
edition from any source: report, workbook or score-table row; never simply the base, which
may be older) as the previous edition; :func:`blocking_findings` are those that stop a
gated action: every error-level finding, and every ``score-change`` finding on an indicator
(a score that moved without a note, or a note whose numbers disagree with the scores).

Last year is compared at the finest level it is known at (:func:`last_year_findings`): per
indicator where last year's indicator scores are known (reports and workbooks give them);
per category where only the category score is (``category:A``: the category's move must
equal the moves the notes of its indicators state); by the total where only the total is.
A change that the notes do not explain is an error-level ``score-change`` finding, so it
blocks as a moved indicator without a note does.
"""

from __future__ import annotations

import re

from netfreedom.checks import run_checks
from netfreedom.ingest.parts.body import assign_footnotes, parse_score_change
from netfreedom.ingest.parts.vocabulary import SCORE_CHANGE
from netfreedom.methodology import load_methodology
from netfreedom.model.assessment import (
    Assessment,
    CategoryScore,
    Country,
    Finding,
    Indicator,
    PreviousEdition,
    Severity,
    Sidebar,
    new_finding,
)
from netfreedom.model.drafting import Draft, DraftIndicator, LastYear
from netfreedom.text.references import find_cross_references

__all__ = [
    "NOTE_LEADS",
    "blocking_findings",
    "draft_assessment",
    "draft_findings",
    "last_year_findings",
    "note_paragraph",
    "paragraphs_of",
]

NOTE_LEADS = {"en": "Score Change:", "ru": "Изменение балла:", "es": "Cambio en la puntuación:"}
"""The lead a score-change note gets in the published text when its writer left it out."""

_BLANK_LINES = re.compile(r"\n\s*\n")


def paragraphs_of(markdown: str) -> list[str]:
    """The paragraphs of Markdown text: blocks separated by blank lines, each on one line."""
    return [" ".join(block.split()) for block in _BLANK_LINES.split(markdown.strip()) if block.strip()]


def note_paragraph(note: str | None, language: str) -> str | None:
    """The score-change note as published: one paragraph with its lead (``Score Change:``);
    ``None`` for no note."""
    if note is None or not note.strip():
        return None
    text = " ".join(note.split())
    if SCORE_CHANGE.match(text):
        return text
    return f"{NOTE_LEADS.get(language, NOTE_LEADS['en'])} {text}"


def _indicator(draft: Draft, drafted: DraftIndicator) -> Indicator:
    methodology = load_methodology(draft.methodology)
    spec = methodology.indicator(drafted.id)
    note = note_paragraph(drafted.change_note, draft.language)
    paragraphs = ([note] if note else []) + paragraphs_of(drafted.narrative)
    return Indicator(
        id=drafted.id,
        heading=f"{drafted.id} (0-{drafted.max})",
        category=drafted.category,
        max=drafted.max,
        score=drafted.score,
        question=spec.question.get(draft.language) or spec.question.get("en"),
        paragraphs=paragraphs,
        score_change=parse_score_change(note) if note else None,
        cross_references=[ref for p in paragraphs for ref in find_cross_references(p)],
        sources=list(drafted.sources),
    )


def draft_assessment(draft: Draft) -> Assessment:
    """The assessment the draft stands for, on its methodology's scale.

    Category scores are the sums of their indicators (``None`` while one lacks a score), the
    total the sum of the categories and the status its band; last year's score and status
    are those of last year's scorecard (:attr:`Draft.last_year`), not the base's. Raises :class:`~netfreedom.errors.MethodologyError` for an unknown
    methodology.
    """
    methodology = load_methodology(draft.methodology)
    indicators = [_indicator(draft, d) for d in draft.indicators]
    categories: dict[str, CategoryScore] = {}
    for category in methodology.categories:
        scores = [i.score for i in indicators if i.category == category.id]
        complete = len(scores) == len(category.indicators) and None not in scores
        total = sum(s for s in scores if s is not None) if complete else None
        categories[category.id] = CategoryScore(id=category.id, score=total, max=category.max)
    sums = [c.score for c in categories.values()]
    total = sum(s for s in sums if s is not None) if None not in sums else None
    status = methodology.status_for(total) if total is not None else None
    last = draft.last_year
    previous = PreviousEdition(total=last.total, status=last.status) if last is not None else PreviousEdition()
    sections = [("overview", draft.overview), ("key-developments", draft.key_developments)]
    sections += [(i.id, i.paragraphs) for i in indicators]
    markers, per_location = assign_footnotes(sections)
    for indicator in indicators:
        indicator.footnotes = per_location.get(indicator.id, [])
    return Assessment(
        country=Country(name=draft.country_name, iso3=draft.iso3),
        edition=draft.edition,
        language=draft.language,
        scale=methodology.scale.direction,
        methodology=methodology.id,
        coverage=draft.coverage,
        status=status,
        total=total,
        categories=categories,
        previous=previous,
        overview=list(draft.overview),
        key_developments=list(draft.key_developments),
        key_developments_cross_references=[r for p in draft.key_developments for r in find_cross_references(p)],
        indicators=indicators,
        sidebar=Sidebar(
            country=draft.country_name,
            key_internet_controls=dict(draft.key_internet_controls),
            internet_freedom_score=total,
        ),
        footnote_markers=markers,
    )


def draft_findings(draft: Draft) -> list[Finding]:
    """Every report check run on the draft, with last year's scorecard as the previous
    edition (per indicator where its indicator scores are known), then
    :func:`last_year_findings` for what is known only per category or by the total."""
    assessment = draft_assessment(draft)
    gate = last_year_findings(draft, assessment)
    findings = run_checks(assessment, _last_year_assessment(draft))
    if any(f.location == "total" for f in gate):  # the gate's own finding replaces the check's warning
        findings = [f for f in findings if not (f.rule == "score-change" and f.location == "total")]
    return findings + gate


def _last_year_assessment(draft: Draft) -> Assessment | None:
    """Last year's scorecard as an assessment for the history checks: only the indicator
    scores it knows (the checks compare those), its total and status."""
    last = draft.last_year
    if last is None:
        return None
    methodology = load_methodology(draft.methodology)
    indicators = [
        Indicator(
            id=spec.id, category=methodology.category_of(spec.id).id, max=spec.max, score=last.indicators[spec.id]
        )
        for spec in methodology.indicators
        if spec.id in last.indicators
    ]
    return Assessment(
        country=Country(name=draft.country_name, iso3=draft.iso3),
        edition=last.edition,
        language=draft.language,
        scale=methodology.scale.direction,
        methodology=methodology.id,
        status=last.status,
        total=last.total,
        categories={
            c.id: CategoryScore(id=c.id, score=last.categories.get(c.id), max=c.max) for c in methodology.categories
        },
        indicators=indicators,
    )


def last_year_findings(draft: Draft, assessment: Assessment | None = None) -> list[Finding]:
    """The score changes since last year that are known only per category or by the total,
    each not explained by the score-change notes: error-level ``score-change`` findings at
    ``category:X`` or ``total``. Categories whose indicators all have last year's score are
    left to the per-indicator checks. Nothing while a compared score is incomplete (an
    unscored indicator) or last year is unknown. ``assessment`` is the draft's
    (:func:`draft_assessment`) when already built."""
    last = draft.last_year
    if last is None:
        return []
    assessment = assessment or draft_assessment(draft)
    methodology = load_methodology(draft.methodology)
    stated = {i.id: i.score_change.to - i.score_change.from_ for i in assessment.indicators if i.score_change}
    findings: list[Finding] = []
    known_change = 0
    unknown: list[str] = []
    for category in methodology.categories:
        ids = [spec.id for spec in category.indicators]
        mine = assessment.categories[category.id].score
        if all(i in last.indicators for i in ids):
            if mine is not None:
                known_change += mine - sum(last.indicators[i] for i in ids)
            continue
        before = last.categories.get(category.id)
        if before is None:
            unknown.extend(ids)
            continue
        if mine is None:
            continue
        known_change += mine - before
        explained = sum(stated.get(i, 0) for i in ids)
        if mine - before != explained:
            findings.append(_unexplained(f"category:{category.id}", before, mine, explained, last))
    if unknown and last.total is not None and assessment.total is not None:
        explained = sum(stated.get(i, 0) for i in unknown)
        change = assessment.total - last.total - known_change
        if change != explained:
            findings.append(_unexplained("total", last.total, assessment.total, explained, last))
    return findings


def _unexplained(location: str, before: int, after: int, explained: int, last: LastYear) -> Finding:
    return new_finding(
        "score-change",
        Severity.ERROR,
        location,
        "moved from {old} to {new} since {edition}, the score-change notes explain {explained}",
        old=before,
        new=after,
        edition=last.edition,
        explained=f"{explained:+d}",
    )


def blocking_findings(findings: list[Finding], draft: Draft) -> list[Finding]:
    """The findings that stop a gated action: error-level ones, and ``score-change`` ones on
    an indicator (a moved score needs a note whose numbers agree). A note that states no
    "from N to M" counts as no note, with its own finding."""
    known = {i.id for i in draft.indicators}
    blocking = [
        f for f in findings if f.severity is Severity.ERROR or (f.rule == "score-change" and f.location in known)
    ]
    for drafted in draft.indicators:
        note = note_paragraph(drafted.change_note, draft.language)
        if note is not None and parse_score_change(note) is None:
            blocking.append(
                new_finding(
                    "score-change",
                    Severity.ERROR,
                    drafted.id,
                    "the score-change note does not state the move as 'from N to M'",
                )
            )
    return blocking
