"""Rows of score tables: laid-out records -> :class:`ScoreRow` objects, or problems.

Used by :mod:`netfreedom.ingest.tables.reader`, whose docstring says what is accepted,
rejected and warned about. :class:`RowReader` works in two passes: :meth:`RowReader.parse`
reads each record's cells and the evidence of its scale that the record itself gives (a
scale cell, the header, the edition, the status band); :meth:`RowReader.finish` then decides
the rows still open from the rest of the file (other rows of the same sheet and edition, a
scale sentence, the ``--scale`` the user gave; see :mod:`netfreedom.ingest.tables.scales`),
drops rows repeated with equal values, numbers the remaining ones per country and edition
(``occurrence``) and rejects what stays undecided, naming it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from netfreedom.errors import UnknownCountryError
from netfreedom.ingest.tables.columns import (
    FIELDS,
    VALUE_FIELDS,
    is_missing,
    parse_edition,
    parse_number,
    parse_scale,
    parse_status,
)
from netfreedom.ingest.tables.layout import Record
from netfreedom.ingest.tables.names import table_country
from netfreedom.ingest.tables.scales import band_scales, scale_in_text
from netfreedom.methodology import (
    CURRENT,
    Scale,
    Status,
    edition_problem,
    load_methodology,
    methodology_for_edition,
    methodology_for_scale,
)
from netfreedom.model.countries import english_name, resolve_country
from netfreedom.model.observations import ObservedValue
from netfreedom.model.scoring import (
    STATUS,
    TOTAL,
    current_scale_value,
    field_maximum,
    is_indicator,
)

__all__ = ["RowProblem", "RowReader", "ScoreRow", "edition_problem"]


@dataclass(frozen=True)
class RowProblem:
    """Something wrong with one row: ``error`` rejects the row, ``warning`` keeps it.

    ``row`` is the 1-based row number in the file or sheet (as a spreadsheet shows it),
    ``sheet`` the worksheet's name (``None`` for a CSV); ``column`` the field concerned,
    when one is.
    """

    row: int
    severity: Literal["error", "warning"]
    message: str
    column: str | None = None
    sheet: str | None = None

    @property
    def where(self) -> str:
        """``"row 5"`` or ``"sheet 'FOTN 2018' row 5"``."""
        return f"sheet {self.sheet!r} row {self.row}" if self.sheet is not None else f"row {self.row}"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class ScoreRow:
    """One accepted row: a country's values for one edition, as published.

    ``values`` maps each numeric field (``total``, ``A``, ``A1``...) to its number on the
    published ``scale``; ``raw`` maps every given field, ``status`` included, to the cell
    text. ``occurrence`` counts earlier rows of the same file for the same country and
    edition with other values (0 for the first). ``scale_from`` says what decided the
    scale: ``column``, ``header``, ``edition``, ``band``, ``sheet`` (other rows of the
    sheet and edition), ``notes`` (a sentence in the file) or ``option`` (``--scale``).
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
    sheet: str | None = None
    scale_from: str = "column"

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
                    update={"field": name, "raw_value": self.raw[name], "published_value": number,
                            "max": field_maximum(name), "current_value": current, "converted": converted}
                )
            )  # fmt: skip
        return result


_SHOWN = 40
"""Most characters of a cell quoted in a problem message."""


def _shown(text: str) -> str:
    """``text`` quoted for a message, cut to :data:`_SHOWN` characters (a cell may hold a page)."""
    return repr(text if len(text) <= _SHOWN else f"{text[:_SHOWN]}…")


@dataclass
class _Parsed:
    """A record read, before its scale is decided: what :meth:`RowReader.finish` needs."""

    record: Record
    country: str | None
    iso3: str | None
    edition: int | None
    status: Status | None
    values: dict[str, int]
    given: dict[str, str]
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    scale: Scale | None = None
    scale_from: str = ""

    @property
    def needs_scale(self) -> bool:
        """True for a row with numbers whose scale nothing of its own decided."""
        return self.scale is None and bool(self.values)


