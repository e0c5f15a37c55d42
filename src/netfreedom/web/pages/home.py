"""The home page: every country's latest (or a chosen) edition as a table and a map.

``GET /``
    One row per country known from any source (report, score table, news value): its
    latest scorecard, or that of the edition chosen with ``?edition=`` (prepared when
    stored: :mod:`netfreedom.store.scorecards`). Query: ``sort`` (one of
    :data:`SORT_KEYS`), ``order`` (``asc``/``desc``), ``status`` (a
    :class:`~netfreedom.methodology.Status` value), ``edition`` (a year), ``region`` (an id
    of :func:`netfreedom.model.regions.regions`), ``lang``. Scores are shown on the current
    scale (100 = most free); legacy values are converted and marked, news values marked.
    "Change" is against the previous published edition's scorecard when there is one, else
    against last year's score printed in the report; "Rank" is the place among the countries
    of the row's own edition (1 = freest): ranks of different editions are never compared, so
    when the rows mix editions a rank from an older edition than the newest shown names its
    edition, and sorting by rank keeps each edition's ranks together (newest edition first).
    Sorting is done here, so the column links work without JavaScript.
Bad query values answer with the 400 error page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from netfreedom.methodology import (
    CURRENT,
    Status,
    load_methodology,
    methodology_for_scale,
)
from netfreedom.model.assessment import preferred_language
from netfreedom.model.regions import region_label, regions
from netfreedom.model.scoring import scale_to_current, status_label
from netfreedom.store import AssessmentSummary, Scorecard
from netfreedom.web.context import language_of, render, store_of
from netfreedom.web.i18n import Translator, keep, translator
from netfreedom.web.views.labels import STATUS_ORDER, country_href, edition_param, localized, page_url, partial_title
from netfreedom.web.views.worldmap import MapCountry, render_map

router = APIRouter()

SORT_KEYS = ("country", "edition", "status", "total", "A", "B", "C", "change", "rank")
"""Columns the home table can be sorted by (``?sort=``)."""
CATEGORY_IDS = ("A", "B", "C")
_STATUS_RANK = {Status.NOT_FREE: 0, Status.PARTLY_FREE: 1, Status.FREE: 2}  # sorts like the total


# -- the home table -------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeRow:
    """One country in the home table; scores on the current scale (100 = most free).

    ``change`` is ``total`` minus the total of ``previous_edition`` (``None`` when unknown)
    and ``change_source`` says where that total came from: ``"stored"`` (the country's
    scorecard of that edition, from any source) or ``"printed"`` (the report's "last year's
    score"). ``legacy`` is true when the total was published on the legacy scale.
    ``language`` is the body language of the report the scores come from (``""`` for a
    table value); ``source_kind`` is ``report``, ``table`` or ``news``; ``rank`` is the place
    among ``ranked`` countries of the edition (1 = freest). ``partial`` is true when no
    source gave a value the edition prints; ``missing`` names them (``total``, ``status``,
    category and indicator ids).
    """

    iso3: str
    name: str
    edition: int
    language: str
    status: Status | None
    total: int | None
    categories: dict[str, int | None]
    change: int | None
    change_source: str | None
    legacy: bool
    rank: int | None = None
    ranked: int | None = None
    source_kind: str = "report"
    has_report: bool = True
    previous_edition: int | None = None
    region: str | None = None
    partial: bool = False
    missing: tuple[str, ...] = ()


def pick_language(summaries: list[AssessmentSummary], language: str) -> AssessmentSummary:
    """The summary to show among the languages stored for one country and edition: the
    interface ``language``, else English, else the first by language code."""
    by_language = {s.language: s for s in summaries}
    return by_language[preferred_language(by_language, language)]


def current_scale(summary: AssessmentSummary) -> tuple[int | None, dict[str, int | None]]:
    """Total and category scores of a summary converted to the current scale."""
    methodology = methodology_for_scale(summary.scale)
    total = scale_to_current(summary.scale, summary.total, methodology.scale.max)
    categories = {
        c.id: scale_to_current(summary.scale, summary.categories.get(c.id), c.max) for c in methodology.categories
    }
    return total, categories


def card_rows(cards: list[Scorecard], language: str) -> list[HomeRow]:
    """Home rows of prepared scorecards (:meth:`Store.scorecards <netfreedom.store.Store.scorecards>`)."""
    words = translator(language)
    return [
        HomeRow(
            iso3=card.iso3,
            name=words.country(card.iso3, fallback=card.country_name),
            edition=card.edition,
            language=card.language or "",
            status=card.status,
            total=card.total,
            categories={c: card.categories.get(c) for c in CATEGORY_IDS},
            change=card.change,
            change_source=card.change_source,
            legacy="total" in card.converted,
            rank=card.rank,
            ranked=card.ranked,
            source_kind=card.source_kind,
            has_report=card.has_report,
            previous_edition=card.previous_edition,
            region=card.region,
            partial=card.partial,
            missing=tuple(card.missing),
        )
        for card in cards
    ]


def sort_rows(rows: list[HomeRow], key: str, order: str) -> list[HomeRow]:
    """``rows`` sorted by column ``key`` (one of :data:`SORT_KEYS`) in ``order``
    (``asc``/``desc``); rows without a value for the key come last either way, and ties
    are broken by country name. Raises ``ValueError`` for an unknown key."""
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {key!r}")

    def value(row: HomeRow) -> Any:
        if key == "country":
            return row.name.casefold()
        if key == "status":
            return None if row.status is None else _STATUS_RANK[row.status]
        if key in CATEGORY_IDS:
            return row.categories.get(key)
        if key == "rank":  # descending (the column's first click): newest edition first, rank 1 first in it
            return None if row.rank is None else (row.edition, -row.rank)
        return getattr(row, key)

    by_name = sorted(rows, key=lambda r: r.name.casefold())
    present = [r for r in by_name if value(r) is not None]
    missing = [r for r in by_name if value(r) is None]
    return sorted(present, key=value, reverse=order == "desc") + missing


# -- query parsing --------------------------------------------------------------------------


def _choice(words: Translator, name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        message = words.gettext("{name}: must be one of {allowed}", name=keep(name), allowed=keep(", ".join(allowed)))
        raise HTTPException(400, message)
    return value


def _status(words: Translator, value: str) -> Status | None:
    if not value:
        return None
    return Status(_choice(words, "status", value, tuple(s.value for s in STATUS_ORDER)))


# -- pages ----------------------------------------------------------------------------------


def sort_columns(sort: str, order: str, filters: dict[str, Any]) -> list[dict[str, Any]]:
    """Heading links of the home table: each sorts by its column, keeping ``filters``; the
    current column's link flips the order. ``aria_sort`` is set on the current column."""
    columns = []
    for key in SORT_KEYS:
        current = key == sort
        if current:
            next_order = "desc" if order == "asc" else "asc"
        else:
            next_order = "asc" if key == "country" else "desc"
        columns.append(
            {
                "key": key,
                "href": page_url("/", {**filters, "sort": key, "order": next_order}),
                "aria_sort": ("ascending" if order == "asc" else "descending") if current else None,
            }
        )
    return columns


def row_href(row: HomeRow, edition: int | None, language: str) -> str:
    """The page of the edition a home row shows. Without an edition filter a country's plain
    page (``/country/KAZ``) is its latest stored report, so a row whose latest scores come from
    a score table or a news value (KAZ 2025 beside a stored 2022 report) links to its edition
    (``/country/KAZ/2025``): the page then shows the numbers the row shows."""
    return country_href(row.iso3, row.edition if edition or not row.has_report else None, language)


def map_countries(rows: list[HomeRow], edition: int | None, language: str) -> list[MapCountry]:
    """What the world map colours: each row with a status, titled and linked."""
    words = translator(language)
    return [
        MapCountry(
            iso3=row.iso3,
            status=row.status,
            title=words.gettext(
                "{name}: {total} of 100, {status} ({edition})",
                name=row.name,
                total="–" if row.total is None else row.total,
                status=status_label(row.status, language),
                edition=row.edition,
            )
            + (" " + partial_title(words, row.missing) if row.partial else ""),
            href=row_href(row, edition, language),
        )
        for row in rows
        if row.status is not None
    ]


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    sort: str = "country",
    order: str = "asc",
    status: str = "",
    edition: str = "",
    region: str = "",
) -> HTMLResponse:
    """Every country known from any source (reports, score tables, news values): table,
    filters and the world map, from the prepared scorecards."""
    language = language_of(request)
    words = translator(language)
    sort = _choice(words, "sort", sort, SORT_KEYS)
    order = _choice(words, "order", order, ("asc", "desc"))
    wanted_status = _status(words, status)
    wanted_edition = edition_param(words, edition)
    wanted_region = _choice(words, "region", region, ("", *(r.id for r in regions())))
    store = store_of(request)
    cards = store.scorecards(
        edition=wanted_edition,
        latest=wanted_edition is None,
        status=wanted_status,
        region=wanted_region or None,
    )
    rows = sort_rows(card_rows(cards, language), sort, order)
    shown_editions = {r.edition for r in rows if r.rank is not None}
    counts = store.scorecard_counts()
    filters = {
        "status": wanted_status and wanted_status.value,
        "edition": wanted_edition,
        "region": wanted_region,
        "lang": language,
    }
    world_map = render_map(
        map_countries(rows, wanted_edition, language),
        label=words.gettext("World map of internet freedom status"),
    )
    return render(
        request,
        "index.html",
        {
            "rows": rows,
            "columns": sort_columns(sort, order, filters),
            "sort": sort,
            "order": order,
            "selected_status": wanted_status.value if wanted_status else "",
            "selected_edition": wanted_edition,
            "selected_region": wanted_region,
            "editions": sorted(counts.editions, reverse=True),
            "statuses": [(s.value, status_label(s, language)) for s in STATUS_ORDER],
            "regions": [(r.id, region_label(r.id, language)) for r in regions()],
            "status_label": lambda s: status_label(s, language),
            "world_map": world_map,
            "newest_ranked": max(shown_editions) if len(shown_editions) > 1 else None,
            "any_legacy": any(r.legacy for r in rows),
            "any_news": any(r.source_kind == "news" for r in rows),
            "any_partial": any(r.partial for r in rows),
            "stored_count": counts.countries,
            "row_href": lambda row: row_href(row, wanted_edition, language),
            "category_titles": {c.id: localized(c.label, language) for c in load_methodology(CURRENT).categories},
        },
    )
