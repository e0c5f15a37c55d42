"""Full-text search of the stored narratives: a page and a JSON endpoint.

Routes (mounted at the site root, so the paths are written out in full):

* ``GET /search?q=&country=&edition=&indicator=&language=&page=`` (plus ``lang`` for the
  interface language, as on every page): the search form and one page of results, each
  with its country, edition, indicator, a highlighted snippet and a link to the paragraph's
  indicator on the country page (``/country/KAZ/2022?version=ru&lang=en#B3``). A blank
  ``q`` shows the form alone.
* ``GET /api/v1/search?q=&country=&edition=&indicator=&language=&limit=&offset=``: JSON,
  exactly :class:`~netfreedom.store.search.SearchResults` (``{"query", "total", "total_exact",
  "limit", "offset", "hits": [{"iso3", "edition", "language", "location", "paragraph",
  "snippet", "rank"}]}``; ``total_exact`` false means more than ``total`` match). Errors in
  the API's error shape: 400 ``invalid_parameter`` for a blank or too long ``q``, a
  non-integer ``edition`` or a ``limit``/``offset`` out of range.

``language`` filters on the report's language (``ru``, ``en``); ``lang`` never does. Both
routes call :meth:`Store.search <netfreedom.store.Store.search>`, nothing else.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from netfreedom.errors import UnknownCountryError
from netfreedom.methodology import CURRENT, load_methodology
from netfreedom.model.countries import resolve_country
from netfreedom.store.search import MAX_LIMIT, SearchHit, SearchResults
from netfreedom.web.context import language_of, render, store_of
from netfreedom.web.errors import ApiError
from netfreedom.web.i18n import translator
from netfreedom.web.pages.api_models import error_responses
from netfreedom.web.pages.api_params import checked_edition, checked_language, single_valued_parameters
from netfreedom.web.security import sanitize

router = APIRouter()

PAGE_SIZE = 20
"""Results per page of ``/search``."""

_SECTIONS = {"overview": "Overview", "key-developments": "Key developments"}
"""Narrative sections that are not indicators: location -> English label."""

TextQuery = Annotated[str | None, Query(description="Words to find (stemmed, all must occur).", examples=["internet"])]
CountryQuery = Annotated[str | None, Query(description="ISO alpha-3 code or country name.")]
EditionQuery = Annotated[str | None, Query(description="Edition year.", examples=["2022"])]
IndicatorQuery = Annotated[str | None, Query(description="Indicator id (B3), overview or key-developments.")]
LanguageQuery = Annotated[str | None, Query(description="Report language (en, ru).")]


def _edition(value: str | None) -> int | None:
    """The edition filter: blank means none; raises ``ValueError`` when not a year."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 4):
        raise ValueError(f"edition must be a year, not {value!r}")
    return int(text)


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() if value is not None and value.strip() else None


def hit_url(hit: SearchHit, lang: str) -> str:
    """Where a hit is on the site: its country page in the report's language, at the
    paragraph's indicator (or its ``overview`` / ``key-developments`` section)."""
    query = urlencode({"version": hit.language, "lang": lang})
    return f"/country/{hit.iso3}/{hit.edition}?{query}#{hit.location}"


# -- JSON -----------------------------------------------------------------------------------


@router.get(
    "/api/v1/search",
    dependencies=[Depends(single_valued_parameters)],
    summary="Full-text search of the report narratives",
    tags=["search"],
    operation_id="search",
    response_model=SearchResults,
    responses=error_responses(400),
)
def api_search(
    request: Request,
    q: TextQuery = None,
    country: CountryQuery = None,
    edition: EditionQuery = None,
    indicator: IndicatorQuery = None,
    language: LanguageQuery = None,
    limit: Annotated[int, Query(description=f"Hits per page, 1 to {MAX_LIMIT}.")] = 50,
    offset: Annotated[int, Query(description="Hits to skip.", ge=0, le=1_000_000)] = 0,
) -> SearchResults:
    """Paragraphs of the stored narratives containing every word of ``q`` (Russian and
    English words are matched by stem), best first among the newest 500 matches (then the
    next 500, ...); ``total`` counts the matches when ``total_exact`` is true, else more than
    ``total`` match (counting stops after the page's window).

    Errors: 400 ``invalid_parameter`` for a blank ``q`` or one over 500 characters, a
    ``country`` that no name or code matches, an ``indicator`` that is neither an indicator
    id nor a section, an ``edition`` that is not a year or a year no edition was published
    (2010), a ``language`` that is no language code, ``limit`` outside 1..500, a negative
    ``offset`` or a parameter given twice.
    """
    if q is None or not q.strip():
        raise ApiError(400, "invalid_parameter", "q: the search query is empty")
    wanted_country = _blank_to_none(country)
    wanted_indicator = _blank_to_none(indicator)
    if wanted_country is not None:
        try:
            wanted_country = resolve_country(wanted_country).iso3
        except UnknownCountryError as exc:
            raise ApiError(400, "invalid_parameter", f"country: {exc}") from None
    if wanted_indicator is not None and wanted_indicator.lower() not in {x.lower() for x in _locations()}:
        known = ", ".join(_locations())
        raise ApiError(400, "invalid_parameter", f"indicator: '{wanted_indicator}' is none of {known}")
    try:
        return store_of(request).search(
            q,
            country=wanted_country,
            edition=checked_edition(_edition(edition)),
            indicator=wanted_indicator,
            language=checked_language(language),
            limit=limit,
            offset=offset,
        )
    except ValueError as exc:
        raise ApiError(400, "invalid_parameter", str(exc)) from exc


