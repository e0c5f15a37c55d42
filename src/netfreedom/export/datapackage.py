"""Stored assessments as a Frictionless Tabular Data Package (Data Package v1 descriptor).

The package holds one resource, ``assessments``: the CSV of :func:`~netfreedom.export.write_csv`
(one row per assessment; a column per category and indicator, then context and provenance
columns) saved as ``assessments.csv``
beside ``datapackage.json``; the resource path is relative to the descriptor, so the two
files must sit in the same folder (or at the same URL prefix).

The Table Schema is built from the methodology: a field per column of
:func:`~netfreedom.export.columns`, in the same order, with ``minimum``/``maximum``
constraints from the methodology maxima (the larger one where the current and legacy
methodologies differ, since a column holds both scale eras), ``enum`` constraints for
``scale``, ``status`` and ``methodology``, ``date`` fields for the coverage, and the primary
key (``iso3``, ``edition``, ``language``). Empty cells are missing values. A column added to
:func:`~netfreedom.export.columns` must get a field here, or :func:`table_schema` raises.

>>> descriptor()["resources"][0]["schema"]["primaryKey"]
['iso3', 'edition', 'language']
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from netfreedom.export.tabular import ExportItem, columns, write_csv
from netfreedom.methodology import (
    CURRENT,
    Methodology,
    Scale,
    Status,
    available_methodologies,
    load_methodology,
)

__all__ = [
    "DESCRIPTOR_NAME",
    "PRIMARY_KEY",
    "RESOURCE_PATH",
    "datapackage_json",
    "descriptor",
    "table_schema",
    "write_datapackage",
    "write_datapackage_zip",
]

DESCRIPTOR_NAME = "datapackage.json"
"""File name of the package descriptor."""

RESOURCE_PATH = "assessments.csv"
"""Path of the ``assessments`` resource, relative to the descriptor."""

PRIMARY_KEY = ("iso3", "edition", "language")
"""Columns that identify a row (the store's key of an assessment)."""

_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # constant entry times: same data, same zip bytes

_LICENSE = {
    "name": "other-closed",
    "title": (
        "The scores and status labels are Freedom House's, from its Freedom on the Net "
        "reports, and stay under Freedom House's terms of use: cite Freedom on the Net as "
        "the source and check those terms before republishing. This package claims no "
        "rights of its own over them; the netfreedom software that built it is MIT licensed."
    ),
}
_SOURCES = [
    {
        "title": "Freedom House, Freedom on the Net country reports (read by netfreedom)",
        "path": "https://freedomhouse.org/report/freedom-net",
    }
]


def _methodologies() -> list[Methodology]:
    return [load_methodology(m) for m in available_methodologies()]


def _field(name: str, kind: str, title: str, description: str, **constraints: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "title": title, "description": description, "constraints": constraints}


def _column_fields() -> dict[str, dict[str, Any]]:
    """Field descriptors of the columns that are not category or indicator scores."""
    methodologies = _methodologies()
    statuses = [s.value for s in Status]
    on_scale = {"minimum": min(m.scale.min for m in methodologies), "maximum": max(m.scale.max for m in methodologies)}
    first_edition = min(m.first_edition for m in methodologies)
    fields = [
        _field("country", "string", "Country", "Country name in English, as stored.", required=True),
        _field(
            "iso3",
            "string",
            "ISO code",
            "ISO 3166-1 alpha-3 code of the country (XAA-XZZ: user-assigned).",
            required=True,
            pattern="^[A-Z]{3}$",
        ),
        _field(
            "edition",
            "integer",
            "Edition",
            "Edition year of Freedom on the Net (its coverage ends in May of that year).",
            required=True,
            minimum=first_edition,
        ),
        _field(
            "language",
            "string",
            "Language",
            "Language of the report body the row was read from (ISO 639 code: en, ru); empty for a "
            "row known only from a score table or a news value.",
            pattern="^[a-z]{2,3}$",
        ),
        _field(
            "scale",
            "string",
            "Scale",
            "Direction of every score in the row: higher_is_freer (100 = most "
            "free, editions 2019 onward) or lower_is_freer (0 = most free, editions 2011-2018).",
            required=True,
            enum=[s.value for s in Scale],
        ),
        _field(
            "status",
            "string",
            "Status",
            "Status the report gives the country: free, partly_free or not_free; empty when not printed.",
            enum=statuses,
        ),
        _field(
            "total", "integer", "Total score", "Total score on the row's scale; empty when not printed.", **on_scale
        ),
        _field(
            "methodology",
            "string",
            "Methodology",
            "Methodology version the scores follow (fotn-2019: current scale; fotn-legacy: 2011-2018 scale).",
            required=True,
            enum=[m.id for m in methodologies],
        ),
        _field(
            "partial",
            "boolean",
            "Partial",
            "True when the report lacks a value its edition prints (status, total, a category score, or an "
            "indicator score from 2019 on): read from an excerpt or a damaged copy; for a row from a score "
            "table, True when the total, the status or a category score is missing.",
            required=True,
        ),
        _field(
            "missing",
            "string",
            "Missing values",
            "The values the edition prints that the row lacks, separated by spaces: total, status, category "
            "ids (A B C) and indicator ids (A1 ... C8); empty when the row is complete (partial is false).",
            pattern="^(total|status|[A-Z][0-9]*)( (total|status|[A-Z][0-9]*))*$",
        ),
        _field(
            "coverage_start", "date", "Coverage start", "First day the edition covers (ISO date); empty when unknown."
        ),
        _field("coverage_end", "date", "Coverage end", "Last day the edition covers (ISO date); empty when unknown."),
        _field(
            "previous_total",
            "integer",
            "Previous total",
            "Last year's total as the report prints it, on the row's scale; empty when not printed.",
            **on_scale,
        ),
        _field(
            "previous_status",
            "string",
            "Previous status",
            "Last year's status as the report prints it; empty when not printed.",
            enum=statuses,
        ),
        _field(
            "errors",
            "integer",
            "Errors",
            "Number of error findings of the checks (the report is broken where this is above 0); "
            "empty for a row from a score table.",
            minimum=0,
        ),
        _field(
            "warnings",
            "integer",
            "Warnings",
            "Number of warning findings of the checks (worth a look); empty for a row from a score table.",
            minimum=0,
        ),
        _field("source_file", "string", "Source file", "Name of the report file the row was read from."),
        _field(
            "source_sha256",
            "string",
            "Source SHA-256",
            "SHA-256 of the report file's bytes, 64 hex digits.",
            pattern="^[0-9a-fA-F]{64}$",
        ),
        _field("reader", "string", "Reader", "Name and version of the reader that read the report or table."),
        _field(
            "source_kind",
            "string",
            "Source kind",
            "Where the row's scores come from: report (a stored report), table (a score table such as "
            "Freedom House's workbook) or news (a score table row that quotes a news report).",
            required=True,
            enum=["report", "table", "news"],
        ),
        _field("source_url", "string", "Source address", "The address a score table gives for the row's values."),
        _field("source_note", "string", "Source note", "What a score table says about the row's provenance."),
        _field(
            "value_sources",
            "string",
            "Sources of the values",
            "For a row from score tables: every file that gave one of its values, with the fields it gave "
            "('fotn-scores.csv: total status; fotn-2024-country-score-data.xlsx: A A1 A2 ... C8'), the file "
            "of the total first; empty for a stored report.",
        ),
    ]
    return {f["name"]: f for f in fields}


def _score_maxima() -> dict[str, int]:
    """Category and indicator id -> the largest maximum any methodology gives it."""
    maxima: dict[str, int] = {}
    for methodology in _methodologies():
        for category in methodology.categories:
            pairs = [(category.id, category.max), *((i.id, i.max) for i in category.indicators)]
            for item_id, maximum in pairs:
                maxima[item_id] = max(maxima.get(item_id, 0), maximum)
    return maxima


def _score_field(name: str, maximum: int) -> dict[str, Any]:
    current = load_methodology(CURRENT)
    try:
        label = current.category(name).label["en"]
        what = f"Category {name} ({label}): sum of its indicators"
    except KeyError:
        label = current.indicator(name).topic["en"]
        what = f"Indicator {name} ({label}, category {current.category_of(name).id})"
    description = f"{what}, 0-{maximum} points on the row's scale; empty when not printed."
    return _field(name, "integer", f"{name}: {label}", description, minimum=0, maximum=maximum)


def table_schema() -> dict[str, Any]:
    """The Table Schema of ``assessments.csv``: ``{"fields": [...], "primaryKey": [...],
    "missingValues": [""]}``, one field per :func:`~netfreedom.export.columns` entry, in order.

    Raises ``KeyError`` for a column this module has no field for (a column added to the
    export must be described here too).
    """
    described, maxima = _column_fields(), _score_maxima()
    fields = []
    for name in columns():
        if name in described:
            fields.append(described[name])
        elif name in maxima:
            fields.append(_score_field(name, maxima[name]))
        else:
            raise KeyError(f"export column {name!r} has no field in the data package schema")
    return {"fields": fields, "primaryKey": list(PRIMARY_KEY), "missingValues": [""]}


def descriptor() -> dict[str, Any]:
    """The Data Package descriptor (a JSON-ready dict, the same for any stored data).

    Shape: ``{"profile": "tabular-data-package", "name", "title", "description",
    "keywords", "licenses", "sources", "resources": [{"name": "assessments", "path":
    "assessments.csv", ..., "schema": table_schema()}]}``.
    """
    return {
        "profile": "tabular-data-package",
        "name": "netfreedom",
        "title": "Freedom on the Net assessments",
        "description": (
            "Scores and statuses of the Freedom on the Net country reports stored by netfreedom: "
            "one row per country, edition and report language, with the total, the three "
            "category scores and the 21 indicator scores as published, then the coverage, last year's "
            "score, the number of check findings and the source file; plus one row per country and "
            "edition known only from a score table or a news value (source_kind). Scores before the "
            "2019 edition may be on the legacy scale (0 = most free): see the scale column."
        ),
        "keywords": ["internet freedom", "Freedom on the Net", "human rights", "censorship"],
        "licenses": [dict(_LICENSE)],
        "sources": [dict(s) for s in _SOURCES],
        "resources": [
            {
                "name": "assessments",
                "path": RESOURCE_PATH,
                "profile": "tabular-data-resource",
                "title": "Assessments",
                "description": "One row per stored report (country, edition, language) and per "
                "country-edition known only from score tables or news values.",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(),
            }
        ],
    }


def datapackage_json() -> str:
    """:func:`descriptor` as indented JSON text (UTF-8 safe, ends with a newline)."""
    return json.dumps(descriptor(), ensure_ascii=False, indent=2) + "\n"


def write_datapackage(assessments: Iterable[ExportItem], folder: str | Path) -> int:
    """Write ``datapackage.json`` and ``assessments.csv`` into ``folder`` (created if
    missing, files overwritten); returns the number of data rows. Raises ``OSError`` when
    the folder cannot be written."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    (target / DESCRIPTOR_NAME).write_text(datapackage_json(), encoding="utf-8")
    with (target / RESOURCE_PATH).open("w", encoding="utf-8", newline="") as stream:
        return write_csv(assessments, stream)


def write_datapackage_zip(assessments: Iterable[ExportItem], stream: IO[bytes]) -> int:
    """Write a zip holding ``datapackage.json`` and ``assessments.csv`` (top level, deflated,
    fixed entry times so equal data gives equal bytes) to the binary ``stream``; returns the
    number of data rows."""
    text = io.StringIO()
    count = write_csv(assessments, text)
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in ((DESCRIPTOR_NAME, datapackage_json()), (RESOURCE_PATH, text.getvalue())):
            entry = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, content.encode("utf-8"))
    return count
