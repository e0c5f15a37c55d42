"""Response models of the read-only JSON API (``/api/v1``) and the documented error shape.

Every model is frozen and forbids extra fields, so the OpenAPI document at
``/api/v1/openapi.json`` is exactly what the routes of :mod:`netfreedom.web.pages.api` send.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from netfreedom.methodology import Scale, Status

# -- response models ------------------------------------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ErrorDetail(_Out):
    """What went wrong: a stable ``code``, a one-line ``message`` and the HTTP ``status``."""

    code: Literal["not_found", "invalid_parameter", "method_not_allowed", "unsupported_format", "internal_error"]
    message: str
    status: int


class ErrorResponse(_Out):
    """The one error shape of the API: ``{"error": {"code", "message", "status"}}``."""

    error: ErrorDetail


class CountrySummary(_Out):
    """A country known from any source (reports, score tables, news values).

    ``country_name`` is the stored English name, ``country_name_ru`` the Russian one;
    ``editions`` every edition with a scorecard, ``report_editions`` those with a stored
    report; ``latest_*`` describe the latest edition's scorecard: ``latest_total`` as
    published on ``latest_scale``, ``latest_current_total`` on the current scale (100 = most
    free), ``latest_rank`` its place in that edition (1 = freest), ``latest_change`` the
    change in the current-scale total since the previous edition, ``latest_source_kind``
    ``report``, ``table`` or ``news``; ``latest_partial`` is True when the latest edition
    lacks a value it prints (a partial report or table row) and ``latest_missing`` names them.
    """

    iso3: str = Field(examples=["KAZ"])
    country_name: str = Field(examples=["Kazakhstan"])
    country_name_ru: str = Field(examples=["Казахстан"])
    region: str | None = Field(default=None, examples=["eurasia"])
    editions: list[int] = Field(description="Editions with a scorecard, oldest first.")
    report_editions: list[int] = Field(default=[], description="Editions with a stored report.")
    languages: list[str] = Field(description="Languages of the stored report bodies.")
    latest_edition: int
    latest_scale: Scale
    latest_status: Status | None
    latest_total: int | None
    latest_current_total: int | None = None
    latest_rank: int | None = None
    latest_change: int | None = None
    latest_source_kind: Literal["report", "table", "news"] = "report"
    latest_partial: bool = False
    latest_missing: list[str] = Field(default=[], examples=[["C", "C1", "C2"]])


class AssessmentItem(_Out):
    """One country-edition in ``/assessments``: a stored report (one row per body language)
    or, for an edition known only from score tables or news values, its scorecard
    (``language`` and ``revision`` ``None``). Scores on the published ``scale``;
    ``source_kind`` is ``report``, ``table`` or ``news``. ``partial`` is True when a value the
    edition prints is missing (an excerpt, a damaged copy, a table row without a category);
    ``missing`` names them: ``total``, ``status``, category ids, indicator ids."""

    iso3: str
    country_name: str
    edition: int
    language: str | None
    scale: Scale
    status: Status | None
    total: int | None
    categories: dict[str, int | None]
    revision: int | None
    source_kind: Literal["report", "table", "news"]
    partial: bool = Field(default=False, description="True when a value the edition prints is missing.")
    missing: list[str] = Field(default=[], description="The missing values: total, status, A, B, C, A1 ... C8.")


class EditionSummary(_Out):
    """A stored edition: how many countries and assessments (one per language) it holds;
    ``partial_count`` how many of its country-editions lack a value the edition prints."""

    edition: int
    country_count: int
    assessment_count: int
    languages: list[str]
    partial_count: int = 0


class SeriesPoint(_Out):
    """One stored assessment's value of the measure: ``score`` out of ``max`` as printed on
    ``scale`` (``None`` when not printed), and the same value on the current, higher-is-freer
    scale. Editions known only from score tables or news values come from their scorecard
    (``language`` ``None``; ``source_kind`` ``table`` or ``news``). ``partial``: the report or
    scorecard lacks a value its edition prints (``score`` ``None`` here when it is this one:
    not printed, never 0)."""

    iso3: str
    edition: int
    language: str | None
    source_kind: Literal["report", "table", "news"] = "report"
    scale: Scale
    score: int | None
    max: int
    current_scale_score: int | None
    partial: bool = False


class IndicatorSeries(_Out):
    """One measure across stored assessments; ``kind`` says whether ``indicator_id`` names an
    indicator, a category or the total; ``label`` is its name by language."""

    indicator_id: str
    kind: Literal["indicator", "category", "total"]
    label: dict[str, str]
    rows: list[SeriesPoint]


# -- documentation of errors ----------------------------------------------------------------

_ERROR_DOCS = {
    400: "invalid_parameter: a parameter has the wrong type or value.",
    404: "not_found: nothing is stored under this path.",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` documenting the error shape for these statuses (400, 404) plus a
    ``default`` entry with the same shape, which also stops FastAPI from advertising a 422
    the API never sends. Use it on any route under ``/api/v1``: ``responses=error_responses(404)``."""
    documented: dict[int | str, dict[str, Any]] = {
        status: {"model": ErrorResponse, "description": _ERROR_DOCS[status]} for status in statuses
    }
    documented["default"] = {
        "model": ErrorResponse,
        "description": "Any other error, same shape: method_not_allowed (405), internal_error (500).",
    }
    return documented
