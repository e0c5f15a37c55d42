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
from netfreedom.model.assessment import N_, Assessment, Finding, MessageValue, Severity, new_finding
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


_SHUTDOWN_TEMPLATES = {
    (True, True): N_("a {scope} shutdown event ({source}, {start}..{end}) has no word in {indicator}"),
    (True, False): N_("a {scope} shutdown event ({source}, {start} (no end recorded)) has no word in {indicator}"),
    (False, True): N_("a scope unknown shutdown event ({source}, {start}..{end}) has no word in {indicator}"),
    (False, False): N_(
        "a scope unknown shutdown event ({source}, {start} (no end recorded)) has no word in {indicator}"
    ),
}
"""Messages of ``evidence-shutdown-unmentioned`` by (scope known, end known)."""


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
                new_finding(
                    "evidence-control-not-stated",
                    Severity.WARNING,
                    "sidebar",
                    "{control_label}: not stated, but {count} confirmed evidence item(s) exist (first: {example})",
                    control=control,
                    control_label=label,
                    count=len(unique),
                    example=example,
                )
            )
        elif stated[control] is False:
            findings.append(
                new_finding(
                    "evidence-control-denied",
                    Severity.WARNING,
                    "sidebar",
                    "{control_label}: marked no, but {count} confirmed evidence item(s) exist (first: {example})",
                    control=control,
                    control_label=label,
                    count=len(unique),
                    example=example,
                )
            )
    a3 = assessment.indicator(SHUTDOWN_INDICATOR)
    text = " ".join(a3.paragraphs).lower() if a3 else ""
    for event in sorted(shutdowns, key=lambda i: i.start):
        stems = month_stems(event.start.month, assessment.language)
        if a3 is not None and any(stem in text for stem in stems):
            continue
        values: dict[str, MessageValue] = {
            "source": event.source,
            "start": event.start.date().isoformat(),
            "indicator": SHUTDOWN_INDICATOR,
        }
        if event.end:
            values["end"] = event.end.date().isoformat()
        if event.scope:
            values["scope"] = event.scope
        template = _SHUTDOWN_TEMPLATES[(event.scope is not None and event.scope != "", event.end is not None)]
        findings.append(
            new_finding("evidence-shutdown-unmentioned", Severity.WARNING, SHUTDOWN_INDICATOR, template, **values)
        )
    return findings
