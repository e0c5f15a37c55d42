"""Rules that compare a report with other sources of the same country and edition: other
copies of the report and rows of score datasets, as stored per-value observations
(:attr:`CheckContext.observations <netfreedom.checks.registry.CheckContext.observations>`).

The comparison itself lives in :mod:`netfreedom.observations`, so that the country page can
work these findings out afresh for a stored document when a source arrived after it; these
rules must stay the last registered (see ``checks/__init__.py``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Assessment, Finding
from ..observations import (
    CROSS_SOURCE,
    DUPLICATE_SOURCE,
    SOURCE_RULES,
    cross_source_findings,
    duplicate_source_findings,
)
from .registry import CheckContext, rule


@rule(CROSS_SOURCE, *SOURCE_RULES[CROSS_SOURCE])
def cross_source(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    yield from cross_source_findings(assessment, context.observations)


@rule(DUPLICATE_SOURCE, *SOURCE_RULES[DUPLICATE_SOURCE])
def duplicate_source(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    yield from duplicate_source_findings(assessment, context.observations)
