"""Score bars and the history of a country from its prepared scorecards.

A bar is a score out of its maximum, drawn as inline SVG (``width`` attributes, no
``style``: safe under the site's CSP). :func:`card_history` turns a country's scorecards
(``Store.scorecards``) into chart points that carry each edition's source kind and which
values were converted from the legacy scale.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from netfreedom.store import Scorecard
from netfreedom.web.views.charts import HistoryPoint

__all__ = ["ScoreBar", "card_history", "score_bar"]


@dataclass(frozen=True)
class ScoreBar:
    """One score out of ``max`` with its label; ``converted`` marks a legacy value."""

    id: str
    label: str
    score: int | None
    max: int
    converted: bool = False

    @property
    def svg(self) -> Markup:
        """The bar as inline SVG (100 units wide, filled in proportion)."""
        return score_bar(self.score, self.max, self.label)


def score_bar(score: int | None, maximum: int, label: str) -> Markup:
    """An inline SVG bar of ``score`` out of ``maximum`` (empty when ``None``), titled
    ``label``; 100 x 8 user units, scaled by CSS."""
    width = 0 if score is None or maximum <= 0 else round(100 * max(0, min(score, maximum)) / maximum, 1)
    title = escape(f"{label}: {'–' if score is None else score}/{maximum}")
    return Markup(
        '<svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label="{t}">'
        '<rect class="bar-track" width="100" height="8"></rect>'
        '<rect class="bar-fill" width="{w}" height="8"></rect></svg>'
    ).format(t=title, w=width)


def card_history(cards: Iterable[Scorecard]) -> list[HistoryPoint]:
    """One chart point per scorecard with a total or a category, oldest first, on the
    current scale; ``sources`` holds the card's source kind (``report``, ``table``,
    ``news``) and ``converted`` whether any value was converted."""
    points = []
    for card in sorted(cards, key=lambda c: c.edition):
        if card.total is None and not card.categories:
            continue
        points.append(
            HistoryPoint(
                edition=card.edition,
                total=card.total,
                categories=dict(sorted(card.categories.items())),
                converted=card.is_converted,
                sources=(card.source_kind,),
            )
        )
    return points
