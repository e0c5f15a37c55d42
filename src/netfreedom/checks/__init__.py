"""Checks of a report: one rule per function, each with a stable id.

``run_checks(assessment, previous=None)`` runs them all; ``RULES`` lists them.
"""

# Importing the rule modules registers their rules; the order here is the report order.
from . import scores  # noqa: F401  isort: skip
from . import history  # noqa: F401  isort: skip
from . import text  # noqa: F401  isort: skip
from .registry import RULES, CheckContext, Rule, has_errors, iter_rules, run_checks

__all__ = ["RULES", "CheckContext", "Rule", "has_errors", "iter_rules", "run_checks"]
