"""Country-editions as rows: CSV, XLSX and JSON downloads.

One row per stored report (country, edition, language) and one per country-edition known
only from score tables or news values (its scorecard: ``netfreedom.store.Scorecard`` as a
JSON-ready mapping, ``model_dump(mode="json")``). Columns ``country, iso3, edition,
language, scale, status, total``, one column per category (``A, B, C``) and one per
indicator (``A1`` … ``C8``), the ids taken from the current methodology, then context and
provenance: ``methodology, partial, missing, coverage_start, coverage_end, previous_total,
previous_status, errors, warnings, source_file, source_sha256, reader, source_kind,
source_url, source_note, value_sources``. Scores are as published (see the ``scale`` column);
``partial``/``missing`` say which printed values the row lacks (space-separated ``total``,
``status``, category and indicator ids), by the one rule of
:mod:`netfreedom.model.completeness`; ``errors``/``warnings`` count the checks' findings of
that severity (empty for table rows); ``source_kind`` is ``report``, ``table`` or ``news``.
The ``source_*`` columns describe the source of the row's total (its lead); a scorecard whose
other values come from other files lists every file with the fields it gave in
``value_sources`` (``fotn-scores.csv: total status; fotn-2024-country-score-data.xlsx: A A1 …
C C8``, fields in the methodology's order), from the mapping's ``value_sources`` (``Store.value_sources``).
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook

from netfreedom.methodology import CURRENT, LEGACY, load_methodology
from netfreedom.model.assessment import Assessment, Severity, severity_counts
from netfreedom.model.completeness import card_missing

FIXED_COLUMNS = ("country", "iso3", "edition", "language", "scale", "status", "total")
CONTEXT_COLUMNS = (
    "methodology", "partial", "missing", "coverage_start", "coverage_end", "previous_total", "previous_status",
    "errors", "warnings", "source_file", "source_sha256", "reader", "source_kind", "source_url", "source_note",
    "value_sources",
)  # fmt: skip

ExportItem = Assessment | Mapping[str, Any]
"""A stored report, or a table-only scorecard as a JSON-ready mapping."""


def columns() -> list[str]:
    """Column names in order: fixed ones, category ids, indicator ids, context columns."""
    methodology = load_methodology(CURRENT)
    return [*FIXED_COLUMNS, *(c.id for c in methodology.categories), *methodology.indicator_ids, *CONTEXT_COLUMNS]


def assessment_row(assessment: Assessment) -> dict[str, Any]:
    """One assessment as a flat row keyed by :func:`columns` (missing values are ``None``)."""
    row: dict[str, Any] = dict.fromkeys(columns())
    row.update(
        country=assessment.country.name if assessment.country else None,
        iso3=assessment.country.iso3 if assessment.country else None,
        edition=assessment.edition,
        language=assessment.language,
        scale=assessment.scale.value,
        status=assessment.status.value if assessment.status else None,
        total=assessment.total,
    )
    provenance = assessment.provenance
    row.update(
        methodology=assessment.methodology,
        partial=assessment.partial,
        missing=" ".join(assessment.missing_values()) or None,
        coverage_start=assessment.coverage.start.isoformat() if assessment.coverage else None,
        coverage_end=assessment.coverage.end.isoformat() if assessment.coverage else None,
        previous_total=assessment.previous.total,
        previous_status=assessment.previous.status.value if assessment.previous.status else None,
        errors=severity_counts(assessment.findings)[Severity.ERROR],
        warnings=severity_counts(assessment.findings)[Severity.WARNING],
        source_file=provenance.file_name if provenance else None,
        source_sha256=provenance.sha256 if provenance else None,
        reader=f"{provenance.reader} {provenance.reader_version}" if provenance else None,
        source_kind="report",
    )
    for category_id, category in assessment.categories.items():
        if category_id in row:
            row[category_id] = category.score
    for indicator in assessment.indicators:
        if indicator.id in row and row[indicator.id] is None:
            row[indicator.id] = indicator.score
    return row


def card_row(card: Mapping[str, Any]) -> dict[str, Any]:
    """A table-only scorecard (``Scorecard.model_dump(mode="json")``) as a flat row keyed by
    :func:`columns`: scores back on the published ``scale`` (values converted from the
    legacy scale are reflected again), indicators where a source gave them."""
    methodology = load_methodology(CURRENT)
    legacy = card.get("published_scale") == "lower_is_freer"
    converted = set(card.get("converted") or ())

    def published(field: str, value: int | None, maximum: int) -> int | None:
        return maximum - value if value is not None and field in converted else value

    missing = card_missing(
        edition=card["edition"],
        total=card.get("total"),
        status=card.get("status"),
        categories=card.get("categories") or {},
        indicators=card.get("indicators") or {},
        has_report=bool(card.get("report_languages")),
    )
    row: dict[str, Any] = dict.fromkeys(columns())
    row.update(
        country=card["country_name"],
        iso3=card["iso3"],
        edition=card["edition"],
        scale=card.get("published_scale") or "higher_is_freer",
        status=card.get("status"),
        total=published("total", card.get("total"), methodology.scale.max),
        methodology=LEGACY if legacy else CURRENT,
        partial=bool(missing),
        missing=" ".join(missing) or None,
        source_file=card.get("source_name"),
        source_sha256=card.get("source_sha256"),
        reader=f"{card['reader']} {card['reader_version']}" if card.get("reader") else None,
        source_kind=card.get("source_kind"),
        source_url=card.get("source_url"),
        source_note=card.get("source_note"),
        value_sources=value_sources_text(card.get("value_sources") or ()),
    )
    for category in methodology.categories:
        row[category.id] = published(category.id, (card.get("categories") or {}).get(category.id), category.max)
    for indicator_id, value in (card.get("indicators") or {}).items():
        if indicator_id in row:
            row[indicator_id] = value
    return row


def value_sources_text(sources: Iterable[Mapping[str, Any]]) -> str | None:
    """``ValueSource`` mappings as one cell: ``file: field field; other file: field …`` in
    their order (the lead first); ``None`` when there are none."""
    parts = [f"{source['name']}: {' '.join(source['fields'])}" for source in sources]
    return "; ".join(parts) or None


def item_row(item: ExportItem) -> dict[str, Any]:
    """The row of a report or of a table-only scorecard."""
    return assessment_row(item) if isinstance(item, Assessment) else card_row(item)


FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""Characters that make a spreadsheet read a cell as a formula (with their full-width forms,
which some spreadsheets fold to the ASCII ones)."""


