"""Which row of a sheet is a table's header, and what its cells name.

A header row names a country (or ISO code) column and at least one score or status column
(:func:`is_header`); :func:`find_header` looks for the first such row at or after a given row,
reading every one of the first :data:`HEADER_SEARCH_ROWS` rows and, further down (a table under
a long methodology preamble), only rows that pass a cheap test. A header may take two rows
(:func:`is_band_row` above, :func:`is_subheader` below); a country column may have no label
(:func:`unlabelled_country_column`); a header row below a table starts another table
(:func:`starts_block`). Split out of :mod:`netfreedom.ingest.tables.layout`, which uses them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from netfreedom.ingest.tables.columns import NAME_COLUMN_WORDS, VALUE_FIELDS, is_missing, normalise
from netfreedom.ingest.tables.headers import HeaderCell, read_header
from netfreedom.ingest.tables.names import table_country
from netfreedom.ingest.tables.programmes import other_index
from netfreedom.methodology import CURRENT, load_methodology
from netfreedom.model.countries import UnknownCountryError

__all__ = [
    "HEADER_SEARCH_ROWS",
    "find_header",
    "header_cells",
    "is_band_row",
    "is_country",
    "is_header",
    "is_subheader",
    "starts_block",
    "unlabelled_country_column",
]

HEADER_SEARCH_ROWS = 30
"""How many rows from the top of a sheet (or of a table below another) are all read as
possible headers; rows further down are read only when a cheap test says they may be one."""

_CATEGORIES = frozenset(c.id for c in load_methodology(CURRENT).categories)


def header_cells(
    header: list[str], targets: Mapping[str, str | None], upper: list[str] | None = None
) -> list[HeaderCell | None]:
    """Each header cell read, the user's mapping first (a field of ``None``: an ignored
    column). ``upper`` is a second header row above (merged cells spread to the right): its
    cell gives the edition, and the field where the lower cell is empty."""
    width = max(len(header), len(upper or []))
    header = header + [""] * (width - len(header))
    spread = _spread(upper, width) if upper is not None else [""] * width
    read: list[HeaderCell | None] = []
    for lower_text, upper_text in zip(header, spread, strict=True):
        key = normalise(lower_text)
        if key in targets:
            read.append(HeaderCell(lower_text, targets[key]))
            continue
        if not lower_text and not upper_text:
            read.append(None)
            continue
        lower = read_header(lower_text) if lower_text else None
        above = read_header(upper_text) if upper_text else None
        text = f"{upper_text} {lower_text}".strip()
        if other_index(upper_text) is not None:  # "Status" under a merged "Freedom in the World 2024"
            read.append(HeaderCell(text, None))
            continue
        if lower is None:
            read.append(HeaderCell(text, above.field, above.edition, above.bare, above.scale) if above else None)
        elif above is None:
            read.append(lower)
        else:
            edition = lower.edition or above.edition
            bare = lower.bare or (lower.field is None and above.bare)
            name = lower.field
            if name == "total" and above.field in _CATEGORIES:
                name = above.field  # "Total" under a merged "Obstacles to Access": that category's subtotal
            read.append(HeaderCell(text, name, edition, bare and name is None, lower.scale or above.scale))
    return read


def _spread(row: list[str], width: int) -> list[str]:
    """A header row above another, each merged label carried right to the next label."""
    spread, current = [], ""
    for index in range(width):
        text = row[index] if index < len(row) else ""
        current = text or current
        spread.append(current)
    return spread


def is_band_row(row: list[str]) -> bool:
    """True for a row above the header that labels groups of its columns (editions or
    categories), not a title line: two or more labels, each naming an edition or a field."""
    labels = [t for t in row if t]
    if len(labels) < 2:
        return False
    read = [read_header(t) for t in labels]
    return all(c.field is not None or c.edition is not None for c in read)


def is_subheader(row: list[str], header: list[str]) -> bool:
    """True for a row just under the header that continues it (``A1 | A2 | ...`` under a
    merged ``Obstacles to Access``): no country, two or more cells, every one a header."""
    labels = [t for t in row if t]
    if len(labels) < 2:
        return False
    country_columns = [
        i for i, c in enumerate(header_cells(header, {})) if c is not None and c.field in ("country", "iso3")
    ]
    if any(i < len(row) and row[i] for i in country_columns):
        return False
    read = [read_header(t) for t in labels]
    return all(c.field is not None or c.bare for c in read)


def is_header(cells: list[HeaderCell | None]) -> bool:
    fields = {c.field for c in cells if c is not None}
    has_values = bool(fields & VALUE_FIELDS) or any(c is not None and c.bare for c in cells)
    return bool(fields & {"country", "iso3"}) and has_values


@lru_cache(maxsize=4096)
def is_country(text: str) -> bool:
    """True when ``text`` names a country as tables write names (cached: a sheet repeats its
    names and its footnote lines row after row)."""
    try:
        table_country(text)
    except UnknownCountryError:
        return False
    return True


_UNLABELLED_SAMPLE = 12
"""How many cells under an empty header cell are looked at to see whether they name countries."""


def unlabelled_country_column(rows: list[list[str]], targets: Mapping[str, str | None]) -> int | None:
    """The index of a header row whose country column has no label (``| Status | Total``
    over ``Kenya | PF | 66``): a row naming score or status columns, with an empty cell over
    a column whose first non-empty cells below (at least three, and two in three of them)
    are country names in rows that have a value in those columns. That cell is labelled
    ``Country`` in ``rows``; ``None`` when no row is such a header."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        values = [
            i for i, c in enumerate(header_cells(row, targets)) if c is not None and (c.field in VALUE_FIELDS or c.bare)
        ]
        if not values:
            continue
        width = max((len(r) for r in rows[index + 1 : index + 1 + _UNLABELLED_SAMPLE * 2]), default=0)
        for column in range(width):
            if column < len(row) and row[column]:
                continue
            below = [r for r in rows[index + 1 :] if column < len(r) and not is_missing(r[column])]
            sample = below[:_UNLABELLED_SAMPLE]
            countries = sum(
                is_country(r[column]) and any(i < len(r) and not is_missing(r[i]) for i in values) for r in sample
            )
            if len(sample) >= 3 and 3 * countries >= 2 * len(sample):
                rows[index] = row + [""] * (column + 1 - len(row))
                rows[index][column] = "Country"
                return index
    return None


