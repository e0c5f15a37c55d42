"""Which printed values a report or a score-table row lacks: the one rule of "partial".

A country-edition is *partial* when a value its edition prints is missing: the total, the
status, a category score, or, for a report of an edition from 2019 on (the current
methodology's ``first_edition``) on the current scale, the score of an indicator of the
methodology. Pages of editions before 2019, in either scale, never printed per-question
scores (``../shared/reference/fotn-facts.md``), and score tables need not carry them, so
their absence is not "missing". The ``missing-score`` and ``missing-indicator`` checks
(:mod:`netfreedom.checks.scores`) report the same values one finding each.

Used by :attr:`netfreedom.model.assessment.Assessment.partial`, by the store for the
``partial`` flag of stored reports and scorecards, and by the exports for table rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from netfreedom.methodology import CURRENT, MethodologyError, Scale, load_methodology

__all__ = ["MISSING_RULES", "STATUS_FIELD", "TOTAL_FIELD", "card_missing", "missing_from_findings", "missing_values"]

TOTAL_FIELD = "total"
"""Name of the total in a list of missing values."""

STATUS_FIELD = "status"
"""Name of the status in a list of missing values."""

MISSING_RULES = ("missing-score", "missing-indicator")
"""The checks' rules whose findings name a missing value."""


def missing_values(
    methodology_id: str,
    *,
    edition: int | None,
    total: int | None,
    status: object | None,
    categories: Mapping[str, int | None],
    indicators: Mapping[str, int | None] | None,
) -> list[str]:
    """The values of a country-edition that its edition prints and that are missing.

    ``methodology_id`` names the published methodology (``fotn-2019`` or ``fotn-legacy``);
    ``categories`` maps category ids to scores (``None`` or absent: not printed);
    ``indicators`` maps indicator ids to scores, or is ``None`` for a source that does not
    print per-question scores (a score-table row). Returns, in this order, ``"total"``,
    ``"status"``, the missing category ids and the missing indicator ids (methodology
    order); an empty list means complete. An unknown methodology checks only the total,
    the status and the categories given. Never raises.
    """
    missing = [field for field, value in ((TOTAL_FIELD, total), (STATUS_FIELD, status)) if value is None]
    try:
        methodology = load_methodology(methodology_id)
    except MethodologyError:  # an unknown methodology is refused on import; never fail a listing
        return missing + [c for c, score in categories.items() if score is None]
    missing += [c.id for c in methodology.categories if categories.get(c.id) is None]
    if indicators is None or methodology.scale.direction is Scale.LOWER_IS_FREER:
        return missing  # legacy pages never printed per-question scores
    if edition is not None and edition < methodology.first_edition:
        return missing  # a republished old edition: no per-question scores either
    return missing + [i for i in methodology.indicator_ids if indicators.get(i) is None]


def card_missing(
    *,
    edition: int,
    total: int | None,
    status: object | None,
    categories: Mapping[str, int | None],
    indicators: Mapping[str, int | None],
    has_report: bool,
) -> list[str]:
    """:func:`missing_values` of a scorecard (scores on the current scale, from any source):
    per-question scores are expected only when a report of the country-edition is stored
    (a score table need not carry them)."""
    return missing_values(
        CURRENT,
        edition=edition,
        total=total,
        status=status,
        categories=categories,
        indicators=indicators if has_report else None,
    )


def missing_from_findings(findings: Iterable[Any]) -> list[str]:
    """The missing values named by ``missing-score`` and ``missing-indicator`` findings:
    ``findings`` is an iterable of objects or mappings with ``rule`` and ``location``
    (``total``, ``status``, ``category:A``, ``A1``). Findings about the report as a whole
    (no country, no edition) are left out. Order kept, duplicates dropped."""
    found: list[str] = []
    for finding in findings:
        rule = finding.get("rule") if isinstance(finding, Mapping) else getattr(finding, "rule", None)
        location = finding.get("location") if isinstance(finding, Mapping) else getattr(finding, "location", None)
        if rule not in MISSING_RULES or not isinstance(location, str) or location == "report":
            continue
        value = location.removeprefix("category:")
        if value not in found:
            found.append(value)
    return found
