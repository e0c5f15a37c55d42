"""Checks of a report: one rule per function, each with a stable id.

``run_checks(assessment, previous=None, observations=())`` runs them all; ``RULES`` lists
them. The rules about other sources (``cross-source``, ``duplicate-source``) come last, so
that the country page can work them out afresh at the end of a stored document's findings
(``netfreedom.services.reports.current_findings``).
"""

# Importing the rule modules registers their rules; the order here is the report order.
from netfreedom.checks import scores  # noqa: F401  isort: skip
from netfreedom.checks import history  # noqa: F401  isort: skip
from netfreedom.checks import text  # noqa: F401  isort: skip
from netfreedom.checks import identity  # noqa: F401  isort: skip
from netfreedom.checks import sources  # noqa: F401  isort: skip
from netfreedom.checks.registry import (
    RULES,
    CheckContext,
    Rule,
    has_errors,
    iter_rules,
    run_checks,
)

__all__ = ["RULES", "CheckContext", "Rule", "has_errors", "iter_rules", "run_checks"]
