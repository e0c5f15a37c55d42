"""The rule registry: every check is one function with a stable rule id.

A rule takes the assessment and a :class:`CheckContext` and yields
:class:`~netfreedom.model.assessment.Finding` objects. Rule ids are part of the public interface
(findings in the store, the JSON output and editors' filters use them): never rename one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from netfreedom.methodology import Methodology, load_methodology
from netfreedom.model.assessment import Assessment, Finding, MessageValue, Severity, new_finding
from netfreedom.model.observations import Observation

RuleFunction = Callable[[Assessment, "CheckContext"], Iterable[Finding]]


@dataclass(frozen=True)
class CheckContext:
    """What a rule may consult besides the report itself.

    ``methodology`` is the one the report was read under; ``previous`` is the stored
    assessment of the country's preceding edition, when the store has one (same
    language preferred); ``None`` when checking without a store. ``observations`` are the
    stored per-value observations of the same country and edition from other sources (other
    copies of the report, score datasets), as
    :func:`netfreedom.store.observations_for_checks` gives them; empty without a store.
    """

    methodology: Methodology
    previous: Assessment | None = None
    observations: tuple[Observation, ...] = ()


@dataclass(frozen=True)
class Rule:
    """A registered rule: id, default severity, one-line summary and the function."""

    id: str
    severity: Severity
    summary: str
    function: RuleFunction

    def finding(
        self, location: str, template: str, severity: Severity | None = None, /, **values: MessageValue
    ) -> Finding:
        """A finding of this rule at ``location``: ``template`` (English, ``{name}``
        placeholders; a gettext message id) filled with ``values`` (see
        :func:`~netfreedom.model.assessment.new_finding`)."""
        return new_finding(self.id, severity or self.severity, location, template, **values)


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, summary: str) -> Callable[[RuleFunction], RuleFunction]:
    """Decorator registering a rule function under ``rule_id``."""

    def register(function: RuleFunction) -> RuleFunction:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id!r} is registered twice")
        RULES[rule_id] = Rule(rule_id, severity, summary, function)
        return function

    return register


def run_checks(
    assessment: Assessment,
    previous: Assessment | None = None,
    only: Iterable[str] | None = None,
    *,
    observations: Iterable[Observation] = (),
) -> list[Finding]:
    """Run every registered rule (or those in ``only``) and return the findings in rule order.

    ``observations`` (keyword only) are other sources' observations of the same country and
    edition for the ``cross-source`` and ``duplicate-source`` rules (see
    :class:`CheckContext`). Raises ``KeyError`` for an unknown rule id in ``only``.
    """
    context = CheckContext(
        methodology=load_methodology(assessment.methodology),
        previous=previous,
        observations=tuple(observations),
    )
    selected = list(RULES) if only is None else list(only)
    findings: list[Finding] = []
    for rule_id in selected:
        findings.extend(RULES[rule_id].function(assessment, context))
    return findings


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when any finding is of severity ``error``."""
    return any(f.severity is Severity.ERROR for f in findings)


def iter_rules() -> Iterator[Rule]:
    """Registered rules in registration order."""
    return iter(RULES.values())
