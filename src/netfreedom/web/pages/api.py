"""The read-only JSON API, mounted at ``/api/v1`` (OpenAPI: ``/api/v1/openapi.json``).

Routes (all ``GET``; any other method answers 405 ``method_not_allowed``):

* ``/countries`` -> ``[CountrySummary]``: countries with stored assessments, by iso3.
* ``/countries/{iso3}`` -> ``CountrySummary``.
* ``/editions`` -> ``[EditionSummary]``: stored editions, oldest first.
* ``/editions/{edition}`` -> ``EditionSummary``.
* ``/assessments?country=&edition=&status=&language=`` -> ``[AssessmentSummary]``, by iso3,
  edition, language (the store's listing; field names are the ``assessments`` columns).
* ``/assessments/{iso3}/{edition}?language=`` -> the whole assessment, exactly
  ``Assessment.model_dump(mode="json")`` (what ``netfreedom show --json`` prints); for a
  country-edition known only from a score table or news value, its ``Scorecard``.

Every item a list route returns can be fetched by its detail route (``tests/test_web_list_detail.py``).
* ``/indicators/{indicator_id}/series?countries=&language=`` -> ``IndicatorSeries``: one
  indicator (``A3``), category (``B``) or ``total`` across stored assessments.

Lists are plain JSON arrays (no paging: one row per stored assessment at most). Field names
are the model and column names (``iso3``, ``country_name``, ``edition``, ...). Every error is
``{"error": {"code", "message", "status"}}`` (see :mod:`netfreedom.web.errors`): 400
``invalid_parameter`` for a parameter of the wrong type or value, 404 ``not_found`` for
nothing stored under a path, 500 ``internal_error``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from netfreedom.errors import N_, NotFoundError, UnknownCountryError
from netfreedom.methodology import (
    CURRENT,
    Methodology,
    Scale,
    Status,
    available_methodologies,
    load_methodology,
)
from netfreedom.model.assessment import Assessment, Finding, preferred_language
from netfreedom.model.countries import resolve_countries, resolve_country
from netfreedom.model.scoring import to_current
from netfreedom.store import AssessmentSummary, Scorecard, Store
from netfreedom.store.records import SeriesPoint as ScoreSeriesPoint
from netfreedom.web.context import store_of
from netfreedom.web.errors import ApiError
from netfreedom.web.i18n import translator
from netfreedom.web.pages.api_models import (
    AssessmentItem,
    CountrySummary,
    EditionSummary,
    IndicatorSeries,
    SeriesPoint,
    error_responses,
)
from netfreedom.web.pages.api_params import checked_edition, checked_language

router = APIRouter()

_ISO3 = re.compile(r"^[A-Za-z]{3}$")
_LANGUAGE_PATTERN = r"^[a-z]{2,3}$"


# -- parameters -----------------------------------------------------------------------------

Iso3Path = Annotated[str, Path(description="ISO 3166-1 alpha-3 code, any case.", examples=["KAZ"])]
EditionPath = Annotated[int, Path(description="Edition year.", examples=[2022], ge=1900, le=2200)]
LanguageQuery = Annotated[
    str | None,
    Query(pattern=_LANGUAGE_PATTERN, description="Report body language (en, ru); default: all.", examples=["ru"]),
]


# -- routes ---------------------------------------------------------------------------------


@router.get(
    "/countries",
    summary="Countries with stored assessments",
    tags=["countries"],
    operation_id="list_countries",
    response_model=list[CountrySummary],
    responses=error_responses(),
)
def list_countries(request: Request) -> list[CountrySummary]:
    """Every country with at least one stored assessment, ordered by iso3.

    Shape: ``[{"iso3", "country_name", "country_name_ru", "editions", "languages",
    "latest_edition", "latest_scale", "latest_status", "latest_total"}]``.
    """
    store = store_of(request)
    return _country_summaries(store.scorecards(), store.list_assessments())


@router.get(
    "/countries/{iso3}",
    summary="One country with stored assessments",
    tags=["countries"],
    operation_id="get_country",
    response_model=CountrySummary,
    responses=error_responses(404),
)
def get_country(request: Request, iso3: Iso3Path) -> CountrySummary:
    """The country's stored editions and latest score, shaped as one item of ``/countries``.

    Errors: 404 ``not_found`` when nothing is stored for ``iso3``.
    """
    store = store_of(request)
    iso3 = _path_code(iso3)
    cards = store.scorecards(countries=[iso3])
    if not cards:
        raise NotFoundError(N_("nothing is stored for country '{iso3}'"), iso3=iso3)
    return _country_summaries(cards, _summaries_of(store, iso3))[0]


@router.get(
    "/countries/{iso3}/series",
    summary="A country's score time series across editions and scale eras",
    tags=["countries"],
    operation_id="get_country_series",
    response_model=list[ScoreSeriesPoint],
    responses=error_responses(404),
)
def get_country_series(request: Request, iso3: Iso3Path) -> list[ScoreSeriesPoint]:
    """Per edition, oldest first: the best-supported total, status and A/B/C, each an
    observation with its published value and scale, its current-scale value (legacy values
    converted: maximum − value) and its source (a report, or a row of an imported score table
    such as fotn-scores.csv). Reports are preferred to tables.

    Errors: 404 ``not_found`` when nothing at all is known of ``iso3``.
    """
    points = store_of(request).series(_path_code(iso3))
    if not points:
        raise NotFoundError(N_("no scores stored for country '{iso3}'"), iso3=iso3)
    return points


@router.get(
    "/editions",
    summary="Stored editions with their number of countries",
    tags=["editions"],
    operation_id="list_editions",
    response_model=list[EditionSummary],
    responses=error_responses(),
)
def list_editions(request: Request) -> list[EditionSummary]:
    """Every edition known from any source, oldest first.

    Shape: ``[{"edition", "country_count", "assessment_count", "languages"}]``:
    ``country_count`` counts countries with a scorecard (report, score table or news value);
    ``assessment_count`` stored reports (one per country and language) and ``languages``
    their body languages; ``partial_count`` the countries whose scorecard lacks a value the
    edition prints.
    """
    store = store_of(request)
    by_edition: dict[int, list[AssessmentSummary]] = {}
    for summary in store.list_assessments():
        by_edition.setdefault(summary.edition, []).append(summary)
    counts = store.scorecard_counts().editions
    partial: dict[int, int] = {}
    for card in store.scorecards():
        partial[card.edition] = partial.get(card.edition, 0) + card.partial
    return [
        EditionSummary(
            edition=edition,
            country_count=counts.get(edition, len({s.iso3 for s in by_edition.get(edition, [])})),
            assessment_count=len(by_edition.get(edition, [])),
            languages=sorted({s.language for s in by_edition.get(edition, [])}),
            partial_count=partial.get(edition, 0),
        )
        for edition in sorted(set(counts) | set(by_edition))
    ]


@router.get(
    "/editions/{edition}",
    summary="One edition with its number of countries",
    tags=["editions"],
    operation_id="get_edition",
    response_model=EditionSummary,
    responses=error_responses(400, 404),
)
def get_edition(request: Request, edition: EditionPath) -> EditionSummary:
    """The edition, shaped as one item of ``/editions``.

    Errors: 400 ``invalid_parameter`` for a non-integer edition; 404 ``not_found`` when no
    source (report, score table, news value) knows the edition.
    """
    for summary in list_editions(request):
        if summary.edition == edition:
            return summary
    raise NotFoundError(N_("no country is known for edition {edition}"), edition=edition)


@router.get(
    "/assessments",
    summary="Stored assessments, filtered",
    tags=["assessments"],
    operation_id="list_assessments",
    response_model=list[AssessmentItem],
    responses=error_responses(400),
)
def list_assessments(
    request: Request,
    country: Annotated[
        str | None,
        Query(min_length=1, description="ISO alpha-3 code or country name (English or Russian).", examples=["KAZ"]),
    ] = None,
    edition: Annotated[int | None, Query(description="Edition year.", examples=[2022], ge=1900, le=2200)] = None,
    status: Annotated[Status | None, Query(description="free, partly_free or not_free.")] = None,
    language: LanguageQuery = None,
) -> list[AssessmentItem]:
    """Every country-edition matching every filter given, from any source, by iso3, edition
    and language: stored reports (one row per body language) and, for editions known only
    from score tables or news values, their scorecards (``language`` ``null``; left out when
    ``language`` is given). An empty list when none match.

    Shape: ``[{"iso3", "country_name", "edition", "language", "scale", "status", "total",
    "categories": {"A", "B", "C"}, "revision", "source_kind", "partial", "missing"}]``
    (scores on the row's ``scale``; ``partial``/``missing``: the values the edition prints
    that the row lacks, from the report's ``missing-score``/``missing-indicator`` findings).

    Errors: 400 ``invalid_parameter`` for a country no name or code matches, a non-integer
    ``edition`` or a year in which no edition was published (2010, before 2009, after next
    year), a ``status`` outside free/partly_free/not_free, a ``language`` that is no language
    code (``zz``), or any parameter given twice.
    """
    store = store_of(request)
    edition, language = checked_edition(edition), checked_language(language)
    codes = _parse_countries(country, name="country") if country is not None else None
    wanted: list[str | None] = list(codes) if codes else [None]
    reports = [
        summary
        for code in wanted
        for summary in store.list_assessments(country=code, edition=edition, status=status, language=language)
    ]
    items = [AssessmentItem(**summary.model_dump(), source_kind="report") for summary in reports]
    if language is None:
        for card in store.scorecards(countries=codes, edition=edition, status=status):
            if not card.has_report:
                items.append(_card_item(card))
    items.sort(key=lambda i: (i.iso3, i.edition, i.language or ""))
    return items


@router.get(
    "/assessments/{iso3}/{edition}",
    summary="One whole assessment",
    tags=["assessments"],
    operation_id="get_assessment",
    response_model=Assessment | Scorecard,
    responses=error_responses(400, 404),
)
def get_assessment(request: Request, iso3: Iso3Path, edition: EditionPath, language: LanguageQuery = None) -> Any:
    """The stored assessment as ``Assessment.model_dump(mode="json")``, the same JSON as
    ``netfreedom show ISO3 --edition EDITION --json``. Without ``language``: English when
    stored, else the first stored language alphabetically. A country-edition known only from
    a score table or a news value (a row of ``/assessments`` with ``language`` ``null``)
    answers with its scorecard (``Scorecard``: ``source_kind`` ``table`` or ``news``, scores on
    the current scale, the export's row, and ``value_sources``: every file that gave one of
    its values with the fields it gave, the file of the total first), so every row of the list
    can be fetched here.

    Errors: 400 ``invalid_parameter`` for a non-integer edition, a malformed language or one
    that is no language code; 404 ``not_found`` when the country, the edition or the language
    is not stored (the message says which).
    """
    from netfreedom.services.reports import page_findings
    from netfreedom.web.views import prepared

    store = store_of(request)
    language = checked_language(language)
    iso3 = _path_code(iso3)
    lookup = store.page_parts(iso3, edition, language, "json", prepared.build_format())
    if lookup is None and language is None and _ISO3.match(iso3):
        cards = [c for c in store.scorecards(countries=[iso3.upper()], edition=edition) if not c.has_report]
        if cards:  # known only from a score table or a news value: its scorecard, as the export writes it
            found = store.value_sources([iso3]).get((iso3, edition), [])
            sources = [source.model_dump(mode="json") for source in found]
            return JSONResponse({**cards[0].model_dump(mode="json"), "value_sources": sources})
    if lookup is None:
        raise _not_stored(store, iso3, edition, language)
    read: list[Assessment] = []

    def whole() -> Assessment:  # read only when the answer is drawn or other sources are compared
        if not read:
            found = store.get(iso3, edition, lookup.language)
            if found is None:  # deleted since looked up
                raise _not_stored(store, iso3, edition, language)
            read.append(found)
        return read[0]

    parts = lookup.parts
    if parts is None:  # the answer is prepared once per revision (web/views/prepared.py)
        parts = prepared.build_json_parts(whole())
        store.keep_page_parts(lookup.assessment_id, lookup.revision, "json", prepared.build_format(), parts)
    facts = parts.facts
    key = (iso3.upper(), edition, facts["language"], facts["file_name"])
    stored = [Finding.model_validate(f) for f in facts["findings"]]
    findings = prepared.json_bytes([f.model_dump(mode="json") for f in page_findings(store, key, stored, whole, whole)])
    fills = {"findings": findings.decode()}
    if "gzip" in request.headers.get("accept-encoding", ""):
        body = prepared.gzip_page("", parts, fills, "", prepared.DRAWN_LEVEL)
        headers = {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
        return Response(body, media_type="application/json", headers=headers)
    return Response(prepared.plain_page("", parts, fills, ""), media_type="application/json")


@router.get(
    "/indicators/{indicator_id}/series",
    summary="One indicator, category or total across countries and editions",
    tags=["indicators"],
    operation_id="get_indicator_series",
    response_model=IndicatorSeries,
    responses=error_responses(400, 404),
)
def get_indicator_series(
    request: Request,
    indicator_id: Annotated[
        str, Path(description="Indicator id (A1 ... C8), category id (A, B, C) or total.", examples=["A3"])
    ],
    countries: Annotated[
        str | None,
        Query(description="Comma-separated ISO alpha-3 codes; default: every country.", examples=["KAZ,XEX"]),
    ] = None,
    language: LanguageQuery = None,
) -> IndicatorSeries:
    """The measure's value in every stored assessment of the chosen countries: one row per
    assessment (so one per language), ordered by iso3, edition, language.

    Shape: ``{"indicator_id", "kind", "label": {"en", "ru"}, "rows": [{"iso3", "edition",
    "language", "scale", "score", "max", "current_scale_score"}]}``. ``score`` and ``max`` are
    as printed on ``scale``; ``current_scale_score`` is on the higher-is-freer scale
    (``null`` when the score is missing or outside ``0..max``).

    Errors: 404 ``not_found`` for an id no methodology knows; 400 ``invalid_parameter`` when
    an entry of ``countries`` is no country's name or code, ``language`` is malformed or no
    language code, or a parameter is given twice.
    """
    measure_id, kind, label = _resolve_measure(indicator_id)
    store = store_of(request)
    language = checked_language(language)
    codes = _parse_countries(countries)
    rows = [
        point
        for assessment in _assessments(store, codes, language)
        if (point := _point(assessment, measure_id, kind)) is not None
    ]
    if language is None:  # editions known only from score tables or news values
        rows += [
            point
            for card in store.scorecards(countries=codes)
            if not card.has_report and (point := _card_point(card, measure_id, kind)) is not None
        ]
        rows.sort(key=lambda p: (p.iso3, p.edition, p.language or ""))
    return IndicatorSeries(indicator_id=measure_id, kind=kind, label=label, rows=rows)


# -- helpers --------------------------------------------------------------------------------


def _summaries_of(store: Store, iso3: str) -> list[AssessmentSummary]:
    """Summaries stored for an ISO alpha-3 code (never a name: the path names a code)."""
    return store.list_assessments(country=iso3) if _ISO3.match(iso3) else []


def _preferred(summaries: Iterable[AssessmentSummary]) -> AssessmentSummary:
    """The row in the language that stands for the country-edition (as ``Store.get``)."""
    by_language = {s.language: s for s in summaries}
    return by_language[preferred_language(by_language)]


def _country_summaries(cards: Iterable[Scorecard], summaries: Iterable[AssessmentSummary]) -> list[CountrySummary]:
    by_country: dict[str, list[Scorecard]] = {}
    for card in cards:
        by_country.setdefault(card.iso3, []).append(card)
    reports: dict[str, list[AssessmentSummary]] = {}
    for summary in summaries:
        reports.setdefault(summary.iso3, []).append(summary)
    russian = translator("ru")
    result = []
    for iso3, items in sorted(by_country.items()):
        latest = max(items, key=lambda c: c.edition)
        stored = reports.get(iso3, [])
        report = None
        if latest.has_report:
            report = _preferred(s for s in stored if s.edition == latest.edition)
        name = report.country_name if report is not None else latest.country_name
        result.append(
            CountrySummary(
                iso3=iso3,
                country_name=name,
                country_name_ru=russian.country(iso3, fallback=name),
                region=latest.region,
                editions=sorted(c.edition for c in items),
                report_editions=sorted({s.edition for s in stored}),
                languages=sorted({s.language for s in stored}),
                latest_edition=latest.edition,
                latest_scale=report.scale if report is not None else latest.published_scale or Scale.HIGHER_IS_FREER,
                latest_status=report.status if report is not None else latest.status,
                latest_total=report.total
                if report is not None
                else _published(latest, "total", latest.total, load_methodology(CURRENT).scale.max),
                latest_current_total=latest.total,
                latest_rank=latest.rank,
                latest_change=latest.change,
                latest_source_kind=latest.source_kind,
                latest_partial=report.partial if report is not None else latest.partial,
                latest_missing=report.missing if report is not None else latest.missing,
            )
        )
    return result


def _not_stored(store: Store, iso3: str, edition: int, language: str | None) -> NotFoundError:
    """The 404 ``not_found`` of an assessment that is not stored, its message saying which part
    of (iso3, edition, language) has nothing stored."""
    summaries = _summaries_of(store, iso3)
    if not summaries:
        # A country known only from score tables or news values has editions all the same.
        known = sorted({c.edition for c in store.scorecards(countries=[iso3.upper()])}) if _ISO3.match(iso3) else []
        if known and edition not in known:
            return NotFoundError(
                N_("{iso3} has no stored assessment for edition {edition} (stored editions: {editions})"),
                iso3=iso3.upper(),
                edition=edition,
                editions=", ".join(str(e) for e in known),
            )
        return NotFoundError(N_("no stored assessments for country '{iso3}'"), iso3=iso3)
    code = summaries[0].iso3
    editions = sorted({s.edition for s in summaries})
    if edition not in editions:
        listed = ", ".join(str(e) for e in editions)
        return NotFoundError(
            N_("{iso3} has no stored assessment for edition {edition} (stored editions: {editions})"),
            iso3=code,
            edition=edition,
            editions=listed,
        )
    languages = ", ".join(sorted(s.language for s in summaries if s.edition == edition))
    return NotFoundError(
        N_("{iso3} {edition} is not stored in language '{language}' (stored languages: {languages})"),
        iso3=code,
        edition=edition,
        language=language,
        languages=languages,
    )


def _methodologies() -> list[Methodology]:
    """Current methodology first, then the others: the first one naming an id labels it."""
    ids = sorted(available_methodologies(), key=lambda m: m != CURRENT)
    return [load_methodology(m) for m in ids]


_TOTAL_LABEL = {"en": "Total score", "ru": "Общий балл"}


def _resolve_measure(raw: str) -> tuple[str, Literal["indicator", "category", "total"], dict[str, str]]:
    """(canonical id, kind, label) of ``total``, a category or an indicator id, any case.

    Raises :class:`NotFoundError` (404 ``not_found``) for an id no methodology knows.
    """
    text = raw.strip()
    if text.lower() == "total":
        return "total", "total", dict(_TOTAL_LABEL)
    wanted = text.upper()
    for methodology in _methodologies():
        for category in methodology.categories:
            if category.id == wanted:
                return wanted, "category", dict(category.label)
            for indicator in category.indicators:
                if indicator.id == wanted:
                    return wanted, "indicator", dict(indicator.topic)
    raise NotFoundError(
        N_("unknown indicator '{indicator}': use an indicator id (A1 ... C8), a category id (A, B, C) or total"),
        indicator=raw,
    )


def _path_code(iso3: str) -> str:
    """The upper-case ISO alpha-3 code a path names (paths take codes, in any case).

    Raises ``ApiError(404, "not_found")`` in the one error shape when the value is no code of
    a country: a country name says which code to use (``'Russia' is not an ISO alpha-3 code:
    Russian Federation is RUS``), anything else says no country is called so, with the near
    misses :func:`~netfreedom.model.countries.resolve_country` suggests.
    """
    try:
        country = resolve_country(iso3)
    except UnknownCountryError as exc:
        raise ApiError(404, "not_found", f"country: {exc}") from None
    if not _ISO3.match(iso3) or country.iso3 != iso3.upper():
        raise ApiError(
            404, "not_found", f"country: '{iso3}' is not an ISO alpha-3 code: {country.name} is {country.iso3}"
        )
    return country.iso3


def _parse_countries(countries: str | None, name: str = "countries") -> list[str] | None:
    """ISO alpha-3 codes of ``?countries=`` (names or codes, comma-separated; ``None``: no filter).

    Raises ``ApiError(400, "invalid_parameter")`` naming the parameter and the first entry
    that is no country (with the near miss it may mean).
    """
    if countries is None or not countries.strip():
        return None
    try:
        return resolve_countries(countries)
    except UnknownCountryError as exc:
        raise ApiError(400, "invalid_parameter", f"{name}: {exc}") from None


def _published(card: Scorecard, field: str, value: int | None, maximum: int) -> int | None:
    """A scorecard value (current scale) back on its published scale."""
    if value is None or field not in card.converted:
        return value
    return maximum - value


def _card_item(card: Scorecard) -> AssessmentItem:
    methodology = load_methodology(CURRENT)
    return AssessmentItem(
        iso3=card.iso3,
        country_name=card.country_name,
        edition=card.edition,
        language=None,
        scale=card.published_scale or Scale.HIGHER_IS_FREER,
        status=card.status,
        total=_published(card, "total", card.total, methodology.scale.max),
        categories={c.id: _published(card, c.id, card.categories.get(c.id), c.max) for c in methodology.categories},
        revision=None,
        source_kind=card.source_kind,
        partial=card.partial,
        missing=card.missing,
    )


def _assessments(store: Store, countries: list[str] | None, language: str | None) -> Iterator[Assessment]:
    """Stored assessments of these countries (every country for ``None``) in this language
    (every language for ``None``), ordered by iso3, edition, language."""
    if countries is None:
        yield from (a for a in store.all_assessments() if language is None or a.language == language)
        return
    for iso3 in sorted(countries):
        for summary in store.list_assessments(country=iso3, language=language):
            assessment = store.get(summary.iso3, summary.edition, summary.language)
            if assessment is not None:  # deleted since it was listed
                yield assessment


def _card_point(card: Scorecard, measure_id: str, kind: str) -> SeriesPoint | None:
    """The measure in a table-only scorecard, or ``None`` when no source gave it."""
    methodology = load_methodology(CURRENT)
    if kind == "total":
        value, maximum = card.total, methodology.scale.max
    elif kind == "category":
        value, maximum = card.categories.get(measure_id), methodology.category(measure_id).max
    else:
        value, maximum = card.indicators.get(measure_id), methodology.indicator(measure_id).max
    if value is None:
        return None
    return SeriesPoint(
        iso3=card.iso3,
        edition=card.edition,
        language=None,
        source_kind=card.source_kind,
        scale=card.published_scale or Scale.HIGHER_IS_FREER,
        score=_published(card, measure_id, value, maximum),
        max=maximum,
        current_scale_score=value,
        partial=card.partial,
    )


def _point(assessment: Assessment, measure_id: str, kind: str) -> SeriesPoint | None:
    """The measure in one assessment, or ``None`` when its methodology has no such measure."""
    methodology = load_methodology(assessment.methodology)
    score: int | None
    try:
        if kind == "total":
            score, maximum = assessment.total, methodology.scale.max
        elif kind == "category":
            category = assessment.categories.get(measure_id)
            score = category.score if category else None
            maximum = category.max if category else methodology.category(measure_id).max
        else:
            indicator = assessment.indicator(measure_id)
            score = indicator.score if indicator else None
            maximum = indicator.max if indicator else methodology.indicator(measure_id).max
    except KeyError:
        return None
    current = to_current(methodology, score, maximum)  # a misread score outside 0..max: None
    assert assessment.edition is not None and assessment.country is not None  # stored: both known
    return SeriesPoint(
        iso3=assessment.country.iso3,
        edition=assessment.edition,
        language=assessment.language,
        scale=assessment.scale,
        score=score,
        max=maximum,
        current_scale_score=current,
        partial=assessment.partial,
    )
