"""Rows of score tables: the cells of one row -> a :class:`ScoreRow`, or problems.

Used by :mod:`netfreedom.ingest.tables.reader`, whose docstring says what is accepted, rejected
and warned about.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from netfreedom.ingest.tables.columns import (
    FIELDS,
    VALUE_FIELDS,
    is_missing,
    parse_edition,
    parse_number,
    parse_scale,
    parse_status,
)
from netfreedom.methodology import (
    CURRENT,
    Scale,
    Status,
    load_methodology,
    methodology_for_scale,
)
from netfreedom.model.countries import UnknownCountryError, resolve_country
from netfreedom.model.observations import ObservedValue
from netfreedom.model.scoring import (
    STATUS,
    TOTAL,
    current_scale_value,
    field_maximum,
    is_indicator,
)

__all__ = ["RowProblem", "RowReader", "ScoreRow"]


@dataclass(frozen=True)
class RowProblem:
    """Something wrong with one row: ``error`` rejects the row, ``warning`` keeps it.

    ``row`` is the 1-based row number in the file or sheet (as a spreadsheet shows it);
    ``column`` the field concerned, when one is.
    """

    row: int
    severity: Literal["error", "warning"]
    message: str
    column: str | None = None

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}"


@dataclass(frozen=True)
class ScoreRow:
    """One accepted row: a country's values for one edition, as published.

    ``values`` maps each numeric field (``total``, ``A``...) to its number on the
    published ``scale``; ``raw`` maps every given field, ``status`` included, to the cell
    text. ``occurrence`` counts earlier rows of the same table for the same country and
    edition (0 for the first).
    """

    row: int
    country: str | None
    iso3: str
    edition: int
    occurrence: int
    scale: Scale
    status: Status | None
    values: Mapping[str, int]
    raw: Mapping[str, str]
    source_url: str | None = None
    note: str | None = None

    def observed(self) -> list[ObservedValue]:
        """The row's values as observations-to-be, status first, then in field order."""
        common = ObservedValue(
            iso3=self.iso3,
            edition=self.edition,
            field=STATUS,
            raw_value="",
            published_scale=self.scale,
            occurrence=self.occurrence,
            row=self.row,
            source_url=self.source_url,
            note=self.note,
        )
        result = []
        if self.status is not None:
            result.append(common.model_copy(update={"raw_value": self.raw[STATUS], "status": self.status}))
        for name, number in self.values.items():
            current = current_scale_value(name, number, self.scale)
            converted = current is not None and self.scale is Scale.LOWER_IS_FREER
            result.append(
                common.model_copy(
                    update={
                        "field": name,
                        "raw_value": self.raw[name],
                        "published_value": number,
                        "max": field_maximum(name),
                        "current_value": current,
                        "converted": converted,
                    }
                )
            )
        return result


