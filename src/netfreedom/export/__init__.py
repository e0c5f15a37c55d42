"""Exports of stored assessments: CSV, XLSX, JSON and a Frictionless Data Package."""

from netfreedom.export.datapackage import (
    descriptor,
    write_datapackage,
    write_datapackage_zip,
)
from netfreedom.export.tabular import (
    ExportItem,
    assessment_row,
    card_row,
    columns,
    write_csv,
    write_json,
    write_rows_csv,
    write_xlsx,
)

__all__ = [
    "ExportItem",
    "assessment_row",
    "card_row",
    "columns",
    "descriptor",
    "write_csv",
    "write_datapackage",
    "write_datapackage_zip",
    "write_json",
    "write_rows_csv",
    "write_xlsx",
]
