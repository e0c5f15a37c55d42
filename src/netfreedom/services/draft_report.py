"""A draft as a report: the :class:`Assessment` it would publish, its findings, and the
blocking ones.

:func:`draft_assessment` builds the assessment a draft stands for (category scores, total
and status worked out from the indicators with the methodology; score-change notes parsed
as the readers parse published ones; footnote markers found as in published text);
:func:`draft_findings` runs every report check on it, with the draft's base (last year's
stored assessment) as the previous edition; :func:`blocking_findings` are those that stop a
gated action: every error-level finding, and every ``score-change`` finding on an indicator
(a score that moved without a note, or a note whose numbers disagree with the scores).
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
from netfreedom.model.drafting import Draft, DraftIndicator
from netfreedom.text.references import find_cross_references

__all__ = [
    "NOTE_LEADS",
    "blocking_findings",
    "draft_assessment",
    "draft_findings",
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
    are the base's. Raises :class:`~netfreedom.errors.MethodologyError` for an unknown
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
    base = draft.base
    previous = PreviousEdition(total=base.total, status=base.status) if base is not None else PreviousEdition()
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
    """Every report check run on the draft (previous edition: the draft's base)."""
    return run_checks(draft_assessment(draft), draft.base)


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