class RowReader:
    """Turns the cells of one row into a :class:`ScoreRow` or problems.

    One reader per table: it numbers repeated (country, edition) rows (``occurrence``) and
    collects ``problems`` and the ``rejected_keys`` of rejected rows whose key is known.
    """

    def __init__(self, default_scale: Scale | None) -> None:
        self.default_scale = default_scale
        self.seen: Counter[tuple[str, int]] = Counter()
        self.problems: list[RowProblem] = []
        self.rejected_keys: set[tuple[str, int, int]] = set()

    def read(self, number: int, cells: Mapping[str, str]) -> ScoreRow | None:
        """Row ``number`` (1-based) with its ``cells`` by field: the row, or ``None`` when
        it is rejected (its problems are recorded)."""
        errors: list[RowProblem] = []
        warnings: list[RowProblem] = []

        def error(message: str, column: str | None = None) -> None:
            errors.append(RowProblem(number, "error", message, column))

        def warn(message: str, column: str | None = None) -> None:
            warnings.append(RowProblem(number, "warning", message, column))

        given = {k: v for k, v in cells.items() if not is_missing(v)}
        country = given.get("country")
        iso3 = self._country(given, warn, error)
        edition = parse_edition(given["edition"]) if "edition" in given else None
        if edition is None:
            error(f"edition {given['edition']!r} is not a year" if "edition" in given else "no edition", "edition")
        occurrence = 0
        if iso3 is not None and edition is not None:
            occurrence = self.seen[(iso3, edition)]
            self.seen[(iso3, edition)] += 1
        scale = parse_scale(given["scale"]) if "scale" in given else self.default_scale
        if scale is None:
            if "scale" in given:
                error(f"scale {given['scale']!r} is neither lower_is_freer (legacy) nor higher_is_freer", "scale")
            else:
                error("the published scale is unknown: no scale column value and no default scale", "scale")
        status = None
        if STATUS in given:
            status = parse_status(given[STATUS])
            if status is None:
                error(f"status {given[STATUS]!r} is not free, partly free or not free", STATUS)
        values: dict[str, int] = {}
        for name in FIELDS:
            if name not in VALUE_FIELDS or name == STATUS or name not in given:
                continue
            value = parse_number(given[name])
            maximum = field_maximum(name)
            if value is None:
                error(f"{name} {given[name]!r} is not a whole number", name)
            elif maximum is not None and not 0 <= value <= maximum:
                error(f"{name} {value} is outside 0-{maximum}", name)
            else:
                values[name] = value
        if status is None and not values and not errors:
            error("no score and no status")
        if scale is not None and not errors:
            self._consistency(scale, status, values, warn)
        if errors:
            self.problems.extend(errors + warnings)
            if iso3 is not None and edition is not None:
                self.rejected_keys.add((iso3, edition, occurrence))
            return None
        self.problems.extend(warnings)
        assert iso3 is not None and edition is not None and scale is not None
        raw = {name: given[name] for name in (STATUS, *values) if name in given}
        return ScoreRow(number, country, iso3, edition, occurrence, scale, status, values, raw,
                        given.get("source_url"), given.get("note"))  # fmt: skip

    @staticmethod
    def _country(given: Mapping[str, str], warn: Any, error: Any) -> str | None:
        by_name = None
        if "country" in given:
            try:
                by_name = resolve_country(given["country"]).iso3
            except UnknownCountryError:
                by_name = None
        code = given.get("iso3", "").upper()
        if code:
            by_code: str | None
            try:
                by_code = resolve_country(code).iso3
            except UnknownCountryError:
                by_code = code if len(code) == 3 and code.isascii() and code.isalpha() else None
            if by_code is None:
                if by_name is None:
                    error(f"ISO code {given['iso3']!r} is not a country code", "iso3")
                return by_name
            if by_name is not None and by_name != by_code:
                warn(
                    f"country {given['country']!r} is {by_name}, the ISO column says {by_code}; {by_code} is used",
                    "iso3",
                )
            return by_code
        if by_name is None:
            error(
                f"unknown country {given['country']!r}" if "country" in given else "no country and no ISO code",
                "country",
            )
        return by_name

    @staticmethod
    def _consistency(scale: Scale, status: Status | None, values: Mapping[str, int], warn: Any) -> None:
        methodology = methodology_for_scale(scale)
        total = values.get(TOTAL)
        if status is not None and total is not None and methodology.status_for(total) is not status:
            warn(f"status {status.value} does not match a total of {total} on the {scale.value} scale "
                 f"({methodology.status_for(total).value}); kept as given", STATUS)  # fmt: skip
        categories = [c.id for c in load_methodology(CURRENT).categories]
        if total is not None and all(c in values for c in categories):
            added = sum(values[c] for c in categories)
            if added != total:
                warn(f"categories add up to {added}, the total is {total}", TOTAL)
        if scale is Scale.LOWER_IS_FREER and any(is_indicator(name) for name in values):
            warn("indicator scores on the legacy scale have no documented conversion; kept as published")
