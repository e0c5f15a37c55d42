"""Scores across the two scale eras.

Freedom on the Net printed 0 = most free until the 2018 edition and 100 = most free from
2019 on; a legacy value ``v`` out of ``m`` is ``m - v`` on the current scale, for the total
and each category alike (shared/reference/fotn-facts.md, "Two scale eras").

The functions on single values (:func:`current_scale_value`, :func:`field_maximum`) serve
the per-value observations of :mod:`netfreedom.model.observations`: a field is ``total``,
``status``, a category id or an indicator id.
"""

from __future__ import annotations

from netfreedom.methodology import (
    CURRENT,
    Methodology,
    Scale,
    Status,
    load_methodology,
    methodology_for_scale,
)
from netfreedom.model.assessment import Assessment


def to_current(methodology: Methodology | str, value: int | None, maximum: int) -> int | None:
    """``value`` (out of ``maximum``) published under ``methodology`` (an instance or an id),
    on the current (higher-is-freer) scale; ``None`` for ``None`` or a value outside
    ``0..maximum`` (a misread score is not converted). The one door for scale conversion
    outside :mod:`netfreedom.methodology`: pages, charts and the API call this."""
    if value is None:
        return None
    spec = load_methodology(methodology) if isinstance(methodology, str) else methodology
    try:
        return spec.to_current_scale(value, maximum)
    except ValueError:
        return None


def scale_to_current(scale: Scale, value: int | None, maximum: int) -> int | None:
    """As :func:`to_current` for a value whose published :class:`Scale` is known (stored
    summaries and observations) rather than its methodology."""
    return to_current(methodology_for_scale(scale), value, maximum)


def current_scale_scores(assessment: Assessment) -> dict[str, int | None]:
    """Every score of ``assessment`` on the current scale, keyed ``total``, category id and
    indicator id (a value outside its range, or not read, is ``None``)."""
    methodology = load_methodology(assessment.methodology)
    scores: dict[str, int | None] = {TOTAL: to_current(methodology, assessment.total, methodology.scale.max)}
    for key, category in assessment.categories.items():
        scores[key] = to_current(methodology, category.score, category.max)
    for indicator in assessment.indicators:
        scores[indicator.id] = to_current(methodology, indicator.score, indicator.max)
    return scores


def status_label(status: Status | str | None, language: str, methodology: Methodology | str = CURRENT) -> str:
    """The name of ``status`` in ``language`` (see :meth:`Methodology.status_label`)."""
    spec = load_methodology(methodology) if isinstance(methodology, str) else methodology
    return spec.status_label(status, language)


def current_scale_total(assessment: Assessment) -> int | None:
    """The total on the current (higher-is-freer) scale; ``None`` when no total was read."""
    if assessment.total is None:
        return None
    methodology = load_methodology(assessment.methodology)
    return methodology.to_current_scale(assessment.total, methodology.scale.max)


def current_scale_previous_total(assessment: Assessment) -> int | None:
    """Last year's printed total, on the current scale (it is printed in the report's scale)."""
    if assessment.previous.total is None:
        return None
    methodology = load_methodology(assessment.methodology)
    return methodology.to_current_scale(assessment.previous.total, methodology.scale.max)


def current_scale_categories(assessment: Assessment) -> dict[str, int | None]:
    """Category scores keyed by id, each on the current scale (``None`` when not read)."""
    methodology = load_methodology(assessment.methodology)
    return {
        key: None if c.score is None else methodology.to_current_scale(c.score, c.max)
        for key, c in assessment.categories.items()
    }


# -- single values ------------------------------------------------------------------------

TOTAL = "total"
"""Field name of the 0-100 total in observations and score tables."""

STATUS = "status"
"""Field name of the status (``free``, ``partly_free``, ``not_free``)."""


def score_fields() -> tuple[str, ...]:
    """Every field a score value can be observed for, in report order: ``total``,
    ``status``, the category ids (``A``, ``B``, ``C``) and the indicator ids (``A1`` ...
    ``C8``) of the current methodology."""
    methodology = load_methodology(CURRENT)
    return (TOTAL, STATUS, *(c.id for c in methodology.categories), *methodology.indicator_ids)


def field_maximum(field: str) -> int | None:
    """Top of the range of ``field``: 100 for ``total``, the category's or indicator's
    maximum points (same in both methodologies), ``None`` for ``status``.

    Raises ``KeyError`` for a field the methodology does not know.
    """
    methodology = load_methodology(CURRENT)
    if field == STATUS:
        return None
    if field == TOTAL:
        return methodology.scale.max
    if len(field) == 1:
        return methodology.category(field).max
    return methodology.indicator(field).max


def is_indicator(field: str) -> bool:
    """True for an indicator id (``A3``), False for ``total``, ``status`` and categories."""
    return field not in (TOTAL, STATUS) and len(field) > 1


def current_scale_value(field: str, value: int, scale: Scale) -> int | None:
    """``value`` of ``field``, published on ``scale``, on the current (higher-is-freer) scale.

    The documented transform (methodology ``conversion``, fotn-facts.md "Two scale eras"):
    unchanged when published on the current scale; ``maximum - value`` for the total (out of
    100) and each category (25, 35, 40) published on the legacy scale. Indicators of legacy
    editions were never published, so no conversion is documented for them: ``None``.
    Raises ``ValueError`` for ``status``, for a value outside ``0..maximum`` and ``KeyError``
    for an unknown field.
    """
    maximum = field_maximum(field)
    if maximum is None:
        raise ValueError("a status has no numeric value")
    if not 0 <= value <= maximum:
        raise ValueError(f"{field} {value} is outside 0..{maximum}")
    if scale is Scale.HIGHER_IS_FREER:
        return value
    if is_indicator(field):
        return None
    return methodology_for_scale(scale).to_current_scale(value, maximum)
