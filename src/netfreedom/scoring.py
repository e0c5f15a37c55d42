"""Scores across the two scale eras.

Freedom on the Net printed 0 = most free until the 2018 edition and 100 = most free from
2019 on; a legacy value ``v`` out of ``m`` is ``m - v`` on the current scale, for the total
and each category alike (shared/reference/fotn-facts.md, "Two scale eras").
"""

from __future__ import annotations

from .methodology import load_methodology
from .model import Assessment


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
