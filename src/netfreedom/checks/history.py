"""Rules that compare a report with last year's: score-change notes, stated previous
score, and the sidebar's quoted score."""

from __future__ import annotations

import re
from collections.abc import Iterator

from netfreedom.checks.registry import RULES, CheckContext, rule
from netfreedom.methodology import previous_edition
from netfreedom.model.assessment import Assessment, Finding, Severity
from netfreedom.model.scoring import current_scale_previous_total, current_scale_total

_DOWN = re.compile(r"declin|decreas|fell|dropp|lower|снизил|понизил|ухудшил|уменьшил", re.I)
_UP = re.compile(r"improv|increas|rose|raised|higher|повысил|улучшил|увеличил", re.I)


def _comparable_previous(assessment: Assessment, context: CheckContext) -> Assessment | None:
    previous = context.previous
    if previous is None or assessment.edition is None or previous.edition != previous_edition(assessment.edition):
        return None
    return previous


@rule("score-change", Severity.ERROR, "a score-change note disagrees with the scores it describes")
def score_change(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    this = RULES["score-change"]
    previous = _comparable_previous(assessment, context)
    same_scale = previous is not None and previous.methodology == assessment.methodology
    explained = 0
    for indicator in assessment.indicators:
        note = indicator.score_change
        earlier = previous.indicator(indicator.id) if previous is not None and same_scale else None
        if note is None:
            if (
                earlier is not None
                and None not in (earlier.score, indicator.score)
                and earlier.score != indicator.score
            ):
                yield this.finding(
                    indicator.id,
                    "score moved from {old} to {new} since {edition} without a score-change note",
                    Severity.WARNING,
                    old=earlier.score,
                    new=indicator.score,
                    edition=previous.edition if previous else None,
                )
            continue
        explained += note.to - note.from_
        if indicator.score is not None and note.to != indicator.score:
            yield this.finding(
                indicator.id,
                "note says the score became {noted}, the score line says {score}",
                noted=note.to,
                score=indicator.score,
            )
        if earlier is not None and earlier.score is not None and note.from_ != earlier.score:
            yield this.finding(
                indicator.id,
                "note says the score was {noted}, the stored {edition} edition has {stored}",
                Severity.WARNING,
                noted=note.from_,
                edition=previous.edition if previous else None,
                stored=earlier.score,
            )
        if (note.to < note.from_ and _UP.search(note.text) and not _DOWN.search(note.text)) or (
            note.to > note.from_ and _DOWN.search(note.text) and not _UP.search(note.text)
        ):
            yield this.finding(
                indicator.id,
                "note's wording contradicts its move {old} -> {new}",
                Severity.WARNING,
                old=note.from_,
                new=note.to,
            )
    if assessment.total is not None and assessment.previous.total is not None and assessment.indicators:
        change = assessment.total - assessment.previous.total
        if change != explained:
            yield this.finding(
                "total",
                "total moved by {change} since last year, score-change notes explain {explained}",
                Severity.WARNING,
                change=f"{change:+d}",
                explained=f"{explained:+d}",
            )


@rule("previous-score", Severity.WARNING, "last year's stated score differs from the stored previous edition")
def previous_score(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    previous = _comparable_previous(assessment, context)
    if previous is None:
        return
    this = RULES["previous-score"]
    stated = current_scale_previous_total(assessment)
    stored = current_scale_total(previous)
    if stated is not None and stored is not None and stated != stored:
        yield this.finding(
            "previous",
            "last year's score is given as {stated}, the stored {edition} edition has {stored} "
            "(both on the current scale)",
            stated=stated,
            edition=previous.edition,
            stored=stored,
        )
    if (
        assessment.previous.status is not None
        and previous.status is not None
        and assessment.previous.status is not previous.status
    ):
        yield this.finding(
            "previous",
            "last year's status is given as {stated_status}, the stored {edition} edition has {stored_status}",
            stated_status=assessment.previous.status.value,
            edition=previous.edition,
            stored_status=previous.status.value,
        )


@rule("sidebar-score", Severity.INFO, "the sidebar quotes an internet freedom score other than this edition's total")
def sidebar_score(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    quoted = assessment.sidebar.internet_freedom_score
    if quoted is not None and assessment.total is not None and quoted != assessment.total:
        yield RULES["sidebar-score"].finding(
            "sidebar",
            "the sidebar's internet freedom score is {quoted}, this edition's total is {total} "
            "(the sidebar may show a later edition)",
            quoted=quoted,
            total=assessment.total,
        )
