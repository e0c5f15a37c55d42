"""Rules that compare a report with other sources of the same country and edition: other
copies of the report and rows of score datasets, as stored per-value observations
(:attr:`CheckContext.observations <netfreedom.checks.registry.CheckContext.observations>`).

The comparison functions are public so that the country page can work these findings out
afresh for a stored document when a source arrived after it; these rules must stay the last
registered (see ``checks/__init__.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from netfreedom.checks.registry import CheckContext, rule
from netfreedom.model.assessment import N_, Assessment, Finding, MessageValue, Severity, new_finding
from netfreedom.model.observations import (
    Observation,
    SourceKind,
    content_sha256,
    disagree,
    field_location,
    observed_values,
    report_source_key,
)
from netfreedom.model.scoring import score_fields

CROSS_SOURCE = "cross-source"
"""Rule id: another source gives a different score or status for the same country+edition."""

DUPLICATE_SOURCE = "duplicate-source"
"""Rule id: the same report content was also read from another file."""

SOURCE_RULES: dict[str, tuple[Severity, str]] = {
    CROSS_SOURCE: (
        Severity.WARNING,
        (
            "another copy of the report or a score dataset gives a different score or status "
            "(compared on the current scale)"
        ),
    ),
    DUPLICATE_SOURCE: (
        Severity.INFO,
        "the same report, identical apart from provenance, was also read from another file",
    ),
}
"""Rule id -> (severity, summary) of the rules about other sources, in report order."""


def _others(assessment: Assessment, observations: Iterable[Observation]) -> list[Observation]:
    """Current observations of the assessment's country and edition from other sources."""
    own_name = assessment.provenance.file_name if assessment.provenance else ""
    if assessment.country is None:
        return []
    own_key = report_source_key(assessment.country.iso3, assessment.edition, assessment.language)
    return [
        o
        for o in observations
        if o.iso3 == assessment.country.iso3
        and o.edition == assessment.edition
        and o.superseded_at is None
        and not (o.source_kind is SourceKind.REPORT and o.source_name == own_name and o.source_key == own_key)
    ]


def cross_source_findings(assessment: Assessment, observations: Iterable[Observation]) -> list[Finding]:
    """``cross-source`` findings: one per field and other source that disagrees.

    ``observations`` are the stored observations of the same country and edition (others
    are ignored, as are superseded ones and those of this report's own source). The
    location is the field (:func:`field_location`); the message names both values (on the
    current scale, with the published value when converted) and both sources.
    """
    severity = SOURCE_RULES[CROSS_SOURCE][0]
    others = _others(assessment, observations)
    if not others:
        return []
    mine = {value.field: value for value in observed_values(assessment)}
    name = assessment.provenance.file_name if assessment.provenance else "(unnamed)"
    order = {field: index for index, field in enumerate(score_fields())}
    findings = []
    for other in sorted(others, key=lambda o: (order.get(o.field, 99), o.id)):
        value = mine.get(other.field)
        if value is None or not disagree(value, other):
            continue
        values: dict[str, MessageValue] = {
            "field": other.field,
            "mine": value.shown(),
            "file": name,
            "theirs": other.shown(),
            "sha": other.source_sha256[:12],
        }
        if other.source_kind is SourceKind.REPORT:
            language = f" ({other.language})" if other.language else ""
            values["source"] = f"{other.source_name or '(unnamed)'}{language}"
            template = N_("{field} is {mine} in this report ({file}) but {theirs} in report {source} (SHA-256 {sha})")
        elif other.row is not None:
            values.update(source=other.source_name, row=other.row)
            template = N_(
                "{field} is {mine} in this report ({file}) but {theirs} in dataset {source} row {row} (SHA-256 {sha})"
            )
        else:
            values["source"] = other.source_name
            template = N_("{field} is {mine} in this report ({file}) but {theirs} in dataset {source} (SHA-256 {sha})")
        findings.append(new_finding(CROSS_SOURCE, severity, field_location(other.field), template, **values))
    return findings


def duplicate_source_findings(assessment: Assessment, observations: Iterable[Observation]) -> list[Finding]:
    """``duplicate-source`` findings: one per other report file whose latest content equals
    this assessment's apart from provenance and findings (location ``report``)."""
    severity = SOURCE_RULES[DUPLICATE_SOURCE][0]
    copies = [o for o in _others(assessment, observations) if o.source_kind is SourceKind.REPORT]
    if not copies:
        return []
    digest = content_sha256(assessment)
    findings = []
    seen: set[tuple[str, str]] = set()
    for other in sorted(copies, key=lambda o: o.id):
        key = (other.source_name, other.source_key)
        if other.content_sha256 != digest or key in seen:
            continue
        seen.add(key)
        findings.append(
            new_finding(
                DUPLICATE_SOURCE,
                severity,
                "report",
                "the same report was also read from {source} (SHA-256 {sha}, {reader} {version})",
                source=other.source_name,
                sha=other.source_sha256[:12],
                reader=other.reader,
                version=other.reader_version,
            )
        )
    return findings


def source_findings(assessment: Assessment, observations: Iterable[Observation]) -> list[Finding]:
    """Findings of both source rules, in rule order (``cross-source``, ``duplicate-source``)."""
    observations = list(observations)
    return cross_source_findings(assessment, observations) + duplicate_source_findings(assessment, observations)


@rule(CROSS_SOURCE, *SOURCE_RULES[CROSS_SOURCE])
def cross_source(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    yield from cross_source_findings(assessment, context.observations)


@rule(DUPLICATE_SOURCE, *SOURCE_RULES[DUPLICATE_SOURCE])
def duplicate_source(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    yield from duplicate_source_findings(assessment, context.observations)