class RowReader:
    """Turns laid-out records into :class:`ScoreRow` objects or problems (one per table).

    After :meth:`finish`: ``problems`` in row order, ``rejected_keys`` (iso3, edition,
    occurrence) of rejected rows whose key is known, ``ambiguous`` naming the rows rejected
    for want of a scale, ``unknown_countries`` the names that resolved to no country,
    ``duplicates`` how many rows repeated an earlier row's values.
    """

    def __init__(self, default_scale: Scale | None) -> None:
        self.default_scale = default_scale
        self.parsed: list[_Parsed] = []
        self.problems: list[RowProblem] = []
        self.rejected_keys: set[tuple[str, int, int]] = set()
        self.ambiguous: list[str] = []
        self.unknown_countries: list[str] = []
        self.duplicates = 0

    # -- first pass: one record -----------------------------------------------------------

    def parse(self, record: Record) -> None:
        """Read one record's cells and its own scale evidence."""
        given = {k: v for k, v in record.cells.items() if not is_missing(v)}
        parsed = _Parsed(record, given.get("country"), None, None, None, {}, given)

        def error(message: str, column: str | None = None) -> None:
            parsed.errors.append(RowProblem(record.row, "error", message, column, record.sheet))

        def warn(message: str, column: str | None = None) -> None:
            parsed.warnings.append(RowProblem(record.row, "warning", message, column, record.sheet))

        parsed.iso3 = self._country(given, warn, error)
        edition = parse_edition(given["edition"]) if "edition" in given else None
        if edition is None:
            error(
                f"edition {_shown(given['edition'])} is not a year" if "edition" in given else "no edition", "edition"
            )
        elif (problem := edition_problem(edition)) is not None:
            error(problem, "edition")
            edition = None
        parsed.edition = edition
        if STATUS in given:
            parsed.status = parse_status(given[STATUS])
            if parsed.status is None:
                error(f"status {_shown(given[STATUS])} is not free, partly free or not free", STATUS)
        for name in FIELDS:
            if name not in VALUE_FIELDS or name == STATUS or name not in given:
                continue
            value = parse_number(given[name])
            maximum = field_maximum(name)
            if value is None:
                error(f"{name} {_shown(given[name])} is not a whole number", name)
            elif maximum is not None and not 0 <= value <= maximum:
                error(f"{name} {value} is outside 0-{maximum}", name)
            else:
                parsed.values[name] = value
        if parsed.status is None and not parsed.values and not parsed.errors:
            error("no score and no status")
        self._own_scale(parsed, error, warn)
        self.parsed.append(parsed)

    @staticmethod
    def _own_scale(parsed: _Parsed, error: Callable[..., None], warn: Callable[..., None]) -> None:
        given, edition = parsed.given, parsed.edition
        first_current = load_methodology(CURRENT).first_edition
        if "scale" in given:
            parsed.scale = parse_scale(given["scale"]) or scale_in_text(given["scale"])
            if parsed.scale is None:
                error(f"scale {_shown(given['scale'])} is neither lower_is_freer (legacy) nor higher_is_freer", "scale")
                return
            parsed.scale_from = "column"
            if edition is not None and edition >= first_current and parsed.scale is Scale.LOWER_IS_FREER:
                warn(f"the scale column says lower_is_freer for the {edition} edition, published on the current "
                     "scale; kept as given", "scale")  # fmt: skip
        elif parsed.record.scale_hint is not None:
            parsed.scale, parsed.scale_from = parsed.record.scale_hint, "header"
        elif edition is not None and edition >= first_current:
            parsed.scale, parsed.scale_from = Scale.HIGHER_IS_FREER, "edition"
        elif parsed.status is not None and TOTAL in parsed.values:
            fitting = band_scales(parsed.status, parsed.values[TOTAL])
            if len(fitting) == 1:
                parsed.scale, parsed.scale_from = next(iter(fitting)), "band"
        if parsed.scale is None and not parsed.values and edition is not None:
            # a status alone is the same on either scale: the edition's era names it
            parsed.scale, parsed.scale_from = methodology_for_edition(edition).scale.direction, "edition"

    # -- second pass: the file ------------------------------------------------------------

    def finish(self, sheet_scale: Callable[[str | None], Scale | None], file_scale: Scale | None) -> list[ScoreRow]:
        """Decide the open scales, drop repeated rows, number occurrences; the accepted rows
        in file order. ``sheet_scale(sheet)`` is the scale a sheet's own prose states."""
        by_group: dict[tuple[str | None, int | None], set[Scale]] = defaultdict(set)
        for parsed in self.parsed:
            if parsed.scale_from == "band" and parsed.scale is not None:
                by_group[(parsed.record.sheet, parsed.edition)].add(parsed.scale)
        for parsed in self.parsed:
            if not parsed.needs_scale or parsed.errors:
                continue
            group = by_group.get((parsed.record.sheet, parsed.edition), set())
            if len(group) == 1:
                parsed.scale, parsed.scale_from = next(iter(group)), "sheet"
            elif (stated := sheet_scale(parsed.record.sheet) or file_scale) is not None:
                parsed.scale, parsed.scale_from = stated, "notes"
            elif self.default_scale is not None:
                parsed.scale, parsed.scale_from = self.default_scale, "option"
            else:
                name = self._shown_name(parsed)
                where = RowProblem(parsed.record.row, "error", "", sheet=parsed.record.sheet).where
                self.ambiguous.append(f"{name} {parsed.edition} ({where})")
                parsed.errors.append(RowProblem(
                    parsed.record.row, "error",
                    f"the published scale of {name} {parsed.edition} is unknown: nothing in the file decides "
                    "between the legacy and current scales; give --scale legacy or --scale current",
                    "scale", parsed.record.sheet,
                ))  # fmt: skip
        return self._accept()

    def _accept(self) -> list[ScoreRow]:
        accepted: list[ScoreRow] = []
        seen: dict[tuple[str, int], list[tuple[object, ...]]] = defaultdict(list)
        for parsed in self.parsed:
            if parsed.errors or parsed.iso3 is None or parsed.edition is None or parsed.scale is None:
                self.problems.extend(parsed.errors + parsed.warnings)
                if parsed.iso3 is not None and parsed.edition is not None:
                    self.rejected_keys.add((parsed.iso3, parsed.edition, len(seen[(parsed.iso3, parsed.edition)])))
                continue
            key = (parsed.iso3, parsed.edition)
            signature = (parsed.scale, parsed.status, tuple(sorted(parsed.values.items())),
                         parsed.given.get("source_url"), parsed.given.get("note"))  # fmt: skip
            if signature in seen[key]:
                self.duplicates += 1
                continue
            occurrence = len(seen[key])
            seen[key].append(signature)
            self._consistency(parsed)
            self.problems.extend(parsed.warnings)
            raw = {name: parsed.given[name] for name in (STATUS, *parsed.values) if name in parsed.given}
            accepted.append(ScoreRow(
                parsed.record.row, parsed.country, parsed.iso3, parsed.edition, occurrence, parsed.scale,
                parsed.status, parsed.values, raw, parsed.given.get("source_url"), parsed.given.get("note"),
                parsed.record.sheet, parsed.scale_from,
            ))  # fmt: skip
        self.problems.sort(key=lambda p: (p.sheet or "", p.row))
        return accepted

    # -- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _shown_name(parsed: _Parsed) -> str:
        if parsed.iso3 is not None:
            try:
                return english_name(parsed.iso3)
            except UnknownCountryError:
                pass
        return parsed.country or parsed.iso3 or "?"

    def _country(self, given: Mapping[str, str], warn: Callable[..., None], error: Callable[..., None]) -> str | None:
        by_name = None
        if "country" in given:
            try:
                by_name = table_country(given["country"]).iso3
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
                    error(f"ISO code {_shown(given['iso3'])} is not a country code", "iso3")
                return by_name
            if by_name is not None and by_name != by_code:
                warn(
                    f"country {_shown(given['country'])} is {by_name}, the ISO column says {by_code}; {by_code} is used",
                    "iso3",
                )
            return by_code
        if by_name is None:
            if "country" in given:
                if given["country"] not in self.unknown_countries:
                    self.unknown_countries.append(given["country"])
                error(f"unknown country {_shown(given['country'])}", "country")
            else:
                error("no country and no ISO code", "country")
        return by_name

    @staticmethod
    def _consistency(parsed: _Parsed) -> None:
        assert parsed.scale is not None
        scale, status, values = parsed.scale, parsed.status, parsed.values

        def warn(message: str, column: str | None = None) -> None:
            parsed.warnings.append(RowProblem(parsed.record.row, "warning", message, column, parsed.record.sheet))

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
