"""Per-value observations: every score value the platform learns, with where it came from.

A report gives its total, status, category scores and indicator scores; a row of a score
dataset (``netfreedom.ingest.tables.reader``) gives some of the same fields for one country and
edition. Each value is an :class:`ObservedValue` (what was published, on which scale, and
its value on the current scale); once stored it is an :class:`Observation`, which adds the
source (kind, file name, SHA-256 of the file's bytes), the reader and its version, and when
the store learned it (and, for a value a later import of the same source changed, when it
was superseded).

Fields are named as in :func:`netfreedom.model.scoring.score_fields`: ``total``, ``status``,
``A``/``B``/``C`` and ``A1`` ... ``C8``. Values are compared on the current scale
(:func:`disagree`), which is what the check rules ``cross-source`` and ``duplicate-source``
(:mod:`netfreedom.checks.sources`) and the store's conflict list build on; the findings
themselves are made here (:func:`source_findings`) so that the web pages can work them out
afresh for a stored document without depending on the checks. The store never rewrites a
stored document's findings.

This module depends only on the model, the methodology and :mod:`netfreedom.model.scoring`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from netfreedom.methodology import Scale, Status
from netfreedom.model.assessment import Assessment
from netfreedom.model.scoring import (
    STATUS,
    TOTAL,
    current_scale_value,
    field_maximum,
    is_indicator,
    score_fields,
)

__all__ = [
    "Observation",
    "ObservedValue",
    "SourceKind",
    "content_sha256",
    "disagree",
    "field_location",
    "observed_values",
    "report_source_key",
]


class SourceKind(StrEnum):
    """Where an observation came from: a country ``report`` or a score ``dataset`` row."""

    REPORT = "report"
    DATASET = "dataset"


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ObservedValue(_Record):
    """One value of one field for one country and edition, as published by one source.

    ``raw_value`` is the value as written in the source (a dataset cell such as ``"Not
    Free"`` or ``"62"``; for a report, the value its reader parsed). ``published_value`` is
    the number on the ``published_scale`` (``None`` for ``status``), ``max`` the top of the
    field's range, ``status`` the status (only for ``field == "status"``).
    ``current_value`` is the number on the current scale (higher is freer), by
    :func:`netfreedom.model.scoring.current_scale_value`: ``None`` for ``status``, for a legacy
    indicator (no documented conversion) and for a value outside its range; ``converted``
    is True when it was reflected from the legacy scale (``max - value``).

    ``occurrence`` tells apart several rows of one dataset for the same country and
    edition (0 for the first, in the file's order; always 0 for reports); ``row`` is the
    1-based row number in the dataset file; ``source_url`` and ``note`` are what the dataset
    row says about its own origin.
    """

    iso3: str
    edition: int
    field: str
    raw_value: str
    published_scale: Scale
    published_value: int | None = None
    max: int | None = None
    current_value: int | None = None
    status: Status | None = None
    converted: bool = False
    occurrence: int = 0
    row: int | None = None
    source_url: str | None = None
    note: str | None = None

    def comparable(self) -> str | int | None:
        """What two sources are compared on: the status value, else the current-scale
        number, else (legacy indicator) ``None``."""
        if self.field == STATUS:
            return self.status.value if self.status is not None else None
        return self.current_value

    def shown(self) -> str:
        """The value for a message: ``"38"``, ``"38 (published 62, lower_is_freer)"``,
        ``"not_free"``."""
        if self.field == STATUS:
            return self.status.value if self.status is not None else self.raw_value
        if self.current_value is None:
            return f"{self.published_value} ({self.published_scale.value})"
        if self.converted:
            return f"{self.current_value} (published {self.published_value}, {self.published_scale.value})"
        return str(self.current_value)


class Observation(ObservedValue):
    """A stored :class:`ObservedValue` with its provenance.

    ``source_kind`` and ``source_name`` (the file name) with ``source_key`` identify the
    source: for a report ``"<ISO3>/<edition>/<language>"`` (``language`` repeats the
    language), for a dataset ``""``. ``source_sha256`` is the SHA-256 of the file's bytes
    when this value was read, ``reader``/``reader_version`` what read it. ``content_sha256``
    (reports only) is the hash of the source's latest document apart from provenance and
    findings (:func:`content_sha256`). ``observed_at`` is when the store learned the value
    and ``superseded_at`` when a later import of the same source changed or dropped it
    (``None`` while current); both UTC. ``id`` is the store's row id.
    """

    id: int
    source_kind: SourceKind
    source_name: str
    source_key: str = ""
    language: str | None = None
    source_sha256: str
    reader: str
    reader_version: str
    content_sha256: str | None = None
    observed_at: datetime
    superseded_at: datetime | None = None

    def slot(self) -> tuple[str, str, str, int]:
        """The identity of the place this value comes from: (kind, name, key, occurrence)."""
        return (self.source_kind.value, self.source_name, self.source_key, self.occurrence)

    def source_label(self) -> str:
        """The source for a message: ``report kaz.txt (ru)``, ``dataset scores.csv row 12``."""
        if self.source_kind is SourceKind.REPORT:
            language = f" ({self.language})" if self.language else ""
            return f"report {self.source_name or '(unnamed)'}{language}"
        row = f" row {self.row}" if self.row is not None else ""
        return f"dataset {self.source_name}{row}"


# -- values of a report ---------------------------------------------------------------------


def report_source_key(iso3: str, edition: int | None, language: str) -> str:
    """``source_key`` of a report's observations: ``"KAZ/2022/ru"``."""
    return f"{iso3}/{edition}/{language}"


def _number(iso3: str, edition: int, field: str, value: int, scale: Scale) -> ObservedValue:
    try:
        current = current_scale_value(field, value, scale)
    except ValueError:
        current = None  # outside its range: kept as published, not compared
    return ObservedValue(
        iso3=iso3,
        edition=edition,
        field=field,
        raw_value=str(value),
        published_scale=scale,
        published_value=value,
        max=field_maximum(field),
        current_value=current,
        converted=current is not None and scale is Scale.LOWER_IS_FREER,
    )


def observed_values(assessment: Assessment) -> list[ObservedValue]:
    """The score values an assessment publishes, one per field, in report order.

    Total, status, category scores (ids the methodology knows) and indicator scores (the
    first of a repeated id), each only when printed. Empty when the edition is unknown.
    """
    edition = assessment.edition
    if edition is None or assessment.country is None:
        return []
    iso3, scale = assessment.country.iso3, assessment.scale
    known = set(score_fields())
    values: list[ObservedValue] = []
    if assessment.total is not None:
        values.append(_number(iso3, edition, TOTAL, assessment.total, scale))
    if assessment.status is not None:
        values.append(
            ObservedValue(
                iso3=iso3,
                edition=edition,
                field=STATUS,
                raw_value=assessment.status.value,
                published_scale=scale,
                status=assessment.status,
            )
        )
    for category_id, category in sorted(assessment.categories.items()):
        if category.score is not None and category_id in known:
            values.append(_number(iso3, edition, category_id, category.score, scale))
    seen: set[str] = set()
    for indicator in assessment.indicators:
        if indicator.score is not None and indicator.id in known and indicator.id not in seen:
            seen.add(indicator.id)
            values.append(_number(iso3, edition, indicator.id, indicator.score, scale))
    return values


def content_sha256(document: Assessment | Mapping[str, Any]) -> str:
    """SHA-256 (hex) of an assessment apart from its provenance and findings.

    Two copies of a report with the same hash are the same assessment read from different
    places. ``document`` is an :class:`Assessment` or its JSON form
    (``model_dump(mode="json")``, as the store keeps it).
    """
    data = document.model_dump(mode="json") if isinstance(document, Assessment) else dict(document)
    trimmed = {k: v for k, v in data.items() if k not in ("provenance", "findings")}
    text = json.dumps(trimmed, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- comparing ------------------------------------------------------------------------------


def disagree(a: ObservedValue, b: ObservedValue) -> bool:
    """True when ``a`` and ``b`` give the same field different values on the current scale.

    Values without a current-scale number (legacy indicators) are compared as published
    when both were published on the same scale, else not at all.
    """
    if a.field != b.field:
        return False
    left, right = a.comparable(), b.comparable()
    if left is not None and right is not None:
        return left != right
    if a.field == STATUS or a.published_scale is not b.published_scale:
        return False
    return None not in (a.published_value, b.published_value) and a.published_value != b.published_value


def field_location(field: str) -> str:
    """The :class:`~netfreedom.model.assessment.Finding` location of a field: ``total``, ``status``,
    ``category:A`` for a category, the indicator id for an indicator."""
    if field in (TOTAL, STATUS) or is_indicator(field):
        return field
    return f"category:{field}"
