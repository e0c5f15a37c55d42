"""Rules about what a report is: its edition, its country, and what the reader could not place."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from netfreedom.checks.registry import RULES, CheckContext, rule
from netfreedom.methodology import load_methodology
from netfreedom.model.assessment import Assessment, Finding, Severity
from netfreedom.model.countries import UnknownCountryError, resolve_country

FIRST_EDITION = 2009
"""The pilot edition of Freedom on the Net (fotn-facts.md); no edition can be older."""


@rule("edition-coverage", Severity.ERROR, "the edition is impossible, or disagrees with the coverage period")
def edition_coverage(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    this = RULES["edition-coverage"]
    edition = assessment.edition
    latest = date.today().year + 1
    if edition is not None and not FIRST_EDITION <= edition <= latest:
        yield this.finding(
            "report", "edition {edition} is outside {first}-{last}", edition=edition, first=FIRST_EDITION, last=latest
        )
    coverage = assessment.coverage
    if coverage is None:
        return
    if not FIRST_EDITION - 2 <= coverage.end.year <= latest:
        yield this.finding(
            "coverage", "the coverage period ends in {year}, outside any edition", year=coverage.end.year
        )
    elif edition is not None and coverage.end.year not in (edition, edition - 1):
        yield this.finding(
            "coverage",
            "edition {edition} but the coverage period is {start} to {end}",
            Severity.WARNING,
            edition=edition,
            start=coverage.start.isoformat(),
            end=coverage.end.isoformat(),
        )


@rule("country-mismatch", Severity.ERROR, "the sidebar names another country than the report's title")
def country_mismatch(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    named = assessment.sidebar.country
    if not named:
        return
    try:
        other = resolve_country(named)
    except UnknownCountryError:
        return
    if assessment.country is not None and other.iso3 != assessment.country.iso3:
        yield RULES["country-mismatch"].finding(
            "sidebar",
            "the report is read as {name} ({iso3}) but its sidebar is about {other_name} ({other_iso3})",
            name=assessment.country.name,
            iso3=assessment.country.iso3,
            other_name=other.name,
            other_iso3=other.iso3,
        )


@rule("previous-range", Severity.ERROR, "last year's printed score lies outside the scale")
def previous_range(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    total = assessment.previous.total
    scale = load_methodology(assessment.methodology).scale
    if total is not None and not scale.min <= total <= scale.max:
        yield RULES["previous-range"].finding(
            "previous", "last year's score {total} is outside {min}-{max}", total=total, min=scale.min, max=scale.max
        )


@rule("reader-note", Severity.WARNING, "the reader met printed text it could not place")
def reader_note(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    for note in assessment.reader_notes:
        if note.location == "edition" and note.template is not None:
            continue  # how the edition was deduced: the edition-deduction rule
        if note.template is None:  # a note stored by an older version: English only
            yield RULES["reader-note"].finding(note.location, "{note}", note=note.message)
        else:
            yield RULES["reader-note"].finding(note.location, note.template, **note.values)


@rule(
    "edition-deduction",
    Severity.INFO,
    "the edition is not printed: how it was deduced from the stored series, or why not",
)
def edition_deduction(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    for note in assessment.reader_notes:
        if note.location == "edition" and note.template is not None:
            yield RULES["edition-deduction"].finding("edition", note.template, **note.values)
