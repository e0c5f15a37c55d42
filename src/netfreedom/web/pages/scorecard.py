"""The scorecard page of a country-edition known without a stored report.

Rendered by the country routes (:mod:`netfreedom.web.pages.country`) when the country or the
edition has no stored report: score, status, rank and change beside it, category bars,
indicator scores where a source gave them (e.g. Freedom House's score workbook), where the
values came from (source kind, file, address, note; converted values marked), and the
history chart and table of every edition on the current scale with each point's source.
"""

from __future__ import annotations

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse

from netfreedom.methodology import CURRENT, load_methodology
from netfreedom.model.regions import region_label
from netfreedom.model.scoring import status_label
from netfreedom.store import Scorecard
from netfreedom.web.context import language_of, render, store_of
from netfreedom.web.i18n import translator
from netfreedom.web.views.charts import history_svg
from netfreedom.web.views.labels import localized, page_url
from netfreedom.web.views.scorebars import ScoreBar, card_history

__all__ = ["category_bars", "indicator_bars", "scorecard_page"]


def category_bars(card: Scorecard, language: str) -> list[ScoreBar]:
    """The A/B/C bars of ``card`` (every category of the methodology; unknown ones empty)."""
    return [
        ScoreBar(
            c.id, f"{c.id}. {localized(c.label, language)}", card.categories.get(c.id), c.max, c.id in card.converted
        )
        for c in load_methodology(CURRENT).categories
    ]


def indicator_bars(card: Scorecard, language: str) -> list[tuple[str, list[ScoreBar]]]:
    """Per category (its label), the bars of the indicators ``card`` knows; empty when it
    knows none."""
    if not card.indicators:
        return []
    groups = []
    for category in load_methodology(CURRENT).categories:
        bars = [
            ScoreBar(i.id, localized(i.topic, language), card.indicators.get(i.id), i.max) for i in category.indicators
        ]
        groups.append((f"{category.id}. {localized(category.label, language)}", bars))
    return groups


def scorecard_page(request: Request, iso3: str, edition: int | None) -> HTMLResponse:
    """The page of ``iso3``'s scorecard of ``edition`` (latest when ``None``); 404 when the
    store knows nothing of that country-edition."""
    store = store_of(request)
    lang = language_of(request)
    words = translator(lang)
    cards = store.scorecards(countries=[iso3])
    if not cards:
        name = words.country(iso3)
        raise HTTPException(404, words.gettext("No report on {country} is stored.", country=name))
    by_edition = {c.edition: c for c in cards}
    if edition is None:
        edition = max(by_edition)
    card = by_edition.get(edition)
    if card is None:
        name = words.country(iso3)
        raise HTTPException(
            404,
            words.gettext(
                "Nothing is stored about {country} for the {edition} edition.", country=name, edition=edition
            ),
        )
    labels = {c.id: localized(c.label, lang) for c in load_methodology(CURRENT).categories}
    points = card_history(cards)
    earlier = [e for e in sorted(by_edition) if e < edition]
    values = {
        "iso3": iso3,
        "card": card,
        "name": words.country(iso3, fallback=card.country_name),
        "edition": edition,
        "editions": [(e, page_url(f"/country/{iso3}/{e}", {"lang": lang}), by_edition[e]) for e in sorted(by_edition)],
        "changes_url": page_url(f"/country/{iso3}/changes/{earlier[-1]}/{edition}", {"lang": lang})
        if earlier
        else None,
        "earlier_edition": earlier[-1] if earlier else None,
        "status_text": status_label(card.status, lang),
        "region_text": region_label(card.region, lang) if card.region else None,
        "bars": category_bars(card, lang),
        "indicator_groups": indicator_bars(card, lang),
        "history": [(p, by_edition[p.edition]) for p in points],
        "chart": history_svg(points, words.gettext, labels),
        "category_ids": sorted(labels),
        "status_label": lambda s: status_label(s, lang),
        "other_sources": store.value_sources([iso3]).get((iso3, edition), [])[1:] if card.sources > 1 else [],
    }
    return render(request, "scorecard.html", values)


def score_changes(before: Scorecard, after: Scorecard, language: str) -> list[tuple[str, str, int | None, int | None]]:
    """(id, label, before, after) for the total, each category and each indicator either
    card knows, on the current scale; ``None`` where a card has no value."""
    methodology = load_methodology(CURRENT)
    words = translator(language)
    rows: list[tuple[str, str, int | None, int | None]] = [("total", words.gettext("Total"), before.total, after.total)]
    for category in methodology.categories:
        rows.append(
            (category.id, f"{category.id}. {localized(category.label, language)}",
             before.categories.get(category.id), after.categories.get(category.id))
        )  # fmt: skip
    for indicator in methodology.indicators:
        old, new = before.indicators.get(indicator.id), after.indicators.get(indicator.id)
        if old is not None or new is not None:
            rows.append((indicator.id, f"{indicator.id}. {localized(indicator.topic, language)}", old, new))
    return rows


def card_changes_page(request: Request, iso3: str, old: int, new: int) -> HTMLResponse:
    """Scores of two editions of ``iso3`` side by side from their scorecards (used when
    either edition has no stored report, so there is no narrative to compare); 404 when
    either is unknown."""
    store = store_of(request)
    lang = language_of(request)
    words = translator(lang)
    cards = {c.edition: c for c in store.scorecards(countries=[iso3])}
    for edition in (old, new):
        if edition not in cards:
            name = words.country(iso3)
            raise HTTPException(
                404,
                words.gettext(
                    "Nothing is stored about {country} for the {edition} edition.", country=name, edition=edition
                ),
            )
    before, after = cards[old], cards[new]
    values = {
        "iso3": iso3,
        "name": words.country(iso3, fallback=after.country_name),
        "before": before,
        "after": after,
        "rows": score_changes(before, after, lang),
        "status_label": lambda s: status_label(s, lang),
        "old_url": page_url(f"/country/{iso3}/{old}", {"lang": lang}),
        "new_url": page_url(f"/country/{iso3}/{new}", {"lang": lang}),
        "editions": sorted(cards, reverse=True),
    }
    return render(request, "card_changes.html", values)
