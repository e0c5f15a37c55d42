"""Findings where a report and the evidence linked to its edition disagree.

Two rules (ids as in :class:`~netfreedom.model.assessment.Finding`):

- ``evidence-control-not-stated``: confirmed evidence (a fingerprint-confirmed measurement or
  a recorded event) is linked to a key internet control, but the report's sidebar does not
  state that control (absent), or states "no" (``evidence-control-denied``).
- ``evidence-shutdown-unmentioned``: a shutdown event linked to A3 falls in the coverage
  period, but A3's text names neither the month the event began (in the report's language,
  any grammatical form Babel knows) nor is A3 present at all.

Anomalies alone never make a finding: one anomaly is not evidence of blocking.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from babel.dates import get_month_names

from netfreedom.methodology import load_methodology
from netfreedom.model.assessment import Assessment, Finding, Severity
from netfreedom.model.evidence import EvidenceItem, Verdict

__all__ = ["contradictions", "month_stems"]

SHUTDOWN_INDICATOR = "A3"
_STEM = 5


def month_stems(month: int, language: str) -> set[str]:
    """Lower-case stems (first five letters) of the month's names in ``language``, in the
    format and stand-alone forms (``январ`` for January in Russian); English when Babel
    does not know the language."""
    stems: set[str] = set()
    for locale in {language or "en", "en"}:
        for context in ("format", "stand-alone"):
            try:
                name = get_month_names("wide", context=context, locale=locale)[month]
            except (ValueError, LookupError):
                continue
            stems.add(name.lower()[:_STEM])
    return stems


def _firm(item: EvidenceItem) -> bool:
    return item.verdict in (Verdict.CONFIRMED, Verdict.EVENT)


def contradictions(assessment: Assessment, items: Iterable[EvidenceItem]) -> list[Finding]:
    """Findings for ``assessment`` from the evidence ``items`` linked to its edition (see the
    module docstring). Items linked to other editions are ignored."""
    edition = assessment.edition
    if edition is None:
        return []
    labels = {c.id: c.label.get("en") for c in load_methodology().key_internet_controls}
    by_control: dict[str, list[EvidenceItem]] = defaultdict(list)
    shutdowns: list[EvidenceItem] = []
    for item in items:
        for link in item.links:
            if link.edition != edition or not _firm(item):
                continue
            if link.control:
                by_control[link.control].append(item)
            if link.indicator == SHUTDOWN_INDICATOR and item.kind == "event" and item not in shutdowns:
                shutdowns.append(item)
    findings: list[Finding] = []
    stated = assessment.sidebar.key_internet_controls
    for control, evidence in sorted(by_control.items()):
        unique = {i.key: i for i in evidence}
        first = min(unique.values(), key=lambda i: i.start)
        example = f"{first.source} {first.test_name or ''} {first.start.date().isoformat()}".replace("  ", " ")
        label = labels.get(control) or control
        if control not in stated:
            findings.append(
                Finding(
                    rule="evidence-control-not-stated",
                    severity=Severity.WARNING,
                    location="sidebar",
                    message=f"{label}: not stated, but {len(unique)} confirmed evidence item(s) exist (first: {example})",
                )
            )
        elif stated[control] is False:
            findings.append(
                Finding(
                    rule="evidence-control-denied",
                    severity=Severity.WARNING,
                    location="sidebar",
                    message=f"{label}: marked no, but {len(unique)} confirmed evidence item(s) exist (first: {example})",
                )
            )
    a3 = assessment.indicator(SHUTDOWN_INDICATOR)
    text = " ".join(a3.paragraphs).lower() if a3 else ""
    for event in sorted(shutdowns, key=lambda i: i.start):
        stems = month_stems(event.start.month, assessment.language)
        if a3 is not None and any(stem in text for stem in stems):
            continue
        span = event.start.date().isoformat() + (
            f"..{event.end.date().isoformat()}" if event.end else " (no end recorded)"
        )
        where = event.scope or "scope unknown"
        findings.append(
            Finding(
                rule="evidence-shutdown-unmentioned",
                severity=Severity.WARNING,
                location=SHUTDOWN_INDICATOR,
                message=f"a {where} shutdown event ({event.source}, {span}) has no word in A3",
            )
        )
    return findings
