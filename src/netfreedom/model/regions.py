"""Regions of the world as Freedom House groups the countries it assesses.

The grouping is data (``regions.yaml``): region id -> localized label and ISO alpha-3 codes,
validated when first loaded (a country belongs to at most one region). The home page filters
by region and the scorecards store each country's region.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict

__all__ = ["Region", "region_label", "region_of", "regions"]


class Region(BaseModel):
    """One region: ``id`` (``eurasia``), ``label`` (language code -> name, ``en`` always
    present) and the ISO alpha-3 codes of its ``countries``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    label: dict[str, str]
    countries: tuple[str, ...]


@cache
def regions() -> tuple[Region, ...]:
    """Every region, in the file's order. Raises ``ValueError`` when the data file is
    malformed or lists a country twice."""
    text = (resources.files(__package__) / "regions.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)["regions"]
    found = tuple(Region(id=key, **value) for key, value in data.items())
    seen: set[str] = set()
    for region in found:
        if "en" not in region.label:
            raise ValueError(f"regions.yaml: region {region.id} has no English label")
        twice = seen & set(region.countries)
        if twice:
            raise ValueError(f"regions.yaml: {', '.join(sorted(twice))} listed in two regions")
        seen |= set(region.countries)
    return found


@cache
def _by_country() -> dict[str, str]:
    return {iso3: region.id for region in regions() for iso3 in region.countries}


def region_of(iso3: str) -> str | None:
    """The region id of country ``iso3`` (any case), ``None`` when it has none."""
    return _by_country().get(iso3.upper())


def region_label(region_id: str, language: str) -> str:
    """The name of region ``region_id`` in ``language`` (English when not translated).
    Raises ``KeyError`` for an unknown region id."""
    for region in regions():
        if region.id == region_id:
            return region.label.get(language) or region.label["en"]
    raise KeyError(region_id)
