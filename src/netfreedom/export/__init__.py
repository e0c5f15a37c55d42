"""Exports of stored assessments: CSV, XLSX, JSON."""

from .tabular import assessment_row, columns, write_csv, write_json, write_xlsx

__all__ = ["assessment_row", "columns", "write_csv", "write_json", "write_xlsx"]
