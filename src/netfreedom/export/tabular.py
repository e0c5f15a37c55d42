"""Assessments as rows: CSV, XLSX and JSON downloads.

One row per assessment; columns ``country, iso3, edition, language, scale, status, total``,
one column per category (``A, B, C``) and one per indicator (``A1`` … ``C8``), the ids
taken from the current methodology, then context and provenance: ``methodology,
coverage_start, coverage_end, previous_total, previous_status, errors, warnings,
source_file, source_sha256, reader``. Scores are as published (see the ``scale`` column);
``errors``/``warnings`` count the checks' findings of that severity.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook

from netfreedom.methodology import CURRENT, load_methodology
from netfreedom.model.assessment import Assessment, Severity, severity_counts

FIXED_COLUMNS = ("country", "iso3", "edition", "language", "scale", "status", "total")
CONTEXT_COLUMNS = (
    "methodology", "partial", "coverage_start", "coverage_end", "previous_total", "previous_status",
    "errors", "warnings", "source_file", "source_sha256", "reader",
)  # fmt: skip


def columns() -> list[str]:
    """Column names in order: fixed ones, category ids, indicator ids, context columns."""
    methodology = load_methodology(CURRENT)
    return [*FIXED_COLUMNS, *(c.id for c in methodology.categories), *methodology.indicator_ids, *CONTEXT_COLUMNS]


def assessment_row(assessment: Assessment) -> dict[str, Any]:
    """One assessment as a flat row keyed by :func:`columns` (missing values are ``None``)."""
    row: dict[str, Any] = dict.fromkeys(columns())
    row.update(
        country=assessment.country.name,
        iso3=assessment.country.iso3,
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
        coverage_start=assessment.coverage.start.isoformat() if assessment.coverage else None,
        coverage_end=assessment.coverage.end.isoformat() if assessment.coverage else None,
        previous_total=assessment.previous.total,
        previous_status=assessment.previous.status.value if assessment.previous.status else None,
        errors=severity_counts(assessment.findings)[Severity.ERROR],
        warnings=severity_counts(assessment.findings)[Severity.WARNING],
        source_file=provenance.file_name if provenance else None,
        source_sha256=provenance.sha256 if provenance else None,
        reader=f"{provenance.reader} {provenance.reader_version}" if provenance else None,
    )
    for category_id, category in assessment.categories.items():
        if category_id in row:
            row[category_id] = category.score
    for indicator in assessment.indicators:
        if indicator.id in row and row[indicator.id] is None:
            row[indicator.id] = indicator.score
    return row


FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """``value`` made inert for spreadsheets: a text cell starting with ``=``, ``+``, ``-``,
    ``@``, tab or carriage return (which Excel and LibreOffice would run as a formula, e.g.
    a file name such as ``=HYPERLINK(...)``) gets a leading apostrophe. Numbers are kept."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def write_csv(assessments: Iterable[Assessment], stream: IO[str]) -> int:
    """Write CSV with a header row to ``stream``; returns the number of data rows."""
    writer = csv.DictWriter(stream, fieldnames=columns(), lineterminator="\n")
    writer.writeheader()
    count = 0
    for assessment in assessments:
        writer.writerow({k: "" if v is None else spreadsheet_safe(v) for k, v in assessment_row(assessment).items()})
        count += 1
    return count


def write_xlsx(assessments: Iterable[Assessment], path: str | Path) -> int:
    """Write one worksheet "assessments" to ``path``; returns the number of data rows."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "assessments"
    names = columns()
    sheet.append(names)
    count = 0
    for assessment in assessments:
        row = assessment_row(assessment)
        sheet.append([spreadsheet_safe(row[name]) for name in names])
        count += 1
    sheet.freeze_panes = "A2"
    workbook.save(str(path))
    return count


def write_json(assessments: Iterable[Assessment], stream: IO[str]) -> int:
    """Write a JSON array of whole assessments; returns how many were written."""
    items = [a.model_dump(mode="json") for a in assessments]
    json.dump(items, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
    return len(items)
