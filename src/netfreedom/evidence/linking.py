"""Linking an evidence item to editions and indicators by the rules in ``rules.yaml``.

An item's editions are those whose coverage period holds its day (a measurement) or overlaps
its span (an event from ``start`` to ``end``; an open event, whose end is unknown, only its
start). Its indicators are those of every linking rule whose facets match; each
:class:`~netfreedom.model.evidence.EvidenceLink` carries the rule's id. Items that do not
count as evidence (failures, known false positives, ``ok``, no verdict) are not linked.
"""

from __future__ import annotations

from netfreedom.evidence.rules import EvidenceRules
from netfreedom.model.evidence import EvidenceItem, EvidenceLink

__all__ = ["item_editions", "link_item"]


def item_editions(item: EvidenceItem, rules: EvidenceRules) -> list[int]:
    """The editions whose coverage period the item falls in (see the module docstring)."""
    start = item.start.date()
    if item.end is None or item.open:
        return rules.coverage.editions(start)
    end = max(item.end.date(), start)
    return rules.coverage.editions_between(start, end)


def link_item(item: EvidenceItem, rules: EvidenceRules) -> list[EvidenceLink]:
    """Set and return ``item.links``: one link per (edition, matching rule). A fallback rule
    links only where no earlier rule linked the item to the same indicator."""
    item.links = []
    if not item.counts:
        return item.links
    editions = item_editions(item, rules)
    if not editions:
        return item.links
    linked: set[str] = set()
    for rule in rules.rules:
        if rule.fallback and rule.indicator in linked:
            continue
        if not rule.matches(item.facets):
            continue
        linked.add(rule.indicator)
        item.links.extend(EvidenceLink(edition, rule.indicator, rule.control, rule.id) for edition in editions)
    return item.links