def _may_name_countries(row: list[str], targets: Mapping[str, str | None]) -> bool:
    """A cheap test every header row passes: two or more cells, one of them holding a word
    of the country and code headers or named by the user's mapping as one."""
    filled = [text for text in row if text]
    if len(filled) < 2:
        return False
    for text in filled:
        words = normalise(text)
        if targets.get(words) in ("country", "iso3") or not NAME_COLUMN_WORDS.isdisjoint(words.split()):
            return True
    return False


def find_header(rows: list[list[str]], start: int = 0, targets: Mapping[str, str | None] | None = None) -> int | None:
    """``rows`` are cell texts (stripped); ``targets`` the user's mapping with normalised
    keys. The index of the first header row at or after ``start``: any of the first
    :data:`HEADER_SEARCH_ROWS` rows, then any row below (a table under a long methodology
    preamble) that passes :func:`_may_name_countries` first, so that a sheet of prose or of
    data without a header costs one cheap look per row; ``None`` when no row is a header."""
    targets = targets or {}
    for index in range(start, len(rows)):
        row = rows[index]
        if index >= start + HEADER_SEARCH_ROWS and not _may_name_countries(row, targets):
            continue
        if is_header(header_cells(row, targets)):
            return index
    return None


def starts_block(cells: list[str], targets: Mapping[str, str | None]) -> bool:
    """True for a row below a table that is the header of another table: it names a country
    column and a score or status column, and no cell of it is a country."""
    if sum(1 for text in cells if text) < 2:  # a header names a country column and a value column
        return False
    read = header_cells(cells, targets)
    return is_header(read) and not any(text and is_country(text) for text in cells)
