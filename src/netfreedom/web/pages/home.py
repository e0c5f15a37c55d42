"""The home page: every country's latest (or a chosen) edition as a table and a map.

``GET /``
    One row per stored country: its latest stored edition, or the edition chosen with
    ``?edition=``; when several body languages are stored for that edition, one of them
    stands for all (the interface language, else English, else the first). Query:
    ``sort`` (one of :data:`SORT_KEYS`), ``order`` (``asc``/``desc``), ``status`` (a
    :class:`~netfreedom.methodology.Status` value), ``edition`` (a year), ``lang``. Scores
    are shown on the current scale (100 = most free); legacy editions are converted and
    marked. "Change" is against the stored edition of the year before when there is one,
    else against last year's score printed in the report. Sorting is done here, so the
    column links work without JavaScript.
Bad query values answer with the 400 error page.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from netfreedom.methodology import (
    CURRENT,
    Scale,
    Status,
    load_methodology,
    methodology_for_scale,
)
from netfreedom.model.assessment import preferred_language
from netfreedom.model.scoring import (
    current_scale_previous_total,
    scale_to_current,
    status_label,
)
from netfreedom.store import AssessmentSummary, Store
from netfreedom.web.context import language_of, render, store_of
from netfreedom.web.i18n import Translator, translator
from netfreedom.web.views.labels import STATUS_ORDER, country_href, edition_param, localized, page_url
from netfreedom.web.views.worldmap import MapCountry, render_map

router = APIRouter()

SORT_KEYS = ("country", "edition", "status", "total", "A", "B", "C", "change")
"""Columns the home table can be sorted by (``?sort=``)."""
CATEGORY_IDS = ("A", "B", "C")
_STATUS_RANK = {Status.NOT_FREE: 0, Status.PARTLY_FREE: 1, Status.FREE: 2}  # sorts like the total


# -- the home table -------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeRow:
    """One country in the home table; scores on the current scale (100 = most free).

    ``change`` is ``total`` minus last year's total (``None`` when unknown) and
    ``change_source`` says where last year's total came from: ``"stored"`` (the stored
    edition of the year before) or ``"printed"`` (the report's "last year's score").
    ``legacy`` is true when the report was published on the legacy scale.
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


def pick_language(summaries: list[AssessmentSummary], language: str) -> AssessmentSummary:
    """The summary to show among the languages stored for one country and edition: the
    interface ``language``, else English, else the first by language code."""
    by_language = {s.language: s for s in summaries}
    return by_language[preferred_language(by_language, language)]


def choose_editions(summaries: list[AssessmentSummary], edition: int | None, language: str) -> list[AssessmentSummary]:
    """One summary per country: of ``edition``, or of its latest stored edition when
    ``edition`` is ``None``; countries without that edition are left out."""
    grouped: dict[str, dict[int, list[AssessmentSummary]]] = {}
    for summary in summaries:
        grouped.setdefault(summary.iso3, {}).setdefault(summary.edition, []).append(summary)
    chosen = []
    for editions in grouped.values():
        year = max(editions) if edition is None else edition
        if year in editions:
            chosen.append(pick_language(editions[year], language))
    return chosen


def current_scale(summary: AssessmentSummary) -> tuple[int | None, dict[str, int | None]]:
    """Total and category scores of a summary converted to the current scale."""
    methodology = methodology_for_scale(summary.scale)
    total = scale_to_current(summary.scale, summary.total, methodology.scale.max)
    categories = {
        c.id: scale_to_current(summary.scale, summary.categories.get(c.id), c.max) for c in methodology.categories
    }
    return total, categories


_PreviousKey = tuple[str, int, str, int]  # iso3, edition, language, revision
_printed_previous: WeakKeyDictionary[Store, dict[_PreviousKey, int | None]] = WeakKeyDictionary()
_printed_lock = threading.Lock()


def printed_previous_total(store: Store, summary: AssessmentSummary) -> int | None:
    """Last year's total as printed in the stored report, on the current scale.

    Summaries do not carry it, so the document is read once per stored revision and the
    answer kept for the life of ``store``. Raises :class:`~netfreedom.store.StoreError`.
    """
    key = (summary.iso3, summary.edition, summary.language, summary.revision)
    with _printed_lock:
        known = _printed_previous.setdefault(store, {})
        if key in known:
            return known[key]
    assessment = store.get(summary.iso3, summary.edition, summary.language)
    value = None if assessment is None else current_scale_previous_total(assessment)
    with _printed_lock:
        known[key] = value
    return value


def build_rows(
    store: Store, all_summaries: list[AssessmentSummary], shown: list[AssessmentSummary], language: str
) -> list[HomeRow]:
    """Home rows for the ``shown`` summaries; ``all_summaries`` supplies last year's."""
    words = translator(language)
    totals_by_key: dict[tuple[str, int], list[AssessmentSummary]] = {}
    for summary in all_summaries:
        totals_by_key.setdefault((summary.iso3, summary.edition), []).append(summary)
    rows = []
    for summary in shown:
        total, categories = current_scale(summary)
        last_year = totals_by_key.get((summary.iso3, summary.edition - 1))
        previous: int | None = None
        source: str | None = None
        if last_year:
            previous, _ = current_scale(pick_language(last_year, language))
            source = "stored" if previous is not None else None
        if previous is None:
            previous = printed_previous_total(store, summary)
            source = "printed" if previous is not None else None
        change = None if total is None or previous is None else total - previous
        rows.append(
            HomeRow(
                iso3=summary.iso3,
                name=words.country(summary.iso3, fallback=summary.country_name),
                edition=summary.edition,
                language=summary.language,
                status=summary.status,
                total=total,
                categories=categories,
                change=change,
                change_source=source,
                legacy=summary.scale is Scale.LOWER_IS_FREER,
            )
        )
    return rows


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
        return getattr(row, key)

    by_name = sorted(rows, key=lambda r: r.name.casefold())
    present = [r for r in by_name if value(r) is not None]
    missing = [r for r in by_name if value(r) is None]
    return sorted(present, key=value, reverse=order == "desc") + missing


# -- query parsing --------------------------------------------------------------------------


def _choice(words: Translator, name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        message = words.gettext("{name}: must be one of {allowed}", name=name, allowed=", ".join(allowed))
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
            ),
            href=country_href(row.iso3, edition and row.edition, language),
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
) -> HTMLResponse:
    """All stored countries: table, filters and the world map."""
    language = language_of(request)
    words = translator(language)
    sort = _choice(words, "sort", sort, SORT_KEYS)
    order = _choice(words, "order", order, ("asc", "desc"))
    wanted_status = _status(words, status)
    wanted_edition = edition_param(words, edition)
    store = store_of(request)
    summaries = store.list_assessments()
    rows = build_rows(store, summaries, choose_editions(summaries, wanted_edition, language), language)
    if wanted_status is not None:
        rows = [r for r in rows if r.status == wanted_status]
    rows = sort_rows(rows, sort, order)
    filters = {"status": wanted_status and wanted_status.value, "edition": wanted_edition, "lang": language}
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
            "editions": sorted({s.edition for s in summaries}, reverse=True),
            "statuses": [(s.value, status_label(s, language)) for s in STATUS_ORDER],
            "status_label": lambda s: status_label(s, language),
            "world_map": world_map,
            "any_legacy": any(r.legacy for r in rows),
            "stored_count": len({s.iso3 for s in summaries}),
            "href": lambda iso3, year=None: country_href(iso3, year, language),
            "category_titles": {c.id: localized(c.label, language) for c in load_methodology(CURRENT).categories},
        },
    )
