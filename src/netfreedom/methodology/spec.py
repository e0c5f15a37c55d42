"""Typed shape of a methodology file (``fotn-2019.yaml``, ``fotn-legacy.yaml``).

A methodology is data: categories with their indicators and maxima, status bands on the
0-100 scale, the key internet controls, and how to convert to the current scale. The
validators here enforce the invariants every edition of Freedom on the Net keeps
(shared/reference/fotn-facts.md): indicator maxima add up to their category maximum,
category maxima add up to the scale maximum, and the status bands cover the scale with
no gap and no overlap.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Scale(StrEnum):
    """Direction of a published score.

    ``higher_is_freer``: 100 = most free (editions 2019 onward, and old editions as
    republished on the current site). ``lower_is_freer``: 0 = most free (editions 2011-2018).
    """

    HIGHER_IS_FREER = "higher_is_freer"
    LOWER_IS_FREER = "lower_is_freer"


class Status(StrEnum):
    """The three statuses a country can get in an edition."""

    FREE = "free"
    PARTLY_FREE = "partly_free"
    NOT_FREE = "not_free"


LocalizedText = dict[str, str]
"""Text keyed by language code (``en``, ``ru``)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IndicatorSpec(_Frozen):
    """One indicator: id such as ``A1``, maximum points, topic and question per language."""

    id: str = Field(pattern=r"^[A-Z][0-9]{1,2}$")
    max: int = Field(gt=0)
    topic: LocalizedText
    question: LocalizedText


class CategorySpec(_Frozen):
    """A category (``A`` Obstacles to Access, ...) with its maximum and indicators."""

    id: str = Field(pattern=r"^[A-Z]$")
    max: int = Field(gt=0)
    label: LocalizedText
    indicators: tuple[IndicatorSpec, ...]
    legacy_sections: tuple[LocalizedText, ...] = ()

    @model_validator(mode="after")
    def _indicator_maxima_add_up(self) -> CategorySpec:
        total = sum(i.max for i in self.indicators)
        if total != self.max:
            raise ValueError(f"category {self.id}: indicator maxima add up to {total}, not {self.max}")
        for indicator in self.indicators:
            if not indicator.id.startswith(self.id):
                raise ValueError(f"indicator {indicator.id} is listed under category {self.id}")
        return self


class Band(_Frozen):
    """Inclusive range of totals ``min..max`` that earns ``status``."""

    status: Status
    min: int
    max: int


class ScaleSpec(_Frozen):
    """Direction, range and the sentences reports use to state the scale."""

    direction: Scale
    min: int = 0
    max: int = 100
    phrases: tuple[str, ...] = ()


class KeyInternetControlSpec(_Frozen):
    """One of the yes/no key internet controls and the sidebar labels that report it."""

    id: str
    label: LocalizedText
    sidebar_labels: tuple[str, ...] = ()


