"""What an export holds: every country-edition from any source, in one order.

Stored reports (one per country, edition and body language) and, for country-editions
known only from score tables or news values, their prepared scorecards, ordered by iso3,
edition and language (table rows have none). The CLI's ``export``, the site's downloads and
the data package all write these (:mod:`netfreedom.export`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from netfreedom.export import ExportItem
from netfreedom.model.assessment import Assessment
from netfreedom.store import Scorecard, Store

__all__ = ["ExportCounts", "export_counts", "export_items"]


def export_items(store: Store) -> Iterator[ExportItem]:
    """Reports (``Assessment``) and table-only scorecards (JSON-ready mappings with their
    ``value_sources``: every file that gave a value, with its fields), ordered by iso3,
    edition, then language. Reads reports lazily (:meth:`Store.all_assessments`).
    Raises :class:`~netfreedom.store.StoreError` on a database error."""
    cards = [c for c in store.scorecards() if not c.has_report]
    sources = store.value_sources()

    def card_item(card: Scorecard) -> dict[str, Any]:
        found = sources.get((card.iso3, card.edition), [])
        return {**card.model_dump(mode="json"), "value_sources": [s.model_dump(mode="json") for s in found]}

    position = 0
    for assessment in store.all_assessments():
        key = (assessment.country.iso3 if assessment.country else "", assessment.edition or 0)
        while position < len(cards) and (cards[position].iso3, cards[position].edition) < key:
            yield card_item(cards[position])
            position += 1
        yield assessment
    for card in cards[position:]:
        yield card_item(card)


def is_report(item: ExportItem) -> bool:
    """True for a stored report, False for a table-only scorecard."""
    return isinstance(item, Assessment)


@dataclass(frozen=True)
class ExportCounts:
    """What the export files hold (the rows :func:`export_items` yields), counted without
    reading any document: ``rows`` = ``reports`` (stored reports, one per country, edition and
    body language) + ``tables`` (country-editions known only from score tables) + ``news``
    (only from news values); ``country_editions`` and ``countries`` are distinct over all
    rows; ``first_edition``/``last_edition`` span them (``None`` for an empty store)."""

    rows: int
    reports: int
    tables: int
    news: int
    country_editions: int
    countries: int
    first_edition: int | None
    last_edition: int | None


def export_counts(store: Store) -> ExportCounts:
    """Counts of the rows every export holds (see :class:`ExportCounts`): one listing of the
    stored reports and one of the scorecards. Raises :class:`~netfreedom.store.StoreError`."""
    reports = store.list_assessments()
    cards = store.scorecards()
    only_cards = [c for c in cards if not c.has_report]
    editions = {c.edition for c in cards} | {r.edition for r in reports}
    return ExportCounts(
        rows=len(reports) + len(only_cards),
        reports=len(reports),
        tables=sum(1 for c in only_cards if c.source_kind != "news"),
        news=sum(1 for c in only_cards if c.source_kind == "news"),
        country_editions=len({(c.iso3, c.edition) for c in cards} | {(r.iso3, r.edition) for r in reports}),
        countries=len({c.iso3 for c in cards} | {r.iso3 for r in reports}),
        first_edition=min(editions) if editions else None,
        last_edition=max(editions) if editions else None,
    )
