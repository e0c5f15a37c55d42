"""Assessments exported as JSON, read back for a round trip.

Accepted: the JSON array that ``netfreedom export --format json`` writes, a single
assessment object (``netfreedom show --json``), and JSON Lines as ``check --json`` and
``ingest --json`` print them (one assessment per line; the ``ingest`` member that ``ingest
--json`` adds is dropped, and ``{"file": ..., "error": ...}`` lines, which record a file that
could not be read, are skipped). Each element is validated as an
:class:`~netfreedom.model.assessment.Assessment` and kept as it is: provenance, findings and all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from netfreedom.errors import ReadError
from netfreedom.ingest.formats.decode import decode_report
from netfreedom.model.assessment import Assessment

__all__ = ["JSON_IMPORT_READER", "ImportedItem", "read_assessments_json"]

JSON_IMPORT_READER = "json-import"
"""The name the batch summaries give to assessments imported from JSON."""

_ERROR_RECORD_KEYS = {"file", "error", "item"}


@dataclass(frozen=True)
class ImportedItem:
    """One element of a JSON file: ``where`` it stands (``item 3`` in an array, ``line 3`` in
    JSON Lines) and either the valid ``assessment`` or a one-line ``error`` (which does not
    repeat ``where``)."""

    where: str
    assessment: Assessment | None = None
    error: str | None = None


def _validate(where: str, value: Any) -> ImportedItem:
    if not isinstance(value, dict):
        return ImportedItem(where, error=f"not a JSON object but {type(value).__name__}")
    value = {k: v for k, v in value.items() if k != "ingest"}
    try:
        assessment = Assessment.model_validate(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        location = ".".join(str(p) for p in first["loc"]) or "document"
        message = " ".join(str(first["msg"]).split())
        count = exc.error_count()
        more = f" (and {count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
        return ImportedItem(where, error=f"not a valid assessment: {location}: {message}{more}")
    if assessment.country is None:
        return ImportedItem(where, error="not a valid assessment: country: no country is given")
    return ImportedItem(where, assessment=assessment)


def _is_error_record(value: Any) -> bool:
    return isinstance(value, dict) and "error" in value and set(value) <= _ERROR_RECORD_KEYS


def read_assessments_json(data: bytes) -> list[ImportedItem]:
    """Every assessment in a JSON export or JSON Lines file, in file order.

    An element that is not a valid assessment becomes an :class:`ImportedItem` with an
    ``error``; the others are unaffected. Raises :class:`ReadError` (one line) when the file
    is empty, not text, or not JSON at all.
    """
    text = decode_report(data).text
    try:
        document = json.loads(text)
    except ValueError as whole_error:
        lines = [(n, line) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
        values = []
        for number, line in lines:
            try:
                values.append((f"line {number}", json.loads(line)))
            except ValueError as exc:
                if number == lines[0][0]:
                    raise ReadError(f"the file is not valid JSON ({whole_error})") from None
                raise ReadError(f"line {number} is not valid JSON ({exc})") from None
    else:
        if isinstance(document, list):
            values = [(f"item {n}", value) for n, value in enumerate(document, start=1)]
        else:
            values = [("item 1", document)]
    return [_validate(where, value) for where, value in values if not _is_error_record(value)]
