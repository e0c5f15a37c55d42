"""What the country page shows of the evidence of one edition: per indicator, counts by
verdict and the items (newest links first, capped); a month-by-month timeline of the coverage
period from the aggregate counts; the shutdown and outage events; report-versus-evidence
findings. Built from :class:`netfreedom.services.evidence.CountryEvidence`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from netfreedom.model.evidence import EvidenceItem
from netfreedom.services.evidence import CountryEvidence

__all__ = ["EvidenceView", "IndicatorEvidence", "build_evidence_view"]

VERDICT_ORDER = ("confirmed", "anomaly", "event", "failure", "ok", "no_verdict")
ITEMS_PER_INDICATOR = 12
BASIS_LABELS = {"pipeline": "OONI pipeline's flags", "pipeline-rules": "OONI pipeline's rules"}
"""What a measurement's verdict was taken from (the page's words, translated in the catalogue);
events of a curated list (basis ``dataset``) need no label."""


@dataclass
class ItemRow:
    """One item as a row: day(s), source, what was tested or happened, verdict, rule ids,
    provenance (file and locator)."""

    start: str
    end: str
    source: str
    what: str
    verdict: str
    rules: str
    provenance: str
    basis: str = ""
    probe_verdict: str = ""


@dataclass
class IndicatorEvidence:
    """Counts by verdict (in :data:`VERDICT_ORDER`), the first items of one indicator, and
    its timeline: ``months`` as ``(YYYY-MM, counts)`` rows, one count per verdict of
    ``verdicts`` (the verdicts its linked items have), each item counted in the month it
    began (an event that began before the coverage period in the period's first month)."""

    counts: list[tuple[str, int]]
    items: list[ItemRow]
    more: int = 0
    verdicts: tuple[str, ...] = ()
    months: list[tuple[str, list[int]]] = field(default_factory=list)


@dataclass
class EvidenceView:
    """Everything the page draws (see the module docstring); ``empty`` when nothing is linked
    and no measurement was counted in the period."""

    period: tuple[date, date] | None
    indicators: dict[str, IndicatorEvidence] = field(default_factory=dict)
    months: list[tuple[str, list[int]]] = field(default_factory=list)
    verdicts: tuple[str, ...] = VERDICT_ORDER
    events: list[ItemRow] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.indicators and not self.months


def _row(item: EvidenceItem, edition: int, indicator: str | None = None) -> ItemRow:
    what = " · ".join(
        part
        for part in (
            item.test_name or "",
            item.target or "",
            item.scope or "",
            item.cause or "",
            item.network or "",
        )
        if part
    )
    rules = sorted(
        {link.rule for link in item.links if link.edition == edition and indicator in (None, link.indicator)}
    )
    file = (item.details.get("file") or {}).get("name", "")
    end = item.end.date().isoformat() if item.end else ("…" if item.open else "")
    return ItemRow(
        start=item.start.date().isoformat(),
        end=end,
        source=item.source,
        what=what,
        verdict=item.verdict.value,
        rules=", ".join(rules),
        provenance=f"{file} · {item.locator}" if file else item.locator,
        basis=BASIS_LABELS.get(item.basis.value, ""),
        probe_verdict=str(item.details.get("probe_verdict") or ""),
    )


def _indicator_months(
    items: list[EvidenceItem], period: tuple[date, date] | None
) -> tuple[tuple[str, ...], list[tuple[str, list[int]]]]:
    """The verdicts present and the month rows of one indicator's items (see
    :class:`IndicatorEvidence`)."""
    months: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for item in items:
        day = item.start.date()
        if period is not None and day < period[0]:
            day = period[0]
        months[day.strftime("%Y-%m")][item.verdict.value] += 1
    present = {v for counts in months.values() for v in counts}
    verdicts = tuple(v for v in VERDICT_ORDER if v in present)
    return verdicts, [(month, [months[month].get(v, 0) for v in verdicts]) for month in sorted(months)]


def build_evidence_view(evidence: CountryEvidence) -> EvidenceView:
    """The view of ``evidence`` (see the module docstring)."""
    view = EvidenceView(period=evidence.period)
    by_indicator: dict[str, list[EvidenceItem]] = defaultdict(list)
    for item in evidence.items:
        for indicator in sorted({link.indicator for link in item.links if link.edition == evidence.edition}):
            by_indicator[indicator].append(item)
    for indicator, items in sorted(by_indicator.items()):
        counts = evidence.counts.get(indicator, {})
        ordered = sorted(items, key=lambda i: (i.verdict.value != "confirmed", i.start))
        present, by_month = _indicator_months(items, evidence.period)
        view.indicators[indicator] = IndicatorEvidence(
            counts=[(v, counts[v]) for v in VERDICT_ORDER if counts.get(v)],
            items=[_row(i, evidence.edition, indicator) for i in ordered[:ITEMS_PER_INDICATOR]],
            more=max(0, len(ordered) - ITEMS_PER_INDICATOR),
            verdicts=present,
            months=by_month,
        )
    months: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, verdicts in evidence.timeline.items():
        for verdict, n in verdicts.items():
            months[day.strftime("%Y-%m")][verdict] += n
    view.months = [(month, [months[month].get(v, 0) for v in VERDICT_ORDER]) for month in sorted(months)]
    view.events = [_row(e, evidence.edition) for e in sorted(evidence.events, key=lambda e: e.start)]
    return view
