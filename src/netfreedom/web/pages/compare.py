"""``GET /compare?countries=KAZ,XEX&edition=2022``: scores side by side.

Status, total, categories and the 21 indicators, one column per country (its assessment of
``edition``, or its latest). At most :data:`MAX_COMPARED` countries; an unknown or unstored
country answers 400.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from netfreedom.errors import InputError
from netfreedom.methodology import CURRENT, Scale, load_methodology
from netfreedom.model.assessment import Assessment
from netfreedom.model.countries import UnknownCountryError, resolve_countries
from netfreedom.model.scoring import TOTAL, current_scale_scores, status_label
from netfreedom.store import AssessmentSummary, Store
from netfreedom.web.context import language_of, render, store_of
from netfreedom.web.i18n import Translator, translator
from netfreedom.web.views.labels import country_href, edition_param, localized

router = APIRouter()

MAX_COMPARED = 12
"""Most countries one comparison shows."""


@dataclass(frozen=True)
class CompareColumn:
    """One country in a comparison: the assessment shown (``None`` when the edition is
    not stored) and its scores on the current scale, keyed by indicator or category id."""

    iso3: str
    name: str
    edition: int | None
    assessment: Assessment | None
    scores: dict[str, int | None]
    total: int | None
    legacy: bool


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


def compare_column(
    store: Store, iso3: str, summaries: list[AssessmentSummary], edition: int | None, language: str
) -> CompareColumn:
    """The column of one stored country (``summaries``: its stored assessments): its
    assessment of ``edition`` (latest when ``None``) in ``language`` when stored, else in
    another stored language. Raises :class:`~netfreedom.store.StoreError`."""
    words = translator(language)
    year = edition if edition is not None else max(s.edition for s in summaries)
    assessment = None
    if any(s.edition == year for s in summaries):
        assessment = store.get(iso3, year, language) or store.get(iso3, year)
    scores: dict[str, int | None] = {}
    total = None
    legacy = False
    if assessment is not None:
        methodology = load_methodology(assessment.methodology)
        legacy = methodology.scale.direction is Scale.LOWER_IS_FREER
        every = current_scale_scores(assessment)
        total = every.pop(TOTAL)
        scores = {key: value for key, value in every.items() if value is not None}
    fallback = assessment.country.name if assessment else iso3
    name = words.country(iso3, fallback=fallback)
    return CompareColumn(iso3, name, year, assessment, scores, total, legacy)


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
    summaries = store.list_assessments()
    stored = {s.iso3 for s in summaries}
    for code in codes:
        if code not in stored:
            raise HTTPException(400, words.gettext("countries: nothing is stored for {code}", code=code))
    choices = sorted(stored, key=lambda c: words.country(c).casefold())
    columns = [
        compare_column(store, code, [s for s in summaries if s.iso3 == code], wanted_edition, language)
        for code in codes
    ]
    return render(
        request,
        "compare.html",
        {
            "columns": columns,
            "methodology": load_methodology(CURRENT),
            "choices": choices,
            "chosen": codes,
            "editions": sorted({s.edition for s in summaries}, reverse=True),
            "selected_edition": wanted_edition,
            "status_label": lambda s: status_label(s, language),
            "text": lambda texts: localized(texts, language),
            "href": lambda iso3, year=None: country_href(iso3, year, language),
            "any_legacy": any(c.legacy for c in columns),
        },
    )
