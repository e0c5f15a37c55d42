"""What an export holds: every country-edition from any source, in one order.

Stored reports (one per country, edition and body language) and, for country-editions
known only from score tables or news values, their prepared scorecards, ordered by iso3,
edition and language (table rows have none). The CLI's ``export``, the site's downloads and
the data package all write these (:mod:`netfreedom.export`).
"""

from __future__ import annotations

from collections.abc import Iterator

from netfreedom.export import ExportItem
from netfreedom.model.assessment import Assessment
from netfreedom.store import Store

__all__ = ["export_items"]


def export_items(store: Store) -> Iterator[ExportItem]:
    """Reports (``Assessment``) and table-only scorecards (JSON-ready mappings), ordered by
    iso3, edition, then language. Reads reports lazily (:meth:`Store.all_assessments`).
    Raises :class:`~netfreedom.store.StoreError` on a database error."""
    cards = [c for c in store.scorecards() if not c.has_report]
    position = 0
    for assessment in store.all_assessments():
        key = (assessment.country.iso3 if assessment.country else "", assessment.edition or 0)
        while position < len(cards) and (cards[position].iso3, cards[position].edition) < key:
            yield cards[position].model_dump(mode="json")
            position += 1
        yield assessment
    for card in cards[position:]:
        yield card.model_dump(mode="json")


def is_report(item: ExportItem) -> bool:
    """True for a stored report, False for a table-only scorecard."""
    return isinstance(item, Assessment)