# -- HTML -----------------------------------------------------------------------------------


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(
    request: Request,
    q: TextQuery = None,
    country: CountryQuery = None,
    edition: EditionQuery = None,
    indicator: IndicatorQuery = None,
    language: LanguageQuery = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    """The search form and, when ``q`` has text, one page of results (a 400 page for an
    ``edition`` that is not a year or a query over 500 characters)."""
    lang = language_of(request)
    store = store_of(request)
    try:
        edition_year = _edition(edition)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from exc
    filters: dict[str, object] = {
        "country": _blank_to_none(country),
        "edition": edition_year,
        "indicator": _blank_to_none(indicator),
        "language": _blank_to_none(language),
    }
    query = (q or "").strip()
    results = None
    if query:
        try:
            results = store.search(
                query,
                country=_blank_to_none(country),
                edition=edition_year,
                indicator=_blank_to_none(indicator),
                language=_blank_to_none(language),
                limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE,
            )
        except ValueError as exc:  # a query too long
            raise HTTPException(400, str(exc)) from exc
    choices = store.search_choices()
    indicators = _indicator_choices(lang)
    labels = dict(indicators)
    values = {
        "q": query,
        "filters": filters,
        "countries": choices.countries,
        "editions": choices.editions,
        "report_languages": choices.languages,
        "indicators": indicators,
        "results": results,
        "hits": [_hit_view(hit, lang, labels) for hit in results.hits] if results else [],
        "pages": _pages(results, query, filters, page, lang) if results else {},
    }
    return render(request, "search.html", values)


def _locations() -> list[str]:
    """What the ``indicator`` filter may name: the two sections, then each indicator id."""
    return [*_SECTIONS, *(spec.id for spec in load_methodology(CURRENT).indicators)]


def _indicator_choices(lang: str) -> list[tuple[str, str]]:
    """(value, label) of the indicator filter: the two sections, then each indicator."""
    words = translator(lang)
    choices = [(section, words.gettext(label)) for section, label in _SECTIONS.items()]
    for spec in load_methodology(CURRENT).indicators:
        topic = spec.topic.get(lang) or spec.topic["en"]
        choices.append((spec.id, f"{spec.id} · {topic}"))
    return choices


def _hit_view(hit: SearchHit, lang: str, labels: dict[str, str]) -> dict[str, object]:
    return {
        "hit": hit,
        "url": hit_url(hit, lang),
        "where": labels.get(hit.location, hit.location),
        "snippet": sanitize(hit.snippet),
    }


def _pages(results: SearchResults, query: str, filters: dict[str, object], page: int, lang: str) -> dict[str, object]:
    """Numbers and links of the pager (``None`` where there is no previous/next page; ``last``
    is ``None`` when the search stopped counting: there are more than ``results.total``)."""
    last = max(1, -(-results.total // PAGE_SIZE)) if results.total_exact else None
    base = {"q": query, **{k: v for k, v in filters.items() if v is not None}, "lang": lang}

    def link(number: int) -> str:
        return "/search?" + urlencode({**base, "page": number})

    return {
        "current": page,
        "last": last,
        "first_shown": results.offset + 1 if results.hits else 0,
        "last_shown": results.offset + len(results.hits),
        "first": link(1),
        "previous": link(min(page, last + 1 if last else page) - 1) if page > 1 else None,
        "next": link(page + 1) if results.more else None,
    }
