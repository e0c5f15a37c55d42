"""``GET /compare?countries=KAZ,XEX&edition=2022``: scores side by side.

Status, total, categories and the 21 indicators, one column per country (its scorecard of
``edition``, or its latest, from any source: report, score table, news value; indicators
where a source gave them). At most :data:`MAX_COMPARED` countries; an unknown country or one
the store knows nothing of answers 400.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from netfreedom.errors import InputError
from netfreedom.methodology import CURRENT, Status, load_methodology
from netfreedom.model.countries import UnknownCountryError, resolve_countries
from netfreedom.model.scoring import status_label
from netfreedom.store import Scorecard
from netfreedom.web.context import language_of, render, store_of
from netfreedom.web.i18n import Translator, translator
from netfreedom.web.views.labels import country_href, edition_param, localized

router = APIRouter()

MAX_COMPARED = 12
"""Most countries one comparison shows."""


@dataclass(frozen=True)
class CompareColumn:
    """One country in a comparison: its scorecard of the edition shown (``None`` when the
    store knows nothing of that edition) and its scores on the current scale, keyed by
    indicator or category id. ``assessment`` is True when a report of that edition is
    stored (its indicator scores link to the report)."""

    iso3: str
    name: str
    edition: int | None
    assessment: bool
    scores: dict[str, int | None]
    total: int | None
    legacy: bool
    card: Scorecard | None = None

    @property
    def status(self) -> Status | None:
        """The status of the edition shown, when known."""
        return self.card.status if self.card is not None else None


def parse_countries(values: list[str], words: Translator) -> list[str]:
    """ISO alpha-3 codes from ``countries`` values (each may hold several, comma-separated;
    codes or names), deduplicated in order (:func:`~netfreedom.model.countries.resolve_countries`).
    Raises ``HTTPException(400)`` for an unknown country or more than :data:`MAX_COMPARED`."""
    try:
        return resolve_countries(values, limit=MAX_COMPARED)
    except UnknownCountryError as exc:
        raise HTTPException(400, words.gettext("countries: unknown country {name}", name=exc.query.strip())) from None
    except InputError:
        raise HTTPException(400, words.gettext("countries: at most {count} at a time", count=MAX_COMPARED)) from None


def compare_column(iso3: str, cards: list[Scorecard], edition: int | None, language: str) -> CompareColumn:
    """The column of one country from its scorecards (``cards``, any source): the card of
    ``edition`` (the latest when ``None``)."""
    words = translator(language)
    year = edition if edition is not None else max(c.edition for c in cards)
    card = next((c for c in cards if c.edition == year), None)
    scores: dict[str, int | None] = {}
    if card is not None:
        scores = {**card.categories, **card.indicators}
    fallback = card.country_name if card is not None else cards[0].country_name
    return CompareColumn(
        iso3=iso3,
        name=words.country(iso3, fallback=fallback),
        edition=year,
        assessment=card is not None and card.has_report,
        scores=scores,
        total=card.total if card is not None else None,
        legacy=card is not None and "total" in card.converted,
        card=card,
    )


@router.get("/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    countries: list[str] = Query(default=[]),
    edition: str = "",
) -> HTMLResponse:
    """Scores of several countries side by side, and the form to choose them."""
    language = language_of(request)
    words = translator(language)
    wanted_edition = edition_param(words, edition)
    codes = parse_countries(countries, words)
    store = store_of(request)
    cards = store.scorecards()
    by_country: dict[str, list[Scorecard]] = {}
    for card in cards:
        by_country.setdefault(card.iso3, []).append(card)
    for code in codes:
        if code not in by_country:
            raise HTTPException(400, words.gettext("countries: nothing is stored for {code}", code=code))
    choices = sorted(by_country, key=lambda c: words.country(c).casefold())
    columns = [compare_column(code, by_country[code], wanted_edition, language) for code in codes]
    return render(
        request,
        "compare.html",
        {
            "columns": columns,
            "methodology": load_methodology(CURRENT),
            "choices": choices,
            "chosen": codes,
            "editions": sorted({c.edition for c in cards}, reverse=True),
            "selected_edition": wanted_edition,
            "status_label": lambda s: status_label(s, language),
            "text": lambda texts: localized(texts, language),
            "href": lambda iso3, year=None: country_href(iso3, year, language),
            "any_legacy": any(c.legacy for c in columns),
        },
    )
