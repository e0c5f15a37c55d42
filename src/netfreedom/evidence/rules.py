"""The evidence rules as data: ``rules.yaml`` beside this module, validated at load.

:func:`load_rules` gives :class:`EvidenceRules`: the coverage periods (which edition a day
falls in), OONI's known false positives, the tests OONI does not score, and the linking rules
(facet values -> indicator and key internet control). Indicator and control ids are checked
against the methodology the file names. A broken file raises :class:`EvidenceRulesError`
naming the file and the field.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml
from packaging.version import InvalidVersion, Version
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from netfreedom.errors import MethodologyError
from netfreedom.methodology import load_methodology

__all__ = [
    "CoverageRules",
    "EvidenceRules",
    "EvidenceRulesError",
    "FalsePositiveRule",
    "LinkRule",
    "load_rules",
    "parse_rules",
]

RULES_FILE = "rules.yaml"


class EvidenceRulesError(MethodologyError):
    """The evidence rules file is missing, not YAML, or breaks its schema."""

    code = "invalid_evidence_rules"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IrregularPeriod(_Frozen):
    """An early edition's own coverage window (both days included)."""

    edition: int
    start: date
    end: date


class CoverageRules(_Frozen):
    """Edition N (from ``first_edition``) covers ``start_month``/``start_day`` of N-1 up to
    the day before that date in N; earlier editions are listed in ``irregular``."""

    first_edition: int
    start_month: int = Field(ge=1, le=12)
    start_day: int = Field(ge=1, le=28)
    irregular: tuple[IrregularPeriod, ...] = ()

    def editions(self, day: date) -> list[int]:
        """The editions whose coverage period holds ``day`` (usually one; none before the
        first listed window)."""
        found = [p.edition for p in self.irregular if p.start <= day <= p.end]
        boundary = date(day.year, self.start_month, self.start_day)
        edition = day.year + 1 if day >= boundary else day.year
        if edition >= self.first_edition:
            found.append(edition)
        return found

    def editions_between(self, start: date, end: date) -> list[int]:
        """Every edition whose coverage period overlaps ``start``..``end`` (both included)."""
        found: set[int] = set()
        for edition in range(start.year - 1, end.year + 2):
            window = self.period(edition)
            if window and window[0] <= end and start <= window[1]:
                found.add(edition)
        return sorted(found)

    def period(self, edition: int) -> tuple[date, date] | None:
        """The first and last day covered by ``edition``, or ``None`` when unknown."""
        for p in self.irregular:
            if p.edition == edition:
                return (p.start, p.end)
        if edition < self.first_edition:
            return None
        start = date(edition - 1, self.start_month, self.start_day)
        end = date.fromordinal(date(edition, self.start_month, self.start_day).toordinal() - 1)
        return (start, end)


def _version(text: str | None) -> Version | None:
    try:
        return Version(str(text)) if text else None
    except InvalidVersion:
        return None


class FalsePositiveRule(_Frozen):
    """Conditions under which OONI treats a measurement as failed (a known false positive).
    Every condition given must hold."""

    id: str
    test: str
    why: str
    since: date | None = None
    test_version_below: str | None = None
    test_version_equals: str | None = None
    engine_version_below: str | None = None
    software_name_prefix: str | None = None
    software_version_equals: str | None = None

    def applies(self, measurement: dict[str, Any], day: date) -> bool:
        """Whether this rule marks the raw ``measurement`` (started on ``day``) as failed."""
        if measurement.get("test_name") != self.test:
            return False
        if self.since and day < self.since:
            return False
        test_version = _version(measurement.get("test_version"))
        if self.test_version_below and not (test_version and test_version < Version(self.test_version_below)):
            return False
        if self.test_version_equals and test_version != Version(self.test_version_equals):
            return False
        if self.engine_version_below:
            annotations = measurement.get("annotations") or {}
            engine = _version(annotations.get("engine_version")) or Version("0")
            if not engine < Version(self.engine_version_below):
                return False
        if self.software_name_prefix and not str(measurement.get("software_name") or "").startswith(
            self.software_name_prefix
        ):
            return False
        return not (
            self.software_version_equals and str(measurement.get("software_version")) != self.software_version_equals
        )


class LinkRule(_Frozen):
    """Items whose facets match every entry of ``when`` bear on ``indicator`` (and the key
    internet control ``control``). A ``fallback`` rule links only when no earlier rule linked
    the item to that indicator."""

    id: str
    when: dict[str, frozenset[str]]
    indicator: str
    control: str | None = None
    fallback: bool = False

    @field_validator("when", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): frozenset(str(v).strip().lower() for v in vs) for k, vs in value.items()}
        return value

    def matches(self, facets: dict[str, frozenset[str]]) -> bool:
        """Whether every facet this rule names has a value it accepts."""
        return all(not allowed.isdisjoint(facets.get(name, ())) for name, allowed in self.when.items())


class EvidenceRules(_Frozen):
    """The whole rules file (see the module docstring)."""

    methodology: str
    coverage: CoverageRules
    known_false_positives: tuple[FalsePositiveRule, ...] = ()
    country_aliases: dict[str, str] = Field(default_factory=dict)
    unscored_tests: frozenset[str] = frozenset()
    rules: tuple[LinkRule, ...]

    def false_positives_by_test(self) -> dict[str, tuple[FalsePositiveRule, ...]]:
        """The known-false-positive rules grouped by OONI test name."""
        index: dict[str, list[FalsePositiveRule]] = {}
        for rule in self.known_false_positives:
            index.setdefault(rule.test, []).append(rule)
        return {k: tuple(v) for k, v in index.items()}

    @model_validator(mode="after")
    def _check_ids(self) -> EvidenceRules:
        methodology = load_methodology(self.methodology)
        indicators = {i.id for c in methodology.categories for i in c.indicators}
        controls = {c.id for c in methodology.key_internet_controls}
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"rule id {rule.id!r} is used twice")
            seen.add(rule.id)
            if rule.indicator not in indicators:
                raise ValueError(f"rule {rule.id}: {rule.indicator!r} is not an indicator of {self.methodology}")
            if rule.control is not None and rule.control not in controls:
                raise ValueError(
                    f"rule {rule.id}: {rule.control!r} is not a key internet control of {self.methodology}"
                )
        return self


def parse_rules(text: str, name: str = "<text>") -> EvidenceRules:
    """Validate YAML ``text`` as evidence rules; raises :class:`EvidenceRulesError`."""
    try:
        return EvidenceRules.model_validate(yaml.safe_load(text))
    except yaml.YAMLError as exc:
        raise EvidenceRulesError(f"{name}: not valid YAML ({exc.__class__.__name__})") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise EvidenceRulesError(f"{name}: {where}: {first['msg']}".replace(": : ", ": ")) from exc


@cache
def load_rules() -> EvidenceRules:
    """The shipped rules (``rules.yaml``), validated once; raises :class:`EvidenceRulesError`."""
    path = resources.files(__package__) / RULES_FILE
    return parse_rules(path.read_text(encoding="utf-8"), RULES_FILE)
