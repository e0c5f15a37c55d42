"""Evidence offered inside a draft, and attached to an indicator as a cited source.

:func:`suggested_evidence` gathers, for one indicator of a draft, the evidence items linked
to the draft's country, edition and indicator (``docs/evidence.md``) whose time falls in the
draft's coverage period (an event counts when its span overlaps it): the counts by verdict,
the events, and the items worth citing (events first, then confirmed measurements, then
anomalies; oldest first within each), each marked when the indicator already cites it.

:func:`attach_evidence` lets whoever may edit the indicator now (the workflow decides: in the
plain workflow the assigned researcher, in ``draft``) cite one of those items: it becomes an
entry of the indicator's ``sources`` (a :class:`~netfreedom.model.assessment.Citation` whose
``evidence`` keeps the item's key, verdict, file, SHA-256 and locator), saved as the next
revision through :func:`~netfreedom.services.drafting.set_indicator`, so the audit trail
records it (``A3.sources``, before and after) and the published report, its JSON and its PDF
list it with the sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from netfreedom.errors import N_, DraftRuleError
from netfreedom.model.assessment import Citation, EvidenceSource
from netfreedom.model.drafting import Draft
from netfreedom.model.evidence import EvidenceItem
from netfreedom.services.drafting import Actor, IndicatorEdit, draft_for, set_indicator
from netfreedom.store import Store

__all__ = ["DraftEvidence", "Suggestion", "attach_evidence", "citation_for", "suggested_evidence"]

PUBLISHERS = {"accessnow-stop": "Access Now (STOP)", "ooni": "OONI", "ioda": "IODA (Georgia Tech)"}
"""Who publishes each evidence source, as a citation names them."""

_ORDER = {"event": 0, "confirmed": 1, "anomaly": 2}


@dataclass(frozen=True)
class Suggestion:
    """One item worth citing: the item, the citation it would become, and whether the
    indicator already cites it."""

    item: EvidenceItem
    citation: Citation
    attached: bool


@dataclass
class DraftEvidence:
    """The evidence of one indicator of a draft: ``counts`` (verdict -> items), ``events``
    (shutdown and outage events), ``suggestions`` (the items worth citing, see the module
    docstring) and ``period`` (the draft's coverage period, first and last day)."""

    draft_id: int
    indicator: str
    period: tuple[date, date]
    counts: dict[str, int] = field(default_factory=dict)
    events: list[EvidenceItem] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)


def citation_for(item: EvidenceItem) -> Citation:
    """The citation of an evidence item, in our words: what happened, where and when, who
    recorded it, and the item's provenance (no web address: nothing links off the site)."""
    day = item.start.date()
    if item.kind == "event":
        until = "ongoing" if item.open else (item.end.date().isoformat() if item.end else "end not recorded")
        what = f"{item.scope or 'network'} shutdown" + (f" ({item.cause})" if item.cause else "")
        title = f"{what} in {item.iso3}, {day.isoformat()} to {until}"
    else:
        target = f" of {item.target}" if item.target else ""
        network = f" on {item.network}" if item.network else ""
        title = f"{item.verdict.value} {item.test_name or 'network'} measurement{target}{network} in {item.iso3}, {day}"
    file = item.details.get("file") or {}
    return Citation(
        title=title[:1000],
        publisher=PUBLISHERS.get(item.source, item.source),
        date=day,
        evidence=EvidenceSource(
            key=item.key,
            source=item.source,
            verdict=item.verdict.value,
            file=str(file.get("name") or "?"),
            sha256=str(file.get("sha256") or "0" * 64),
            locator=item.locator,
        ),
    )


def _in_period(item: EvidenceItem, first: date, last: date) -> bool:
    start = item.start.date()
    end = item.end.date() if item.end else start
    return start <= last and end >= first


def suggested_evidence(store: Store, draft: Draft, indicator: str, *, limit: int = 20) -> DraftEvidence:
    """The evidence of ``indicator`` for ``draft`` (see the module docstring); at most
    ``limit`` suggestions. Raises :class:`DraftRuleError` for an indicator the draft lacks."""
    try:
        drafted = draft.indicator(indicator)
    except KeyError:
        raise DraftRuleError(N_("draft {id} has no indicator {indicator}"), id=draft.id, indicator=indicator) from None
    first, last = draft.coverage.start, draft.coverage.end
    items = [i for i in store.evidence(draft.iso3, draft.edition, drafted.id) if _in_period(i, first, last)]
    cited = {s.evidence.key for s in drafted.sources if s.evidence is not None}
    found = DraftEvidence(draft_id=draft.id, indicator=drafted.id, period=(first, last))
    for item in items:
        found.counts[item.verdict.value] = found.counts.get(item.verdict.value, 0) + 1
    found.events = [i for i in items if i.kind == "event"]
    worth = sorted((i for i in items if i.verdict.value in _ORDER), key=lambda i: (_ORDER[i.verdict.value], i.start))
    found.suggestions = [Suggestion(i, citation_for(i), i.key in cited) for i in worth[:limit]]
    return found


def attach_evidence(store: Store, draft_id: int, indicator: str, key: str, actor: Actor, revision: int) -> Draft:
    """Cite evidence item ``key`` as a source of ``indicator`` (see the module docstring),
    based on draft ``revision``. Raises :class:`DraftRuleError` when the item is not evidence
    of this country, edition, coverage period and indicator, or is already cited; and the
    errors of :func:`~netfreedom.services.drafting.set_indicator` (403 for those who may not
    edit now, 409 for a stale revision)."""
    draft = draft_for(store, draft_id, actor)
    try:
        drafted = draft.indicator(indicator)
    except KeyError:
        raise DraftRuleError(N_("draft {id} has no indicator {indicator}"), id=draft_id, indicator=indicator) from None
    first, last = draft.coverage.start, draft.coverage.end
    items = {i.key: i for i in store.evidence(draft.iso3, draft.edition, drafted.id) if _in_period(i, first, last)}
    if key not in items:
        raise DraftRuleError(
            N_("'{key}' is not evidence of {iso3} {edition} {indicator} in {first} to {last}"),
            key=key,
            iso3=draft.iso3,
            edition=draft.edition,
            indicator=drafted.id,
            first=first,
            last=last,
        )
    if any(s.evidence is not None and s.evidence.key == key for s in drafted.sources):
        raise DraftRuleError(N_("{indicator} already cites '{key}'"), indicator=drafted.id, key=key)
    sources = [s.model_dump(mode="json") for s in drafted.sources]
    sources.append(citation_for(items[key]).model_dump(mode="json"))
    return set_indicator(store, draft_id, drafted.id, actor, IndicatorEdit(revision=revision, sources=sources))