def _lead(value: str) -> str:
    """``value`` without what a spreadsheet skips before looking for a formula: white space
    of any kind (spaces, no-break and ideographic spaces, newlines) and invisible format
    characters (zero-width space, byte-order mark)."""
    start = 0
    while start < len(value) and (value[start].isspace() or unicodedata.category(value[start]) in ("Cc", "Cf")):
        start += 1
    return value[start:]


def spreadsheet_safe(value: Any) -> Any:
    """``value`` made inert for spreadsheets: a text cell whose first visible character is
    ``=``, ``+``, ``-`` or ``@`` (or that starts with a tab, carriage return or newline),
    which Excel and LibreOffice could run as a formula (a file name such as
    ``=HYPERLINK(...)``, a country name `` =HYPERLINK(...)``), gets a leading apostrophe.
    Leading white space and newlines do not hide a formula. Numbers are kept."""
    if isinstance(value, str) and (value.startswith(FORMULA_LEADS) or _lead(value).startswith(FORMULA_LEADS)):
        return "'" + value
    return value


def write_csv(assessments: Iterable[ExportItem], stream: IO[str]) -> int:
    """Write CSV with a header row to ``stream``; returns the number of data rows."""
    writer = csv.DictWriter(stream, fieldnames=columns(), lineterminator="\n")
    writer.writeheader()
    count = 0
    for assessment in assessments:
        writer.writerow({k: "" if v is None else spreadsheet_safe(v) for k, v in item_row(assessment).items()})
        count += 1
    return count


def write_rows_csv(rows: Iterable[Mapping[str, Any]], columns: Iterable[str], stream: IO[str]) -> int:
    """Write any rows (mappings) as CSV with a header row of ``columns`` (in that order; other
    keys are left out), every text cell made :func:`spreadsheet_safe`, ``None`` as empty.
    Returns the number of data rows."""
    keys = list(columns)
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(keys)
    count = 0
    for row in rows:
        writer.writerow(["" if row.get(k) is None else spreadsheet_safe(row.get(k)) for k in keys])
        count += 1
    return count


def write_xlsx(assessments: Iterable[ExportItem], path: str | Path) -> int:
    """Write one worksheet "assessments" to ``path``; returns the number of data rows."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "assessments"
    names = columns()
    sheet.append(names)
    count = 0
    for assessment in assessments:
        row = item_row(assessment)
        sheet.append([spreadsheet_safe(row[name]) for name in names])
        count += 1
    sheet.freeze_panes = "A2"
    workbook.save(str(path))
    return count


def write_json(assessments: Iterable[ExportItem], stream: IO[str]) -> int:
    """Write a JSON array: whole assessments (as ``show --json``) and table-only scorecards
    (their mapping, with ``source_kind`` ``table`` or ``news``); returns how many."""
    items = [a.model_dump(mode="json") if isinstance(a, Assessment) else dict(a) for a in assessments]
    json.dump(items, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
    return len(items)