class ConversionSpec(_Frozen):
    """How values convert between this methodology's scale and the other one."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    from_: str | None = Field(default=None, alias="from")
    to: str | None = None
    rule: str
    note: LocalizedText


class Methodology(_Frozen):
    """A whole methodology version; see the module docstring for the invariants."""

    id: str
    title: LocalizedText
    first_edition: int
    last_edition: int | None
    pilot_edition: int | None = None
    skipped_editions: tuple[int, ...] = ()
    republished_from: int | None = None
    """The oldest edition whose country pages the publisher also shows on this methodology's
    scale, converted (``None``: only its own editions are published on it)."""
    scale: ScaleSpec
    statuses: dict[Status, LocalizedText]
    bands: tuple[Band, ...]
    categories: tuple[CategorySpec, ...]
    key_internet_controls: tuple[KeyInternetControlSpec, ...]
    conversion: ConversionSpec

    @model_validator(mode="after")
    def _check_invariants(self) -> Methodology:
        total = sum(c.max for c in self.categories)
        if total != self.scale.max - self.scale.min:
            raise ValueError(f"{self.id}: category maxima add up to {total}, not {self.scale.max}")
        ids = [i.id for c in self.categories for i in c.indicators]
        if len(ids) != len(set(ids)):
            raise ValueError(f"{self.id}: an indicator id is listed twice")
        bands = sorted(self.bands, key=lambda b: b.min)
        expected = self.scale.min
        for band in bands:
            if band.min != expected:
                kind = "gap" if band.min > expected else "overlap"
                raise ValueError(f"{self.id}: status bands have a {kind} at {expected}")
            if band.max < band.min:
                raise ValueError(f"{self.id}: band {band.status} is empty")
            expected = band.max + 1
        if expected != self.scale.max + 1:
            raise ValueError(f"{self.id}: status bands stop at {expected - 1}, not {self.scale.max}")
        if set(self.statuses) != {b.status for b in self.bands}:
            raise ValueError(f"{self.id}: every status needs exactly the bands that name it")
        return self

    # -- look-ups -------------------------------------------------------------------------

    @cached_property
    def indicators(self) -> tuple[IndicatorSpec, ...]:
        """All indicators in published order (A1..C8 for Freedom on the Net); worked out once
        (the model is frozen)."""
        return tuple(i for c in self.categories for i in c.indicators)

    @cached_property
    def indicator_ids(self) -> tuple[str, ...]:
        """Indicator ids in published order."""
        return tuple(i.id for i in self.indicators)

    @cached_property
    def _indicators_by_id(self) -> dict[str, IndicatorSpec]:
        return {i.id: i for i in reversed(self.indicators)}  # the first of a repeated id wins

    def indicator(self, indicator_id: str) -> IndicatorSpec:
        """The indicator with this id; raises ``KeyError`` when the methodology has none."""
        return self._indicators_by_id[indicator_id]

    def category(self, category_id: str) -> CategorySpec:
        """The category with this id; raises ``KeyError`` when there is none."""
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    @cached_property
    def _categories_by_indicator(self) -> dict[str, CategorySpec]:
        found: dict[str, CategorySpec] = {}
        for category in self.categories:
            for indicator in category.indicators:
                found.setdefault(indicator.id, category)  # the first category holding an id wins
        return found

    def category_of(self, indicator_id: str) -> CategorySpec:
        """The category an indicator belongs to; raises ``KeyError`` for an unknown id."""
        return self._categories_by_indicator[indicator_id]

    def status_for(self, total: int) -> Status:
        """Status earned by a total on this methodology's own scale.

        Raises ``ValueError`` when ``total`` lies outside the scale.
        """
        for band in self.bands:
            if band.min <= total <= band.max:
                return band.status
        raise ValueError(f"total {total} is outside {self.scale.min}..{self.scale.max}")

    def band_for(self, status: Status) -> Band:
        """The band of a status (one band per status in Freedom on the Net)."""
        for band in self.bands:
            if band.status == status:
                return band
        raise KeyError(status)

    def status_label(self, status: Status | str | None, language: str) -> str:
        """The name of ``status`` in ``language`` as this methodology writes it (English when
        not translated, the status value when the methodology has no label); ``""`` for
        ``None``. The one status-label function: the CLI, the pages and the exports use it."""
        if status is None:
            return ""
        labels = self.statuses.get(Status(status), {})
        return labels.get(language) or labels.get("en") or Status(status).value

    def to_current_scale(self, value: int, maximum: int) -> int:
        """Convert ``value`` (out of ``maximum``) to the current, higher-is-freer scale.

        For the current methodology the value is returned unchanged; for the legacy one it
        is reflected: ``maximum - value`` (fotn-facts.md, "Two scale eras"). Works for the
        total (maximum 100) and each category (25, 35, 40). Raises ``ValueError`` for a value
        outside ``0..maximum``.
        """
        if not 0 <= value <= maximum:
            raise ValueError(f"{value} is outside 0..{maximum}")
        if self.scale.direction is Scale.HIGHER_IS_FREER:
            return value
        return maximum - value

    def key_control_for_label(self, label: str) -> KeyInternetControlSpec | None:
        """The key internet control a sidebar label (such as "Users Arrested") reports."""
        wanted = " ".join(label.split()).casefold()
        for control in self.key_internet_controls:
            if any(wanted == s.casefold() for s in control.sidebar_labels):
                return control
        return None
